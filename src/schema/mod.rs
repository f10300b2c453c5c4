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

use std::path::Path;

use globset::GlobSet;
use regex::Regex;
use serde_json::Value;

use crate::error::{Diagnostic, Diagnostics, Severity};

mod compile;
mod config;
mod front;
mod rules;
mod template;

pub(crate) use config::{FieldConfig, OneOrMany, SchemaConfig};
use front::FrontMatter;
pub(crate) use template::Template;

/// The type a field must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Any value.
    Any,
    /// One value of a type.
    Scalar(Scalar),
    /// An array, of elements of one type when given.
    Array(Option<Scalar>),
}

/// The types of single values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scalar {
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
    pub(crate) fn described(self) -> &'static str {
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
pub(crate) struct Field {
    /// The dotted key, as declared.
    pub(crate) key: String,
    /// The key split at its dots.
    pub(crate) path: Vec<String>,
    /// The key must be present.
    pub(crate) required: bool,
    /// The type of the value.
    pub(crate) kind: Kind,
    /// The allowed values; any when empty.
    pub(crate) one_of: Vec<Value>,
    /// The smallest number allowed.
    pub(crate) min: Option<f64>,
    /// The largest number allowed.
    pub(crate) max: Option<f64>,
    /// The fewest characters of a string, or elements of an array.
    pub(crate) min_length: Option<usize>,
    /// The most characters of a string, or elements of an array.
    pub(crate) max_length: Option<usize>,
    /// A regex the text must match.
    pub(crate) pattern: Option<Regex>,
    /// Templates the value must equal, each of them.
    pub(crate) equals: Vec<Template>,
    /// The path under `content/` of a page the value names.
    pub(crate) page: Option<Template>,
    /// What `quire new` writes.
    pub(crate) default: Option<Value>,
    /// A sentence for authors.
    pub(crate) doc: Option<String>,
}

/// One schema, ready to check pages and to scaffold them.
#[derive(Debug, Clone)]
pub struct Schema {
    /// The name after `schemas.` in `config.toml`.
    pub(crate) name: String,
    pages: GlobSet,
    /// The `##` headings of each page, in order.
    pub headings: Vec<String>,
    /// In the order they are declared in `config.toml`.
    pub(crate) fields: Vec<Field>,
    /// Where `quire new` writes, from `{value}` and `{slug}`.
    pub(crate) new_path: Template,
    new_argument: Option<Regex>,
}

/// The site's schemas.
#[derive(Debug, Clone, Default)]
pub struct Schemas {
    list: Vec<Schema>,
}

/// A page to check: its file, its path under `content/` and its text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageSource<'a> {
    /// The path shown in diagnostics.
    pub(crate) file: &'a Path,
    /// The path under `content/`, with `/` separators.
    pub(crate) relative_path: &'a str,
    /// The whole file.
    pub(crate) source: &'a str,
    /// Where the body starts in `source`.
    pub(crate) body_offset: usize,
}

impl Schemas {
    /// The schemas, by name.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Schema> {
        self.list.iter()
    }

    /// The schema called `name`.
    pub fn get(&self, name: &str) -> Option<&Schema> {
        self.list.iter().find(|schema| schema.name == name)
    }

    /// The schemas covering the page at `relative_path` (under `content/`).
    pub(crate) fn covering<'s, 'p>(
        &'s self,
        relative_path: &'p str,
    ) -> impl Iterator<Item = &'s Schema> + use<'s, 'p> {
        self.list
            .iter()
            .filter(move |schema| schema.covers(relative_path))
    }

    /// The first schema whose `new.argument` matches `argument`.
    pub(crate) fn for_argument(&self, argument: &str) -> Option<&Schema> {
        self.list.iter().find(|schema| {
            schema
                .new_argument
                .as_ref()
                .is_some_and(|regex| regex.is_match(argument))
        })
    }

    /// Every violation of a schema in `page`, with `severity`; `exists` tells whether a path
    /// under `content/` names a page or section.
    pub(crate) fn check_page(
        &self,
        page: PageSource<'_>,
        exists: &dyn Fn(&str) -> bool,
        severity: Severity,
        diagnostics: &mut Diagnostics,
    ) {
        let mut schemas = self.covering(page.relative_path).peekable();
        if schemas.peek().is_none() {
            return;
        }
        // A page whose front matter does not parse was reported when it was loaded.
        let Ok(front) = FrontMatter::read(page.source, page.body_offset) else {
            return;
        };
        let mut problems = Diagnostics::default();
        for schema in schemas {
            rules::check(schema, &page, &front, exists, &mut problems);
        }
        diagnostics.extend(problems.into_iter().map(|problem| Diagnostic {
            severity,
            ..problem
        }));
    }
}

impl Schema {
    /// True when the schema covers the page at `relative_path`.
    pub fn covers(&self, relative_path: &str) -> bool {
        let is_section = relative_path == "_index.md" || relative_path.ends_with("/_index.md");
        !is_section && self.pages.is_match(relative_path)
    }
}

impl Field {
    /// The last part of the key, as written in its table: `serves` for `extra.serves`.
    pub(crate) fn name(&self) -> &str {
        self.path.last().map_or(self.key.as_str(), String::as_str)
    }

    /// The table the key is written in, `[extra]`, or none for a top-level key.
    pub(crate) fn table(&self) -> Option<String> {
        (self.path.len() > 1).then(|| self.path[..self.path.len() - 1].join("."))
    }
}

/// The values a page's templates are filled with: `{stem}`, `{folder}`, `{path}`.
pub(crate) fn path_values(relative_path: &str) -> impl Fn(&str) -> String + '_ {
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
