//! Walking the site's folders (`content/`, `templates/`, `static/`): one walk with one skip
//! rule for all three, in a stable order. Hidden files (but `.well-known/` and `.nojekyll`,
//! which hosts read) and editor leftovers are skipped, and a symbolic link whose target leaves
//! the site is refused, so no file from elsewhere on the machine is ever published.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{Diagnostic, Diagnostics};

/// What a file under `content/` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SourceKind {
    /// `_index.md` (or `_index.LANG.md`): the section of its folder.
    Section,
    /// Any other `.md` file, including a bundle's `index.md`.
    Page,
    /// Any other file: copied to the output.
    Asset,
}

/// A file under `content/`, by its path relative to `content/` with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourceFile {
    pub(crate) kind: SourceKind,
    pub(crate) relative: String,
    pub(crate) absolute: PathBuf,
}

/// A file found by [`walk_files`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundFile {
    /// Relative to the folder walked, with `/` separators.
    pub(crate) relative: String,
    /// The folder walked joined with `relative`.
    pub(crate) absolute: PathBuf,
}

/// Lists every file under `dir`, sorted by path, without ignored names (`is_ignored`).
/// Symbolic links are followed only when their real target stays inside the site (the folder
/// holding `dir`) or inside `dir`, outside its ignored names; others, unreadable entries and link loops are diagnostics
/// named by `shown_dir` and the entry's path under it.
pub(crate) fn walk_files(
    dir: &Path,
    shown_dir: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<FoundFile> {
    walk_allowed(dir, shown_dir, Allowed::around(dir), diagnostics)
}

/// [`walk_files`] for a folder deeper in the site, such as a theme's `themes/NAME/static/`:
/// links may lead anywhere in `site_root` as well.
pub(crate) fn walk_files_in_site(
    dir: &Path,
    shown_dir: &Path,
    site_root: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<FoundFile> {
    let mut allowed = Allowed::around(dir);
    allowed.roots.extend(site_root.canonicalize().ok());
    walk_allowed(dir, shown_dir, allowed, diagnostics)
}

fn walk_allowed(
    dir: &Path,
    shown_dir: &Path,
    allowed: Allowed,
    diagnostics: &mut Diagnostics,
) -> Vec<FoundFile> {
    let mut files = Vec::new();
    let shown = |path: &Path| match path.strip_prefix(dir) {
        Ok(relative) => shown_dir.join(relative),
        Err(_) => path.to_path_buf(),
    };
    let mut entries = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = shown(error.path().unwrap_or(dir));
                diagnostics.push(walk_error(path, &error));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let is_dir = entry.file_type().is_dir();
        let leaves = entry.path_is_symlink() && !allowed.contains(entry.path());
        if leaves {
            diagnostics.push(leaving_link(shown(entry.path()), entry.path()));
        }
        if leaves || is_ignored(&entry.file_name().to_string_lossy()) {
            if is_dir {
                entries.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(dir) else {
            continue;
        };
        files.push(FoundFile {
            relative: to_slash_path(relative),
            absolute: entry.into_path(),
        });
    }
    files
}

/// Lists every file under `content_dir` by kind, sorted by path, as [`walk_files`] does.
pub(crate) fn walk(content_dir: &Path, diagnostics: &mut Diagnostics) -> Vec<SourceFile> {
    walk_files(content_dir, content_dir, diagnostics)
        .into_iter()
        .map(|file| {
            let name = file.relative.rsplit('/').next().unwrap_or_default();
            // `_index.fr.md` is the section in another language, as in Zola.
            let kind = if name.starts_with("_index.") && name.ends_with(".md") {
                SourceKind::Section
            } else if name.ends_with(".md") {
                SourceKind::Page
            } else {
                SourceKind::Asset
            };
            SourceFile {
                kind,
                relative: file.relative,
                absolute: file.absolute,
            }
        })
        .collect()
}

/// The real folders a link may lead into: the site (the parent of the folder walked) and the
/// folder walked itself, which may be a link to elsewhere.
struct Allowed {
    roots: Vec<PathBuf>,
}

impl Allowed {
    fn around(dir: &Path) -> Allowed {
        let site = match dir.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        Allowed {
            roots: [site, dir]
                .iter()
                .filter_map(|folder| folder.canonicalize().ok())
                .collect(),
        }
    }

    /// True when the real path of `path` is inside one of the folders and not in a hidden
    /// part of it (a link to `../.git/config` stays in the site but is no more published than
    /// the file itself); false when it cannot be resolved.
    fn contains(&self, path: &Path) -> bool {
        let Ok(real) = path.canonicalize() else {
            return false;
        };
        self.roots.iter().any(|root| {
            real.strip_prefix(root).is_ok_and(|inside| {
                inside
                    .components()
                    .all(|part| !is_ignored(&part.as_os_str().to_string_lossy()))
            })
        })
    }
}

/// The error for a symbolic link at `shown` whose target is outside the site.
fn leaving_link(shown: PathBuf, link: &Path) -> Diagnostic {
    let target = std::fs::read_link(link).unwrap_or_default();
    Diagnostic::error(
        shown,
        format!(
            "symbolic link to {}, outside the site or hidden: it is not published",
            target.display()
        ),
    )
    .with_hint("copy the file into the site, or point the link at a file inside the site folder")
}

fn walk_error(path: PathBuf, error: &walkdir::Error) -> Diagnostic {
    if let Some(ancestor) = error.loop_ancestor() {
        return Diagnostic::error(
            path,
            format!("symbolic link loop back to {}", ancestor.display()),
        )
        .with_hint(
            "remove or repoint the link so that it does not lead to a folder containing it",
        );
    }
    let message = match error.io_error() {
        Some(io) => format!("could not read this entry: {io}"),
        None => format!("could not read this entry: {error}"),
    };
    Diagnostic::error(path, message)
        .with_hint("check that the file exists and that you may read it")
}

/// Hidden files and folders, but `.well-known/` and `.nojekyll`, which hosts need; and the
/// temporary files of editors (`.#x`, `#x#`, `x~`, `.swp`).
pub(crate) fn is_ignored(name: &str) -> bool {
    (name.starts_with('.') && !KEPT_HIDDEN.contains(&name))
        || name.ends_with(".tmp")
        || is_editor_leftover(name)
}

/// The hidden names that are part of a site: `.well-known/` (security.txt, ACME, app links)
/// and `.nojekyll` (GitHub Pages).
const KEPT_HIDDEN: [&str; 2] = [".well-known", ".nojekyll"];

/// Editor lock, swap and backup files (`.#a.md`, `#a.md#`, `a.md~`, `.a.md.swp`), which
/// change on every keystroke but are never part of the site.
pub(crate) fn is_editor_leftover(name: &str) -> bool {
    name.starts_with(".#")
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
}

/// A relative path with `/` separators whatever the platform.
pub(crate) fn to_slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_and_hidden_files_are_ignored() {
        for name in [
            ".#500.md",
            "500.md~",
            "#500.md#",
            ".500.md.swp",
            ".git",
            ".env",
            ".DS_Store",
            ".well-known.swp",
            "x.swx",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in [
            "500.md",
            "_index.md",
            "logo.svg",
            ".well-known",
            ".nojekyll",
        ] {
            assert!(!is_ignored(name), "{name}");
        }
    }
}
