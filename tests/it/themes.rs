//! Zola themes and Sass on `tests/fixtures/zola-theme`: a theme of our own (`themes/shelf`)
//! with templates, static files, Sass and `[extra]` defaults, each partly overridden by the
//! site; and `config` in templates as Zola serializes it.

use crate::support::{TestSite, main_of};

fn built() -> TestSite {
    let site = TestSite::fixture("zola-theme");
    site.build_ok();
    site
}

#[test]
fn a_theme_gives_templates_static_files_sass_and_extra_defaults() {
    let site = built();
    insta::assert_snapshot!(site.output_files().join("\n"));
    // The theme's index.html, its partial, and [extra] merged under the site's.
    insta::assert_snapshot!(site.read("index.html"));
}

#[test]
fn a_site_template_extends_the_themes_own_version_by_its_full_name() {
    let site = built();
    insta::assert_snapshot!(main_of(&site.read("hello/index.html")));
}

#[test]
fn the_sites_static_files_win_over_the_themes() {
    let site = built();
    assert_eq!(site.read("shared.txt"), "from the site\n");
    assert_eq!(site.read("theme.js"), "console.log(\"shelf\");\n");
}

#[test]
fn sass_compiles_every_non_partial_file_of_the_site_and_theme_compressed() {
    let site = built();
    assert_eq!(
        site.read("site.css"),
        "p{margin:0 0 1em}main{border:1px solid #000;width:40rem}"
    );
    assert_eq!(site.read("nested/deep.css"), ".deep{padding:2px}");
    assert_eq!(site.read("theme.css"), "body{color:#123456}");
}

#[test]
fn a_site_stylesheet_replaces_the_themes_of_the_same_name() {
    let site = TestSite::fixture("zola-theme");
    site.write("sass/theme.scss", "body { color: red; }\n");
    site.build_ok();
    assert_eq!(site.read("theme.css"), "body{color:red}");
}

#[test]
fn sass_is_left_alone_unless_compile_sass_is_on() {
    let site = TestSite::fixture("zola-theme");
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        config.replace("compile_sass = true", "compile_sass = false"),
    );
    site.build_ok();
    let css: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.ends_with(".css") && !f.starts_with("syntax-"))
        .collect();
    assert!(css.is_empty(), "{css:?}");
}

#[test]
fn a_sass_error_names_the_partial_line_and_column_and_keeps_the_output() {
    let site = built();
    site.write(
        "sass/_mixins.scss",
        "@mixin boxed($width) {\n  width: $width +;\n}\n",
    );
    insta::assert_snapshot!(site.fail_keeping_output().join("\n"));
}

#[test]
fn a_missing_theme_is_an_error_with_a_hint() {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "base_url = \"https://example.org/\"\ntheme = \"nowhere\"\n",
    );
    insta::assert_snapshot!(site.build_err().join("\n"));
}

#[test]
fn zola_toml_is_read_before_config_toml() {
    let site = TestSite::new();
    site.write(
        "zola.toml",
        "base_url = \"https://zola.example/\"\ntitle = \"From zola.toml\"\n",
    );
    site.write(
        "templates/index.html",
        "{{ config.title }} {{ config.base_url }}",
    );
    site.build_ok();
    assert_eq!(
        site.read("index.html"),
        "From zola.toml https://zola.example"
    );
}

#[test]
fn config_in_templates_has_zolas_keys_and_the_mode() {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "base_url = \"https://example.org/\"\ngenerate_feed = true\nfeed_filename = \"rss.xml\"\ntaxonomies = [{ name = \"tags\", feed = true }]\n[search]\nindex_format = \"fuse_json\"\n",
    );
    site.write(
        "templates/index.html",
        "{{ config.mode }} {{ config.generate_feeds }} {{ config.feed_filenames.0 }} {{ config.taxonomies.0.name }}:{{ config.taxonomies.0.feed }} {{ config.search.index_format }} {{ config.build_search_index }} {{ config.markdown.smart_punctuation is defined }}",
    );
    let report = site.build_ok();
    assert_eq!(
        site.read("index.html"),
        "build true rss.xml tags:true fuse_json false true"
    );
    let warnings: Vec<String> = report
        .warnings
        .iter()
        .map(|w| site.redact(&w.to_string()))
        .collect();
    insta::assert_snapshot!(warnings.join("\n"));
}

#[test]
fn a_theme_template_error_is_reported_once_in_the_themes_file() {
    let site = built();
    site.write(
        "themes/shelf/templates/section.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ section.title {% endblock %}\n",
    );
    let errors = site.fail_keeping_output();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("error: [site]/themes/shelf/templates/section.html:2:"),
        "{errors:?}"
    );
}

#[test]
fn render_sitemap_and_robots_settings_leave_out_their_outputs() {
    let site = TestSite::fixture("zola-theme");
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        config.replace(
            "taxonomies = [{ name = \"tags\", paginate_by = 10 }]",
            "taxonomies = [{ name = \"tags\", render = false }]",
        ),
    );
    site.build_ok();
    assert!(!site.output_files().contains(&"tags/index.html".to_string()));
    assert!(
        !site.read("sitemap.xml").contains("/tags/"),
        "no unwritten pages"
    );
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        format!("generate_sitemap = false\ngenerate_robots_txt = false\n{config}"),
    );
    site.build_ok();
    let files = site.output_files();
    for gone in ["sitemap.xml", "robots.txt"] {
        assert!(!files.contains(&gone.to_string()), "{gone}: {files:?}");
    }
}
