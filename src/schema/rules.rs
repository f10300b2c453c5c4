//! Checking one page against one schema: each field's rules on its front matter and the
//! headings of its body. Every problem points at the key (or list element) that breaks a rule
//! and its hint says what the schema wants.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use super::front::{FrontMatter, Item, Lookup, Placed};
use super::{Field, Kind, PageSource, Scalar, Schema, path_values};
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::front_value::Date;

/// The problems of `page` under `schema`, as errors.
pub(super) fn check(
    schema: &Schema,
    page: &PageSource<'_>,
    front: &FrontMatter,
    exists: &dyn Fn(&str) -> bool,
    problems: &mut Diagnostics,
) {
    let mut not_tables = Vec::new();
    let place = |offset: usize, message: String, hint: String| {
        Diagnostic::error(page.file, message)
            .at(Location::of_offset(page.source, offset))
            .with_hint(hint)
    };
    for field in &schema.fields {
        match front.lookup(&field.path) {
            Lookup::Found(placed) => {
                for (offset, message, hint) in check_value(schema, field, page, placed, exists) {
                    problems.push(place(offset, message, hint));
                }
            }
            Lookup::Missing { parent } if field.required => {
                let table = field
                    .table()
                    .map_or(String::new(), |table| format!(" under [{table}]"));
                problems.push(place(
                    parent.map_or(0, |p| p.at),
                    format!("`{}` is missing{table}", field.key),
                    with_doc(
                        field,
                        format!(
                            "the schema `{}` wants {}{table}",
                            schema.name,
                            example(field, page.relative_path)
                        ),
                    ),
                ));
            }
            Lookup::Missing { .. } => {}
            Lookup::NotATable(placed) if !not_tables.contains(&placed.at) => {
                not_tables.push(placed.at);
                problems.push(place(
                    placed.at,
                    format!(
                        "`{}` is {}, so it cannot hold `{}`",
                        field.path[..field.path.len() - 1].join("."),
                        placed.item.kind(),
                        field.key
                    ),
                    format!("the schema `{}` wants a table here", schema.name),
                ));
            }
            Lookup::NotATable(_) => {}
        }
    }
    if !schema.headings.is_empty() {
        problems.extend(check_headings(schema, page).err());
    }
}

/// A problem: the offset it is at, the message and the hint.
type Found = (usize, String, String);

fn check_value(
    schema: &Schema,
    field: &Field,
    page: &PageSource<'_>,
    placed: &Placed,
    exists: &dyn Fn(&str) -> bool,
) -> Vec<Found> {
    let mut found = Vec::new();
    let wants =
        |what: String| with_doc(field, format!("the schema `{}` wants {what}", schema.name));
    let elements: Vec<&Placed> = match (&field.kind, &placed.item) {
        (Kind::Array(_), Item::Array(items)) => items.iter().collect(),
        (Kind::Array(_), other) => {
            found.push((
                placed.at,
                format!("`{}` must be an array, not {}", field.key, other.kind()),
                wants(format!("a list: {} = [...]", field.name())),
            ));
            return found;
        }
        (Kind::Any, Item::Array(items)) => items.iter().collect(),
        _ => vec![placed],
    };
    if let Item::Array(items) = &placed.item {
        if let Some(min) = field.min_length.filter(|min| items.len() < *min) {
            found.push((
                placed.at,
                format!(
                    "`{}` has {} elements, fewer than {min}",
                    field.key,
                    items.len()
                ),
                wants(format!("at least {min} elements")),
            ));
        }
        if let Some(max) = field.max_length.filter(|max| items.len() > *max) {
            found.push((
                placed.at,
                format!(
                    "`{}` has {} elements, more than {max}",
                    field.key,
                    items.len()
                ),
                wants(format!("at most {max} elements")),
            ));
        }
    }
    let scalar = match field.kind {
        Kind::Scalar(scalar) | Kind::Array(Some(scalar)) => Some(scalar),
        Kind::Any | Kind::Array(None) => None,
    };
    for element in elements {
        let shown = shown(field, element);
        if let Some(scalar) = scalar
            && let Some(problem) = type_problem(scalar, &element.item)
        {
            found.push((
                element.at,
                format!("{shown} {problem}"),
                wants(scalar.described().to_string()),
            ));
            continue;
        }
        let in_array = matches!(placed.item, Item::Array(_));
        found.extend(element_problems(
            schema, field, page, element, in_array, exists,
        ));
    }
    found
}

/// `extra.number = 503`, or `extra.related` for a list.
fn shown(field: &Field, element: &Placed) -> String {
    match element.item.text() {
        Some(text) if matches!(element.item, Item::String(_) | Item::Date(_)) => {
            format!("`{} = \"{text}\"`", field.key)
        }
        Some(text) => format!("`{} = {text}`", field.key),
        None => format!("`{}`", field.key),
    }
}

/// Why `item` is not of type `scalar`, if it is not.
fn type_problem(scalar: Scalar, item: &Item) -> Option<String> {
    let fits = match scalar {
        Scalar::String => matches!(item, Item::String(_)),
        Scalar::Integer => matches!(item, Item::Integer(_)),
        Scalar::Float => matches!(item, Item::Integer(_) | Item::Float(_)),
        Scalar::Boolean => matches!(item, Item::Boolean(_)),
        Scalar::Date => match item {
            Item::Date(text) | Item::String(text) => Date::parse(text).is_ok(),
            _ => false,
        },
        Scalar::Url => match item {
            Item::String(text) => {
                return (!is_web_url(text))
                    .then(|| "is not an absolute http:// or https:// URL".to_string());
            }
            _ => false,
        },
    };
    (!fits).then(|| format!("is {}, not {}", item.kind(), scalar.described()))
}

/// An absolute `http://` or `https://` URL with a host and no spaces. Anything else
/// (`javascript:`, `data:`, relative paths) is refused, since templates put it in `href`.
fn is_web_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty()
        && !host.starts_with(['@', ':'])
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn element_problems(
    schema: &Schema,
    field: &Field,
    page: &PageSource<'_>,
    element: &Placed,
    in_array: bool,
    exists: &dyn Fn(&str) -> bool,
) -> Vec<Found> {
    let mut found = Vec::new();
    let shown = shown(field, element);
    let wants =
        |what: String| with_doc(field, format!("the schema `{}` wants {what}", schema.name));
    let at = element.at;
    if !field.one_of.is_empty() && !field.one_of.contains(&element.item.to_json()) {
        let allowed = listed(&field.one_of);
        found.push((
            at,
            format!("{shown} is not one of {allowed}"),
            wants(format!("one of {allowed}")),
        ));
    }
    let number = match element.item {
        Item::Integer(number) => Some(number as f64),
        Item::Float(number) => Some(number),
        _ => None,
    };
    if let Some(number) = number {
        let range = match (field.min, field.max) {
            (Some(min), Some(max)) => format!("a number from {min} to {max}"),
            (Some(min), None) => format!("a number of at least {min}"),
            (None, Some(max)) => format!("a number of at most {max}"),
            (None, None) => String::new(),
        };
        if field.min.is_some_and(|min| number < min) || field.max.is_some_and(|max| number > max) {
            found.push((at, format!("{shown} is out of range"), wants(range)));
        }
    }
    if let Item::String(text) = &element.item {
        // In a list, the lengths are the list's: checked by the caller.
        let (min_length, max_length) = if in_array {
            (None, None)
        } else {
            (field.min_length, field.max_length)
        };
        let length = text.chars().count();
        if let Some(min) = min_length.filter(|min| length < *min) {
            let message = if length == 0 {
                format!("`{}` is empty", field.key)
            } else {
                format!("{shown} is shorter than {min} characters")
            };
            found.push((at, message, wants(format!("at least {}", characters(min)))));
        }
        if let Some(max) = max_length.filter(|max| length > *max) {
            found.push((
                at,
                format!("`{}` is longer than {max} characters", field.key),
                wants(format!("at most {}", characters(max))),
            ));
        }
        if let Some(pattern) = field.pattern.as_ref().filter(|p| !p.is_match(text)) {
            found.push((
                at,
                format!("{shown} does not match the pattern `{pattern}`"),
                wants(format!("text matching `{pattern}`")),
            ));
        }
    }
    let values = path_values(page.relative_path);
    let text = element.item.text().unwrap_or_default();
    for equals in &field.equals {
        let expected = equals.expand(&values);
        if text != expected {
            found.push((
                at,
                format!("{shown} does not match this file: the schema `{}` wants {expected} (`{equals}`)", schema.name),
                format!("set {} = {}, or rename the file to match", field.name(), literal(&element.item, &expected)),
            ));
        }
    }
    if let Some(page_template) = &field.page {
        let target = page_template.expand(&|name| match name {
            "value" => text.clone(),
            other => values(other),
        });
        if !exists(&target) {
            found.push((
                at,
                format!(
                    "`{}` names {text}, but there is no page content/{target}",
                    field.key
                ),
                format!(
                    "write content/{target}, or remove {text} from `{}`",
                    field.name()
                ),
            ));
        }
    }
    found
}

fn characters(count: usize) -> String {
    if count == 1 {
        "1 character".to_string()
    } else {
        format!("{count} characters")
    }
}

/// `expected` written as TOML of the same type as `item`: `502`, `"s5"`.
fn literal(item: &Item, expected: &str) -> String {
    match item {
        Item::Integer(_) | Item::Float(_) | Item::Boolean(_) => expected.to_string(),
        _ => format!("\"{expected}\""),
    }
}

/// `"yes", "no" or "conditional"`.
fn listed(values: &[Value]) -> String {
    let shown: Vec<String> = values.iter().map(Value::to_string).collect();
    match shown.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

fn with_doc(field: &Field, hint: String) -> String {
    match &field.doc {
        Some(doc) => format!("{hint} ({doc})"),
        None => hint,
    }
}

/// What a missing key could look like: `code = 502` from its `equals`, its default, or an
/// empty value of its type.
fn example(field: &Field, relative_path: &str) -> String {
    let value = match (field.equals.first(), &field.default, field.kind) {
        (Some(equals), _, Kind::Scalar(Scalar::Integer | Scalar::Float)) => {
            equals.expand(&path_values(relative_path))
        }
        (Some(equals), _, _) => format!("\"{}\"", equals.expand(&path_values(relative_path))),
        (None, Some(default), _) => default.to_string(),
        (None, None, Kind::Array(_)) => "[...]".to_string(),
        (None, None, Kind::Scalar(Scalar::Integer | Scalar::Float)) => "0".to_string(),
        (None, None, Kind::Scalar(Scalar::Boolean)) => "true or false".to_string(),
        (None, None, Kind::Scalar(Scalar::Date)) => "2026-05-01".to_string(),
        (None, None, _) => "\"...\"".to_string(),
    };
    format!("{} = {value}", field.name())
}

/// The level-2 headings of the body must be the schema's, in order: the first one that is not.
fn check_headings(schema: &Schema, page: &PageSource<'_>) -> Result<(), Diagnostic> {
    let body = page.source.get(page.body_offset..).unwrap_or_default();
    let found = level_two_headings(body);
    let expected = &schema.headings;
    let place = |offset: usize| Location::of_offset(page.source, page.body_offset + offset);
    let hint = format!(
        "the schema `{}` wants these ## headings, in order: {}",
        schema.name,
        expected.join("; ")
    );
    for (index, wanted) in expected.iter().enumerate() {
        match found.get(index) {
            Some((title, _)) if title == wanted => {}
            Some((title, offset)) => {
                return Err(Diagnostic::error(
                    page.file,
                    format!("heading `{title}` where the schema wants `{wanted}`"),
                )
                .at(place(*offset))
                .with_hint(hint));
            }
            None => {
                return Err(Diagnostic::error(
                    page.file,
                    format!("the heading `## {wanted}` is missing"),
                )
                .at(place(body.len()))
                .with_hint(hint));
            }
        }
    }
    match found.get(expected.len()) {
        Some((title, offset)) => Err(Diagnostic::error(
            page.file,
            format!("heading `{title}` is not in the schema"),
        )
        .at(place(*offset))
        .with_hint(hint)),
        None => Ok(()),
    }
}

/// The text and offset of each `##` heading.
fn level_two_headings(body: &str) -> Vec<(String, usize)> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut headings = Vec::new();
    let mut current: Option<(String, usize)> = None;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => current = Some((String::new(), range.start)),
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => headings.extend(current.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some((title, _)) = &mut current {
                    title.push_str(&text);
                }
            }
            _ => {}
        }
    }
    headings
}
