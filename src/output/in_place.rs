//! Replacing an output's contents in place, when it cannot be swapped whole: it is a mount
//! point (a Docker volume), or its parent folder is not writable. The new site is staged in a
//! hidden folder inside the output, on its file system; only once it is complete is each
//! top-level entry moved into place, atomically (a file by rename, a folder exchanged with the
//! old one); then old entries the new site lacks are removed, and the old trees. The output
//! folder itself, its mode and owner, are never touched.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::Path;

use super::swap::{exchange, remove_entry};
use crate::error::Diagnostic;

/// The staging folder inside an output replaced in place.
pub(super) const STAGING: &str = ".quire-new";

/// The lock file inside an output replaced in place.
pub(super) const LOCK: &str = ".quire-lock";

/// Why the folder `output` (in `parent`) cannot be swapped whole with a folder beside it, if it
/// cannot: it is a mount point, or `parent` is not writable. `None` for a missing output,
/// which is created beside.
pub(super) fn swap_unavailable(output: &Path, parent: &Path) -> Option<&'static str> {
    let meta = fs::symlink_metadata(output).ok().filter(|m| m.is_dir())?;
    if is_mount_point(output, &meta, parent) {
        return Some("it is a mount point");
    }
    (!writable(parent)).then_some("its parent folder is not writable")
}

/// True when `output` is the root of a mount: on another device than its parent, or so
/// marked by the kernel (a bind mount of the same file system).
fn is_mount_point(output: &Path, meta: &fs::Metadata, parent: &Path) -> bool {
    on_another_device(meta, parent) || is_mount_root(output)
}

/// True when the entry of `meta` is on another device than the folder `parent`.
#[cfg(unix)]
fn on_another_device(meta: &fs::Metadata, parent: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(parent).is_ok_and(|up| up.dev() != meta.dev())
}

/// No device numbers here: only the kernel's word counts.
#[cfg(not(unix))]
fn on_another_device(_: &fs::Metadata, _: &Path) -> bool {
    false
}

/// Whether the kernel marks `path` as the root of a mount (`statx`, Linux 5.8 and later).
#[cfg(target_os = "linux")]
fn is_mount_root(path: &Path) -> bool {
    use rustix::fs::{AtFlags, CWD, StatxAttributes, StatxFlags, statx};
    let flags = AtFlags::NO_AUTOMOUNT | AtFlags::SYMLINK_NOFOLLOW;
    statx(CWD, path, flags, StatxFlags::empty()).is_ok_and(|stat| {
        stat.stx_attributes_mask
            .contains(StatxAttributes::MOUNT_ROOT)
            && stat.stx_attributes.contains(StatxAttributes::MOUNT_ROOT)
    })
}

/// Elsewhere only a change of device is seen.
#[cfg(not(target_os = "linux"))]
fn is_mount_root(_: &Path) -> bool {
    false
}

/// Whether this process may create entries in `folder` (with its effective ids).
#[cfg(target_os = "linux")]
fn writable(folder: &Path) -> bool {
    use rustix::fs::{Access, AtFlags, CWD, accessat};
    accessat(
        CWD,
        folder,
        Access::WRITE_OK | Access::EXEC_OK,
        AtFlags::EACCESS,
    )
    .is_ok()
}

/// Elsewhere the read-only flag is all there is to ask.
#[cfg(not(target_os = "linux"))]
fn writable(folder: &Path) -> bool {
    fs::metadata(folder).is_ok_and(|m| !m.permissions().readonly())
}

/// Creates the staging folder `dir` inside the output, readable only by this user while it
/// fills, so a server publishing the output does not serve the half-built site. It fails on
/// anything already there, a link included.
pub(super) fn create_staging(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Copies the site staged in `staged` (beside the output, on another mount) into the staging
/// folder inside `output`, so its entries can be moved into place.
pub(super) fn adopt(staged: &Path, output: &Path) -> Result<(), Diagnostic> {
    let dir = output.join(STAGING);
    remove_entry(&dir).map_err(|e| Diagnostic::io(&dir, "remove", &e))?;
    create_staging(&dir).map_err(|e| Diagnostic::io(&dir, "create the folder", &e))?;
    for entry in walkdir::WalkDir::new(staged)
        .min_depth(1)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(staged).to_path_buf();
            Diagnostic::io(&path, "read", &io::Error::from(e))
        })?;
        let Ok(relative) = entry.path().strip_prefix(staged) else {
            continue;
        };
        let target = dir.join(relative);
        let copied = if entry.file_type().is_dir() {
            fs::create_dir(&target)
        } else {
            fs::copy(entry.path(), &target).map(|_| ())
        };
        copied.map_err(|e| Diagnostic::io(&target, "copy the new site into place", &e))?;
    }
    Ok(())
}

/// Moves each top-level entry of `staging` (inside `output`) into `output`, removes the old
/// entries the new site lacks (never the staging folder or the lock), then `staging` with
/// the old trees. If a move fails, those already made are undone, so the old site stays.
pub(super) fn move_into_place(staging: &Path, output: &Path) -> Result<(), Diagnostic> {
    move_entries(staging, output, move_one)
}

/// [`move_into_place`] with the move of one entry given.
fn move_entries(
    staging: &Path,
    output: &Path,
    mut move_one: impl FnMut(&Path, &Path) -> io::Result<Moved>,
) -> Result<(), Diagnostic> {
    let new = names(staging)?;
    let mut moved: Vec<(&OsString, Moved)> = Vec::new();
    for name in &new {
        let target = output.join(name);
        match move_one(&staging.join(name), &target) {
            Ok(how) => moved.push((name, how)),
            Err(error) => {
                put_back(staging, output, &moved);
                return Err(Diagnostic::io(
                    &target,
                    "move the new file into place",
                    &error,
                ));
            }
        }
    }
    for name in names(output)? {
        if new.contains(&name) || name == STAGING || name == LOCK {
            continue;
        }
        let old = output.join(&name);
        remove_entry(&old).map_err(|e| Diagnostic::io(&old, "remove the old file", &e))?;
    }
    remove_entry(staging).map_err(|e| Diagnostic::io(staging, "remove the old files", &e))
}

/// How an entry was moved into place, so that the move can be undone.
#[derive(Debug, Clone, Copy)]
enum Moved {
    /// Nothing was there.
    Added,
    /// Exchanged with the old entry, which is now in the staging folder.
    Exchanged,
    /// The old entry is gone.
    Replaced,
}

/// Moves `from` to `to`, replacing what is there atomically where the system allows.
fn move_one(from: &Path, to: &Path) -> io::Result<Moved> {
    let Ok(old) = fs::symlink_metadata(to) else {
        fs::rename(from, to)?;
        return Ok(Moved::Added);
    };
    if exchange(from, to).is_ok() {
        return Ok(Moved::Exchanged);
    }
    // No exchange here (another system, or a file system without it): a file still replaces
    // a file atomically; a folder goes first.
    if old.is_dir() || fs::symlink_metadata(from)?.is_dir() {
        remove_entry(to)?;
    }
    fs::rename(from, to)?;
    Ok(Moved::Replaced)
}

/// Undoes the moves made, as far as possible: old entries exchanged back, added ones returned
/// to `staging`; a replaced one stays new, the old one being gone.
fn put_back(staging: &Path, output: &Path, moved: &[(&OsString, Moved)]) {
    for (name, how) in moved.iter().rev() {
        let (new, target) = (staging.join(name), output.join(name));
        let _ = match how {
            Moved::Exchanged => exchange(&new, &target),
            Moved::Added => fs::rename(&target, &new),
            Moved::Replaced => Ok(()),
        };
    }
}

/// The names in `folder`, sorted.
fn names(folder: &Path) -> Result<Vec<OsString>, Diagnostic> {
    let entries = fs::read_dir(folder).map_err(|e| Diagnostic::io(folder, "read", &e))?;
    let mut names = entries
        .map(|entry| entry.map(|e| e.file_name()))
        .collect::<io::Result<Vec<_>>>()
        .map_err(|e| Diagnostic::io(folder, "read", &e))?;
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An output holding an old site, the lock, and a complete new site in its staging folder.
    fn output_with_a_new_site_staged() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let path = dir.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        };
        for (path, text) in [
            (".quire-output", "marker"),
            (".quire-lock", "1"),
            ("a/old.html", "old"),
            ("b.html", "old"),
            ("gone/x.html", "old"),
            (".quire-new/.quire-output", "marker"),
            (".quire-new/a/new.html", "new"),
            (".quire-new/b.html", "new"),
            (".quire-new/c.html", "new"),
        ] {
            write(path, text);
        }
        dir
    }

    /// Every file under `folder` with its text, relative and sorted.
    fn files(folder: &Path) -> Vec<(String, String)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(folder)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let relative = e.path().strip_prefix(folder).unwrap();
                let text = fs::read_to_string(e.path()).unwrap();
                (relative.display().to_string(), text)
            })
            .collect();
        files.sort();
        files
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn the_new_entries_replace_the_old_and_entries_only_the_old_site_had_go() {
        let dir = output_with_a_new_site_staged();
        let output = dir.path();
        move_into_place(&output.join(STAGING), output).unwrap();
        assert_eq!(
            files(output),
            pairs(&[
                (".quire-lock", "1"),
                (".quire-output", "marker"),
                ("a/new.html", "new"),
                ("b.html", "new"),
                ("c.html", "new"),
            ])
        );
    }

    #[test]
    fn a_move_that_fails_puts_back_the_entries_already_moved() {
        let dir = output_with_a_new_site_staged();
        let output = dir.path();
        let before = files(output);
        let failing = |from: &Path, to: &Path| {
            if from.ends_with("c.html") {
                return Err(io::Error::other("no room"));
            }
            move_one(from, to)
        };
        let error = move_entries(&output.join(STAGING), output, failing).unwrap_err();
        assert!(error.message.contains("no room"), "{error}");
        assert_eq!(files(output), before);
    }

    #[test]
    fn a_site_staged_on_another_mount_is_copied_inside_then_moved() {
        let dir = output_with_a_new_site_staged();
        let output = dir.path().join("out");
        let staged = dir.path().join(STAGING);
        fs::create_dir_all(output.join("old")).unwrap();
        adopt(&staged, &output).unwrap();
        move_into_place(&output.join(STAGING), &output).unwrap();
        assert_eq!(
            files(&output),
            pairs(&[
                (".quire-output", "marker"),
                ("a/new.html", "new"),
                ("b.html", "new"),
                ("c.html", "new"),
            ])
        );
        assert!(!output.join(STAGING).exists());
    }

    #[cfg(unix)]
    #[test]
    fn the_staging_folder_inside_the_output_is_readable_only_by_its_user() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        create_staging(&dir.path().join(STAGING)).unwrap();
        let mode = fs::metadata(dir.path().join(STAGING))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}
