//! Zola's `minify_html`: every HTML file is minified before it is written, with the
//! `minify-html` crate set up as Zola 0.22 sets it up (the `<html>` and `<head>` opening
//! tags kept, inline CSS minified, scripts left as they are), so a site gets the same bytes.

use minify_html::Cfg;

use super::{Content, OutputFile, Sink};
use crate::error::Diagnostic;

/// A sink that minifies HTML files before passing them on.
pub(crate) struct Minified<'a> {
    inner: &'a dyn Sink,
    settings: Cfg,
}

impl<'a> Minified<'a> {
    /// Wraps `inner`.
    pub(crate) fn new(inner: &'a dyn Sink) -> Self {
        let mut settings = Cfg::new();
        settings.keep_html_and_head_opening_tags = true;
        settings.minify_css = true;
        settings.minify_js = false;
        Minified { inner, settings }
    }
}

impl Sink for Minified<'_> {
    fn put(&self, mut file: OutputFile) -> Result<(), Diagnostic> {
        if file.path.ends_with(".html")
            && let Content::Bytes(bytes) = &file.content
        {
            file.content = Content::Bytes(minify_html::minify(bytes, &self.settings));
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

    fn minified(path: &str, text: &str) -> String {
        let sink = MemorySink::default();
        Minified::new(&sink)
            .put(OutputFile::text(path.to_string(), text.to_string(), "t.md"))
            .unwrap();
        let file = sink.into_files().pop().unwrap();
        let Content::Bytes(bytes) = file.content else {
            panic!("not bytes");
        };
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn html_loses_white_space_quotes_and_closing_tags_but_keeps_its_opening_tags() {
        let html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"UTF-8\">\n  <style>\n    p { color: red; }\n  </style>\n</head>\n<body>\n  <p>  Two   words  </p>\n  <script>\n    let a = 1;\n  </script>\n</body>\n</html>\n";
        assert_eq!(
            minified("index.html", html),
            "<!doctype html><html lang=en><head><meta charset=UTF-8><style>p{color:red}</style><body><p>Two words</p><script>let a = 1;</script>"
        );
    }

    #[test]
    fn other_files_are_left_as_they_are() {
        let xml = "<feed>\n  <title> A </title>\n</feed>\n";
        assert_eq!(minified("atom.xml", xml), xml);
    }
}
