//! Quire's own extras are opt-in: a Zola site gets no `_headers` file and no hashed copies
//! unless its settings ask, and a site's own `static/_headers` always wins.

use crate::support::TestSite;

const INDEX: &str = "{{ get_url(path='style.css', cachebust=true) }}";

fn site(settings: &str) -> TestSite {
    let site = TestSite::new();
    site.write(
        "config.toml",
        format!("base_url = \"https://example.org/\"\n{settings}"),
    );
    site.write("static/style.css", "body { margin: 0 }\n");
    site.write("templates/index.html", INDEX);
    site
}

#[test]
fn a_zola_site_gets_neither_headers_nor_hashed_copies() {
    let site = site("");
    site.build_ok();
    let files = site.output_files();
    assert!(!files.contains(&"_headers".to_string()), "{files:?}");
    assert_eq!(
        files.iter().filter(|f| f.ends_with(".css")).count(),
        1,
        "only style.css (as in Zola, no highlighting sheets unless asked): {files:?}"
    );
    assert!(
        site.read("index.html")
            .starts_with("https://example.org/style.css"),
        "{}",
        site.read("index.html")
    );
}

#[test]
fn generate_headers_writes_the_policy() {
    let site = site("generate_headers = true\n");
    site.build_ok();
    insta::assert_snapshot!(site.read("_headers"));
}

#[test]
fn a_sites_own_headers_file_wins_without_an_error() {
    for settings in ["", "generate_headers = true\n"] {
        let site = site(settings);
        site.write("static/_headers", "/*\n  X-Mine: yes\n");
        site.build_ok();
        assert_eq!(site.read("_headers"), "/*\n  X-Mine: yes\n", "{settings}");
    }
}

#[test]
fn hashed_assets_adds_minified_copies_that_cachebust_links_to() {
    let site = site("hashed_assets = true\n");
    site.build_ok();
    let url = site.read("index.html");
    let hashed = url.strip_prefix("https://example.org/").unwrap();
    assert!(
        hashed.starts_with("style.") && hashed != "style.css",
        "{url}"
    );
    assert_eq!(site.read(hashed), "body{margin:0}");
}

const PAGE_TEMPLATE: &str = r#"<link rel="canonical" href="{{ page.permalink }}"><meta property="og:url" content="{{ page.permalink }}"><link rel="stylesheet" href="{{ get_url(path='style.css') }}"><script type="application/ld+json">{"url":"{{ page.permalink }}"}</script><a href="{{ get_url(path='@/b.md') }}">b</a>{{ page.content | safe }}"#;

fn linked_site(settings: &str) -> TestSite {
    let site = site(settings);
    site.write("templates/page.html", PAGE_TEMPLATE)
        .write(
            "content/a.md",
            "+++\ntitle = \"A\"\ndate = 2026-01-01\n+++\n[B](@/b.md)\n",
        )
        .write("content/b.md", "+++\ntitle = \"B\"\n+++\n");
    site
}

#[test]
fn root_relative_urls_shortens_links_but_not_what_names_the_site() {
    let site = linked_site("root_relative_urls = true\ngenerate_feeds = true\n");
    site.build_ok();
    assert_eq!(
        site.read("a/index.html"),
        r#"<link rel="canonical" href="https://example.org/a/"><meta property="og:url" content="https://example.org/a/"><link rel="stylesheet" href="/style.css"><script type="application/ld+json">{"url":"https://example.org/a/"}</script><a href="/b/">b</a><p><a href="/b/">B</a></p>
"#
    );
    assert!(site.read("atom.xml").contains("https://example.org/a/"));
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://example.org/a/</loc>")
    );
}

#[test]
fn without_root_relative_urls_links_stay_absolute_as_in_zola() {
    let site = linked_site("");
    site.build_ok();
    assert!(
        site.read("a/index.html")
            .contains(r#"<a href="https://example.org/b/">B</a>"#)
    );
}
