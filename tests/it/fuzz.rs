//! Fuzzing with proptest: the front matter splitter and the Markdown renderer with Quire's
//! extensions (heading ids and anchors, `@/` links, highlighted code, the summary marker) fed
//! grammar-shaped and arbitrary text. (There is no shortcode parser yet.)
//!
//! `cargo test` runs 1,000 cases per target in about a second. More:
//!
//!   QUIRE_FUZZ_CASES=100000 cargo test --test it fuzz      # a number of cases per target
//!   QUIRE_FUZZ_SECONDS=20 cargo test --test it fuzz      # as many as fit in 20 s each
//!
//! `.ci/run` runs the second form for a bounded time. A failure prints the smallest input
//! found, to keep as a regression case.

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use quire::content::front_matter::split;
use quire::markdown::{
    AnchorPlace, CodeHighlight, ExternalLinks, Extras, Highlighter, LinkContext, RenderOptions,
    render,
};

static HIGHLIGHTER: std::sync::OnceLock<Highlighter> = std::sync::OnceLock::new();

/// Runs `test` on values of `strategy`: `QUIRE_FUZZ_CASES` cases (default 1,000), or batches
/// until `QUIRE_FUZZ_SECONDS` have passed; each batch has a fresh random seed.
fn fuzz<S: Strategy>(strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let number = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let deadline = number("QUIRE_FUZZ_SECONDS").map(|s| Instant::now() + Duration::from_secs(s));
    let cases = number("QUIRE_FUZZ_CASES").unwrap_or(1000);
    let batch = if deadline.is_some() { 500 } else { cases };
    let mut done = 0;
    loop {
        let mut runner = TestRunner::new(Config {
            cases: u32::try_from(batch).unwrap_or(u32::MAX),
            failure_persistence: None,
            ..Config::default()
        });
        match runner.run(&strategy, &test) {
            Ok(()) => {}
            Err(TestError::Fail(why, input)) => panic!("{why}\nsmallest failing input: {input:#?}"),
            Err(TestError::Abort(why)) => panic!("aborted: {why}"),
        }
        done += batch;
        let finished = match deadline {
            Some(deadline) => Instant::now() >= deadline,
            None => done >= cases,
        };
        if finished {
            eprintln!("fuzz: {done} cases");
            return;
        }
    }
}

/// Lines that make front matter delimiters, TOML and YAML likely, with stray bytes between.
fn front_matter_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("+++".to_string()),
        Just("---".to_string()),
        Just("+++ ".to_string()),
        Just("\u{feff}+++".to_string()),
        Just("\r".to_string()),
        "[a-z]{1,6} = \"[^\"\\n]{0,8}\"",
        "[a-z]{1,6}: [^\\n]{0,8}",
        "\\PC{0,16}",
        "[\\r\\n\\t +\\-]{0,6}",
    ];
    prop::collection::vec(line, 0..12).prop_map(|lines| lines.join("\n"))
}

/// Markdown built from the constructs Quire adds to or reads from pulldown-cmark.
fn markdown_text() -> impl Strategy<Value = String> {
    let block = prop_oneof![
        "#{1,7} [A-Za-z &<>'\"é0-9`*_]{0,12}",
        "#{1,3} [a-z ]{0,6}\\{#[a-z&<\"0-9-]{0,6}\\}",
        Just("<!-- more -->".to_string()),
        "\\[[a-z]{0,4}\\]\\(@/[a-z/._#-]{0,10}\\)",
        "!\\[[a-z]{0,4}\\]\\([a-z:/@.#-]{0,10}\\)",
        "```[a-z+#]{0,6}\n[^`]{0,30}\n```",
        "~~~rust\nfn main() \\{\\}\n",
        "\\|[a-z ]{0,4}\\|[a-z]{0,3}\\|\n\\|---\\|:-:\\|\n\\|x\\|y\\|",
        "\\[\\^[a-z0-9]{1,3}\\]:? [a-z]{0,6}",
        "<[a-z]{1,6}( id=\"[a-z&;]{0,6}\")?>",
        "[>*+\\- 0-9.]{0,4}[a-z `*_~\\[\\]()!&;<]{0,20}",
        "\\PC{0,20}",
    ];
    prop::collection::vec(block, 0..16).prop_map(|blocks| blocks.join("\n\n"))
}

fn check_markdown(body: &str) -> Result<(), TestCaseError> {
    let highlighter = HIGHLIGHTER.get_or_init(Highlighter::new);
    let options = RenderOptions {
        smart_punctuation: true,
        highlight: CodeHighlight::Classed,
        insert_anchor: AnchorPlace::Right,
        anchor_links: None,
        // Every optional feature on: they rewrite links, images and footnotes.
        extras: Extras {
            external_links: ExternalLinks {
                class: Some("ext"),
                target_blank: true,
                no_follow: true,
                no_referrer: true,
                external: true,
            },
            render_emoji: true,
            definition_list: true,
            bottom_footnotes: true,
            lazy_async_image: true,
            github_alerts: true,
            anchor_slugs: quire::markdown::SlugStrategy::Safe,
        },
    };
    let resolve = |target: &str| target.contains('a').then(|| format!("/{target}/"));
    let links = LinkContext {
        permalink: "https://example.org/x/",
        resolve: &resolve,
    };
    let rendered = render(body, options, highlighter, &links);
    for link in &rendered.broken_links {
        prop_assert!(
            link.offset <= body.len(),
            "offset {} of {}",
            link.offset,
            body.len()
        );
    }
    let mut ids = HashSet::new();
    let mut pending: Vec<&quire::markdown::Heading> = rendered.toc.iter().collect();
    while let Some(heading) = pending.pop() {
        prop_assert!(!heading.id.is_empty());
        prop_assert!(ids.insert(heading.id.clone()), "id {} twice", heading.id);
        pending.extend(heading.children.iter());
    }
    if let Some(summary) = &rendered.summary {
        prop_assert!(summary.len() <= rendered.html.len());
    }
    Ok(())
}

#[test]
fn fuzz_the_front_matter_splitter() {
    fuzz(
        prop_oneof![
            front_matter_text(),
            "\\PC{0,200}",
            any::<Vec<u8>>().prop_map(|b| String::from_utf8_lossy(&b).into_owned())
        ],
        |text| {
            if let Ok(parts) = split(Path::new("x.md"), &text) {
                prop_assert!(text.is_char_boundary(parts.body_offset));
                prop_assert_eq!(&text[parts.body_offset..], parts.body);
                prop_assert_eq!(
                    &text[parts.front_offset..parts.front_offset + parts.front.len()],
                    parts.front
                );
            }
            Ok(())
        },
    );
}

#[test]
fn fuzz_the_markdown_renderer_with_quire_extensions() {
    fuzz(markdown_text(), |body| check_markdown(&body));
}

#[test]
fn fuzz_the_markdown_renderer_with_arbitrary_text() {
    fuzz("\\PC{0,400}", |body| check_markdown(&body));
}
