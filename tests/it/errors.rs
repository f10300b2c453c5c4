//! Every error case: the message names the file and line, and the previous output stays.

use crate::support::TestSite;

#[test]
fn invalid_toml_front_matter() {
    let site = TestSite::built();
    site.write(
        "content/bad.md",
        "+++\ntitle = \"Bad\"\ndate = 2026-13-45\n+++\n",
    );
    insta::assert_snapshot!(site.fail_keeping_output().join("\n"));
}

#[test]
fn front_matter_of_the_wrong_type() {
    let site = TestSite::built();
    site.write("content/bad.md", "+++\ntitle = \"Bad\"\ndate = 5\n+++\n");
    let errors = site.fail_keeping_output();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("error: [site]/content/bad.md:3:8: invalid front matter"),
        "{errors:?}"
    );
}

#[test]
fn unterminated_front_matter() {
    let site = TestSite::built();
    site.write("content/open.md", "+++\ntitle = \"Open\"\nNo end.\n");
    insta::assert_snapshot!(site.fail_keeping_output().join("\n"));
}

#[test]
fn unknown_template() {
    let site = TestSite::built();
    site.write(
        "content/x.md",
        "+++\ntitle = \"X\"\ntemplate = \"missing.html\"\n+++\n",
    );
    insta::assert_snapshot!(site.fail_keeping_output().join("\n"));
}

#[test]
fn template_syntax_error() {
    let site = TestSite::built();
    site.write("templates/page.html", "<h1>\n{{ page.title }\n</h1>");
    let errors = site.fail_keeping_output();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("error: [site]/templates/page.html:2:"),
        "{errors:?}"
    );
    assert!(errors[0].contains("template syntax error"), "{errors:?}");
}

#[test]
fn template_runtime_error_names_template_line_and_page() {
    let site = TestSite::built();
    site.write(
        "templates/page.html",
        "<h1>{{ page.title }}</h1>\n<p>{{ page.nope }}</p>",
    );
    insta::assert_snapshot!(site.fail_keeping_output().join("\n"));
}

#[test]
fn one_template_error_hit_by_many_pages_is_reported_once() {
    let site = TestSite::built();
    for i in 0..10 {
        site.write(
            &format!("content/many/p{i}.md"),
            format!("+++\ntitle = \"P{i}\"\n+++\n"),
        );
    }
    site.write("templates/page.html", "<p>{{ page.nope }}</p>");
    let errors = site.fail_keeping_output();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("error: [site]/templates/page.html:1:"),
        "{errors:?}"
    );
    assert!(errors[0].contains(" and 8 more"), "{errors:?}");
}

#[test]
fn a_missing_page_template_is_blamed_on_the_section_that_names_it() {
    let site = TestSite::built();
    site.write(
        "content/many/_index.md",
        "+++\ntitle = \"Many\"\npage_template = \"gone.html\"\n+++\n",
    );
    for i in 0..4 {
        site.write(
            &format!("content/many/p{i}.md"),
            format!("+++\ntitle = \"P{i}\"\n+++\n"),
        );
    }
    let errors = site.fail_keeping_output();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "error: [site]/content/many/_index.md:3:1: template `gone.html` does not exist"
        ),
        "{errors:?}"
    );
    assert!(
        errors[0].contains("p0.md, [site]/content/many/p1.md"),
        "{errors:?}"
    );
    assert!(errors[0].contains(" and 1 more"), "{errors:?}");
}

#[test]
fn two_files_writing_the_same_output() {
    let site = TestSite::built();
    site.write("content/a.md", "+++\ntitle = \"A\"\npath = \"same\"\n+++\n")
        .write(
            "content/b.md",
            "+++\ntitle = \"B\"\npath = \"/same/\"\n+++\n",
        );
    insta::assert_snapshot!(site.fail_keeping_output().join("\n"));
}

#[test]
fn a_static_file_colliding_with_a_page() {
    let site = TestSite::built();
    site.write("static/good/index.html", "static");
    let errors = site.fail_keeping_output();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("static/good/index.html: writes good/index.html"),
        "{errors:?}"
    );
}

#[test]
fn non_utf8_file() {
    let site = TestSite::built();
    site.write("content/latin1.md", b"+++\ntitle = \"Caf\xe9\"\n+++\n");
    insta::assert_snapshot!(site.fail_keeping_output().join("\n"));
}

#[test]
fn an_empty_file() {
    let site = TestSite::built();
    site.write("content/empty.md", "");
    insta::assert_snapshot!(site.fail_keeping_output().join("\n"));
}

#[test]
fn broken_internal_link() {
    let site = TestSite::built();
    site.write(
        "content/links.md",
        "+++\ntitle = \"L\"\n+++\nFirst line.\n\nSee [this](@/nowhere.md).\n",
    );
    insta::assert_snapshot!(site.fail_keeping_output().join("\n"));
}

#[test]
fn every_problem_is_reported_at_once() {
    let site = TestSite::built();
    site.write("content/one.md", "+++\ntitle = 1\n+++\n")
        .write("content/two.md", "+++\nunclosed")
        .write(
            "content/three.md",
            "+++\ntitle = \"3\"\n+++\n[x](@/missing.md)",
        );
    let errors = site.fail_keeping_output();
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

#[test]
fn missing_config() {
    let site = TestSite::built();
    std::fs::remove_file(site.root().join("config.toml")).unwrap();
    insta::assert_snapshot!(site.fail_keeping_output().join("\n"));
}

#[test]
fn malformed_config() {
    let site = TestSite::built();
    site.write(
        "config.toml",
        "base_url = \"https://example.org\"\ntitle = [\n",
    );
    let errors = site.fail_keeping_output();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("error: [site]/config.toml:"),
        "{errors:?}"
    );
}

#[test]
fn output_inside_the_content_folder_is_refused() {
    let site = TestSite::built();
    let mut options = site.options();
    options.output = site.root().join("content");
    let errors = crate::support::build(&options).unwrap_err();
    assert!(
        errors[0]
            .message
            .starts_with("refusing to write the site here"),
        "{errors:?}"
    );
    assert!(site.root().join("content/good.md").exists());
}

#[test]
fn an_alias_colliding_with_a_page_names_both_files() {
    let site = TestSite::built();
    site.write(
        "content/old.md",
        "+++\ntitle = \"Old\"\naliases = [\"/good/\"]\n+++\n",
    );
    insta::assert_snapshot!(site.fail_keeping_output().join("\n"));
}

#[test]
fn two_slugs_differing_only_in_case() {
    let site = TestSite::built();
    site.write(
        "content/Good.md",
        "+++\ntitle = \"Shouting\"\nslug = \"x\"\npath = \"GOOD\"\n+++\n",
    );
    let errors = site.fail_keeping_output();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("content/good.md") && errors[0].contains("content/Good.md"),
        "{errors:?}"
    );
}

#[test]
fn a_broken_page_link_is_reported_with_template_errors_that_stop_rendering() {
    let site = TestSite::built();
    site.write("templates/page.html", "<h1>\n{{ page.title }\n</h1>");
    site.write(
        "content/x.md",
        "+++\ntitle = \"X\"\n+++\nSee [gone](@/gone.md).\n",
    );
    let errors = site.fail_keeping_output();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("error: [site]/content/x.md:4:5: link to `@/gone.md`")),
        "{errors:?}"
    );
}
