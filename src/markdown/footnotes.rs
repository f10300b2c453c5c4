//! Footnotes gathered at the bottom of the page (Zola's `bottom_footnotes`): references
//! numbered in the order they are first met, each definition listed once at the end with a
//! link back to every reference, and definitions nobody references left out.

use std::collections::HashMap;
use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::escape_attribute;

/// How a footnote is referenced: its number and how many references it has.
#[derive(Clone, Copy)]
struct Usage {
    number: usize,
    references: usize,
}

/// `events` with footnote references numbered in place and the definitions moved into a
/// `<section class="footnotes">` at the end.
pub(super) fn move_to_bottom(events: Vec<Event<'static>>) -> Vec<Event<'static>> {
    let mut usages: HashMap<CowStr<'static>, Usage> = HashMap::new();
    // Definitions being read, innermost last: a definition can hold another.
    let mut open: Vec<Vec<Event<'static>>> = Vec::new();
    let mut definitions: Vec<(CowStr<'static>, Vec<Event<'static>>)> = Vec::new();
    let mut body = Vec::with_capacity(events.len());
    for event in events {
        let event = match event {
            Event::Start(Tag::FootnoteDefinition(_)) => {
                open.push(vec![event]);
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(mut definition) = open.pop() {
                    definition.push(event);
                    if let Some(Event::Start(Tag::FootnoteDefinition(name))) = definition.first() {
                        definitions.push((name.clone(), definition));
                    }
                }
                continue;
            }
            Event::FootnoteReference(name) => {
                let next = usages.len() + 1;
                let usage = usages.entry(name.clone()).or_insert(Usage {
                    number: next,
                    references: 0,
                });
                usage.references += 1;
                let name = escape_attribute(&name);
                Event::Html(
                    format!(
                        "<sup class=\"footnote-reference\" id=\"fr-{name}-{}\"><a href=\"#fn-{name}\">{}</a></sup>",
                        usage.references, usage.number
                    )
                    .into(),
                )
            }
            other => other,
        };
        match open.last_mut() {
            Some(definition) => definition.push(event),
            None => body.push(event),
        }
    }
    let mut referenced: Vec<(Usage, CowStr, Vec<Event>)> = definitions
        .into_iter()
        .filter_map(|(name, events)| Some((*usages.get(&name)?, name, events)))
        .collect();
    if referenced.is_empty() {
        return body;
    }
    referenced.sort_by_key(|(usage, _, _)| usage.number);
    body.push(Event::Html(
        "<section class=\"footnotes\">\n<ol class=\"footnotes-list\">\n".into(),
    ));
    for (usage, name, events) in referenced {
        push_definition(&mut body, &name, usage, events);
    }
    body.push(Event::Html("</ol>\n</section>\n".into()));
    body
}

/// One definition as a list item; the links back go at the end of its last paragraph when
/// it ends with one, else just before the item closes.
fn push_definition(
    out: &mut Vec<Event<'static>>,
    name: &str,
    usage: Usage,
    events: Vec<Event<'static>>,
) {
    let name = escape_attribute(name);
    let mut back_links = String::new();
    for reference in 1..=usage.references {
        let label = if reference == 1 {
            String::new()
        } else {
            reference.to_string()
        };
        let _ = write!(
            back_links,
            " <a href=\"#fr-{name}-{reference}\">↩{label}</a>"
        );
    }
    // The definition's own start and end are replaced; what is left is its content.
    let mut content: Vec<Event<'static>> = events.into_iter().skip(1).collect();
    content.pop();
    let ends_with_paragraph = matches!(content.last(), Some(Event::End(TagEnd::Paragraph)));
    if ends_with_paragraph {
        content.pop();
    }
    out.push(Event::Html(format!("<li id=\"fn-{name}\">").into()));
    out.extend(content);
    if ends_with_paragraph {
        out.push(Event::Html(format!("{back_links}</p>\n</li>\n").into()));
    } else {
        out.push(Event::Html(format!("{back_links}</li>\n").into()));
    }
}
