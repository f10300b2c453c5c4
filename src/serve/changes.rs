//! What a set of changed files asks of a served site: one page, templates, Sass, static
//! files, or a full build. A theme's folders count as the site's.

use std::path::{Path, PathBuf};

/// What a set of changed paths asks of the site.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Change {
    /// One Markdown file under `content/`, by its path there.
    Page(String),
    /// Only templates.
    Templates,
    /// Only files under `static/`, by their paths there.
    Static(Vec<String>),
    /// Only Sass files (the site's `sass/` or a theme's).
    Sass,
    /// Anything else: settings, several pages, new or removed files.
    Other,
}

/// Sorts `changed` (absolute paths from the watcher) by what they touch under `root`.
pub(super) fn classify(changed: &[PathBuf], root: &Path) -> Change {
    // No paths (a watcher error) means nothing is known of what changed.
    if changed.is_empty() {
        return Change::Other;
    }
    let under = |folder: &str| -> Option<Vec<String>> {
        let base = root.join(folder);
        let base = base.canonicalize().unwrap_or(base);
        changed
            .iter()
            .map(|path| {
                // A removed file cannot be canonicalized; its folder can.
                let path = match (path.parent(), path.file_name()) {
                    (Some(parent), Some(name)) => parent
                        .canonicalize()
                        .unwrap_or_else(|_| parent.to_path_buf())
                        .join(name),
                    _ => path.clone(),
                };
                path.strip_prefix(&base)
                    .ok()
                    .map(crate::content::walk::to_slash_path)
            })
            .collect()
    };
    if let Some(pages) = under("content")
        && let [page] = pages.as_slice()
        && page.ends_with(".md")
    {
        return Change::Page(page.clone());
    }
    if under("templates").is_some() {
        return Change::Templates;
    }
    if under("sass").is_some() {
        return Change::Sass;
    }
    if let Some(files) = under("static") {
        return Change::Static(files);
    }
    // A theme's folders are classified as the site's.
    match under("themes").as_deref().and_then(theme_change) {
        Some(change) => change,
        None => Change::Other,
    }
}

/// What edits of `paths` under `themes/` (as `NAME/templates/...`) ask for, when they are all
/// in one kind of theme folder.
fn theme_change(paths: &[String]) -> Option<Change> {
    let folder = |path: &str| path.split('/').nth(1).map(str::to_string);
    let first = folder(paths.first()?)?;
    if !paths
        .iter()
        .all(|path| folder(path).as_deref() == Some(first.as_str()))
    {
        return None;
    }
    match first.as_str() {
        "templates" => Some(Change::Templates),
        "sass" => Some(Change::Sass),
        _ => None,
    }
}
