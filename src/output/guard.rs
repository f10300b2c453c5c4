//! Which folders a build may replace: never a link, a repository or a source folder, and
//! without `--force` only one Quire made.

use std::fs;
use std::path::{Path, PathBuf};

use super::in_place;
use crate::error::Diagnostic;

/// The file Quire writes into every output folder it builds. Only a folder holding it, an
/// empty folder or a missing one is replaced without `--force`.
pub const MARKER: &str = ".quire-output";

/// What the marker file says to whoever finds it.
pub(super) const MARKER_TEXT: &str =
    "This folder was built by Quire and is replaced whole by every `quire build`.\n";

/// The folders a site's sources live in, beside `config.toml`.
const SOURCE_FOLDERS: [&str; 4] = ["content", "templates", "static", "themes"];

/// Refuses output folders that would destroy what Quire did not make: a symbolic link, a file,
/// a git repository, the site root or a folder holding it, a folder inside (or holding) a
/// source folder, compared by their real paths, and, unless `force`, a folder that is neither
/// empty nor marked as a previous output.
pub(crate) fn check_output_dir(root: &Path, output: &Path, force: bool) -> Result<(), Diagnostic> {
    let refuse = |why: String, hint: &str| {
        Diagnostic::error(output, format!("refusing to write the site here: {why}"))
            .with_hint(hint.to_string())
    };
    let separate = "choose a separate folder such as public; it is replaced on every build";
    let lexical = lexical_absolute(output);
    if let Ok(meta) = fs::symlink_metadata(&lexical)
        && meta.file_type().is_symlink()
    {
        let target = fs::read_link(&lexical).unwrap_or_default();
        return Err(refuse(
            format!("it is a symbolic link to {}", target.display()),
            "Quire never replaces a folder through a link: remove the link, or pass --output the folder itself",
        ));
    }
    if output.is_file() {
        return Err(
            Diagnostic::error(output, "the output path is a file, not a folder")
                .with_hint("pass --output a folder name such as public"),
        );
    }
    let root = absolute(root);
    let target = absolute(output);
    if root.starts_with(&target) {
        return Err(refuse("it holds the site's sources".to_string(), separate));
    }
    for name in SOURCE_FOLDERS {
        let source = absolute(&root.join(name));
        if target.starts_with(&source) {
            return Err(refuse(format!("it is inside {name}/"), separate));
        }
        if source.starts_with(&target) {
            return Err(refuse(format!("it holds {name}/"), separate));
        }
    }
    if target.file_name().is_some_and(|n| n == ".git") || target.join(".git").exists() {
        return Err(refuse(
            "it is a git repository".to_string(),
            "build into a separate folder such as public and copy the files from there",
        ));
    }
    if force || made_by_quire_or_empty(&target) {
        return Ok(());
    }
    Err(refuse(
        format!("the folder is not empty and Quire did not make it (it has no {MARKER} file)"),
        "pass --force to replace the folder and everything in it, or choose another --output such as public",
    ))
}

/// True for a missing or empty folder and for one holding Quire's marker file. The lock and
/// staging folder a killed build left inside an output replaced in place do not count.
fn made_by_quire_or_empty(folder: &Path) -> bool {
    match fs::read_dir(folder) {
        Ok(mut entries) => {
            let own = [in_place::LOCK, in_place::STAGING];
            entries.all(|entry| entry.is_ok_and(|e| own.iter().any(|n| e.file_name() == *n)))
                || fs::symlink_metadata(folder.join(MARKER)).is_ok_and(|m| m.is_file())
        }
        Err(error) => error.kind() == std::io::ErrorKind::NotFound,
    }
}

/// The absolute form of a path with `.` and `..` resolved by name, without following links.
pub(super) fn lexical_absolute(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut lexical = PathBuf::new();
    for component in std::env::current_dir()
        .unwrap_or_default()
        .join(path)
        .components()
    {
        match component {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    lexical
}

/// The absolute, symlink-free form of a path that may not exist yet.
pub(super) fn absolute(path: &Path) -> PathBuf {
    // `..` is resolved by name first, so `x/../../site` cannot hide the folder it names.
    let lexical = lexical_absolute(path);
    // Then symbolic links are followed in the part that exists.
    let mut existing = lexical.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.iter().rev() {
        resolved.push(name);
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_folders_that_hold_sources_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(root.join("file.txt"), "").unwrap();
        for force in [false, true] {
            assert!(check_output_dir(root, root, force).is_err());
            assert!(check_output_dir(root, &root.join("content"), force).is_err());
            assert!(check_output_dir(root, &root.join("content/x"), force).is_err());
            assert!(check_output_dir(root, &root.join("file.txt"), force).is_err());
            assert!(check_output_dir(root, root.parent().unwrap(), force).is_err());
            assert!(check_output_dir(root, &root.join("public"), force).is_ok());
        }
    }

    #[test]
    fn an_output_with_dot_dot_cannot_hide_the_site_root() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        let sneaky = site.join("missing/../../site");
        assert!(check_output_dir(&site, &sneaky, true).is_err());
    }
}
