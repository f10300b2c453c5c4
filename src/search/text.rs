//! The text of a rendered body as Zola's search index holds it: no tags, nothing of
//! `<script>`, `<style>` or `<pre>`, each line's white space collapsed, no blank lines.

use lol_html::{RewriteStrSettings, doc_comments, element, rewrite_str};

/// The indexed text of `html`, cut to `limit` characters when given.
pub(super) fn indexed_text(html: &str, limit: Option<usize>) -> String {
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("script, style, pre", |el| {
            el.remove();
            Ok(())
        }))
        .append_element_content_handler(element!("*", |el| {
            el.remove_and_keep_content();
            Ok(())
        }))
        .append_document_content_handler(doc_comments!(|comment| {
            comment.remove();
            Ok(())
        }));
    let bare = rewrite_str(html, settings).unwrap_or_default();
    // Markdown's HTML escapes quotes in text; the index holds them as a reader sees them.
    let bare = bare.replace("&quot;", "\"");
    let mut text = bare
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    if let Some(end) = limit.and_then(|n| text.char_indices().nth(n)) {
        text.truncate(end.0);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::indexed_text;

    #[test]
    fn tags_go_and_their_text_stays_but_code_blocks_scripts_and_styles_go_whole() {
        let html = "<h2 id=\"a\">Why</h2>\n<p>A <em>proxy</em> &quot;said&quot; no.</p>\n<pre><code>let x = 1;\n</code></pre>\n<script>alert(1)</script><style>p{}</style><!-- note -->\n<p>  Then   <code>retry</code>.</p>\n";
        assert_eq!(
            indexed_text(html, None),
            "Why\nA proxy \"said\" no.\nThen retry."
        );
    }

    #[test]
    fn a_limit_cuts_at_a_character_not_a_byte() {
        assert_eq!(indexed_text("<p>héllo world</p>", Some(2)), "hé");
        assert_eq!(indexed_text("<p>hello</p>", Some(100)), "hello");
        assert_eq!(indexed_text("<p>hello</p>", Some(0)), "");
    }
}
