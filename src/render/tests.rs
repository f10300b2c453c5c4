//! The renderer's choice of what each template's context holds.

use super::*;

#[test]
fn pages_are_left_out_only_where_no_template_in_the_chain_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("base.html", "{% block main %}{% endblock %}");
    write(
        "counts.html",
        "{% extends \"base.html\" %}{% block main %}{% for t in terms %}{{ t.page_count }}{% endfor %}{% endblock %}",
    );
    write(
        "listing.html",
        "{% extends \"base.html\" %}{% block main %}{% include \"each.html\" %}{% endblock %}",
    );
    write(
        "each.html",
        "{% for p in term.pages %}{{ p.title }}{% endfor %}",
    );
    write("dump.html", "{{ terms | json_encode }}");
    write("ld.html", "{{ terms | json_ld | safe }}");
    let renderer = Renderer::load(
        dir.path(),
        Path::new("templates"),
        &mut crate::error::Diagnostics::default(),
    )
    .unwrap();
    let may_read_pages = |template: &str| renderer.may_read(template, &["pages"]);
    assert!(!may_read_pages("counts.html"));
    assert!(may_read_pages("listing.html"));
    assert!(may_read_pages("dump.html"));
    assert!(may_read_pages("ld.html"));
    assert!(!may_read_pages(&format!(
        "{BUILTIN_PREFIX}taxonomy_list.html"
    )));
    assert!(renderer.may_read("listing.html", &["term.pages"]));
    assert!(!renderer.may_read("counts.html", &["term.pages"]));
}

/// The keys of `view` serialized for a template.
fn keys(view: &PageView) -> Vec<String> {
    let value = tera::to_value(view).unwrap();
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

#[test]
fn a_pages_own_view_has_every_field_and_a_listed_one_those_its_templates_name() {
    let config = Config::for_tests();
    let source = "+++\ntitle = \"Post\"\ndate = 2024-05-06\n+++\nBody\n".to_string();
    let doc = crate::content::Document::parse(
        Path::new("content/post.md"),
        "post.md",
        source,
        &mut Diagnostics::default(),
    )
    .unwrap();
    let library = Library::from_documents(vec![doc], vec![], &config, &mut Diagnostics::default());
    let id = library.page_ids().next().unwrap();
    let body = Rendered::default();
    let mut every: Vec<String> = page_fields::PAGE_FIELDS
        .iter()
        .map(|n| n.to_string())
        .collect();
    every.sort();
    assert_eq!(keys(&PageView::new(id, &body, &library)), every);

    let fields = PageFields::named_in(["{{ p.title }} {{ p.year }} {{ p.content }}"]);
    let listed = PageView::listed(id, fields, &library);
    assert_eq!(keys(&listed), ["title", "year"], "a list has no content");
    let value = tera::to_value(listed).unwrap();
    assert_eq!(value["title"], "Post");
    assert_eq!(value["year"], 2024);
}

proptest::proptest! {
    #[test]
    fn autoescaping_replaces_the_five_characters_and_keeps_the_rest(text in "[a&<>\"'/é\u{10000} ]{0,16}") {
        let mut expected = String::new();
        for c in text.chars() {
            match c {
                '&' => expected.push_str("&amp;"),
                '<' => expected.push_str("&lt;"),
                '>' => expected.push_str("&gt;"),
                '"' => expected.push_str("&quot;"),
                '\'' => expected.push_str("&#39;"),
                _ => expected.push(c),
            }
        }
        proptest::prop_assert_eq!(escape_html(&text), expected);
    }
}
