//! Where Zola's file functions (`load_data`, `get_image_metadata`) look for a path: the site
//! folder, `static/`, `content/`, then the theme's `static/`.

use std::path::{Path, PathBuf};

/// The folders searched, in order, for the site in `root` with the theme `theme`.
pub(super) fn places(root: &Path, theme: Option<&str>) -> Vec<PathBuf> {
    let mut places = vec![
        root.to_path_buf(),
        root.join("static"),
        root.join("content"),
    ];
    if let Some(theme) = theme {
        places.push(crate::config::theme::theme_dir(root, theme).join("static"));
    }
    places
}

/// The file `path` names in the first of `places` that has it: `@/` stands for `content/`
/// and a leading `/` is dropped. A path with `..` is an error, for `function`.
pub(super) fn find(
    places: &[PathBuf],
    path: &str,
    function: &str,
) -> tera::Result<Option<PathBuf>> {
    let relative = match path.strip_prefix("@/") {
        Some(rest) => format!("content/{rest}"),
        None => path.trim_start_matches('/').to_string(),
    };
    if relative.split(['/', '\\']).any(|part| part == "..") {
        return Err(tera::Error::msg(format!(
            "`{function}`: `{path}` leaves the site folder; give a path inside it"
        )));
    }
    Ok(places
        .iter()
        .map(|place| place.join(&relative))
        .find(|candidate| candidate.is_file()))
}
