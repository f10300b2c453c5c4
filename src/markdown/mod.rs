//! Markdown to HTML with pulldown-cmark: CommonMark plus tables, footnotes, strikethrough,
//! task lists, heading attributes and (when asked) smart punctuation; unique heading ids with
//! anchor links when asked, a table of contents, a summary, word counts, code blocks as Zola
//! writes them and Zola-style `@/` links. It knows nothing of the site: the caller resolves
//! internal links, renders anchor-link templates and expands shortcodes (`shortcodes`).

mod code;
mod contrast;
mod events;
mod extras;
mod footnotes;
mod highlight;
pub mod shortcodes;
mod toc;
mod words;

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde::Serialize;

/// How headings become anchors (Zola's `[slugify] anchors`).
pub use crate::content::paths::SlugStrategy;
pub use code::{CodeHighlight, Themes};
pub use extras::{ExternalLinks, Extras};
pub use highlight::Highlighter;
pub(crate) use highlight::{nearest_theme, stylesheets};
pub use toc::Heading;
pub use words::word_count;

use events::State;

/// Stands for a heading's id in pre-rendered anchor-link templates
/// ([`RenderOptions::anchor_links`]); letters only, so template escaping keeps it whole.
pub(crate) const ANCHOR_ID: &str = "quireanchoridplaceholder";

/// What the summary marker becomes: an anchor for "read more" links, as in Zola.
const CONTINUE_READING: &str = "<span id=\"continue-reading\"></span>\n";

/// Words read per minute, for `reading_time`.
const WORDS_PER_MINUTE: usize = 200;

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    /// Typographic quotes, dashes and ellipses.
    pub smart_punctuation: bool,
    /// How code blocks are highlighted.
    pub highlight: CodeHighlight<'a>,
    /// Where headings get an anchor link.
    pub insert_anchor: AnchorPlace,
    /// The anchor link for each heading level (1 to 6), with `ANCHOR_ID` where the id
    /// goes; Zola's built-in link when `None`.
    pub anchor_links: Option<&'a [String]>,
    /// Zola's optional features (`external_links_*`, `render_emoji`, ...).
    pub extras: Extras<'a>,
}

impl RenderOptions<'_> {
    /// Zola's defaults: no smart punctuation, no highlighting, no anchor links.
    pub(crate) fn zola_defaults() -> RenderOptions<'static> {
        RenderOptions {
            smart_punctuation: false,
            highlight: CodeHighlight::Off,
            insert_anchor: AnchorPlace::None,
            anchor_links: None,
            extras: Extras::default(),
        }
    }
}

/// Where a heading's anchor link goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AnchorPlace {
    #[default]
    /// No anchor links.
    None,
    /// A link before the heading's text.
    Left,
    /// A link after the heading's text.
    Right,
    /// The heading's text is the link.
    Heading,
}

/// What a render needs from the site: where the page lives and how to resolve `@/` links.
pub struct LinkContext<'a> {
    /// The absolute URL of the page being rendered, for table of contents links and the
    /// page's colocated files (`diagram.png` links to `PERMALINK/diagram.png`).
    pub permalink: &'a str,
    /// Maps a content path such as `5xx/500.md` to its URL.
    pub resolve: &'a (dyn Fn(&str) -> Option<String> + Sync),
}

/// A link that could not be resolved, by byte offset in the Markdown source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// Where the link starts in the Markdown source, in bytes.
    pub offset: usize,
    pub(crate) target: String,
}

/// A link or image in the Markdown source, for checking where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourceLink {
    /// Byte offset in the Markdown source.
    pub(crate) offset: usize,
    /// The destination as the HTML has it (`@/` links already resolved).
    pub(crate) url: String,
    pub(crate) is_image: bool,
}

/// The result of rendering one Markdown document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rendered {
    /// The document as HTML.
    pub html: String,
    /// The HTML before `<!-- more -->`, when the marker is present.
    pub summary: Option<String>,
    /// The headings, nested, for a table of contents.
    pub toc: Vec<Heading>,
    #[serde(skip)]
    /// The `@/` links that name no page or section.
    pub broken_links: Vec<BrokenLink>,
    /// Every link and image destination, for `quire check`.
    #[serde(skip)]
    pub(crate) links: Vec<SourceLink>,
}

/// What lists show of a page without its content (its summary), and the `@/` links that
/// lead nowhere, found without rendering the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Outline {
    /// The HTML before `<!-- more -->`, when the marker is present.
    pub(crate) summary: Option<String>,
    pub(crate) broken_links: Vec<BrokenLink>,
}

/// The outline of `source`: the same summary as `render` gives, without making the page's
/// HTML. Events are handled only up to the summary marker; the rest is only scanned for
/// `@/` links that lead nowhere, and not parsed at all when it cannot hold one.
pub(crate) fn outline(
    source: &str,
    options: RenderOptions,
    highlighter: &Highlighter,
    links: &LinkContext,
) -> Outline {
    let parse = |text| Parser::new_ext(text, parser_options(&options)).into_offset_iter();
    if !has_summary_marker(source) {
        return Outline {
            summary: None,
            broken_links: if may_link_internally(source) {
                broken_links(parse(source), links)
            } else {
                Vec::new()
            },
        };
    }
    if !may_link_internally(source)
        && let Some(before) = through_marker_line(source)
    {
        let mut state = State::new(options, highlighter, links);
        let (events, found) = handle_to_marker(parse(before), &mut state);
        if found {
            return outline_of(state, events, options);
        }
    }
    let mut parser = parse(source);
    let mut state = State::new(options, highlighter, links);
    let (events, _) = handle_to_marker(parser.by_ref(), &mut state);
    if may_link_internally(source) {
        state.broken_links.extend(broken_links(parser, links));
    }
    outline_of(state, events, options)
}

/// The events of `parser` as `state` handles them, up to and including the summary marker,
/// and whether the marker was among them.
fn handle_to_marker<'s>(
    parser: impl Iterator<Item = (Event<'s>, std::ops::Range<usize>)>,
    state: &mut State,
) -> (Vec<Event<'static>>, bool) {
    let mut events = Vec::new();
    for (event, range) in parser {
        state.handle(event, range.start, &mut events);
        if events.last().is_some_and(is_summary_marker) {
            return (events, true);
        }
    }
    (events, false)
}

/// The outline made of the events before the marker and what `state` found in them.
fn outline_of(state: State, mut events: Vec<Event<'static>>, options: RenderOptions) -> Outline {
    if options.extras.bottom_footnotes {
        events = footnotes::move_to_bottom(events);
    }
    Outline {
        summary: summary_of(&events),
        broken_links: state.broken_links,
    }
}

/// The start of `source` through its first line that is the summary marker alone, when the
/// events before the marker are the same in it as in the whole: the marker starts its line,
/// so it closes every paragraph, list and quote before it (a list's looseness depends on its
/// items only), and no text after it holds `]:`, so no link or footnote definition there can
/// change what comes before. `None` sends the caller to the whole source; so does a marker
/// line inside a code block, which the caller finds when the part holds no marker.
fn through_marker_line(source: &str) -> Option<&str> {
    let mut end = 0;
    for line in source.split_inclusive('\n') {
        end += line.len();
        if !line.starts_with([' ', '\t']) && is_marker(line) {
            return (!source[end..].contains("]:")).then(|| &source[..end]);
        }
    }
    None
}

/// Whether `source` can hold an `@/` link. Its `@` is written as itself (perhaps escaped)
/// or as an entity (`&#64;`, `&#x40;`, `&commat;`), so a source with none of these has no
/// such link and need not be parsed for them.
fn may_link_internally(source: &str) -> bool {
    source.contains('@') || source.contains("&#") || source.contains("&commat;")
}

/// The `@/` links among `events` that name no page or section.
fn broken_links<'s>(
    events: impl Iterator<Item = (Event<'s>, std::ops::Range<usize>)>,
    links: &LinkContext,
) -> Vec<BrokenLink> {
    let mut broken = Vec::new();
    for (event, range) in events {
        if let Event::Start(Tag::Link { dest_url, .. }) = event
            && let Some(target) = dest_url.strip_prefix("@/")
        {
            let path = target.split_once('#').map_or(target, |(path, _)| path);
            if (links.resolve)(path).is_none() {
                broken.push(BrokenLink {
                    offset: range.start,
                    target: dest_url.to_string(),
                });
            }
        }
    }
    broken
}

/// The HTML of the events before the summary marker, when there is one.
fn summary_of(events: &[Event]) -> Option<String> {
    let end = events.iter().position(is_summary_marker)?;
    let mut summary = String::new();
    pulldown_cmark::html::push_html(&mut summary, events[..end].iter().cloned());
    Some(alignment_as_classes(summary))
}

/// Renders a document whose shortcodes were expanded: HTML outputs are put in the HTML and
/// the summary, link offsets are those of the original document.
pub(crate) fn render_expanded(
    expanded: &shortcodes::Expanded,
    options: RenderOptions,
    highlighter: &Highlighter,
    links: &LinkContext,
) -> Rendered {
    let mut rendered = render(&expanded.source, options, highlighter, links);
    rendered.html = expanded.splice(std::mem::take(&mut rendered.html));
    rendered.summary = rendered.summary.map(|summary| expanded.splice(summary));
    for link in &mut rendered.broken_links {
        link.offset = expanded.original_offset(link.offset);
    }
    for link in &mut rendered.links {
        link.offset = expanded.original_offset(link.offset);
    }
    rendered
}

/// The outline of a document whose shortcodes were expanded (see [`render_expanded`]).
pub(crate) fn outline_expanded(
    expanded: &shortcodes::Expanded,
    options: RenderOptions,
    highlighter: &Highlighter,
    links: &LinkContext,
) -> Outline {
    let mut outline = outline(&expanded.source, options, highlighter, links);
    outline.summary = outline.summary.map(|summary| expanded.splice(summary));
    for link in &mut outline.broken_links {
        link.offset = expanded.original_offset(link.offset);
    }
    outline
}

fn parser_options(options: &RenderOptions) -> Options {
    let mut parser_options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if options.smart_punctuation {
        parser_options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    if options.extras.definition_list {
        parser_options |= Options::ENABLE_DEFINITION_LIST;
    }
    if options.extras.github_alerts {
        parser_options |= Options::ENABLE_GFM;
    }
    parser_options
}

/// Minutes to read `word_count` words, rounded up.
pub fn reading_time(word_count: usize) -> usize {
    word_count.div_ceil(WORDS_PER_MINUTE)
}

/// Renders `source` to HTML.
pub fn render(
    source: &str,
    options: RenderOptions,
    highlighter: &Highlighter,
    links: &LinkContext,
) -> Rendered {
    let mut state = State::new(options, highlighter, links);
    let mut events = Vec::new();
    for (event, range) in Parser::new_ext(source, parser_options(&options)).into_offset_iter() {
        state.handle(event, range.start, &mut events);
    }
    if options.extras.bottom_footnotes {
        events = footnotes::move_to_bottom(events);
    }
    // The summary is rendered from the events before the marker, before they are consumed.
    let summary = summary_of(&events);
    if let Some(marker) = events.iter().position(is_summary_marker) {
        events[marker] = Event::Html(CONTINUE_READING.into());
    }
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let html = alignment_as_classes(html);
    Rendered {
        html,
        summary,
        toc: toc::nest(state.headings, links.permalink),
        broken_links: state.broken_links,
        links: state.found_links,
    }
}

/// Table cell alignment as classes (`align-right`) instead of the inline styles pulldown-cmark
/// writes, so pages work under a Content-Security-Policy without `'unsafe-inline'`. One pass
/// over the HTML, which is returned as it is when it has no such style.
fn alignment_as_classes(html: String) -> String {
    const STYLE: &str = " style=\"text-align: ";
    let Some(first) = html.find(STYLE) else {
        return html;
    };
    let mut out = String::with_capacity(html.len());
    out.push_str(&html[..first]);
    let mut rest = &html[first..];
    while let Some(at) = rest.find(STYLE) {
        out.push_str(&rest[..at]);
        let after = &rest[at + STYLE.len()..];
        let side = ["left", "center", "right"]
            .into_iter()
            .find(|side| after.strip_prefix(side).is_some_and(|r| r.starts_with('"')));
        match side {
            Some(side) => {
                out.push_str(" class=\"align-");
                out.push_str(side);
                out.push('"');
                rest = &after[side.len() + 1..];
            }
            None => {
                out.push_str(STYLE);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

pub(super) fn is_summary_marker(event: &Event) -> bool {
    matches!(event, Event::Html(html) | Event::InlineHtml(html) if is_marker(html))
}

/// True when `html` is the summary marker as Zola reads it: `<!-- more -->` with any white
/// space inside and in any case (`<!--more-->`, `<!-- MORE -->`).
fn is_marker(html: &str) -> bool {
    html.trim()
        .strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
        .is_some_and(|inner| inner.trim().eq_ignore_ascii_case("more"))
}

/// True when `source` holds the summary marker somewhere.
fn has_summary_marker(source: &str) -> bool {
    source.match_indices("<!--").any(|(start, _)| {
        source[start..]
            .find("-->")
            .is_some_and(|end| is_marker(&source[start..start + end + 3]))
    })
}

/// Escapes text for use between HTML tags.
pub(crate) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html_body_text(&mut out, text);
    out
}

/// Escapes text for use inside a quoted HTML attribute.
pub(crate) fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

#[cfg(test)]
mod tests;
