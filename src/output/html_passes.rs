//! Passes over every HTML file on its way to the sink (Quire's root-relative links, Zola's
//! `minify_html`), so each pass is written once as a change of bytes and never as a sink.

use super::{Content, OutputFile, Sink};
use crate::error::Diagnostic;

/// A change made to each HTML file before it is written.
pub(crate) trait HtmlPass: Sync {
    /// The file's new bytes, or `None` to leave them as they are.
    fn apply(&self, html: &[u8]) -> Option<Vec<u8>>;
}

/// A sink that runs its passes, in order, over each HTML file before passing it on.
pub(crate) struct HtmlPasses<'a> {
    inner: &'a dyn Sink,
    passes: Vec<Box<dyn HtmlPass>>,
}

impl<'a> HtmlPasses<'a> {
    /// Wraps `inner`.
    pub(crate) fn new(inner: &'a dyn Sink, passes: Vec<Box<dyn HtmlPass>>) -> Self {
        HtmlPasses { inner, passes }
    }
}

impl Sink for HtmlPasses<'_> {
    fn put(&self, mut file: OutputFile) -> Result<(), Diagnostic> {
        if file.path.ends_with(".html")
            && let Content::Bytes(bytes) = &mut file.content
        {
            for pass in &self.passes {
                if let Some(changed) = pass.apply(bytes) {
                    *bytes = changed;
                }
            }
        }
        self.inner.put(file)
    }

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.inner.read(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::MemorySink;

    /// Appends its letter to the file.
    struct Append(u8);

    impl HtmlPass for Append {
        fn apply(&self, html: &[u8]) -> Option<Vec<u8>> {
            Some([html, &[self.0]].concat())
        }
    }

    fn put(path: &str) -> Vec<u8> {
        let sink = MemorySink::default();
        HtmlPasses::new(&sink, vec![Box::new(Append(b'1')), Box::new(Append(b'2'))])
            .put(OutputFile::text(path.to_string(), "x".to_string(), "t.md"))
            .unwrap();
        let file = sink.into_files().pop().unwrap();
        let Content::Bytes(bytes) = file.content else {
            panic!("not bytes");
        };
        bytes
    }

    #[test]
    fn html_files_go_through_every_pass_in_order() {
        assert_eq!(put("a/index.html"), b"x12");
    }

    #[test]
    fn other_files_are_left_as_they_are() {
        assert_eq!(put("atom.xml"), b"x");
    }
}
