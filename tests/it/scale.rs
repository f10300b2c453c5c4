//! Inputs that were once quadratic, at large counts, checked for correctness only: their
//! timings are in `benches/pathological.sh`, not here.

use crate::support::TestSite;

#[test]
fn forty_thousand_broken_links_in_one_file_are_each_reported_at_their_line() {
    let site = TestSite::built();
    let body = "[x](@/missing.md)\n".repeat(40_000);
    site.write(
        "content/links.md",
        format!("+++\ntitle = \"L\"\n+++\n{body}"),
    );
    let errors = site.build_err();
    assert_eq!(errors.len(), 40_000);
    assert!(
        errors[0].starts_with("error: [site]/content/links.md:4:1: link to `@/missing.md`"),
        "{}",
        errors[0]
    );
    assert!(
        errors[39_999].starts_with("error: [site]/content/links.md:40003:1: "),
        "{}",
        errors[39_999]
    );
}

#[test]
fn bundles_below_bundles_give_their_files_to_the_outermost() {
    let site = TestSite::new();
    for i in 0..200 {
        site.write(
            &format!("content/b{i}/index.md"),
            format!("+++\ntitle = \"B{i}\"\n+++\n"),
        );
        site.write(&format!("content/b{i}/data.txt"), format!("asset {i}"));
    }
    site.write("content/b7/inner/index.md", "+++\ntitle = \"Inner\"\n+++\n");
    site.write("content/b7/inner/deep.txt", "deep");
    site.build_ok();
    assert_eq!(site.read("b199/data.txt"), "asset 199");
    assert_eq!(site.read("b7/inner/deep.txt"), "deep");
}

#[test]
fn a_page_with_two_thousand_tags_has_every_term_page_and_lists_its_tags_where_asked() {
    let site = TestSite::new();
    let tags: Vec<String> = (0..2_000).map(|i| format!("\"t{i}\"")).collect();
    site.write(
        "content/t.md",
        format!(
            "+++\ntitle = \"T\"\n[taxonomies]\ntags = [{}, \"T5\"]\n+++\n",
            tags.join(", ")
        ),
    );
    site.write(
        "templates/tags/single.html",
        "{{ term.name }}:{% for p in term.pages %}{{ p.taxonomies.tags | length }}{% endfor %}",
    );
    site.build_ok();
    // `T5` slugifies as `t5`: one term, listing the page once.
    assert_eq!(site.read("tags/t5/index.html"), "t5:2001");
    assert_eq!(site.read("tags/t1999/index.html"), "t1999:2001");
}
