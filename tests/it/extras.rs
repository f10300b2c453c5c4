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
