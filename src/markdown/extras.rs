//! Zola's optional Markdown features, each off unless `[markdown]` turns it on: attributes on
//! links to other sites, emoji shortcodes, lazy images, definition lists and GitHub alerts.
//! (Footnotes gathered at the bottom are in `footnotes`.)

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::LazyLock;

use super::escape_attribute;
use crate::content::paths::SlugStrategy;

/// The optional features a render uses.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras<'a> {
    /// What links to other sites get.
    pub external_links: ExternalLinks<'a>,
    /// `:tada:` becomes 🎉 (GitHub's shortcodes).
    pub render_emoji: bool,
    /// Definition lists.
    pub definition_list: bool,
    /// Footnotes gathered at the end, numbered in order of first reference.
    pub bottom_footnotes: bool,
    /// `loading="lazy" decoding="async"` on every image.
    pub lazy_async_image: bool,
    /// `> [!NOTE]` and the other GitHub alerts become classed blockquotes.
    pub github_alerts: bool,
    /// How headings' text becomes their anchors (`[slugify] anchors`).
    pub anchor_slugs: SlugStrategy,
}

/// The attributes of links to other sites (`http:` and `https:` URLs), as Zola's
/// `external_links_*` settings give them.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExternalLinks<'a> {
    /// A `class` attribute.
    pub class: Option<&'a str>,
    /// `target="_blank"`, with `rel="noopener"`.
    pub target_blank: bool,
    /// `rel="nofollow"`.
    pub no_follow: bool,
    /// `rel="noreferrer"`.
    pub no_referrer: bool,
    /// `rel="external"`.
    pub external: bool,
}

impl ExternalLinks<'_> {
    /// True when links to other sites get anything pulldown-cmark would not write.
    pub(super) fn any(&self) -> bool {
        self.class.is_some()
            || self.target_blank
            || self.no_follow
            || self.no_referrer
            || self.external
    }

    /// The opening `<a>` tag of a link to `url`, attributes in Zola's order.
    pub(super) fn opening_tag(&self, url: &str, title: &str) -> String {
        let mut tag = String::from("<a ");
        if let Some(class) = self.class {
            let _ = write!(tag, "class=\"{}\" ", escape_attribute(class));
        }
        let rel: Vec<&str> = [
            (self.target_blank, "noopener"),
            (self.no_follow, "nofollow"),
            (self.no_referrer, "noreferrer"),
            (self.external, "external"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, value)| *value)
        .collect();
        if !rel.is_empty() {
            let _ = write!(tag, "rel=\"{}\" ", rel.join(" "));
        }
        if self.target_blank {
            tag.push_str("target=\"_blank\" ");
        }
        if !title.is_empty() {
            let _ = write!(tag, "title=\"{}\" ", escape_attribute(title));
        }
        let _ = write!(tag, "href=\"{}\">", escape_href(url));
        tag
    }
}

/// True for a link to another site, as Zola decides it.
pub(super) fn is_external(url: &str) -> bool {
    url.starts_with("http:") || url.starts_with("https:")
}

/// A URL escaped for an `href` or `src` attribute, as pulldown-cmark escapes them.
pub(super) fn escape_href(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut out, url);
    out
}

/// `text` with GitHub's emoji shortcodes (`:smile:`) replaced; unknown ones stay as written.
pub(super) fn replace_emoji(text: &str) -> Cow<'_, str> {
    static REPLACER: LazyLock<gh_emoji::Replacer> = LazyLock::new(gh_emoji::Replacer::new);
    if !text.contains(':') {
        return Cow::Borrowed(text);
    }
    REPLACER.replace_all(text)
}

/// The start of a lazily loaded image, up to its `alt` text, which follows.
pub(super) fn lazy_image_start(url: &str, title: &str) -> String {
    let mut html = format!("<img src=\"{}\"", escape_href(url));
    if !title.is_empty() {
        let _ = write!(html, " title=\"{}\"", escape_attribute(title));
    }
    html.push_str(" alt=\"");
    html
}

/// The end of a lazily loaded image, after its `alt` text.
pub(super) const LAZY_IMAGE_END: &str = "\" loading=\"lazy\" decoding=\"async\" />";
