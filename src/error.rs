//! Diagnostics: every problem the build finds, with the file, line and column it comes from
//! and a hint on how to fix it. Stages collect them and the build fails once, at the end.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors fail the build, warnings are only printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// The line and column of a byte offset in `text` (columns count characters, not bytes).
    pub fn of_offset(text: &str, offset: usize) -> Location {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Location { line, column }
    }

    /// The start of the given 1-based line.
    pub fn line(line: usize) -> Location {
        Location { line, column: 1 }
    }
}

/// One problem found in the site, pointing at the file (and place) it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    pub location: Option<Location>,
    pub message: String,
    pub hint: Option<String>,
    /// The files being built when it was found: a template error names the pages that hit it.
    /// (A boxed slice keeps `Diagnostic` small enough to return by value everywhere.)
    pub built_for: Box<[PathBuf]>,
}

impl Diagnostic {
    /// An error in `path`.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            location: None,
            message: message.into(),
            hint: None,
            built_for: Box::default(),
        }
    }

    /// A warning in `path`.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// An error for a failed file-system call on `path`.
    pub fn io(path: &Path, action: &str, error: &std::io::Error) -> Diagnostic {
        use std::io::ErrorKind;
        let hint = match error.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
                "the disk is full: free some space, or build to another disk with --output"
            }
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
                "check that you may read and write this path (its permissions, or a read-only disk)"
            }
            ErrorKind::NotFound => "check that the path exists",
            _ => "check that the path exists and that you may read and write it",
        };
        Diagnostic::error(path, format!("could not {action}: {error}")).with_hint(hint)
    }

    /// Places the diagnostic at a line and column.
    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(location);
        self
    }

    /// Places the diagnostic at a line and column if one is known.
    pub fn at_opt(mut self, location: Option<Location>) -> Diagnostic {
        self.location = location;
        self
    }

    /// Adds a one-line hint on how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Names the file being built when the problem was found.
    pub fn built_for(mut self, file: impl Into<PathBuf>) -> Diagnostic {
        let mut files = std::mem::take(&mut self.built_for).into_vec();
        files.push(file.into());
        self.built_for = files.into_boxed_slice();
        self
    }

    /// The message, with the files it was found while building: the first three, then how
    /// many more.
    pub fn text(&self) -> String {
        const SHOWN: usize = 3;
        let mut text = self.message.clone();
        if self.built_for.is_empty() {
            return text;
        }
        let names: Vec<String> = self
            .built_for
            .iter()
            .take(SHOWN)
            .map(|file| file.display().to_string())
            .collect();
        text.push_str(", for ");
        text.push_str(&names.join(", "));
        if self.built_for.len() > SHOWN {
            text.push_str(&format!(" and {} more", self.built_for.len() - SHOWN));
        }
        text
    }

    /// True for errors, false for warnings.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column`, as far as it is known.
    pub fn place(&self) -> String {
        let path = self.path.display();
        match self.location {
            Some(Location { line, column }) => format!("{path}:{line}:{column}"),
            None => path.to_string(),
        }
    }
}

impl Diagnostic {
    /// The diagnostic as a terminal shows it: the message, then the offending line of `source`
    /// with a caret under the column, then the hint; in colour when `color` is set.
    pub fn render(&self, source: Option<&str>, color: bool) -> String {
        self.render_in(source.map(LineIndex::new).as_ref(), color)
    }

    /// As [`Diagnostic::render`], with the source already indexed by line, so that printing
    /// 40,000 errors of one file reads and scans it once, not once each.
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

/// The starts of the lines of a text, to find the line and column of many offsets, or the
/// text of many lines, in logarithmic time each.
pub struct LineIndex<'a> {
    text: &'a str,
    /// The byte offset where each line starts; the first is 0.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the lines of `text`.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The line and column of a byte offset, as [`Location::of_offset`] finds them.
    pub fn locate(&self, offset: usize) -> Location {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line.saturating_sub(1)];
        let column = self.text[start..offset].chars().count() + 1;
        Location { line, column }
    }

    /// The text of 1-based line `number`, without its line ending, as `str::lines` gives it.
    pub fn line(&self, number: usize) -> Option<&'a str> {
        let start = *self.starts.get(number.checked_sub(1)?)?;
        let end = self
            .starts
            .get(number)
            .map_or(self.text.len(), |next| next - 1);
        if start == self.text.len() {
            return None;
        }
        let line = &self.text[start..end];
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// How many characters of a source line are shown on each side of the column, so that an
/// error on a 10 MB line prints a line's worth, not the file twice.
const EXCERPT_RADIUS: usize = 60;

/// The part of `line` shown around the 1-based `column` (with `…` where it is cut) and the
/// blanks that put a caret under the column (tabs kept, so it lines up).
fn excerpt(line: &str, column: usize) -> (String, String) {
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

/// The diagnostics of a whole run, errors and warnings together.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds many diagnostics.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    /// True when at least one diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// All diagnostics sorted by severity, path and place, so output is stable. The same
    /// problem met while building several files (one template error hit by 10,000 pages) is
    /// one diagnostic naming those files.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        let key = |d: &Diagnostic| {
            (
                d.severity,
                d.path.clone(),
                d.location,
                d.message.clone(),
                d.hint.clone(),
            )
        };
        self.items
            .sort_by_cached_key(|d| (key(d), d.built_for.clone()));
        let mut merged: Vec<Diagnostic> = Vec::with_capacity(self.items.len());
        for item in self.items {
            match merged.last_mut() {
                Some(last) if key(last) == key(&item) => {
                    let mut files = std::mem::take(&mut last.built_for).into_vec();
                    // Sorted, so a file met twice comes twice in a row.
                    for file in item.built_for {
                        if files.last() != Some(&file) {
                            files.push(file);
                        }
                    }
                    last.built_for = files.into_boxed_slice();
                }
                _ => merged.push(item),
            }
        }
        merged
    }

    /// The diagnostics collected so far, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// Takes the value out of `result`, recording its diagnostic when there is none.
pub fn collect<T>(result: Result<T, Diagnostic>, diagnostics: &mut Diagnostics) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_index_agrees_with_a_scan_from_the_top() {
        for text in ["", "a", "a\n", "a\r\nbé\n\nc", "\n\n", "x\ny"] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 1 {
                assert_eq!(
                    index.locate(offset),
                    Location::of_offset(text, offset),
                    "{text:?} {offset}"
                );
            }
            for number in 0..6 {
                assert_eq!(
                    index.line(number),
                    number.checked_sub(1).and_then(|n| text.lines().nth(n)),
                    "{text:?} {number}"
                );
            }
        }
    }

    #[test]
    fn offsets_map_to_one_based_lines_and_character_columns() {
        let text = "ab\ncdé\nf";
        assert_eq!(
            Location::of_offset(text, 0),
            Location { line: 1, column: 1 }
        );
        assert_eq!(
            Location::of_offset(text, 3),
            Location { line: 2, column: 1 }
        );
        assert_eq!(
            Location::of_offset(text, 7),
            Location { line: 2, column: 4 }
        );
        assert_eq!(
            Location::of_offset(text, 100),
            Location { line: 3, column: 2 }
        );
    }

    #[test]
    fn an_offset_inside_a_character_is_moved_back_to_its_start() {
        let text = "é";
        assert_eq!(
            Location::of_offset(text, 1),
            Location { line: 1, column: 1 }
        );
    }

    #[test]
    fn rendering_shows_the_line_with_a_caret_under_the_column() {
        let diagnostic = Diagnostic::error("content/a.md", "invalid front matter: expected a date")
            .at(Location { line: 3, column: 8 })
            .with_hint("write 2026-05-01");
        let source = "+++\ntitle = \"A\"\ndate = 5\n+++\n";
        assert_eq!(
            diagnostic.render(Some(source), false),
            "error: content/a.md:3:8: invalid front matter: expected a date\n   |\n 3 | date = 5\n   |        ^\n  hint: write 2026-05-01"
        );
        let coloured = diagnostic.render(Some(source), true);
        assert!(
            coloured.starts_with("\x1b[1;31merror\x1b[0m"),
            "{coloured:?}"
        );
        assert_eq!(diagnostic.render(None, false), diagnostic.to_string());
    }

    #[test]
    fn a_long_line_is_shown_only_around_the_column() {
        let line = format!("{}X{}", "a".repeat(10_000), "b".repeat(10_000));
        let diagnostic = Diagnostic::error("a.md", "here").at(Location {
            line: 1,
            column: 10_001,
        });
        let shown = diagnostic.render(Some(&line), false);
        let expected = format!(
            "error: a.md:1:10001: here\n   |\n 1 | …{}X{}…\n   |  {}^",
            "a".repeat(60),
            "b".repeat(59),
            " ".repeat(60)
        );
        assert_eq!(shown, expected);
        assert_eq!(
            excerpt("ab\tc", 4),
            ("ab\tc".to_string(), "  \t".to_string())
        );
        assert_eq!(excerpt("", 9), (String::new(), String::new()));
    }

    #[test]
    fn display_names_place_message_and_hint() {
        let diagnostic = Diagnostic::error("content/a.md", "bad thing")
            .at(Location { line: 3, column: 7 })
            .with_hint("do the other thing");
        assert_eq!(
            diagnostic.to_string(),
            "error: content/a.md:3:7: bad thing\n  hint: do the other thing"
        );
    }
}
