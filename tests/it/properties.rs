//! Property tests: any text as front matter or Markdown parses and renders without a panic,
//! and every error points at a line inside the input. `PROPTEST_CASES=20000 cargo test
//! properties` runs a long session; the default keeps CI fast.

use std::path::Path;

use proptest::prelude::*;
use quire::content::Document;
use quire::content::front_matter::PageFrontMatter;
use quire::error::Diagnostics;
use quire::markdown::{
    AnchorPlace, CodeHighlight, Extras, Highlighter, LinkContext, RenderOptions, Themes, render,
    shortcodes,
};

/// Loaded once: syntect's syntaxes take a while to load.
static HIGHLIGHTER: std::sync::OnceLock<Highlighter> = std::sync::OnceLock::new();

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text that looks like front matter often enough to reach the TOML and YAML parsers.
fn front_matter_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "[a-z_]{1,8} = \"[^\"\\n]{0,12}\"",
        "[a-z_]{1,8} = [0-9]{1,4}",
        "date = [0-9]{4}-[0-9]{2}-[0-9]{2}",
        "\\[[a-z.]{1,10}\\]",
        "[a-z]{1,6}: [^\\n]{0,10}",
        "\\PC{0,20}",
    ];
    (
        prop_oneof![Just("+++"), Just("---"), Just("")],
        prop::collection::vec(line, 0..8),
        any::<bool>(),
        "\\PC{0,40}",
    )
        .prop_map(|(fence, lines, closed, body)| {
            let mut text = format!("{fence}\n{}\n", lines.join("\n"));
            if closed {
                text.push_str(fence);
                text.push('\n');
            }
            text.push_str(&body);
            text
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_front_matter_parses_or_fails_with_a_line_in_the_file(text in front_matter_like()) {
        let mut problems = Diagnostics::default();
        match Document::<PageFrontMatter>::parse(Path::new("content/x.md"), "x.md", text.clone(), &mut problems) {
            Some(_) => {}
            None => {
                let error = problems.iter().find(|d| d.is_error()).expect("a document that does not parse has an error");
                prop_assert_eq!(error.origin.file(), Some(Path::new("content/x.md")));
                let location = error.location.expect("every front matter error has a line");
                let lines = text.lines().count().max(1);
                prop_assert!(location.line >= 1 && location.line <= lines + 1, "line {} of {}", location.line, lines);
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics_the_parser(text in "\\PC{0,200}") {
        let _ = Document::<PageFrontMatter>::parse(Path::new("x.md"), "x.md", text, &mut Diagnostics::default());
    }

    #[test]
    fn any_text_parses_for_shortcodes_without_panicking(text in prop_oneof!["\\PC{0,200}", "([{}%/* ()=,\"'`a-z0-9\\[\\]\n-]){0,200}"]) {
        if let Err(error) = shortcodes::parse(&text) {
            prop_assert!(error.offset <= text.len());
        }
    }

    #[test]
    fn any_markdown_renders(body in prop_oneof!["\\PC{0,300}", "([#>*`\\-\\[\\]()!|~_0-9a-z \\n{}<]){0,300}"]) {
        let highlighter = HIGHLIGHTER.get_or_init(Highlighter::new);
        let options = RenderOptions {
            smart_punctuation: true,
            highlight: CodeHighlight::Lines { classes: false, themes: Themes::Single("github-dark") },
            insert_anchor: AnchorPlace::Heading,
            anchor_links: None,
            extras: Extras::default(),
        };
        let resolve = |_: &str| None;
        let links = LinkContext { permalink: "https://example.org/x/", resolve: &resolve };
        let rendered = render(&body, options, highlighter, &links);
        for link in &rendered.broken_links {
            prop_assert!(link.offset <= body.len());
        }
    }
}
