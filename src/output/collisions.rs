//! Output paths that cannot all be written: two sources making one file, a file where
//! another output needs a folder, and paths that would leave the output folder.

use std::collections::HashMap;
use std::path::Path;

use super::is_safe_relative;
use crate::error::Diagnostic;

/// Errors for output paths written by two sources (compared without case, as on macOS and
/// Windows file systems) and for paths that would leave the output folder; `files` gives each
/// output path with the source that made it.
pub fn collisions<'a>(files: impl IntoIterator<Item = (&'a str, &'a Path)>) -> Vec<Diagnostic> {
    let mut owners: HashMap<String, &Path> = HashMap::new();
    let mut problems = Vec::new();
    for (path, origin) in files {
        if !is_safe_relative(path) {
            problems.push(
                Diagnostic::error(origin, format!("the output path `{path}` would leave the output folder"))
                    .with_hint("use plain names for paginate_path, feed_filenames and stylesheet file names, without `..`, `/` at the start or `\\`"),
            );
            continue;
        }
        match owners.get(&path.to_lowercase()) {
            Some(owner) => problems.push(
                Diagnostic::error(
                    origin,
                    format!("writes {path}, which {} writes too", owner.display()),
                )
                .with_hint("rename or move one of the two files"),
            ),
            None => {
                owners.insert(path.to_lowercase(), origin);
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

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
            let problems = collisions([(bad, Path::new("config.toml"))]);
            assert_eq!(problems.len(), 1, "{bad}");
        }
        assert!(is_safe_relative("blog/page/2/index.html"));
    }

    #[test]
    fn paths_differing_only_in_case_collide() {
        let files = [
            ("A/index.html", Path::new("content/a.md")),
            ("a/index.html", Path::new("static/a/index.html")),
        ];
        let problems = collisions(files);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, Path::new("static/a/index.html"));
    }
}
