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
