//! Multilingual sites as Zola builds them (`tests/fixtures/zola-i18n`): `page.fr.md` and
//! `_index.fr.md` are translations under `/fr/`, each language has its home, sections that
//! list only its pages, its feeds, taxonomies and search index, and templates see `lang`,
//! `translations` and the language's `config`.

use crate::support::TestSite;

fn built() -> TestSite {
    let site = TestSite::fixture("zola-i18n");
    site.build_ok();
    site
}

fn exists(site: &TestSite, path: &str) -> bool {
    site.output().join(path).exists()
}

#[test]
fn each_language_has_its_home_sections_and_pages_under_its_prefix() {
    let site = built();
    for path in [
        "index.html",
        "fr/index.html",
        "it/index.html",
        "notes/index.html",
        "fr/notes/index.html",
        "it/notes/index.html",
        "notes/rain/index.html",
        "fr/notes/rain/index.html",
        "it/notes/rain/index.html",
        "fr/notes/fog/index.html",
        "notes/bundle/index.html",
        "notes/bundle/map.svg",
        "fr/notes/bundle/index.html",
    ] {
        assert!(exists(&site, path), "{path} is missing");
    }
    assert!(!exists(&site, "notes/fog/index.html"));
    // As in Zola, a translation's `path` is its whole path.
    assert!(exists(&site, "a-propos/index.html") && !exists(&site, "fr/a-propos/index.html"));
    assert!(!exists(&site, "it/notes/wind/index.html"));
    // A section lists only the pages of its language, in its order.
    let notes = site.read("notes/index.html");
    assert!(
        notes.contains(
            r#"<li lang="en">Map</li><li lang="en">Wind</li><li lang="en">Rain</li></ul>"#
        ),
        "{notes}"
    );
    let carnet = site.read("fr/notes/index.html");
    assert!(
        carnet.contains(
            r#"<li lang="fr">Carte</li><li lang="fr">Brouillard</li><li lang="fr">Pluie</li></ul>"#
        ),
        "{carnet}"
    );
}

#[test]
fn templates_see_the_language_its_config_and_the_translations() {
    let site = built();
    let home = site.read("index.html");
    assert!(
        home.contains("lang=en title=Field notes others=fr it </p>"),
        "{home}"
    );
    assert!(home.contains("<p>Read more</p>"), "{home}");
    let accueil = site.read("fr/index.html");
    assert!(accueil.contains(r#"<html lang="fr">"#), "{accueil}");
    assert!(
        accueil.contains("lang=fr title=Notes de terrain others=en it </p>"),
        "{accueil}"
    );
    assert!(accueil.contains("<p>Lire la suite</p>"), "{accueil}");
    // `get_page` and `get_section` take `lang`.
    assert!(
        accueil.contains("in this language: Pluie, Carnet</p>"),
        "{accueil}"
    );
    assert!(home.contains("in this language: Rain, Notes</p>"), "{home}");
    let casa = site.read("it/index.html");
    assert!(
        casa.contains("in this language: Pioggia, Appunti</p>"),
        "{casa}"
    );
    assert!(casa.contains("lang=it title= others=en fr </p>"), "{casa}");
    // Translations include the entry itself, the default language first.
    let notes = site.read("notes/index.html");
    assert!(
        notes.contains(r#"<a hreflang="en" href="https://example.org/notes/">Notes</a><a hreflang="fr" href="https://example.org/fr/notes/">Carnet</a><a hreflang="it" href="https://example.org/it/notes/">Appunti</a>"#),
        "{notes}"
    );
    let pluie = site.read("fr/notes/rain/index.html");
    assert!(pluie.contains("page.lang=fr"), "{pluie}");
    // `date` names the month in the locale given, as Zola's does.
    assert!(pluie.contains("<p>dated 1 mars 2026</p>"), "{pluie}");
    let pioggia = site.read("it/notes/rain/index.html");
    assert!(pioggia.contains("<p>dated 1 marzo 2026</p>"), "{pioggia}");
    assert!(
        pluie.contains(r#"<a hreflang="en" href="https://example.org/notes/rain/">Rain (Rain)</a><a hreflang="fr" href="https://example.org/fr/notes/rain/">Pluie (Pluie)</a><a hreflang="it" href="https://example.org/it/notes/rain/">Pioggia (Pioggia)</a>"#),
        "{pluie}"
    );
    assert!(pluie.contains("<p>tags: météo</p>"), "{pluie}");
    let wind = site.read("notes/wind/index.html");
    assert!(
        wind.contains(r#"<a hreflang="en" href="https://example.org/notes/wind/">Wind (Wind)</a>"#)
            && !wind.contains("hreflang=\"fr\""),
        "{wind}"
    );
    // A bundle's files are each translation's, named by their path under content/ as Zola
    // names them, and copied beside each.
    for page in ["notes/bundle/index.html", "fr/notes/bundle/index.html"] {
        let html = site.read(page);
        assert!(html.contains("assets=/notes/bundle/map.svg</p>"), "{html}");
    }
    assert!(exists(&site, "fr/notes/bundle/map.svg"));
    // A section's files are copied beside each translation, and the file functions find
    // them there, as Zola finds them in its output folder.
    assert!(exists(&site, "fr/notes/cover.svg") && exists(&site, "notes/cover.svg"));
    let carnet = site.read("fr/notes/index.html");
    assert!(
        carnet.contains("<p>cover 40x30, assets=/fr/notes/cover.svg</p>"),
        "{carnet}"
    );
}

#[test]
fn feeds_taxonomies_and_search_indexes_are_per_language() {
    let site = built();
    let feed = site.read("atom.xml");
    assert!(feed.contains(r#"xml:lang="en""#), "{feed}");
    assert!(feed.contains("https://example.org/notes/rain/"), "{feed}");
    assert!(!feed.contains("https://example.org/fr/"), "{feed}");
    let fil = site.read("fr/atom.xml");
    assert!(fil.contains(r#"xml:lang="fr""#), "{fil}");
    assert!(fil.contains("https://example.org/fr/notes/fog/"), "{fil}");
    assert!(!fil.contains("https://example.org/notes/rain/"), "{fil}");
    assert!(!exists(&site, "it/atom.xml"), "Italian has no feeds");
    // As in Zola 0.22.1, a language without `feed_filenames` of its own writes the site's.
    assert!(exists(&site, "rss.xml") && exists(&site, "fr/rss.xml"));

    assert!(
        site.read("tags/index.html")
            .contains("tags in en: weather</p>")
    );
    assert!(
        site.read("fr/tags/index.html")
            .contains("tags in fr: météo</p>")
    );
    assert!(
        site.read("fr/auteurs/camille/index.html")
            .contains("Camille: Pluie")
    );
    assert!(exists(&site, "tags/weather/atom.xml"));
    assert!(exists(&site, "fr/auteurs/camille/atom.xml"));
    assert!(
        !exists(&site, "fr/tags/meteo/atom.xml"),
        "fr tags have no feeds"
    );
    assert!(!exists(&site, "auteurs/index.html"));

    let sitemap = site.read("sitemap.xml");
    for url in [
        "/notes/rain/",
        "/fr/notes/rain/",
        "/it/notes/rain/",
        "/fr/tags/meteo/",
    ] {
        assert!(
            sitemap.contains(&format!("https://example.org{url}")),
            "{url}"
        );
    }

    assert!(exists(&site, "search_index.en.js"));
    assert!(
        !exists(&site, "search_index.fr.js"),
        "French asks for no index"
    );
    let italian = site.read("search_index.it.js");
    assert!(italian.contains("https://example.org/it/notes/rain/"));
    assert!(!italian.contains("https://example.org/notes/rain/"));
    assert!(italian.contains(r#""stemmer-it""#), "{italian:.300}");
}

#[test]
fn a_file_named_for_an_undeclared_language_is_an_error_that_names_it() {
    let site = TestSite::fixture("zola-i18n");
    site.write("content/notes/snow.de.md", "+++\ntitle = \"Schnee\"\n+++\n");
    let errors = site.build_err().join("\n");
    assert!(errors.contains("content/notes/snow.de.md"), "{errors}");
    assert!(errors.contains("not a language of the site"), "{errors}");
    assert!(errors.contains("[languages.de]"), "{errors}");
}

#[test]
fn a_translation_may_use_only_its_own_languages_taxonomies() {
    let site = TestSite::fixture("zola-i18n");
    site.write(
        "content/notes/hail.it.md",
        "+++\ntitle = \"Grandine\"\n[taxonomies]\ntags = [\"meteo\"]\n+++\n",
    );
    let errors = site.build_err().join("\n");
    assert!(errors.contains("content/notes/hail.it.md:4:1"), "{errors}");
    assert!(
        errors.contains("not declared for the language `it`"),
        "{errors}"
    );
    assert!(errors.contains("under [languages.it]"), "{errors}");
}

#[test]
fn a_site_of_one_language_reads_dots_in_names_as_part_of_the_name() {
    let site = TestSite::new();
    site.write("content/v1.2.md", "+++\ntitle = \"Release\"\n+++\n");
    site.build_ok();
    // As Zola 0.22.1 names it.
    assert!(exists(&site, "v1-2/index.html"));
}

#[test]
fn a_serve_edit_of_a_translation_renders_it_and_the_pages_that_show_it() {
    let site = TestSite::fixture("zola-i18n");
    let mut diagnostics = quire::error::Diagnostics::default();
    let (loaded, _) = quire::site::build_in_memory(&site.options(), &mut diagnostics).unwrap();
    let source = std::fs::read_to_string(site.root().join("content/notes/rain.fr.md")).unwrap();
    let edited = source.replace("Il a plu toute la matinée.", "Il a plu tout le jour.");
    let quire::site::SiteUpdate::Applied(_, files) =
        loaded.update_page("notes/rain.fr.md", edited, &mut diagnostics)
    else {
        panic!("a body edit should be applied in place");
    };
    let written = |path: &str| {
        let file = files.iter().find(|f| f.path == path);
        match file.map(|f| &f.content) {
            Some(quire::output::Content::Bytes(bytes)) => {
                String::from_utf8_lossy(bytes).into_owned()
            }
            _ => panic!("{path} is rendered again"),
        }
    };
    assert!(written("fr/notes/rain/index.html").contains("Il a plu tout le jour."));
    // The French feed shows the body; the English page reads its translations with
    // `get_page`, so it is rendered again too; a page of another folder is not.
    assert!(written("fr/atom.xml").contains("Il a plu tout le jour."));
    assert!(written("notes/rain/index.html").contains("Pluie (Pluie)"));
    assert!(!files.iter().any(|f| f.path == "notes/wind/index.html"));
}

#[test]
fn a_pagefind_index_of_a_multilingual_site_has_each_language() {
    let site = TestSite::fixture("zola-i18n");
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    let config = config.replace(
        "[translations]",
        "[search]\nindex_format = \"pagefind\"\n\n[translations]",
    );
    site.write("config.toml", config);
    site.build_ok();
    let entry: serde_json::Value =
        serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).unwrap();
    let languages = entry["languages"].as_object().unwrap();
    for lang in ["en", "fr", "it"] {
        assert!(languages.contains_key(lang), "{entry}");
    }
}

#[test]
fn on_a_site_of_one_language_only_index_md_owns_a_bundles_files() {
    let site = TestSite::new();
    site.write(
        "templates/page.html",
        "{{ page.title }}: {{ page.assets | join(sep=\",\") }}",
    );
    site.write("content/post/index.md", "+++\ntitle = \"Post\"\n+++\n")
        .write("content/post/index.v2.md", "+++\ntitle = \"Second\"\n+++\n")
        .write(
            "content/post/figure.svg",
            "<svg xmlns='http://www.w3.org/2000/svg'/>",
        );
    site.build_ok();
    assert_eq!(site.read("post/index.html"), "Post: /post/figure.svg");
    assert_eq!(site.read("post/index-v2/index.html"), "Second: ");
    assert!(exists(&site, "post/figure.svg"));
    assert!(!exists(&site, "post/index-v2/figure.svg"));
}
