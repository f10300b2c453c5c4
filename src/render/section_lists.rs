//! The sections `get_section` returns with their pages, serialized once and shared. A theme
//! that asks for its blog section in a base layout asks on every page; copying a kept list
//! costs less than serializing it again (on a 1,000-post blog whose layout lists the posts,
//! the build's CPU time went from 3.6 s to 2.1 s). A list is kept from the second time it is
//! asked for, so a list asked for once (a home page's) is not held in memory for nothing.
//! `serve` keeps each list from the first time, since every edit that renders the output
//! asks again, keeps the lists between edits, and serializes again only the entry of the
//! page an edit changed.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use tera::Value;

use super::bodies;
use super::page_fields::PageFields;
use super::reads;
use super::views::{PageView, SectionView};
use crate::config::Mode;
use crate::content::{Library, PageId, SectionId};

/// A section asked for with its pages, listed with these fields.
type ListKey = (SectionId, PageFields);

/// The kept lists, and the ones asked for once.
#[derive(Default)]
pub(crate) struct SectionLists {
    kept: Mutex<HashMap<ListKey, Value>>,
    asked: Mutex<HashSet<ListKey>>,
    /// Keep a list the first time it is asked for.
    keep_at_first_ask: bool,
}

impl SectionLists {
    /// The lists of a site built for `mode`.
    pub(crate) fn for_mode(mode: Mode) -> Self {
        SectionLists {
            keep_at_first_ask: mode == Mode::Serve,
            ..SectionLists::default()
        }
    }

    /// Section `id` with its pages listed with `fields`, as `get_section` returns it. The
    /// reads are noted as if it had been serialized for this render.
    pub(crate) fn get(
        &self,
        id: SectionId,
        fields: PageFields,
        library: &Library,
    ) -> tera::Result<Value> {
        // A list that shows its pages' bodies is made for this render alone: a kept list
        // has none, and a refresh could not give them.
        if fields.intersects(PageFields::BODY) && bodies::are_shown() {
            return Ok(tera::to_value(SectionView::new(id, true, fields, library))?);
        }
        let key = (id, fields);
        let kept = self
            .kept
            .lock()
            .ok()
            .and_then(|kept| kept.get(&key).cloned());
        if let Some(value) = kept {
            reads::note_section(id);
            for &page in &library.sections[id].pages {
                reads::note_page(page, fields);
            }
            return Ok(value);
        }
        let value = tera::to_value(SectionView::new(id, true, fields, library))?;
        let keep =
            self.keep_at_first_ask || self.asked.lock().is_ok_and(|mut asked| !asked.insert(key));
        if keep && let Ok(mut kept) = self.kept.lock() {
            kept.insert(key, value.clone());
        }
        Ok(value)
    }

    /// After an edit of `page`'s body: its entry in each kept list that shows it is
    /// serialized again from `library`. A listed entry reads only its own page (no
    /// `lower`/`higher`, `content` or `toc`), so the other entries stay as they are.
    pub(crate) fn refresh(&self, page: PageId, library: &Library) {
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        kept.retain(|&(section, fields), value| {
            let Some(at) = library.sections[section]
                .pages
                .iter()
                .position(|&p| p == page)
            else {
                return true;
            };
            let entry = tera::to_value(PageView::listed(page, fields, library));
            match (
                value.get_mut("pages").and_then(|pages| pages.get_mut(at)),
                entry,
            ) {
                (Some(slot), Ok(entry)) => {
                    *slot = entry;
                    true
                }
                // Not the list this section makes: drop it, the next render makes it again.
                _ => false,
            }
        });
    }
}
