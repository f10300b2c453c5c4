//! `config` in templates: the settings as Zola's `Config::serialize` gives them, so theme
//! templates that read `config.generate_feeds`, `config.taxonomies[0].name` or
//! `config.markdown.*` work unchanged.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::{Config, MarkdownConfig, Mode, TaxonomyConfig};
use crate::content::paths::{SlugStrategy, slugify_path};
use crate::front_value::FreeForm;

/// `config` in templates.
#[derive(Debug, Serialize)]
pub(crate) struct ConfigView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    /// The base URL, without a trailing slash.
    pub(crate) base_url: &'a str,
    /// `build`, `serve` or `check`.
    pub(crate) mode: Mode,
    pub(crate) default_language: &'a str,
    /// The languages other than the one being rendered, by code.
    pub(crate) languages: BTreeMap<&'a str, &'a FreeForm>,
    pub(crate) generate_feeds: bool,
    /// Zola 0.19's name for `generate_feeds`, which Zola still serializes.
    pub(crate) generate_feed: bool,
    pub(crate) feed_filenames: &'a [String],
    /// Zola 0.19's single feed, the first of `feed_filenames`, for themes that still read it.
    pub(crate) feed_filename: Option<&'a str>,
    pub(crate) taxonomies: Vec<TaxonomyView<'a>>,
    pub(crate) author: Option<&'a str>,
    pub(crate) build_search_index: bool,
    pub(crate) extra: &'a FreeForm,
    pub(crate) markdown: &'a MarkdownConfig,
    pub(crate) search: SearchView,
    pub(crate) generate_sitemap: bool,
    pub(crate) generate_robots_txt: bool,
    /// Zola's `exclude_paginated_pages_in_sitemap`; Quire lists no pagers in the sitemap.
    pub(crate) exclude_paginated_pages_in_sitemap: &'static str,
}

/// A taxonomy's settings, `config.taxonomies[i]`.
#[derive(Debug, Serialize)]
pub(crate) struct TaxonomyView<'a> {
    pub(crate) name: &'a str,
    pub(crate) slug: String,
    pub(crate) paginate_by: Option<usize>,
    pub(crate) paginate_path: &'a str,
    pub(crate) render: bool,
    pub(crate) feed: bool,
}

impl<'a> TaxonomyView<'a> {
    fn new(taxonomy: &'a TaxonomyConfig, strategy: SlugStrategy) -> Self {
        TaxonomyView {
            name: &taxonomy.name,
            slug: slugify_path(&taxonomy.name, strategy),
            paginate_by: taxonomy.paginate_by,
            paginate_path: &taxonomy.paginate_path,
            render: taxonomy.render,
            feed: taxonomy.feed,
        }
    }
}

/// `config.search`: Zola shows templates only the index format.
#[derive(Debug, Serialize)]
pub(crate) struct SearchView {
    pub(crate) index_format: &'static str,
}

impl<'a> ConfigView<'a> {
    /// The settings as templates of the default language see them.
    pub(crate) fn new(config: &'a Config) -> Self {
        ConfigView::in_language(config, &config.default_language)
    }

    /// The settings as templates of language `lang` see them: as in Zola, another
    /// language's title, description, feeds, taxonomies and search index are those of its
    /// `[languages.CODE]` table, and `languages` lists the others (the default one among
    /// them).
    pub(crate) fn in_language(config: &'a Config, lang: &str) -> Self {
        let own = config.language(lang);
        let mut languages: BTreeMap<&str, &FreeForm> = config
            .languages
            .iter()
            .filter(|(code, _)| code.as_str() != lang)
            .map(|(code, options)| (code.as_str(), options))
            .collect();
        if own.is_some() {
            languages
                .entry(config.default_language.as_str())
                .or_insert(&config.default_language_table);
        }
        let feed_filenames = config.feed_filenames_of(lang);
        let generate_feeds = own.map_or(config.generate_feeds, |o| o.generate_feeds);
        ConfigView {
            title: own.map_or(&config.title, |o| o.title.as_deref().unwrap_or_default()),
            description: own.map_or(&config.description, |o| {
                o.description.as_deref().unwrap_or_default()
            }),
            base_url: &config.base_url,
            mode: config.mode,
            default_language: &config.default_language,
            languages,
            generate_feeds,
            generate_feed: generate_feeds,
            feed_filename: feed_filenames.first().map(String::as_str),
            feed_filenames,
            taxonomies: config
                .taxonomies_of(lang)
                .iter()
                .map(|taxonomy| TaxonomyView::new(taxonomy, config.slugify.taxonomies))
                .collect(),
            author: config.author.as_deref(),
            build_search_index: own.map_or(config.build_search_index, |o| o.build_search_index),
            extra: &config.extra,
            markdown: &config.markdown,
            search: SearchView {
                index_format: config.search.index_format.name(),
            },
            generate_sitemap: config.generate_sitemap,
            generate_robots_txt: config.generate_robots_txt,
            exclude_paginated_pages_in_sitemap: "all",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_in_templates_has_zolas_keys() {
        let text = "base_url = \"https://example.org/\"\ntitle = \"T\"\nauthor = \"Ann\"\ngenerate_feeds = true\ntaxonomies = [{ name = \"Blog Tags\", paginate_by = 5, feed = true }]\n[languages.fr]\ntitle = \"Le site\"\n[extra]\nmenu = [1, 2]\n";
        let config = Config::parse_for_tests(text).0.expect("settings");
        let mut value = serde_json::to_value(ConfigView::new(&config)).expect("json");
        // The markdown settings are another module's contract.
        value.as_object_mut().map(|o| o.remove("markdown"));
        insta::assert_json_snapshot!(value);
    }
}
