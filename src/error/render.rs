//! How a diagnostic is shown: one line for logs and tests, and for a terminal the offending
//! source line with a caret under the column, in colour when asked.

use std::fmt;

use super::{Diagnostic, LineIndex, Severity};

impl Diagnostic {
    /// [`Diagnostic::render_in`] for a source not yet indexed, in unit tests.
    #[cfg(test)]
    pub(crate) fn render(&self, source: Option<&str>, color: bool) -> String {
        self.render_in(source.map(LineIndex::new).as_ref(), color)
    }

    /// The diagnostic as a terminal shows it: the message, then the offending line of the
    /// source with a caret under the column, then the hint; in colour when `color` is set.
    /// The source comes indexed by line, so that printing 40,000 errors of one file reads and
    /// scans it once, not once each.
    pub fn render_in(&self, source: Option<&LineIndex>, color: bool) -> String {
        let paint = |code: &str, text: &str| {
            if color {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        let (label, label_color) = match self.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let mut out = format!(
            "{}: {}: {}",
            paint(label_color, label),
            paint("1", &self.place()),
            self.text()
        );
        let line = self
            .location
            .zip(source)
            .and_then(|(place, index)| index.line(place.line).map(|line| (place, line)));
        if let Some((place, line)) = line {
            let number = place.line.to_string();
            let gutter = " ".repeat(number.len());
            let (line, before) = excerpt(line, place.column);
            out.push_str(&format!("\n {gutter} {}", paint("34", "|")));
            out.push_str(&format!(
                "\n {} {} {line}",
                paint("34", &number),
                paint("34", "|")
            ));
            out.push_str(&format!(
                "\n {gutter} {} {before}{}",
                paint("34", "|"),
                paint(label_color, "^")
            ));
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("\n  {}: {hint}", paint("1;36", "hint")));
        }
        out
    }
}

/// How many characters of a source line are shown on each side of the column, so that an
/// error on a 10 MB line prints a line's worth, not the file twice.
const EXCERPT_RADIUS: usize = 60;

/// The part of `line` shown around the 1-based `column` (with `…` where it is cut) and the
/// blanks that put a caret under the column (tabs kept, so it lines up).
pub(super) fn excerpt(line: &str, column: usize) -> (String, String) {
    let at = column.saturating_sub(1);
    let start = at.saturating_sub(EXCERPT_RADIUS);
    let mut rest = line.chars().skip(start);
    let mut shown = String::new();
    let mut before = String::new();
    if start > 0 {
        shown.push('…');
        before.push(' ');
    }
    for c in rest.by_ref().take(at - start) {
        shown.push(c);
        before.push(if c == '\t' { '\t' } else { ' ' });
    }
    shown.extend(rest.by_ref().take(EXCERPT_RADIUS));
    if rest.next().is_some() {
        shown.push('…');
    }
    (shown, before)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}: {}", self.place(), self.text())?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}
