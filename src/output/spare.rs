//! The previous output, kept after a swap so the next build can stage into it instead of
//! making every folder again and deleting the old tree: its folders are reused, and a file
//! that is still the previous output's file (one inode, linked into both) is left as it
//! is. Entries the new build does not write are pruned before the swap, so what is swapped
//! in holds exactly the new build's files.

use std::collections::HashSet;
use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use super::guard::MARKER;
use super::swap::remove_entry;
use crate::error::Diagnostic;

/// Moves the spare tree to `staging`, when it is a real folder holding Quire's marker on the
/// staging folder's file system; anything else found there is removed. True when `staging`
/// now holds the spare.
pub(super) fn take(spare: &Path, staging: &Path) -> bool {
    let ours = fs::symlink_metadata(spare).is_ok_and(|m| m.is_dir())
        && fs::symlink_metadata(spare.join(MARKER)).is_ok_and(|m| m.is_file());
    if ours && fs::rename(spare, staging).is_ok() {
        return true;
    }
    let _ = remove_entry(spare);
    false
}

/// Keeps `old_tree` (the output just replaced) as the spare when `spare` is given and the
/// two are on one file system; otherwise removes it.
pub(super) fn retire(old_tree: &Path, spare: Option<&Path>) {
    if let Some(spare) = spare {
        let _ = remove_entry(spare);
        let moved = spare
            .parent()
            .is_some_and(|parent| fs::create_dir_all(parent).is_ok())
            && fs::rename(old_tree, spare).is_ok();
        if moved {
            return;
        }
    }
    let _ = fs::remove_dir_all(old_tree);
}

/// True when `a` and `b` are one file on disk.
#[cfg(unix)]
pub(super) fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

/// Without inode numbers, files are never taken to be the same.
#[cfg(not(unix))]
pub(super) fn same_file(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}

/// Removes from the staging folder `dir` every entry that is neither one of the `written`
/// paths, a folder holding one, nor the marker. Links are removed, never followed.
pub(super) fn prune<'a>(
    dir: &Path,
    written: impl Iterator<Item = &'a str>,
) -> Result<(), Diagnostic> {
    let mut files = HashSet::new();
    let mut folders = HashSet::new();
    for path in written {
        files.insert(path);
        let mut rest = path;
        while let Some((folder, _)) = rest.rsplit_once('/') {
            if !folders.insert(folder) {
                break;
            }
            rest = folder;
        }
    }
    files.insert(MARKER);
    prune_folder(dir, "", &files, &folders)
}

fn prune_folder(
    dir: &Path,
    relative: &str,
    files: &HashSet<&str>,
    folders: &HashSet<&str>,
) -> Result<(), Diagnostic> {
    let entries = fs::read_dir(dir).map_err(|e| Diagnostic::io(dir, "read the folder", &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Diagnostic::io(dir, "read the folder", &e))?;
        let name = entry.file_name();
        let path = entry.path();
        let Some(name) = name.to_str() else {
            remove(&path)?;
            continue;
        };
        let inside = if relative.is_empty() {
            name.to_string()
        } else {
            format!("{relative}/{name}")
        };
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && folders.contains(inside.as_str()) {
            prune_folder(&path, &inside, files, folders)?;
        } else if is_dir || !files.contains(inside.as_str()) {
            remove(&path)?;
        }
    }
    Ok(())
}

fn remove(path: &Path) -> Result<(), Diagnostic> {
    match remove_entry(path) {
        Err(error) if error.kind() != ErrorKind::NotFound => {
            Err(Diagnostic::io(path, "remove", &error))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pruning_keeps_only_what_was_written_and_the_marker() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            ("a/index.html", "a"),
            ("a/old.png", "x"),
            ("gone/index.html", "x"),
            ("b/c/index.html", "c"),
            ("b/stale.txt", "x"),
            (MARKER, "m"),
        ] {
            fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
            fs::write(root.join(path), text).unwrap();
        }
        fs::create_dir_all(root.join("empty/deeper")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("a"), root.join("link")).unwrap();
        let written = ["a/index.html", "b/c/index.html", "link/index.html"];
        prune(root, written.into_iter()).unwrap();
        let mut left: Vec<String> = walkdir::WalkDir::new(root)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                e.path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        left.sort();
        assert_eq!(
            left,
            [MARKER, "a", "a/index.html", "b", "b/c", "b/c/index.html"]
        );
    }

    #[test]
    fn only_a_marked_folder_is_taken_as_the_spare() {
        let dir = tempfile::tempdir().unwrap();
        let spare = dir.path().join("spare");
        let staging = dir.path().join("staging");
        fs::create_dir_all(&spare).unwrap();
        assert!(!take(&spare, &staging));
        assert!(!spare.exists() && !staging.exists());
        fs::create_dir_all(&spare).unwrap();
        fs::write(spare.join(MARKER), "m").unwrap();
        assert!(take(&spare, &staging));
        assert!(staging.join(MARKER).is_file() && !spare.exists());
    }
}
