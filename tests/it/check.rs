//! `quire check` on fixture sites with known problems, and `quire new`.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;

use quire::check::ExternalOptions;

use crate::support::{TestSite, check};

fn problems(site: &TestSite, external: Option<&ExternalOptions>) -> Vec<String> {
    check(&site.options(), external)
        .iter()
        .filter(|d| d.is_error())
        .map(|d| site.redact(&d.to_string()))
        .collect()
}

fn linking_site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\n## Causes\n\nText.\n",
    )
    .write("content/b/_index.md", "+++\ntitle = \"B\"\n+++\n")
    .write(
        "content/b/c.md",
        "+++\ntitle = \"C\"\n+++\n[up](../../a/#causes) [same](#local)\n\n## Local\n",
    );
    site
}

#[test]
fn a_site_whose_links_all_resolve_passes() {
    let site = linking_site();
    assert_eq!(problems(&site, None), Vec::<String>::new());
}

#[test]
fn broken_links_anchors_and_images_are_placed_in_the_markdown() {
    let site = linking_site();
    site.write(
        "content/broken.md",
        "+++\ntitle = \"Broken\"\n+++\nIntro.\n\n[gone](/nowhere/) and [anchor](@/a.md#effects)\n\n![logo](missing.png)\n",
    );
    insta::assert_snapshot!(problems(&site, None).join("\n"));
}

#[test]
fn links_in_templates_are_checked_too() {
    let site = linking_site();
    site.write(
        "templates/page.html",
        "<a href=\"{{ config.base_url }}/no-such-page/\">x</a>{{ page.content | safe }}",
    );
    let found = problems(&site, None);
    assert!(!found.is_empty());
    assert!(
        found
            .iter()
            .all(|p| p.contains("no-such-page") && p.contains("(in the output of its template")),
        "{found:#?}"
    );
}

#[test]
fn schema_violations_are_errors_placed_at_their_keys() {
    let site = TestSite::fixture("schema");
    insta::assert_snapshot!(problems(&site, None).join("\n"));
}

#[test]
fn check_fails_on_schema_violations_and_build_only_warns() {
    let site = TestSite::fixture("schema");
    let quire = |command: &str| {
        Command::new(env!("CARGO_BIN_EXE_quire"))
            .arg(command)
            .current_dir(site.root())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let check = quire("check");
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr
            .contains("error: content/5xx/502.md:5:1: `extra.code = 503` does not match this file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("\n  hint: set code = 502, or rename the file to match"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: content/5xx/502.md:8:17: `extra.related` names 599"),
        "{stderr}"
    );
    let build = quire("build");
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: content/5xx/502.md:7:1: `extra.spec_url = \"javascript:alert(1)\"` is not an absolute http:// or https:// URL"),
        "{stderr}"
    );
    assert!(!stderr.contains("error:"), "{stderr}");
    assert!(site.output().join("5xx/502/index.html").exists());
}

/// A loopback server answering 200 for `/ok` and 404 for anything else, for a bounded number
/// of requests.
fn local_server(requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(mut stream) = stream else { continue };
            let mut buffer = [0u8; 2048];
            let read = stream.read(&mut buffer).unwrap_or(0);
            let request = String::from_utf8_lossy(&buffer[..read]);
            let status = if request.split_whitespace().nth(1) == Some("/ok") {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    format!("http://{address}")
}

#[test]
fn external_links_are_fetched_only_when_asked() {
    let server = local_server(8);
    let site = linking_site();
    site.write(
        "content/ext.md",
        format!("+++\ntitle = \"E\"\n+++\n[fine]({server}/ok)\n\n[dead]({server}/gone)\n"),
    );
    assert_eq!(problems(&site, None), Vec::<String>::new());
    let options = ExternalOptions {
        concurrency: 2,
        timeout: std::time::Duration::from_secs(5),
    };
    let found = problems(&site, Some(&options));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("error: [site]/content/ext.md:6:1: external link"),
        "{found:#?}"
    );
    assert!(
        found[0].contains("/gone` is broken: the server answered 404"),
        "{found:#?}"
    );
}

#[test]
fn the_check_command_exits_one_on_errors_and_zero_when_clean() {
    let site = linking_site();
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_quire"))
            .arg("check")
            .current_dir(site.root())
            .output()
            .unwrap()
    };
    let clean = run();
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    site.write("content/bad.md", "+++\ntitle = \"Bad\"\n+++\n[x](/nope/)\n");
    let broken = run();
    assert_eq!(broken.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(
        stderr.contains("content/bad.md:4:1: link to `/nope/`"),
        "{stderr}"
    );
    assert!(!site.output().exists(), "check must not write the site");
}

/// `quire new ARGS` run in `site`.
fn quire_new(site: &TestSite, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("new")
        .args(args)
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn new_writes_a_status_article_from_the_reference_schema_and_refuses_to_overwrite() {
    let site = TestSite::new();
    let reference = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config.toml");
    site.write("config.toml", std::fs::read(reference).unwrap());
    let first = quire_new(&site, &["418"]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let path = site.root().join("content/4xx/418.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    insta::assert_snapshot!(text.replace(&today, "[today]"));
    std::fs::write(&path, "edited").unwrap();
    let second = quire_new(&site, &["418"]);
    assert_eq!(second.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&second.stderr).contains("exists already"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited");
    let post = quire_new(&site, &["post", "Release notes"]);
    assert!(post.status.success());
    assert!(site.root().join("content/release-notes.md").exists());
}

#[test]
fn a_new_page_from_the_schema_passes_check_with_its_optional_fields_commented_out() {
    let site = TestSite::fixture("schema");
    site.write(
        "content/5xx/502.md",
        "+++\ntitle = \"502\"\n[extra]\ncode = 502\nretry = \"no\"\n+++\n## What it means\n",
    );
    assert!(quire_new(&site, &["504"]).status.success());
    let written = std::fs::read_to_string(site.root().join("content/5xx/504.md")).unwrap();
    assert!(
        written.contains("\ncode = 504\n") && written.contains("\n## What it means\n"),
        "{written}"
    );
    // The optional URL has nothing to start from: an empty one would break its `type = "url"`.
    assert!(written.contains("\n# spec_url = \"\"\n"), "{written}");
    let mut options = site.options();
    options.drafts = true;
    let found: Vec<String> = check(&options, None)
        .iter()
        .filter(|d| d.is_error())
        .map(|d| site.redact(&d.to_string()))
        .collect();
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn new_uses_the_sites_archetype_for_a_section() {
    let site = TestSite::fixture("schema");
    let output = quire_new(&site, &["blog", "First post"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(site.root().join("content/blog/first-post.md")).unwrap();
    assert!(
        text.starts_with("+++\ntitle = \"First post\"\ndate = "),
        "{text}"
    );
    assert!(
        text.ends_with("\nWritten from archetypes/blog.md.\n"),
        "{text}"
    );
    let unknown = quire_new(&site, &["teapot"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&unknown.stderr)
            .contains("`teapot` is neither a schema (schemas: code)")
    );
}

#[test]
fn an_anchor_whose_id_holds_an_ampersand_is_found() {
    let site = TestSite::new();
    site.write(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\n<h2 id=\"q&amp;a\">Q and A</h2>\n\n[to it](#q&a) [missing](#q&b)\n",
    );
    let found = problems(&site, None);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("#q&b"), "{found:?}");
}

#[test]
fn quire_new_post_escapes_control_characters_so_the_next_build_reads_the_title() {
    let site = TestSite::new();
    let title = "Bad\u{1} title \"quoted\" \\ \u{1b}[31m";
    let output = quire_new(&site, &["post", title]);
    assert!(output.status.success(), "{output:?}");
    let written: Vec<_> = std::fs::read_dir(site.root().join("content"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let text = std::fs::read_to_string(&written[0])
        .unwrap()
        .replace("draft = true", "draft = false");
    std::fs::write(&written[0], text).unwrap();
    site.write("templates/page.html", "{{ page.title }}");
    site.build_ok();
    let slug = written[0]
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .to_string();
    assert_eq!(
        site.read(&format!("{slug}/index.html")),
        "Bad\u{1} title &quot;quoted&quot; \\ \u{1b}[31m"
    );
}
