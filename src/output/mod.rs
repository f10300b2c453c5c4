//! The only place that writes: the build's files go to a temporary folder (`staging`) beside
//! the output, which replaces it whole in one swap (`swap`) only once everything is written;
//! an output that cannot be swapped (a mount point, or in a folder this user cannot write)
//! gets a staging folder inside it instead, whose entries are then moved into place
//! (`in_place`). The replaced output is kept, when the build is given a place for it, and
//! the next build stages into it (`spare`). The output folder is checked first (`guard`) and the list of files for
//! clashes (`collisions`). A failed build leaves the previous output as it was.

mod collisions;
mod guard;
mod html_passes;
mod in_place;
pub mod interrupt;
mod lock;
mod minify;
mod root_relative;
mod spare;
mod staging;
mod swap;

pub(crate) use collisions::collisions;
pub use guard::MARKER;
pub(crate) use guard::check_output_dir;
pub(crate) use html_passes::{HtmlPass, HtmlPasses};
pub(crate) use minify::Minify;
pub(crate) use root_relative::RootRelative;
pub(crate) use staging::Staging;

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;
use std::sync::Mutex;

use crate::error::{Diagnostic, Origin};

/// What an output file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Bytes made by the build.
    Bytes(Vec<u8>),
    /// A file copied as it is.
    Copy(PathBuf),
}

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    /// Its bytes, or the file to copy them from.
    pub content: Content,
    /// The source that made it, for diagnostics.
    pub(crate) origin: Origin,
}

impl OutputFile {
    /// A file made from text. XML outputs (feeds, sitemaps, any `.xml` or text starting with
    /// `<?xml`) lose the characters XML 1.0 forbids, so a control character in a title or
    /// body cannot make them unreadable.
    pub(crate) fn text(path: impl Into<String>, text: String, origin: impl Into<Origin>) -> Self {
        let path = path.into();
        let is_xml = path.to_ascii_lowercase().ends_with(".xml") || text.starts_with("<?xml");
        let text = if is_xml { xml_chars_only(text) } else { text };
        OutputFile {
            path,
            content: Content::Bytes(text.into_bytes()),
            origin: origin.into(),
        }
    }

    /// A file copied from `source`.
    pub(crate) fn copy(path: impl Into<String>, source: PathBuf) -> Self {
        OutputFile {
            path: path.into(),
            origin: Origin::File(source.clone()),
            content: Content::Copy(source),
        }
    }
}

/// `text` without the characters XML 1.0 does not allow: controls other than tab, line feed
/// and carriage return, and U+FFFE and U+FFFF.
fn xml_chars_only(text: String) -> String {
    if !holds_non_xml_chars(text.as_bytes()) {
        return text;
    }
    let allowed = |c: char| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    text.chars().filter(|&c| allowed(c)).collect()
}

/// Whether UTF-8 `bytes` hold a character XML does not allow, found without decoding them:
/// the controls are single bytes below 0x20, and U+FFFE and U+FFFF are EF BF BE and EF BF BF.
fn holds_non_xml_chars(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(at, &byte)| {
        (byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r'))
            || (byte == 0xEF && matches!(bytes.get(at + 1..at + 3), Some([0xBF, 0xBE | 0xBF])))
    })
}

/// Where rendered files go as soon as they are made, so a build never holds the whole site.
pub(crate) trait Sink: Sync {
    /// Takes one finished file.
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;
    /// The bytes of a file already put, for steps that read the built site (search indexing).
    fn read(&self, path: &str) -> Option<Vec<u8>>;
}

/// Keeps the files in memory, for `serve` and `check`.
#[derive(Default)]
pub(crate) struct MemorySink {
    files: Mutex<(Vec<OutputFile>, HashMap<String, usize>)>,
}

impl MemorySink {
    /// The files, sorted by path.
    pub(crate) fn into_files(self) -> Vec<OutputFile> {
        let (mut files, _) = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        // Files arrive in parallel: sort so the order, and which of two clashing files is
        // blamed, is the same on every run.
        files.sort_by(|a, b| (&a.path, &a.origin).cmp(&(&b.path, &b.origin)));
        files
    }
}

impl Sink for MemorySink {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        let mut guard = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let (files, index) = &mut *guard;
        index.insert(file.path.clone(), files.len());
        files.push(file);
        Ok(())
    }

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        let guard = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let (files, index) = &*guard;
        match &files[*index.get(path)?].content {
            Content::Bytes(bytes) => Some(bytes.clone()),
            Content::Copy(source) => fs::read(source).ok(),
        }
    }
}

/// True for a relative path made of plain names: no `..`, `.`, empty segments, backslashes,
/// drive letters or NUL, so it stays inside the folder it is joined to.
pub(crate) fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(['\\', '\0', ':'])
        && path
            .split('/')
            .all(|segment| !segment.is_empty() && segment != "." && segment != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_outputs_lose_the_characters_xml_forbids() {
        let text = "<?xml?><t>a\u{1}b\u{c}c\u{1b}d\u{ffff}\te\n\u{7f}é</t>".to_string();
        let bytes = |file: OutputFile| match file.content {
            Content::Bytes(bytes) => String::from_utf8(bytes).unwrap(),
            Content::Copy(_) => unreachable!(),
        };
        let clean = "<?xml?><t>abcd\te\n\u{7f}é</t>";
        assert_eq!(bytes(OutputFile::text("feed", text.clone(), "x")), clean);
        let body = text.replace("<?xml?>", "");
        assert_eq!(
            bytes(OutputFile::text("tags/a/ATOM.XML", body.clone(), "x")),
            clean.replace("<?xml?>", "")
        );
        assert_eq!(
            bytes(OutputFile::text("a/index.html", body.clone(), "x")),
            body
        );
    }

    proptest::proptest! {
        #[test]
        fn the_byte_scan_finds_what_decoding_finds(text in "[a\u{0}-\u{1f}\u{7f}é\u{fffd}-\u{ffff}\u{f7bf}\u{10000}]{0,12}") {
            let forbidden = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
            proptest::prop_assert_eq!(holds_non_xml_chars(text.as_bytes()), text.chars().any(forbidden));
            let kept: String = text.chars().filter(|&c| !forbidden(c)).collect();
            proptest::prop_assert_eq!(xml_chars_only(text), kept);
        }
    }
}
