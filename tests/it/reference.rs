//! The HTTP error reference in this repository: it builds, every article keeps the `status`
//! schema the site declares in config.toml (checked by the same code as `quire check`), and
//! the facts no schema can know (which codes are registered, cacheable) are right.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use quire::content::Page;
use quire::error::{Diagnostics, Severity};
use quire::schema::Schema;
use quire::site::{BuildOptions, Site};
use serde_json::Value;

/// Every code in the IANA HTTP Status Code Registry (RFC 9110 §16.2.1 and the RFCs that add
/// to it), including the registered-but-unused 306 and 418.
const REGISTERED: [u16; 63] = [
    100, 101, 102, 103, //
    200, 201, 202, 203, 204, 205, 206, 207, 208, 226, //
    300, 301, 302, 303, 304, 305, 306, 307, 308, //
    400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418,
    421, 422, 423, 424, 425, 426, 428, 429, 431, 451, //
    500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
];

/// The unofficial codes people meet in the wild, with who uses them.
const UNOFFICIAL: [(u16, &str); 25] = [
    (419, "laravel"),
    (440, "iis"),
    (444, "nginx"),
    (449, "iis"),
    (460, "aws"),
    (463, "aws"),
    (464, "aws"),
    (494, "nginx"),
    (495, "nginx"),
    (496, "nginx"),
    (497, "nginx"),
    (499, "nginx"),
    (509, "apache"),
    (520, "cloudflare"),
    (521, "cloudflare"),
    (522, "cloudflare"),
    (523, "cloudflare"),
    (524, "cloudflare"),
    (525, "cloudflare"),
    (526, "cloudflare"),
    (527, "cloudflare"),
    (530, "cloudflare"),
    (561, "aws"),
    (598, "convention"),
    (599, "convention"),
];

/// Codes heuristically cacheable by default: RFC 9110 §15.1, and 451 by RFC 7725 §3.
const CACHEABLE: [u16; 13] = [
    200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 451, 501,
];

fn reference_site() -> Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut diagnostics = Diagnostics::default();
    let site = Site::load(&BuildOptions::new(root), &mut diagnostics);
    let problems: Vec<String> = diagnostics
        .into_sorted()
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert!(
        problems.is_empty(),
        "the reference site has problems:\n{}",
        problems.join("\n")
    );
    site.expect("the reference site loads")
}

/// The status articles by code.
/// The text of every status article under `content/1xx` to `content/5xx`.
fn glob_articles(root: &Path) -> Vec<String> {
    let mut texts = Vec::new();
    for class in ["1xx", "2xx", "3xx", "4xx", "5xx"] {
        for entry in std::fs::read_dir(root.join("content").join(class)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") && !path.ends_with("_index.md") {
                texts.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }
    texts
}

fn articles(site: &Site) -> BTreeMap<u16, Vec<&Page>> {
    let mut by_code: BTreeMap<u16, Vec<&Page>> = BTreeMap::new();
    for page in &site.library.pages {
        if let Some(code) = page.doc.meta.extra.get("code").and_then(Value::as_u64) {
            by_code.entry(code as u16).or_default().push(page);
        }
    }
    by_code
}

/// The table of contents of `page`, rendered from its Markdown.
fn toc_of(site: &Site, page: &Page) -> Vec<quire::markdown::Heading> {
    let Some(quire::content::Entry::Page(id)) = site.library.get(&page.doc.relative_path) else {
        panic!("{} is not a page of the site", page.doc.relative_path);
    };
    site.page_body(id).unwrap().toc
}

#[test]
fn the_reference_site_builds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = tempfile::tempdir().unwrap();
    let mut options = BuildOptions::new(root);
    options.output = output.path().join("public");
    let report = crate::support::build(&options).unwrap_or_else(|problems| {
        panic!("{}", crate::support::render(&problems));
    });
    assert!(
        report.warnings.is_empty(),
        "{}",
        crate::support::render(&report.warnings)
    );
    for code in ["500", "424", "428", "faq"] {
        assert!(
            options.output.join(code).join("index.html").exists(),
            "{code}"
        );
    }
    // Vendor names are shown as their owners write them, never as capitalised slugs.
    let read = |path: &str| std::fs::read_to_string(options.output.join(path)).unwrap();
    for (page, shown) in [
        ("5xx/index.html", "Unofficial (AWS)"),
        ("524/index.html", "Unofficial: Cloudflare"),
        ("tags/index.html", ">IIS</a>"),
        ("tags/index.html", ">nginx</a>"),
    ] {
        assert!(read(page).contains(shown), "{page} lacks {shown}");
    }
    for page in [
        "5xx/index.html",
        "4xx/index.html",
        "tags/index.html",
        "502/index.html",
    ] {
        for slug in ["Aws", "Iis", "Nginx"] {
            assert!(!read(page).contains(slug), "{page} shows {slug}");
        }
    }
    assert!(
        !options.output.join("tags/redirects").exists(),
        "one tag for redirects"
    );
    // The home page answers the eight seed questions briefly, each linking to its full answer.
    let home = read("index.html");
    let anchors = [
        "4xx-vs-5xx",
        "403-vs-401-vs-404",
        "429-too-many-requests",
        "502-bad-gateway",
        "504-gateway-timeout",
        "retry-5xx",
        "503-keeps-happening",
        "updates",
    ];
    assert_eq!(home.matches("class=\"faq-item\"").count(), anchors.len());
    for anchor in anchors {
        assert!(
            home.contains(&format!("/faq/#{anchor}\"")),
            "home lacks {anchor}"
        );
    }
    assert!(home.contains("Other codes you will meet") && home.contains("/400/"));
    // "Last refreshed" is the newest date an article's facts were checked.
    let newest = glob_articles(root)
        .iter()
        .filter_map(|text| {
            let line = |key: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(key).map(|v| v.trim().to_string()))
            };
            line("updated = ").or_else(|| line("date = "))
        })
        .max()
        .unwrap();
    assert!(
        home.contains(&format!("Last refreshed <time datetime=\"{newest}\">")),
        "home should say it was last refreshed on {newest}"
    );
    // The FAQ's JSON-LD gives each answer's first paragraph, not the whole answer.
    let faq = read("faq/index.html");
    let json_ld = faq
        .split("<script type=\"application/ld+json\">")
        .map(|rest| rest.split("</script>").next().unwrap())
        .find(|script| script.contains("FAQPage"))
        .expect("the FAQ has FAQPage JSON-LD");
    let json: serde_json::Value = serde_json::from_str(json_ld).unwrap();
    let questions = json["mainEntity"].as_array().unwrap();
    assert!(questions.len() >= 20, "{}", questions.len());
    for question in questions {
        let answer = question["acceptedAnswer"]["text"].as_str().unwrap();
        assert!(
            !answer.is_empty() && !answer.contains('\n'),
            "{}: {answer}",
            question["name"]
        );
    }
}

#[test]
fn every_registered_and_listed_unofficial_code_has_exactly_one_article() {
    let site = reference_site();
    let by_code = articles(&site);
    let mut missing = Vec::new();
    let expected = REGISTERED
        .iter()
        .copied()
        .chain(UNOFFICIAL.iter().map(|(c, _)| *c));
    for code in expected {
        match by_code.get(&code).map(Vec::len) {
            Some(1) => {}
            Some(n) => missing.push(format!("{code}: {n} articles")),
            None => missing.push(format!("{code}: no article")),
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

/// The schema of status articles, from the reference's config.toml.
fn status_schema(site: &Site) -> &Schema {
    site.config
        .schemas
        .get("status")
        .expect("config.toml declares [schemas.status]")
}

#[test]
fn every_article_keeps_the_status_schema() {
    let site = reference_site();
    let schema = status_schema(&site);
    let uncovered: Vec<&str> = articles(&site)
        .values()
        .flatten()
        .map(|page| page.doc.relative_path.as_str())
        .filter(|path| !schema.covers(path))
        .collect();
    assert!(
        uncovered.is_empty(),
        "not covered by the schema: {uncovered:?}"
    );
    let covered = site
        .library
        .pages
        .iter()
        .filter(|page| schema.covers(&page.doc.relative_path))
        .count();
    assert_eq!(covered, articles(&site).values().flatten().count());
    let mut problems = quire::error::Diagnostics::default();
    quire::content::schemas::check(
        &site.library,
        &site.config.schemas,
        Severity::Error,
        &mut problems,
    );
    let problems = problems.into_sorted();
    assert!(problems.is_empty(), "{}", crate::support::render(&problems));
}

#[test]
fn front_matter_agrees_with_the_registry_and_the_rfcs() {
    let site = reference_site();
    let by_code = articles(&site);
    let registered: BTreeSet<u16> = REGISTERED.into_iter().collect();
    let vendors: BTreeMap<u16, &str> = UNOFFICIAL.into_iter().collect();
    let mut problems = Vec::new();
    for (code, pages) in &by_code {
        let page = pages[0];
        let file = &page.doc.relative_path;
        let extra = &page.doc.meta.extra;
        let text = |key: &str| extra.get(key).and_then(Value::as_str).unwrap_or_default();
        let mut problem = |what: String| problems.push(format!("{file}: {what}"));
        if page.path != format!("/{code}/") {
            problem(format!("served at {} instead of /{code}/", page.path));
        }
        let official = text("official");
        if registered.contains(code) {
            if official != "iana" {
                problem(format!("a registered code marked official = `{official}`"));
            }
            if !text("spec").starts_with("RFC ")
                || !text("spec_url").starts_with("https://www.rfc-editor.org/rfc/rfc")
            {
                problem(format!(
                    "spec `{}` / `{}` is not an RFC section",
                    text("spec"),
                    text("spec_url")
                ));
            }
        } else if vendors.get(code) != Some(&official) {
            problem(format!("unofficial code marked official = `{official}`"));
        }
        if let Some(cacheable) = extra.get("cacheable").and_then(Value::as_bool)
            && cacheable != CACHEABLE.contains(code)
        {
            problem(format!("cacheable = {cacheable} disagrees with the RFCs"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_article_has_the_schemas_sections_in_order() {
    let site = reference_site();
    let wanted = &status_schema(&site).headings;
    assert!(wanted.len() >= 9, "{wanted:?}");
    let mut problems = Vec::new();
    for (code, pages) in articles(&site) {
        let toc = toc_of(&site, pages[0]);
        let headings: Vec<&str> = toc.iter().map(|h| h.title.as_str()).collect();
        if headings != *wanted {
            problems.push(format!("{code}: {headings:?}"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_faq_has_at_least_twenty_questions_with_unique_anchors() {
    let site = reference_site();
    let faq = site
        .library
        .pages
        .iter()
        .find(|p| p.doc.relative_path == "faq.md")
        .expect("content/faq.md");
    assert_eq!(faq.doc.meta.extra.get("faq"), Some(&Value::Bool(true)));
    let toc = toc_of(&site, faq);
    let questions: Vec<&str> = toc.iter().map(|h| h.id.as_str()).collect();
    let unique: BTreeSet<&str> = questions.iter().copied().collect();
    assert!(questions.len() >= 20, "{} questions", questions.len());
    assert_eq!(unique.len(), questions.len(), "{questions:?}");
    for heading in &toc {
        assert!(
            heading.title.ends_with('?'),
            "not a question: {}",
            heading.title
        );
    }
}

#[test]
fn the_front_page_features_500_428_and_424_first() {
    let site = reference_site();
    let home = &site.library.sections[site.library.home()];
    let featured = home
        .doc
        .meta
        .extra
        .get("featured")
        .and_then(Value::as_array)
        .expect("featured cards");
    let pages: Vec<&str> = featured
        .iter()
        .filter_map(|c| c.get("page").and_then(Value::as_str))
        .collect();
    assert_eq!(pages[..3], ["5xx/500.md", "4xx/428.md", "4xx/424.md"]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for card in featured {
        let alt = card.get("alt").and_then(Value::as_str).unwrap_or_default();
        let image = card
            .get("image")
            .and_then(Value::as_str)
            .unwrap_or_default();
        assert!(alt.len() > 20, "alt text too short: {alt:?}");
        assert!(
            root.join("static").join(image).is_file(),
            "missing image {image}"
        );
    }
}

/// The reference built into a temporary folder (kept while the first value lives), and the
/// output folder.
fn built_reference() -> (tempfile::TempDir, std::path::PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = tempfile::tempdir().unwrap();
    let mut options = BuildOptions::new(root);
    options.output = output.path().join("public");
    crate::support::build(&options).unwrap_or_else(|problems| {
        panic!("{}", crate::support::render(&problems));
    });
    (output, options.output)
}

#[test]
fn the_codes_api_validates_against_its_schema_and_matches_the_articles() {
    let (_output, public) = built_reference();
    let read_json = |path: &str| -> Value {
        let text = std::fs::read_to_string(public.join(path)).unwrap();
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
    };
    let schema = read_json("api/codes.schema.json");
    let codes = read_json("api/codes.json");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema is a valid JSON Schema");
    let errors: Vec<String> = validator
        .iter_errors(&codes)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));

    // The schema does constrain: an unknown retry value and a missing field are refused.
    let mut wrong = codes.clone();
    wrong["codes"][0]["retry"] = Value::from("maybe");
    assert!(!validator.is_valid(&wrong));
    let mut missing = codes.clone();
    missing["codes"][0].as_object_mut().unwrap().remove("spec");
    assert!(!validator.is_valid(&missing));

    // One entry per article, with the article's own facts.
    let site = reference_site();
    let by_code = articles(&site);
    let entries = codes["codes"].as_array().unwrap();
    let listed: BTreeSet<u64> = entries
        .iter()
        .map(|e| e["code"].as_u64().unwrap())
        .collect();
    assert_eq!(listed.len(), entries.len(), "a code is listed twice");
    let expected: BTreeSet<u64> = by_code.keys().map(|&c| u64::from(c)).collect();
    assert_eq!(listed, expected);
    for entry in entries {
        let code = entry["code"].as_u64().unwrap() as u16;
        let page = by_code[&code][0];
        let extra = serde_json::to_value(&page.doc.meta.extra).unwrap();
        assert_eq!(entry["reason"], extra["reason"], "{code}");
        assert_eq!(entry["retry"], extra["retry"], "{code}");
        assert_eq!(entry["headers"], extra["headers"], "{code}");
        let url = entry["url"].as_str().unwrap();
        assert!(url.ends_with(&page.path), "{code}: {url}");
        for related in entry["related"].as_array().unwrap() {
            assert!(
                listed.contains(&related.as_u64().unwrap()),
                "{code} → {related}"
            );
        }
    }
}

#[test]
fn every_article_has_a_markdown_alternate_with_its_text_linked_from_its_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_output, public) = built_reference();
    let read = |path: &str| std::fs::read_to_string(public.join(path)).unwrap();
    let llms = read("llms.txt");
    let site = reference_site();
    for (code, pages) in articles(&site) {
        let page = pages[0];
        let folder = page.path.trim_matches('/');
        let alternate = read(&format!("{folder}/index.html.md"));
        let source =
            std::fs::read_to_string(root.join("content").join(&page.doc.relative_path)).unwrap();
        let (front_matter, body) = source
            .trim_start_matches("+++")
            .split_once("\n+++\n")
            .unwrap();
        let title = front_matter
            .lines()
            .find_map(|l| l.strip_prefix("title = \""))
            .and_then(|t| t.strip_suffix('"'))
            .unwrap();
        assert!(alternate.starts_with(&format!("# {title}\n")), "{code}");
        // The article's sections, in order, and no link left in Quire's @/ form.
        let headings: Vec<&str> = alternate
            .lines()
            .filter_map(|line| line.strip_prefix("## "))
            .collect();
        let toc: Vec<String> = toc_of(&site, page).into_iter().map(|h| h.title).collect();
        assert_eq!(headings, toc, "{code}");
        assert!(!alternate.contains("](@/"), "{code}");
        // Every paragraph of the source body is in the alternate as it is, links aside.
        let first = body
            .trim()
            .lines()
            .find(|l| !l.starts_with('#') && !l.is_empty());
        let first = first.unwrap();
        if !first.contains("@/") {
            assert!(alternate.contains(first), "{code}: {first}");
        }
        let html = read(&format!("{folder}/index.html"));
        let link = html
            .split("<link rel=\"alternate\" type=\"text/markdown\"")
            .nth(1)
            .and_then(|rest| rest.split('>').next())
            .unwrap_or_else(|| panic!("{code}: no Markdown alternate link"));
        assert!(
            link.ends_with(&format!(" href=\"/{folder}/index.html.md\"")),
            "{code}: {link}"
        );
        assert!(
            llms.contains(&format!("/{folder}/index.html.md)")),
            "{code}"
        );
    }
}

/// The header pages under `content/headers/`, keyed by the field names each covers.
fn header_pages(site: &Site) -> BTreeMap<String, &Page> {
    let mut pages = BTreeMap::new();
    for page in &site.library.pages {
        if !page.doc.relative_path.starts_with("headers/") {
            continue;
        }
        let fields = page.doc.meta.extra.get("fields").and_then(Value::as_array);
        for field in fields.into_iter().flatten().filter_map(Value::as_str) {
            pages.insert(field.to_owned(), page);
        }
    }
    pages
}

/// A front matter list of `extra`, as strings or integers.
fn extra_list<'a>(page: &'a Page, key: &str) -> Vec<&'a Value> {
    let list = page.doc.meta.extra.get(key).and_then(Value::as_array);
    list.into_iter().flatten().collect()
}

#[test]
fn every_header_the_articles_rely_on_has_a_page_in_the_header_schema() {
    let site = reference_site();
    let pages = header_pages(&site);
    let wanted = [
        "Retry-After",
        "WWW-Authenticate",
        "Proxy-Authenticate",
        "Location",
        "Allow",
        "Content-Range",
        "Accept-Post",
        "Accept-Patch",
        "Upgrade",
        "Cache-Control",
        "Content-Type",
        "RateLimit",
        "RateLimit-Policy",
        "X-RateLimit-Limit",
        "X-RateLimit-Remaining",
        "X-RateLimit-Reset",
    ];
    let missing: Vec<&str> = wanted
        .into_iter()
        .filter(|field| !pages.contains_key(*field))
        .collect();
    assert!(missing.is_empty(), "no header page for {missing:?}");
    let schema = site.config.schemas.get("header").expect("[schemas.header]");
    let status = pages["RateLimit"].doc.meta.extra.get("status");
    assert_eq!(
        status.and_then(Value::as_str),
        Some("draft"),
        "the RateLimit fields are an Internet-Draft"
    );
    for page in pages.values() {
        let path = &page.doc.relative_path;
        assert!(
            schema.covers(path),
            "{path} is not covered by [schemas.header]"
        );
        let headings: Vec<String> = toc_of(&site, page).into_iter().map(|h| h.title).collect();
        assert_eq!(headings, schema.headings, "{path}");
    }
}

#[test]
fn header_pages_and_the_articles_that_use_them_link_each_other() {
    let site = reference_site();
    let (_output, public) = built_reference();
    let read = |path: &str| std::fs::read_to_string(public.join(path)).unwrap();
    let by_code = articles(&site);
    let pages = header_pages(&site);
    let mut problems = Vec::new();
    // A header page links to each code it lists, that code's article names one of the page's
    // fields, and its quick facts link the field to the page.
    let distinct: BTreeMap<&str, &Page> = pages.values().map(|p| (p.path.as_str(), *p)).collect();
    for header in distinct.values() {
        let html = read(&format!(
            "{}index.html",
            header.path.trim_start_matches('/')
        ));
        let fields: Vec<&Value> = extra_list(header, "fields");
        for code in extra_list(header, "codes") {
            let code = code.as_u64().unwrap() as u16;
            let article = by_code[&code][0];
            if !html.contains(&format!("href=\"{}\"", article.path)) {
                problems.push(format!("{}: no link to {code}", header.path));
            }
            let named: Vec<&Value> = extra_list(article, "headers")
                .into_iter()
                .filter(|h| fields.contains(h))
                .collect();
            if named.is_empty() {
                problems.push(format!("{code}: `headers` names none of {fields:?}"));
            }
            let facts = read(&format!("{code}/index.html"));
            let facts = facts.split("</aside>").next().unwrap();
            for field in named {
                let link = format!(
                    "<a href=\"{}\"><code>{}</code></a>",
                    header.path,
                    field.as_str().unwrap()
                );
                if !facts.contains(&link) {
                    problems.push(format!("{code}: quick facts do not link {field}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The articles where where-it-failed is the whole question, which draw their request path.
const REQUEST_PATHS: [u16; 21] = [
    460, 463, 464, 494, 495, 496, 497, 499, 502, 503, 504, 520, 521, 522, 523, 524, 525, 526, 527,
    530, 561,
];

#[test]
fn the_request_path_articles_draw_the_hop_that_answered_and_the_hop_that_failed() {
    let (_output, public) = built_reference();
    for code in REQUEST_PATHS {
        let html = std::fs::read_to_string(public.join(format!("{code}/index.html"))).unwrap();
        let figure = html
            .split("<figure class=\"request-path\"")
            .nth(1)
            .and_then(|rest| rest.split("</figure>").next())
            .unwrap_or_else(|| panic!("{code}: no request-path diagram"));
        assert!(figure.contains("<svg "), "{code}");
        assert!(figure.contains("role=\"img\""), "{code}");
        assert!(
            figure.contains("<title id=\"request-path-title\">Request path: Client → "),
            "{code}"
        );
        assert_eq!(figure.matches("rp-answered").count(), 1, "{code}: {figure}");
        assert_eq!(figure.matches("rp-failed").count(), 1, "{code}: {figure}");
        assert!(figure.contains("✕ failed here"), "{code}");
        // The text equivalent names both hops, for readers who cannot see the drawing.
        let caption = figure.split("<figcaption").nth(1).unwrap();
        assert!(caption.contains("<strong>Failed"), "{code}: {caption}");
        assert!(!html.contains("{{") && !html.contains("{%"), "{code}");
    }
    // Articles about other questions do not get one.
    let html = std::fs::read_to_string(public.join("404/index.html")).unwrap();
    assert!(!html.contains("request-path"));
}

#[test]
fn every_page_fetches_one_stylesheet_which_colours_the_highlighted_code() {
    let (_output, public) = built_reference();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.file_name() != "index.html" {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let sheets = html.matches("<link rel=\"stylesheet\"").count();
        assert_eq!(sheets, 1, "{}", entry.path().display());
        pages += 1;
    }
    assert!(pages > 100, "{pages}");
    let html = std::fs::read_to_string(public.join("headers/retry-after/index.html")).unwrap();
    assert!(
        html.contains("<span class=\"z-comment"),
        "the code is highlighted with classes"
    );
    let css = std::fs::read_to_string(public.join("style.css")).unwrap();
    for class in [".z-comment", ".z-string", ".z-keyword", ".z-constant"] {
        assert!(css.contains(class), "style.css does not colour {class}");
    }
}
