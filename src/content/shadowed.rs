//! Pages and sections at the URL of a taxonomy's list or term page. Zola writes taxonomies
//! after content, so its taxonomy page replaces theirs (aaranxu/adidoks has an `authors`
//! taxonomy and a `content/authors/` section); Quire leaves them out and says so.

use std::collections::{BTreeSet, HashMap};

use super::{Library, PageId, SectionId};
use crate::error::{Diagnostic, Diagnostics};

/// The pages and sections whose page a rendered taxonomy takes.
#[derive(Debug, Default)]
pub(crate) struct Shadowed {
    pub(crate) pages: BTreeSet<PageId>,
    pub(crate) sections: BTreeSet<SectionId>,
}

impl Shadowed {
    /// Finds them in `library`, with a warning for each in `diagnostics` when it is given.
    pub(crate) fn find(library: &Library, mut diagnostics: Option<&mut Diagnostics>) -> Shadowed {
        // Each path a taxonomy writes, with what writes it.
        let mut taken: HashMap<&str, String> = HashMap::new();
        for taxonomy in library.taxonomies.iter().filter(|t| t.config.render) {
            let name = &taxonomy.config.name;
            taken.insert(&taxonomy.path, format!("the `{name}` taxonomy's list"));
            for term in &taxonomy.terms {
                taken.insert(&term.path, format!("the `{name}` term `{}`", term.name));
            }
        }
        let mut shadowed = Shadowed::default();
        if taken.is_empty() {
            return shadowed;
        }
        let mut warn = |file: &std::path::Path, path: &str, by: &String| {
            if let Some(diagnostics) = diagnostics.as_deref_mut() {
                diagnostics.push(
                    Diagnostic::warning(
                        file,
                        format!("is not written: {by} is at the same URL, {path}, and takes it, as in Zola"),
                    )
                    .with_hint("move the content or rename the taxonomy to keep both; `render = false` on the taxonomy keeps the content"),
                );
            }
        };
        for id in library.page_ids() {
            let page = &library.pages[id];
            if let Some(by) = taken.get(page.path.as_str()) {
                warn(&page.doc.file, &page.path, by);
                shadowed.pages.insert(id);
            }
        }
        for id in library.section_ids() {
            let section = &library.sections[id];
            if let Some(by) = taken.get(section.path.as_str()) {
                warn(&section.doc.file, &section.path, by);
                shadowed.sections.insert(id);
            }
        }
        shadowed
    }
}
