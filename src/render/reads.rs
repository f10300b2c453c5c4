//! What a render read: the pages and sections whose views a template was given (in its
//! context, through lists or through `get_page` and `get_section`), and the shortcode
//! templates its Markdown called. Views note themselves while a render is being recorded, so
//! `serve` knows which outputs show an edited page or use an edited shortcode.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use super::page_fields::PageFields;
use crate::content::{PageId, SectionId};

/// The pages and sections one output read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Reads {
    /// Each page shown, with the fields it was shown with.
    pub(crate) pages: BTreeMap<PageId, PageFields>,
    pub(crate) sections: BTreeSet<SectionId>,
    /// Shortcode templates (`shortcodes/x.html`) the output's Markdown called.
    pub(crate) templates: BTreeSet<String>,
}

thread_local! {
    /// The reads of the render running on this thread, when it is recorded. A render runs on
    /// one thread from start to end (templates call no parallel code), so no lock is needed.
    static CURRENT: RefCell<Option<Reads>> = const { RefCell::new(None) };
}

/// Runs `render`, returning what it read. Recordings nest: an inner one's reads count for
/// the outer one too.
pub(crate) fn recording<T>(render: impl FnOnce() -> T) -> (T, Reads) {
    let outer = CURRENT.with(|current| current.replace(Some(Reads::default())));
    let value = render();
    let reads = CURRENT
        .with(|current| current.replace(outer))
        .unwrap_or_default();
    CURRENT.with(|current| {
        if let Some(outer) = current.borrow_mut().as_mut() {
            for (&id, &fields) in &reads.pages {
                add_page(&mut outer.pages, id, fields);
            }
            outer.sections.extend(&reads.sections);
            outer.templates.extend(reads.templates.iter().cloned());
        }
    });
    (value, reads)
}

/// Notes that the running render was shown page `id` with `fields`.
pub(crate) fn note_page(id: PageId, fields: PageFields) {
    CURRENT.with(|current| {
        if let Some(reads) = current.borrow_mut().as_mut() {
            add_page(&mut reads.pages, id, fields);
        }
    });
}

fn add_page(pages: &mut BTreeMap<PageId, PageFields>, id: PageId, fields: PageFields) {
    let shown = pages.entry(id).or_insert(PageFields::NONE);
    *shown = shown.union(fields);
}

/// Notes that the running render was shown section `id`.
pub(crate) fn note_section(id: SectionId) {
    CURRENT.with(|current| {
        if let Some(reads) = current.borrow_mut().as_mut() {
            reads.sections.insert(id);
        }
    });
}

/// Notes that the running render called the shortcode template `name`.
pub(crate) fn note_template(name: &str) {
    CURRENT.with(|current| {
        if let Some(reads) = current.borrow_mut().as_mut() {
            reads.templates.insert(name.to_string());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_noted_only_while_recording_and_nest() {
        let (page, section) = (PageId::new, SectionId::new);
        let (title, date) = (PageFields::named(&["title"]), PageFields::named(&["date"]));
        note_page(page(9), title);
        let ((), outer) = recording(|| {
            note_page(page(1), title);
            let ((), inner) = recording(|| {
                note_section(section(2));
                note_page(page(1), date);
            });
            assert_eq!(inner.sections, BTreeSet::from([section(2)]));
            assert_eq!(inner.pages, BTreeMap::from([(page(1), date)]));
        });
        assert_eq!(outer.pages, BTreeMap::from([(page(1), title.union(date))]));
        assert_eq!(outer.sections, BTreeSet::from([section(2)]));
        let ((), after) = recording(|| {});
        assert_eq!(after, Reads::default());
    }
}
