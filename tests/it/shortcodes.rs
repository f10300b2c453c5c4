//! Shortcodes, anchor links and Zola 0.22 highlighting on a fixture site of our own
//! (`tests/fixtures/zola-shortcodes`).

use quire::error::Diagnostics;
use quire::site::{SiteUpdate, build_in_memory};

use crate::support::TestSite;

#[test]
fn shortcodes_expand_in_pages_and_sections_but_not_in_code_or_escapes() {
    let site = TestSite::fixture("zola-shortcodes");
    site.build_ok();
    insta::assert_snapshot!(site.read("page/index.html"));
    insta::assert_snapshot!(site.read("index.html"));
}

#[test]
fn a_section_can_turn_anchor_links_off_for_its_pages() {
    let site = TestSite::fixture("zola-shortcodes");
    site.build_ok();
    assert_eq!(
        site.read("docs/plain/index.html"),
        "<main>\n<h1 id=\"no-anchor-here\">No anchor here</h1>\n<p>Its section says <code>insert_anchor_links = \"none\"</code>.</p>\n</main>\n"
    );
}

#[test]
fn class_highlighting_writes_giallo_light_and_dark_stylesheets() {
    let site = TestSite::fixture("zola-shortcodes");
    site.build_ok();
    for sheet in ["giallo-light.css", "giallo-dark.css"] {
        assert!(site.read(sheet).contains(".z-"), "{sheet}");
    }
    assert!(!site.output().join("giallo.css").exists());
}

/// Zola 0.22 writes its stylesheets into `static/` when they are missing there, so a site
/// built with Zola has its own copy, which wins.
#[test]
fn a_static_stylesheet_of_the_same_name_wins_over_the_written_one() {
    let site = TestSite::fixture("zola-shortcodes");
    site.write("static/giallo-dark.css", "/* the site's own */\n");
    site.build_ok();
    assert_eq!(site.read("giallo-dark.css"), "/* the site's own */\n");
    assert!(site.read("giallo-light.css").contains(".z-"));
}

#[test]
fn an_unknown_shortcode_is_an_error_at_its_line_with_a_hint() {
    let site = TestSite::fixture("zola-shortcodes");
    site.write(
        "content/bad.md",
        "+++\ntitle = \"Bad\"\n+++\nText.\n\n{{ nope(a=1) }}\n",
    );
    let errors = site.fail_keeping_output();
    insta::assert_snapshot!(errors.join("\n"));
}

#[test]
fn a_failing_shortcode_template_names_the_content_line_and_the_template() {
    let site = TestSite::fixture("zola-shortcodes");
    site.write(
        "content/bad.md",
        "+++\ntitle = \"Bad\"\n+++\n{{ video(id=\"x\") }}\n",
    );
    let errors = site.fail_keeping_output();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("error: [site]/content/bad.md:4:1: shortcode `video` failed in [site]/templates/shortcodes/video.html"),
        "{errors:?}"
    );
}

/// Zola prints a malformed inline call as it is; Quire does too, and warns at its column.
#[test]
fn a_malformed_inline_call_is_text_with_a_warning_at_its_column() {
    let site = TestSite::fixture("zola-shortcodes");
    site.write(
        "content/bad.md",
        "+++\ntitle = \"Bad\"\n+++\nSee {{ video(id=\"x\"; width=2) }}\n",
    );
    let built = site.build_ok();
    let warnings: Vec<String> = built
        .warnings
        .iter()
        .map(|w| site.redact(&w.to_string()))
        .collect();
    insta::assert_snapshot!(warnings.join("\n"));
    let page = site.read("bad/index.html");
    assert!(
        page.contains("See {{ video(id=&quot;x&quot;; width=2) }}")
            || page.contains("See {{ video(id=\"x\"; width=2) }}"),
        "{page}"
    );
}

#[test]
fn serve_renders_again_the_pages_that_called_an_edited_shortcode() {
    let site = TestSite::fixture("zola-shortcodes");
    let mut diagnostics = Diagnostics::default();
    let (loaded, _) = build_in_memory(&site.options(), &mut diagnostics).unwrap();
    site.write(
        "templates/shortcodes/video.html",
        "<div class=\"edited\">{{ id }}</div>\n",
    );
    let mut problems = Diagnostics::default();
    let SiteUpdate::Applied(_, files) = loaded.update_templates(&mut problems) else {
        panic!("the edit needed a full build");
    };
    assert!(!problems.has_errors());
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, vec!["page/index.html"]);
    let quire::output::Content::Bytes(bytes) = &files[0].content else {
        panic!("a page is made, not copied");
    };
    let page = String::from_utf8_lossy(bytes).into_owned();
    assert!(page.contains("<div class=\"edited\">abc</div>"), "{page}");
}

#[test]
fn serve_loads_again_when_a_shortcode_used_by_a_section_is_edited() {
    let site = TestSite::fixture("zola-shortcodes");
    let mut diagnostics = Diagnostics::default();
    let (loaded, _) = build_in_memory(&site.options(), &mut diagnostics).unwrap();
    site.write(
        "templates/shortcodes/section_title.html",
        "<b>{{ section.title }}</b>\n",
    );
    assert!(matches!(
        loaded.update_templates(&mut Diagnostics::default()),
        SiteUpdate::NeedsFullBuild
    ));
}
