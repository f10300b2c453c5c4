use super::*;

fn page(relative: &str, front: &str) -> Document<PageFrontMatter> {
    let source = format!("+++\n{front}\n+++\nBody of {relative}\n");
    let file = Path::new("content").join(relative);
    Document::parse(&file, relative, source, &mut Diagnostics::default()).unwrap()
}

fn section(relative: &str, front: &str) -> Document<SectionFrontMatter> {
    let source = format!("+++\n{front}\n+++\n");
    let file = Path::new("content").join(relative);
    Document::parse(&file, relative, source, &mut Diagnostics::default()).unwrap()
}

fn library(
    pages: Vec<Document<PageFrontMatter>>,
    sections: Vec<Document<SectionFrontMatter>>,
) -> (Library, Vec<String>) {
    let mut config = Config::for_tests();
    config
        .taxonomies
        .push(crate::config::TaxonomyConfig::named("tags"));
    let mut diagnostics = Diagnostics::default();
    let library = Library::from_documents(pages, sections, &config, &mut diagnostics);
    let messages = diagnostics
        .into_sorted()
        .iter()
        .map(|d| d.to_string())
        .collect();
    (library, messages)
}

fn paths(library: &Library) -> Vec<String> {
    library.pages.iter().map(|p| p.path.clone()).collect()
}

#[test]
fn page_paths_follow_folders_slugs_and_path() {
    let (library, problems) = library(
        vec![
            page("codes/Five Hundred.md", ""),
            page("codes/other.md", "slug = \"Custom Slug\""),
            page("codes/x.md", "path = \"500\""),
            page("codes/bundle/index.md", ""),
        ],
        vec![section("codes/_index.md", "")],
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        paths(&library),
        [
            "/codes/five-hundred/",
            "/codes/custom-slug/",
            "/500/",
            "/codes/bundle/"
        ]
    );
    assert_eq!(
        library.permalink_of("codes/x.md"),
        Some("https://example.org/500/")
    );
    assert_eq!(
        library.permalink_of("@/codes/_index.md"),
        Some("https://example.org/codes/")
    );
}

#[test]
fn a_home_section_exists_even_without_an_index_file() {
    let (library, _) = library(vec![page("a.md", "")], vec![]);
    let home = &library.sections[library.home()];
    assert_eq!(home.path, "/");
    assert_eq!(home.pages, vec![PageId::new(0)]);
}

#[test]
fn pages_belong_to_the_nearest_section_and_sections_nest() {
    let (library, _) = library(
        vec![page("a/b/deep.md", ""), page("a/top.md", "")],
        vec![section("_index.md", ""), section("a/_index.md", "")],
    );
    let a = SectionId::new(library.sections.iter().position(|s| s.dir == "a").unwrap());
    assert_eq!(library.sections[a].pages.len(), 2);
    assert_eq!(library.sections[a].parent, Some(library.home()));
    assert_eq!(library.sections[library.home()].subsections, vec![a]);
}

#[test]
fn sections_sort_their_pages_as_asked() {
    let pages = || {
        vec![
            page("s/a.md", "title = \"Beta\"\nweight = 2\ndate = 2026-01-01"),
            page("s/b.md", "title = \"alpha\"\nweight = 1\ndate = 2026-03-01"),
            page("s/c.md", "title = \"Gamma\""),
        ]
    };
    // As in Zola: a page without the key the section sorts by is left out of its list.
    for (sort_by, expected) in [
        ("date", &["b", "a"][..]),
        ("update_date", &["b", "a"][..]),
        ("weight", &["b", "a"][..]),
        ("title", &["b", "a", "c"][..]),
        ("title_bytes", &["a", "c", "b"][..]),
        ("slug", &["a", "b", "c"][..]),
        ("permalink", &["a", "b", "c"][..]),
        ("none", &["a", "b", "c"][..]),
    ] {
        let (library, _) = library(
            pages(),
            vec![section("s/_index.md", &format!("sort_by = \"{sort_by}\""))],
        );
        let s = library.sections.iter().find(|s| s.dir == "s").unwrap();
        let slugs: Vec<&str> = s
            .pages
            .iter()
            .map(|&i| library.pages[i].slug.as_str())
            .collect();
        assert_eq!(slugs, expected, "sort_by = {sort_by}");
    }
}

#[test]
fn drafts_are_left_out() {
    let (library, _) = library(
        vec![
            page("a.md", "draft = true"),
            page("d/b.md", ""),
            page("c.md", ""),
        ],
        vec![section("d/_index.md", "draft = true")],
    );
    assert_eq!(paths(&library), ["/c/"]);
}

#[test]
fn paths_that_leave_the_output_are_errors() {
    let (library, problems) = library(
        vec![
            page("a.md", "path = \"../../etc\""),
            page("b.md", "aliases = [\"/x/../../y\"]"),
        ],
        vec![],
    );
    assert!(library.pages.is_empty());
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with("error: content/a.md:2:1: invalid `path`"),
        "{problems:?}"
    );
}

#[test]
fn undeclared_taxonomies_are_errors_with_their_line() {
    let (_, problems) = library(
        vec![page("a.md", "[taxonomies]\ncategories = [\"x\"]")],
        vec![],
    );
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].starts_with("error: content/a.md:3:1: taxonomy `categories`"),
        "{problems:?}"
    );
}

#[test]
fn pages_know_their_neighbours_in_section_order() {
    let (library, _) = library(
        vec![
            page("s/a.md", "weight = 3"),
            page("s/b.md", "weight = 1"),
            page("s/c.md", "weight = 2"),
        ],
        vec![section("s/_index.md", "sort_by = \"weight\"")],
    );
    let slug = |i: Option<PageId>| i.map(|i| library.pages[i].slug.as_str());
    let by_slug = |s: &str| library.pages.iter().find(|p| p.slug == s).unwrap();
    // As in Zola: `lower` is the lighter (earlier in the list), `higher` the heavier.
    assert_eq!(
        (slug(by_slug("b").lower), slug(by_slug("b").higher)),
        (None, Some("c"))
    );
    assert_eq!(
        (slug(by_slug("c").lower), slug(by_slug("c").higher)),
        (Some("b"), Some("a"))
    );
    assert_eq!(
        (slug(by_slug("a").lower), slug(by_slug("a").higher)),
        (Some("c"), None)
    );
}

#[test]
fn date_order_gives_the_newer_page_as_lower_and_file_order_gives_no_neighbours() {
    let pages = || {
        vec![
            page("s/old.md", "date = 2026-01-01"),
            page("s/new.md", "date = 2026-03-01"),
            page("s/undated.md", ""),
        ]
    };
    let (library, problems) = library(pages(), vec![section("s/_index.md", "sort_by = \"date\"")]);
    let by_slug = |s: &str| library.pages.iter().find(|p| p.slug == s).unwrap();
    let slug = |i: Option<PageId>| i.map(|i| library.pages[i].slug.as_str());
    assert_eq!(slug(by_slug("old").lower), Some("new"));
    assert_eq!(slug(by_slug("new").higher), Some("old"));
    assert_eq!(
        problems,
        [
            "warning: content/s/undated.md: the page has no `date`, which its section sorts by: it is left out of the section's list\n  hint: give it a `date`, or change `sort_by` in content/s/_index.md"
        ]
    );
    let (unsorted, _) = self::library(pages(), vec![section("s/_index.md", "")]);
    assert!(
        unsorted
            .pages
            .iter()
            .all(|p| p.lower.is_none() && p.higher.is_none())
    );
}
