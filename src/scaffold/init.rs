//! `quire init [DIR]`: a new site as `zola init` makes it (`zola.toml`, `content/`,
//! `templates/`, `static/`, `themes/`, and `sass/` when Sass is on), answering Zola's three
//! questions from flags, plus starter templates so that the new site builds at once.

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// The answers to `zola init`'s questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSite {
    /// Where to make the site; `.` for the current folder.
    pub dir: PathBuf,
    /// "What is the URL of your site?"
    pub base_url: String,
    /// "Do you want to enable Sass compilation?"
    pub compile_sass: bool,
    /// "Do you want to build a search index of the content?"
    pub build_search_index: bool,
    /// Make the site even in a folder that holds files.
    pub force: bool,
}

/// Zola's defaults for its questions.
pub const DEFAULT_BASE_URL: &str = "https://example.com";

const TEMPLATES: [(&str, &str); 4] = [
    (
        "base.html",
        "<!doctype html>\n<html lang=\"{{ lang }}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{% block title %}{{ config.title }}{% endblock %}</title>\n</head>\n<body>\n<main>\n{% block content %}{% endblock %}\n</main>\n</body>\n</html>\n",
    ),
    (
        "index.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ config.title | default(value=\"My site\") }}</h1>\n{{ section.content | safe }}\n<ul>\n{% for page in section.pages %}<li><a href=\"{{ page.permalink }}\">{{ page.title }}</a></li>\n{% endfor %}</ul>\n{% endblock %}\n",
    ),
    (
        "section.html",
        "{% extends \"base.html\" %}\n{% block title %}{{ section.title }}{% endblock %}\n{% block content %}\n<h1>{{ section.title }}</h1>\n{{ section.content | safe }}\n<ul>\n{% for page in section.pages %}<li><a href=\"{{ page.permalink }}\">{{ page.title }}</a></li>\n{% endfor %}</ul>\n{% endblock %}\n",
    ),
    (
        "page.html",
        "{% extends \"base.html\" %}\n{% block title %}{{ page.title }}{% endblock %}\n{% block content %}\n<h1>{{ page.title }}</h1>\n{{ page.content | safe }}\n{% endblock %}\n",
    ),
];

impl NewSite {
    /// The text of `zola.toml`, as Zola writes it.
    pub(crate) fn config_text(&self) -> String {
        let base_url = self.base_url.replace('\\', "\\\\").replace('"', "\\\"");
        format!(
            "# The URL the site will be built for\nbase_url = \"{base_url}\"\n\n# Whether to automatically compile all Sass files in the sass directory\ncompile_sass = {}\n\n# Whether to build a search index to be used later on by a JavaScript library\nbuild_search_index = {}\n\n[markdown]\n\n[extra]\n# Put all your custom variables here\n",
            self.compile_sass, self.build_search_index
        )
    }

    /// Makes the site; a folder holding anything but hidden files is refused unless `force`.
    pub fn write(&self) -> Result<(), Diagnostic> {
        let dir = &self.dir;
        if !self.force && holds_files(dir)? {
            return Err(Diagnostic::error(
                dir,
                "this folder is not empty (hidden files are ignored)",
            )
            .with_hint("choose a new folder, as in `quire init my-site`, or pass --force"));
        }
        let mut folders = vec!["content", "templates", "static", "themes"];
        if self.compile_sass {
            folders.push("sass");
        }
        for folder in folders {
            let path = dir.join(folder);
            std::fs::create_dir_all(&path)
                .map_err(|e| Diagnostic::io(&path, "create the folder", &e))?;
        }
        write_new(&dir.join("zola.toml"), &self.config_text())?;
        for (name, text) in TEMPLATES {
            write_new(&dir.join("templates").join(name), text)?;
        }
        Ok(())
    }
}

/// True when `dir` exists and holds a file or folder whose name does not start with `.`.
fn holds_files(dir: &Path) -> Result<bool, Diagnostic> {
    if !dir.exists() {
        return Ok(false);
    }
    let entries = std::fs::read_dir(dir).map_err(|e| Diagnostic::io(dir, "read the folder", &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Diagnostic::io(dir, "read the folder", &e))?;
        if !entry.file_name().to_string_lossy().starts_with('.') {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Writes `text` to a new file at `path`, leaving an existing one as it is.
fn write_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if path.exists() {
        return Ok(());
    }
    std::fs::write(path, text).map_err(|e| Diagnostic::io(path, "write", &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_site(dir: &Path) -> NewSite {
        NewSite {
            dir: dir.to_path_buf(),
            base_url: DEFAULT_BASE_URL.to_string(),
            compile_sass: true,
            build_search_index: false,
            force: false,
        }
    }

    #[test]
    fn a_new_site_has_zolas_folders_and_settings() {
        let dir = tempfile::tempdir().unwrap();
        let site = new_site(&dir.path().join("blog"));
        site.write().unwrap();
        for folder in ["content", "templates", "static", "themes", "sass"] {
            assert!(site.dir.join(folder).is_dir(), "{folder}");
        }
        let config = std::fs::read_to_string(site.dir.join("zola.toml")).unwrap();
        insta::assert_snapshot!(config);
    }

    #[test]
    fn a_folder_with_files_is_refused_without_force() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        std::fs::write(dir.path().join(".hidden"), "").unwrap();
        let error = new_site(dir.path()).write().unwrap_err();
        assert!(error.message.contains("not empty"), "{error}");
        assert!(!dir.path().join("zola.toml").exists());
        let forced = NewSite {
            force: true,
            ..new_site(dir.path())
        };
        forced.write().unwrap();
        assert!(dir.path().join("zola.toml").exists());
    }
}
