//! The site's front matter schemas applied to the loaded pages. This is the glue between the
//! library and [`crate::schema`], which checks one page at a time and knows no library.

use rayon::prelude::*;

use super::Library;
use crate::error::{Diagnostic, Severity};
use crate::schema::{PageSource, Schemas};

/// Every schema violation in the library's pages, as diagnostics of `severity`: `quire build`
/// warns, `quire check` fails. A value that must name a page may name any page or section
/// that was loaded (drafts only when they are built).
pub fn check(library: &Library, schemas: &Schemas, severity: Severity) -> Vec<Diagnostic> {
    if schemas.iter().next().is_none() {
        return Vec::new();
    }
    let exists = |path: &str| library.get(path).is_some();
    library
        .pages
        .par_iter()
        .flat_map_iter(|page| {
            let doc = &page.doc;
            let source = PageSource {
                file: &doc.file,
                relative_path: &doc.relative_path,
                source: &doc.source,
                body_offset: doc.body_offset,
            };
            schemas.check_page(source, &exists, severity)
        })
        .collect()
}
