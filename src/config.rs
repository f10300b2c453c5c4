//! Site settings from `zola.toml` or `config.toml`, typed, with documented defaults. Unknown
//! keys are warnings (a Zola config builds unchanged), keys of older Zola versions are read
//! under their current names, and a theme's `[extra]` fills in what the site's leaves out; a
//! missing or malformed file is an error with line and column.

mod ignored;
mod languages;
mod legacy;
mod markdown;
pub(crate) mod theme;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::paths::SlugStrategy;
use crate::error::{Diagnostic, Diagnostics, Location, collect};
use crate::front_value::{self, FreeForm};
use crate::schema::{SchemaConfig, Schemas};
pub(crate) use ignored::Ignored;
use languages::LanguageOptions;

pub(crate) use markdown::{
    DEFAULT_HIGHLIGHT_THEME, HighlightStyle, HighlightThemeCss, InsertAnchor, MarkdownConfig,
};

/// The name of the settings file at the site root.
pub(crate) const CONFIG_FILE: &str = "config.toml";

/// Zola's newer name for the settings file, read first when a site has it.
pub(crate) const ZOLA_CONFIG_FILE: &str = "zola.toml";

/// The settings file of the site at `root`: `zola.toml` when there is one, else `config.toml`.
pub(crate) fn config_file_name(root: &Path) -> &'static str {
    if root.join(ZOLA_CONFIG_FILE).is_file() {
        ZOLA_CONFIG_FILE
    } else {
        CONFIG_FILE
    }
}

/// What Quire is running for, as `config.mode` tells templates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// `quire build`.
    #[default]
    Build,
    /// `quire serve`.
    Serve,
    /// `quire check`.
    Check,
}

/// Everything `config.toml` can say.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct Config {
    /// The site's name, shown in titles and feeds.
    pub(crate) title: String,
    /// A one-sentence description of the site.
    pub(crate) description: String,
    /// The absolute URL the site is served from, with any sub-path (`https://example.org/docs/`).
    pub(crate) base_url: String,
    /// The language of the content, as a BCP 47 tag (`en`).
    pub(crate) default_language: String,
    /// The other languages of the site, by code, as written (`[languages.fr]`); templates see
    /// them as `config.languages`.
    pub(crate) languages: BTreeMap<String, FreeForm>,
    /// `languages` read into what Quire uses of them, when the settings were read.
    #[serde(skip)]
    pub(crate) language_options: BTreeMap<String, LanguageOptions>,
    /// The default language's entry of `config.languages` for templates of the others, made
    /// from the top-level settings as Zola makes it.
    #[serde(skip)]
    pub(crate) default_language_table: FreeForm,
    /// The theme under `themes/` whose templates, static files and Sass the site builds on.
    pub(crate) theme: Option<String>,
    /// The site's default author, `config.author` in templates.
    pub(crate) author: Option<String>,
    /// Compile `sass/**/*.scss` and `*.sass` (and the theme's) to CSS beside the static files.
    pub(crate) compile_sass: bool,
    /// The taxonomies pages can be classified by (`tags`, ...).
    pub(crate) taxonomies: Vec<TaxonomyConfig>,
    /// Markdown rendering and code highlighting.
    pub(crate) markdown: MarkdownConfig,
    /// Write Atom/RSS feeds of the whole site.
    pub(crate) generate_feeds: bool,
    /// The feeds to write: `atom.xml`, `rss.xml`, or templates of the site by other names.
    pub(crate) feed_filenames: Vec<String>,
    /// The most entries a feed holds; all when absent.
    pub(crate) feed_limit: Option<usize>,
    /// Put each page's `full` content in feeds, or its `summary` (falling back to content).
    pub(crate) feed_content: FeedContent,
    /// List pages dated in the future in sections, taxonomies and feeds (they are built
    /// either way).
    pub(crate) future_pages_in_lists: bool,
    /// Write a full-text search index in `search.index_format` (Zola's key).
    pub(crate) build_search_index: bool,
    /// What the search index holds (Zola's `[search]`); templates see `config.search.index_format`.
    pub(crate) search: SearchConfig,
    /// Write `sitemap.xml`.
    pub(crate) generate_sitemap: bool,
    /// Write `robots.txt`.
    pub(crate) generate_robots_txt: bool,
    /// Quire's own: write a `_headers` file (Netlify, Cloudflare Pages) with
    /// `content_security_policy` and long caching for hashed copies. A site's own
    /// `static/_headers` is copied instead.
    pub(crate) generate_headers: bool,
    /// Quire's own: give each stylesheet and script a minified copy whose name carries its
    /// content hash (`style.3f2a9c1e.css`), which `get_url(..., cachebust=true)` links to.
    pub(crate) hashed_assets: bool,
    /// Quire's own: links within the site are root-relative in HTML (`/502/` rather than
    /// `https://example.org/502/`), so a copy served elsewhere works; canonical links, meta
    /// values, JSON-LD, feeds and the sitemap keep the full address.
    pub(crate) root_relative_urls: bool,
    /// Minify every HTML file written, as Zola's `minify_html` does.
    pub(crate) minify_html: bool,
    /// Quire's own: write each page's Markdown at its URL plus `index.html.md`, and
    /// `/llms.txt` listing them (the llms.txt convention).
    pub(crate) generate_markdown_alternates: bool,
    /// How file names, taxonomy terms and headings become URLs and anchors (Zola's).
    pub(crate) slugify: SlugifyConfig,
    /// Globs of files under `content/` to leave out, pages and assets alike (Zola's).
    pub(crate) ignored_content: Vec<String>,
    /// Globs of files under `static/` (the site's and its theme's) not to copy (Zola's).
    pub(crate) ignored_static: Vec<String>,
    /// `ignored_content` compiled when the settings were read.
    #[serde(skip)]
    pub(crate) ignored_content_globs: Ignored,
    /// `ignored_static` compiled when the settings were read.
    #[serde(skip)]
    pub(crate) ignored_static_globs: Ignored,
    /// The Content-Security-Policy sent by the generated `_headers` file.
    pub(crate) content_security_policy: String,
    /// Free-form settings for templates, available as `config.extra`.
    pub(crate) extra: FreeForm,
    /// The default language's strings for `trans(key=...)` (Zola's `[translations]`; other
    /// languages' are under `[languages.CODE.translations]`).
    #[serde(skip_serializing)]
    pub(crate) translations: FreeForm,
    /// Front matter schemas as written (`[schemas.NAME]`); see [`crate::schema`].
    #[serde(rename = "schemas", skip_serializing)]
    pub(crate) schema_declarations: BTreeMap<String, SchemaConfig>,
    /// The schemas compiled from `schema_declarations` when the settings were read.
    #[serde(skip)]
    pub schemas: Schemas,
    /// What Quire is running for; set by the command, never read from the file.
    #[serde(skip)]
    pub(crate) mode: Mode,
}

/// Zola's `[slugify]` settings.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default)]
pub(crate) struct SlugifyConfig {
    /// Page file names and `slug` values.
    pub(crate) paths: SlugStrategy,
    /// Keep a file name's date prefix in its slug (`2016-10-08-a-post`).
    pub(crate) paths_keep_dates: bool,
    /// Taxonomy names and terms.
    pub(crate) taxonomies: SlugStrategy,
    /// Heading anchors.
    pub(crate) anchors: SlugStrategy,
}

/// Zola's `[search]` settings.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default)]
pub(crate) struct SearchConfig {
    /// Put page titles in the index.
    pub(crate) include_title: bool,
    /// Put page content in the index.
    pub(crate) include_content: bool,
    /// Cut content to this many characters.
    pub(crate) truncate_content_length: Option<usize>,
    /// Put page descriptions in the index.
    pub(crate) include_description: bool,
    /// Put page dates in the index.
    pub(crate) include_date: bool,
    /// Put page paths in the index.
    pub(crate) include_path: bool,
    /// The kind of index written.
    pub(crate) index_format: IndexFormat,
}

/// The search index formats: Zola's four, and Pagefind's bundle, which Quire adds.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum IndexFormat {
    /// `search_index.LANG.js` (`window.searchIndex = ...`) and `elasticlunr.min.js`.
    #[default]
    ElasticlunrJavascript,
    /// `search_index.LANG.json` and `elasticlunr.min.js`.
    ElasticlunrJson,
    /// `search_index.LANG.js` holding a Fuse.js list.
    FuseJavascript,
    /// `search_index.LANG.json` holding a Fuse.js list.
    FuseJson,
    /// A Pagefind bundle in `pagefind/`, indexed from the built HTML.
    Pagefind,
}

impl IndexFormat {
    /// The name `config.toml` and templates use (`elasticlunr_javascript`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            IndexFormat::ElasticlunrJavascript => "elasticlunr_javascript",
            IndexFormat::ElasticlunrJson => "elasticlunr_json",
            IndexFormat::FuseJavascript => "fuse_javascript",
            IndexFormat::FuseJson => "fuse_json",
            IndexFormat::Pagefind => "pagefind",
        }
    }

    /// True when the index is made from the pages' rendered Markdown, as Zola makes it
    /// (Pagefind reads the written HTML instead).
    pub(crate) fn reads_bodies(self) -> bool {
        self != IndexFormat::Pagefind
    }
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            include_title: true,
            include_content: true,
            truncate_content_length: None,
            include_description: false,
            include_date: false,
            include_path: false,
            index_format: IndexFormat::default(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            description: String::new(),
            base_url: String::new(),
            default_language: "en".to_string(),
            languages: BTreeMap::new(),
            language_options: BTreeMap::new(),
            default_language_table: FreeForm::default(),
            theme: None,
            author: None,
            compile_sass: false,
            taxonomies: Vec::new(),
            markdown: MarkdownConfig::default(),
            generate_feeds: false,
            feed_filenames: vec!["atom.xml".to_string()],
            feed_limit: None,
            feed_content: FeedContent::Full,
            future_pages_in_lists: true,
            build_search_index: false,
            search: SearchConfig::default(),
            generate_sitemap: true,
            generate_robots_txt: true,
            generate_headers: false,
            hashed_assets: false,
            root_relative_urls: false,
            minify_html: false,
            generate_markdown_alternates: false,
            slugify: SlugifyConfig::default(),
            ignored_content: Vec::new(),
            ignored_static: Vec::new(),
            ignored_content_globs: Ignored::default(),
            ignored_static_globs: Ignored::default(),
            content_security_policy: DEFAULT_CSP.to_string(),
            extra: FreeForm::default(),
            translations: FreeForm::default(),
            schema_declarations: BTreeMap::new(),
            schemas: Schemas::default(),
            mode: Mode::Build,
        }
    }
}

/// A strict policy: everything from this site only, no inline scripts or styles.
/// `'wasm-unsafe-eval'` lets the search index's WebAssembly run; it allows no script text.
pub(crate) const DEFAULT_CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// What feeds carry of each page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum FeedContent {
    Full,
    Summary,
}

/// One taxonomy, such as `tags`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]

pub(crate) struct TaxonomyConfig {
    /// The name used in front matter (`[taxonomies] tags = [...]`) and in URLs (`/tags/`).
    pub(crate) name: String,
    /// Pages per term page; no pagination when absent.
    #[serde(default)]
    pub(crate) paginate_by: Option<usize>,
    /// The folder of later term pages: `/tags/rust/page/2/`.
    #[serde(default = "default_paginate_path")]
    pub(crate) paginate_path: String,
    /// Whether each term gets its own feeds.
    #[serde(default)]
    pub(crate) feed: bool,
    /// Whether the taxonomy's list and term pages are written (Zola's `render`).
    #[serde(default = "yes")]
    pub(crate) render: bool,
}

fn yes() -> bool {
    true
}

impl TaxonomyConfig {
    /// A taxonomy with default settings, for unit tests.
    #[cfg(test)]
    pub(crate) fn named(name: &str) -> Self {
        TaxonomyConfig {
            name: name.to_string(),
            paginate_by: None,
            paginate_path: default_paginate_path(),
            feed: false,
            render: true,
        }
    }
}

fn default_paginate_path() -> String {
    "page".to_string()
}

impl Config {
    /// Reads `zola.toml` or `config.toml` from the site root, with the theme's `[extra]`
    /// under the site's; `shown_root` is how the root is named in diagnostics. Warnings (and
    /// errors in schemas) go to `diagnostics`; `None` when the settings cannot be used.
    pub(crate) fn load(
        root: &Path,
        shown_root: &Path,
        diagnostics: &mut Diagnostics,
    ) -> Option<Config> {
        let name = config_file_name(root);
        let path = shown_root.join(name);
        let text = std::fs::read_to_string(root.join(name)).map_err(|error| {
            let diagnostic = Diagnostic::io(&path, "read the site settings", &error);
            if error.kind() == std::io::ErrorKind::NotFound {
                diagnostic.with_hint(
                    "every site needs a config.toml at its root with at least `base_url = \"https://example.org/\"`; pass --root to build a site in another folder",
                )
            } else {
                diagnostic
            }
        });
        let text = collect(text, diagnostics)?;
        let mut config = Config::parse(&path, &text, diagnostics)?;
        if let Some(name) = &config.theme {
            let defaults = collect(theme::theme_extra(root, shown_root, name), diagnostics)?;
            theme::merge_under(&mut config.extra, defaults);
        }
        Some(config)
    }

    /// Parses the text of `config.toml`; `path` is only used in diagnostics. Unknown and
    /// older keys are warnings and broken schemas errors, in `diagnostics` beside the
    /// settings; `None` when the text is not valid settings.
    pub(crate) fn parse(path: &Path, text: &str, diagnostics: &mut Diagnostics) -> Option<Config> {
        let text = crate::content::document::strip_bom(text);
        let parsed = front_value::parse_toml::<Config>(text).map_err(|error| {
            Diagnostic::error(path, format!("invalid settings: {}", error.message))
                .at_opt(error.offset.map(|offset| Location::of_offset(text, offset)))
                .with_hint("fix the TOML syntax or value at that place in config.toml")
        });
        let (mut config, unknown_keys) = collect(parsed, diagnostics)?;
        legacy::carry_over(&mut config, text, &unknown_keys, path, diagnostics);
        diagnostics.extend(
            unknown_keys
                .into_iter()
                .filter(|key| !legacy::is_renamed(key))
                .map(|key| {
                    Diagnostic::warning(path, format!("unknown setting `{key}` is ignored"))
                        .at_opt(front_value::line_of_key(text, &key))
                        .with_hint("check the spelling, or move free-form settings under [extra]")
                }),
        );
        collect(config.validate(path), diagnostics)?;
        // A broken schema is an error beside the settings, so every one is reported at once.
        config.schemas = Schemas::compile(&config.schema_declarations, path, text, diagnostics);
        config.ignored_content_globs = Ignored::compile(
            &config.ignored_content,
            "ignored_content",
            path,
            text,
            diagnostics,
        );
        config.ignored_static_globs = Ignored::compile(
            &config.ignored_static,
            "ignored_static",
            path,
            text,
            diagnostics,
        );
        Some(config)
    }

    fn validate(&mut self, path: &Path) -> Result<(), Diagnostic> {
        if self.base_url.trim().is_empty() {
            return Err(Diagnostic::error(path, "`base_url` is missing")
                .with_hint("add `base_url = \"https://example.org/\"` at the top of config.toml"));
        }
        self.base_url = normalize_base_url(&self.base_url);
        for code in self
            .other_languages()
            .map(str::to_string)
            .collect::<Vec<_>>()
        {
            let options = LanguageOptions::read(&self.languages[&code]).map_err(|why| {
                Diagnostic::error(
                    path,
                    format!("invalid settings of [languages.{code}]: {why}"),
                )
                .with_hint("see Zola's documentation of [languages] for the keys and their types")
            })?;
            self.language_options.insert(code, options);
        }
        self.default_language_table = languages::default_language_table(self);
        Ok(())
    }

    /// The settings `text` makes as `config.toml` (`None` when it makes none), with the
    /// diagnostics found, for unit tests.
    #[cfg(test)]
    pub(crate) fn parse_for_tests(text: &str) -> (Option<Config>, Vec<Diagnostic>) {
        let mut diagnostics = Diagnostics::default();
        let config = Config::parse(Path::new("config.toml"), text, &mut diagnostics);
        (config, diagnostics.into_iter().collect())
    }

    /// Settings for unit tests: a named site at `https://example.org/`.
    #[cfg(test)]
    pub(crate) fn for_tests() -> Config {
        Config {
            title: "Test site".to_string(),
            base_url: "https://example.org".to_string(),
            ..Config::default()
        }
    }

    /// The absolute URL of a site path such as `/500/`.
    pub(crate) fn permalink(&self, path: &str) -> String {
        format!("{}/{}", self.base_url, path.trim_start_matches('/'))
    }
}

/// Drops the trailing slash so that `base_url` + `/path/` never doubles it.
pub(crate) fn normalize_base_url(base_url: &str) -> String {
    base_url.trim().trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (Option<Config>, Vec<Diagnostic>) {
        Config::parse_for_tests(text)
    }

    #[test]
    fn minimal_config_gets_documented_defaults() {
        let (config, warnings) = parsed("base_url = \"https://example.org/\"\n");
        let config = config.unwrap();
        assert!(warnings.is_empty());
        assert_eq!(config.base_url, "https://example.org");
        assert_eq!(config.default_language, "en");
        assert!(!config.markdown.highlight_code);
        assert!(config.markdown.highlighting.is_none());
        assert!(!config.markdown.smart_punctuation);
        assert_eq!(config.markdown.insert_anchor_links, InsertAnchor::None);
    }

    #[test]
    fn zola_highlighting_and_anchor_settings_are_read() {
        let text = "base_url = \"https://example.org\"\n[markdown]\ninsert_anchor_links = \"right\"\n[markdown.highlighting]\nstyle = \"class\"\nlight_theme = \"github-light\"\ndark_theme = \"github-dark\"\n";
        let (config, warnings) = parsed(text);
        let config = config.unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(config.markdown.insert_anchor_links, InsertAnchor::Right);
        let highlighting = config.markdown.highlighting.unwrap();
        assert_eq!(highlighting.style, HighlightStyle::Class);
        assert_eq!(highlighting.dark_theme.as_deref(), Some("github-dark"));
    }

    #[test]
    fn unknown_keys_are_warnings_with_their_line() {
        let text = "base_url = \"https://example.org\"\ncompile_saas = true\n[markdown]\nrender_emojis = true\n";
        let (config, warnings) = parsed(text);
        assert!(config.is_some());
        let places: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(
            places,
            vec![
                "warning: config.toml:2:1: unknown setting `compile_saas` is ignored\n  hint: check the spelling, or move free-form settings under [extra]",
                "warning: config.toml:4:1: unknown setting `markdown.render_emojis` is ignored\n  hint: check the spelling, or move free-form settings under [extra]",
            ]
        );
    }

    #[test]
    fn malformed_toml_is_an_error_with_line_and_column() {
        let text = "base_url = \"https://example.org\"\ntitle = \n";
        let (config, problems) = parsed(text);
        assert!(config.is_none());
        let error = &problems[0];
        assert_eq!(error.location.map(|l| l.line), Some(2));
        assert!(error.message.starts_with("invalid settings"), "{error}");
    }

    #[test]
    fn missing_base_url_is_an_error_with_a_hint() {
        let (config, problems) = parsed("title = \"x\"\n");
        assert!(config.is_none());
        let error = &problems[0];
        assert_eq!(error.message, "`base_url` is missing");
        assert!(error.hint.is_some());
    }

    #[test]
    fn permalinks_keep_a_sub_path() {
        let config = parsed("base_url = \"https://example.org/docs/\"\n")
            .0
            .unwrap();
        assert_eq!(config.permalink("/500/"), "https://example.org/docs/500/");
    }
}
