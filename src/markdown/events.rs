//! The event loop of a render: pulldown-cmark's events in, HTML events out, with headings
//! given unique ids (and anchor links when asked), code blocks highlighted, `@/` links
//! resolved and every link recorded.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::code::{self, Fence};
use super::extras;
use super::{
    AnchorPlace, BrokenLink, Highlighter, LinkContext, RenderOptions, SourceLink, escape_attribute,
    toc,
};
use crate::content::paths::slugify_anchor;

/// A heading whose events are still being collected.
pub(super) struct PendingHeading {
    level: HeadingLevel,
    explicit_id: Option<String>,
    classes: Vec<String>,
    events: Vec<Event<'static>>,
}

/// What the event loop remembers between events.
pub(super) struct State<'a> {
    options: RenderOptions<'a>,
    highlighter: &'a Highlighter,
    links: &'a LinkContext<'a>,
    used_ids: HashSet<String>,
    /// For each heading id wanted, the first `-n` suffix not yet tried, so that many
    /// headings of the same text take linear time, not quadratic.
    next_suffix: HashMap<String, usize>,
    pub(super) headings: Vec<toc::FlatHeading>,
    /// The heading being read.
    heading: Option<PendingHeading>,
    /// The fence and text of the code block being read.
    code: Option<(Fence, String)>,
    pub(super) broken_links: Vec<BrokenLink>,
    pub(super) found_links: Vec<SourceLink>,
    /// How deep in the alt text of lazily loaded images the loop is (images can nest).
    lazy_image_depth: usize,
}

impl<'a> State<'a> {
    pub(super) fn new(
        options: RenderOptions<'a>,
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
            broken_links: Vec::new(),
            found_links: Vec::new(),
            lazy_image_depth: 0,
        }
    }

    pub(super) fn handle(
        &mut self,
        event: Event<'_>,
        offset: usize,
        out: &mut Vec<Event<'static>>,
    ) {
        if let Some((_, code)) = &mut self.code {
            match event {
                Event::Text(text) => code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => out.push(self.finish_code_block()),
                _ => {}
            }
            return;
        }
        if self.lazy_image_depth > 0 {
            self.handle_lazy_alt(event, out);
            return;
        }
        let event = match event {
            Event::Text(text) if self.options.extras.render_emoji => {
                Event::Text(extras::replace_emoji(&text).into_owned().into())
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let fence = match kind {
                    CodeBlockKind::Fenced(info) => Fence::parse(&info),
                    CodeBlockKind::Indented => Fence::parse(""),
                };
                self.code = Some((fence, String::new()));
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
                let external = self.options.extras.external_links;
                if extras::is_external(&dest_url) && external.any() {
                    self.record_link(offset, &dest_url, false);
                    Event::Html(external.opening_tag(&dest_url, &title).into())
                } else {
                    let resolved = self.resolve_link(dest_url, offset);
                    let dest_url = self.beside_page(resolved);
                    self.record_link(offset, &dest_url, false);
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) if self.options.extras.lazy_async_image => {
                let dest_url = self.beside_page(dest_url);
                self.record_link(offset, &dest_url, true);
                self.lazy_image_depth = 1;
                Event::Html(extras::lazy_image_start(&dest_url, &title).into())
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.beside_page(dest_url);
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

    /// An event inside a lazily loaded image's alt text: only its text is kept, escaped for
    /// the attribute, as pulldown-cmark keeps it for other images.
    fn handle_lazy_alt(&mut self, event: Event<'_>, out: &mut Vec<Event<'static>>) {
        let html = match event {
            Event::Start(Tag::Image { .. }) => {
                self.lazy_image_depth += 1;
                return;
            }
            Event::End(TagEnd::Image) => {
                self.lazy_image_depth -= 1;
                if self.lazy_image_depth > 0 {
                    return;
                }
                extras::LAZY_IMAGE_END.to_string()
            }
            Event::Text(text) | Event::Code(text) => escape_attribute(&text),
            Event::SoftBreak | Event::HardBreak => " ".to_string(),
            _ => return,
        };
        let event = Event::Html(html.into());
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

    /// A relative URL such as `diagram.png` made absolute under the page's own URL, where
    /// Zola puts a page's colocated files; other URLs as they are.
    fn beside_page(&self, dest: CowStr<'_>) -> CowStr<'static> {
        let relative = !dest.is_empty()
            && !dest.starts_with('/')
            && !dest.starts_with("..")
            && !dest.starts_with('#')
            && !dest.starts_with("@/")
            && !has_scheme(&dest);
        if relative {
            format!("{}{dest}", self.links.permalink).into()
        } else {
            dest.into_static()
        }
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
        let strategy = self.options.extras.anchor_slugs;
        let id = self.unique_id(explicit_id.unwrap_or_else(|| slugify_anchor(&title, strategy)));
        let level_number = level as usize;
        let mut html = format!("<h{level_number} id=\"{}\"", escape_attribute(&id));
        if !classes.is_empty() {
            let _ = write!(html, " class=\"{}\"", escape_attribute(&classes.join(" ")));
        }
        html.push('>');
        let anchor = anchor_link(&self.options, &id, level_number);
        match self.options.insert_anchor {
            AnchorPlace::None => html.push_str(&inner),
            AnchorPlace::Left => {
                html.push_str(&anchor);
                html.push_str(&inner);
            }
            AnchorPlace::Right => {
                html.push_str(&inner);
                html.push_str(&anchor);
            }
            AnchorPlace::Heading => {
                html.push_str(opening_a_tag(&anchor).unwrap_or("<a>"));
                html.push_str(&inner);
                html.push_str("</a>");
            }
        }
        let _ = writeln!(html, "</h{level_number}>");
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
        let (fence, code) = self.code.take().unwrap_or_default();
        let html = code::render(&fence, &code, self.options.highlight, self.highlighter);
        Event::Html(html.into())
    }
}

/// The anchor link of a heading: the site's `anchor-link.html` rendered for its level, or
/// Zola's built-in one, with the id put in.
fn anchor_link(options: &RenderOptions, id: &str, level: usize) -> String {
    let id = escape_attribute(id);
    match options.anchor_links {
        Some(templates) => templates
            .get(level.saturating_sub(1))
            .map(|template| template.replace(super::ANCHOR_ID, &id))
            .unwrap_or_default(),
        None => format!(
            "<a class=\"zola-anchor\" href=\"#{id}\" aria-label=\"Anchor link for: {id}\">🔗</a>"
        ),
    }
}

/// The opening `<a ...>` tag of an anchor link, for `insert_anchor_links = "heading"`.
fn opening_a_tag(anchor: &str) -> Option<&str> {
    let start = anchor.find("<a")?;
    let end = start + anchor[start..].find('>')?;
    Some(&anchor[start..=end])
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

/// True for a URL that starts with a scheme (`https:`, `mailto:`, `tel:`), as Zola tells
/// colocated links from others.
fn has_scheme(url: &str) -> bool {
    match url.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        }
        None => false,
    }
}
