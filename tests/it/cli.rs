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

#[test]
fn zolas_root_before_the_command_and_output_dir_are_honoured() {
    let site = TestSite::fixture("zola-basic");
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("--root")
        .arg(site.root())
        .args(["build", "--output-dir"])
        .arg(out.path().join("site"))
        .args(["--drafts", "--force", "--base-url", "https://zola.example/"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let home = std::fs::read_to_string(out.path().join("site/index.html")).unwrap();
    assert!(home.contains("https://zola.example/blog/first/"), "{home}");
}

#[test]
fn without_output_a_site_in_another_folder_is_built_into_its_own_public() {
    let site = TestSite::fixture("zola-basic");
    let elsewhere = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("-r")
        .arg(site.root())
        .arg("build")
        .current_dir(elsewhere.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(site.output().join("index.html").exists());
    assert!(!elsewhere.path().join("public").exists());
}

#[test]
fn check_accepts_zolas_skip_external_links() {
    let site = TestSite::fixture("zola-basic");
    let output = quire(&site, &["check", "--skip-external-links"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn init_with_flags_asks_nothing_and_makes_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args([
            "init",
            "blog",
            "--base-url",
            "https://blog.example",
            "--compile-sass",
            "true",
            "--build-search-index",
            "false",
        ])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let root = dir.path().join("blog");
    let config = std::fs::read_to_string(root.join("zola.toml")).unwrap();
    assert!(
        config.contains("base_url = \"https://blog.example\""),
        "{config}"
    );
    assert!(root.join("sass").is_dir());
    let built = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["--root", "blog", "build"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(root.join("public/index.html").exists());
    let again = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["init", "blog", "--base-url", "https://x.example"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        again.status.code(),
        Some(1),
        "a folder with files is refused"
    );
}
