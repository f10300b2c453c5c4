//! Finding the files under `content/`: pages, sections, page bundles and their assets, in a
//! stable order. Hidden files and editor leftovers are skipped.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::Diagnostic;

/// What a file under `content/` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// `_index.md`: the section of its folder.
    Section,
    /// Any other `.md` file, including a bundle's `index.md`.
    Page,
    /// Any other file: copied to the output.
    Asset,
}

/// A file under `content/`, by its path relative to `content/` with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub kind: SourceKind,
    pub relative: String,
    pub absolute: PathBuf,
}

/// Lists every file under `content_dir`, sorted by path; unreadable entries and symlink
/// loops are diagnostics.
pub fn walk(content_dir: &Path) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let entries = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored(&entry.file_name().to_string_lossy())
        });
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                problems.push(walk_error(content_dir, &error));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(content_dir) else {
            continue;
        };
        let relative = to_slash_path(relative);
        let name = entry.file_name().to_string_lossy();
        let kind = if name == "_index.md" {
            SourceKind::Section
        } else if name.ends_with(".md") {
            SourceKind::Page
        } else {
            SourceKind::Asset
        };
        files.push(SourceFile {
            kind,
            relative,
            absolute: entry.into_path(),
        });
    }
    (files, problems)
}

fn walk_error(content_dir: &Path, error: &walkdir::Error) -> Diagnostic {
    let path = error.path().unwrap_or(content_dir).to_path_buf();
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

/// Hidden files and folders, and the temporary files of editors (`.#x`, `#x#`, `x~`, `.swp`).
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with(".tmp") || is_editor_leftover(name)
}

/// Editor lock, swap and backup files (`.#a.md`, `#a.md#`, `a.md~`, `.a.md.swp`), which
/// change on every keystroke but are never part of the site, even in `static/` (where hidden
/// files like `.well-known` are kept).
pub fn is_editor_leftover(name: &str) -> bool {
    name.starts_with(".#")
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
}

/// A relative path with `/` separators whatever the platform.
pub fn to_slash_path(path: &Path) -> String {
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
            "x.swx",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in ["500.md", "_index.md", "logo.svg"] {
            assert!(!is_ignored(name), "{name}");
        }
    }
}
