//! Zola's search index formats: elasticlunr (with our `elasticlunr.min.js`) and Fuse.js, as
//! JSON or as a script, holding what `[search]` asks for, of the pages and sections Zola
//! indexes.

use serde_json::Value;

use crate::support::TestSite;

/// A site with a searched section, a section left out of search, a draft, a page left out,
/// and a page whose code block must not be indexed.
fn site_with(search: &str) -> TestSite {
    let site = TestSite::new();
    site.write(
        "config.toml",
        format!("base_url = \"https://example.org/\"\nbuild_search_index = true\n{search}"),
    );
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nWelcome to the gateway notes.\n",
    );
    site.write(
        "content/errors/_index.md",
        "+++\ntitle = \"Errors\"\ndescription = \"Every error\"\n+++\n",
    );
    site.write(
        "content/errors/gateway.md",
        "+++\ntitle = \"Bad Gateway\"\ndescription = \"The upstream failed\"\ndate = 2026-03-04\n+++\nThe proxy got an &quot;invalid&quot; answer from upstream servers.\n\n```\nsecret_code_word();\n```\n",
    );
    site.write(
        "content/errors/hidden.md",
        "+++\ntitle = \"Hidden\"\nin_search_index = false\n+++\nNot searched.\n",
    );
    site.write(
        "content/errors/draft.md",
        "+++\ntitle = \"Draft\"\ndraft = true\n+++\nDraft words.\n",
    );
    site.write(
        "content/private/_index.md",
        "+++\ntitle = \"Private\"\nin_search_index = false\n+++\n",
    );
    site.write(
        "content/private/note.md",
        "+++\ntitle = \"Note\"\n+++\nPrivate words.\n",
    );
    site
}

/// The JSON of `text`, a script setting `window.searchIndex` or JSON itself.
fn json_of(text: &str) -> Value {
    let json = text.strip_prefix("window.searchIndex = ").unwrap_or(text);
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn the_default_is_zolas_elasticlunr_script_with_its_client() {
    let site = site_with("");
    site.build_ok();
    let text = site.read("search_index.en.js");
    assert!(text.starts_with("window.searchIndex = {"), "{text:.80}");
    let index = json_of(&text);
    assert_eq!(index["fields"], serde_json::json!(["title", "body"]));
    assert_eq!(index["ref"], "id");
    assert_eq!(
        index["pipeline"],
        serde_json::json!(["trimmer", "stopWordFilter", "stemmer"])
    );
    let docs = index["documentStore"]["docs"].as_object().unwrap();
    let mut refs: Vec<&str> = docs.keys().map(String::as_str).collect();
    refs.sort();
    assert_eq!(
        refs,
        [
            "https://example.org/",
            "https://example.org/errors/",
            "https://example.org/errors/gateway/",
        ]
    );
    let page = &docs["https://example.org/errors/gateway/"];
    assert_eq!(page["title"], "Bad Gateway");
    assert_eq!(
        page["body"],
        "The proxy got an \"invalid\" answer from upstream servers."
    );
    // Words are stemmed as elasticlunr.js stems them: "servers" is under "server".
    let body = &index["index"]["body"]["root"];
    let node = "server"
        .chars()
        .fold(body, |node, ch| &node[ch.to_string().as_str()]);
    assert!(
        node["docs"]["https://example.org/errors/gateway/"]["tf"].is_number(),
        "{node}"
    );
    let client = site.read("elasticlunr.min.js");
    // Our own client, minified.
    assert!(client.contains("elasticlunr.Index=Index"), "{client:.200}");
    assert!(!client.contains("\n  "), "{client:.200}");
    assert!(!site.output().join("pagefind").exists());
}

#[test]
fn search_settings_choose_the_fields_their_order_and_the_body_length() {
    let site = site_with(
        "[search]\nindex_format = \"elasticlunr_json\"\ninclude_description = true\ninclude_date = true\ninclude_path = true\ntruncate_content_length = 9\n",
    );
    site.build_ok();
    assert!(!site.output().join("search_index.en.js").exists());
    let index = json_of(&site.read("search_index.en.json"));
    assert_eq!(
        index["fields"],
        serde_json::json!(["title", "description", "date", "path", "body"])
    );
    let page = &index["documentStore"]["docs"]["https://example.org/errors/gateway/"];
    assert_eq!(page["description"], "The upstream failed");
    assert_eq!(page["date"], "2026-03-04T00:00:00Z");
    assert_eq!(page["path"], "/errors/gateway/");
    assert_eq!(page["body"], "The proxy");
    // A path is split at slashes and hyphens, and its words stemmed ("errors": "error").
    assert!(index["index"]["path"]["root"]["e"]["r"]["r"]["o"]["r"]["docs"].is_object());
    assert!(site.output().join("elasticlunr.min.js").exists());
}

#[test]
fn fuse_indexes_are_lists_of_the_fields_asked_for() {
    let site = site_with(
        "[search]\nindex_format = \"fuse_javascript\"\ninclude_title = false\ninclude_path = true\n",
    );
    site.build_ok();
    let index = json_of(&site.read("search_index.en.js"));
    let entries = index.as_array().unwrap();
    assert_eq!(entries.len(), 3, "{index}");
    let page = entries
        .iter()
        .find(|e| e["url"] == "https://example.org/errors/gateway/")
        .unwrap();
    assert_eq!(
        page,
        &serde_json::json!({
            "url": "https://example.org/errors/gateway/",
            "body": "The proxy got an \"invalid\" answer from upstream servers.",
            "path": "/errors/gateway/",
        })
    );
    assert!(!site.output().join("elasticlunr.min.js").exists());

    let site = site_with("[search]\nindex_format = \"fuse_json\"\ninclude_content = false\n");
    site.build_ok();
    let index = json_of(&site.read("search_index.en.json"));
    assert_eq!(
        index[0],
        serde_json::json!({ "url": "https://example.org/", "title": "Home" })
    );
}

#[test]
fn a_language_elasticlunr_cannot_stem_is_an_error_that_names_the_other_formats() {
    let site = site_with("default_language = \"xx\"\n");
    let errors = site.build_err().join("\n");
    assert!(errors.contains("elasticlunr cannot index `xx`"), "{errors}");
    assert!(errors.contains("fuse_json"), "{errors}");
    let site = site_with("default_language = \"fr\"\n");
    site.build_ok();
    let index = json_of(&site.read("search_index.fr.js"));
    assert_eq!(
        index["pipeline"],
        serde_json::json!(["trimmer-fr", "stopWordFilter-fr", "stemmer-fr"])
    );
}

#[test]
fn an_unknown_index_format_is_a_config_error() {
    let site = site_with("[search]\nindex_format = \"lunr\"\n");
    let errors = site.build_err().join("\n");
    assert!(errors.contains("config.toml:4:16"), "{errors}");
    assert!(errors.contains("unknown variant `lunr`"), "{errors}");
    assert!(errors.contains("`elasticlunr_javascript`"), "{errors}");
}
