//! Zola's template functions and filters on a real build.

use crate::support::TestSite;

#[test]
fn taxonomy_functions_find_terms_urls_and_pages() {
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"A\"\n[taxonomies]\ntags = [\"Rust Lang\"]\n+++\n")
        .write("static/app.css", "body {}")
        .write(
            "templates/index.html",
            concat!(
                "{{ get_taxonomy_url(kind=\"tags\", name=\"Rust Lang\") }}|",
                "{% set tags = get_taxonomy(kind=\"tags\") %}{{ tags.kind.name }}:{% for t in tags.items %}{{ t.name }}={{ t.pages | length }}{% endfor %}|",
                "{% set term = get_taxonomy_term(kind=\"tags\", term=\"Rust Lang\") %}{{ term.pages.0.title }}|",
                "{{ get_taxonomy_url(kind=\"tags\", name=\"nope\", required=false) }}|",
                "{{ get_hash(path=\"app.css\", sha_type=256, base64=false) | truncate(length=8, end=\"\") }}",
            ),
        );
    site.build_ok();
    assert_eq!(
        site.read("index.html"),
        "https://example.org/tags/rust-lang/|tags:Rust Lang=1|A||62368a1a"
    );
}

#[test]
fn an_unknown_taxonomy_is_an_error_naming_the_template() {
    let site = TestSite::new();
    site.write(
        "templates/index.html",
        "{{ get_taxonomy_url(kind=\"cats\", name=\"x\") }}",
    );
    let errors = site.build_err();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("templates/index.html") && e.contains("no taxonomy `cats`")),
        "{errors:?}"
    );
}
