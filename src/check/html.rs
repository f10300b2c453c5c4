//! What `check` reads from a built HTML file: its links and ids, with character references
//! decoded so that `id="a&amp;b"` and `href="#a&amp;b"` both mean `a&b`.

use std::cell::RefCell;
use std::collections::HashSet;

use lol_html::{RewriteStrSettings, element, rewrite_str};

/// The links and ids of one HTML file.
#[derive(Debug, Default)]
pub(super) struct HtmlFacts {
    pub(super) links: Vec<String>,
    pub(super) ids: HashSet<String>,
}

/// Reads the `href` and `src` of every element and every `id` from HTML.
pub(super) fn html_facts(html: &str) -> HtmlFacts {
    let facts = RefCell::new(HtmlFacts::default());
    let settings = RewriteStrSettings::new().append_element_content_handler(element!("*", |el| {
        let mut facts = facts.borrow_mut();
        // Attributes come as written: `id="a&amp;b"` is the id `a&b`, as links to it are.
        if let Some(id) = el.get_attribute("id") {
            facts.ids.insert(decode_entities(&id));
        }
        if let Some(name) = el.get_attribute("name").filter(|_| el.tag_name() == "a") {
            facts.ids.insert(decode_entities(&name));
        }
        for attribute in ["href", "src"] {
            if let Some(url) = el.get_attribute(attribute) {
                facts.links.push(decode_entities(&url));
            }
        }
        Ok(())
    }));
    // The output is discarded; a rewriting error only means fewer facts, never a crash.
    let _ = rewrite_str(html, settings);
    facts.into_inner()
}

/// Attribute text with character references decoded: the five named ones HTML writers use
/// (`&amp;` → `&`) and every numeric one (`&#38;`, `&#x26;`), each once, left to right, so
/// `&amp;lt;` is `&lt;`, not `<`.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match decode_one(rest) {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference at the start of `text` stands for, and its length.
fn decode_one(text: &str) -> Option<(char, usize)> {
    let end = text.bytes().take(12).position(|b| b == b';')?;
    let name = &text[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_facts_collect_links_and_ids() {
        let facts = html_facts(
            "<h2 id=\"a\">A</h2><a href=\"/x/\">x</a><img src=\"i.png\" alt=\"\"><a name=\"old\"></a>",
        );
        assert_eq!(facts.links, ["/x/", "i.png"]);
        assert!(facts.ids.contains("a") && facts.ids.contains("old"));
        let facts = html_facts("<a href=\"https://e.org/?a=1&amp;b=2\">x</a>");
        assert_eq!(facts.links, ["https://e.org/?a=1&b=2"]);
    }

    #[test]
    fn ids_and_links_with_ampersands_decode_alike() {
        let facts = html_facts(
            "<h2 id=\"q&amp;a\">Q</h2><a href=\"#q&amp;a\">x</a><a href=\"#q&#38;a\">y</a>",
        );
        assert!(facts.ids.contains("q&a"), "{:?}", facts.ids);
        assert_eq!(facts.links, ["#q&a", "#q&a"]);
        assert_eq!(
            decode_entities("&amp;lt; & &#x1F600; &bogus; &#xFFFFFFFF;"),
            "&lt; & \u{1F600} &bogus; &#xFFFFFFFF;"
        );
    }
}
