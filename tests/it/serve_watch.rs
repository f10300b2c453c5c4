//! `quire serve` keeps watching whatever the editor or the user does to the sources, keeps
//! rebuilding under a storm of changes, and takes no request bodies.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::serve::{get, site, start, wait_for};

#[test]
fn watching_continues_after_content_is_deleted_and_restored() {
    let site = site();
    let server = start(&site);
    assert!(get(server.port, "/a/").2.contains("First title"));
    let content = site.root().join("content");
    let aside = site.root().join("content-aside");
    std::fs::rename(&content, &aside).unwrap();
    // The build fails; the last good page is served under the error.
    let missing = |body: &str| body.contains("the content folder is missing");
    let failed = wait_for(server.port, "/a/", missing);
    assert!(missing(&failed), "{failed}");
    std::fs::rename(&aside, &content).unwrap();
    let back = wait_for(server.port, "/a/", |body| !missing(body));
    assert!(!missing(&back), "{back}");
    site.write("content/a.md", "+++\ntitle = \"After restore\"\n+++\n");
    let body = wait_for(server.port, "/a/", |body| body.contains("After restore"));
    assert!(body.contains("After restore"), "{body}");
}

#[test]
fn watching_continues_after_config_toml_is_saved_by_rename() {
    let site = site();
    site.write(
        "templates/page.html",
        "<html><body><h1>{{ config.title }}</h1></body></html>",
    );
    let server = start(&site);
    for title in ["Renamed once", "Renamed twice"] {
        let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
        let edited = config
            .lines()
            .map(|l| {
                if l.starts_with("title") {
                    format!("title = \"{title}\"")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        // As vim and `sed -i` save: a new file renamed over the old.
        site.write("config.toml.new", edited);
        std::fs::rename(
            site.root().join("config.toml.new"),
            site.root().join("config.toml"),
        )
        .unwrap();
        let body = wait_for(server.port, "/a/", |body| body.contains(title));
        assert!(body.contains(title), "{title}: {body}");
    }
}

#[test]
fn a_file_rewritten_every_20_ms_does_not_hold_back_rebuilds() {
    let site = site();
    site.write("static/storm.txt", "start");
    let server = start(&site);
    let storm_path = site.root().join("static/storm.txt");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let storm = {
        let stop = std::sync::Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                std::fs::write(&storm_path, format!("{n}")).unwrap();
                n += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    site.write("content/a.md", "+++\ntitle = \"During the storm\"\n+++\n");
    let started = Instant::now();
    let body = wait_for(server.port, "/a/", |body| body.contains("During the storm"));
    let waited = started.elapsed();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    storm.join().unwrap();
    assert!(
        body.contains("During the storm"),
        "after {waited:?}: {body}"
    );
}

#[test]
fn a_get_with_a_two_gigabyte_body_is_refused_before_the_body_is_read() {
    let site = site();
    let server = start(&site);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /a/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2147483648\r\n\r\n"
    )
    .unwrap();
    stream.write_all(&[b'x'; 4096]).unwrap();
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 400");
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "POST /a/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    .unwrap();
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 413");
}
