//! `quire serve` as a real process on a free loopback port.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::TestSite;

/// A running `quire serve`, stopped when dropped.
pub(crate) struct Server {
    child: Child,
    pub(crate) port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where the server's standard output goes, beside the watched folders.
const LOG: &str = "serve.log";

/// Waits until the server has printed `count` lines starting with `Rebuilt` and returns the
/// last.
fn rebuilt_line(site: &TestSite, count: usize) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let log = std::fs::read_to_string(site.root().join(LOG)).unwrap_or_default();
        let lines: Vec<&str> = log.lines().filter(|l| l.starts_with("Rebuilt")).collect();
        if lines.len() >= count || Instant::now() > deadline {
            return lines.last().unwrap_or(&"").to_string();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `quire serve` on a free port and waits until it says it is serving. Another test's
/// server may take the port between our probe and the bind: then it tries another.
pub(crate) fn start(site: &TestSite) -> Server {
    for _ in 0..5 {
        let port = free_port();
        let log = site.root().join(LOG);
        let child = Command::new(env!("CARGO_BIN_EXE_quire"))
            .args(["serve", "--port", &port.to_string()])
            .current_dir(site.root())
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut server = Server { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if matches!(server.child.try_wait(), Ok(Some(_))) {
                break;
            }
            let printed = std::fs::read_to_string(&log).unwrap_or_default();
            if printed.lines().any(|line| line.starts_with("Serving")) {
                return server;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!("quire serve did not start");
}

/// Sends a raw request and returns the status code, headers and body.
pub(crate) fn raw(port: u16, request_line: &str) -> (u16, String, String) {
    raw_for_host(port, request_line, "127.0.0.1")
}

/// Sends a raw request with this `Host` header.
fn raw_for_host(port: u16, request_line: &str, host: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{request_line}\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

pub(crate) fn get(port: u16, path: &str) -> (u16, String, String) {
    raw(port, &format!("GET {path} HTTP/1.1"))
}

/// Polls `path` until its body satisfies `ready`, for at most ten seconds.
pub(crate) fn wait_for(port: u16, path: &str, ready: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, _, body) = get(port, path);
        if ready(&body) || Instant::now() > deadline {
            return body;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub(crate) fn site() -> TestSite {
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"First title\"\n+++\nBody.\n")
        .write(
            "templates/404.html",
            "<html><body>custom not found</body></html>",
        )
        .write(
            "templates/page.html",
            "<html><body><h1>{{ page.title }}</h1></body></html>",
        );
    site
}

#[test]
fn serves_pages_with_types_redirects_head_and_the_sites_404() {
    let site = site();
    let server = start(&site);
    let (status, head, body) = get(server.port, "/a/");
    assert_eq!(status, 200);
    assert!(
        head.contains("Content-Type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(
        body.contains(
            "<h1>First title</h1><script src=\"/__quire/livereload.js\"></script></body>"
        ),
        "{body}"
    );
    let (status, head, _) = get(server.port, "/a");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /a/"), "{head}");
    let (status, head, body) = raw(server.port, "HEAD /a/ HTTP/1.1");
    assert_eq!((status, body.as_str()), (200, ""));
    assert!(head.contains("Content-Length: "), "{head}");
    let (status, _, body) = get(server.port, "/nope/");
    assert_eq!(status, 404);
    assert!(body.contains("custom not found"), "{body}");
    let (status, head, _) = get(server.port, "/sitemap.xml");
    assert_eq!(status, 200);
    assert!(head.contains("Content-Type: application/xml"), "{head}");
    assert!(!site.output().exists(), "serve must not write public/");
}

#[test]
fn a_double_slash_path_redirects_to_the_normalised_path_not_another_host() {
    let site = site();
    let server = start(&site);
    for path in ["//a", "///a", "/%2Fa"] {
        let (status, head, _) = get(server.port, path);
        assert_eq!(status, 301, "{path}");
        let location = head
            .lines()
            .find_map(|line| line.strip_prefix("Location: "))
            .unwrap_or_default();
        assert_eq!(location, "/a/", "{path}: {head}");
    }
}

#[test]
fn serve_answers_only_its_own_host_names() {
    let site = site();
    let server = start(&site);
    let port = server.port;
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, _, _) = raw_for_host(port, "GET /a/ HTTP/1.1", &host);
        assert_eq!(status, 200, "{host}");
    }
    for host in [
        "rebind.example".to_string(),
        format!("rebind.example:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
    ] {
        for path in ["/a/", "/__quire/events", "/__quire/livereload.js"] {
            let (status, _, body) = raw_for_host(port, &format!("GET {path} HTTP/1.1"), &host);
            assert_eq!(status, 403, "{host} {path}");
            assert!(!body.contains("First title"), "{host} {path}");
        }
    }
}

#[test]
fn serve_port_zero_prints_the_port_it_bound() {
    let site = site();
    let log = site.root().join(LOG);
    let child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["serve", "--port", "0"])
        .current_dir(site.root())
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server { child, port: 0 };
    let deadline = Instant::now() + Duration::from_secs(30);
    let line = loop {
        let printed = std::fs::read_to_string(&log).unwrap_or_default();
        if let Some(line) = printed.lines().find(|l| l.starts_with("Serving")) {
            break line.to_string();
        }
        assert!(Instant::now() < deadline, "quire serve did not start");
        std::thread::sleep(Duration::from_millis(50));
    };
    let port: u16 = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    assert_ne!(port, 0, "{line}");
    server.port = port;
    let (status, _, body) = get(server.port, "/a/");
    assert_eq!(status, 200);
    assert!(body.contains("First title"), "{body}");
}

#[test]
fn paths_leaving_the_site_are_404_and_never_read() {
    let site = site();
    let server = start(&site);
    for path in [
        "/../config.toml",
        "/%2e%2e/config.toml",
        "/%2E%2E%2Fconfig.toml",
        "/a/..%2f..%2fconfig.toml",
        "/..\\config.toml",
        "/content/a.md",
    ] {
        let (status, _, body) = get(server.port, path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("base_url"), "{path} leaked config.toml");
    }
}

#[test]
fn an_edit_shows_up_and_a_broken_build_shows_its_error_until_fixed() {
    let site = site();
    let server = start(&site);
    let events = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let mut writer = events.try_clone().unwrap();
    write!(
        writer,
        "GET /__quire/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));

    site.write(
        "content/a.md",
        "+++\ntitle = \"Second title\"\n+++\nBody.\n",
    );
    let body = wait_for(server.port, "/a/", |b| b.contains("Second title"));
    assert!(
        body.contains("<h1>Second title</h1>"),
        "the edit never showed: {body}"
    );

    events
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut lines = BufReader::new(events).lines();
    let saw_reload = lines
        .by_ref()
        .take(50)
        .map_while(Result::ok)
        .any(|line| line == "event: reload");
    assert!(saw_reload, "no reload event was sent");

    site.write("content/a.md", "+++\ntitle = \n+++\nBody.\n");
    let body = wait_for(server.port, "/a/", |b| b.contains("quire-error-overlay"));
    assert!(
        body.contains("content/a.md:2:"),
        "no file:line in the overlay: {body}"
    );
    assert!(
        body.contains("<h1>Second title</h1>"),
        "the last good page is gone: {body}"
    );

    site.write("content/a.md", "+++\ntitle = \"Third title\"\n+++\nBody.\n");
    let body = wait_for(server.port, "/a/", |b| b.contains("Third title"));
    assert!(
        !body.contains("quire-error-overlay"),
        "the overlay stayed: {body}"
    );
}

#[test]
fn a_body_only_edit_shows_up_on_the_page_and_its_section() {
    let site = site();
    site.write("templates/index.html", "<html><body>{% for p in section.pages %}[{{ p.summary | default(value='') | safe }}]{% endfor %}</body></html>");
    site.write(
        "templates/page.html",
        "<html><body>{{ page.content | safe }}</body></html>",
    );
    site.write(
        "content/a.md",
        "+++\ntitle = \"First title\"\n+++\nOld summary.\n\n<!-- more -->\n\nBody.\n",
    );
    let server = start(&site);
    site.write(
        "content/a.md",
        "+++\ntitle = \"First title\"\n+++\nNew summary.\n\n<!-- more -->\n\nBody.\n",
    );
    let page = wait_for(server.port, "/a/", |b| b.contains("New summary."));
    assert!(page.contains("New summary."), "{page}");
    let home = wait_for(server.port, "/", |b| b.contains("New summary."));
    assert!(home.contains("[<p>New summary.</p>"), "{home}");
}

#[test]
fn a_template_edit_renders_only_the_outputs_that_use_it() {
    let site = site();
    site.write("templates/base.html", "<html><body>{% block main %}{% endblock %}</body></html>")
        .write("templates/macros.html", "{% macro title(t) %}<h1>{{ t }}</h1>{% endmacro %}")
        .write("templates/page.html", "{% extends \"base.html\" %}{% import \"macros.html\" as m %}{% block main %}{{ m::title(t=page.title) }}{% endblock %}")
        .write("templates/index.html", "<html><body>home</body></html>");
    for name in ["b", "c"] {
        site.write(
            &format!("content/{name}.md"),
            "+++\ntitle = \"Other\"\n+++\n",
        );
    }
    let server = start(&site);
    assert!(rebuilt_line(&site, 1).starts_with("Rebuilt "));
    // Three pages import the macro; the home page and the 404 page do not.
    site.write(
        "templates/macros.html",
        "{% macro title(t) %}<h1 class=\"new\">{{ t }}</h1>{% endmacro %}",
    );
    let page = wait_for(server.port, "/a/", |b| b.contains("class=\"new\""));
    assert!(
        page.contains("<h1 class=\"new\">First title</h1>"),
        "{page}"
    );
    let line = rebuilt_line(&site, 2);
    assert!(line.contains("(3 files rendered for templates)"), "{line}");
    // A template that nothing uses changes nothing else.
    site.write("templates/index.html", "<html><body>new home</body></html>");
    wait_for(server.port, "/", |b| b.contains("new home"));
    let line = rebuilt_line(&site, 3);
    assert!(line.contains("(1 file rendered for templates)"), "{line}");
}

#[test]
fn a_static_edit_copies_only_that_file_and_links_keep_plain_names() {
    let site = site();
    site.write("static/style.css", "body { color: black; }")
        .write("static/.nojekyll", "")
        .write(
            "templates/index.html",
            "<html><head><link rel=\"stylesheet\" href=\"{{ get_url(path='style.css', cachebust=true) }}\"></head><body>home</body></html>",
        );
    let server = start(&site);
    assert!(rebuilt_line(&site, 1).starts_with("Rebuilt "));
    let (_, _, home) = get(server.port, "/");
    assert!(
        home.contains("/style.css\""),
        "serve links the plain name: {home}"
    );
    site.write("static/style.css", "body { color: navy; }");
    let css = wait_for(server.port, "/style.css", |b| b.contains("navy"));
    assert_eq!(css, "body { color: navy; }");
    let line = rebuilt_line(&site, 2);
    assert!(
        line.contains("(1 file rendered for static files)"),
        "{line}"
    );
    // Hidden static files are part of the site, so editing one is seen too.
    site.write("static/.nojekyll", "x");
    let line = rebuilt_line(&site, 3);
    assert!(line.contains("for static files"), "{line}");
}

#[test]
fn stays_up_under_two_hundred_concurrent_connections() {
    let site = site();
    let server = start(&site);
    let port = server.port;
    let clients: Vec<_> = (0..200)
        .map(|_| std::thread::spawn(move || get(port, "/a/").0))
        .collect();
    let answered: Vec<u16> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    assert_eq!(
        answered.iter().filter(|s| **s == 200).count(),
        200,
        "{answered:?}"
    );
    let statuses: Vec<u16> = (0..20).map(|_| get(port, "/a/").0).collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
}

#[test]
fn a_body_edit_re_renders_the_pages_that_show_it_through_get_page() {
    let site = site();
    site.write(
        "templates/page.html",
        "<html><body><h1>{{ page.title }}</h1>{% if page.relative_path == \"a.md\" %}{% set shown = get_page(path=\"b.md\") %}<div>{{ shown.content | safe }}</div>{% endif %}</body></html>",
    )
    .write("content/b.md", "+++\ntitle = \"Shown\"\n+++\nOld body.\n");
    let server = start(&site);
    assert!(rebuilt_line(&site, 1).starts_with("Rebuilt "));
    site.write("content/b.md", "+++\ntitle = \"Shown\"\n+++\nNew body.\n");
    let line = rebuilt_line(&site, 2);
    assert!(
        line.contains("for one page"),
        "not a one-page update: {line}"
    );
    let (_, _, page) = get(server.port, "/a/");
    assert!(
        page.contains("<div><p>New body.</p>\n</div>"),
        "the page showing b.md through get_page was not rendered again: {page}"
    );
}

#[test]
fn a_sass_edit_recompiles_and_swaps_the_stylesheet_without_a_reload() {
    let site = site();
    site.write(
        "config.toml",
        "base_url = \"https://example.org/\"\ncompile_sass = true\n",
    )
    .write("sass/_colors.scss", "$ink: black;\n")
    .write(
        "sass/site.scss",
        "@import \"colors\";\nbody { color: $ink; }\n",
    );
    let server = start(&site);
    assert!(rebuilt_line(&site, 1).starts_with("Rebuilt "));
    let (_, _, css) = get(server.port, "/site.css");
    assert_eq!(css, "body{color:#000}");
    site.write("sass/_colors.scss", "$ink: navy;\n");
    let css = wait_for(server.port, "/site.css", |b| b.contains("navy"));
    assert_eq!(css, "body{color:navy}");
    let line = rebuilt_line(&site, 2);
    assert!(line.contains("(1 file rendered for Sass)"), "{line}");
}
