//! The site's front matter schemas applied to the loaded pages. This is the glue between the
//! library and [`crate::schema`], which checks one page at a time and knows no library.

use rayon::prelude::*;

use super::Library;
use crate::error::{Diagnostics, Severity};
use crate::schema::{PageSource, Schemas};

/// Every schema violation in the library's pages, as diagnostics of `severity`: `quire build`
/// warns, `quire check` fails. A value that must name a page may name any page or section
/// that was loaded (drafts only when they are built).
pub fn check(
    library: &Library,
    schemas: &Schemas,
    severity: Severity,
    diagnostics: &mut Diagnostics,
) {
    if schemas.iter().next().is_none() {
        return;
    }
    let exists = |path: &str| library.get(path).is_some();
    let found: Vec<Diagnostics> = library
        .pages
        .par_iter()
        .map(|page| {
            let doc = &page.doc;
            let source = PageSource {
                file: &doc.file,
                relative_path: &doc.relative_path,
                source: &doc.source,
                body_offset: doc.body_offset,
            };
            let mut found = Diagnostics::default();
            schemas.check_page(source, &exists, severity, &mut found);
            found
        })
        .collect();
    for page in found {
        diagnostics.extend(page);
    }
}
