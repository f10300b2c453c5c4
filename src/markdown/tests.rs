//! One snapshot per Markdown feature.

use super::*;

/// The reference site's anchor link, for every level.
fn reference_anchors() -> Vec<String> {
    vec![
        format!(
            "<a class=\"heading-anchor\" href=\"#{ANCHOR_ID}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>"
        );
        6
    ]
}

/// The options the reference site asks for: smart punctuation, classed highlighting and
/// anchor links after the heading text.
fn quire_style(anchors: &[String]) -> RenderOptions<'_> {
    RenderOptions {
        smart_punctuation: true,
        highlight: CodeHighlight::Classed,
        insert_anchor: AnchorPlace::Right,
        anchor_links: Some(anchors),
        extras: Extras::default(),
    }
}

fn render_with(source: &str, resolve: &(dyn Fn(&str) -> Option<String> + Sync)) -> Rendered {
    let highlighter = Highlighter::new();
    let anchors = reference_anchors();
    let options = quire_style(&anchors);
    let links = LinkContext {
        permalink: "https://example.org/page/",
        resolve,
    };
    render(source, options, &highlighter, &links)
}

fn html(source: &str) -> String {
    render_with(source, &|_| None).html
}

#[test]
fn tables() {
    insta::assert_snapshot!(html("| a | b |\n|---|--:|\n| 1 | 2 |\n"));
}

#[test]
fn footnotes() {
    insta::assert_snapshot!(html("Text[^1].\n\n[^1]: The note.\n"));
}

#[test]
fn strikethrough_and_task_lists() {
    insta::assert_snapshot!(html("~~gone~~\n\n- [x] done\n- [ ] todo\n"));
}

#[test]
fn smart_punctuation() {
    insta::assert_snapshot!(html("\"Quoted\" -- it's ... done\n"));
}

#[test]
fn headings_get_ids_and_anchor_links() {
    insta::assert_snapshot!(html("## Common causes\n\n### The `proxy_pass` line\n"));
}

#[test]
fn repeated_headings_get_unique_ids() {
    insta::assert_snapshot!(html("## Fix\n\n## Fix\n\n## Fix-1\n"));
}

#[test]
fn explicit_heading_ids_and_classes_are_kept() {
    insta::assert_snapshot!(html(
        "## Is 418 real? {#is-418-real .faq}\n\n## Is 418 real?\n"
    ));
}

#[test]
fn code_is_highlighted_with_classes() {
    let out = html("```rust\nfn main() {}\n```\n");
    assert!(!out.contains("style="), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_languages_fall_back_to_escaped_text() {
    insta::assert_snapshot!(html("```http\nHTTP/1.1 502 Bad Gateway\n<html>\n```\n"));
}

#[test]
fn indented_code_is_escaped_and_plain() {
    insta::assert_snapshot!(html("    a < b && c\n"));
}

#[test]
fn internal_links_resolve_with_anchors() {
    let resolve =
        |path: &str| (path == "5xx/502.md").then(|| "https://example.org/502/".to_string());
    let rendered = render_with(
        "[a](@/5xx/502.md#fix) [b](@/nope.md) [c](https://x.org/)",
        &resolve,
    );
    insta::assert_snapshot!(rendered.html);
    assert_eq!(
        rendered.broken_links,
        vec![BrokenLink {
            offset: 22,
            target: "@/nope.md".to_string()
        }]
    );
}

#[test]
fn toc_nests_headings_with_permalinks() {
    let rendered = render_with("# Title\n## One\n### One a\n## Two\n", &|_| None);
    insta::assert_json_snapshot!(rendered.toc);
}

#[test]
fn summary_is_the_part_before_the_more_marker() {
    let rendered = render_with("First *para*.\n\n<!-- more -->\n\nRest.\n", &|_| None);
    assert_eq!(
        rendered.summary.as_deref(),
        Some("<p>First <em>para</em>.</p>\n")
    );
    assert!(rendered.html.contains("Rest."));
}

#[test]
fn the_marker_may_be_written_as_zola_allows() {
    for marker in ["<!--more-->", "<!-- MORE -->", "<!--\t More \t-->"] {
        let source = format!("Top.\n\n{marker}\n\nRest.\n");
        let rendered = render_with(&source, &|_| None);
        assert_eq!(
            rendered.summary.as_deref(),
            Some("<p>Top.</p>\n"),
            "{marker}"
        );
        assert!(has_summary_marker(&source), "{marker}");
    }
}

#[test]
fn no_marker_means_no_summary() {
    assert_eq!(render_with("Just text.", &|_| None).summary, None);
    assert!(!has_summary_marker("<!-- more than this -->"));
}

#[test]
fn words_and_reading_time_are_counted() {
    let source = "word ".repeat(401);
    assert_eq!(word_count(&source), 401);
    assert_eq!(reading_time(word_count(&source)), 3);
}

#[test]
fn raw_html_passes_through() {
    assert_eq!(
        html("<div class=\"x\">hi</div>\n"),
        "<div class=\"x\">hi</div>\n"
    );
}

#[test]
fn deeply_nested_quotes_render_without_overflowing_the_stack() {
    let source = ">".repeat(10_000) + " deep\n";
    assert!(html(&source).contains("deep"));
}

#[test]
fn the_outline_agrees_with_the_full_render() {
    let highlighter = Highlighter::new();
    let anchors = reference_anchors();
    let options = quire_style(&anchors);
    let resolve = |path: &str| (path == "a.md").then(|| "https://example.org/a/".to_string());
    let links = LinkContext {
        permalink: "https://example.org/page/",
        resolve: &resolve,
    };
    for source in [
        "See [a](@/a.md#x), [b](@/b.md) and [c](https://example.org).\n\n> [d](@/d.md)\n",
        "# Title\n\nSome *words* here, and `code`.\n\n```rust\nfn main() {}\n```\n\n| a | b |\n|---|---|\n| c d | e |\n",
        "Intro [link][r] text.\n\n<!-- more -->\n\nRest of it.\n\n[r]: https://example.org\n",
        "Intro [a](@/gone.md).\n\n```rust\nlet a = 1;\n```\n\n<!--more-->\n\nLater [b](@/b.md) and [c](@/a.md).\n\n```rust\nlet b = 2;\n```\n",
        "Inline <!-- more --> marker, then [b](@/b.md).\n",
        "# Heading <!-- more --> inside\n\nText [b](@/b.md).\n",
        "Note[^1] and [^2].\n\n[^2]: Second.\n\n<!-- more -->\n\nLater[^3].\n\n[^1]: First.\n[^3]: Third.\n",
        "| a | b |\n|:--|--:|\n| c | d |\n\n<!-- more -->\n\n| e |\n|:-:|\n| f |\n",
        "Written [as an entity](&#64;/gone.md), and [by reference][r].\n\n[r]: @/gone-too.md\n",
        "Intro.\n\n<!-- more -->\n\nLater [as an entity](&#x40;/gone.md).\n",
        "[Named](&commat;/gone.md) and [escaped](\\@\\/gone.md).\n",
        "```\n<!-- more -->\n```\n\nText.\n\n<!-- more -->\n\nRest.\n",
        "```\n<!-- more -->\nnever closed\n",
        "- a\n- b\n<!-- more -->\n\n- c\n\n- d\n",
        "- a\n\n- b\n<!-- more -->\n- c\n",
        "- a\n  <!-- more -->\n- b\n\n- c\n",
        "- a\n  ```\n<!-- more -->\n  ```\n",
        "<div>\nx\n<!-- more -->\n</div>\n\nRest.\n",
        "<!-- start\n<!-- more -->\nafter\n",
        "> quote\n<!-- more -->\n> more\n",
        "Para.\n\n    <!-- more -->\n\n<!--MORE-->\nRest.\n",
        "Intro.\r\n\r\n<!-- more -->\r\n\r\nRest.\r\n",
        "| a |\n|---|\n| b |\n<!-- more -->\nRest.\n",
        "Title\n<!-- more -->\n===\n",
        "Text[^1].\n\n[^1]: Note\n<!-- more -->\nRest.\n",
        "Uses [r] before.\n\n<!-- more -->\n\n> [r]: https://example.org\n",
        "",
    ] {
        for bottom_footnotes in [false, true] {
            let options = RenderOptions {
                extras: Extras {
                    bottom_footnotes,
                    ..options.extras
                },
                ..options
            };
            let full = render(source, options, &highlighter, &links);
            let outline = outline(source, options, &highlighter, &links);
            assert_eq!(outline.summary, full.summary, "{source}");
            assert_eq!(outline.broken_links, full.broken_links, "{source}");
            if source.contains("gone") {
                assert!(!full.broken_links.is_empty(), "{source}");
            }
        }
    }
}

#[test]
fn only_the_text_through_a_marker_line_is_parsed_when_nothing_after_it_can_change_it() {
    let source = "Intro.\n\n<!-- more -->\n\nRest [a][r].\n";
    assert_eq!(
        through_marker_line(source),
        Some("Intro.\n\n<!-- more -->\n")
    );
    // A definition after the marker, an indented marker or none at all: the whole is parsed.
    assert_eq!(
        through_marker_line("Intro [r].\n<!-- more -->\n[r]: /x\n"),
        None
    );
    assert_eq!(through_marker_line("Intro.\n\n    <!-- more -->\n"), None);
    assert_eq!(through_marker_line("Inline <!-- more --> marker.\n"), None);
}

#[test]
fn forty_thousand_identical_headings_get_unique_ids_in_order() {
    let source = "# Same\n\n".repeat(40_000);
    let toc = render_with(&source, &|_| None).toc;
    assert_eq!(toc.len(), 40_000);
    let ids: Vec<&str> = toc.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids[..3], ["same", "same-1", "same-2"]);
    assert_eq!(ids[39_999], "same-39999");
    let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), 40_000);
}

#[test]
fn a_heading_whose_id_was_taken_by_a_suffixed_one_skips_to_the_next_free_suffix() {
    let toc = render_with("# A\n# A 1\n# A\n# A\n", &|_| None).toc;
    let ids: Vec<&str> = toc.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["a", "a-1", "a-2", "a-3"]);
}

#[test]
fn a_summary_aligns_table_cells_with_classes_as_the_page_does() {
    // Found by tests/it/fuzz.rs: the summary kept pulldown-cmark's inline styles.
    let rendered = render_with("|a|b|\n|---|:-:|\n|x|y|\n\n<!-- more -->\nRest.", &|_| None);
    let summary = rendered.summary.unwrap();
    assert!(!summary.contains("style="), "{summary}");
    assert!(
        rendered.html.starts_with(&summary),
        "{summary}\n{}",
        rendered.html
    );
}

fn zola_html(source: &str, options: RenderOptions) -> String {
    let links = LinkContext {
        permalink: "https://example.org/page/",
        resolve: &|_| None,
    };
    render(source, options, &Highlighter::new(), &links).html
}

#[test]
fn zola_defaults_add_no_anchor_links_no_smart_punctuation_and_no_highlighting() {
    insta::assert_snapshot!(zola_html(
        "## \"Quoted\" -- it's\n\n```rust\nfn main() {}\n```\n",
        RenderOptions::zola_defaults()
    ));
}

#[test]
fn zolas_built_in_anchor_link_goes_left_right_or_around_the_heading() {
    let mut out = String::new();
    for place in [AnchorPlace::Left, AnchorPlace::Right, AnchorPlace::Heading] {
        let options = RenderOptions {
            insert_anchor: place,
            ..RenderOptions::zola_defaults()
        };
        out.push_str(&zola_html("# Title *here*\n", options));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn the_sites_anchor_template_is_used_for_its_level() {
    let anchors: Vec<String> = (1..=6)
        .map(|level| format!("<a class=\"l{level}\" href=\"#{ANCHOR_ID}\">§</a>"))
        .collect();
    let options = RenderOptions {
        insert_anchor: AnchorPlace::Heading,
        anchor_links: Some(&anchors),
        ..RenderOptions::zola_defaults()
    };
    assert_eq!(
        zola_html("### A & B\n", options),
        "<h3 id=\"a-b\"><a class=\"l3\" href=\"#a-b\">A &amp; B</a></h3>\n"
    );
}

/// Zola's defaults with some optional features on.
fn with_extras(extras: Extras<'static>) -> RenderOptions<'static> {
    RenderOptions {
        extras,
        ..RenderOptions::zola_defaults()
    }
}

#[test]
fn links_to_other_sites_get_the_attributes_asked_for_and_local_links_none() {
    let extras = Extras {
        external_links: ExternalLinks {
            class: Some("external"),
            target_blank: true,
            no_follow: true,
            no_referrer: true,
            external: false,
        },
        ..Extras::default()
    };
    assert_eq!(
        zola_html(
            "[a](https://example.com/?q=1&r=2 \"A & B\") [b](/local/) [c](mailto:x@example.org)\n",
            with_extras(extras)
        ),
        "<p><a class=\"external\" rel=\"noopener nofollow noreferrer\" target=\"_blank\" title=\"A &amp; B\" href=\"https://example.com/?q=1&amp;r=2\">a</a> <a href=\"/local/\">b</a> <a href=\"mailto:x@example.org\">c</a></p>\n"
    );
    // Off by default: pulldown-cmark's own link.
    assert_eq!(
        zola_html(
            "[a](https://example.com/)\n",
            RenderOptions::zola_defaults()
        ),
        "<p><a href=\"https://example.com/\">a</a></p>\n"
    );
}

#[test]
fn emoji_shortcodes_become_emoji_outside_code_only() {
    let extras = Extras {
        render_emoji: true,
        ..Extras::default()
    };
    assert_eq!(
        zola_html(
            "Done :tada: :not_an_emoji: `:tada:`\n\n```\n:tada:\n```\n",
            with_extras(extras)
        ),
        "<p>Done 🎉 :not_an_emoji: <code>:tada:</code></p>\n<pre><code>:tada:\n</code></pre>\n"
    );
}

#[test]
fn bottom_footnotes_are_numbered_by_first_reference_and_link_back_to_each() {
    let extras = Extras {
        bottom_footnotes: true,
        ..Extras::default()
    };
    let source = "One[^b] two[^a] three[^b].\n\n[^a]: About a.\n\n[^b]: About b.\n\n[^unused]: Never cited.\n";
    assert_eq!(
        zola_html(source, with_extras(extras)),
        concat!(
            "<p>One<sup class=\"footnote-reference\" id=\"fr-b-1\"><a href=\"#fn-b\">1</a></sup>",
            " two<sup class=\"footnote-reference\" id=\"fr-a-1\"><a href=\"#fn-a\">2</a></sup>",
            " three<sup class=\"footnote-reference\" id=\"fr-b-2\"><a href=\"#fn-b\">1</a></sup>.</p>\n",
            "<section class=\"footnotes\">\n<ol class=\"footnotes-list\">\n",
            "<li id=\"fn-b\">\n<p>About b. <a href=\"#fr-b-1\">↩</a> <a href=\"#fr-b-2\">↩2</a></p>\n</li>\n",
            "<li id=\"fn-a\">\n<p>About a. <a href=\"#fr-a-1\">↩</a></p>\n</li>\n",
            "</ol>\n</section>\n"
        )
    );
}

#[test]
fn lazy_images_keep_their_alt_text_and_title() {
    let extras = Extras {
        lazy_async_image: true,
        ..Extras::default()
    };
    assert_eq!(
        zola_html(
            "![A *bold* \"cat\"](/cat.png \"Title\")\n",
            with_extras(extras)
        ),
        "<p><img src=\"/cat.png\" title=\"Title\" alt=\"A bold &quot;cat&quot;\" loading=\"lazy\" decoding=\"async\" /></p>\n"
    );
}

#[test]
fn github_alerts_and_definition_lists_only_when_asked() {
    let source = "> [!WARNING]\n> Careful.\n\nTerm\n: Meaning\n";
    let extras = Extras {
        github_alerts: true,
        definition_list: true,
        ..Extras::default()
    };
    let on = zola_html(source, with_extras(extras));
    assert!(
        on.contains("<blockquote class=\"markdown-alert-warning\">"),
        "{on}"
    );
    assert!(
        on.contains("<dl>\n<dt>Term</dt>\n<dd>Meaning</dd>\n</dl>"),
        "{on}"
    );
    let off = zola_html(source, RenderOptions::zola_defaults());
    assert!(off.contains("<blockquote>\n<p>[!WARNING]"), "{off}");
    assert!(!off.contains("<dl>"), "{off}");
}

#[test]
fn relative_links_and_images_point_beside_the_page_as_zolas_colocated_files() {
    assert_eq!(
        zola_html(
            "[a](notes.txt) ![b](img/b.png) [c](/root/) [d](../up/) [e](#here) [f](tel:+1) [g](https://x.example/)\n",
            RenderOptions::zola_defaults()
        ),
        "<p><a href=\"https://example.org/page/notes.txt\">a</a> <img src=\"https://example.org/page/img/b.png\" alt=\"b\" /> <a href=\"/root/\">c</a> <a href=\"../up/\">d</a> <a href=\"#here\">e</a> <a href=\"tel:+1\">f</a> <a href=\"https://x.example/\">g</a></p>\n"
    );
}

#[test]
fn table_alignment_becomes_classes_and_other_styles_stay() {
    let table = "| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n";
    let out = html(table);
    for side in ["left", "center", "right"] {
        assert_eq!(
            out.matches(&format!("<th class=\"align-{side}\">")).count(),
            1,
            "{out}"
        );
        assert_eq!(
            out.matches(&format!("<td class=\"align-{side}\">")).count(),
            1,
            "{out}"
        );
    }
    assert!(!out.contains("style="), "{out}");
    assert!(out.contains("<td>4</td>"), "{out}");
    let raw = "<p style=\"text-align: justify\">x</p>\n\n<p style=\"text-align: right\">y</p>\n";
    assert_eq!(
        alignment_as_classes(raw.to_string()),
        "<p style=\"text-align: justify\">x</p>\n\n<p class=\"align-right\">y</p>\n"
    );
    assert_eq!(alignment_as_classes("plain".into()), "plain");
}
