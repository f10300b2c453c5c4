//! `quire check` on fixture sites with known problems, and `quire new`.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;

use quire::check::{ExternalOptions, check_site};

use crate::support::TestSite;

fn problems(site: &TestSite, external: Option<&ExternalOptions>) -> Vec<String> {
    check_site(&site.options(), external)
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
fn status_articles_must_match_their_file_and_link_real_codes() {
    let site = TestSite::new();
    site.write(
        "content/5xx/502.md",
        "+++\ntitle = \"502\"\n[extra]\ncode = 503\nclass = \"4xx\"\nreason = \"Bad Gateway\"\nofficial = \"iana\"\nspec = \"RFC 9110\"\nretry = \"maybe\"\ncacheable = false\nheaders = []\nrelated = [504]\n+++\n",
    );
    insta::assert_snapshot!(problems(&site, None).join("\n"));
}

#[test]
fn a_spec_url_that_is_not_http_is_a_check_error() {
    let site = TestSite::new();
    site.write(
        "content/5xx/502.md",
        "+++\ntitle = \"502\"\n[extra]\ncode = 502\nclass = \"5xx\"\nreason = \"Bad Gateway\"\nofficial = \"iana\"\nspec = \"RFC 9110\"\nspec_url = \"javascript:alert(1)\"\nretry = \"yes\"\ncacheable = false\nheaders = []\nrelated = []\n+++\n",
    );
    assert_eq!(
        problems(&site, None),
        [
            "error: [site]/content/5xx/502.md:9:1: `spec_url = \"javascript:alert(1)\"` is not an http:// or https:// URL\n  hint: link the specification with an https:// URL, or leave spec_url empty"
        ]
    );
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

#[test]
fn new_writes_a_status_article_that_builds_and_refuses_to_overwrite() {
    let site = TestSite::new();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_quire"))
            .args(args)
            .current_dir(site.root())
            .output()
            .unwrap()
    };
    let first = run(&["new", "418"]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let text = std::fs::read_to_string(site.root().join("content/4xx/418.md")).unwrap();
    for section in quire::scaffold::STATUS_SECTIONS {
        assert!(text.contains(&format!("\n## {section}\n")), "{section}");
    }
    std::fs::write(site.root().join("content/4xx/418.md"), "edited").unwrap();
    let second = run(&["new", "418"]);
    assert_eq!(second.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&second.stderr).contains("exists already"));
    assert_eq!(
        std::fs::read_to_string(site.root().join("content/4xx/418.md")).unwrap(),
        "edited"
    );
    let post = run(&["new", "post", "Release notes"]);
    assert!(post.status.success());
    assert!(site.root().join("content/release-notes.md").exists());
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
