//! Markdown alternates and `llms.txt`, for sites with `generate_markdown_alternates = true`.
//! Each page's Markdown, under its title and description and with `@/` links made full URLs,
//! is written at the page's URL plus `index.html.md`, as the llms.txt convention proposes
//! (llmstxt.org); `/llms.txt` lists them by section, so scripts and assistants can read the
//! site without its HTML.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

/// The name of a page's alternate, beside its `index.html`.
pub(crate) const ALTERNATE_NAME: &str = "index.html.md";

/// The output path of the alternate of the page at site path `page_path` (`/503/`).
pub(crate) fn alternate_path(page_path: &str) -> String {
    let folder = page_path.trim_matches('/');
    if folder.is_empty() {
        ALTERNATE_NAME.to_string()
    } else {
        format!("{folder}/{ALTERNATE_NAME}")
    }
}

/// The URL of the alternate of the page at `permalink`.
pub(crate) fn alternate_url(permalink: &str) -> String {
    format!("{}/{ALTERNATE_NAME}", permalink.trim_end_matches('/'))
}

/// A page's alternate: `# title`, the description as a quote, then the body (shortcodes
/// already expanded) with each `@/` link replaced by what `resolve` gives for it.
pub(crate) fn alternate(
    title: &str,
    description: Option<&str>,
    body: &str,
    resolve: impl Fn(&str) -> Option<String>,
) -> String {
    let mut markdown = format!("# {}\n\n", one_line(title));
    if let Some(description) = description.filter(|d| !d.trim().is_empty()) {
        markdown.push_str(&format!("> {}\n\n", one_line(description)));
    }
    markdown.push_str(with_links_resolved(body, resolve).trim());
    markdown.push('\n');
    markdown
}

/// One entry of `llms.txt`.
pub(crate) struct Listed<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: String,
    pub(crate) description: Option<&'a str>,
}

/// `llms.txt`: the site's title and description, then a `##` list per section of the pages'
/// alternates, each with its description.
pub(crate) fn llms_txt<'a>(
    title: &str,
    description: &str,
    sections: impl IntoIterator<Item = (&'a str, Vec<Listed<'a>>)>,
) -> String {
    let mut text = format!("# {}\n", one_line(title));
    if !description.trim().is_empty() {
        text.push_str(&format!("\n> {}\n", one_line(description)));
    }
    for (heading, pages) in sections {
        if pages.is_empty() {
            continue;
        }
        text.push_str(&format!("\n## {}\n\n", one_line(heading)));
        for page in pages {
            text.push_str(&format!("- [{}]({})", link_text(page.title), page.url));
            if let Some(description) = page.description.filter(|d| !d.trim().is_empty()) {
                text.push_str(&format!(": {}", one_line(description)));
            }
            text.push('\n');
        }
    }
    text
}

/// Plain text (a title, a description) as Markdown text on one line: its runs of white space
/// made one space, and `&`, `<` and `>` as entities, so a renderer shows them and never
/// takes them for HTML.
fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A title as a link's text: brackets escaped too, so the link stays one link.
fn link_text(title: &str) -> String {
    one_line(title).replace('[', "\\[").replace(']', "\\]")
}

/// `markdown` with the destination of each link and image to `@/...` replaced by what
/// `resolve` gives for it (an anchor kept); links it cannot resolve stay as they are.
fn with_links_resolved(markdown: &str, resolve: impl Fn(&str) -> Option<String>) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    let parser = Parser::new_ext(markdown, options).into_offset_iter();
    let mut replacements: Vec<(Range<usize>, String)> = Vec::new();
    let definitions: Vec<(String, Range<usize>)> = parser
        .reference_definitions()
        .iter()
        .map(|(_, definition)| (definition.dest.to_string(), definition.span.clone()))
        .collect();
    for (destination, span) in definitions {
        if let Some(found) = destination_in(markdown, span, &destination, &resolve) {
            replacements.push(found);
        }
    }
    for (event, span) in parser {
        let destination = match &event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        if let Some(found) = destination_in(markdown, span, destination, &resolve) {
            replacements.push(found);
        }
    }
    replacements.sort_by_key(|(range, _)| range.start);
    replacements.dedup_by_key(|(range, _)| range.start);
    let mut resolved = String::with_capacity(markdown.len());
    let mut at = 0;
    for (range, url) in replacements {
        if range.start < at {
            continue;
        }
        resolved.push_str(&markdown[at..range.start]);
        resolved.push_str(&url);
        at = range.end;
    }
    resolved.push_str(&markdown[at..]);
    resolved
}

/// Where `destination`, an `@/` link, is written in `markdown[span]` (its last occurrence:
/// the text of a link comes before its destination), and the URL it resolves to.
fn destination_in(
    markdown: &str,
    span: Range<usize>,
    destination: &str,
    resolve: &impl Fn(&str) -> Option<String>,
) -> Option<(Range<usize>, String)> {
    let target = destination.strip_prefix("@/")?;
    let (path, anchor) = match target.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (target, None),
    };
    let url = resolve(path)?;
    let url = match anchor {
        Some(anchor) => format!("{url}#{anchor}"),
        None => url,
    };
    let start = span.start + markdown.get(span)?.rfind(destination)?;
    Some((start..start + destination.len(), url))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(path: &str) -> Option<String> {
        (path == "5xx/502.md").then(|| "https://example.org/502/".to_string())
    }

    #[test]
    fn internal_links_become_full_urls_and_others_stay() {
        let body = "See [502](@/5xx/502.md#causes), ![d](@/5xx/502.md) and [x](@/nope.md).\n\n\
                    [ref]: @/5xx/502.md\n\nAlso `[code](@/5xx/502.md)` and [web](https://a.b/@/5xx/502.md).\n";
        let markdown = alternate("How to fix 502", Some("A  502\nmeans."), body, resolve);
        assert_eq!(
            markdown,
            "# How to fix 502\n\n> A 502 means.\n\n\
             See [502](https://example.org/502/#causes), ![d](https://example.org/502/) and [x](@/nope.md).\n\n\
             [ref]: https://example.org/502/\n\nAlso `[code](@/5xx/502.md)` and [web](https://a.b/@/5xx/502.md).\n"
        );
    }

    #[test]
    fn titles_and_descriptions_are_text_never_html() {
        let markdown = alternate("<script>x</script>", Some("a & <b>"), "Body.", resolve);
        assert_eq!(
            markdown,
            "# &lt;script&gt;x&lt;/script&gt;\n\n> a &amp; &lt;b&gt;\n\nBody.\n"
        );
    }

    #[test]
    fn alternates_sit_beside_the_page() {
        assert_eq!(alternate_path("/503/"), "503/index.html.md");
        assert_eq!(alternate_path("/"), "index.html.md");
        assert_eq!(
            alternate_url("https://example.org/503/"),
            "https://example.org/503/index.html.md"
        );
    }

    #[test]
    fn llms_txt_lists_pages_by_section_and_skips_empty_sections() {
        let text = llms_txt(
            "Site",
            "What it is.",
            [
                (
                    "Server errors",
                    vec![Listed {
                        title: "Fix [503]",
                        url: "https://e.org/503/index.html.md".into(),
                        description: Some("Busy."),
                    }],
                ),
                ("Empty", Vec::new()),
            ],
        );
        assert_eq!(
            text,
            "# Site\n\n> What it is.\n\n## Server errors\n\n- [Fix \\[503\\]](https://e.org/503/index.html.md): Busy.\n"
        );
    }
}
