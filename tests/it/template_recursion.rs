//! Templates that would recurse without end: include, extends and import cycles are refused
//! when the templates load, and macro recursion is bounded, so neither overflows the stack
//! (which aborts build and serve alike).

use std::process::Command;

use crate::support::TestSite;

/// Runs the real binary: a stack overflow aborts the process, which a test in this process
/// could not survive.
fn build_with_binary(site: &TestSite) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("build")
        .current_dir(site.root())
        .output()
        .unwrap();
    (
        out.status.code(),
        site.redact(&String::from_utf8_lossy(&out.stderr)),
    )
}

#[test]
fn a_template_that_includes_itself_is_an_error_at_its_line_not_a_stack_overflow() {
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    site.write(
        "templates/page.html",
        "<h1>{{ page.title }}</h1>\n{% include \"page.html\" %}\n",
    );
    let (code, stderr) = build_with_binary(&site);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("templates/page.html:2:1: `page.html` includes itself"),
        "{stderr}"
    );
}

#[test]
fn templates_that_include_each_other_are_an_error_naming_the_cycle() {
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    site.write("templates/page.html", "{% include \"card.html\" %}");
    site.write(
        "templates/card.html",
        "<div>\n{% include \"page.html\" %}</div>",
    );
    let (code, stderr) = build_with_binary(&site);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "templates/page.html:1:1: templates use each other in a cycle: `card.html` includes `page.html` includes `card.html`"
        ),
        "{stderr}"
    );
}

#[test]
fn macros_that_import_each_other_are_an_error_not_a_stack_overflow() {
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    site.write(
        "templates/page.html",
        "{% import \"m.html\" as m %}{{ m::f() }}",
    );
    site.write(
        "templates/m.html",
        "{% import \"n.html\" as n %}{% macro f() %}f{% endmacro %}",
    );
    site.write(
        "templates/n.html",
        "{% import \"m.html\" as m %}{% macro g() %}g{% endmacro %}",
    );
    let (code, stderr) = build_with_binary(&site);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("templates use each other in a cycle"),
        "{stderr}"
    );
}

#[test]
fn a_macro_that_calls_itself_without_end_is_an_error_at_its_definition() {
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    site.write(
        "templates/macros.html",
        "\n{% macro down(n) %}<i>{{ n }}</i>{% for x in [1] %}{% if true %}{{ self::down(n=n + 1) }}{% endif %}{% endfor %}{% endmacro down %}",
    );
    site.write(
        "templates/page.html",
        "{% import \"macros.html\" as m %}{{ m::down(n=0) }}",
    );
    let (code, stderr) = build_with_binary(&site);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "templates/macros.html:2:1: macro `down` calls itself more than 64 levels deep"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("content/a.md"), "{stderr}");
}

#[test]
fn a_macro_that_recurses_to_a_base_case_renders_every_level() {
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    site.write(
        "templates/macros.html",
        "{% macro down(n) %}{{ n }};{% if n > 0 %}{{ self::down(n=n - 1) }}{% endif %}{% endmacro %}",
    );
    site.write(
        "templates/page.html",
        "{% import \"macros.html\" as m %}{{ m::down(n=40) }}|{{ m::down(n=40) }}",
    );
    site.build_ok();
    let levels: String = (0..=40).rev().map(|n| format!("{n};")).collect();
    assert_eq!(site.read("a/index.html"), format!("{levels}|{levels}"));
}
