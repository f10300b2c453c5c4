//! Markdown to HTML with pulldown-cmark: CommonMark plus tables, footnotes, strikethrough,
//! task lists, heading attributes and smart punctuation; unique heading ids with anchor links,
//! a table of contents, a summary, word counts, highlighted code and Zola-style `@/` links.
//! It knows nothing of the site: the caller resolves internal links.

mod contrast;
mod highlight;
mod toc;

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

pub use highlight::{Highlighter, stylesheets};
pub use toc::Heading;

/// The marker that ends a page's summary.
const SUMMARY_MARKER: &str = "<!-- more -->";

/// What the summary marker becomes: an anchor for "read more" links, as in Zola.
const CONTINUE_READING: &str = "<span id=\"continue-reading\"></span>\n";

/// Words read per minute, for `reading_time`.
const WORDS_PER_MINUTE: usize = 200;

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub smart_punctuation: bool,
    pub highlight_code: bool,
}

/// What a render needs from the site: where the page lives and how to resolve `@/` links.
pub struct LinkContext<'a> {
    /// The absolute URL of the page being rendered, for table of contents links.
    pub permalink: &'a str,
    /// Maps a content path such as `5xx/500.md` to its URL.
    pub resolve: &'a (dyn Fn(&str) -> Option<String> + Sync),
}

/// A link that could not be resolved, by byte offset in the Markdown source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub offset: usize,
    pub target: String,
}

/// A link or image in the Markdown source, for checking where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLink {
    /// Byte offset in the Markdown source.
    pub offset: usize,
    /// The destination as the HTML has it (`@/` links already resolved).
    pub url: String,
    pub is_image: bool,
}

/// The result of rendering one Markdown document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rendered {
    pub html: String,
    /// The HTML before `<!-- more -->`, when the marker is present.
    pub summary: Option<String>,
    pub toc: Vec<Heading>,
    pub word_count: usize,
    pub reading_time: usize,
    #[serde(skip)]
    pub broken_links: Vec<BrokenLink>,
    /// Every link and image destination, for `quire check`.
    #[serde(skip)]
    pub links: Vec<SourceLink>,
}

/// What lists show of a page without its content (the summary and the word counts), and
/// the `@/` links that lead nowhere, found without rendering the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// The HTML before `<!-- more -->`, when the marker is present.
    pub summary: Option<String>,
    pub word_count: usize,
    pub reading_time: usize,
    pub broken_links: Vec<BrokenLink>,
}

/// The outline of `source`: the same summary and counts as `render` gives, without making
/// the page's HTML when it has no summary (counting words needs only the parser).
pub fn outline(
    source: &str,
    options: RenderOptions,
    highlighter: &Highlighter,
    links: &LinkContext,
) -> Outline {
    if source.contains(SUMMARY_MARKER) {
        // Only the summary's HTML is kept: code after the marker is not highlighted.
        let rendered = render_events(source, options, highlighter, links, false);
        return Outline {
            summary: rendered.summary,
            word_count: rendered.word_count,
            reading_time: rendered.reading_time,
            broken_links: rendered.broken_links,
        };
    }
    let mut word_count = 0;
    let mut broken_links = Vec::new();
    for (event, range) in Parser::new_ext(source, parser_options(options)).into_offset_iter() {
        match event {
            Event::Text(text) => word_count += text.split_whitespace().count(),
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(target) = dest_url.strip_prefix("@/") {
                    let path = target.split_once('#').map_or(target, |(path, _)| path);
                    if (links.resolve)(path).is_none() {
                        broken_links.push(BrokenLink {
                            offset: range.start,
                            target: dest_url.to_string(),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    Outline {
        summary: None,
        word_count,
        reading_time: reading_time(word_count),
        broken_links,
    }
}

fn parser_options(options: RenderOptions) -> Options {
    let mut parser_options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if options.smart_punctuation {
        parser_options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    parser_options
}

fn reading_time(word_count: usize) -> usize {
    word_count.div_ceil(WORDS_PER_MINUTE)
}

/// Renders `source` to HTML.
pub fn render(
    source: &str,
    options: RenderOptions,
    highlighter: &Highlighter,
    links: &LinkContext,
) -> Rendered {
    render_events(source, options, highlighter, links, true)
}

/// Renders `source`; code after the summary marker is highlighted only when
/// `highlight_after_summary` (an outline keeps only the summary).
fn render_events(
    source: &str,
    options: RenderOptions,
    highlighter: &Highlighter,
    links: &LinkContext,
    highlight_after_summary: bool,
) -> Rendered {
    let mut state = State::new(options, highlighter, links);
    state.highlight_after_summary = highlight_after_summary;
    let mut events = Vec::new();
    for (event, range) in Parser::new_ext(source, parser_options(options)).into_offset_iter() {
        state.handle(event, range.start, &mut events);
    }
    let summary_end = events.iter().position(is_summary_marker);
    // The summary is rendered from the events before the marker, before they are consumed.
    let summary = summary_end.map(|end| {
        let mut summary = String::new();
        pulldown_cmark::html::push_html(&mut summary, events[..end].iter().cloned());
        alignment_as_classes(summary)
    });
    if let Some(marker) = summary_end {
        events[marker] = Event::Html(CONTINUE_READING.into());
    }
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let html = alignment_as_classes(html);
    Rendered {
        html,
        summary,
        toc: toc::nest(state.headings, links.permalink),
        word_count: state.word_count,
        reading_time: reading_time(state.word_count),
        broken_links: state.broken_links,
        links: state.found_links,
    }
}

/// Table cell alignment as classes (`align-right`) instead of the inline styles pulldown-cmark
/// writes, so pages work under a Content-Security-Policy without `'unsafe-inline'`.
fn alignment_as_classes(html: String) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html;
    }
    ["left", "center", "right"].iter().fold(html, |html, side| {
        html.replace(
            &format!(" style=\"text-align: {side}\""),
            &format!(" class=\"align-{side}\""),
        )
    })
}

fn is_summary_marker(event: &Event) -> bool {
    matches!(event, Event::Html(html) | Event::InlineHtml(html) if html.trim() == SUMMARY_MARKER)
}

/// A heading whose events are still being collected.
struct PendingHeading {
    level: HeadingLevel,
    explicit_id: Option<String>,
    classes: Vec<String>,
    events: Vec<Event<'static>>,
}

/// What the event loop remembers between events.
struct State<'a> {
    options: RenderOptions,
    highlighter: &'a Highlighter,
    links: &'a LinkContext<'a>,
    used_ids: HashSet<String>,
    /// For each heading id wanted, the first `-n` suffix not yet tried, so that many
    /// headings of the same text take linear time, not quadratic.
    next_suffix: HashMap<String, usize>,
    headings: Vec<toc::FlatHeading>,
    /// The heading being read.
    heading: Option<PendingHeading>,
    /// The language and text of the code block being read.
    code: Option<(String, String)>,
    word_count: usize,
    broken_links: Vec<BrokenLink>,
    found_links: Vec<SourceLink>,
    /// Set once the summary marker has gone by.
    past_summary: bool,
    highlight_after_summary: bool,
}

impl<'a> State<'a> {
    fn new(
        options: RenderOptions,
        highlighter: &'a Highlighter,
        links: &'a LinkContext<'a>,
    ) -> Self {
        State {
            options,
            highlighter,
            links,
            used_ids: HashSet::new(),
            next_suffix: HashMap::new(),
            headings: Vec::new(),
            heading: None,
            code: None,
            word_count: 0,
            broken_links: Vec::new(),
            found_links: Vec::new(),
            past_summary: false,
            highlight_after_summary: true,
        }
    }

    fn handle(&mut self, event: Event<'_>, offset: usize, out: &mut Vec<Event<'static>>) {
        self.past_summary |= is_summary_marker(&event);
        if let Event::Text(text) = &event {
            self.word_count += text.split_whitespace().count();
        }
        if let Some((_, code)) = &mut self.code {
            match event {
                Event::Text(text) => code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => out.push(self.finish_code_block()),
                _ => {}
            }
            return;
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => fence_language(&info).to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((language, String::new()));
                return;
            }
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                let classes = classes.iter().map(|c| c.to_string()).collect();
                self.heading = Some(PendingHeading {
                    level,
                    explicit_id: id.map(|id| id.to_string()),
                    classes,
                    events: Vec::new(),
                });
                return;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(heading) = self.finish_heading() {
                    out.push(heading);
                }
                return;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.resolve_link(dest_url, offset);
                self.record_link(offset, &dest_url, false);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.record_link(offset, &dest_url, true);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            other => other,
        };
        let event = event.into_static();
        match &mut self.heading {
            Some(heading) => heading.events.push(event),
            None => out.push(event),
        }
    }

    fn record_link(&mut self, offset: usize, url: &str, is_image: bool) {
        self.found_links.push(SourceLink {
            offset,
            url: url.to_string(),
            is_image,
        });
    }

    fn resolve_link(&mut self, dest: CowStr<'_>, offset: usize) -> CowStr<'static> {
        let Some(target) = dest.strip_prefix("@/") else {
            return dest.into_static();
        };
        let (path, anchor) = match target.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (target, None),
        };
        match (self.links.resolve)(path) {
            Some(url) => match anchor {
                Some(anchor) => format!("{url}#{anchor}").into(),
                None => url.into(),
            },
            None => {
                self.broken_links.push(BrokenLink {
                    offset,
                    target: dest.to_string(),
                });
                dest.into_static()
            }
        }
    }

    fn finish_heading(&mut self) -> Option<Event<'static>> {
        let PendingHeading {
            level,
            explicit_id,
            classes,
            events,
        } = self.heading.take()?;
        let title = plain_text(&events);
        let mut inner = String::new();
        pulldown_cmark::html::push_html(&mut inner, events.into_iter());
        let id = self.unique_id(explicit_id.unwrap_or_else(|| slug::slugify(&title)));
        let level_number = level as usize;
        let mut html = format!("<h{level_number} id=\"{}\"", escape_attribute(&id));
        if !classes.is_empty() {
            let _ = write!(html, " class=\"{}\"", escape_attribute(&classes.join(" ")));
        }
        let _ = writeln!(
            html,
            ">{inner}<a class=\"heading-anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level_number}>",
            escape_attribute(&id)
        );
        self.headings.push(toc::FlatHeading {
            level: level_number,
            id,
            title,
        });
        Some(Event::Html(html.into()))
    }

    fn unique_id(&mut self, wanted: String) -> String {
        let base = if wanted.is_empty() {
            "section".to_string()
        } else {
            wanted
        };
        if self.used_ids.insert(base.clone()) {
            return base;
        }
        let next = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{next}");
            *next += 1;
            if self.used_ids.insert(id.clone()) {
                return id;
            }
        }
    }

    fn finish_code_block(&mut self) -> Event<'static> {
        let (language, code) = self.code.take().unwrap_or_default();
        let wanted = self.highlight_after_summary || !self.past_summary;
        let highlighted = if self.options.highlight_code && wanted && !language.is_empty() {
            self.highlighter.highlight(&language, &code)
        } else {
            None
        };
        let mut html = String::with_capacity(code.len() * 2);
        let language_attr = escape_attribute(&language);
        match highlighted {
            Some(inner) => {
                let _ = writeln!(
                    html,
                    "<pre class=\"z-code\" data-lang=\"{language_attr}\"><code class=\"language-{language_attr}\">{inner}</code></pre>"
                );
            }
            None if language.is_empty() => {
                let _ = writeln!(html, "<pre><code>{}</code></pre>", escape_text(&code));
            }
            None => {
                let _ = writeln!(
                    html,
                    "<pre data-lang=\"{language_attr}\"><code class=\"language-{language_attr}\">{}</code></pre>",
                    escape_text(&code)
                );
            }
        }
        Event::Html(html.into())
    }
}

/// The language of a fence's info string: `rust,linenos` and `rust {.class}` give `rust`.
fn fence_language(info: &str) -> &str {
    info.split(|c: char| c == ',' || c.is_whitespace() || c == '{')
        .next()
        .unwrap_or("")
}

/// The text of a heading's events, without markup.
fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// Escapes text for use between HTML tags.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html_body_text(&mut out, text);
    out
}

/// Escapes text for use inside a quoted HTML attribute.
pub fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

#[cfg(test)]
mod tests;
