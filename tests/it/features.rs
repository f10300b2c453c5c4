//! Site features every Hugo or Zola user expects: pagination, taxonomies, feeds, sitemap,
//! aliases, drafts, base URL sub-paths, cache-busted assets and deploy files.

use crate::support::TestSite;

/// A site with nested sections, 45 pages, tags and aliases.
fn big_site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "title = \"Big\"\nbase_url = \"https://example.org/\"\ngenerate_feeds = true\nfeed_filenames = [\"atom.xml\", \"rss.xml\"]\nfeed_limit = 10\ntaxonomies = [{ name = \"tags\", paginate_by = 5, feed = true }]\n",
    );
    site.write("templates/section.html", "{{ section.title }}|{% if paginator %}{{ paginator.current_index }}/{{ paginator.number_pagers }}|{% for p in paginator.pages %}{{ p.slug }},{% endfor %}|{{ paginator.previous | default(value='-') }}|{{ paginator.next | default(value='-') }}{% endif %}");
    site.write("templates/page.html", "{{ page.title }}|{{ page.higher.title | default(value='-') }}|{{ page.lower.title | default(value='-') }}|{{ page.ancestors | join(sep=',') }}");
    site.write(
        "content/guides/_index.md",
        "+++\ntitle = \"Guides\"\nsort_by = \"weight\"\npaginate_by = 10\n+++\n",
    );
    site.write(
        "content/guides/deep/_index.md",
        "+++\ntitle = \"Deep\"\nsort_by = \"date\"\n+++\n",
    );
    for i in 1..=30 {
        let tags = match i % 3 {
            0 => "[\"Rust\", \"Café au lait\"]",
            1 => "[\"rust\"]",
            _ => "[\"Zola & Quire\"]",
        };
        site.write(
            &format!("content/guides/g{i:02}.md"),
            format!("+++\ntitle = \"Guide {i}\"\nweight = {i}\ndate = 2026-01-{i:02}\n[taxonomies]\ntags = {tags}\n+++\nGuide {i}.\n"),
        );
    }
    for i in 1..=15 {
        let aliases = if i == 1 {
            "aliases = [\"/old/deep-one/\", \"/old/deep.html\"]\n"
        } else {
            ""
        };
        site.write(
            &format!("content/guides/deep/d{i:02}.md"),
            format!("+++\ntitle = \"Deep {i}\"\ndate = 2025-06-{i:02}T12:00:00Z\n{aliases}+++\nDeep {i}.\n"),
        );
    }
    site
}

#[test]
fn a_site_of_45_pages_builds_to_the_expected_url_tree() {
    let site = big_site();
    let report = site.build_ok();
    assert_eq!(report.pages, 45);
    let tree: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| !f.starts_with("guides/g") && !f.starts_with("guides/deep/d"))
        .collect();
    insta::assert_snapshot!(tree.join("\n"));
    assert_eq!(
        site.output_files()
            .iter()
            .filter(|f| f.starts_with("guides/g"))
            .count(),
        30
    );
    assert_eq!(
        site.output_files()
            .iter()
            .filter(|f| f.starts_with("guides/deep/d"))
            .count(),
        15
    );
}

#[test]
fn pagination_links_are_right_at_the_edges() {
    let site = big_site();
    site.build_ok();
    assert_eq!(
        site.read("guides/index.html"),
        "Guides|1/3|g01,g02,g03,g04,g05,g06,g07,g08,g09,g10,|-|https://example.org/guides/page/2/"
    );
    assert_eq!(
        site.read("guides/page/2/index.html"),
        "Guides|2/3|g11,g12,g13,g14,g15,g16,g17,g18,g19,g20,|https://example.org/guides/|https://example.org/guides/page/3/"
    );
    assert_eq!(
        site.read("guides/page/3/index.html"),
        "Guides|3/3|g21,g22,g23,g24,g25,g26,g27,g28,g29,g30,|https://example.org/guides/page/2/|-"
    );
    assert!(!site.output().join("guides/page/4").exists());
    assert!(
        site.read("guides/page/1/index.html")
            .contains("url=https://example.org/guides/")
    );
}

fn paginated_site(pages: usize, per_page: usize) -> TestSite {
    let site = TestSite::new();
    site.write("templates/section.html", "{{ paginator.current_index }}/{{ paginator.number_pagers }}:{{ paginator.pages | length }}");
    site.write(
        "content/s/_index.md",
        format!("+++\npaginate_by = {per_page}\n+++\n"),
    );
    for i in 0..pages {
        site.write(
            &format!("content/s/p{i}.md"),
            format!("+++\ntitle = \"P{i}\"\n+++\n"),
        );
    }
    site.build_ok();
    site
}

#[test]
fn one_page_makes_one_pager() {
    let site = paginated_site(1, 5);
    assert_eq!(site.read("s/index.html"), "1/1:1");
    assert!(!site.output().join("s/page/2").exists());
}

#[test]
fn exactly_n_pages_make_one_full_pager() {
    let site = paginated_site(5, 5);
    assert_eq!(site.read("s/index.html"), "1/1:5");
    assert!(!site.output().join("s/page/2").exists());
}

#[test]
fn n_plus_one_pages_make_two_pagers() {
    let site = paginated_site(6, 5);
    assert_eq!(site.read("s/index.html"), "1/2:5");
    assert_eq!(site.read("s/page/2/index.html"), "2/2:1");
}

#[test]
fn pages_know_neighbours_and_ancestors() {
    let site = big_site();
    site.build_ok();
    // As in Zola, `lower` is the page before in the section's order and `higher` the one
    // after: by weight the lighter and the heavier, by date the newer and the older.
    assert_eq!(
        site.read("guides/g02/index.html"),
        "Guide 2|Guide 3|Guide 1|_index.md,guides/_index.md"
    );
    assert_eq!(
        site.read("guides/deep/d15/index.html"),
        "Deep 15|Deep 14|-|_index.md,guides/_index.md,guides/deep/_index.md"
    );
}

#[test]
fn taxonomy_terms_merge_by_slug_and_are_url_safe() {
    let site = big_site();
    site.build_ok();
    let list = site.read("tags/index.html");
    for (term, count) in [("cafe-au-lait", 10), ("rust", 20), ("zola-quire", 10)] {
        assert!(
            list.contains(&format!("https://example.org/tags/{term}/\">")),
            "{term} in {list}"
        );
        assert!(list.contains(&format!("({count})")), "{count} in {list}");
    }
    assert!(list.contains(">Café au lait</a>"), "{list}");
    assert!(site.output().join("tags/rust/page/4/index.html").exists());
    assert!(!site.output().join("tags/rust/page/5").exists());
    let first = site.read("tags/rust/index.html");
    assert!(
        first.find("Guide 30").unwrap() < first.find("Guide 28").unwrap(),
        "newest first: {first}"
    );
}

#[test]
fn feeds_parse_with_a_real_feed_parser() {
    let site = big_site();
    site.build_ok();
    let atom = feed_rs::parser::parse(site.read("atom.xml").as_bytes()).unwrap();
    assert_eq!(atom.entries.len(), 10, "feed_limit");
    assert_eq!(atom.entries[0].title.as_ref().unwrap().content, "Guide 30");
    assert_eq!(
        atom.entries[0].links[0].href,
        "https://example.org/guides/g30/"
    );
    assert!(atom.entries[0].updated.is_some());
    let rss = feed_rs::parser::parse(site.read("rss.xml").as_bytes()).unwrap();
    assert_eq!(rss.entries.len(), 10);
    assert!(rss.entries[0].published.is_some());
    let term = feed_rs::parser::parse(site.read("tags/cafe-au-lait/atom.xml").as_bytes()).unwrap();
    assert_eq!(term.entries.len(), 10);
    assert!(term.title.unwrap().content.ends_with("Café au lait"));
}

#[test]
fn the_sitemap_lists_every_page_section_and_term_once() {
    let site = big_site();
    site.build_ok();
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    // 45 pages, 3 sections (home, guides, deep), the tag list and 3 terms, and, as in
    // Zola, every pager of a paginated list (`page/1/` too): 3 of guides, 2 + 4 + 2 of the
    // terms.
    assert_eq!(locs.len(), 45 + 3 + 1 + 3 + 3 + 8, "{locs:#?}");
    assert!(locs.contains(&"https://example.org/guides/page/3/"));
    let unique: std::collections::BTreeSet<&&str> = locs.iter().collect();
    assert_eq!(unique.len(), locs.len());
    assert!(xml.contains("<loc>https://example.org/guides/deep/d01/</loc><lastmod>2025-06-01T12:00:00+00:00</lastmod>"));
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\n"
    );
}

#[test]
fn aliases_redirect_and_drafts_stay_out_of_every_list() {
    let site = big_site();
    site.write("content/guides/secret.md", "+++\ntitle = \"Secret\"\ndraft = true\ndate = 2027-01-01\n[taxonomies]\ntags = [\"hidden\"]\n+++\n");
    site.build_ok();
    assert!(
        site.read("old/deep-one/index.html")
            .contains("url=https://example.org/guides/deep/d01/")
    );
    assert!(
        site.read("old/deep.html")
            .contains("url=https://example.org/guides/deep/d01/")
    );
    for file in site.output_files() {
        let text = std::fs::read(site.output().join(&file)).unwrap();
        assert!(
            !String::from_utf8_lossy(&text).contains("Secret"),
            "draft leaked into {file}"
        );
        assert!(
            !file.contains("hidden") && !file.contains("secret"),
            "{file}"
        );
    }
}

#[test]
fn future_pages_can_be_hidden_from_lists_but_are_built() {
    let site = TestSite::new();
    site.write("config.toml", "base_url = \"https://example.org/\"\nfuture_pages_in_lists = false\ngenerate_feeds = true\n");
    site.write(
        "content/past.md",
        "+++\ntitle = \"Past\"\ndate = 2020-01-01\n+++\n",
    );
    site.write(
        "content/future.md",
        "+++\ntitle = \"Future\"\ndate = 2999-01-01\n+++\n",
    );
    site.build_ok();
    assert_eq!(site.read("index.html"), "<h1>Home</h1>Past;");
    assert!(!site.read("atom.xml").contains("Future"));
    assert!(site.read("future/index.html").contains("Future"));
}

#[test]
fn a_sub_path_base_url_has_no_link_that_escapes_it() {
    let site = TestSite::fixture("zola-basic");
    let mut options = site.options();
    options.base_url = Some("https://example.org/docs/".to_string());
    crate::support::build(&options).unwrap();
    let mut checked = 0;
    for file in site.output_files() {
        let text = String::from_utf8_lossy(&std::fs::read(site.output().join(&file)).unwrap())
            .into_owned();
        for url in text
            .split(['"', '<', '>', ' ', '\n'])
            .filter(|t| t.starts_with("https://example.org"))
        {
            checked += 1;
            assert!(
                url.starts_with("https://example.org/docs/"),
                "{file}: {url}"
            );
        }
    }
    assert!(checked > 20, "only {checked} URLs checked");
}

#[test]
fn stylesheets_get_hashed_names_and_immutable_cache_rules_when_asked() {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "base_url = \"https://example.org/\"\ngenerate_headers = true\nhashed_assets = true\n",
    );
    site.write("static/css/site.css", "body { margin: 0 }\n");
    site.write(
        "templates/index.html",
        "{{ get_url(path='css/site.css', cachebust=true) }}",
    );
    site.build_ok();
    let url = site.read("index.html");
    let hashed = url.strip_prefix("https://example.org/").unwrap();
    assert!(
        hashed.starts_with("css/site.") && hashed.ends_with(".css") && hashed != "css/site.css",
        "{url}"
    );
    assert_eq!(
        site.read(hashed),
        "body{margin:0}",
        "the hashed copy is minified"
    );
    assert_eq!(site.read("css/site.css"), "body { margin: 0 }\n");
    let headers = site.read("_headers");
    assert!(
        headers.contains(&format!(
            "/{hashed}\n  Cache-Control: public, max-age=31536000, immutable"
        )),
        "{headers}"
    );
    assert!(
        headers.contains("Content-Security-Policy: default-src 'self';"),
        "{headers}"
    );
}

#[test]
fn site_templates_override_built_in_feeds_and_robots() {
    let site = TestSite::new();
    site.write(
        "templates/robots.txt",
        "User-agent: *\nDisallow: /private/\n",
    );
    site.build_ok();
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nDisallow: /private/\n"
    );
}

#[test]
fn the_pagefind_index_holds_every_page_but_drafts_and_is_off_by_default() {
    let site = TestSite::new();
    site.write("templates/page.html", "<html lang=\"en\"><body><main data-pagefind-body><h1>{{ page.title }}</h1>{{ page.content | safe }}</main></body></html>");
    site.write(
        "content/one.md",
        "+++\ntitle = \"One\"\n+++\nUpstream timed out.\n",
    );
    site.write(
        "content/two.md",
        "+++\ntitle = \"Two\"\n+++\nRetry-After header.\n",
    );
    site.write(
        "content/draft.md",
        "+++\ntitle = \"Draft\"\ndraft = true\n+++\nSecret words.\n",
    );
    site.build_ok();
    assert!(
        !site.output().join("pagefind").exists(),
        "search must be opt-in"
    );
    site.write(
        "config.toml",
        "base_url = \"https://example.org/\"\nbuild_search_index = true\n[search]\nindex_format = \"pagefind\"\n",
    );
    let mut options = site.options();
    options.drafts = true;
    crate::support::build(&options).unwrap();
    assert!(
        site.output().join("draft/index.html").exists(),
        "the draft is built with --drafts"
    );
    let entry: serde_json::Value =
        serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(entry["languages"]["en"]["page_count"], 2, "{entry}");
    assert!(site.output().join("pagefind/pagefind.js").exists());
    let fragments = std::fs::read_dir(site.output().join("pagefind/fragment"))
        .unwrap()
        .count();
    assert_eq!(fragments, 2);
}

/// Pages are rendered one at a time as they are written: `get_page` still gives a page's
/// content and table of contents, list entries carry the summary, word counts and, as in
/// Zola, the content, and the feed has each page's whole content.
#[test]
fn content_is_rendered_where_templates_ask_for_it() {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\ngenerate_feeds = true\n",
    );
    site.write(
        "templates/index.html",
        "{% set other = get_page(path='b.md') %}{{ other.content | safe }}|{{ other.toc[0].title }}|{% for p in section.pages %}{{ p.slug }}:{{ p.word_count }}:{{ p.summary | default(value='-') | safe }}:{{ p.content | default(value='none') }};{% endfor %}",
    );
    site.write("templates/page.html", "{{ page.content | safe }}");
    site.write(
        "content/a.md",
        "+++\ntitle = \"A\"\ndate = 2026-01-02\n+++\nShort intro.\n\n<!-- more -->\n\nThe rest of a.\n",
    );
    site.write(
        "content/b.md",
        "+++\ntitle = \"B\"\ndate = 2026-01-01\n+++\n## Heading of b\n\nFour words are here.\n",
    );
    site.build_ok();
    let home = site.read("index.html");
    assert!(
        home.starts_with("<h2 id=\"heading-of-b\">Heading of b"),
        "{home}"
    );
    assert!(home.contains("|Heading of b|"), "{home}");
    // Zola counts the words as written: `<!-- more -->` has one.
    assert!(
        home.contains("a:7:<p>Short intro.</p>\n:&lt;p&gt;Short intro.&lt;/p&gt;"),
        "{home}"
    );
    assert!(
        home.contains("The rest of a.&lt;/p&gt;\n;b:7:-:&lt;h2"),
        "{home}"
    );
    let feed = site.read("atom.xml");
    assert!(feed.contains("The rest of a."), "{feed}");
    assert!(feed.contains("Four words are here."), "{feed}");
}

/// The list of terms leaves out each term's pages when its template never reads them, so a
/// template that reads them through an included file must still get them.
#[test]
fn a_terms_pages_reach_the_term_list_through_included_templates() {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\ntaxonomies = [{ name = \"tags\" }]\n",
    );
    site.write("templates/page.html", "{{ page.title }}");
    site.write(
        "templates/tags/list.html",
        "{% for t in terms %}{{ t.name }}({{ t.page_count }}):{% include \"term_pages.html\" %};{% endfor %}",
    );
    site.write(
        "templates/term_pages.html",
        "{% for p in t.pages %}{{ p.title }},{% endfor %}",
    );
    for (name, tags) in [("a", "[\"x\"]"), ("b", "[\"x\", \"y\"]")] {
        site.write(
            &format!("content/{name}.md"),
            format!("+++\ntitle = \"{name}\"\n[taxonomies]\ntags = {tags}\n+++\n"),
        );
    }
    site.build_ok();
    assert_eq!(site.read("tags/index.html"), "x(2):a,b,;y(1):b,;");
    // Without a mention of `pages`, the counts are all there is to show.
    site.write("templates/term_pages.html", "{{ t.permalink }}");
    site.build_ok();
    assert_eq!(
        site.read("tags/index.html"),
        "x(2):https://example.org/tags/x/;y(1):https://example.org/tags/y/;"
    );
}

/// A site with Markdown alternates on: two sections, a draft, a shortcode of each kind.
fn site_with_alternates() -> TestSite {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "title = \"Notes\"\ndescription = \"Short notes.\"\nbase_url = \"https://example.org/\"\ngenerate_markdown_alternates = true\n",
    )
    .write("templates/page.html", "{{ page.content | safe }}")
    .write("templates/shortcodes/note.md", "**Note:** {{ body }}")
    .write("templates/shortcodes/badge.html", "<span class=\"badge\">{{ text }}</span>")
    .write("content/guides/_index.md", "+++\ntitle = \"Guides\"\nsort_by = \"weight\"\n+++\n")
    .write(
        "content/guides/one.md",
        "+++\ntitle = \"One [first]\"\ndescription = \"The first\\nguide.\"\nweight = 1\n+++\nSee [two](@/guides/two.md#setup) and {{ badge(text=\"new\") }}.\n\n{% note() %}read it{% end %}\n",
    )
    .write(
        "content/guides/two.md",
        "+++\ntitle = \"Two\"\nweight = 2\n+++\n## Setup\n\nBack to [one](@/guides/one.md).\n",
    )
    .write("content/guides/wip.md", "+++\ntitle = \"WIP\"\ndraft = true\n+++\nNot yet.\n")
    .write("content/about.md", "+++\ntitle = \"About\"\n+++\nHello.\n");
    site
}

#[test]
fn markdown_alternates_hold_each_page_with_links_resolved_and_shortcodes_expanded() {
    let site = site_with_alternates();
    site.build_ok();
    assert_eq!(
        site.read("guides/one/index.html.md"),
        "# One [first]\n\n> The first guide.\n\n\
         See [two](https://example.org/guides/two/#setup) and <span class=\"badge\">new</span>.\n\n\
         **Note:** read it\n"
    );
    assert_eq!(
        site.read("guides/two/index.html.md"),
        "# Two\n\n## Setup\n\nBack to [one](https://example.org/guides/one/).\n"
    );
    assert!(!site.output().join("guides/wip/index.html.md").exists());
    assert_eq!(
        site.read("llms.txt"),
        "# Notes\n\n> Short notes.\n\n\
         ## Notes\n\n- [About](https://example.org/about/index.html.md)\n\n\
         ## Guides\n\n\
         - [One \\[first\\]](https://example.org/guides/one/index.html.md): The first guide.\n\
         - [Two](https://example.org/guides/two/index.html.md)\n"
    );
}

#[test]
fn markdown_alternates_are_off_by_default_and_follow_body_edits_in_serve() {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\n",
    )
    .write("templates/page.html", "{{ page.content | safe }}")
    .write("content/a.md", "+++\ntitle = \"A\"\n+++\nOld.\n");
    site.build_ok();
    assert!(!site.output().join("a/index.html.md").exists());
    assert!(!site.output().join("llms.txt").exists());

    let site = site_with_alternates();
    let mut diagnostics = quire::error::Diagnostics::default();
    let (loaded, _) = quire::site::build_in_memory(&site.options(), &mut diagnostics).unwrap();
    let source = "+++\ntitle = \"Two\"\nweight = 2\n+++\nNew text.\n".to_string();
    let quire::site::SiteUpdate::Applied(_, files) =
        loaded.update_page("guides/two.md", source, &mut diagnostics)
    else {
        panic!("a body edit should be applied in place");
    };
    let alternate = files
        .iter()
        .find(|f| f.path == "guides/two/index.html.md")
        .expect("the edited page's alternate is written again");
    let quire::output::Content::Bytes(bytes) = &alternate.content else {
        panic!("an alternate is bytes");
    };
    assert_eq!(String::from_utf8_lossy(bytes), "# Two\n\nNew text.\n");
}

#[test]
fn feeds_name_each_pages_authors_and_the_sites_author_for_the_rest() {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\nauthor = \"Site Team\"\ngenerate_feeds = true\nfeed_filenames = [\"atom.xml\", \"rss.xml\"]\n",
    )
    .write(
        "content/by-two.md",
        "+++\ntitle = \"By two\"\ndate = 2026-01-02\nauthors = [\"Ada\", \"Grace\"]\n+++\nText.\n",
    )
    .write("content/unsigned.md", "+++\ntitle = \"Unsigned\"\ndate = 2026-01-01\n+++\nText.\n");
    site.build_ok();
    let names = |entry: &feed_rs::model::Entry| -> Vec<String> {
        entry.authors.iter().map(|a| a.name.clone()).collect()
    };
    let atom = feed_rs::parser::parse(site.read("atom.xml").as_bytes()).unwrap();
    assert_eq!(atom.authors[0].name, "Site Team");
    assert_eq!(names(&atom.entries[0]), ["Ada", "Grace"]);
    assert!(
        names(&atom.entries[1]).is_empty(),
        "the feed's author covers it"
    );
    let rss = feed_rs::parser::parse(site.read("rss.xml").as_bytes()).unwrap();
    assert_eq!(names(&rss.entries[0]), ["Ada", "Grace"]);
    assert_eq!(names(&rss.entries[1]), ["Site Team"]);
}
