//! Putting the output of each shortcode call in a document: Markdown output into the source,
//! HTML output behind a placeholder swapped in after the Markdown is rendered.

use std::ops::Range;

use super::{Call, Output, Piece};

/// A document with its shortcodes expanded, ready for Markdown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Expanded {
    /// The Markdown, with Markdown output in place and a placeholder for each HTML output.
    pub(crate) source: String,
    /// The HTML outputs, by placeholder number.
    html: Vec<String>,
    /// Where each call's output is in `source`, and where the call was in the original.
    origins: Vec<(Range<usize>, Range<usize>)>,
}

/// The placeholder for HTML output number `n`: letters and digits, which Markdown keeps.
fn placeholder(n: usize) -> String {
    format!("quireshortcode{n}placeholder")
}

/// Renders one call, given its body with the body's own calls expanded.
pub(crate) type RenderCall<'a, E> = dyn FnMut(&Call, Option<&str>) -> Result<Output, E> + 'a;

/// Expands every call of `pieces` with `render`, which is given the call and its body (with
/// its own calls already expanded, as text).
pub(crate) fn expand<E>(pieces: &[Piece], render: &mut RenderCall<'_, E>) -> Result<Expanded, E> {
    let mut expanded = Expanded::default();
    for piece in pieces {
        match piece {
            Piece::Text(text) => expanded.source.push_str(text),
            Piece::Call(call) => {
                let start = expanded.source.len();
                match render_call(call, render)? {
                    Output::Markdown(markdown) => expanded.source.push_str(&markdown),
                    Output::Html(html) => {
                        expanded.source.push_str(&placeholder(expanded.html.len()));
                        expanded.html.push(html);
                    }
                }
                let output = start..expanded.source.len();
                expanded.origins.push((output, call.span.clone()));
            }
        }
    }
    Ok(expanded)
}

/// Renders one call, its body's calls first (their output goes into the body as text).
fn render_call<E>(call: &Call, render: &mut RenderCall<'_, E>) -> Result<Output, E> {
    let body = match &call.body {
        Some(pieces) => {
            let mut body = String::new();
            for piece in pieces {
                match piece {
                    Piece::Text(text) => body.push_str(text),
                    Piece::Call(inner) => match render_call(inner, render)? {
                        Output::Html(text) | Output::Markdown(text) => body.push_str(&text),
                    },
                }
            }
            Some(body)
        }
        None => None,
    };
    render(call, body.as_deref())
}

impl Expanded {
    /// The Markdown with each HTML output in place of its placeholder, for readers of the
    /// source (Markdown alternates), where HTML is valid Markdown.
    pub(crate) fn into_markdown(self) -> String {
        let mut markdown = self.source;
        for (n, html) in self.html.iter().enumerate() {
            markdown = markdown.replacen(&placeholder(n), html, 1);
        }
        markdown
    }

    /// A document without shortcodes.
    pub(crate) fn unchanged(source: &str) -> Expanded {
        Expanded {
            source: source.to_string(),
            ..Expanded::default()
        }
    }

    /// Puts the HTML outputs in rendered `html`. A call alone in its paragraph replaces the
    /// paragraph, as in Zola.
    pub(crate) fn splice(&self, html: String) -> String {
        if self.html.is_empty() {
            return html;
        }
        let mut html = html;
        for (n, output) in self.html.iter().enumerate() {
            let marker = placeholder(n);
            let alone = format!("<p>{marker}</p>\n");
            html = if html.contains(&alone) {
                // The next block starts on a line of its own, as pulldown-cmark writes it.
                let line_end = if output.ends_with('\n') { "" } else { "\n" };
                html.replacen(&alone, &format!("{output}{line_end}"), 1)
            } else {
                html.replacen(&marker, output, 1)
            };
        }
        html
    }

    /// The offset in the original document of an offset in the expanded source.
    pub(crate) fn original_offset(&self, offset: usize) -> usize {
        match self
            .origins
            .iter()
            .rev()
            .find(|(output, _)| output.start <= offset)
        {
            Some((output, call)) if offset < output.end => call.start,
            Some((output, call)) => call.end + (offset - output.end),
            None => offset,
        }
    }
}
