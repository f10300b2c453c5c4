//! Zola's optional Markdown settings, end to end: `[markdown]` in config.toml turns each on
//! for every page, templates see the settings, and none of them is an unknown key.

use crate::support::TestSite;

const CONFIG: &str = r#"title = "Test"
base_url = "https://example.org/"
[markdown]
external_links_target_blank = true
external_links_no_follow = true
external_links_no_referrer = true
external_links_class = "ext"
render_emoji = true
bottom_footnotes = true
lazy_async_image = true
github_alerts = true
definition_list = true
"#;

const PAGE: &str = "+++\ntitle = \"Options\"\n+++\n\
See [the RFC](https://www.rfc-editor.org/rfc/rfc9110) and [home](@/_index.md) :rocket:.[^why]\n\n\
> [!TIP]\n> Retry later.\n\n\
![A diagram](diagram.png)\n\n\
Status\n: A three-digit code\n\n\
[^why]: Because.\n";

#[test]
fn every_markdown_option_in_config_changes_the_built_page() {
    let site = TestSite::new();
    site.write("config.toml", CONFIG)
        .write("content/options.md", PAGE)
        .write(
            "templates/index.html",
            "emoji={{ config.markdown.render_emoji }} class={{ config.markdown.external_links_class }}",
        );
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let html = site.read("options/index.html");
    for expected in [
        "<a class=\"ext\" rel=\"noopener nofollow noreferrer external\" target=\"_blank\" href=\"https://www.rfc-editor.org/rfc/rfc9110\">the RFC</a>",
        "<a href=\"https://example.org/\">home</a>",
        "🚀",
        "<sup class=\"footnote-reference\" id=\"fr-why-1\"><a href=\"#fn-why\">1</a></sup>",
        "<li id=\"fn-why\">\n<p>Because. <a href=\"#fr-why-1\">↩</a></p>",
        "<blockquote class=\"markdown-alert-tip\">",
        "<img src=\"https://example.org/options/diagram.png\" alt=\"A diagram\" loading=\"lazy\" decoding=\"async\" />",
        "<dt>Status</dt>",
    ] {
        assert!(html.contains(expected), "missing {expected} in:\n{html}");
    }
    assert_eq!(site.read("index.html"), "emoji=true class=ext");
}

/// Zola 0.22's defaults: `rel="external"` on links to other sites, and relative links and
/// images (a page's colocated files) made absolute under the page's URL.
#[test]
fn without_the_options_the_same_page_renders_with_zolas_defaults() {
    let site = TestSite::new();
    site.write("content/options.md", PAGE);
    site.build_ok();
    let html = site.read("options/index.html");
    assert!(
        html.contains(
            "<a rel=\"external\" href=\"https://www.rfc-editor.org/rfc/rfc9110\">the RFC</a>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"https://example.org/options/diagram.png\" alt=\"A diagram\" />"),
        "{html}"
    );
    assert!(html.contains(":rocket:"), "{html}");
    assert!(!html.contains("footnotes-list"), "{html}");
    assert!(!html.contains("loading=\"lazy\""), "{html}");
    assert!(!html.contains("markdown-alert"), "{html}");
}
