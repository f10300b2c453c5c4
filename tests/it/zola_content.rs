//! What Zola does with content, done the same way: render = false, transparent sections,
//! redirect_to, section feeds, paginate_reversed, page_template inherited by subsections, and
//! the built-in 404 page.

use crate::support::TestSite;

fn site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "templates/page.html",
        "{{ page.title }}{% if page.title == \"Shows hidden\" %}{% set hidden = get_page(path=\"blog/hidden.md\") %}|{{ hidden.content | safe }}{% endif %}",
    )
    .write(
        "templates/section.html",
        "{% if paginator %}{% for p in paginator.pages %}{{ p.slug }},{% endfor %}{% else %}{% for p in section.pages %}{{ p.slug }},{% endfor %}{% endif %}",
    )
    .write("templates/special.html", "special {{ page.title }}");
    site
}

#[test]
fn a_page_with_render_false_is_not_written_nor_listed_but_get_page_finds_it() {
    let site = site();
    site.write("content/blog/_index.md", "+++\nsort_by = \"slug\"\n+++\n")
        .write("content/blog/a.md", "+++\ntitle = \"A\"\n+++\n")
        .write(
            "content/blog/hidden.md",
            "+++\ntitle = \"Hidden\"\nrender = false\n+++\nSecret body.\n",
        )
        .write("content/shows.md", "+++\ntitle = \"Shows hidden\"\n+++\n");
    site.build_ok();
    assert!(!site.output().join("blog/hidden").exists());
    assert_eq!(site.read("blog/index.html"), "a,");
    assert_eq!(
        site.read("shows/index.html"),
        "Shows hidden|<p>Secret body.</p>\n"
    );
    assert!(!site.read("sitemap.xml").contains("/blog/hidden/"));
}

#[test]
fn a_section_with_render_false_is_not_written_but_its_pages_are() {
    let site = site();
    site.write("content/notes/_index.md", "+++\nrender = false\n+++\n")
        .write("content/notes/n.md", "+++\ntitle = \"N\"\n+++\n");
    site.build_ok();
    assert!(!site.output().join("notes/index.html").exists());
    assert_eq!(site.read("notes/n/index.html"), "N");
    assert!(
        !site
            .read("sitemap.xml")
            .contains("<loc>https://example.org/notes/</loc>")
    );
}

#[test]
fn a_transparent_section_passes_its_pages_to_its_parent() {
    let site = site();
    site.write("content/blog/_index.md", "+++\nsort_by = \"date\"\n+++\n")
        .write(
            "content/blog/2024/_index.md",
            "+++\ntransparent = true\n+++\n",
        )
        .write(
            "content/blog/2024/old.md",
            "+++\ntitle = \"Old\"\ndate = 2024-01-01\n+++\n",
        )
        .write(
            "content/blog/new.md",
            "+++\ntitle = \"New\"\ndate = 2025-01-01\n+++\n",
        );
    site.build_ok();
    assert_eq!(site.read("blog/index.html"), "new,old,");
    assert_eq!(site.read("blog/2024/index.html"), "old,");
}

/// As in Zola, `subsections` go by weight, whatever their folders' names.
#[test]
fn subsections_are_ordered_by_weight() {
    let site = site();
    site.write("templates/index.html", "{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}{{ sub.title }},{% endfor %}")
        .write("content/a/_index.md", "+++\ntitle = \"A\"\nweight = 3\n+++\n")
        .write("content/b/_index.md", "+++\ntitle = \"B\"\nweight = 1\n+++\n")
        .write("content/c/_index.md", "+++\ntitle = \"C\"\nweight = 2\n+++\n");
    site.build_ok();
    assert_eq!(site.read("index.html"), "B,C,A,");
}

#[test]
fn redirect_to_makes_the_section_page_a_redirect() {
    let site = site();
    site.write(
        "content/docs/_index.md",
        "+++\nredirect_to = \"docs/intro/\"\n+++\n",
    )
    .write("content/docs/intro.md", "+++\ntitle = \"Intro\"\n+++\n");
    site.build_ok();
    let page = site.read("docs/index.html");
    assert!(
        page.contains(
            "<meta http-equiv=\"refresh\" content=\"0; url=https://example.org/docs/intro/\">"
        ),
        "{page}"
    );
}

#[test]
fn a_section_with_generate_feeds_gets_its_own_feed_of_its_pages() {
    let site = site();
    site.write(
        "content/blog/_index.md",
        "+++\ngenerate_feeds = true\n+++\n",
    )
    .write(
        "content/blog/a.md",
        "+++\ntitle = \"In blog\"\ndate = 2025-01-02\n+++\n",
    )
    .write(
        "content/other.md",
        "+++\ntitle = \"Elsewhere\"\ndate = 2025-01-03\n+++\n",
    );
    site.build_ok();
    let feed = feed_rs::parser::parse(site.read("blog/atom.xml").as_bytes()).unwrap();
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(titles, ["In blog"]);
}

#[test]
fn paginate_reversed_reverses_the_pagers_only() {
    let site = site();
    site.write(
        "content/list/_index.md",
        "+++\nsort_by = \"slug\"\npaginate_by = 2\npaginate_reversed = true\n+++\n",
    );
    for slug in ["a", "b", "c"] {
        site.write(&format!("content/list/{slug}.md"), "+++\n+++\n");
    }
    site.build_ok();
    assert_eq!(site.read("list/index.html"), "c,b,");
    assert_eq!(site.read("list/page/2/index.html"), "a,");
}

#[test]
fn page_template_applies_to_pages_in_subsections() {
    let site = site();
    site.write(
        "content/s/_index.md",
        "+++\npage_template = \"special.html\"\n+++\n",
    )
    .write("content/s/sub/_index.md", "+++\n+++\n")
    .write("content/s/sub/p.md", "+++\ntitle = \"Deep\"\n+++\n");
    site.build_ok();
    assert_eq!(site.read("s/sub/p/index.html"), "special Deep");
}

#[test]
fn a_site_without_a_404_template_gets_the_built_in_one() {
    let site = site();
    site.build_ok();
    assert!(site.read("404.html").contains("<h1>404 Not Found</h1>"));
}

#[test]
fn folder_names_are_kept_as_written_and_file_names_slugified() {
    let site = site();
    site.write("content/applying_page_template/_index.md", "+++\n+++\n")
        .write(
            "content/applying_page_template/My Post.md",
            "+++\ntitle = \"P\"\n+++\n",
        );
    site.build_ok();
    assert_eq!(site.read("applying_page_template/my-post/index.html"), "P");
}

#[test]
fn a_date_prefix_names_the_page_and_dates_it() {
    let site = site();
    site.write("templates/page.html", "{{ page.slug }} {{ page.date }}")
        .write("content/2016-10-08_a-post.md", "+++\n+++\n")
        .write(
            "content/2020-01-01-dated.md",
            "+++\ndate = 2021-05-05\n+++\n",
        );
    site.build_ok();
    assert_eq!(site.read("a-post/index.html"), "a-post 2016-10-08");
    assert_eq!(site.read("dated/index.html"), "dated 2021-05-05");
}

/// A site whose lists show their pages whole: a section's pagers, a term's page, the home
/// through `get_section`, and a feed template of its own that reads `pages`.
fn site_with_lists_of_bodies() -> TestSite {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "base_url = \"https://example.org\"\ngenerate_feeds = true\n\
         taxonomies = [{ name = \"tags\" }]\n",
    )
    .write("templates/page.html", "{{ page.content | safe }}")
    .write(
        "templates/section.html",
        "{{ section.content | safe }}{% for p in paginator.pages %}[{{ p.content | safe }}|{% for h in p.toc %}{{ h.title }}{% endfor %}]{% endfor %}",
    )
    .write(
        "templates/index.html",
        "{% set blog = get_section(path=\"blog/_index.md\") %}{% for p in blog.pages %}<{{ p.content | safe }}>{% endfor %}",
    )
    .write(
        "templates/tags/single.html",
        "{% for p in term.pages %}({{ p.content | safe }}){% endfor %}",
    )
    .write("templates/tags/list.html", "tags")
    .write(
        "templates/atom.xml",
        "{% for page in pages %}{{ page.content }}{% endfor %}",
    )
    .write(
        "content/blog/_index.md",
        "+++\nsort_by = \"date\"\npaginate_by = 1\n+++\nThe blog.\n",
    )
    .write(
        "content/blog/one.md",
        "+++\ndate = 2026-01-02\n[taxonomies]\ntags = [\"rust\"]\n+++\n## First heading\nOne body.\n",
    )
    .write(
        "content/blog/two.md",
        "+++\ndate = 2026-01-01\n[taxonomies]\ntags = [\"rust\"]\n+++\n## Second heading\nTwo body.\n",
    );
    site
}

#[test]
fn list_entries_carry_content_and_toc_as_in_zola() {
    let site = site_with_lists_of_bodies();
    site.build_ok();
    let pager = site.read("blog/index.html");
    assert!(pager.starts_with("<p>The blog.</p>"), "{pager}");
    assert!(pager.contains("One body.</p>\n|First heading]"), "{pager}");
    let second = site.read("blog/page/2/index.html");
    assert!(
        second.contains("Two body.</p>\n|Second heading]"),
        "{second}"
    );
    let home = site.read("index.html");
    assert!(
        home.contains("One body.") && home.contains("Two body."),
        "{home}"
    );
    let term = site.read("tags/rust/index.html");
    assert!(
        term.contains("(<h2") && term.contains("Two body."),
        "{term}"
    );
    let feed = site.read("atom.xml");
    assert!(
        feed.contains("One body.") && feed.contains("Two body."),
        "{feed}"
    );
}

#[test]
fn a_serve_edit_shows_the_new_body_in_the_lists_that_show_it() {
    let site = site_with_lists_of_bodies();
    let mut diagnostics = quire::error::Diagnostics::default();
    let (loaded, _) = quire::site::build_in_memory(&site.options(), &mut diagnostics).unwrap();
    let edited = "+++\ndate = 2026-01-01\n[taxonomies]\ntags = [\"rust\"]\n+++\nTwo edited.\n";
    let quire::site::SiteUpdate::Applied(_, files) =
        loaded.update_page("blog/two.md", edited.to_string(), &mut diagnostics)
    else {
        panic!("a body edit should be applied in place");
    };
    for path in [
        "blog/page/2/index.html",
        "index.html",
        "tags/rust/index.html",
    ] {
        let file = files.iter().find(|f| f.path == path);
        let Some(quire::output::Content::Bytes(bytes)) = file.map(|f| &f.content) else {
            panic!("{path} is rendered again");
        };
        let html = String::from_utf8_lossy(bytes);
        assert!(
            html.contains("Two edited.")
                && html.contains("One body.") == (path != "blog/page/2/index.html"),
            "{path}: {html}"
        );
    }
}

#[test]
fn minify_html_minifies_every_html_file_as_zola_does_and_nothing_else() {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "base_url = \"https://example.org\"\nminify_html = true\ngenerate_feeds = true\n",
    )
    .write(
        "templates/index.html",
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"UTF-8\">\n</head>\n<body>\n  <h1>  Home  </h1>\n</body>\n</html>\n",
    )
    .write("templates/page.html", "<p>\n  {{ page.title }}\n</p>\n")
    .write(
        "content/a.md",
        "+++\ntitle = \"A\"\ndate = 2026-01-01\naliases = [\"old-a/\"]\n+++\nBody.\n",
    );
    let built = site.build_ok();
    assert!(
        built.warnings.is_empty(),
        "{}",
        crate::support::render(&built.warnings)
    );
    // The string Zola's own test (`can_build_site_with_html_minified`) looks for.
    assert!(
        site.read("index.html")
            .starts_with("<!doctype html><html lang=en><head><meta charset=UTF-8>"),
        "{}",
        site.read("index.html")
    );
    assert_eq!(site.read("a/index.html"), "<p>A");
    assert!(!site.read("old-a/index.html").contains('\n'));
    assert!(site.read("atom.xml").contains("\n"));
}
