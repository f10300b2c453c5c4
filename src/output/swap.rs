//! Replacing the output whole: the staging folder beside it takes its place in one atomic
//! exchange, with the old folder's permissions and owner.

use std::fs;
use std::path::Path;

use crate::error::Diagnostic;

/// The staging folder beside the output `name`.
pub(super) fn staging_name(name: &str) -> String {
    format!(".{name}.quire-new")
}

/// The lock file beside the output `name`.
pub(super) fn lock_name(name: &str) -> String {
    format!(".{name}.quire-lock")
}

/// Where the old output waits while the new one is moved in, without an atomic exchange.
fn old_name(name: &str) -> String {
    format!(".{name}.quire-old")
}

/// Cleans up after a build that was killed: puts back an output that was moved aside but not
/// replaced, and removes the temporary folders (a link in their place is removed, never
/// followed).
pub(super) fn remove_leftovers(output: &Path, parent: &Path, name: &str) {
    let old = parent.join(old_name(name));
    let is_real_dir = |path: &Path| fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    if fs::symlink_metadata(output).is_err() && is_real_dir(&old) {
        let _ = fs::rename(&old, output);
    }
    let _ = remove_entry(&parent.join(staging_name(name)));
    let _ = remove_entry(&old);
}

/// Removes a file, link or folder, never following a link; nothing there is fine.
pub(super) fn remove_entry(path: &Path) -> std::io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(error),
    }
}

/// How a swap ended.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Swapped {
    /// The new folder is the output.
    Whole,
    /// The output cannot be renamed (a mount point the checks before did not see): nothing
    /// was changed, and its contents must be replaced in place.
    Unavailable,
}

/// Puts the staging folder in the output's place, with the old output's permissions and, where
/// this process may set them, its owner and group. On Linux the two folders are exchanged in
/// one atomic step, so the output is always either the old tree or the new one; elsewhere the
/// old output is moved aside first (and put back by the next build if a kill interrupts).
/// The old output is then kept as `spare` when given, else removed.
pub(super) fn swap_in(
    staging: &Path,
    output: &Path,
    parent: &Path,
    name: &str,
    spare: Option<&Path>,
) -> Result<Swapped, Diagnostic> {
    keep_mode_and_owner(output, staging);
    let had_output = output.exists();
    if had_output {
        match exchange(staging, output) {
            Ok(()) => {
                // `staging` now holds the old tree.
                super::spare::retire(staging, spare);
                return Ok(Swapped::Whole);
            }
            Err(error) if is_mount_point_error(&error) => return Ok(Swapped::Unavailable),
            Err(_) => {}
        }
    }
    let old = parent.join(old_name(name));
    if had_output && let Err(error) = fs::rename(output, &old) {
        if is_mount_point_error(&error) {
            return Ok(Swapped::Unavailable);
        }
        return Err(Diagnostic::io(output, "move the old output aside", &error));
    }
    if let Err(error) = fs::rename(staging, output) {
        if had_output {
            let _ = fs::rename(&old, output);
        }
        return Err(Diagnostic::io(
            output,
            "move the new output into place",
            &error,
        ));
    }
    if had_output {
        super::spare::retire(&old, spare);
    }
    Ok(Swapped::Whole)
}

/// True for the errors of renaming a mount point (EBUSY) or across mounts (EXDEV).
fn is_mount_point_error(error: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(
        error.kind(),
        ErrorKind::ResourceBusy | ErrorKind::CrossesDevices
    )
}

/// Gives `new` the permission bits of the folder `old` and, where this process may (it owns
/// `old`, or is root), its owner and group; nothing when `old` is not a folder.
#[cfg(unix)]
fn keep_mode_and_owner(old: &Path, new: &Path) {
    use std::os::unix::fs::{MetadataExt, PermissionsExt, chown};
    let Ok(meta) = fs::symlink_metadata(old) else {
        return;
    };
    if !meta.is_dir() {
        return;
    }
    // Owner first: a change of owner may clear the set-group-id bit, which the mode restores.
    // Only the group may be allowed (one this user belongs to), or neither: both are kept
    // as far as permitted.
    let _ = chown(new, Some(meta.uid()), Some(meta.gid()))
        .or_else(|_| chown(new, None, Some(meta.gid())));
    let _ = fs::set_permissions(new, fs::Permissions::from_mode(meta.mode() & 0o7777));
}

/// Only the read-only flag to keep here.
#[cfg(not(unix))]
fn keep_mode_and_owner(old: &Path, new: &Path) {
    if let Ok(meta) = fs::symlink_metadata(old)
        && meta.is_dir()
    {
        let _ = fs::set_permissions(new, meta.permissions());
    }
}

/// Swaps two entries atomically (`renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
pub(super) fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// No atomic exchange here: the caller falls back to renames.
#[cfg(not(target_os = "linux"))]
pub(super) fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}
