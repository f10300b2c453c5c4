//! The real binary: exit status, the summary line and diagnostics on stderr.

use std::process::Command;

use crate::support::TestSite;

fn quire(site: &TestSite, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn build_prints_one_summary_line_and_exits_zero() {
    let site = TestSite::fixture("zola-basic");
    let output = quire(&site, &["build"]);
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with("Built 4 pages and 2 sections into public ("),
        "{stdout}"
    );
    assert!(site.output().join("index.html").exists());
}

#[test]
fn a_failed_build_exits_one_and_names_the_file_and_line() {
    let site = TestSite::new();
    site.write("content/bad.md", "+++\ntitle = \n+++\n");
    let output = quire(&site, &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("error: content/bad.md:2:"), "{stderr}");
    assert!(stderr.contains("hint: "), "{stderr}");
    assert!(
        stderr.contains("\n 2 | title = \n"),
        "no source line: {stderr}"
    );
    assert!(!stderr.contains('\x1b'), "colour when piped: {stderr}");
    assert!(
        stderr.trim_end().ends_with("public was left as it was."),
        "{stderr}"
    );
}

#[test]
fn root_and_output_flags_are_honoured() {
    let site = TestSite::fixture("zola-basic");
    let parent = site.root().parent().unwrap().to_path_buf();
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(out.path().join("site"))
        .args(["--base-url", "https://other.example/"])
        .current_dir(parent)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let home = std::fs::read_to_string(out.path().join("site/index.html")).unwrap();
    assert!(home.contains("https://other.example/blog/first/"), "{home}");
}
