//! The table of contents: the flat list of headings a render finds, nested by level.

use serde::Serialize;

/// A heading as the renderer meets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FlatHeading {
    pub(crate) level: usize,
    pub(crate) id: String,
    pub(crate) title: String,
}

/// A heading in the table of contents, with the headings below it (Zola's field names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub(crate) level: usize,
    /// The heading's `id`, its anchor.
    pub id: String,
    /// The heading's text.
    pub title: String,
    pub(crate) permalink: String,
    /// The headings one level below, up to the next of this level.
    pub children: Vec<Heading>,
}

/// Nests headings: each heading holds the following deeper ones until one as shallow or
/// shallower comes. A document that skips levels still nests by relative depth.
pub(crate) fn nest(flat: Vec<FlatHeading>, page_permalink: &str) -> Vec<Heading> {
    let mut roots: Vec<Heading> = Vec::new();
    for heading in flat {
        let heading = Heading {
            level: heading.level,
            permalink: format!("{page_permalink}#{}", heading.id),
            id: heading.id,
            title: heading.title,
            children: Vec::new(),
        };
        insert(&mut roots, heading);
    }
    roots
}

fn insert(siblings: &mut Vec<Heading>, heading: Heading) {
    match siblings.last_mut() {
        Some(last) if last.level < heading.level => insert(&mut last.children, heading),
        _ => siblings.push(heading),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(level: usize, id: &str) -> FlatHeading {
        FlatHeading {
            level,
            id: id.to_string(),
            title: id.to_uppercase(),
        }
    }

    fn shape(headings: &[Heading]) -> String {
        headings
            .iter()
            .map(|h| {
                if h.children.is_empty() {
                    h.id.clone()
                } else {
                    format!("{}({})", h.id, shape(&h.children))
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    #[test]
    fn deeper_headings_nest_under_the_previous_shallower_one() {
        let toc = nest(
            vec![
                flat(2, "a"),
                flat(3, "b"),
                flat(4, "c"),
                flat(3, "d"),
                flat(2, "e"),
            ],
            "https://x/p/",
        );
        assert_eq!(shape(&toc), "a(b(c),d),e");
        assert_eq!(toc[0].permalink, "https://x/p/#a");
    }

    #[test]
    fn a_first_heading_deeper_than_the_next_stays_a_sibling() {
        let toc = nest(vec![flat(3, "a"), flat(2, "b"), flat(4, "c")], "");
        assert_eq!(shape(&toc), "a,b(c)");
    }
}
