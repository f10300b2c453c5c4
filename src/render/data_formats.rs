//! The formats `load_data` reads, each turned into a template value as Zola shapes it: TOML,
//! JSON and YAML as they are (TOML dates as strings), CSV as `headers` and `records`, XML as
//! nested objects (`@name` for attributes, `#text` beside them), BibTeX as its preambles,
//! comments, variables and bibliographies, and plain text as a string.

use std::path::Path;

use serde_json::{Map, Value};

use crate::front_value::FreeForm;

/// A format `load_data` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Toml,
    Json,
    Csv,
    Yaml,
    Xml,
    Bibtex,
    Plain,
}

impl Format {
    /// The format called `name` in `load_data(format=...)`.
    pub(super) fn named(name: &str) -> Option<Format> {
        Some(match name.to_ascii_lowercase().as_str() {
            "toml" => Format::Toml,
            "json" => Format::Json,
            "csv" => Format::Csv,
            "yaml" | "yml" => Format::Yaml,
            "xml" => Format::Xml,
            "bibtex" | "bib" => Format::Bibtex,
            "plain" => Format::Plain,
            _ => return None,
        })
    }

    /// The format a file's extension names, plain text for any other.
    pub(super) fn of_path(path: &Path) -> Format {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(Format::named)
            .unwrap_or(Format::Plain)
    }

    /// The `Accept` header of a remote request.
    pub(super) fn mime(self) -> &'static str {
        match self {
            Format::Toml => "application/toml",
            Format::Json => "application/json",
            Format::Csv => "text/csv",
            Format::Yaml => "application/x-yaml",
            Format::Xml => "text/xml",
            Format::Bibtex => "application/x-bibtex",
            Format::Plain => "text/plain",
        }
    }
}

/// `text` parsed as `format`.
pub(super) fn parse(text: &str, format: Format) -> Result<Value, String> {
    match format {
        Format::Toml => toml::from_str::<FreeForm>(text)
            .map(|table| Value::Object(table.0))
            .map_err(|e| e.to_string()),
        Format::Json => serde_json::from_str(text).map_err(|e| e.to_string()),
        Format::Yaml => serde_yaml_ng::from_str(text).map_err(|e| e.to_string()),
        Format::Csv => csv(text),
        Format::Xml => xml(text),
        Format::Bibtex => bibtex(text),
        Format::Plain => Ok(Value::String(text.to_string())),
    }
}

/// `{ "headers": [...], "records": [[...], ...] }`; every record as long as the headers.
fn csv(text: &str) -> Result<Value, String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("cannot read the header line: {e}"))?
        .iter()
        .map(|h| Value::String(h.to_string()))
        .collect();
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        records.push(Value::Array(
            record
                .iter()
                .map(|f| Value::String(f.to_string()))
                .collect(),
        ));
    }
    let mut table = Map::new();
    table.insert("headers".to_string(), Value::Array(headers));
    table.insert("records".to_string(), Value::Array(records));
    Ok(Value::Object(table))
}

/// `{ "preambles": [...], "comments": [...], "variables": {...}, "bibliographies": [{
/// "entry_type", "citation_key", "tags": {...} }] }`, as Zola gives it: tag names lower-cased,
/// `@string` variables substituted.
fn bibtex(text: &str) -> Result<Value, String> {
    let parsed = nom_bibtex::Bibtex::parse(text).map_err(|e| e.to_string())?;
    let strings = |items: &[String]| items.iter().cloned().map(Value::String).collect();
    let variables: Map<String, Value> = parsed
        .variables()
        .iter()
        .map(|(key, value)| (key.clone(), Value::String(value.clone())))
        .collect();
    let bibliographies = parsed
        .bibliographies()
        .iter()
        .map(|entry| {
            let tags: Map<String, Value> = entry
                .tags()
                .iter()
                .map(|(key, value)| (key.to_lowercase(), Value::String(value.clone())))
                .collect();
            let mut fields = Map::new();
            fields.insert("entry_type".into(), entry.entry_type().into());
            fields.insert("citation_key".into(), entry.citation_key().into());
            fields.insert("tags".into(), Value::Object(tags));
            Value::Object(fields)
        })
        .collect();
    let mut top = Map::new();
    top.insert("preambles".into(), strings(parsed.preambles()));
    top.insert("comments".into(), strings(parsed.comments()));
    top.insert("variables".into(), Value::Object(variables));
    top.insert("bibliographies".into(), Value::Array(bibliographies));
    Ok(Value::Object(top))
}

/// `{ "root": { "child": ..., "@attribute": ..., "#text": ... } }`; repeated children make a
/// list, and numbers and booleans are typed.
fn xml(text: &str) -> Result<Value, String> {
    let document = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
    let root = document.root_element();
    let mut top = Map::new();
    top.insert(root.tag_name().name().to_string(), element(root));
    Ok(Value::Object(top))
}

fn element(node: roxmltree::Node) -> Value {
    let mut fields = Map::new();
    for attribute in node.attributes() {
        fields.insert(format!("@{}", attribute.name()), scalar(attribute.value()));
    }
    let mut text = String::new();
    for child in node.children() {
        if child.is_element() {
            let value = element(child);
            match fields.get_mut(child.tag_name().name()) {
                Some(Value::Array(list)) => list.push(value),
                Some(single) => *single = Value::Array(vec![single.take(), value]),
                None => {
                    fields.insert(child.tag_name().name().to_string(), value);
                }
            }
        } else if let Some(part) = child.text() {
            text.push_str(part.trim());
        }
    }
    match (fields.is_empty(), text.is_empty()) {
        (true, true) => Value::Null,
        (true, false) => scalar(&text),
        (false, empty) => {
            if !empty {
                fields.insert("#text".to_string(), scalar(&text));
            }
            Value::Object(fields)
        }
    }
}

/// `true`, `12` or `1.5` as typed values, anything else as a string.
fn scalar(text: &str) -> Value {
    if let Ok(boolean) = text.parse::<bool>() {
        return Value::Bool(boolean);
    }
    if let Ok(integer) = text.parse::<i64>() {
        return Value::from(integer);
    }
    match text.parse::<f64>() {
        Ok(float) if float.is_finite() => Value::from(float),
        _ => Value::String(text.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_is_shaped_as_in_zola() {
        let toml = parse("a = 1\nwhen = 2024-01-02\n[t]\nb = \"x\"\n", Format::Toml).unwrap();
        assert_eq!(
            toml.to_string(),
            r#"{"a":1,"t":{"b":"x"},"when":"2024-01-02"}"#
        );
        let csv = parse("n,title\n1,Gutenberg\n2,\"Print, press\"\n", Format::Csv).unwrap();
        assert_eq!(
            csv.to_string(),
            r#"{"headers":["n","title"],"records":[["1","Gutenberg"],["2","Print, press"]]}"#
        );
        let xml = parse(
            "<root><h>Number</h><h>Title</h><r id=\"7\">x</r></root>",
            Format::Xml,
        )
        .unwrap();
        assert_eq!(
            xml.to_string(),
            r##"{"root":{"h":["Number","Title"],"r":{"#text":"x","@id":7}}}"##
        );
        let bib = parse(
            "@preamble{\"A preamble\"}\n@string{pub = \"Kaufmann\"}\n@book{knuth84,\n  Title = {The TeXbook},\n  publisher = pub,\n  year = 1984\n}\n",
            Format::Bibtex,
        )
        .unwrap();
        assert_eq!(bib["preambles"], serde_json::json!(["A preamble"]));
        assert_eq!(bib["variables"], serde_json::json!({ "pub": "Kaufmann" }));
        assert_eq!(
            bib["bibliographies"],
            serde_json::json!([{
                "entry_type": "book",
                "citation_key": "knuth84",
                "tags": { "title": "The TeXbook", "publisher": "Kaufmann", "year": "1984" },
            }])
        );
        assert_eq!(Format::named("bibtex"), Some(Format::Bibtex));
        assert!(parse("@book{", Format::Bibtex).is_err());
        assert!(parse("n,t\n1,2,3\n", Format::Csv).is_err());
        assert!(parse("a = ", Format::Toml).unwrap_err().contains("line 1"));
    }
}
