//! No build deletes what it does not own and nothing outside the site is published: the
//! data-loss and security findings of issue 19, one test per finding.

use std::path::Path;
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

/// Builds with `force` and returns the messages of the failure.
fn refused(site: &TestSite, output: &Path, force: bool) -> Vec<String> {
    let mut options = site.options();
    options.output = output.to_path_buf();
    options.force = force;
    match crate::support::build(&options) {
        Ok(_) => panic!("{} was replaced", output.display()),
        Err(errors) => errors.iter().map(|e| site.redact(&e.to_string())).collect(),
    }
}

#[test]
fn a_folder_quire_did_not_make_is_replaced_only_with_force() {
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n")
        .write("public/notes/keep.txt", "mine");
    let errors = refused(&site, &site.output(), false);
    assert_eq!(
        errors,
        [
            "error: [site]/public: refusing to write the site here: the folder is not empty and Quire did not make it (it has no .quire-output file)\n  hint: pass --force to replace the folder and everything in it, or choose another --output such as public"
        ]
    );
    assert_eq!(site.read("notes/keep.txt"), "mine");
    let mut options = site.options();
    options.force = true;
    crate::support::build(&options).unwrap();
    assert!(!site.output().join("notes").exists());
    assert!(site.output().join(quire::output::MARKER).is_file());
    // The marked output is replaced from now on without --force.
    site.build_ok();
}

#[test]
fn build_output_git_does_not_delete_the_repository() {
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n")
        .write(".git/HEAD", "ref: refs/heads/main\n");
    for args in [
        &["build", "--output", ".git"][..],
        &["build", "--output", ".git", "--force"],
    ] {
        let output = quire(&site, args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.starts_with(
                "error: .git: refusing to write the site here: it is a git repository"
            ),
            "{stderr}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(site.root().join(".git/HEAD")).unwrap(),
        "ref: refs/heads/main\n"
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_folder_is_refused_and_its_target_kept() {
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n")
        .write("elsewhere/precious.txt", "keep");
    std::os::unix::fs::symlink("elsewhere", site.output()).unwrap();
    for force in [false, true] {
        let errors = refused(&site, &site.output(), force);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with(
                "error: [site]/public: refusing to write the site here: it is a symbolic link to elsewhere"
            ),
            "{errors:?}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(site.root().join("elsewhere/precious.txt")).unwrap(),
        "keep"
    );
}

#[cfg(unix)]
#[test]
fn an_output_that_is_the_real_path_of_a_source_folder_is_refused() {
    let outer = TestSite::empty();
    let site = TestSite::new();
    std::fs::remove_dir(site.root().join("content")).unwrap();
    outer.write("articles/a.md", "+++\ntitle = \"A\"\n+++\n");
    std::os::unix::fs::symlink(outer.root().join("articles"), site.root().join("content")).unwrap();
    let errors = refused(&site, &outer.root().join("articles"), true);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("refusing to write the site here: it is inside content/"),
        "{errors:?}"
    );
    assert!(outer.root().join("articles/a.md").is_file());
}

#[cfg(unix)]
#[test]
fn a_symlinked_build_lock_does_not_truncate_its_target() {
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n")
        .write("victim.txt", "secret");
    std::os::unix::fs::symlink(
        site.root().join("victim.txt"),
        site.root().join(".public.quire-lock"),
    )
    .unwrap();
    let errors = site.build_err();
    assert_eq!(
        errors,
        [
            "error: [site]/.public.quire-lock: refusing to use the build lock: it is not a plain file\n  hint: remove it (it may be a symbolic link); the next build creates it again"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join("victim.txt")).unwrap(),
        "secret"
    );
    assert!(!site.output().exists());
}

#[cfg(unix)]
#[test]
fn a_static_link_to_the_environment_is_refused_not_published() {
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", site.root().join("static/env.txt")).unwrap();
    let errors = site.build_err();
    assert_eq!(
        errors,
        [
            "error: [site]/static/env.txt: symbolic link to /proc/self/environ, outside the site or hidden: it is not published\n  hint: copy the file into the site, or point the link at a file inside the site folder"
        ]
    );
    assert!(!site.output().exists());
}

#[cfg(unix)]
#[test]
fn links_leaving_the_site_are_refused_in_every_source_folder_and_links_inside_followed() {
    use std::os::unix::fs::symlink;
    let outer = TestSite::empty();
    outer
        .write("secret.md", "+++\ntitle = \"Secret\"\n+++\n")
        .write("secret.html", "secret")
        .write("folder/key.txt", "secret");
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n")
        .write("shared/logo.svg", "<svg/>")
        .write("shared/b.md", "+++\ntitle = \"B\"\n+++\n");
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    let root = site.root();
    symlink(
        outer.root().join("secret.md"),
        root.join("content/secret.md"),
    )
    .unwrap();
    symlink(
        outer.root().join("secret.html"),
        root.join("templates/secret.html"),
    )
    .unwrap();
    symlink(outer.root().join("folder"), root.join("static/folder")).unwrap();
    symlink("../shared/logo.svg", root.join("static/logo.svg")).unwrap();
    site.write(".git/config", "[remote] url = https://token@example.org/");
    symlink("../.git/config", root.join("static/gitconfig")).unwrap();
    symlink(root.join("shared/b.md"), root.join("content/b.md")).unwrap();
    let first_lines = |site: &TestSite| -> Vec<String> {
        let outer_root = outer.root().display().to_string();
        site.build_err()
            .iter()
            .map(|e| e.lines().next().unwrap().replace(&outer_root, "[outer]"))
            .collect()
    };
    // Templates stop the load before static files are listed: two rounds.
    assert_eq!(
        first_lines(&site),
        [
            "error: [site]/content/secret.md: symbolic link to [outer]/secret.md, outside the site or hidden: it is not published",
            "error: [site]/templates/secret.html: symbolic link to [outer]/secret.html, outside the site or hidden: it is not published",
        ]
    );
    std::fs::remove_file(root.join("content/secret.md")).unwrap();
    std::fs::remove_file(root.join("templates/secret.html")).unwrap();
    assert_eq!(
        first_lines(&site),
        [
            "error: [site]/static/folder: symbolic link to [outer]/folder, outside the site or hidden: it is not published",
            "error: [site]/static/gitconfig: symbolic link to ../.git/config, outside the site or hidden: it is not published",
        ]
    );
    std::fs::remove_file(root.join("static/folder")).unwrap();
    std::fs::remove_file(root.join("static/gitconfig")).unwrap();
    site.build_ok();
    assert_eq!(site.read("logo.svg"), "<svg/>");
    assert!(site.read("b/index.html").contains("<h1>B</h1>"));
}

#[test]
fn hidden_static_files_are_skipped_but_well_known_and_nojekyll_kept() {
    let site = TestSite::new();
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n")
        .write("static/.git/config", "[remote]")
        .write("static/.env", "TOKEN=secret")
        .write("static/.DS_Store", "x")
        .write("static/img/.hidden.png", "x")
        .write("static/.well-known/security.txt", "Contact: x")
        .write("static/.nojekyll", "");
    site.build_ok();
    let files: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.starts_with('.') || f.contains("/.") || f.starts_with("img"))
        .collect();
    assert_eq!(
        files,
        [".nojekyll", ".quire-output", ".well-known/security.txt"]
    );
}

/// A copy of this repository's site (the reference theme and its articles) to alter.
fn reference_copy() -> TestSite {
    let site = TestSite::empty();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["content", "templates", "static"] {
        for entry in walkdir::WalkDir::new(repo.join(folder)) {
            let entry = entry.unwrap();
            let relative = entry.path().strip_prefix(repo).unwrap();
            let target = site.root().join(relative);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    std::fs::copy(repo.join("config.toml"), site.root().join("config.toml")).unwrap();
    site
}

#[test]
fn the_reference_theme_escapes_codes_json_and_links_only_http_spec_urls() {
    let site = reference_copy();
    let article = std::fs::read_to_string(site.root().join("content/5xx/500.md")).unwrap();
    let hostile = article
        .replace(
            "title = \"How to fix the HTTP 500 Internal Server Error\"",
            "title = \"A \\\" quote and </script><script>alert(1)</script>\"",
        )
        .replace("code = 500", "code = \"500,\\\"injected\\\":true\"")
        .replace(
            "reason = \"Internal Server Error\"",
            "reason = \"Quote \\\" and </script>\"",
        )
        .replace(
            "spec_url = \"https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1\"",
            "spec_url = \"javascript:alert(document.domain)\"",
        );
    assert_ne!(hostile, article);
    site.write("content/5xx/500.md", hostile);
    site.write(
        "content/5xx/501.md",
        std::fs::read_to_string(site.root().join("content/5xx/501.md"))
            .unwrap()
            .replace("spec_url = \"https://", "spec_url = \" JavaScript:https://"),
    );
    site.build_ok();
    let codes: serde_json::Value = serde_json::from_str(&site.read("codes.json"))
        .unwrap_or_else(|e| panic!("codes.json is not JSON: {e}"));
    let entries = codes.as_array().unwrap();
    assert!(entries.len() > 80, "{}", entries.len());
    for entry in entries {
        let keys: Vec<&String> = entry.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["code", "official", "reason", "url"], "{entry}");
    }
    let hostile = entries
        .iter()
        .find(|e| e["reason"] == "Quote \" and </script>")
        .unwrap();
    assert_eq!(hostile["code"], "500,\"injected\":true");
    for page in ["500/index.html", "501/index.html"] {
        let html = site.read(page).to_lowercase();
        assert!(!html.contains("javascript:"), "{page} links javascript:");
    }
    assert!(
        site.read("500/index.html")
            .contains("<dd>RFC 9110 §15.6.1</dd>")
    );
    assert!(
        site.read("502/index.html")
            .contains("<a href=\"https://www.rfc-editor.org/rfc/rfc9110#section-15.6.3\">")
    );
}
