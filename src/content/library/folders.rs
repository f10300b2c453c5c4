//! Folder rules of the content tree: folders that cannot name a URL, and the bundle or draft
//! folder a file lies in, found by look-up rather than by scanning every folder.

use std::collections::BTreeSet;
use std::path::Path;

use super::parent_dir;
use crate::content::paths::slugify;
use crate::content::walk::SourceFile;
use crate::error::{Diagnostic, Diagnostics};

/// The files not inside a folder whose name has no letters or digits (`!!!`), which would
/// make an empty URL segment; one error per such folder, naming it.
pub(super) fn without_nameless_folders(
    files: Vec<SourceFile>,
    shown_dir: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<SourceFile> {
    let mut nameless = BTreeSet::new();
    let kept = files
        .into_iter()
        .filter(|file| {
            let dir = parent_dir(&file.relative);
            let bad = dir
                .match_indices('/')
                .map(|(at, _)| &dir[..at])
                .chain((!dir.is_empty()).then_some(dir))
                .find(|folder| slugify(folder.rsplit('/').next().unwrap_or(folder)).is_empty());
            match bad {
                Some(folder) => {
                    nameless.insert(folder.to_string());
                    false
                }
                None => true,
            }
        })
        .collect();
    for folder in nameless {
        let name = folder.rsplit('/').next().unwrap_or(&folder);
        diagnostics.push(
            Diagnostic::error(
                shown_dir.join(&folder),
                format!("the folder name `{name}` has no letters or digits to make a URL from"),
            )
            .with_hint("rename the folder: its name is the URL of its section, pages and files"),
        );
    }
    kept
}

/// The outermost of `folders` that is `dir` or holds it: a look-up per folder above `dir`
/// rather than a scan of every folder, which made many bundles quadratic.
pub(super) fn enclosing_folder<'a>(dir: &str, folders: &'a BTreeSet<String>) -> Option<&'a String> {
    let prefixes = dir
        .match_indices('/')
        .map(|(at, _)| &dir[..at])
        .chain(std::iter::once(dir));
    prefixes.filter_map(|prefix| folders.get(prefix)).next()
}
