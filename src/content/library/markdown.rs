//! Rendering the library's Markdown: the options the site's settings give, the section's
//! anchor links, and the templates (anchor links, shortcodes) the site layer lends.

use super::Library;
use crate::config::{Config, HighlightStyle, InsertAnchor};
use crate::content::model::{Entry, PageId};
use crate::error::Diagnostic;
use crate::markdown::shortcodes::Expanded;
use crate::markdown::{
    self, AnchorPlace, CodeHighlight, ExternalLinks, Extras, Highlighter, LinkContext, Outline,
    RenderOptions, Rendered, Themes,
};

impl Library {
    /// Renders the Markdown of a page or section to HTML, resolving `@/` links in this
    /// library, with the site's settings and the anchor links of its section but no templates
    /// (shortcodes stay as they are written).
    pub(crate) fn render_without_templates(
        &self,
        entry: Entry,
        config: &Config,
        highlighter: &Highlighter,
    ) -> Rendered {
        let (body, permalink) = self.body_of(entry);
        let resolve = |path: &str| self.permalink_of(path).map(str::to_string);
        let links = LinkContext {
            permalink,
            resolve: &resolve,
        };
        let options = render_options(config, self.insert_anchor(entry, config), None);
        markdown::render(body, options, highlighter, &links)
    }

    /// Renders the Markdown of a page or section with its shortcodes and anchor links.
    pub(crate) fn render_entry(
        &self,
        entry: Entry,
        config: &Config,
        highlighter: &Highlighter,
        templated: Templated,
    ) -> Result<Rendered, Diagnostic> {
        self.expand_and(
            entry,
            config,
            highlighter,
            templated,
            markdown::render_expanded,
        )
    }

    /// What lists show of page `id` beyond its front matter: its summary.
    pub(crate) fn outline(
        &self,
        id: PageId,
        config: &Config,
        highlighter: &Highlighter,
        templated: Templated,
    ) -> Result<Outline, Diagnostic> {
        let entry = Entry::Page(id);
        self.expand_and(
            entry,
            config,
            highlighter,
            templated,
            markdown::outline_expanded,
        )
    }

    /// Expands the shortcodes of a page's or section's Markdown and hands it to `render`
    /// with the options and links of that page or section.
    fn expand_and<T>(
        &self,
        entry: Entry,
        config: &Config,
        highlighter: &Highlighter,
        templated: Templated,
        render: fn(&Expanded, RenderOptions, &Highlighter, &LinkContext) -> T,
    ) -> Result<T, Diagnostic> {
        let (body, permalink) = self.body_of(entry);
        let resolve = |path: &str| self.permalink_of(path).map(str::to_string);
        let links = LinkContext {
            permalink,
            resolve: &resolve,
        };
        let options = render_options(
            config,
            self.insert_anchor(entry, config),
            templated.anchor_links,
        );
        let expanded = templated.expand(body, entry)?;
        Ok(render(&expanded, options, highlighter, &links))
    }

    fn body_of(&self, entry: Entry) -> (&str, &str) {
        match entry {
            Entry::Page(i) => (self.pages[i].doc.body(), &self.pages[i].permalink),
            Entry::Section(i) => (self.sections[i].doc.body(), &self.sections[i].permalink),
        }
    }

    /// Where headings get anchor links: a section's own `insert_anchor_links`, a page's
    /// section's (as in Zola, not inherited further), else the site's.
    fn insert_anchor(&self, entry: Entry, config: &Config) -> InsertAnchor {
        let section = match entry {
            Entry::Page(i) => &self.sections[self.pages[i].parent],
            Entry::Section(i) => &self.sections[i],
        };
        section
            .doc
            .meta
            .insert_anchor_links
            .unwrap_or(config.markdown.insert_anchor_links)
    }
}

/// Expands the shortcodes of a page's or section's Markdown.
pub(crate) type ExpandShortcodes<'a> =
    dyn Fn(&str, Entry) -> Result<Expanded, Diagnostic> + Sync + 'a;

/// What rendering Markdown takes from the templates, which the content knows nothing of.
#[derive(Clone, Copy, Default)]
pub(crate) struct Templated<'a> {
    /// The site's anchor link for each heading level; Zola's built-in one when `None`.
    pub(crate) anchor_links: Option<&'a [String]>,
    /// Expands a document's shortcodes; they stay as written when `None`.
    pub(crate) shortcodes: Option<&'a ExpandShortcodes<'a>>,
}

impl Templated<'_> {
    fn expand(&self, body: &str, entry: Entry) -> Result<Expanded, Diagnostic> {
        match self.shortcodes {
            Some(expand) => expand(body, entry),
            None => Ok(Expanded::unchanged(body)),
        }
    }
}

/// The Markdown options the site's settings give: Zola 0.22's `[markdown.highlighting]`
/// first, then 0.21's `highlight_code` (with `highlight_theme = "css"` for Quire's classed
/// markup and stylesheets), else no highlighting.
pub(crate) fn render_options<'a>(
    config: &'a Config,
    anchors: InsertAnchor,
    anchor_links: Option<&'a [String]>,
) -> RenderOptions<'a> {
    let markdown = &config.markdown;
    let highlight = match &markdown.highlighting {
        Some(settings) => CodeHighlight::Lines {
            classes: settings.style == HighlightStyle::Class,
            themes: match (&settings.light_theme, &settings.dark_theme, &settings.theme) {
                (Some(light), Some(dark), _) => Themes::Dual { light, dark },
                (_, _, Some(theme)) => Themes::Single(theme),
                (Some(one), None, None) | (None, Some(one), None) => Themes::Single(one),
                (None, None, None) => Themes::Single(crate::config::DEFAULT_HIGHLIGHT_THEME),
            },
        },
        None if markdown.highlight_code && markdown.highlight_theme == "css" => {
            CodeHighlight::Classed
        }
        None if markdown.highlight_code => CodeHighlight::Lines {
            classes: false,
            themes: Themes::Single(&markdown.highlight_theme),
        },
        None => CodeHighlight::Off,
    };
    RenderOptions {
        smart_punctuation: markdown.smart_punctuation,
        highlight,
        insert_anchor: match anchors {
            InsertAnchor::None => AnchorPlace::None,
            InsertAnchor::Left => AnchorPlace::Left,
            InsertAnchor::Right => AnchorPlace::Right,
            InsertAnchor::Heading => AnchorPlace::Heading,
        },
        anchor_links,
        extras: Extras {
            external_links: ExternalLinks {
                class: markdown.external_links_class.as_deref(),
                target_blank: markdown.external_links_target_blank,
                no_follow: markdown.external_links_no_follow,
                no_referrer: markdown.external_links_no_referrer,
                external: markdown.external_links_external,
            },
            render_emoji: markdown.render_emoji,
            definition_list: markdown.definition_list,
            bottom_footnotes: markdown.bottom_footnotes,
            lazy_async_image: markdown.lazy_async_image,
            github_alerts: markdown.github_alerts,
            anchor_slugs: config.slugify.anchors,
        },
    }
}
