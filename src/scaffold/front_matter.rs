//! The front matter `quire new` writes from a schema: the schema's fields in declared order,
//! each with its first value, the usual keys Zola sites expect, and the schema's headings.

use serde_json::Value;

use super::Names;
use crate::config::Config;
use crate::front_value::Date;
use crate::schema::{Field, Kind, Scalar, Schema, Template};

/// A page made from the schema: its fields in declared order, with `draft = true`, and the
/// schema's headings (or a first paragraph to replace).
pub(super) fn generated(schema: Option<&Schema>, config: &Config, names: &Names<'_>) -> String {
    let fields: &[Field] = schema.map_or(&[], |s| &s.fields);
    let declared = |key: &str| fields.iter().any(|f| f.key == key);
    let mut top = Vec::new();
    if !declared("title") {
        top.push(format!("title = {}", toml_string(names.value)));
    }
    // Each table with its lines, and whether any of them is a key rather than a comment.
    let mut tables: Vec<(String, Vec<String>, bool)> = Vec::new();
    if !config.taxonomies.is_empty() {
        tables.push(("taxonomies".to_string(), Vec::new(), false));
    }
    for field in fields {
        let mut lines = comment(field);
        let entry = format!("{} = {}", key_text(field.name()), initial(field, names));
        // An optional field with nothing to start from is shown commented out: a placeholder
        // such as `note = ""` would break its own rules or switch on what it describes.
        let active = field.required || field.default.is_some() || !field.equals.is_empty();
        lines.push(if active { entry } else { format!("# {entry}") });
        match field.table() {
            None => top.extend(lines),
            Some(table) => match tables.iter_mut().find(|(name, ..)| *name == table) {
                Some((_, entries, any_active)) => {
                    entries.extend(lines);
                    *any_active |= active;
                }
                None => tables.push((table, lines, active)),
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
            && let Some((_, entries, active)) =
                tables.iter_mut().find(|(name, ..)| name == "taxonomies")
        {
            entries.push(format!("{} = []", key_text(&taxonomy.name)));
            *active = true;
        }
    }
    let mut text = format!("+++\n{}\n", top.join("\n"));
    for (table, entries, active) in tables {
        let comment = if active { "" } else { "# " };
        text.push_str(&format!("\n{comment}[{table}]\n"));
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
        return match field.kind {
            Kind::Array(_) => format!("[{}]", toml_value(first)),
            _ => toml_value(first),
        };
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
