//! Whole builds of fixture sites, checked by the files they produce.

use crate::support::{TestSite, main_of};

#[test]
fn a_zola_site_builds_unchanged_to_the_expected_url_tree() {
    let site = TestSite::fixture("zola-basic");
    let report = site.build_ok();
    assert_eq!((report.pages, report.sections), (4, 2));
    insta::assert_snapshot!(site.output_files().join("\n"));
}

#[test]
fn unknown_zola_settings_are_warnings_not_errors() {
    let site = TestSite::fixture("zola-basic");
    let warnings: Vec<String> = site
        .build_ok()
        .warnings
        .iter()
        .map(|w| site.redact(&w.to_string()))
        .collect();
    insta::assert_snapshot!(warnings.join("\n"));
}

#[test]
fn zola_home_template_sees_sections_pages_and_urls() {
    let site = TestSite::fixture("zola-basic");
    site.build_ok();
    insta::assert_snapshot!(main_of(&site.read("index.html")));
}

#[test]
fn zola_page_template_sees_toc_counts_taxonomies_and_highlighted_code() {
    let site = TestSite::fixture("zola-basic");
    site.build_ok();
    insta::assert_snapshot!(main_of(&site.read("blog/first/index.html")));
}

#[test]
fn sections_list_pages_newest_first_with_summaries() {
    let site = TestSite::fixture("zola-basic");
    site.build_ok();
    insta::assert_snapshot!(main_of(&site.read("blog/index.html")));
}

#[test]
fn internal_links_and_path_overrides_resolve() {
    let site = TestSite::fixture("zola-basic");
    site.build_ok();
    let about = site.read("about-us/index.html");
    assert!(
        about.contains("href=\"https://zola.example.org/blog/first/#code\""),
        "{about}"
    );
}

#[test]
fn aliases_redirect_to_the_page() {
    let site = TestSite::fixture("zola-basic");
    site.build_ok();
    insta::assert_snapshot!(site.read("about/index.html"));
    assert!(
        site.read("old-about.html")
            .contains("url=https://zola.example.org/about-us/")
    );
}

#[test]
fn bundle_files_are_copied_beside_their_page() {
    let site = TestSite::fixture("zola-basic");
    site.build_ok();
    assert!(site.read("blog/bundle/picture.svg").contains("<svg"));
    assert!(site.read("blog/bundle/index.html").contains("1 assets"));
}

#[test]
fn static_files_and_highlight_stylesheets_are_written() {
    let site = TestSite::fixture("zola-basic");
    site.build_ok();
    assert_eq!(site.read("site.css"), "body { color: black; }\n");
    for sheet in ["syntax-light.css", "syntax-dark.css"] {
        assert!(site.read(sheet).contains(".z-code"), "{sheet}");
    }
}

#[test]
fn drafts_are_built_only_when_asked() {
    let site = TestSite::fixture("zola-basic");
    site.build_ok();
    assert!(!site.output().join("blog/draft").exists());
    let mut options = site.options();
    options.drafts = true;
    crate::support::build(&options).unwrap();
    assert!(site.read("blog/draft/index.html").contains("Not yet"));
}

#[test]
fn base_url_can_be_overridden_with_a_sub_path() {
    let site = TestSite::fixture("zola-basic");
    let mut options = site.options();
    options.base_url = Some("https://preview.example.net/docs/".to_string());
    crate::support::build(&options).unwrap();
    let home = site.read("index.html");
    assert!(
        home.contains("href=\"https://preview.example.net/docs/blog/first/\""),
        "{home}"
    );
    assert!(!home.contains("zola.example.org"), "{home}");
}

#[test]
fn byte_order_marks_and_crlf_line_endings_build() {
    let site = TestSite::new();
    site.write(
        "content/crlf.md",
        "\u{feff}+++\r\ntitle = \"Windows\"\r\n+++\r\n## Heading\r\nText.\r\n",
    );
    site.build_ok();
    assert_eq!(
        site.read("crlf/index.html"),
        "<h1>Windows</h1><h2 id=\"heading\">Heading</h2>\n<p>Text.</p>\n"
    );
}

#[test]
fn nested_sections_get_nested_urls() {
    let site = TestSite::new();
    site.write("content/a/_index.md", "+++\ntitle = \"A\"\n+++\n")
        .write("content/a/b/_index.md", "+++\ntitle = \"B\"\n+++\n")
        .write("content/a/b/page.md", "+++\ntitle = \"Deep\"\n+++\n");
    site.build_ok();
    assert_eq!(
        site.read("a/b/index.html"),
        "<h1>B</h1><a href=\"https://example.org/a/b/page/\">Deep</a>"
    );
    assert!(site.output().join("a/b/page/index.html").exists());
}

#[test]
fn hidden_and_editor_files_are_skipped() {
    let site = TestSite::new();
    site.write("content/real.md", "+++\ntitle = \"Real\"\n+++\n")
        .write("content/.#real.md", "garbage")
        .write("content/real.md~", "garbage")
        .write("content/.real.md.swp", "garbage");
    site.build_ok();
    let pages: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert_eq!(
        pages,
        [
            "404.html",
            "index.html",
            "real/index.html",
            "tags/index.html"
        ]
    );
}

#[test]
fn a_page_can_name_its_template_and_sections_name_page_templates() {
    let site = TestSite::new();
    site.write("templates/special.html", "special {{ page.title }}")
        .write("templates/listed.html", "listed {{ page.title }}")
        .write(
            "content/one.md",
            "+++\ntitle = \"One\"\ntemplate = \"special.html\"\n+++\n",
        )
        .write(
            "content/s/_index.md",
            "+++\npage_template = \"listed.html\"\n+++\n",
        )
        .write("content/s/two.md", "+++\ntitle = \"Two\"\n+++\n");
    site.build_ok();
    assert_eq!(site.read("one/index.html"), "special One");
    assert_eq!(site.read("s/two/index.html"), "listed Two");
}

#[test]
fn the_404_page_is_rendered_at_the_root() {
    let site = TestSite::fixture("zola-basic");
    site.build_ok();
    assert!(site.read("404.html").contains("<h1>Not found</h1>"));
}

#[test]
fn every_build_is_byte_identical() {
    let site = TestSite::fixture("zola-basic");
    site.build_ok();
    let first: Vec<String> = site.output_files().iter().map(|f| site.read(f)).collect();
    site.build_ok();
    let second: Vec<String> = site.output_files().iter().map(|f| site.read(f)).collect();
    assert_eq!(first, second);
}

#[test]
fn a_body_edit_re_renders_only_the_page_and_what_lists_it() {
    let site = TestSite::fixture("zola-basic");
    let mut diagnostics = quire::error::Diagnostics::default();
    let (loaded, _) = quire::site::build_in_memory(&site.options(), &mut diagnostics).unwrap();
    let text = std::fs::read_to_string(site.root().join("content/blog/first.md")).unwrap();
    let edited = text.replace("The summary.", "The new summary.");
    let mut problems = quire::error::Diagnostics::default();
    let quire::site::SiteUpdate::Applied(updated, files) =
        loaded.update_page("blog/first.md", edited, &mut problems)
    else {
        panic!("a body edit should be applied in place");
    };
    assert!(!problems.has_errors());
    let mut paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "blog/first/index.html",
            "blog/index.html",
            // The home and the tag pages show titles and dates, which a body edit cannot
            // change, and the list of tags shows counts: they stay.
        ]
    );
    let blog = files.iter().find(|f| f.path == "blog/index.html").unwrap();
    let quire::output::Content::Bytes(bytes) = &blog.content else {
        panic!("rendered")
    };
    assert!(String::from_utf8_lossy(bytes).contains("The new summary."));
    let retitled = text.replace("title = \"First post\"", "title = \"Renamed\"");
    assert!(matches!(
        updated.update_page(
            "blog/first.md",
            retitled,
            &mut quire::error::Diagnostics::default()
        ),
        quire::site::SiteUpdate::NeedsFullBuild
    ));
}

#[test]
fn after_body_edits_the_feed_shows_the_new_text_and_the_other_pages_unchanged() {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\ngenerate_feeds = true\n",
    )
    .write(
        "content/a.md",
        "+++\ntitle = \"A\"\ndate = 2026-01-02\n+++\nAlpha text.\n",
    )
    .write(
        "content/b.md",
        "+++\ntitle = \"B\"\ndate = 2026-01-01\n+++\nBeta text.\n",
    );
    let mut diagnostics = quire::error::Diagnostics::default();
    let (mut loaded, _) = quire::site::build_in_memory(&site.options(), &mut diagnostics).unwrap();
    for round in 1..=2 {
        let edited = format!("+++\ntitle = \"A\"\ndate = 2026-01-02\n+++\nAlpha edit {round}.\n");
        let mut problems = quire::error::Diagnostics::default();
        let quire::site::SiteUpdate::Applied(updated, files) =
            loaded.update_page("a.md", edited, &mut problems)
        else {
            panic!("a body edit should be applied in place");
        };
        assert!(!problems.has_errors(), "{problems:?}");
        let feed = files.iter().find(|f| f.path == "atom.xml").unwrap();
        let quire::output::Content::Bytes(bytes) = &feed.content else {
            panic!("rendered")
        };
        let feed = String::from_utf8_lossy(bytes);
        assert!(feed.contains(&format!("Alpha edit {round}.")), "{feed}");
        assert!(!feed.contains("Alpha text."), "{feed}");
        // B, which the edit did not touch, is still there.
        assert!(feed.contains("Beta text."), "{feed}");
        loaded = *updated;
    }
}

#[test]
fn a_body_edit_uses_the_templates_on_disk_whether_or_not_they_changed() {
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\nFirst.\n")
        .write("templates/page.html", "old {{ page.content | safe }}");
    let mut diagnostics = quire::error::Diagnostics::default();
    let (mut loaded, _) = quire::site::build_in_memory(&site.options(), &mut diagnostics).unwrap();
    let page_html = |files: &[quire::output::OutputFile]| {
        let file = files.iter().find(|f| f.path == "a/index.html").unwrap();
        let quire::output::Content::Bytes(bytes) = &file.content else {
            panic!("rendered")
        };
        String::from_utf8_lossy(bytes).into_owned()
    };
    for (round, template) in ["old", "old", "new"].into_iter().enumerate() {
        site.write(
            "templates/page.html",
            format!("{template} {{{{ page.content | safe }}}}"),
        );
        let edited = format!("+++\ntitle = \"A\"\n+++\nEdit {round}.\n");
        let mut problems = quire::error::Diagnostics::default();
        let quire::site::SiteUpdate::Applied(updated, files) =
            loaded.update_page("a.md", edited, &mut problems)
        else {
            panic!("a body edit should be applied in place (round {round})");
        };
        assert_eq!(
            page_html(&files),
            format!("{template} <p>Edit {round}.</p>\n")
        );
        loaded = *updated;
    }
}

#[test]
fn toml_dates_in_page_extra_reach_templates_as_text() {
    let site = TestSite::new();
    site.write(
        "templates/page.html",
        "{{ page.extra.reviewed }}|{{ page.extra.list | join(sep=',') }}",
    );
    site.write(
        "content/a.md",
        "+++\ntitle = \"A\"\n[extra]\nreviewed = 2026-05-01\nlist = [2026-01-02]\n+++\n",
    );
    site.build_ok();
    assert_eq!(site.read("a/index.html"), "2026-05-01|2026-01-02");
}

#[test]
fn only_a_file_named_index_md_makes_a_bundle() {
    let site = TestSite::new();
    site.write("content/post/index.md", "+++\ntitle = \"Post\"\n+++\n")
        .write("content/post/reindex.md", "+++\ntitle = \"Reindex\"\n+++\n");
    site.build_ok();
    assert!(site.read("post/index.html").contains("Post"));
    assert!(site.read("post/reindex/index.html").contains("Reindex"));
}

#[test]
fn a_build_reports_its_stages_to_the_progress_line() {
    let site = TestSite::built();
    let stages = std::sync::Arc::new(quire::progress::BuildProgress::default());
    let options = quire::site::BuildOptions {
        progress: Some(std::sync::Arc::clone(&stages)),
        ..site.options()
    };
    crate::support::build(&options).unwrap();
    assert_eq!(stages.describe(), "Replacing the output");
}

#[test]
fn unchanged_files_are_kept_from_the_previous_output_with_their_times() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\nOne.\n")
        .write("content/b.md", "+++\ntitle = \"B\"\n+++\nTwo.\n")
        .write("static/logo.txt", "logo");
    let first = site.build_ok();
    assert_eq!(first.unchanged, 0);
    let identity = |path: &str| {
        let meta = std::fs::metadata(site.output().join(path)).unwrap();
        (meta.ino(), meta.mtime_nsec(), meta.mtime())
    };
    let (a, b, logo) = (
        identity("a/index.html"),
        identity("b/index.html"),
        identity("logo.txt"),
    );
    site.write("content/b.md", "+++\ntitle = \"B\"\n+++\nTwo, edited.\n");
    let second = site.build_ok();
    assert_eq!(
        identity("a/index.html"),
        a,
        "an unchanged page was rewritten"
    );
    assert_eq!(
        identity("logo.txt"),
        logo,
        "an unchanged static file was copied again"
    );
    assert_ne!(identity("b/index.html"), b, "the edited page was kept");
    assert!(site.read("b/index.html").contains("Two, edited."));
    assert!(second.unchanged > 0 && second.unchanged < second.files);
    // With nothing changed, every file is kept.
    let third = site.build_ok();
    assert_eq!(third.unchanged, third.files);
}

#[test]
fn a_path_written_twice_never_writes_through_a_link_to_the_previous_output() {
    let site = TestSite::built();
    let before = site.read("good/index.html");
    // The page is linked from the previous output, then the static file of the same path
    // is put over it: the build fails on the collision, and the old file must be intact.
    site.write("static/good/index.html", "static");
    site.build_err();
    assert_eq!(site.read("good/index.html"), before);
}

#[test]
fn the_replaced_output_is_kept_and_the_next_build_stages_into_it_without_stale_files() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\nOne.\n")
        .write("content/b.md", "+++\ntitle = \"B\"\n+++\nTwo.\n")
        .write("content/d.md", "+++\ntitle = \"D\"\n+++\nFour.\n")
        .write("static/c", "a file where a folder comes next")
        .write("static/logo.txt", "logo");
    site.build_ok();
    let spare = site.root().join(".quire/previous-output");
    assert!(!spare.exists(), "nothing was replaced yet");
    site.build_ok();
    assert!(
        spare.join(quire::output::MARKER).is_file(),
        "the replaced output was not kept"
    );
    let inode = |path: &str| std::fs::metadata(site.output().join(path)).unwrap().ino();
    let a = inode("a/index.html");
    // The spare holds `b/`, a file `c` and a folder `d/`: a page goes under `c/`, a file
    // takes `d`'s place, and `b` is gone.
    std::fs::remove_file(site.root().join("content/b.md")).unwrap();
    std::fs::remove_file(site.root().join("content/d.md")).unwrap();
    std::fs::remove_file(site.root().join("static/c")).unwrap();
    site.write("content/c.md", "+++\ntitle = \"C\"\n+++\nThree.\n")
        .write("content/e.md", "+++\ntitle = \"E\"\n+++\nFive.\n")
        .write("static/d", "a file where a folder was")
        .write("static/logo.txt", "new logo");
    // A link in the spare where a page's folder goes is removed, never written through.
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), spare.join("e")).unwrap();
    let third = site.build_ok();
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    assert!(
        std::fs::symlink_metadata(site.output().join("e"))
            .unwrap()
            .is_dir()
    );
    let mut expected = vec![
        "a/index.html",
        "c/index.html",
        "d",
        "e/index.html",
        "logo.txt",
        quire::output::MARKER,
    ];
    let written = site.output_files();
    for page in [
        "index.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "404.html",
    ] {
        if written.iter().any(|f| f == page) {
            expected.push(page);
        }
    }
    let mut listed: Vec<&str> = written
        .iter()
        .map(String::as_str)
        .filter(|f| !f.starts_with("tags/"))
        .collect();
    listed.sort();
    expected.sort();
    assert_eq!(listed, expected);
    assert_eq!(inode("a/index.html"), a, "an unchanged page was rewritten");
    assert_eq!(site.read("logo.txt"), "new logo");
    assert_eq!(site.read("d"), "a file where a folder was");
    assert!(site.read("c/index.html").contains("Three."));
    assert!(third.unchanged > 0 && third.unchanged < third.files);
    // A failed build into the spare leaves the output as it was, and no temporary folder.
    site.write("templates/page.html", "{{ nope(");
    site.fail_keeping_output();
}

#[test]
fn a_body_edit_renders_again_only_the_lists_shown_a_field_it_changed() {
    let site = TestSite::new();
    site.write("config.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\n")
        .write("content/posts/_index.md", "+++\ntitle = \"Posts\"\n+++\n")
        .write(
            "content/posts/a.md",
            "+++\ntitle = \"A\"\n+++\nIntro.\n<!-- more -->\nRest.\n",
        )
        .write("templates/page.html", "{{ page.content | safe }}")
        // The section shows titles, the home summaries and word counts.
        .write(
            "templates/section.html",
            "{% for p in section.pages %}{{ p.title }}{% endfor %}",
        )
        .write(
            "templates/index.html",
            "{% set posts = get_section(path=\"posts/_index.md\") %}{% for p in posts.pages %}{{ p.summary | safe }} {{ p.word_count }}{% endfor %}",
        );
    let mut diagnostics = quire::error::Diagnostics::default();
    let (loaded, _) = quire::site::build_in_memory(&site.options(), &mut diagnostics).unwrap();
    let mut loaded = Some(loaded);
    let mut rendered_after = |body: &str| {
        let source = format!("+++\ntitle = \"A\"\n+++\n{body}");
        let mut problems = quire::error::Diagnostics::default();
        let quire::site::SiteUpdate::Applied(updated, files) =
            loaded
                .take()
                .unwrap()
                .update_page("posts/a.md", source, &mut problems)
        else {
            panic!("a body edit should be applied in place");
        };
        loaded = Some(*updated);
        let mut paths: Vec<String> = files.into_iter().map(|f| f.path).collect();
        paths.sort();
        paths
    };
    // As many words, the summary unchanged: only the page.
    assert_eq!(
        rendered_after("Intro.\n<!-- more -->\nRest!\n"),
        ["posts/a/index.html"]
    );
    // One more word: the home shows the word count.
    assert_eq!(
        rendered_after("Intro.\n<!-- more -->\nRest again.\n"),
        ["index.html", "posts/a/index.html"]
    );
    // A new summary: the home again, never the section's list of titles.
    assert_eq!(
        rendered_after("Other.\n<!-- more -->\nRest again.\n"),
        ["index.html", "posts/a/index.html"]
    );
}

#[test]
fn a_section_listed_by_every_page_shows_each_edit_of_a_summary() {
    let site = TestSite::new();
    site.write("config.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\n")
        .write("content/posts/_index.md", "+++\ntitle = \"Posts\"\n+++\n")
        .write("content/posts/b.md", "+++\ntitle = \"B\"\n+++\nBee.\n")
        .write(
            "content/posts/a.md",
            "+++\ntitle = \"A\"\n+++\nIntro.\n<!-- more -->\nRest.\n",
        )
        // A base layout that lists the section on every page, as theme menus do: after its
        // second render the list is kept, and edits must still reach it.
        .write(
            "templates/base.html",
            "<nav>{% set posts = get_section(path=\"posts/_index.md\") %}{% for p in posts.pages %}[{{ p.title }}: {{ p.summary | default(value='-') | safe }}]{% endfor %}</nav>{% block main %}{% endblock main %}",
        )
        .write(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block main %}{{ page.content | safe }}{% endblock main %}",
        )
        .write("templates/section.html", "{% extends \"base.html\" %}")
        .write("templates/index.html", "{% extends \"base.html\" %}");
    let mut diagnostics = quire::error::Diagnostics::default();
    let (loaded, _) = quire::site::build_in_memory(&site.options(), &mut diagnostics).unwrap();
    let mut loaded = Some(loaded);
    for summary in ["First", "Second", "Third"] {
        let source = format!("+++\ntitle = \"A\"\n+++\n{summary}.\n<!-- more -->\nRest.\n");
        let mut problems = quire::error::Diagnostics::default();
        let quire::site::SiteUpdate::Applied(updated, files) =
            loaded
                .take()
                .unwrap()
                .update_page("posts/a.md", source, &mut problems)
        else {
            panic!("a body edit should be applied in place");
        };
        loaded = Some(*updated);
        let page_b = files
            .iter()
            .find(|f| f.path == "posts/b/index.html")
            .expect("the other page lists the edited one, so it renders again");
        let quire::output::Content::Bytes(bytes) = &page_b.content else {
            panic!("a rendered page is bytes");
        };
        let html = String::from_utf8_lossy(bytes);
        assert!(
            html.contains(&format!("[A: <p>{summary}.</p>\n]")),
            "{summary}: {html}"
        );
    }
}

#[test]
fn a_taxonomy_takes_the_url_of_a_section_and_page_at_its_path_with_a_warning() {
    // As on aaranxu/adidoks: an `authors` taxonomy and a `content/authors/` section whose
    // page for each author is where the term's page goes. Zola writes the taxonomy last.
    let site = TestSite::new();
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\ntaxonomies = [{ name = \"authors\" }]\n",
    )
    .write("content/authors/_index.md", "+++\ntitle = \"Our authors\"\n+++\n")
    .write("content/authors/jane.md", "+++\ntitle = \"About Jane\"\n+++\nHi.\n")
    .write(
        "content/post.md",
        "+++\ntitle = \"Post\"\n[taxonomies]\nauthors = [\"Jane\"]\n+++\nText.\n",
    );
    let built = site.build_ok();
    let warnings: Vec<String> = built
        .warnings
        .iter()
        .map(|w| site.redact(&w.to_string()))
        .filter(|w| w.contains("is not written"))
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings[0].contains("content/authors/jane.md")
            || warnings[1].contains("content/authors/jane.md")
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("content/authors/_index.md")
                && w.contains("the `authors` taxonomy's list"))
    );
    let list = site.read("authors/index.html");
    assert!(
        list.contains("Jane") && !list.contains("Our authors"),
        "{list}"
    );
    let term = site.read("authors/jane/index.html");
    assert!(
        term.contains("Post") && !term.contains("About Jane"),
        "{term}"
    );
    // With the taxonomy not rendered, the content keeps its pages and nothing is said.
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\ntaxonomies = [{ name = \"authors\", render = false }]\n",
    );
    let built = site.build_ok();
    assert!(
        built
            .warnings
            .iter()
            .all(|w| !w.to_string().contains("is not written"))
    );
    assert!(site.read("authors/jane/index.html").contains("About Jane"));
}

#[test]
fn ignored_content_and_ignored_static_leave_matching_files_out_as_in_zola() {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\nignored_content = [\"*.{xlsx,graphml}\", \"**/drafts\"]\nignored_static = [\"*.psd\"]\n",
    )
    .write("content/keep.md", "+++\ntitle = \"Keep\"\n+++\nText.\n")
    .write("content/blog/_index.md", "+++\ntitle = \"Blog\"\n+++\n")
    .write("content/blog/post/index.md", "+++\ntitle = \"Post\"\n+++\nText.\n")
    .write("content/blog/post/data.xlsx", "cells")
    .write("content/blog/post/photo.png", "png")
    .write("content/drafts/wip.md", "+++\ntitle = \"Not yet\"\n+++\nA [broken](@/nowhere.md) link.\n")
    .write("static/logo.psd", "layers")
    .write("static/logo.svg", "<svg/>");
    site.build_ok();
    let files = site.output_files();
    for kept in [
        "keep/index.html",
        "blog/post/index.html",
        "blog/post/photo.png",
        "logo.svg",
    ] {
        assert!(
            files.iter().any(|f| f == kept),
            "{kept} missing: {files:#?}"
        );
    }
    for left_out in ["blog/post/data.xlsx", "drafts/wip/index.html", "logo.psd"] {
        assert!(!files.iter().any(|f| f == left_out), "{left_out} written");
    }
    // A broken pattern is an error at its line.
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\nignored_static = [\"a[\"]\n",
    );
    let errors = site.build_err();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("config.toml:3") && e.contains("`a[`")),
        "{errors:#?}"
    );
}

#[test]
fn backlinks_and_section_assets_are_given_as_zola_gives_them() {
    let site = TestSite::new();
    site.write(
        "templates/page.html",
        "<h1>{{ page.title }}</h1>{% for b in page.backlinks %}[{{ b.title }} {{ b.permalink }}]{% endfor %}",
    )
    .write(
        "templates/section.html",
        "{% for b in section.backlinks %}[{{ b.title }}]{% endfor %}{% for a in section.assets %}<{{ a }}>{% endfor %}{% for p in section.pages %}({{ p.backlinks | length }}){% endfor %}",
    )
    .write("content/a.md", "+++\ntitle = \"A\"\n+++\nSee [b](@/blog/b.md#part), [again](@/blog/b.md) and [the blog](@/blog/_index.md).\n\n```\n[not a link](@/c.md)\n```\n")
    .write("content/c.md", "+++\ntitle = \"C\"\n+++\nLinks to [b](@/blog/b.md).\n")
    .write("content/blog/_index.md", "+++\ntitle = \"Blog\"\n+++\nStart with [b](@/blog/b.md).\n")
    .write("content/blog/b.md", "+++\ntitle = \"B\"\n+++\nNo links.\n")
    .write("content/blog/chart.svg", "<svg/>")
    .write("content/blog/deeper/photo.png", "png");
    site.build_ok();
    // Once per linking page or section, sorted by permalink; not from code blocks.
    assert_eq!(
        site.read("blog/b/index.html"),
        "<h1>B</h1>[A https://example.org/a/][Blog https://example.org/blog/][C https://example.org/c/]"
    );
    assert_eq!(site.read("c/index.html"), "<h1>C</h1>");
    // The section's own backlinks and the files beside its _index.md; list entries carry
    // no backlinks, as in Zola.
    assert_eq!(site.read("blog/index.html"), "[A]</blog/chart.svg>(0)");
}

#[test]
fn serve_builds_again_when_an_edit_changes_the_links_a_backlinks_list_shows() {
    let site = TestSite::new();
    site.write(
        "templates/page.html",
        "{% for b in page.backlinks %}[{{ b.title }}]{% endfor %}",
    )
    .write(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\nSee [b](@/b.md).\n",
    )
    .write("content/b.md", "+++\ntitle = \"B\"\n+++\nNo links.\n");
    let mut diagnostics = quire::error::Diagnostics::default();
    let (loaded, _) = quire::site::build_in_memory(&site.options(), &mut diagnostics).unwrap();
    // Other words, the same links: applied in place.
    let same = "+++\ntitle = \"A\"\n+++\nNow see [b](@/b.md).\n".to_string();
    let mut problems = quire::error::Diagnostics::default();
    let quire::site::SiteUpdate::Applied(loaded, _) =
        loaded.update_page("a.md", same, &mut problems)
    else {
        panic!("an edit that keeps the links is applied in place");
    };
    // The link removed: b's backlinks change, which only a full build shows.
    let without = "+++\ntitle = \"A\"\n+++\nNo link now.\n".to_string();
    let update = loaded.update_page("a.md", without, &mut problems);
    assert!(matches!(update, quire::site::SiteUpdate::NeedsFullBuild));
}

#[test]
fn slugify_settings_choose_how_names_become_urls_and_anchors_as_in_zola() {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\ntaxonomies = [{ name = \"tags\" }]\n[slugify]\npaths = \"safe\"\npaths_keep_dates = true\ntaxonomies = \"safe\"\nanchors = \"safe\"\n",
    )
    .write("templates/page.html", "{{ page.content | safe }}{% for h in page.toc %}#{{ h.id }}{% endfor %}")
    .write(
        "content/2016-10-08_Café Notes.md",
        "+++\ntitle = \"Notes\"\n[taxonomies]\ntags = [\"C++ Tips\"]\n+++\n## Hello World\n",
    );
    site.build_ok();
    let page = site.read("2016-10-08_Café Notes/index.html");
    assert!(
        page.contains("id=\"Hello_World\"") && page.ends_with("#Hello_World"),
        "{page}"
    );
    assert!(site.output().join("tags/C++ Tips/index.html").exists());
    // The defaults are Zola's: ASCII slugs, the date taken off the file name.
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\ntaxonomies = [{ name = \"tags\" }]\n",
    );
    site.build_ok();
    assert!(
        site.read("cafe-notes/index.html")
            .contains("id=\"hello-world\"")
    );
    assert!(site.output().join("tags/c-tips/index.html").exists());
}
