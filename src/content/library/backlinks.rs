//! Zola's `backlinks`: for each page and section, the pages and sections whose Markdown links
//! to it with an `@/` link. Found on first use, and only when a template names `backlinks`:
//! finding them reads every body once more.

use std::collections::{BTreeSet, HashMap};

use pulldown_cmark::{Event, Parser, Tag};
use rayon::prelude::*;
use serde::Serialize;

use super::Library;
use crate::content::Entry;

/// Who links to each page and section.
pub(crate) type LinkedFrom = HashMap<Entry, BTreeSet<Entry>>;

/// One entry of `backlinks`, as Zola gives it.
#[derive(Debug, Serialize)]
pub(crate) struct BackLink<'a> {
    pub(crate) permalink: &'a str,
    pub(crate) title: Option<&'a str>,
}

impl Library {
    /// Whether templates read `backlinks`; without them, every list of backlinks is empty.
    pub(crate) fn use_backlinks(&mut self, used: bool) {
        self.backlinks_used = used;
        self.linked_from = Default::default();
    }

    /// Whether `backlinks` are found (templates read them).
    pub(crate) fn backlinks_used(&self) -> bool {
        self.backlinks_used
    }

    /// Replaces page `id`'s document, forgetting who links to whom.
    pub(crate) fn replace_page_doc(
        &mut self,
        id: crate::content::PageId,
        doc: crate::content::Document<crate::content::front_matter::PageFrontMatter>,
    ) {
        self.pages[id].doc = doc;
        self.linked_from = Default::default();
    }

    /// The pages and sections linking to `entry`, by permalink.
    pub(crate) fn backlinks_of(&self, entry: Entry) -> Vec<BackLink<'_>> {
        if !self.backlinks_used {
            return Vec::new();
        }
        let linked_from = self.linked_from.get_or_init(|| self.find_links());
        let mut links: Vec<BackLink> = linked_from
            .get(&entry)
            .into_iter()
            .flatten()
            .map(|&source| self.back_link(source))
            .collect();
        links.sort_by_key(|link| link.permalink);
        links
    }

    fn back_link(&self, entry: Entry) -> BackLink<'_> {
        match entry {
            Entry::Page(id) => {
                let page = &self.pages[id];
                BackLink {
                    permalink: &page.permalink,
                    title: page.doc.meta.title.as_deref(),
                }
            }
            Entry::Section(id) => {
                let section = &self.sections[id];
                BackLink {
                    permalink: &section.permalink,
                    title: section.doc.meta.title.as_deref(),
                }
            }
        }
    }

    fn find_links(&self) -> LinkedFrom {
        let pages = self
            .page_ids()
            .map(|id| (Entry::Page(id), self.pages[id].doc.body()));
        let sections = self
            .section_ids()
            .map(|id| (Entry::Section(id), self.sections[id].doc.body()));
        let sources: Vec<(Entry, &str)> = pages.chain(sections).collect();
        let found: Vec<(Entry, Vec<Entry>)> = sources
            .into_par_iter()
            .map(|(source, body)| {
                let targets = internal_links(body)
                    .iter()
                    .filter_map(|target| self.get(target))
                    .filter(|&target| target != source)
                    .collect();
                (source, targets)
            })
            .collect();
        let mut linked_from = LinkedFrom::new();
        for (source, targets) in found {
            for target in targets {
                linked_from.entry(target).or_default().insert(source);
            }
        }
        linked_from
    }
}

/// Whether two bodies link to different pages or sections.
pub(crate) fn links_differ(before: &str, after: &str) -> bool {
    internal_links(before) != internal_links(after)
}

/// The content paths `body` links to with `@/` links, without their `#anchor`.
fn internal_links(body: &str) -> BTreeSet<String> {
    Parser::new(body)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let target = dest_url.strip_prefix("@/")?;
                let path = target.split_once('#').map_or(target, |(path, _)| path);
                Some(path.to_string())
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_collected_without_anchors_and_code_is_not_a_link() {
        let body = "See [a](@/blog/a.md#part), [b](@/b.md) and [web](https://x.org).\n\n`[c](@/c.md)`\n\n```\n[d](@/d.md)\n```\n\n[ref]: @/e.md\n\nA [ref] use.\n";
        let links: Vec<String> = internal_links(body).into_iter().collect();
        assert_eq!(links, ["b.md", "blog/a.md", "e.md"]);
    }
}
