//! Zola's template API on `tests/fixtures/zola-api`: `get_url`'s arguments, `load_data` in
//! each format, `trans`, the `markdown` filter, `get_image_metadata`, and the page and
//! section variables Zola gives (`year`, `authors`, `colocated_path`, `components`, ...).

use sha2::{Digest, Sha256};

use crate::support::{TestSite, main_of};

fn built() -> TestSite {
    let site = TestSite::fixture("zola-api");
    site.build_ok();
    site
}

/// The line of the home page's `<main>` that starts with `label:`.
fn line(site: &TestSite, page: &str, label: &str) -> String {
    let html = site.read(page);
    let main = main_of(&html);
    main.lines()
        .find_map(|line| line.strip_prefix(&format!("{label}: ")).map(str::to_string))
        .unwrap_or_else(|| panic!("no `{label}:` line in {page}: {main}"))
}

#[test]
fn get_url_follows_zolas_trailing_slash_and_language_rules() {
    let site = built();
    assert_eq!(
        line(&site, "index.html", "url"),
        "https://example.org/blog https://example.org/blog/ https://example.org https://example.org/blog/ https://example.org/fr/about"
    );
}

#[test]
fn cachebust_appends_zolas_sha256_query() {
    let site = built();
    let digest = Sha256::digest(b"body { margin: 0 }\n");
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        line(&site, "index.html", "cachebust"),
        format!("https://example.org/style.css?h={}", &hex[..20])
    );
}

#[test]
fn load_data_reads_each_format_and_tolerates_a_missing_optional_file() {
    let site = built();
    let got: Vec<String> = [
        "toml", "json", "csv", "plain", "xml", "yaml", "literal", "missing", "bibtex",
    ]
    .iter()
    .map(|label| format!("{label}: {}", line(&site, "index.html", label)))
    .collect();
    assert_eq!(
        got,
        [
            "toml: Grace 2024-03-09",
            "json: one,two,3",
            "csv: code/reason I&#39;m a teapot, short and stout",
            "plain: Plain words.",
            "xml: News a+b 4 2",
            "yaml: Quire 6",
            "literal: 5",
            "missing: none",
            "bibtex: knuth1984 book: The TeXbook, Addison-Wesley 1984",
        ]
    );
}

#[test]
fn a_missing_required_data_file_is_an_error_naming_the_template() {
    let site = TestSite::fixture("zola-api");
    site.write(
        "templates/404.html",
        "{{ load_data(path=\"data/gone.json\") }}",
    );
    let errors = site.build_err();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("templates/404.html") && e.contains("no file `data/gone.json`")),
        "{errors:?}"
    );
}

#[test]
fn trans_reads_the_translations_of_each_language() {
    assert_eq!(line(&built(), "index.html", "trans"), "Hello Bonjour");
}

#[test]
fn the_markdown_filter_renders_with_links_and_inline() {
    let site = built();
    assert_eq!(
        line(&site, "index.html", "inline"),
        "<em>Hi</em> <a href=\"https://example.org/blog/\">blog</a>"
    );
    let html = site.read("index.html");
    let main = main_of(&html);
    assert!(
        main.contains("block: <p>Just <em>one</em></p>\n\n"),
        "{main}"
    );
}

#[test]
fn image_metadata_gives_size_format_and_mime() {
    let site = built();
    assert_eq!(line(&site, "index.html", "png"), "3x2 png image/png");
    assert_eq!(line(&site, "index.html", "svg"), "48x32 svg");
    assert_eq!(line(&site, "index.html", "no image"), "none");
}

#[test]
fn pages_and_sections_carry_zolas_variables() {
    let site = built();
    assert_eq!(
        main_of(&site.read("blog/first/index.html")),
        "<main>\nFirst: 2024-5-7 by Ada &amp; Grace\ncolocated: blog/first/\ncomponents: blog/first\n</main>"
    );
    assert_eq!(
        main_of(&site.read("blog/second/index.html")),
        "<main>\nSecond: 2023-12-25 by \ncolocated: none\ncomponents: blog/second\n</main>"
    );
    assert_eq!(
        main_of(&site.read("blog/index.html")),
        "<main>\nBlog: paginate_by 5, transparent true, feeds false, components blog\nFirst 2024;Second 2023;\n</main>"
    );
}

#[test]
fn load_data_fetches_a_url_once_per_build_and_a_failed_optional_one_is_null() {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let address = server.server_addr().to_ip().unwrap();
    let requests = std::thread::spawn(move || {
        let mut paths = Vec::new();
        while let Ok(Some(request)) = server.recv_timeout(std::time::Duration::from_secs(20)) {
            paths.push(request.url().to_string());
            let response = if request.url() == "/data.json" {
                tiny_http::Response::from_string("{\"stars\": 42}")
            } else {
                tiny_http::Response::from_string("gone").with_status_code(404)
            };
            request.respond(response).unwrap();
            if paths.len() == 2 {
                break;
            }
        }
        paths
    });
    let site = TestSite::new();
    let template = format!(
        "{{% set d = load_data(url=\"http://{address}/data.json\", format=\"json\") %}}{{{{ d.stars }}}}|{{% set m = load_data(url=\"http://{address}/missing\", required=false) %}}{{% if not m %}}null{{% endif %}}"
    );
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n")
        .write("content/b.md", "+++\ntitle = \"B\"\n+++\n")
        .write("templates/page.html", &template);
    site.build_ok();
    assert_eq!(site.read("a/index.html"), "42|null");
    assert_eq!(site.read("b/index.html"), "42|null");
    assert_eq!(requests.join().unwrap(), ["/data.json", "/missing"]);
}
