//! Sass: with `compile_sass = true`, every `sass/**/*.scss` and `*.sass` that is not a partial
//! (no part of its path starts with `_`) is compiled with `grass`, compressed as Zola does, to
//! CSS at the same relative path (`sass/a/b.scss` → `a/b.css`). A theme's `sass/` is compiled
//! first, so a site file of the same name wins.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::content::walk::walk_files_in_site;
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::output::OutputFile;

/// A folder of Sass sources and how it is named in diagnostics.
#[derive(Debug, Clone)]
pub(crate) struct SassDir {
    pub(crate) dir: PathBuf,
    pub(crate) shown_dir: PathBuf,
}

/// The site root, as read and as named in diagnostics, for placing errors in imported files.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Roots<'a> {
    pub(crate) root: &'a Path,
    pub(crate) shown_root: &'a Path,
}

/// Compiles every non-partial stylesheet of `dirs` (later folders win over earlier ones at
/// the same output path) into CSS files, with the problems met in `diagnostics`.
pub(crate) fn compile(
    dirs: &[SassDir],
    roots: Roots,
    diagnostics: &mut Diagnostics,
) -> Vec<OutputFile> {
    let mut outputs: BTreeMap<String, OutputFile> = BTreeMap::new();
    for sass in dirs.iter().filter(|sass| sass.dir.is_dir()) {
        let files = walk_files_in_site(&sass.dir, &sass.shown_dir, roots.root, diagnostics);
        // Output path → the source compiled to it, to refuse `a.scss` beside `a.sass`.
        let mut from_here: BTreeMap<String, PathBuf> = BTreeMap::new();
        for file in files.iter().filter(|f| is_entry_point(&f.relative)) {
            let shown = sass.shown_dir.join(&file.relative);
            let output = css_path(&file.relative);
            if let Some(first) = from_here.get(&output) {
                diagnostics.push(
                    Diagnostic::error(
                        &shown,
                        format!("this file and {} both compile to {output}", first.display()),
                    )
                    .with_hint("rename or remove one of them"),
                );
                continue;
            }
            from_here.insert(output.clone(), shown.clone());
            match compile_file(&file.absolute, roots) {
                Ok(css) => {
                    outputs.insert(output.clone(), OutputFile::text(output, css, shown));
                }
                Err(problem) => diagnostics.push(problem),
            }
        }
    }
    outputs.into_values().collect()
}

/// True for `.scss` and `.sass` files none of whose path parts starts with `_`.
fn is_entry_point(relative: &str) -> bool {
    let is_sass = relative.ends_with(".scss") || relative.ends_with(".sass");
    is_sass && relative.split('/').all(|part| !part.starts_with('_'))
}

/// `a/b.scss` → `a/b.css`.
fn css_path(relative: &str) -> String {
    let stem = relative.rsplit_once('.').map_or(relative, |(stem, _)| stem);
    format!("{stem}.css")
}

/// Compiles one stylesheet; an error is placed in the file (perhaps an imported partial)
/// where grass found it.
fn compile_file(path: &Path, roots: Roots) -> Result<String, Diagnostic> {
    let options = grass::Options::default().style(grass::OutputStyle::Compressed);
    grass::from_path(path, &options).map_err(|error| sass_error(*error, path, roots))
}

/// A grass error as a diagnostic naming the file, line and column.
fn sass_error(error: grass::Error, entry: &Path, roots: Roots) -> Diagnostic {
    let shown = |path: &Path| match path.strip_prefix(roots.root) {
        Ok(relative) => roots.shown_root.join(relative),
        Err(_) => path.to_path_buf(),
    };
    let hint = "fix the Sass at that place; partials (files starting with `_`) are only compiled where they are imported";
    match error.kind() {
        grass::ErrorKind::ParseError { message, loc, .. } => {
            let file = PathBuf::from(loc.file.name());
            Diagnostic::error(shown(&file), format!("Sass: {message}"))
                .at(Location {
                    line: loc.begin.line + 1,
                    column: loc.begin.column + 1,
                })
                .built_for(shown(entry))
                .with_hint(hint)
        }
        grass::ErrorKind::IoError(io) => Diagnostic::io(shown(entry), "compile the Sass", &io),
        grass::ErrorKind::FromUtf8Error(text) => {
            Diagnostic::error(shown(entry), format!("Sass: {text}"))
                .with_hint("save the stylesheet and what it imports as UTF-8")
        }
        _ => {
            Diagnostic::error(shown(entry), "Sass: the stylesheet does not compile").with_hint(hint)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partials_are_not_entry_points() {
        assert!(is_entry_point("site.scss"));
        assert!(is_entry_point("a/b.sass"));
        assert!(!is_entry_point("_vars.scss"));
        assert!(!is_entry_point("_lib/b.scss"));
        assert!(!is_entry_point("notes.css"));
        assert_eq!(css_path("a/b.scss"), "a/b.css");
    }

    #[test]
    fn an_error_names_the_imported_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let sass = dir.path().join("sass");
        std::fs::create_dir_all(&sass).unwrap();
        std::fs::write(
            sass.join("site.scss"),
            "@import \"vars\";\na { color: $c; }\n",
        )
        .unwrap();
        std::fs::write(sass.join("_vars.scss"), "$c: red;\nb { width: 1px +; }\n").unwrap();
        let dirs = [SassDir {
            dir: sass,
            shown_dir: PathBuf::from("sass"),
        }];
        let roots = Roots {
            root: dir.path(),
            shown_root: Path::new(""),
        };
        let mut problems = Diagnostics::default();
        let files = compile(&dirs, roots, &mut problems);
        assert!(files.is_empty());
        let shown: Vec<String> = problems.iter().map(|p| p.place()).collect();
        assert_eq!(shown, vec!["sass/_vars.scss:2:12".to_string()]);
    }
}
