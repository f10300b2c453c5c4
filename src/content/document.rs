//! One Markdown file with its front matter: read from disk (at the edge) or parsed from a
//! string, for pages and sections alike.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::front_matter;
use crate::error::{Diagnostic, Diagnostics, Location, collect};

/// A parsed Markdown file: typed front matter `M` and the body, placed in the file.
#[derive(Debug, Clone)]
pub struct Document<M> {
    /// The path shown in diagnostics.
    pub(crate) file: PathBuf,
    /// The path under `content/` with `/` separators (`5xx/500.md`), used by `@/` links.
    pub relative_path: String,
    /// The front matter, typed.
    pub meta: M,
    /// The whole file, without a byte order mark.
    pub(crate) source: String,
    /// Where the body starts in `source`.
    pub(crate) body_offset: usize,
    /// The words of the body as Zola counts them: as written, shortcode calls and not their
    /// output (see [`word_count`](crate::markdown::word_count)).
    pub(crate) word_count: usize,
}

impl<M: DeserializeOwned> Document<M> {
    /// Parses a file's text, with warnings (unknown keys) in `diagnostics`; `None` when the
    /// front matter is not valid, the error in `diagnostics`.
    pub fn parse(
        file: &Path,
        relative_path: &str,
        source: String,
        diagnostics: &mut Diagnostics,
    ) -> Option<Document<M>> {
        let split = collect(front_matter::split(file, &source), diagnostics)?;
        let meta = front_matter::parse::<M>(file, &source, &split, diagnostics)?;
        let body_offset = split.body_offset;
        Some(Document {
            file: file.to_path_buf(),
            relative_path: relative_path.to_string(),
            meta,
            word_count: crate::markdown::word_count(&source[body_offset..]),
            source,
            body_offset,
        })
    }

    /// Reads and parses a file.
    pub(crate) fn from_file(
        file: &Path,
        shown_as: &Path,
        relative_path: &str,
        diagnostics: &mut Diagnostics,
    ) -> Option<Document<M>> {
        let source = collect(read_text(file, shown_as), diagnostics)?;
        Document::parse(shown_as, relative_path, source, diagnostics)
    }
}

impl<M> Document<M> {
    /// The Markdown after the front matter.
    pub(crate) fn body(&self) -> &str {
        &self.source[self.body_offset..]
    }

    /// Minutes to read the body.
    pub(crate) fn reading_time(&self) -> usize {
        crate::markdown::reading_time(self.word_count)
    }

    /// The place in the file of a byte offset in the body.
    pub(crate) fn body_location(&self, offset_in_body: usize) -> Location {
        Location::of_offset(&self.source, self.body_offset + offset_in_body)
    }
}

/// Reads a UTF-8 text file, dropping a byte order mark; other encodings are an error placed
/// at the first byte that is not UTF-8.
pub(crate) fn read_text(file: &Path, shown_as: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(file).map_err(|error| Diagnostic::io(shown_as, "read", &error))?;
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let before = String::from_utf8_lossy(&error.as_bytes()[..valid]);
        Diagnostic::error(shown_as, "the file is not valid UTF-8 text")
            .at(Location::of_offset(&before, before.len()))
            .with_hint("save the file as UTF-8 in your editor")
    })?;
    Ok(match strip_bom(&text) {
        stripped if stripped.len() < text.len() => stripped.to_string(),
        _ => text,
    })
}

/// `text` without the byte order mark some editors write at the start.
pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter::PageFrontMatter;

    #[test]
    fn body_locations_count_from_the_top_of_the_file() {
        let doc = Document::<PageFrontMatter>::parse(
            Path::new("a.md"),
            "a.md",
            "+++\ntitle = \"A\"\n+++\nline four\nline five".to_string(),
            &mut Diagnostics::default(),
        )
        .unwrap();
        assert_eq!(doc.body(), "line four\nline five");
        assert_eq!(doc.body_location(10), Location { line: 5, column: 1 });
    }

    #[test]
    fn invalid_utf8_is_placed_at_the_first_bad_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.md");
        std::fs::write(&path, b"+++\ntitle = \"\xff\"\n+++\n").unwrap();
        let error = read_text(&path, Path::new("content/bad.md")).unwrap_err();
        assert_eq!(
            error.location,
            Some(Location {
                line: 2,
                column: 10
            })
        );
        assert_eq!(error.origin, Path::new("content/bad.md"));
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bom.md");
        std::fs::write(&path, b"\xEF\xBB\xBF+++\n+++\n").unwrap();
        assert_eq!(read_text(&path, &path).unwrap(), "+++\n+++\n");
    }
}
