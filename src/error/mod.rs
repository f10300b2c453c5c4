//! Diagnostics: every problem the build finds, with the file, line and column it comes from
//! and a hint on how to fix it. Stages collect them and the build fails once, at the end.
//!
//! # How functions return problems
//!
//! One convention, used everywhere:
//!
//! - **An operation that stops at its first problem** returns `Result<T, Diagnostic>`: reading
//!   a file, writing the output, rendering one template.
//! - **An operation that goes on after problems** (a loader, a checker, a stage of the build)
//!   takes `diagnostics: &mut Diagnostics` and pushes every error and warning it finds. When
//!   a problem can leave it without a value, it returns `Option<T>`, `None` only after it
//!   pushed an error. It never also returns `Result<_, Diagnostic>`: a caller looks in one
//!   place. `collect` turns the first kind into the second.
//! - **Parallel code** gives each task its own `Diagnostics` (or `Result`) and merges them
//!   with `Diagnostics::extend`; [`Diagnostics::into_sorted`] makes the order stable.
//! - **Parsers of a single value that know no file** (a site path, a date, a placeholder
//!   template) return `Result<T, String>`: the reason, which the caller that knows the file
//!   and the place turns into a `Diagnostic`. Their docs say so.

mod origin;
mod render;

pub use origin::Origin;

/// How bad a diagnostic is: errors fail the build, warnings are only printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Fails the build.
    Error,
    /// Is printed; the build goes on.
    Warning,
}

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1.
    pub(crate) column: usize,
}

impl Location {
    /// The line and column of a byte offset in `text` (columns count characters, not bytes).
    pub(crate) fn of_offset(text: &str, offset: usize) -> Location {
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
    pub(crate) fn line(line: usize) -> Location {
        Location { line, column: 1 }
    }
}

/// One problem found in the site, pointing at the file (and place) it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub(crate) severity: Severity,
    /// The file (or the built-in template, the search index) the problem is in.
    pub origin: Origin,
    /// The line and column, when the problem has a place in the file.
    pub location: Option<Location>,
    /// What is wrong, in one sentence.
    pub message: String,
    pub(crate) hint: Option<String>,
    /// The files being built when it was found: a template error names the pages that hit it.
    /// (A boxed slice keeps `Diagnostic` small enough to return by value everywhere.)
    pub(crate) built_for: Box<[Origin]>,
}

impl Diagnostic {
    /// An error in `origin`.
    pub(crate) fn error(origin: impl Into<Origin>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            origin: origin.into(),
            location: None,
            message: message.into(),
            hint: None,
            built_for: Box::default(),
        }
    }

    /// A warning in `origin`.
    pub(crate) fn warning(origin: impl Into<Origin>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(origin, message)
        }
    }

    /// An error for a failed file-system call on `path`.
    pub(crate) fn io(path: impl Into<Origin>, action: &str, error: &std::io::Error) -> Diagnostic {
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
    pub(crate) fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(location);
        self
    }

    /// Places the diagnostic at a line and column if one is known.
    pub(crate) fn at_opt(mut self, location: Option<Location>) -> Diagnostic {
        self.location = location;
        self
    }

    /// Adds a one-line hint on how to fix the problem.
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Names the file being built when the problem was found.
    pub(crate) fn built_for(mut self, file: impl Into<Origin>) -> Diagnostic {
        let mut files = std::mem::take(&mut self.built_for).into_vec();
        files.push(file.into());
        self.built_for = files.into_boxed_slice();
        self
    }

    /// The message, with the files it was found while building: the first three, then how
    /// many more.
    pub(crate) fn text(&self) -> String {
        const SHOWN: usize = 3;
        let mut text = self.message.clone();
        if self.built_for.is_empty() {
            return text;
        }
        let names: Vec<String> = self
            .built_for
            .iter()
            .take(SHOWN)
            .map(Origin::to_string)
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
    pub(crate) fn place(&self) -> String {
        let path = &self.origin;
        match self.location {
            Some(Location { line, column }) => format!("{path}:{line}:{column}"),
            None => path.to_string(),
        }
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
    pub(crate) fn locate(&self, offset: usize) -> Location {
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
    pub(crate) fn line(&self, number: usize) -> Option<&'a str> {
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

/// The diagnostics of a whole run, errors and warnings together.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one diagnostic.
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds many diagnostics.
    pub(crate) fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    /// True when at least one diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// True when nothing was collected.
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All diagnostics sorted by severity, path and place, so output is stable. The same
    /// problem met while building several files (one template error hit by 10,000 pages) is
    /// one diagnostic naming those files.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        let key = |d: &Diagnostic| {
            (
                d.severity,
                d.origin.clone(),
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

/// The diagnostics in insertion order, to merge them into others.
impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Takes the value out of `result`, recording its diagnostic when there is none.
pub(crate) fn collect<T>(
    result: Result<T, Diagnostic>,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    }
}

#[cfg(test)]
mod tests;
