//! Tera errors as diagnostics: the whole cause chain in one message, placed in the template
//! at the line Tera gives (parse errors) or where the failing expression is written.

use std::error::Error as _;
use std::path::Path;

use crate::error::{Diagnostic, Location};

/// Every message in a Tera error's chain, outermost first, without repeats.
pub(crate) fn chain(error: &tera::Error) -> Vec<String> {
    let mut messages = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        let message = cause.to_string();
        if !messages.contains(&message) {
            messages.push(message);
        }
        source = cause.source();
    }
    messages
}

/// The `line:column` of a parse error, from pest's ` --> 3:9` marker.
pub(crate) fn parse_location(message: &str) -> Option<Location> {
    let after = &message[message.find("--> ")? + 4..];
    let place: String = after
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let (line, column) = place.split_once(':')?;
    Some(Location {
        line: line.parse().ok()?,
        column: column.parse().ok()?,
    })
}

/// A parse error in one template.
pub(crate) fn parse_error(template_file: &Path, error: &tera::Error) -> Diagnostic {
    let messages = chain(error);
    let detail = messages.last().cloned().unwrap_or_default();
    let location = messages.iter().find_map(|m| parse_location(m));
    let cause = detail
        .lines()
        .rev()
        .find(|line| line.trim_start().starts_with("= "))
        .map(|line| line.trim_start().trim_start_matches("= ").to_string())
        .unwrap_or_else(|| detail.lines().next().unwrap_or_default().to_string());
    Diagnostic::error(template_file, format!("template syntax error: {cause}"))
        .at_opt(location)
        .with_hint(
            "check that every {{ }}, {% %} and {# #} is closed and every block has its end tag",
        )
}

/// The template a render error happened in (`while rendering 'base.html'`), if named.
pub(crate) fn failing_template(messages: &[String]) -> Option<String> {
    messages.iter().rev().find_map(|m| {
        let start = m.find("rendering '")? + "rendering '".len();
        let end = m[start..].find('\'')?;
        Some(m[start..start + end].to_string())
    })
}

/// The line in a template source where an expression mentioned in a message (`` `page.foo` ``)
/// is written inside a Tera tag.
pub(crate) fn expression_location(template_source: &str, messages: &[String]) -> Option<Location> {
    let expression = messages.iter().rev().find_map(|m| {
        let start = m.find('`')? + 1;
        let end = m[start..].find('`')?;
        Some(m[start..start + end].to_string())
    })?;
    let name = expression.split(['(', ' ']).next().unwrap_or(&expression);
    if name.is_empty() {
        return None;
    }
    let mut search_from = 0;
    while let Some(found) = template_source[search_from..].find(name) {
        let offset = search_from + found;
        let before = &template_source[..offset];
        let opened = before.rfind("{{").max(before.rfind("{%"));
        let closed = before.rfind("}}").max(before.rfind("%}"));
        if opened.is_some() && opened > closed {
            return Some(Location::of_offset(template_source, offset));
        }
        search_from = offset + name.len();
    }
    None
}

/// The offset of the `{% macro name(...) %}` tag that defines macro `name` in `source`.
pub(crate) fn macro_location(source: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = source[from..].find("{%") {
        let start = from + found;
        let tag = source[start + 2..].trim_start_matches('-').trim_start();
        if let Some(rest) = tag.strip_prefix("macro") {
            let rest = rest.trim_start();
            if rest
                .strip_prefix(name)
                .is_some_and(|r| r.trim_start().starts_with('('))
            {
                return Some(start);
            }
        }
        from = start + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_errors_are_placed_by_pests_marker() {
        let error = tera::Template::new("page.html", None, "<p>\n{{ page.title }\n").unwrap_err();
        let diagnostic = parse_error(Path::new("templates/page.html"), &error);
        assert_eq!(diagnostic.location.map(|l| l.line), Some(2), "{diagnostic}");
        assert!(
            diagnostic.message.starts_with("template syntax error: "),
            "{diagnostic}"
        );
    }

    #[test]
    fn expressions_are_found_only_inside_tags() {
        let source = "page.foo outside\n<p>{{ page.title }}</p>\n<p>{{ page.foo | upper }}</p>";
        let messages = vec![
            "Variable `page.foo` not found in context while rendering 'page.html'".to_string(),
        ];
        assert_eq!(
            expression_location(source, &messages),
            Some(Location { line: 3, column: 7 })
        );
        assert_eq!(failing_template(&messages).as_deref(), Some("page.html"));
    }
}
