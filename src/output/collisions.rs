//! Output paths that cannot all be written: two sources making one file, a file where
//! another output needs a folder, and paths that would leave the output folder.

use std::collections::HashMap;

use super::{MARKER, in_place, is_safe_relative};
use crate::error::{Diagnostic, Diagnostics, Origin};
use crate::names::{comparable, is_windows_reserved};

/// Errors for output paths that cannot all be written, each naming both sources where there
/// are two: paths written twice (compared without case and in one Unicode normalization, as
/// on macOS and Windows), a file where another output needs a folder (`robots.txt` made both
/// by a page's `path` and as a folder of another), names Windows reserves (`con`, `nul.txt`),
/// paths that would leave the output folder, and the names of Quire's own files in the output
/// (its marker, and the lock and staging folder of a build in place). `files` gives each output path with the
/// source that made it.
pub(crate) fn collisions<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a Origin)>,
    diagnostics: &mut Diagnostics,
) {
    let mut owners: HashMap<String, (&str, &Origin)> = HashMap::new();
    // Each folder the output needs, with the first file that needs it.
    let mut folders: HashMap<String, (&str, &Origin)> = HashMap::new();
    for (path, origin) in files {
        if let Some(problem) = unsafe_path(path, origin) {
            diagnostics.push(problem);
            continue;
        }
        let key = comparable(path);
        match owners.get(&key) {
            Some((_, owner)) => diagnostics.push(
                Diagnostic::error(origin, format!("writes {path}, which {owner} writes too"))
                    .with_hint("rename or move one of the two files"),
            ),
            None => {
                owners.insert(key.clone(), (path, origin));
            }
        }
        for (at, _) in key.match_indices('/') {
            folders
                .entry(key[..at].to_string())
                .or_insert((path, origin));
        }
    }
    let mut clashes: Vec<_> = owners
        .iter()
        .filter_map(|(key, file)| folders.get(key).map(|needs| (*file, *needs)))
        .collect();
    clashes.sort();
    for ((file, file_origin), (inner, inner_origin)) in clashes {
        diagnostics.push(
            Diagnostic::error(
                file_origin,
                format!(
                    "writes the file {file}, where {inner_origin} needs a folder of that name for {inner}"
                ),
            )
            .with_hint(
                "rename or move one of the two, or change the `path` that makes one of them",
            ),
        );
    }
}

/// The error for a path that leaves the output folder, that Windows cannot hold, or that is
/// one of Quire's own files.
fn unsafe_path(path: &str, origin: &Origin) -> Option<Diagnostic> {
    if !is_safe_relative(path) {
        let message = if path.split('/').any(str::is_empty) && !path.starts_with('/') {
            format!("the output path `{path}` has a folder with an empty name")
        } else {
            format!("the output path `{path}` would leave the output folder")
        };
        return Some(Diagnostic::error(origin, message).with_hint(
            "use plain names for paginate_path, feed_filenames and stylesheet file names, without `..`, `/` at the start or `\\`",
        ));
    }
    let first = path.split('/').next().unwrap_or(path);
    if [MARKER, in_place::STAGING, in_place::LOCK]
        .iter()
        .any(|own| first.eq_ignore_ascii_case(own))
    {
        return Some(
            Diagnostic::error(
                origin,
                format!("the output path `{path}` starts with `{first}`, a name Quire keeps for its own files in the output"),
            )
            .with_hint("rename the file, folder or slug"),
        );
    }
    let reserved = path.split('/').find(|s| is_windows_reserved(s))?;
    Some(
        Diagnostic::error(
            origin,
            format!("the output path `{path}` uses `{reserved}`, a name Windows reserves for a device"),
        )
        .with_hint("rename the file, folder, slug or term so the site can be deployed and cloned everywhere"),
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The problems `collisions` finds in (output path, origin) pairs.
    fn clashes(files: &[(&str, Origin)]) -> Vec<Diagnostic> {
        let mut problems = Diagnostics::default();
        collisions(
            files.iter().map(|(path, origin)| (*path, origin)),
            &mut problems,
        );
        problems.into_iter().collect()
    }

    #[test]
    fn output_paths_that_leave_the_folder_are_errors() {
        for bad in [
            "../x/index.html",
            "/etc/x.css",
            "a//b.html",
            "a/./b",
            "a\\b",
            "c:/x",
        ] {
            assert!(!is_safe_relative(bad), "{bad}");
            let problems = clashes(&[(bad, Origin::from("config.toml"))]);
            assert_eq!(problems.len(), 1, "{bad}");
        }
        assert!(is_safe_relative("blog/page/2/index.html"));
    }

    #[test]
    fn paths_differing_only_in_case_collide() {
        let files = [
            ("A/index.html", Origin::from("content/a.md")),
            ("a/index.html", Origin::from("static/a/index.html")),
        ];
        let problems = clashes(&files);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].origin, Path::new("static/a/index.html"));
    }

    #[test]
    fn a_file_where_another_output_needs_a_folder_is_named_with_both_sources() {
        let problems = clashes(&[
            ("a", Origin::from("static/a")),
            ("a/index.html", Origin::from("content/a.md")),
            ("robots.txt", Origin::from("content/r.md")),
            ("robots.txt/index.html", Origin::from("content/r2.md")),
        ]);
        let messages: Vec<String> = problems
            .iter()
            .map(|d| format!("{}: {}", d.origin, d.message))
            .collect();
        assert_eq!(
            messages,
            [
                "static/a: writes the file a, where content/a.md needs a folder of that name for a/index.html",
                "content/r.md: writes the file robots.txt, where content/r2.md needs a folder of that name for robots.txt/index.html",
            ]
        );
    }

    #[test]
    fn names_in_nfc_and_nfd_collide_and_reserved_names_are_refused() {
        let problems = clashes(&[
            ("caf\u{e9}/index.html", Origin::from("content/caf\u{e9}.md")),
            (
                "cafe\u{301}/index.html",
                Origin::from("content/cafe\u{301}.md"),
            ),
            ("tags/con/index.html", Origin::from("content/t.md")),
            ("nul.txt", Origin::from("static/nul.txt")),
        ]);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].message.contains("writes too"));
        assert!(
            problems[1]
                .message
                .contains("`con`, a name Windows reserves")
        );
        assert!(problems[2].message.contains("`nul.txt`"));
    }

    #[test]
    fn the_names_quire_keeps_in_the_output_are_refused() {
        let problems = clashes(&[
            (".quire-new/index.html", Origin::from("content/a.md")),
            (".Quire-Lock", Origin::from("content/b.md")),
            (".quire-output", Origin::from("content/c.md")),
            (".quire-newer/index.html", Origin::from("content/d.md")),
        ]);
        let blamed: Vec<_> = problems.iter().map(|d| d.origin.to_string()).collect();
        assert_eq!(blamed, ["content/a.md", "content/b.md", "content/c.md"]);
        assert!(
            problems[0].message.contains("a name Quire keeps"),
            "{problems:?}"
        );
    }
}
