//! The `[schemas.NAME]` tables as written in `config.toml`, before they are compiled.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use toml::Spanned;

/// One `[schemas.NAME]` table as written in `config.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct SchemaConfig {
    /// Globs of paths under `content/` the schema covers: `blog/*.md`, `docs/**/*.md`. A `*`
    /// stays within a folder; sections (`_index.md`) are never covered.
    pub(crate) pages: Vec<String>,
    /// The level-2 headings each covered page has, in this order; `quire new` writes them.
    pub(crate) headings: Vec<String>,
    /// The rules for front matter keys, by dotted key: `title`, `extra.serves`.
    pub(crate) fields: BTreeMap<String, Spanned<FieldConfig>>,
    /// How `quire new` names a new page.
    pub(crate) new: NewConfig,
}

/// What `quire new` needs to know about a schema.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct NewConfig {
    /// Where the new page goes under `content/`, from `{value}` (the argument) and `{slug}`
    /// (its slug): `blog/{slug}.md`. By default the first folder of `pages` and `{slug}.md`.
    pub(crate) path: Option<String>,
    /// A regex: `quire new ARGUMENT` with no schema named picks this schema when the argument
    /// matches it (`quire new 418` for `^[1-5][0-9][0-9]$`).
    pub(crate) argument: Option<String>,
}

/// The rules for one front matter key, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct FieldConfig {
    /// The key must be present.
    pub(crate) required: bool,
    /// `string`, `integer`, `float`, `boolean`, `date`, `url` (absolute `http(s)://` only) or
    /// `array`; any type when absent.
    #[serde(rename = "type")]
    pub(crate) kind: Option<String>,
    /// For `array`: the type of each element.
    pub(crate) items: Option<String>,
    /// The allowed values (of each element, for arrays).
    pub(crate) one_of: Vec<Value>,
    /// The smallest number allowed.
    pub(crate) min: Option<f64>,
    /// The largest number allowed.
    pub(crate) max: Option<f64>,
    /// The fewest characters of a string, or elements of an array.
    pub(crate) min_length: Option<usize>,
    /// The most characters of a string, or elements of an array.
    pub(crate) max_length: Option<usize>,
    /// A regex the text must match somewhere (anchor it with `^...$` to match all of it).
    pub(crate) pattern: Option<String>,
    /// The value must equal this template of the file's path: `{stem}` (the file name
    /// without `.md`), `{folder}` (the folder's name), `{path}` (under `content/`); or each
    /// of a list of them.
    pub(crate) equals: Option<OneOrMany>,
    /// The value (each element, for arrays) names a page or section: this template, with
    /// `{value}` replaced, is its path under `content/` (`recipes/{value}.md`).
    pub(crate) page: Option<String>,
    /// What `quire new` writes; a string may use the placeholders of `equals` and `{value}`.
    pub(crate) default: Option<Value>,
    /// A sentence for authors: shown in hints and as a comment in new pages.
    pub(crate) doc: Option<String>,
}

/// One template, or a list of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    /// `equals = "{stem}"`.
    One(String),
    /// `equals = ["{folder}", "{stem:1}"]`.
    Many(Vec<String>),
}

impl OneOrMany {
    pub(super) fn as_slice(&self) -> &[String] {
        match self {
            OneOrMany::One(one) => std::slice::from_ref(one),
            OneOrMany::Many(many) => many,
        }
    }
}
