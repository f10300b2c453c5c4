//! Answering one request of the development server: only files of the built site, found by a
//! path that cannot leave it; HTML with the live-reload script (and the build errors, if any).

use std::io::{Cursor, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::host::AllowedHosts;
use super::{PageEvent, Shared, Snapshot};
use crate::markdown::escape_text;

const LIVERELOAD_PATH: &str = "/__quire/livereload.js";
const EVENTS_PATH: &str = "/__quire/events";
const LIVERELOAD_JS: &str = include_str!("livereload.js");

/// What is percent-encoded in a path segment of a redirect: controls, space, and characters
/// with a meaning in URLs (`/`, `\`, `?`, `#`, `%`) or that are not allowed unencoded.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// An output file, by its path in the site.
    File(String),
    /// A folder asked for without its trailing slash: redirect to it.
    Redirect(String),
    NotFound,
}

/// Resolves a raw request path (`/500`, `/%2e%2e/x`, `/a/?q=1`) against the built files. Any
/// path with `..`, `.`, a backslash or a NUL after decoding is not found, whatever exists.
pub(crate) fn resolve(raw: &str, snapshot: &Snapshot) -> Resolved {
    let path = raw.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    if !decoded.starts_with('/') || decoded.contains('\\') || decoded.contains('\0') {
        return Resolved::NotFound;
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Resolved::NotFound;
    }
    let key = segments.join("/");
    let wants_folder = decoded.ends_with('/') || key.is_empty();
    let file = if wants_folder {
        if key.is_empty() {
            "index.html".to_string()
        } else {
            format!("{key}/index.html")
        }
    } else {
        key.clone()
    };
    if snapshot.files.contains_key(&file) {
        Resolved::File(file)
    } else if !wants_folder && snapshot.files.contains_key(&format!("{key}/index.html")) {
        // From the normalised path, never the raw one: `//500` must not become the
        // protocol-relative `//500/`, another host. Encoding keeps the header ASCII.
        let query = raw.find('?').map_or("", |i| &raw[i..]);
        let encoded: Vec<String> = segments
            .iter()
            .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
            .collect();
        Resolved::Redirect(format!("/{}/{query}", encoded.join("/")))
    } else {
        Resolved::NotFound
    }
}

/// The content type of a file, by extension.
pub(crate) fn content_type(path: &str) -> &'static str {
    match path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("txt") => "text/plain; charset=utf-8",
        Some("md") => "text/markdown; charset=utf-8",
        Some("pdf") => "application/pdf",
        Some("wasm") => "application/wasm",
        _ if path.ends_with("_headers") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// HTML with the live-reload script, and the build errors over the page when the last build
/// failed.
pub(crate) fn inject(html: &[u8], errors: Option<&str>) -> Vec<u8> {
    // A page in another encoding (Latin-1, Shift JIS) is served as it is: decoding it to
    // inject the script would replace its bytes with U+FFFD.
    let Ok(html) = std::str::from_utf8(html) else {
        return html.to_vec();
    };
    let mut extra = String::new();
    if let Some(errors) = errors {
        extra.push_str("<div id=\"quire-error-overlay\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;background:#3b0d0c;color:#fff;padding:1rem;font:14px/1.4 monospace;z-index:2147483647\"><strong>The last change did not build:</strong><pre style=\"white-space:pre-wrap\">");
        extra.push_str(&escape_text(errors));
        extra.push_str("</pre></div>");
    }
    extra.push_str(&format!("<script src=\"{LIVERELOAD_PATH}\"></script>"));
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + extra.len());
    out.push_str(&html[..at]);
    out.push_str(&extra);
    out.push_str(&html[at..]);
    out.into_bytes()
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

/// Answers one request; errors writing to a client that went away are ignored. A request
/// whose `Host` is not one of `hosts` gets 403, whatever it asks for.
pub(crate) fn respond(request: Request, shared: &Shared, hosts: &AllowedHosts) {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str());
    if !host.is_some_and(|host| hosts.allows(host)) {
        let response = Response::from_string(
            "403 Forbidden: this development server answers only localhost, 127.0.0.1, [::1] and the address it listens on\n",
        )
        .with_status_code(StatusCode(403));
        let _ = request.respond(response);
        return;
    }
    let method = request.method().clone();
    // Nothing served takes a body: one is refused before a byte of it is read (a 2 GiB
    // upload once grew the server's memory by as much), and the connection is closed so the
    // rest is never waited for.
    let has_body = request.body_length().is_some_and(|length| length > 0)
        || request
            .headers()
            .iter()
            .any(|h| h.field.equiv("Transfer-Encoding"));
    if has_body {
        let (code, text) = if method == Method::Get || method == Method::Head {
            (
                400,
                "400 Bad Request: GET and HEAD requests carry no body\n",
            )
        } else {
            (
                413,
                "413 Content Too Large: this server accepts no request bodies\n",
            )
        };
        let mut response = Response::from_string(text).with_status_code(StatusCode(code));
        if let Some(close) = header("Connection", "close") {
            response.add_header(close);
        }
        let _ = request.respond(response);
        return;
    }
    if method != Method::Get && method != Method::Head {
        let mut response = Response::from_string("only GET and HEAD are served\n")
            .with_status_code(StatusCode(405));
        if let Some(allow) = header("Allow", "GET, HEAD") {
            response.add_header(allow);
        }
        let _ = request.respond(response);
        return;
    }
    let url = request.url().to_string();
    if url == EVENTS_PATH {
        stream_events(request, shared.subscribe());
        return;
    }
    let snapshot = shared.snapshot();
    let (status, body, kind) = if url == LIVERELOAD_PATH {
        (
            200,
            LIVERELOAD_JS.as_bytes().to_vec(),
            "text/javascript; charset=utf-8",
        )
    } else {
        match resolve(&url, &snapshot) {
            Resolved::File(path) => {
                let bytes = &snapshot.files[&path];
                let body = if path.ends_with(".html") {
                    inject(bytes, snapshot.errors.as_deref())
                } else {
                    bytes.to_vec()
                };
                (200, body, content_type(&path))
            }
            Resolved::Redirect(location) => {
                let mut response = Response::from_string(format!("moved to {location}\n"))
                    .with_status_code(StatusCode(301));
                if let Some(h) = header("Location", &location) {
                    response.add_header(h);
                }
                let _ = request.respond(response);
                return;
            }
            Resolved::NotFound => match snapshot.files.get("404.html") {
                Some(page) => (
                    404,
                    inject(page, snapshot.errors.as_deref()),
                    "text/html; charset=utf-8",
                ),
                None => (
                    404,
                    b"404 Not Found\n".to_vec(),
                    "text/plain; charset=utf-8",
                ),
            },
        }
    };
    let length = body.len();
    let mut response = Response::new(
        StatusCode(status),
        Vec::new(),
        Cursor::new(body),
        Some(length),
        None,
    );
    for (name, value) in [("Content-Type", kind), ("Cache-Control", "no-store")] {
        if let Some(h) = header(name, value) {
            response.add_header(h);
        }
    }
    // tiny_http leaves the body out of answers to HEAD on its own.
    let _ = request.respond(response);
}

/// Server-sent events for one page, written straight to the connection so each arrives at
/// once: every rebuild's event, and a comment every 15 s so the connection stays open. Ends
/// when the page goes away.
fn stream_events(request: Request, events: Receiver<PageEvent>) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n";
    let mut next = head.to_string();
    loop {
        if writer
            .write_all(next.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
        next = match events.recv_timeout(Duration::from_secs(15)) {
            Ok(PageEvent::Reload) => "event: reload\ndata: \n\n".to_string(),
            Ok(PageEvent::Css) => "event: css\ndata: \n\n".to_string(),
            Ok(PageEvent::Failed(errors)) => {
                let json = serde_json::to_string(&errors).unwrap_or_default();
                format!("event: failed\ndata: {json}\n\n")
            }
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn snapshot(paths: &[&str]) -> Snapshot {
        Snapshot {
            files: paths
                .iter()
                .map(|p| (p.to_string(), Arc::from(&b"x"[..])))
                .collect(),
            errors: None,
        }
    }

    #[test]
    fn folders_serve_their_index_and_bare_names_redirect() {
        let site = snapshot(&["index.html", "500/index.html", "style.css"]);
        assert_eq!(resolve("/", &site), Resolved::File("index.html".into()));
        assert_eq!(
            resolve("/500/?x=1", &site),
            Resolved::File("500/index.html".into())
        );
        assert_eq!(resolve("/500", &site), Resolved::Redirect("/500/".into()));
        assert_eq!(
            resolve("/500?q=1", &site),
            Resolved::Redirect("/500/?q=1".into())
        );
        assert_eq!(
            resolve("/style.css", &site),
            Resolved::File("style.css".into())
        );
        assert_eq!(resolve("/missing", &site), Resolved::NotFound);
    }

    #[test]
    fn redirects_go_to_the_normalised_path_never_another_host() {
        let site = snapshot(&["500/index.html", "a b/c/index.html"]);
        for raw in ["//500", "///500", "/%2F500", "/.%2F/500", "//500?x=//evil"] {
            match resolve(raw, &site) {
                Resolved::Redirect(location) => {
                    assert!(location.starts_with("/500/"), "{raw} -> {location}");
                }
                other => assert_eq!(other, Resolved::NotFound, "{raw}"),
            }
        }
        assert_eq!(resolve("//500", &site), Resolved::Redirect("/500/".into()));
        assert_eq!(
            resolve("/a%20b//c", &site),
            Resolved::Redirect("/a%20b/c/".into())
        );
    }

    #[test]
    fn paths_that_would_leave_the_site_are_not_found() {
        let site = snapshot(&["index.html", "a/index.html"]);
        for raw in [
            "/../index.html",
            "/a/../index.html",
            "/%2e%2e/index.html",
            "/%2E%2E%2Findex.html",
            "/a%5c..%5cindex.html",
            "/./index.html",
            "//etc/passwd",
            "/%00",
        ] {
            assert_eq!(resolve(raw, &site), Resolved::NotFound, "{raw}");
        }
    }

    #[test]
    fn html_that_is_not_utf8_is_served_byte_for_byte() {
        let latin1 = b"<html><body>caf\xe9</body></html>";
        assert_eq!(inject(latin1, None), latin1.to_vec());
        assert_eq!(inject(latin1, Some("error")), latin1.to_vec());
    }

    #[test]
    fn html_gets_the_script_and_errors_before_the_body_ends() {
        let html = inject(
            b"<html><body><p>Hi</p></body></html>",
            Some("error: a.md:1:1: <bad>"),
        );
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("error: a.md:1:1: &lt;bad&gt;</pre></div><script src=\"/__quire/livereload.js\"></script></body>"), "{html}");
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.SVG"), "image/svg+xml");
        assert_eq!(content_type("feed.xml"), "application/xml");
        assert_eq!(
            content_type("503/index.html.md"),
            "text/markdown; charset=utf-8"
        );
        assert_eq!(content_type("blob"), "application/octet-stream");
    }
}
