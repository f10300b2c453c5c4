//! Where Zola's file functions (`load_data`, `get_image_metadata`, `resize_image`,
//! `get_url`) look for a path: the site folder, `static/`, `content/`, the theme's
//! `static/`, and, as Zola also looks in its output folder, the built site's copies of
//! content files (`/fr/blog/cover.jpg` for `content/blog/cover.jpg`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::content::Library;

/// The places searched for the site in `root` with the theme `theme`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Places {
    folders: Vec<PathBuf>,
    /// Each content file copied to the output, by its path there.
    built: HashMap<String, PathBuf>,
}

/// The places searched, in order, for the site in `root` with the theme `theme` and the
/// content files of `library`.
pub(super) fn places(root: &Path, theme: Option<&str>, library: &Library) -> Places {
    let mut folders = vec![
        root.to_path_buf(),
        root.join("static"),
        root.join("content"),
    ];
    if let Some(theme) = theme {
        folders.push(crate::config::theme::theme_dir(root, theme).join("static"));
    }
    let built = library
        .assets
        .iter()
        .map(|asset| (asset.output.clone(), asset.source.clone()))
        .collect();
    Places { folders, built }
}

/// The file `path` names in the first of `places` that has it: `@/` stands for `content/`
/// and a leading `/` is dropped. A path with `..` is an error, for `function`.
pub(super) fn find(places: &Places, path: &str, function: &str) -> tera::Result<Option<PathBuf>> {
    let relative = match path.strip_prefix("@/") {
        Some(rest) => format!("content/{rest}"),
        None => path.trim_start_matches('/').to_string(),
    };
    if relative.split(['/', '\\']).any(|part| part == "..") {
        return Err(tera::Error::msg(format!(
            "`{function}`: `{path}` leaves the site folder; give a path inside it"
        )));
    }
    let in_folders = places
        .folders
        .iter()
        .map(|place| place.join(&relative))
        .find(|candidate| candidate.is_file());
    // A built path may hold doubled slashes (`/fr/blog//a.jpg`), which a file system reads as
    // one.
    let built = || {
        let parts: Vec<&str> = relative.split('/').filter(|p| !p.is_empty()).collect();
        places.built.get(&parts.join("/")).cloned()
    };
    Ok(in_folders.or_else(built))
}
