//! A page's front matter read again as a tree of values, each with the byte offset in the file
//! where its key (or, in a list, the element) is written, so that a rule can point at it. TOML
//! places are exact; YAML keys are found by their line, which serves the same purpose.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A front matter value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    String(String),
    Integer(i64),
    Float(f64),
    Boolean(bool),
    /// A TOML date or date-time, as written.
    Date(String),
    Array(Vec<Placed>),
    Table(Vec<(String, Placed)>),
}

impl Item {
    /// What the value is, in the words schemas use for types.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Item::String(_) => "a string",
            Item::Integer(_) => "an integer",
            Item::Float(_) => "a float",
            Item::Boolean(_) => "a boolean",
            Item::Date(_) => "a date",
            Item::Array(_) => "an array",
            Item::Table(_) => "a table",
        }
    }

    /// The value as plain text, for comparing with templates and for messages (`502`,
    /// `Bad Gateway`); `None` for arrays and tables.
    pub(crate) fn text(&self) -> Option<String> {
        match self {
            Item::String(text) | Item::Date(text) => Some(text.clone()),
            Item::Integer(number) => Some(number.to_string()),
            Item::Float(number) => Some(number.to_string()),
            Item::Boolean(flag) => Some(flag.to_string()),
            Item::Array(_) | Item::Table(_) => None,
        }
    }

    /// The value as a JSON value (dates as strings), for comparing with allowed values.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Item::String(text) | Item::Date(text) => Value::String(text.clone()),
            Item::Integer(number) => Value::from(*number),
            Item::Float(number) => Value::from(*number),
            Item::Boolean(flag) => Value::Bool(*flag),
            Item::Array(items) => Value::Array(items.iter().map(|p| p.item.to_json()).collect()),
            Item::Table(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(key, placed)| (key.clone(), placed.item.to_json()))
                    .collect(),
            ),
        }
    }
}

/// A value and the offset in the file of its key, or of itself in a list.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    pub(crate) item: Item,
    pub(crate) at: usize,
}

/// The front matter of one file, as a table of placed values.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FrontMatter {
    pub(crate) entries: Vec<(String, Placed)>,
}

/// What went wrong reading front matter again; loading has reported it already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unreadable;

impl FrontMatter {
    /// Reads the front matter of `source`, whose body starts at `body_offset`.
    pub(crate) fn read(source: &str, body_offset: usize) -> Result<FrontMatter, Unreadable> {
        let first_end = source.find('\n').ok_or(Unreadable)?;
        let delimiter = source[..first_end].trim_end();
        let before_body = source.get(..body_offset).ok_or(Unreadable)?;
        let before_body = before_body.strip_suffix('\n').unwrap_or(before_body);
        let before_body = before_body.strip_suffix('\r').unwrap_or(before_body);
        let closing = before_body.rfind('\n').map_or(0, |i| i + 1);
        let front_start = first_end + 1;
        let front = source
            .get(front_start..closing.max(front_start))
            .ok_or(Unreadable)?;
        let entries = match delimiter {
            "+++" => toml_entries(front, front_start)?,
            "---" => yaml_entries(front, front_start)?,
            _ => return Err(Unreadable),
        };
        Ok(FrontMatter { entries })
    }

    /// The value at a dotted key (`extra.code`), or the deepest table on the way to it and
    /// how far the key got.
    pub(crate) fn lookup(&self, path: &[String]) -> Lookup<'_> {
        let mut entries = &self.entries;
        let mut parent = None;
        for (depth, segment) in path.iter().enumerate() {
            let Some((_, placed)) = entries.iter().find(|(key, _)| key == segment) else {
                return Lookup::Missing { parent };
            };
            if depth + 1 == path.len() {
                return Lookup::Found(placed);
            }
            match &placed.item {
                Item::Table(inner) => {
                    entries = inner;
                    parent = Some(placed);
                }
                _ => return Lookup::NotATable(placed),
            }
        }
        Lookup::Missing { parent }
    }
}

/// The result of looking a key up.
#[derive(Debug)]
pub(crate) enum Lookup<'a> {
    Found(&'a Placed),
    /// The key is absent; `parent` is the deepest table of its path that exists.
    Missing {
        parent: Option<&'a Placed>,
    },
    /// A value on the key's path is not a table (`extra = 1` for `extra.code`).
    NotATable(&'a Placed),
}

fn toml_entries(front: &str, base: usize) -> Result<Vec<(String, Placed)>, Unreadable> {
    let table = DeTable::parse(front).map_err(|_| Unreadable)?;
    Ok(toml_table(table.get_ref(), base))
}

fn toml_table(table: &DeTable<'_>, base: usize) -> Vec<(String, Placed)> {
    let mut entries: Vec<(String, Placed)> = table
        .iter()
        .map(|(key, value)| {
            let at = base + key.span().start;
            (key.get_ref().to_string(), toml_value(value, at, base))
        })
        .collect();
    // Declaration order, not the map's order: the first problem shown is the first written.
    entries.sort_by_key(|(_, placed)| placed.at);
    entries
}

fn toml_value(value: &Spanned<DeValue<'_>>, at: usize, base: usize) -> Placed {
    let item = match value.get_ref() {
        DeValue::String(text) => Item::String(text.to_string()),
        DeValue::Integer(number) => {
            match i64::from_str_radix(number.as_str(), number.radix()) {
                Ok(number) => Item::Integer(number),
                // Out of range for i64: keep it as written, so type rules still report it.
                Err(_) => Item::String(number.as_str().to_string()),
            }
        }
        DeValue::Float(number) => Item::Float(number.as_str().parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(flag) => Item::Boolean(*flag),
        DeValue::Datetime(date) => Item::Date(date.to_string()),
        DeValue::Array(items) => Item::Array(
            items
                .iter()
                .map(|item| toml_value(item, base + item.span().start, base))
                .collect(),
        ),
        DeValue::Table(table) => Item::Table(toml_table(table, base)),
    };
    Placed { item, at }
}

fn yaml_entries(front: &str, base: usize) -> Result<Vec<(String, Placed)>, Unreadable> {
    use serde_yaml_ng::Value;
    let text = if front.trim().is_empty() { "{}" } else { front };
    let value: Value = serde_yaml_ng::from_str(text).map_err(|_| Unreadable)?;
    let Value::Mapping(map) = value else {
        return Err(Unreadable);
    };
    let mut lines = YamlLines {
        front,
        base,
        from: 0,
    };
    Ok(yaml_mapping(&map, &mut lines))
}

/// Finds YAML keys line by line, each after the one before it in the file.
struct YamlLines<'a> {
    front: &'a str,
    base: usize,
    from: usize,
}

impl YamlLines<'_> {
    /// The offset of the next line that sets `key`, at its first character.
    fn find(&mut self, key: &str) -> usize {
        let mut offset = self.from;
        for line in self.front[self.from..].split_inclusive('\n') {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let unquoted = trimmed
                .strip_prefix(key)
                .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")))
                .or_else(|| trimmed.strip_prefix(&format!("'{key}'")));
            if unquoted.is_some_and(|rest| rest.trim_start().starts_with(':')) {
                self.from = offset + line.len();
                return self.base + offset + indent;
            }
            offset += line.len();
        }
        self.base + self.from
    }
}

fn yaml_mapping(map: &serde_yaml_ng::Mapping, lines: &mut YamlLines) -> Vec<(String, Placed)> {
    map.iter()
        .map(|(key, value)| {
            let key = match key {
                serde_yaml_ng::Value::String(text) => text.clone(),
                other => serde_yaml_ng::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            };
            let at = lines.find(&key);
            let item = yaml_item(value, at, lines);
            (key, Placed { item, at })
        })
        .collect()
}

fn yaml_item(value: &serde_yaml_ng::Value, at: usize, lines: &mut YamlLines) -> Item {
    use serde_yaml_ng::Value;
    match value {
        Value::Null => Item::String(String::new()),
        Value::Bool(flag) => Item::Boolean(*flag),
        Value::Number(number) => match number.as_i64() {
            Some(integer) => Item::Integer(integer),
            None => Item::Float(number.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(text) => Item::String(text.clone()),
        Value::Sequence(items) => Item::Array(
            items
                .iter()
                .map(|item| Placed {
                    item: yaml_item(item, at, lines),
                    at,
                })
                .collect(),
        ),
        Value::Mapping(map) => Item::Table(yaml_mapping(map, lines)),
        Value::Tagged(tagged) => yaml_item(&tagged.value, at, lines),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

    fn place(source: &str, placed: &Placed) -> (usize, usize) {
        let location = Location::of_offset(source, placed.at);
        (location.line, location.column)
    }

    fn read(source: &str) -> FrontMatter {
        let body = source.rfind("+++\n").or(source.rfind("---\n")).unwrap() + 4;
        FrontMatter::read(source, body).unwrap()
    }

    fn found<'a>(front: &'a FrontMatter, key: &str) -> &'a Placed {
        let path: Vec<String> = key.split('.').map(str::to_string).collect();
        match front.lookup(&path) {
            Lookup::Found(placed) => placed,
            other => panic!("{key}: {other:?}"),
        }
    }

    #[test]
    fn toml_keys_and_list_elements_are_placed_in_the_file() {
        let source = "+++\ntitle = \"A\"\n\n[extra]\n  number = 0x1F6\nrelated = [500, 999]\nwhen = 2026-05-01\n+++\nBody\n";
        let front = read(source);
        assert_eq!(place(source, found(&front, "title")), (2, 1));
        let number = found(&front, "extra.number");
        assert_eq!(number.item, Item::Integer(502));
        assert_eq!(place(source, number), (5, 3));
        let Item::Array(related) = &found(&front, "extra.related").item else {
            panic!("not an array")
        };
        assert_eq!(place(source, &related[1]), (6, 17));
        assert_eq!(
            found(&front, "extra.when").item,
            Item::Date("2026-05-01".to_string())
        );
        match front.lookup(&["extra".to_string(), "missing".to_string()]) {
            Lookup::Missing {
                parent: Some(extra),
            } => assert_eq!(place(source, extra), (4, 2)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn yaml_keys_are_placed_on_their_line() {
        let source = "---\ntitle: A\nextra:\n  number: 502\n  title: inner\n---\n";
        let front = read(source);
        assert_eq!(place(source, found(&front, "extra.number")), (4, 3));
        assert_eq!(place(source, found(&front, "extra.title")), (5, 3));
        assert_eq!(found(&front, "extra.number").item, Item::Integer(502));
    }

    #[test]
    fn a_key_under_a_value_that_is_no_table_is_reported_as_such() {
        let front = read("+++\nextra = 1\n+++\n");
        assert!(matches!(
            front.lookup(&["extra".to_string(), "number".to_string()]),
            Lookup::NotATable(_)
        ));
    }
}
