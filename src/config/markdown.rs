//! The `[markdown]` settings: highlighting, anchors, smart punctuation and Zola's optional
//! features, with Zola's defaults.

use serde::{Deserialize, Serialize};

/// How Markdown is rendered. The defaults are Zola's: no heading anchor links, no smart
/// punctuation and no highlighting unless asked for.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub(crate) struct MarkdownConfig {
    /// Zola 0.22's highlighting settings; highlighting is on when this table is present.
    pub(crate) highlighting: Option<HighlightingConfig>,
    /// Zola 0.21's switch: highlight fenced code blocks with `highlight_theme`.
    pub(crate) highlight_code: bool,
    /// Zola 0.21's theme: a theme name for inline colours, or `css` for CSS classes with
    /// one stylesheet per entry of `highlight_themes_css`.
    pub(crate) highlight_theme: String,
    /// The stylesheets to write for `highlight_theme = "css"`, one per theme.
    pub(crate) highlight_themes_css: Vec<HighlightThemeCss>,
    /// Turn straight quotes, `--` and `...` into typographic ones.
    pub(crate) smart_punctuation: bool,
    /// Where headings get an anchor link; a section's front matter can say otherwise.
    pub(crate) insert_anchor_links: InsertAnchor,
    /// Turn GitHub emoji shortcodes such as `:tada:` into emoji.
    pub(crate) render_emoji: bool,
    /// A class for links to other sites (`http:` and `https:` URLs).
    pub(crate) external_links_class: Option<String>,
    /// Open links to other sites in a new tab (`target="_blank"`, with `rel="noopener"`).
    pub(crate) external_links_target_blank: bool,
    /// Add `rel="nofollow"` to links to other sites.
    pub(crate) external_links_no_follow: bool,
    /// Add `rel="noreferrer"` to links to other sites.
    pub(crate) external_links_no_referrer: bool,
    /// Add `rel="external"` to links to other sites (on by default, as in Zola 0.22).
    pub(crate) external_links_external: bool,
    /// Definition lists (`Term` then `: definition`).
    pub(crate) definition_list: bool,
    /// Footnotes gathered at the end of the page, numbered in order of reference, with links
    /// back to each reference.
    pub(crate) bottom_footnotes: bool,
    /// `loading="lazy" decoding="async"` on every image.
    pub(crate) lazy_async_image: bool,
    /// GitHub's alert blockquotes (`> [!NOTE]`, `> [!WARNING]`, ...).
    pub(crate) github_alerts: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlighting: None,
            highlight_code: false,
            highlight_theme: DEFAULT_HIGHLIGHT_THEME.to_string(),
            highlight_themes_css: Vec::new(),
            smart_punctuation: false,
            insert_anchor_links: InsertAnchor::None,
            render_emoji: false,
            external_links_class: None,
            external_links_target_blank: false,
            external_links_no_follow: false,
            external_links_no_referrer: false,
            external_links_external: true,
            definition_list: false,
            bottom_footnotes: false,
            lazy_async_image: false,
            github_alerts: false,
        }
    }
}

/// Zola 0.21's default `highlight_theme`.
pub(crate) const DEFAULT_HIGHLIGHT_THEME: &str = "base16-ocean-dark";

/// Where a heading's anchor link goes (Zola's `insert_anchor_links`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum InsertAnchor {
    /// No anchor link (the default).
    #[default]
    None,
    /// Before the heading's text.
    Left,
    /// After the heading's text.
    Right,
    /// The whole heading text is the link.
    Heading,
}

/// Zola 0.22's `[markdown.highlighting]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub(crate) struct HighlightingConfig {
    /// `inline` colours on each span (the default) or `class` with stylesheets.
    pub(crate) style: HighlightStyle,
    /// A single theme, for every colour scheme.
    pub(crate) theme: Option<String>,
    /// The theme for light colour schemes, with `dark_theme`.
    pub(crate) light_theme: Option<String>,
    /// The theme for dark colour schemes, with `light_theme`.
    pub(crate) dark_theme: Option<String>,
    /// Fail the build on a code block in a language no grammar knows.
    pub(crate) error_on_missing_language: bool,
    /// Extra TextMate grammars (accepted, not loaded: syntect reads Sublime syntaxes).
    pub(crate) extra_grammars: Vec<String>,
    /// Extra TextMate themes (accepted, not loaded).
    pub(crate) extra_themes: Vec<String>,
}

/// How highlighted code is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum HighlightStyle {
    /// `style="color: ..."` on each span.
    #[default]
    Inline,
    /// `class="z-..."` on each span, with `giallo.css` or `giallo-light.css` and
    /// `giallo-dark.css` written at the output root.
    Class,
}

/// A syntect theme and the stylesheet it is written to, relative to the output root.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]

pub(crate) struct HighlightThemeCss {
    pub(crate) theme: String,
    pub(crate) filename: String,
}
