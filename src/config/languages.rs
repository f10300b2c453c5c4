//! The site's other languages (`[languages.CODE]`), as Zola reads them: each with its own
//! title, description, feeds, taxonomies and search index.

use serde::Deserialize;

use super::{Config, TaxonomyConfig};
use crate::front_value::FreeForm;

/// What `[languages.CODE]` sets for one language other than the default.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub(crate) struct LanguageOptions {
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    /// Write feeds of this language's pages under `/CODE/`.
    pub(crate) generate_feeds: bool,
    /// The feeds to write; the site's when not set (Zola 0.22.1 does the same).
    pub(crate) feed_filenames: Vec<String>,
    /// This language's taxonomies (`/CODE/tags/`); the default language's do not apply.
    pub(crate) taxonomies: Vec<TaxonomyConfig>,
    /// Write `search_index.CODE.*` too.
    pub(crate) build_search_index: bool,
}

impl LanguageOptions {
    /// The options written under `[languages.CODE]`; keys Quire does not use are left to
    /// templates (`config.languages`).
    pub(crate) fn read(table: &FreeForm) -> Result<LanguageOptions, String> {
        serde_json::from_value(serde_json::Value::Object(table.0.clone()))
            .map_err(|error| error.to_string())
    }
}

/// The default language's `[languages]` entry as Zola fills it in from the top-level
/// settings: title, description, feeds, search index, taxonomies and translations.
pub(super) fn default_language_table(config: &Config) -> FreeForm {
    let value = serde_json::json!({
        "title": config.title,
        "description": config.description,
        "generate_feeds": config.generate_feeds,
        "feed_filenames": config.feed_filenames,
        "build_search_index": config.build_search_index,
        "taxonomies": config.taxonomies,
        "translations": config.translations,
    });
    match value {
        serde_json::Value::Object(map) => FreeForm(map),
        _ => FreeForm::default(),
    }
}

impl Config {
    /// True when `[languages]` names a language other than the default one.
    pub(crate) fn is_multilingual(&self) -> bool {
        self.other_languages().next().is_some()
    }

    /// The codes of the languages other than the default one, in code order.
    pub(crate) fn other_languages(&self) -> impl Iterator<Item = &str> {
        self.languages
            .keys()
            .map(String::as_str)
            .filter(|code| *code != self.default_language)
    }

    /// Every language of the site, the default one first.
    pub(crate) fn all_languages(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.default_language.as_str()).chain(self.other_languages())
    }

    /// The options of language `code` (an other language's; the default one has none).
    pub(crate) fn language(&self, code: &str) -> Option<&LanguageOptions> {
        self.language_options.get(code)
    }

    /// The path prefix of language `code`'s pages: `""` for the default one, `/fr` for `fr`.
    pub(crate) fn language_prefix(&self, code: &str) -> String {
        if code == self.default_language {
            String::new()
        } else {
            format!("/{code}")
        }
    }

    /// The feeds of language `code`.
    pub(crate) fn feed_filenames_of(&self, code: &str) -> &[String] {
        match self.language(code) {
            Some(options) if !options.feed_filenames.is_empty() => &options.feed_filenames,
            _ => &self.feed_filenames,
        }
    }

    /// The taxonomies of language `code`.
    pub(crate) fn taxonomies_of(&self, code: &str) -> &[TaxonomyConfig] {
        match self.language(code) {
            Some(options) => &options.taxonomies,
            None => &self.taxonomies,
        }
    }
}
