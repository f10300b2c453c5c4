//! Compiling the declarations: globs, regexes and templates checked and built once, each
//! broken rule an error placed at its field in `config.toml`.

use std::collections::BTreeMap;
use std::path::Path;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::Regex;
use toml::Spanned;

use super::{Field, FieldConfig, Kind, OneOrMany, Scalar, Schema, SchemaConfig, Schemas, Template};
use crate::error::{Diagnostic, Diagnostics, Location};

/// The placeholders a field's `equals` and `page` can name, besides `{value}` for `page`.
const PAGE_NAMES: [&str; 3] = ["stem", "folder", "path"];

impl Schemas {
    /// Compiles the declarations read from `config.toml` (`path`, `text`); a broken rule is
    /// an error placed at its field, and its schema is left out.
    pub(crate) fn compile(
        declared: &BTreeMap<String, SchemaConfig>,
        path: &Path,
        text: &str,
        diagnostics: &mut Diagnostics,
    ) -> Schemas {
        let list = declared
            .iter()
            .filter_map(|(name, config)| {
                let mut problems = Problems {
                    name,
                    path,
                    text,
                    diagnostics: &mut *diagnostics,
                    found: false,
                };
                Schema::compile(name, config, &mut problems)
            })
            .collect();
        Schemas { list }
    }
}

/// Where the problems of one schema's declaration go: each an error at its field in
/// `config.toml`, or at the schema's table.
struct Problems<'a> {
    name: &'a str,
    path: &'a Path,
    text: &'a str,
    diagnostics: &'a mut Diagnostics,
    /// True once a problem was reported.
    found: bool,
}

impl Problems<'_> {
    /// Reports `message` at byte `offset` of `config.toml`, or at the schema's table.
    fn push(&mut self, offset: Option<usize>, message: String) {
        let header = format!("schemas.{}", self.name);
        let location = offset
            .or_else(|| self.text.find(&header))
            .map(|offset| Location::of_offset(self.text, offset));
        self.diagnostics.push(
            Diagnostic::error(self.path, format!("schema `{}`: {message}", self.name))
                .at_opt(location)
                .with_hint("see the section on front matter schemas in README.md"),
        );
        self.found = true;
    }
}

impl Schema {
    /// The schema, or `None` when its declaration has problems (each reported).
    fn compile(name: &str, config: &SchemaConfig, problems: &mut Problems) -> Option<Schema> {
        let mut globs = GlobSetBuilder::new();
        for glob in &config.pages {
            match GlobBuilder::new(glob).literal_separator(true).build() {
                Ok(glob) => {
                    globs.add(glob);
                }
                Err(error) => problems.push(None, format!("`pages` glob `{glob}`: {error}")),
            }
        }
        if config.pages.is_empty() {
            problems.push(
                None,
                "`pages` is missing: list the content paths it covers, as in pages = [\"blog/*.md\"]"
                    .to_string(),
            );
        }
        let pages = globs.build().unwrap_or_else(|error| {
            problems.push(None, format!("`pages`: {error}"));
            GlobSet::empty()
        });
        let mut declared: Vec<(&String, &Spanned<FieldConfig>)> = config.fields.iter().collect();
        declared.sort_by_key(|(_, field)| field.span().start);
        let mut fields = Vec::new();
        for (key, field) in declared {
            match Field::compile(key, field.get_ref()) {
                Ok(field) => fields.push(field),
                Err(message) => problems.push(
                    Some(field.span().start),
                    format!("field `{key}`: {message}"),
                ),
            }
        }
        let default_path = format!("{}{{slug}}.md", static_folder(config.pages.first()));
        let new_path = Template::parse(
            config.new.path.as_deref().unwrap_or(&default_path),
            &["value", "slug"],
        )
        .map_err(|message| problems.push(None, format!("`new.path`: {message}")))
        .ok();
        let new_argument = config.new.argument.as_deref().and_then(|pattern| {
            Regex::new(pattern)
                .map_err(|error| problems.push(None, regex_error("new.argument", &error)))
                .ok()
        });
        let new_path = new_path.filter(|_| !problems.found)?;
        Some(Schema {
            name: name.to_string(),
            pages,
            headings: config.headings.clone(),
            fields,
            new_path,
            new_argument,
        })
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
    /// The field, or the reason its declaration is broken, which the schema reports at the
    /// field's key.
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
}
