//! `quire new`: a new page made from the site's archetype file (`archetypes/NAME.md`, a Tera
//! template) or from its front matter schema, written only where no file exists yet. The
//! engine knows no kind of page: where the file goes and what it holds come from the site.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::config::Config;
use crate::content::paths::slugify;
use crate::error::Diagnostic;
use crate::front_value::Date;
use crate::schema::{Field, Kind, Scalar, Schema, Template, path_values};

/// The folder of archetype files at the site root.
pub const ARCHETYPES: &str = "archetypes";

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
pub struct Planned {
    /// The path under `content/`.
    pub relative_path: String,
    /// The whole file.
    pub text: String,
}

/// What the planner may ask of the site's files.
pub struct SiteFiles<'a> {
    /// The text of `archetypes/NAME.md` and the path shown for it, if the file exists.
    pub archetype: &'a dyn Fn(&str) -> Option<(PathBuf, String)>,
    /// True when `content/FOLDER` is a folder.
    pub is_section: &'a dyn Fn(&str) -> bool,
}

impl NewPage {
    /// Works out where the new page goes and what it holds, dated `date` (YYYY-MM-DD).
    pub fn plan(
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
    /// replace an existing file.
    pub fn write(&self, root: &Path, date: &str) -> Result<PathBuf, Vec<Diagnostic>> {
        let shown_root = if root == Path::new(".") {
            Path::new("")
        } else {
            root
        };
        let (config, problems) = Config::load(root, shown_root).map_err(|problem| vec![problem])?;
        if problems.iter().any(Diagnostic::is_error) {
            return Err(problems);
        }
        let archetype = |name: &str| {
            let path = root.join(ARCHETYPES).join(format!("{name}.md"));
            std::fs::read_to_string(&path).ok().map(|text| (path, text))
        };
        let is_section = |folder: &str| root.join("content").join(folder).is_dir();
        let files = SiteFiles {
            archetype: &archetype,
            is_section: &is_section,
        };
        let planned = self.plan(&config, &files, date).map_err(|why| {
            vec![Diagnostic::error(root.join("content"), why).with_hint(
                "name a schema (quire new recipe \"Onion soup\"), a section (quire new blog \"My title\") or write quire new post \"My title\"",
            )]
        })?;
        let path = root.join("content").join(&planned.relative_path);
        write_new_file(&path, &planned.text).map_err(|problem| vec![problem])?;
        Ok(path)
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
/// `content/`.
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
/// `{{ date }}`, `{{ path }}`, `{{ stem }}` and `{{ folder }}`.
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

/// A page made from the schema: its fields in declared order, with `draft = true`, and the
/// schema's headings (or a first paragraph to replace).
fn generated(schema: Option<&Schema>, config: &Config, names: &Names<'_>) -> String {
    let fields: &[Field] = schema.map_or(&[], |s| &s.fields);
    let declared = |key: &str| fields.iter().any(|f| f.key == key);
    let mut top = Vec::new();
    if !declared("title") {
        top.push(format!("title = {}", toml_string(names.value)));
    }
    let mut tables: Vec<(String, Vec<String>)> = Vec::new();
    if !config.taxonomies.is_empty() {
        tables.push(("taxonomies".to_string(), Vec::new()));
    }
    for field in fields {
        let mut lines = comment(field);
        lines.push(format!(
            "{} = {}",
            key_text(field.name()),
            initial(field, names)
        ));
        match field.table() {
            None => top.extend(lines),
            Some(table) => match tables.iter_mut().find(|(name, _)| *name == table) {
                Some((_, entries)) => entries.extend(lines),
                None => tables.push((table, lines)),
            },
        }
    }
    if !declared("description") {
        top.push("description = \"\"".to_string());
    }
    if !declared("date") {
        top.push(format!("date = {}", names.date));
    }
    if !declared("draft") {
        top.push("draft = true".to_string());
    }
    for taxonomy in &config.taxonomies {
        let key = format!("taxonomies.{}", taxonomy.name);
        if !declared(&key)
            && let Some((_, entries)) = tables.iter_mut().find(|(name, _)| name == "taxonomies")
        {
            entries.push(format!("{} = []", key_text(&taxonomy.name)));
        }
    }
    let mut text = format!("+++\n{}\n", top.join("\n"));
    for (table, entries) in tables {
        text.push_str(&format!("\n[{table}]\n"));
        for entry in entries {
            text.push_str(&entry);
            text.push('\n');
        }
    }
    text.push_str("+++\n");
    match schema.map(|s| s.headings.as_slice()) {
        Some(headings) if !headings.is_empty() => {
            for heading in headings {
                text.push_str(&format!("\n## {heading}\n\nTODO\n"));
            }
        }
        _ => text.push_str("\nWrite the first paragraph here.\n"),
    }
    text
}

/// The comment above a field: its `doc`, else its allowed values.
fn comment(field: &Field) -> Vec<String> {
    if let Some(doc) = &field.doc {
        return vec![format!("# {doc}")];
    }
    if field.one_of.is_empty() {
        return Vec::new();
    }
    let values: Vec<String> = field.one_of.iter().map(Value::to_string).collect();
    vec![format!("# one of {}", values.join(", "))]
}

/// The first value of a field: what its `equals` says, else its default, else its first
/// allowed value, else an empty value of its type.
fn initial(field: &Field, names: &Names<'_>) -> String {
    let lookup = |name: &str| names.get(name);
    if let Some(equals) = field.equals.first() {
        return typed(field.kind, &equals.expand(&lookup), names.date);
    }
    match &field.default {
        Some(Value::String(default)) => {
            let all = ["value", "title", "slug", "date", "stem", "folder", "path"];
            let text = Template::parse(default, &all)
                .map(|template| template.expand(&lookup))
                .unwrap_or_else(|_| default.clone());
            return typed(field.kind, &text, names.date);
        }
        Some(other) => return toml_value(other),
        None => {}
    }
    if let Some(first) = field.one_of.first() {
        return toml_value(first);
    }
    if field.key == "title" {
        return toml_string(names.value);
    }
    match field.kind {
        Kind::Array(_) => "[]".to_string(),
        Kind::Scalar(Scalar::Integer) => format!("{}", field.min.unwrap_or(0.0) as i64),
        Kind::Scalar(Scalar::Float) => format!("{:?}", field.min.unwrap_or(0.0)),
        Kind::Scalar(Scalar::Boolean) => "false".to_string(),
        Kind::Scalar(Scalar::Date) => names.date.to_string(),
        Kind::Any | Kind::Scalar(Scalar::String | Scalar::Url) => "\"\"".to_string(),
    }
}

/// `text` as a TOML value of the field's type where it reads as one, else as a string.
fn typed(kind: Kind, text: &str, today: &str) -> String {
    let bare = match kind {
        Kind::Scalar(Scalar::Integer) => text.parse::<i64>().is_ok(),
        Kind::Scalar(Scalar::Float) => text.parse::<f64>().is_ok(),
        Kind::Scalar(Scalar::Boolean) => text == "true" || text == "false",
        Kind::Scalar(Scalar::Date) => Date::parse(text).is_ok(),
        _ => false,
    };
    match (bare, kind) {
        (true, _) => text.to_string(),
        (false, Kind::Scalar(Scalar::Date)) => today.to_string(),
        _ => toml_string(text),
    }
}

fn toml_value(value: &Value) -> String {
    match value {
        Value::String(text) => toml_string(text),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(toml_value).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let entries: Vec<String> = map
                .iter()
                .map(|(key, value)| format!("{} = {}", key_text(key), toml_value(value)))
                .collect();
            format!("{{ {} }}", entries.join(", "))
        }
        Value::Null => "\"\"".to_string(),
        other => other.to_string(),
    }
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A key as TOML writes it: bare when it can be.
fn key_text(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        key.to_string()
    } else {
        toml_string(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"base_url = "https://example.org/"
taxonomies = [{ name = "tags" }]

[schemas.recipe]
pages = ["recipes/*.md"]
headings = ["Ingredients", "Method"]

[schemas.recipe.fields]
title = { required = true, type = "string" }
"extra.serves" = { type = "integer", min = 1, doc = "how many people" }
"extra.course" = { one_of = ["starter", "main"] }
"extra.source" = { type = "url" }
"extra.stem" = { type = "string", equals = "{stem}" }

[schemas.episode]
pages = ["s[1-9]/*.md"]
new = { path = "s{value:1}/{value}.md", argument = "^[1-9][0-9][0-9]$" }
fields = { "extra.number" = { type = "integer", equals = "{stem}" }, weight = { type = "integer", default = "{value}" } }
"#;

    fn config() -> Config {
        let (config, problems) = Config::parse(Path::new("config.toml"), CONFIG).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        config
    }

    fn plan_with(
        what: &str,
        value: Option<&str>,
        archetypes: &[(&str, &str)],
    ) -> Result<Planned, String> {
        let archetype = |name: &str| {
            archetypes
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(n, text)| {
                    (
                        PathBuf::from(format!("archetypes/{n}.md")),
                        text.to_string(),
                    )
                })
        };
        let is_section = |folder: &str| folder == "recipes" || folder == "blog";
        let files = SiteFiles {
            archetype: &archetype,
            is_section: &is_section,
        };
        let page = NewPage {
            what: what.to_string(),
            value: value.map(str::to_string),
        };
        page.plan(&config(), &files, "2026-11-25")
    }

    fn plan(what: &str, value: Option<&str>) -> Result<Planned, String> {
        plan_with(what, value, &[])
    }

    #[test]
    fn a_schema_page_gets_its_fields_in_order_and_its_headings() {
        let planned = plan("recipe", Some("Onion soup")).unwrap();
        assert_eq!(planned.relative_path, "recipes/onion-soup.md");
        insta::assert_snapshot!(planned.text);
    }

    #[test]
    fn a_value_matching_a_schema_argument_picks_the_schema() {
        let planned = plan("418", None).unwrap();
        assert_eq!(planned.relative_path, "s4/418.md");
        assert_eq!(
            planned.text,
            "+++\ntitle = \"418\"\nweight = 418\ndescription = \"\"\ndate = 2026-11-25\ndraft = true\n\n[taxonomies]\ntags = []\n\n[extra]\nnumber = 418\n+++\n\nWrite the first paragraph here.\n"
        );
        assert!(plan("42", None).is_err(), "no schema takes 42");
    }

    #[test]
    fn a_section_page_takes_the_schema_covering_it() {
        let planned = plan("recipes", Some("Pie")).unwrap();
        assert_eq!(planned.relative_path, "recipes/pie.md");
        assert!(
            planned.text.contains("\n## Ingredients\n"),
            "{}",
            planned.text
        );
        let post = plan("blog", Some("Why \"Pie\" again?")).unwrap();
        assert_eq!(post.relative_path, "blog/why-pie-again.md");
        assert!(
            post.text
                .starts_with("+++\ntitle = \"Why \\\"Pie\\\" again?\"\n"),
            "{}",
            post.text
        );
        assert_eq!(plan("post", Some("Hi")).unwrap().relative_path, "hi.md");
    }

    #[test]
    fn an_archetype_file_wins_over_the_schema() {
        let archetypes = [(
            "recipe",
            "+++\ntitle = \"{{ title }}\"\ndate = {{ date }}\n+++\n{{ stem }} in {{ folder }}\n",
        )];
        let planned = plan_with("recipe", Some("Pie"), &archetypes).unwrap();
        assert_eq!(
            planned.text,
            "+++\ntitle = \"Pie\"\ndate = 2026-11-25\n+++\npie in recipes\n"
        );
        let fallback = [("default", "{{ path }}")];
        assert_eq!(
            plan_with("blog", Some("A b"), &fallback).unwrap().text,
            "blog/a-b.md"
        );
        let broken = [("default", "{{ nope(")];
        let error = plan_with("blog", Some("A"), &broken).unwrap_err();
        assert!(error.starts_with("archetypes/default.md: "), "{error}");
    }

    #[test]
    fn bad_requests_are_refused_with_a_reason() {
        assert!(
            plan("teapot", None)
                .unwrap_err()
                .contains("schemas: episode, recipe")
        );
        assert!(
            plan("recipe", None)
                .unwrap_err()
                .contains("quire new recipe VALUE")
        );
        assert!(plan("post", None).is_err());
        assert!(
            plan("post", Some("!!!"))
                .unwrap_err()
                .contains("letter or digit")
        );
        assert!(
            plan("episode", Some("../../x"))
                .unwrap_err()
                .contains("not a .md file under content/")
        );
    }

    #[test]
    fn existing_files_are_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), CONFIG).unwrap();
        let page = NewPage {
            what: "599".to_string(),
            value: None,
        };
        let first = page.write(dir.path(), "2026-11-25").unwrap();
        assert_eq!(first, dir.path().join("content/s5/599.md"));
        std::fs::write(&first, "mine").unwrap();
        let error = page.write(dir.path(), "2026-11-25").unwrap_err();
        assert!(error[0].message.contains("exists already"), "{error:?}");
        assert_eq!(std::fs::read_to_string(first).unwrap(), "mine");
    }
}
