//! Where templates come from: the site's `templates/` and, with `theme = "NAME"`, the theme's
//! `themes/NAME/templates/`. As in Zola, a theme template is known by its own name (unless the
//! site has a template of that name, which wins) and always as `NAME/templates/...`, so a
//! site template can extend the theme's version of itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::content::document::read_text;
use crate::content::walk::{walk_files, walk_files_in_site};
use crate::error::{Diagnostic, Diagnostics};

/// The folders templates are read from.
#[derive(Debug, Clone)]
pub(crate) struct TemplateDirs {
    /// The site's `templates/`.
    pub(crate) dir: PathBuf,
    /// How the site's `templates/` is named in diagnostics.
    pub(crate) shown_dir: PathBuf,
    /// The theme's templates, when the site has a theme.
    pub(crate) theme: Option<ThemeTemplates>,
}

/// A theme's templates folder.
#[derive(Debug, Clone)]
pub(crate) struct ThemeTemplates {
    /// The theme's name (`themes/NAME`).
    pub(crate) name: String,
    /// `themes/NAME/templates`.
    pub(crate) dir: PathBuf,
    /// How that folder is named in diagnostics.
    pub(crate) shown_dir: PathBuf,
    /// The site root, which links in the theme may lead into.
    pub(crate) site_root: PathBuf,
}

impl TemplateDirs {
    /// Templates from `dir` only.
    pub(crate) fn site(dir: &Path, shown_dir: &Path) -> TemplateDirs {
        TemplateDirs {
            dir: dir.to_path_buf(),
            shown_dir: shown_dir.to_path_buf(),
            theme: None,
        }
    }

    /// The templates of the site at `root` (named `shown_root` in diagnostics), with its
    /// theme's when `theme` names one.
    pub(crate) fn of_site(root: &Path, shown_root: &Path, theme: Option<&str>) -> TemplateDirs {
        TemplateDirs {
            theme: theme.map(|name| ThemeTemplates {
                name: name.to_string(),
                dir: crate::config::theme::theme_dir(root, name).join("templates"),
                shown_dir: crate::config::theme::theme_dir(shown_root, name).join("templates"),
                site_root: root.to_path_buf(),
            }),
            ..TemplateDirs::site(&root.join("templates"), &shown_root.join("templates"))
        }
    }
}

/// One template's text and the file it was read from, as named in diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Source {
    pub(crate) text: String,
    pub(crate) shown: PathBuf,
}

/// Every template by name; problems reading any of them are collected.
pub(crate) fn read_sources(
    dirs: &TemplateDirs,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Source> {
    let mut sources = BTreeMap::new();
    let theme_has_templates = dirs.theme.as_ref().is_some_and(|theme| theme.dir.is_dir());
    if !dirs.dir.is_dir() && !theme_has_templates {
        diagnostics.push(
            Diagnostic::error(&dirs.shown_dir, "the templates folder is missing").with_hint(
                "create templates/ with at least index.html, section.html and page.html, or set `theme`",
            ),
        );
        return sources;
    }
    if let Some(theme) = &dirs.theme {
        let files = walk_files_in_site(&theme.dir, &theme.shown_dir, &theme.site_root, diagnostics);
        for file in files {
            let shown = theme.shown_dir.join(&file.relative);
            match read_text(&file.absolute, &shown) {
                Ok(text) => {
                    let source = Source { text, shown };
                    let full_name = format!("{}/templates/{}", theme.name, file.relative);
                    sources.insert(file.relative, source.clone());
                    sources.insert(full_name, source);
                }
                Err(problem) => diagnostics.push(problem),
            }
        }
    }
    if dirs.dir.is_dir() {
        for file in walk_files(&dirs.dir, &dirs.shown_dir, diagnostics) {
            let shown = dirs.shown_dir.join(&file.relative);
            match read_text(&file.absolute, &shown) {
                Ok(text) => {
                    sources.insert(file.relative, Source { text, shown });
                }
                Err(problem) => diagnostics.push(problem),
            }
        }
    }
    sources
}
