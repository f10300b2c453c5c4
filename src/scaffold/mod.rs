//! `quire new`: a new page made from the site's archetype file (`archetypes/NAME.md`, a Tera
//! template) or from its front matter schema, written only where no file exists yet. The
//! engine knows no kind of page: where the file goes and what it holds come from the site.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::paths::slugify;
use crate::error::{Diagnostic, Diagnostics, collect};
use crate::schema::{Template, path_values};

mod front_matter;

use front_matter::generated;

/// The folder of archetype files at the site root.
pub(crate) const ARCHETYPES: &str = "archetypes";

pub mod init;

/// What `quire new` was asked for: `quire new recipe "Onion soup"`, `quire new blog "My
/// title"`, `quire new post "My title"`, or `quire new 205` for a schema taking `205`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPage {
    /// A schema's name, a section's folder, `post`, or a value a schema's `new.argument`
    /// accepts.
    pub what: String,
    /// The value or title that follows it.
    pub value: Option<String>,
}

/// A page ready to write: its path under `content/` and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Planned {
    /// The path under `content/`.
    pub(crate) relative_path: String,
    /// The whole file.
    pub(crate) text: String,
}

/// What the planner may ask of the site's files.
pub(crate) struct SiteFiles<'a> {
    /// The text of `archetypes/NAME.md` and the path shown for it, if the file exists.
    pub(crate) archetype: &'a dyn Fn(&str) -> Option<(PathBuf, String)>,
    /// True when `content/FOLDER` is a folder.
    pub(crate) is_section: &'a dyn Fn(&str) -> bool,
    /// How `content/` is named in diagnostics.
    pub(crate) content_dir: &'a Path,
}

impl NewPage {
    /// Works out where the new page goes and what it holds, dated `date` (YYYY-MM-DD); a
    /// request it cannot plan is an error at `content/` saying why.
    pub(crate) fn plan(
        &self,
        config: &Config,
        files: &SiteFiles<'_>,
        date: &str,
    ) -> Result<Planned, Diagnostic> {
        self.planned(config, files, date).map_err(|why| {
            Diagnostic::error(files.content_dir, why).with_hint(
                "name a schema (quire new recipe \"Onion soup\"), a section (quire new blog \"My title\") or write quire new post \"My title\"",
            )
        })
    }

    /// As [`NewPage::plan`], with the reason a request is refused, which `plan` places.
    fn planned(
        &self,
        config: &Config,
        files: &SiteFiles<'_>,
        date: &str,
    ) -> Result<Planned, String> {
        let what = self.what.as_str();
        let (schema, relative_path, value, archetypes) =
            if let Some(schema) = config.schemas.get(what) {
                let value = self
                    .value
                    .clone()
                    .ok_or_else(|| format!("give the new page a value: quire new {what} VALUE"))?;
                let path = expand_new_path(&schema.new_path, &value)?;
                (Some(schema), path, value, vec![what.to_string()])
            } else if let (Some(schema), None) = (config.schemas.for_argument(what), &self.value) {
                let path = expand_new_path(&schema.new_path, what)?;
                (
                    Some(schema),
                    path,
                    what.to_string(),
                    vec![schema.name.clone()],
                )
            } else if what == "post" || (files.is_section)(what) {
                let title = self.value.clone().ok_or_else(|| {
                    format!("give the page a title: quire new {what} \"My title\"")
                })?;
                let folder = if what == "post" {
                    String::new()
                } else {
                    format!("{}/", what.trim_matches('/'))
                };
                let template = Template::parse(&format!("{folder}{{slug}}.md"), &["slug"])
                    .map_err(|why| format!("`{what}`: {why}"))?;
                let path = expand_new_path(&template, &title)?;
                let schema = config.schemas.covering(&path).next();
                let mut archetypes: Vec<String> =
                    schema.map(|s| s.name.clone()).into_iter().collect();
                archetypes.push(what.to_string());
                (schema, path, title, archetypes)
            } else {
                return Err(unknown_kind(what, config));
            };
        let names = Names {
            relative_path: &relative_path,
            value: &value,
            date,
        };
        let archetype = archetypes
            .iter()
            .map(String::as_str)
            .chain(["default"])
            .find_map(|name| (files.archetype)(name));
        let text = match archetype {
            Some((shown, text)) => render_archetype(&shown, &text, &names)?,
            None => generated(schema, config, &names),
        };
        Ok(Planned {
            relative_path,
            text,
        })
    }

    /// Plans the page for the site at `root` and writes it under `root/content`, refusing to
    /// replace an existing file; `None` when it was not written, with the reasons in
    /// `diagnostics`. The settings' warnings are left to `quire build`.
    pub fn write(&self, root: &Path, date: &str, diagnostics: &mut Diagnostics) -> Option<PathBuf> {
        let shown_root = if root == Path::new(".") {
            Path::new("")
        } else {
            root
        };
        let mut settings = Diagnostics::default();
        let config = Config::load(root, shown_root, &mut settings);
        let config = match config {
            Some(config) if !settings.has_errors() => config,
            _ => {
                diagnostics.extend(settings);
                return None;
            }
        };
        let archetype = |name: &str| {
            let path = root.join(ARCHETYPES).join(format!("{name}.md"));
            std::fs::read_to_string(&path).ok().map(|text| (path, text))
        };
        let content_dir = root.join("content");
        let is_section = |folder: &str| content_dir.join(folder).is_dir();
        let files = SiteFiles {
            archetype: &archetype,
            is_section: &is_section,
            content_dir: &content_dir,
        };
        let planned = collect(self.plan(&config, &files, date), diagnostics)?;
        let path = content_dir.join(&planned.relative_path);
        collect(write_new_file(&path, &planned.text), diagnostics)?;
        Some(path)
    }
}

fn write_new_file(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)
            .map_err(|e| Diagnostic::io(folder, "create the folder", &e))?;
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|error| {
            if error.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::error(path, "this file exists already; it was left as it was")
                    .with_hint("edit the existing page, or remove it first")
            } else {
                Diagnostic::io(path, "create", &error)
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Diagnostic::io(path, "write", &e))
}

fn unknown_kind(what: &str, config: &Config) -> String {
    let schemas: Vec<&str> = config.schemas.iter().map(|s| s.name.as_str()).collect();
    let known = if schemas.is_empty() {
        String::new()
    } else {
        format!(" (schemas: {})", schemas.join(", "))
    };
    format!("`{what}` is neither a schema{known}, a section folder under content/ nor `post`")
}

/// The new page's path from a template of `{value}` and `{slug}`; it must stay under
/// `content/`. The error is the reason, which [`NewPage::plan`] reports.
fn expand_new_path(template: &Template, value: &str) -> Result<String, String> {
    let slug = slugify(value);
    if template.uses("slug") && slug.is_empty() {
        return Err("the title needs at least one letter or digit".to_string());
    }
    let path = template.expand(&|name| match name {
        "slug" => slug.clone(),
        _ => value.to_string(),
    });
    let safe = !path.starts_with('/')
        && !path.contains('\\')
        && path.ends_with(".md")
        && path
            .split('/')
            .all(|segment| !segment.is_empty() && segment != "." && segment != "..");
    if safe {
        Ok(path)
    } else {
        Err(format!(
            "`{value}` makes the path `{path}`, which is not a .md file under content/"
        ))
    }
}

/// The values templates of a new page are filled with.
struct Names<'a> {
    relative_path: &'a str,
    value: &'a str,
    date: &'a str,
}

impl Names<'_> {
    fn get(&self, name: &str) -> String {
        match name {
            "value" | "title" => self.value.to_string(),
            "slug" => slugify(self.value),
            "date" => self.date.to_string(),
            other => path_values(self.relative_path)(other),
        }
    }
}

/// Renders an archetype file with Tera: `{{ value }}`, `{{ title }}`, `{{ slug }}`,
/// `{{ date }}`, `{{ path }}`, `{{ stem }}` and `{{ folder }}`. The error is the reason,
/// which [`NewPage::plan`] reports.
fn render_archetype(shown: &Path, text: &str, names: &Names<'_>) -> Result<String, String> {
    let mut context = tera::Context::new();
    for name in ["value", "title", "slug", "date", "path", "stem", "folder"] {
        context.insert(name, &names.get(name));
    }
    tera::Tera::one_off(text, &context, false).map_err(|error| {
        let mut why = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(inner) = source {
            why.push_str(&format!(": {inner}"));
            source = inner.source();
        }
        format!("{}: {why}", shown.display())
    })
}

#[cfg(test)]
mod tests;
