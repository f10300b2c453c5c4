//! Front matter schemas declared by the site: `[schemas.NAME]` tables in `config.toml` say
//! which pages they cover and what each front matter key must hold; `quire check` fails on
//! violations, `quire build` warns, and `quire new NAME` writes a page that follows them. The
//! engine knows no site's rules: everything a schema checks comes from its declaration.
//!
//! ```toml
//! [schemas.recipe]
//! pages = ["recipes/*.md"]
//! headings = ["Ingredients", "Method"]
//! new = { path = "recipes/{slug}.md" }
//!
//! [schemas.recipe.fields]
//! title = { required = true, type = "string", min_length = 1 }
//! "extra.serves" = { required = true, type = "integer", min = 1, max = 12 }
//! "extra.source" = { type = "url" }
//! "extra.see_also" = { type = "array", items = "string", page = "recipes/{value}.md" }
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::Regex;
use serde::Deserialize;
use serde_json::Value;
use toml::Spanned;

use crate::error::{Diagnostic, Location, Severity};

mod front;
mod rules;
mod template;

use front::FrontMatter;
pub use template::Template;

/// The placeholders a field's `equals` and `page` can name, besides `{value}` for `page`.
const PAGE_NAMES: [&str; 3] = ["stem", "folder", "path"];

/// One `[schemas.NAME]` table as written in `config.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SchemaConfig {
    /// Globs of paths under `content/` the schema covers: `blog/*.md`, `docs/**/*.md`. A `*`
    /// stays within a folder; sections (`_index.md`) are never covered.
    pub pages: Vec<String>,
    /// The level-2 headings each covered page has, in this order; `quire new` writes them.
    pub headings: Vec<String>,
    /// The rules for front matter keys, by dotted key: `title`, `extra.serves`.
    pub fields: BTreeMap<String, Spanned<FieldConfig>>,
    /// How `quire new` names a new page.
    pub new: NewConfig,
}

/// What `quire new` needs to know about a schema.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewConfig {
    /// Where the new page goes under `content/`, from `{value}` (the argument) and `{slug}`
    /// (its slug): `blog/{slug}.md`. By default the first folder of `pages` and `{slug}.md`.
    pub path: Option<String>,
    /// A regex: `quire new ARGUMENT` with no schema named picks this schema when the argument
    /// matches it (`quire new 418` for `^[1-5][0-9][0-9]$`).
    pub argument: Option<String>,
}

/// The rules for one front matter key, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FieldConfig {
    /// The key must be present.
    pub required: bool,
    /// `string`, `integer`, `float`, `boolean`, `date`, `url` (absolute `http(s)://` only) or
    /// `array`; any type when absent.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// For `array`: the type of each element.
    pub items: Option<String>,
    /// The allowed values (of each element, for arrays).
    pub one_of: Vec<Value>,
    /// The smallest number allowed.
    pub min: Option<f64>,
    /// The largest number allowed.
    pub max: Option<f64>,
    /// The fewest characters of a string, or elements of an array.
    pub min_length: Option<usize>,
    /// The most characters of a string, or elements of an array.
    pub max_length: Option<usize>,
    /// A regex the text must match somewhere (anchor it with `^...$` to match all of it).
    pub pattern: Option<String>,
    /// The value must equal this template of the file's path: `{stem}` (the file name
    /// without `.md`), `{folder}` (the folder's name), `{path}` (under `content/`); or each
    /// of a list of them.
    pub equals: Option<OneOrMany>,
    /// The value (each element, for arrays) names a page or section: this template, with
    /// `{value}` replaced, is its path under `content/` (`recipes/{value}.md`).
    pub page: Option<String>,
    /// What `quire new` writes; a string may use the placeholders of `equals` and `{value}`.
    pub default: Option<Value>,
    /// A sentence for authors: shown in hints and as a comment in new pages.
    pub doc: Option<String>,
}

/// One template, or a list of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// `equals = "{stem}"`.
    One(String),
    /// `equals = ["{folder}", "{stem:1}"]`.
    Many(Vec<String>),
}

impl OneOrMany {
    fn as_slice(&self) -> &[String] {
        match self {
            OneOrMany::One(one) => std::slice::from_ref(one),
            OneOrMany::Many(many) => many,
        }
    }
}

/// The type a field must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any value.
    Any,
    /// One value of a type.
    Scalar(Scalar),
    /// An array, of elements of one type when given.
    Array(Option<Scalar>),
}

/// The types of single values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// Text.
    String,
    /// A whole number.
    Integer,
    /// Any number.
    Float,
    /// `true` or `false`.
    Boolean,
    /// A TOML date, or text such as `2026-05-01` or `2026-05-01T10:00:00Z`.
    Date,
    /// An absolute `http://` or `https://` URL.
    Url,
}

impl Scalar {
    fn parse(name: &str) -> Option<Scalar> {
        Some(match name {
            "string" => Scalar::String,
            "integer" => Scalar::Integer,
            "float" => Scalar::Float,
            "boolean" => Scalar::Boolean,
            "date" => Scalar::Date,
            "url" => Scalar::Url,
            _ => return None,
        })
    }

    /// The type with an article, for messages: "an integer".
    pub fn described(self) -> &'static str {
        match self {
            Scalar::String => "a string",
            Scalar::Integer => "an integer",
            Scalar::Float => "a number",
            Scalar::Boolean => "true or false",
            Scalar::Date => "a date such as 2026-05-01",
            Scalar::Url => "an http(s) URL",
        }
    }
}

/// One field's rules, ready to check.
#[derive(Debug, Clone)]
pub struct Field {
    /// The dotted key, as declared.
    pub key: String,
    /// The key split at its dots.
    pub path: Vec<String>,
    /// The key must be present.
    pub required: bool,
    /// The type of the value.
    pub kind: Kind,
    /// The allowed values; any when empty.
    pub one_of: Vec<Value>,
    /// The smallest number allowed.
    pub min: Option<f64>,
    /// The largest number allowed.
    pub max: Option<f64>,
    /// The fewest characters of a string, or elements of an array.
    pub min_length: Option<usize>,
    /// The most characters of a string, or elements of an array.
    pub max_length: Option<usize>,
    /// A regex the text must match.
    pub pattern: Option<Regex>,
    /// Templates the value must equal, each of them.
    pub equals: Vec<Template>,
    /// The path under `content/` of a page the value names.
    pub page: Option<Template>,
    /// What `quire new` writes.
    pub default: Option<Value>,
    /// A sentence for authors.
    pub doc: Option<String>,
}

/// One schema, ready to check pages and to scaffold them.
#[derive(Debug, Clone)]
pub struct Schema {
    /// The name after `schemas.` in `config.toml`.
    pub name: String,
    globs: Vec<String>,
    pages: GlobSet,
    /// The `##` headings of each page, in order.
    pub headings: Vec<String>,
    /// In the order they are declared in `config.toml`.
    pub fields: Vec<Field>,
    /// Where `quire new` writes, from `{value}` and `{slug}`.
    pub new_path: Template,
    new_argument: Option<Regex>,
}

/// The site's schemas.
#[derive(Debug, Clone, Default)]
pub struct Schemas {
    list: Vec<Schema>,
}

/// A page to check: its file, its path under `content/` and its text.
#[derive(Debug, Clone, Copy)]
pub struct PageSource<'a> {
    /// The path shown in diagnostics.
    pub file: &'a Path,
    /// The path under `content/`, with `/` separators.
    pub relative_path: &'a str,
    /// The whole file.
    pub source: &'a str,
    /// Where the body starts in `source`.
    pub body_offset: usize,
}

impl Schemas {
    /// Compiles the declarations read from `config.toml` (`path`, `text`); a broken rule is
    /// an error placed at its field, and its schema is left out.
    pub fn compile(
        declared: &BTreeMap<String, SchemaConfig>,
        path: &Path,
        text: &str,
    ) -> (Schemas, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut list = Vec::new();
        for (name, config) in declared {
            let header = format!("schemas.{name}");
            let at = |offset: Option<usize>| {
                offset
                    .or_else(|| text.find(&header))
                    .map(|offset| Location::of_offset(text, offset))
            };
            match Schema::compile(name, config) {
                Ok(schema) => list.push(schema),
                Err(errors) => problems.extend(errors.into_iter().map(|(offset, message)| {
                    Diagnostic::error(path, format!("schema `{name}`: {message}"))
                        .at_opt(at(offset))
                        .with_hint("see the section on front matter schemas in README.md")
                })),
            }
        }
        (Schemas { list }, problems)
    }

    /// The schemas, by name.
    pub fn iter(&self) -> impl Iterator<Item = &Schema> {
        self.list.iter()
    }

    /// The schema called `name`.
    pub fn get(&self, name: &str) -> Option<&Schema> {
        self.list.iter().find(|schema| schema.name == name)
    }

    /// The schemas covering the page at `relative_path` (under `content/`).
    pub fn covering<'s, 'p>(
        &'s self,
        relative_path: &'p str,
    ) -> impl Iterator<Item = &'s Schema> + use<'s, 'p> {
        self.list
            .iter()
            .filter(move |schema| schema.covers(relative_path))
    }

    /// The first schema whose `new.argument` matches `argument`.
    pub fn for_argument(&self, argument: &str) -> Option<&Schema> {
        self.list.iter().find(|schema| {
            schema
                .new_argument
                .as_ref()
                .is_some_and(|regex| regex.is_match(argument))
        })
    }

    /// Every violation of a schema in `page`, with `severity`; `exists` tells whether a path
    /// under `content/` names a page or section.
    pub fn check_page(
        &self,
        page: PageSource<'_>,
        exists: &dyn Fn(&str) -> bool,
        severity: Severity,
    ) -> Vec<Diagnostic> {
        let mut schemas = self.covering(page.relative_path).peekable();
        if schemas.peek().is_none() {
            return Vec::new();
        }
        // A page whose front matter does not parse was reported when it was loaded.
        let Ok(front) = FrontMatter::read(page.source, page.body_offset) else {
            return Vec::new();
        };
        let mut problems = Vec::new();
        for schema in schemas {
            problems.extend(rules::check(schema, &page, &front, exists));
        }
        for problem in &mut problems {
            problem.severity = severity;
        }
        problems
    }
}

impl Schema {
    fn compile(name: &str, config: &SchemaConfig) -> Result<Schema, Vec<(Option<usize>, String)>> {
        let mut errors: Vec<(Option<usize>, String)> = Vec::new();
        let mut globs = GlobSetBuilder::new();
        for glob in &config.pages {
            match GlobBuilder::new(glob).literal_separator(true).build() {
                Ok(glob) => {
                    globs.add(glob);
                }
                Err(error) => errors.push((None, format!("`pages` glob `{glob}`: {error}"))),
            }
        }
        if config.pages.is_empty() {
            errors.push((
                None,
                "`pages` is missing: list the content paths it covers, as in pages = [\"blog/*.md\"]"
                    .to_string(),
            ));
        }
        let pages = globs.build().unwrap_or_else(|error| {
            errors.push((None, format!("`pages`: {error}")));
            GlobSet::empty()
        });
        let mut declared: Vec<(&String, &Spanned<FieldConfig>)> = config.fields.iter().collect();
        declared.sort_by_key(|(_, field)| field.span().start);
        let mut fields = Vec::new();
        for (key, field) in declared {
            match Field::compile(key, field.get_ref()) {
                Ok(field) => fields.push(field),
                Err(message) => errors.push((
                    Some(field.span().start),
                    format!("field `{key}`: {message}"),
                )),
            }
        }
        let default_path = format!("{}{{slug}}.md", static_folder(config.pages.first()));
        let new_path = Template::parse(
            config.new.path.as_deref().unwrap_or(&default_path),
            &["value", "slug"],
        )
        .map_err(|message| errors.push((None, format!("`new.path`: {message}"))))
        .ok();
        let new_argument = config.new.argument.as_deref().and_then(|pattern| {
            Regex::new(pattern)
                .map_err(|error| errors.push((None, regex_error("new.argument", &error))))
                .ok()
        });
        match new_path {
            Some(new_path) if errors.is_empty() => Ok(Schema {
                name: name.to_string(),
                globs: config.pages.clone(),
                pages,
                headings: config.headings.clone(),
                fields,
                new_path,
                new_argument,
            }),
            _ => Err(errors),
        }
    }

    /// True when the schema covers the page at `relative_path`.
    pub fn covers(&self, relative_path: &str) -> bool {
        let is_section = relative_path == "_index.md" || relative_path.ends_with("/_index.md");
        !is_section && self.pages.is_match(relative_path)
    }

    /// The globs of the pages covered, as declared.
    pub fn globs(&self) -> &[String] {
        &self.globs
    }
}

/// A regex error on one line: the regex crate draws the pattern and a caret over several.
fn regex_error(key: &str, error: &regex::Error) -> String {
    let text = error.to_string();
    let last = text.lines().last().unwrap_or_default();
    let why = last.strip_prefix("error: ").unwrap_or(last);
    format!("`{key}` is not a valid regex: {why}")
}

/// The folders of a glob before its first wildcard: `blog/*.md` → `blog/`.
fn static_folder(glob: Option<&String>) -> String {
    let Some(glob) = glob else {
        return String::new();
    };
    let mut folder = String::new();
    for segment in glob.split('/') {
        if segment.contains(['*', '?', '[', '{']) || segment.ends_with(".md") {
            break;
        }
        folder.push_str(segment);
        folder.push('/');
    }
    folder
}

impl Field {
    fn compile(key: &str, config: &FieldConfig) -> Result<Field, String> {
        let path: Vec<String> = key.split('.').map(str::to_string).collect();
        if path.iter().any(String::is_empty) {
            return Err("a dotted key such as `extra.serves` has no empty parts".to_string());
        }
        let scalar = |name: &str| {
            Scalar::parse(name).ok_or_else(|| {
                format!("`{name}` is not a type; use string, integer, float, boolean, date, url or array")
            })
        };
        let kind = match (config.kind.as_deref(), config.items.as_deref()) {
            (None, None) => Kind::Any,
            (Some("array"), items) => Kind::Array(items.map(scalar).transpose()?),
            (None, Some(_)) => return Err("`items` goes with type = \"array\"".to_string()),
            (Some(name), None) => Kind::Scalar(scalar(name)?),
            (Some(_), Some(_)) => return Err("only arrays have `items`".to_string()),
        };
        let pattern = config
            .pattern
            .as_deref()
            .map(|pattern| Regex::new(pattern).map_err(|error| regex_error("pattern", &error)))
            .transpose()?;
        let equals = config
            .equals
            .as_ref()
            .map_or(&[][..], OneOrMany::as_slice)
            .iter()
            .map(|source| Template::parse(source, &PAGE_NAMES))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|message| format!("`equals`: {message}"))?;
        let page_names = ["value", "stem", "folder", "path"];
        let page = config
            .page
            .as_deref()
            .map(|source| Template::parse(source, &page_names))
            .transpose()
            .map_err(|message| format!("`page`: {message}"))?;
        if let (Some(min), Some(max)) = (config.min, config.max)
            && min > max
        {
            return Err(format!("`min` ({min}) is above `max` ({max})"));
        }
        Ok(Field {
            key: key.to_string(),
            path,
            required: config.required,
            kind,
            one_of: config.one_of.clone(),
            min: config.min,
            max: config.max,
            min_length: config.min_length,
            max_length: config.max_length,
            pattern,
            equals,
            page,
            default: config.default.clone(),
            doc: config.doc.clone(),
        })
    }

    /// The last part of the key, as written in its table: `serves` for `extra.serves`.
    pub fn name(&self) -> &str {
        self.path.last().map_or(self.key.as_str(), String::as_str)
    }

    /// The table the key is written in, `[extra]`, or none for a top-level key.
    pub fn table(&self) -> Option<String> {
        (self.path.len() > 1).then(|| self.path[..self.path.len() - 1].join("."))
    }
}

/// The values a page's templates are filled with: `{stem}`, `{folder}`, `{path}`.
pub fn path_values(relative_path: &str) -> impl Fn(&str) -> String + '_ {
    move |name| {
        let (folder_path, file) = relative_path
            .rsplit_once('/')
            .unwrap_or(("", relative_path));
        match name {
            "stem" => file.strip_suffix(".md").unwrap_or(file).to_string(),
            "folder" => folder_path
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string(),
            "path" => relative_path.to_string(),
            _ => String::new(),
        }
    }
}

#[cfg(test)]
mod tests;
