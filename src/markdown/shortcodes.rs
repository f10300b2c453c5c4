//! Zola's shortcodes in Markdown, parsed without templates: a body is split into text and
//! calls, inline `{{ name(arg=value) }}` or with a body `{% name() %}...{% end %}`, with byte
//! offsets for errors. Calls inside code spans and code blocks stay text; the escapes
//! `{{/* name() */}}` and `{%/* name() */%}` print the call itself. `expand` then puts each
//! call's output in: Markdown output into the source, HTML output through a placeholder that
//! `Expanded::splice` swaps in after the Markdown is rendered. Rendering the templates is
//! the caller's job.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};
use serde_json::Value;

use super::{RenderOptions, parser_options};

mod expand;

pub(crate) use expand::{Expanded, expand};

/// A part of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Text to keep as it is (escapes already undone).
    Text(String),
    /// A shortcode call.
    Call(Call),
}

/// One shortcode call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub(crate) name: String,
    /// The arguments in the order written.
    pub(crate) args: Vec<(String, Value)>,
    /// How many calls of this name came before it in the document, plus one.
    pub(crate) nth: usize,
    /// The body of a `{% %}` call, trimmed, itself parsed for shortcodes.
    pub(crate) body: Option<Vec<Piece>>,
    /// Where the call is written, from `{{` or `{%` to the end of its closing tag.
    pub(crate) span: Range<usize>,
}

/// A malformed shortcode call, by byte offset in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortcodeError {
    /// Where the call goes wrong, in bytes from the start of the document.
    pub offset: usize,
    pub(crate) message: String,
    pub(crate) hint: &'static str,
}

/// What rendering a call gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Output {
    /// From `NAME.html`: put in the page's HTML as it is.
    Html(String),
    /// From `NAME.md`: part of the page's Markdown.
    Markdown(String),
}

/// True when `source` may hold a shortcode or an escaped one (a cheap test first).
pub(crate) fn may_contain(source: &str) -> bool {
    source.contains("{{") || source.contains("{%")
}

/// Splits `source` into text and calls. Calls inside code are left as text (escapes are
/// undone everywhere, as Zola does), and so is a malformed inline call (`{{ a(x=) }}`), as
/// Zola prints it; [`malformed_inline_calls`] finds those for a warning.
pub fn parse(source: &str) -> Result<Vec<Piece>, ShortcodeError> {
    let code = code_ranges(source);
    Scanner::new(source, &code).parse()
}

/// What is wrong with each inline call of `source` that [`parse`] leaves as text because it
/// is malformed.
pub(crate) fn malformed_inline_calls(source: &str) -> Vec<ShortcodeError> {
    if !source.contains("{{") {
        return Vec::new();
    }
    let code = code_ranges(source);
    let mut scanner = Scanner::new(source, &code);
    let _ = scanner.parse();
    scanner.malformed
}

/// The byte ranges of code spans and code blocks, where calls are not expanded.
fn code_ranges(source: &str) -> Vec<Range<usize>> {
    Parser::new_ext(source, parser_options(&RenderOptions::zola_defaults()))
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => Some(range),
            _ => None,
        })
        .collect()
}

/// The state of one parse.
struct Scanner<'a> {
    source: &'a str,
    pos: usize,
    code: &'a [Range<usize>],
    counts: HashMap<String, usize>,
    /// The malformed inline calls left as text.
    malformed: Vec<ShortcodeError>,
}

impl<'a> Scanner<'a> {
    /// A scanner at the start of `source`, whose code is at `code`.
    fn new(source: &'a str, code: &'a [Range<usize>]) -> Self {
        Scanner {
            source,
            pos: 0,
            code,
            counts: HashMap::new(),
            malformed: Vec::new(),
        }
    }

    /// The pieces of the whole source.
    fn parse(&mut self) -> Result<Vec<Piece>, ShortcodeError> {
        let (pieces, end) = self.pieces(false)?;
        match end {
            Some(end) => Err(ShortcodeError {
                offset: end,
                message: "`{% end %}` closes no shortcode".to_string(),
                hint: "remove it, or open a shortcode with a body before it: {% name() %}",
            }),
            None => Ok(pieces),
        }
    }

    /// Pieces up to the end of the source, or up to a `{% end %}` when `in_body` (whose
    /// offset is returned).
    fn pieces(&mut self, in_body: bool) -> Result<(Vec<Piece>, Option<usize>), ShortcodeError> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        while self.pos < self.source.len() {
            let rest = &self.source[self.pos..];
            let Some(found) = rest.find(['{']) else {
                text.push_str(rest);
                self.pos = self.source.len();
                break;
            };
            text.push_str(&rest[..found]);
            self.pos += found;
            let start = self.pos;
            let in_code = self.code.iter().any(|r| r.contains(&start));
            if let Some(literal) = self.escaped() {
                text.push_str(&literal);
                continue;
            }
            if !in_code {
                if let Some(end) = self.end_tag() {
                    if in_body {
                        flush(&mut pieces, &mut text);
                        return Ok((pieces, Some(end)));
                    }
                    self.pos = start;
                    return Ok((pieces, Some(start)));
                }
                if let Some(call) = self.call()? {
                    flush(&mut pieces, &mut text);
                    pieces.push(Piece::Call(call));
                    continue;
                }
            }
            text.push('{');
            self.pos = start + 1;
        }
        flush(&mut pieces, &mut text);
        Ok((pieces, None))
    }

    /// Notes a malformed inline call, which stays text.
    fn left_as_text(&mut self, error: ShortcodeError) -> Option<Call> {
        self.malformed.push(error);
        None
    }

    /// An escaped call (`{{/* a() */}}`) or escaped body (`{%/* a() */%}...{%/* end */%}`)
    /// at the cursor, as the literal text it prints.
    fn escaped(&mut self) -> Option<String> {
        let rest = &self.source[self.pos..];
        let (open, close) = if rest.starts_with("{{/*") {
            ("{{", "*/}}")
        } else if rest.starts_with("{%/*") {
            ("{%", "*/%}")
        } else {
            return None;
        };
        let inner_end = rest.find(close)?;
        let inner = &rest[4..inner_end];
        let mut literal = format!("{open}{inner}{}", &close[2..]);
        self.pos += inner_end + close.len();
        if open == "{%" && inner.trim() != "end" {
            // Up to the escaped end tag, nothing is expanded.
            let rest = &self.source[self.pos..];
            if let Some(end) = find_escaped_end(rest) {
                literal.push_str(&rest[..end.start]);
                literal.push_str(
                    &rest[end.start..end.end]
                        .replacen("{%/*", "{%", 1)
                        .replacen("*/%}", "%}", 1),
                );
                self.pos += end.end;
            }
        }
        Some(literal)
    }

    /// `{% end %}` at the cursor: moves past it and gives its offset.
    fn end_tag(&mut self) -> Option<usize> {
        let start = self.pos;
        let mut cursor = Cursor::new(self.source, start);
        if !cursor.eat("{%") {
            return None;
        }
        cursor.skip_space();
        if cursor.ident().as_deref() != Some("end") {
            return None;
        }
        cursor.skip_space();
        if !cursor.eat("%}") {
            return None;
        }
        self.pos = cursor.pos;
        Some(start)
    }

    /// A call at the cursor. Text that does not start like a call (`{{ name(`) is not one,
    /// nor is a malformed inline call (noted in `malformed`); a malformed call with a body is
    /// an error, as in Zola.
    fn call(&mut self) -> Result<Option<Call>, ShortcodeError> {
        let start = self.pos;
        let mut cursor = Cursor::new(self.source, start);
        let with_body = if cursor.eat("{{") {
            false
        } else if cursor.eat("{%") {
            true
        } else {
            return Ok(None);
        };
        cursor.skip_space();
        let Some(name) = cursor.ident() else {
            return Ok(None);
        };
        cursor.skip_space();
        if !cursor.eat("(") {
            return Ok(None);
        }
        let args = match cursor.arguments() {
            Ok(args) => args,
            Err(error) if !with_body => return Ok(self.left_as_text(error)),
            Err(error) => return Err(error),
        };
        cursor.skip_space();
        let close = if with_body { "%}" } else { "}}" };
        if !cursor.eat(close) {
            let error = ShortcodeError {
                offset: cursor.pos,
                message: format!("the call of shortcode `{name}` is not closed by `{close}`"),
                hint: "write a call as {{ name(arg=\"value\") }}, or one with a body as {% name() %}...{% end %}",
            };
            return if with_body {
                Err(error)
            } else {
                Ok(self.left_as_text(error))
            };
        }
        let count = self.counts.entry(name.clone()).or_insert(0);
        *count += 1;
        let nth = *count;
        self.pos = cursor.pos;
        let body = if with_body {
            let (pieces, end) = self.pieces(true)?;
            if end.is_none() {
                return Err(ShortcodeError {
                    offset: start,
                    message: format!("shortcode `{name}` has no `{{% end %}}`"),
                    hint: "close a shortcode with a body by {% end %} on a line of its own",
                });
            }
            Some(trimmed(pieces))
        } else {
            None
        };
        Ok(Some(Call {
            name,
            args,
            nth,
            body,
            span: start..self.pos,
        }))
    }
}

/// The range of `{%/* end */%}` in `text`, spaces allowed inside.
fn find_escaped_end(text: &str) -> Option<Range<usize>> {
    let mut from = 0;
    while let Some(found) = text[from..].find("{%/*") {
        let start = from + found;
        let after = &text[start + 4..];
        if let Some(close) = after.find("*/%}")
            && after[..close].trim() == "end"
        {
            return Some(start..start + 4 + close + 4);
        }
        from = start + 4;
    }
    None
}

fn flush(pieces: &mut Vec<Piece>, text: &mut String) {
    if !text.is_empty() {
        pieces.push(Piece::Text(std::mem::take(text)));
    }
}

/// A body with the space around it removed, as Zola passes it.
fn trimmed(mut pieces: Vec<Piece>) -> Vec<Piece> {
    if let Some(Piece::Text(first)) = pieces.first_mut() {
        *first = first.trim_start().to_string();
    }
    if let Some(Piece::Text(last)) = pieces.last_mut() {
        *last = last.trim_end().to_string();
    }
    pieces.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
    pieces
}

/// Reads the parts of a call.
struct Cursor<'a> {
    source: &'a str,
    pos: usize,
}

const VALUE_HINT: &str = "argument values are strings in \"double\", 'single' or `back` quotes, integers, floats, true, false, or arrays of those";

impl<'a> Cursor<'a> {
    fn new(source: &'a str, pos: usize) -> Self {
        Cursor { source, pos }
    }

    fn rest(&self) -> &'a str {
        &self.source[self.pos..]
    }

    fn eat(&mut self, token: &str) -> bool {
        let found = self.rest().starts_with(token);
        if found {
            self.pos += token.len();
        }
        found
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    /// A name: a letter or `_`, then letters, digits and `_`.
    fn ident(&mut self) -> Option<String> {
        let rest = self.rest();
        let first = rest.chars().next()?;
        if !(first.is_ascii_alphabetic() || first == '_') {
            return None;
        }
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        self.pos += len;
        Some(rest[..len].to_string())
    }

    fn error(&self, message: impl Into<String>, hint: &'static str) -> ShortcodeError {
        ShortcodeError {
            offset: self.pos,
            message: message.into(),
            hint,
        }
    }

    /// `name=value, ...)` after the opening parenthesis.
    fn arguments(&mut self) -> Result<Vec<(String, Value)>, ShortcodeError> {
        let mut args = Vec::new();
        loop {
            self.skip_space();
            if self.eat(")") {
                return Ok(args);
            }
            let Some(name) = self.ident() else {
                return Err(self.error(
                    "expected an argument name or `)`",
                    "arguments are named, as in name(id=\"x\", width=3)",
                ));
            };
            self.skip_space();
            if !self.eat("=") {
                return Err(self.error(
                    format!("expected `=` after argument `{name}`"),
                    "arguments are named, as in name(id=\"x\", width=3)",
                ));
            }
            self.skip_space();
            let value = self.value(true)?;
            args.push((name, value));
            self.skip_space();
            // Zola's grammar also takes arguments separated by white space alone.
            let another = self
                .rest()
                .starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
            if !self.eat(",") && !another {
                if self.eat(")") {
                    return Ok(args);
                }
                return Err(self.error(
                    "expected `,` or `)` after an argument",
                    "separate arguments with commas and close the list with `)`",
                ));
            }
        }
    }

    fn value(&mut self, arrays: bool) -> Result<Value, ShortcodeError> {
        let rest = self.rest();
        let Some(first) = rest.chars().next() else {
            return Err(self.error("expected a value, found the end of the text", VALUE_HINT));
        };
        match first {
            '"' | '\'' | '`' => {
                let Some(len) = rest[1..].find(first) else {
                    return Err(self.error("this string is never closed", VALUE_HINT));
                };
                self.pos += len + 2;
                Ok(Value::String(rest[1..=len].to_string()))
            }
            '[' if arrays => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.eat("]") {
                        return Ok(Value::Array(items));
                    }
                    items.push(self.value(false)?);
                    self.skip_space();
                    if !self.eat(",") {
                        self.skip_space();
                        if self.eat("]") {
                            return Ok(Value::Array(items));
                        }
                        return Err(self.error("expected `,` or `]` in an array", VALUE_HINT));
                    }
                }
            }
            _ => {
                let len = rest
                    .find(|c: char| {
                        !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_')
                    })
                    .unwrap_or(rest.len());
                let word = &rest[..len];
                let value = match word {
                    "true" => Some(Value::Bool(true)),
                    "false" => Some(Value::Bool(false)),
                    _ if word.contains('.') => word
                        .parse::<f64>()
                        .ok()
                        .and_then(serde_json::Number::from_f64)
                        .map(Value::Number),
                    _ => word.parse::<i64>().ok().map(|n| Value::Number(n.into())),
                };
                match value {
                    Some(value) => {
                        self.pos += len;
                        Ok(value)
                    }
                    None => Err(self.error(
                        format!(
                            "`{}` is not a value",
                            if word.is_empty() {
                                first.to_string()
                            } else {
                                word.to_string()
                            }
                        ),
                        VALUE_HINT,
                    )),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
