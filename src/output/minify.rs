//! Zola's `minify_html`: every HTML file is minified before it is written, with the
//! `minify-html` crate set up as Zola 0.22 sets it up (the `<html>` and `<head>` opening
//! tags kept, inline CSS minified, scripts left as they are), so a site gets the same bytes.

use minify_html::Cfg;

use super::html_passes::HtmlPass;

/// Minifies each HTML file.
pub(crate) struct Minify {
    settings: Cfg,
}

impl Minify {
    /// Zola's settings.
    pub(crate) fn new() -> Self {
        let mut settings = Cfg::new();
        settings.keep_html_and_head_opening_tags = true;
        settings.minify_css = true;
        settings.minify_js = false;
        Minify { settings }
    }
}

impl HtmlPass for Minify {
    fn apply(&self, html: &[u8]) -> Option<Vec<u8>> {
        Some(minify_html::minify(html, &self.settings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minified(html: &str) -> String {
        String::from_utf8(Minify::new().apply(html.as_bytes()).unwrap()).unwrap()
    }

    #[test]
    fn html_loses_white_space_quotes_and_closing_tags_but_keeps_its_opening_tags() {
        let html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"UTF-8\">\n  <style>\n    p { color: red; }\n  </style>\n</head>\n<body>\n  <p>  Two   words  </p>\n  <script>\n    let a = 1;\n  </script>\n</body>\n</html>\n";
        assert_eq!(
            minified(html),
            "<!doctype html><html lang=en><head><meta charset=UTF-8><style>p{color:red}</style><body><p>Two words</p><script>let a = 1;</script>"
        );
    }
}
