//! `quire new`: a new article with complete front matter and the sections every status
//! article has, written only where no file exists yet; `quire init` ([`init`]): a new site.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::content::paths::slugify;
use crate::error::Diagnostic;

pub mod init;

/// The sections of a status article, in order (`quire check` and the tests expect them).
pub const STATUS_SECTIONS: [&str; 9] = [
    "What it means",
    "When a server sends it",
    "Common causes",
    "How to fix it as a client",
    "How to fix it on the server",
    "Should you retry?",
    "Example",
    "Related codes",
    "Specification",
];

/// What to scaffold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewArticle {
    /// A status code article, `content/<class>/<code>.md`.
    Status(u16),
    /// A plain post, `content/<slug>.md`.
    Post(String),
}

impl NewArticle {
    /// The path under `content/` and the text of the new file, dated `date` (YYYY-MM-DD).
    pub fn render(&self, date: &str) -> Result<(String, String), String> {
        match self {
            NewArticle::Status(code) => {
                if !(100..=599).contains(code) {
                    return Err(format!("{code} is not an HTTP status code (100 to 599)"));
                }
                Ok((
                    format!("{}xx/{code}.md", code / 100),
                    status_text(*code, date),
                ))
            }
            NewArticle::Post(title) => {
                let slug = slugify(title);
                if slug.is_empty() {
                    return Err("the title needs at least one letter or digit".to_string());
                }
                let title = title.replace('\\', "\\\\").replace('"', "\\\"");
                Ok((
                    format!("{slug}.md"),
                    format!(
                        "+++\ntitle = \"{title}\"\ndescription = \"\"\ndate = {date}\ndraft = true\n\n[taxonomies]\ntags = []\n+++\n\nWrite the first paragraph here.\n"
                    ),
                ))
            }
        }
    }

    /// Writes the new article under `root/content`, refusing to replace an existing file.
    pub fn write(&self, root: &Path, date: &str) -> Result<PathBuf, Diagnostic> {
        let (relative, text) = self.render(date).map_err(|why| {
            Diagnostic::error(root.join("content"), why)
                .with_hint("quire new 418, or quire new post \"My title\"")
        })?;
        let path = root.join("content").join(&relative);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)
                .map_err(|e| Diagnostic::io(folder, "create the folder", &e))?;
        }
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|error| {
                if error.kind() == std::io::ErrorKind::AlreadyExists {
                    Diagnostic::error(&path, "this file exists already; it was left as it was")
                        .with_hint("edit the existing article, or remove it first")
                } else {
                    Diagnostic::io(&path, "create", &error)
                }
            })?;
        file.write_all(text.as_bytes())
            .map_err(|e| Diagnostic::io(&path, "write", &e))?;
        Ok(path)
    }
}

fn status_text(code: u16, date: &str) -> String {
    let class = format!("{}xx", code / 100);
    let mut text = format!(
        "+++\ntitle = \"How to fix HTTP {code}\"\ndescription = \"\"\ndate = {date}\npath = \"{code}\"\nweight = {code}\ndraft = true\n\n[taxonomies]\ntags = []\n\n[extra]\ncode = {code}\nreason = \"\"\nclass = \"{class}\"\n# \"iana\" for registered codes, else the vendor: \"nginx\", \"cloudflare\", \"aws\", ...\nofficial = \"iana\"\nspec = \"\"\nspec_url = \"\"\n# \"yes\", \"no\" or \"conditional\"\nretry = \"conditional\"\nretry_note = \"\"\ncacheable = false\nheaders = []\nrelated = []\n+++\n"
    );
    for section in STATUS_SECTIONS {
        text.push_str(&format!("\n## {section}\n\nTODO\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_article_has_front_matter_and_every_section() {
        let (path, text) = NewArticle::Status(418).render("2026-11-25").unwrap();
        assert_eq!(path, "4xx/418.md");
        insta::assert_snapshot!(text);
    }

    #[test]
    fn a_post_gets_a_slug_and_escaped_title() {
        let (path, text) = NewArticle::Post("Why \"503\" again?".to_string())
            .render("2026-11-25")
            .unwrap();
        assert_eq!(path, "why-503-again.md");
        assert!(
            text.starts_with("+++\ntitle = \"Why \\\"503\\\" again?\"\n"),
            "{text}"
        );
    }

    #[test]
    fn codes_out_of_range_are_refused() {
        assert!(NewArticle::Status(42).render("2026-11-25").is_err());
    }

    #[test]
    fn existing_files_are_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let first = NewArticle::Status(599)
            .write(dir.path(), "2026-11-25")
            .unwrap();
        std::fs::write(&first, "mine").unwrap();
        let error = NewArticle::Status(599)
            .write(dir.path(), "2026-11-25")
            .unwrap_err();
        assert!(error.message.contains("exists already"), "{error}");
        assert_eq!(std::fs::read_to_string(first).unwrap(), "mine");
    }
}
