//! A build stopped by Ctrl+C or SIGTERM leaves no staging folder and the old output whole; a
//! build waiting for another's lock says so, for whom, and gives up after a time.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::TestSite;

fn interrupted_build_leaves_nothing_behind(signal: &str) {
    let site = TestSite::built();
    let before = site.read("good/index.html");
    crate::support::write_many_pages(&site, 4000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("build")
        .current_dir(site.root())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let staging = site.root().join(".public.quire-new");
    let started = Instant::now();
    while !staging.exists() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(staging.exists(), "the build never made its staging folder");
    Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    if status.success() {
        // The build finished before the signal came: nothing to check.
        eprintln!("the build ended before {signal}");
        return;
    }
    assert_eq!(status.code(), Some(130), "{status:?}");
    assert_eq!(site.leftovers(), Vec::<String>::new());
    assert_eq!(site.read("good/index.html"), before);
}

#[test]
fn ctrl_c_during_a_build_removes_its_staging_folder() {
    interrupted_build_leaves_nothing_behind("-INT");
}

#[test]
fn sigterm_during_a_build_removes_its_staging_folder() {
    interrupted_build_leaves_nothing_behind("-TERM");
}

#[test]
fn a_build_waiting_for_another_says_for_whom_and_gives_up_after_the_timeout() {
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    let mut lock = std::fs::File::create(site.root().join(".public.quire-lock")).unwrap();
    lock.lock().unwrap();
    writeln!(lock, "4242").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("build")
        .env("QUIRE_LOCK_TIMEOUT", "1")
        .current_dir(site.root())
        .output()
        .unwrap();
    let stderr = site.redact(&String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "waiting for another quire build (process 4242) to finish building [site]/public"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: [site]/.public.quire-lock: gave up after 1 s waiting for another quire build (process 4242)"),
        "{stderr}"
    );
    assert!(!site.output().exists());
}
