//! Output paths that cannot all be written, and names that cannot be deployed everywhere:
//! each is caught before anything is written, naming the sources, in build and check alike.

use crate::support::{TestSite, check};

fn check_errors(site: &TestSite) -> Vec<String> {
    check(&site.options(), None)
        .iter()
        .filter(|d| d.is_error())
        .map(|d| site.redact(&d.to_string()))
        .collect()
}

#[test]
fn a_page_at_the_path_of_the_generated_robots_txt_names_both_sources() {
    let site = TestSite::built();
    site.write(
        "content/r.md",
        "+++\ntitle = \"R\"\npath = \"/robots.txt\"\n+++\n",
    );
    let errors = site.fail_keeping_output();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("error: [site]/templates/robots.txt: writes the file robots.txt, where [site]/content/r.md needs a folder of that name for robots.txt/index.html"),
        "{errors:?}"
    );
    assert!(!errors[0].contains("quire-new"), "{errors:?}");
    assert_eq!(check_errors(&site), errors);
}

#[test]
fn a_static_file_beside_a_page_of_its_name_names_both_sources() {
    let site = TestSite::built();
    site.write("static/a", "plain file");
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    let errors = site.fail_keeping_output();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("error: [site]/static/a: writes the file a, where [site]/content/a.md needs a folder of that name for a/index.html"),
        "{errors:?}"
    );
}

#[test]
fn names_that_differ_only_in_unicode_normalization_collide() {
    let site = TestSite::built();
    site.write("content/caf\u{e9}.md", "+++\ntitle = \"NFC\"\n+++\n");
    site.write("content/cafe\u{301}.md", "+++\ntitle = \"NFD\"\n+++\n");
    site.write("static/\u{e9}t\u{e9}.txt", "nfc");
    site.write("static/e\u{301}te\u{301}.txt", "nfd");
    let errors = site.fail_keeping_output();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors.iter().all(|e| e.contains("writes too")),
        "{errors:?}"
    );
}

#[test]
fn windows_reserved_names_are_refused_in_slugs_file_names_terms_and_static_files() {
    let site = TestSite::built();
    site.write("content/con.md", "+++\ntitle = \"C\"\n+++\n");
    site.write(
        "content/t.md",
        "+++\ntitle = \"T\"\n[taxonomies]\ntags = [\"NUL\"]\n+++\n",
    );
    site.write("static/aux.txt", "x");
    site.write("content/s.md", "+++\ntitle = \"S\"\nslug = \"lpt1\"\n+++\n");
    let errors = site.fail_keeping_output();
    let reserved: Vec<&String> = errors
        .iter()
        .filter(|e| e.contains("a name Windows reserves"))
        .collect();
    assert_eq!(reserved.len(), 4, "{errors:?}");
    for (source, name) in [
        ("content/con.md", "`con`"),
        ("content/t.md:4:", "`nul`"),
        ("static/aux.txt", "`aux.txt`"),
        ("content/s.md", "`lpt1`"),
    ] {
        assert!(
            reserved
                .iter()
                .any(|e| e.contains(source) && e.contains(name)),
            "{source}: {errors:?}"
        );
    }
}

#[test]
fn a_path_with_a_query_fragment_or_percent_escape_is_refused() {
    let site = TestSite::built();
    for (name, path) in [("q", "/a?b"), ("h", "/a#b"), ("p", "/%2e%2e/x")] {
        site.write(
            &format!("content/{name}.md"),
            format!("+++\ntitle = \"X\"\npath = \"{path}\"\n+++\n"),
        );
    }
    let errors = site.fail_keeping_output();
    assert_eq!(errors.len(), 3, "{errors:?}");
    for (name, c) in [("q", "`?`"), ("h", "`#`"), ("p", "`%`")] {
        assert!(
            errors
                .iter()
                .any(|e| e.contains(&format!("content/{name}.md:3:")) && e.contains(c)),
            "{name}: {errors:?}"
        );
    }
}

#[test]
fn a_folder_named_with_no_letters_is_named_as_such_not_as_leaving_the_output() {
    let site = TestSite::built();
    site.write("content/!!!/_index.md", "+++\ntitle = \"S\"\n+++\n");
    site.write("content/!!!/a.md", "+++\ntitle = \"A\"\n+++\n");
    site.write("content/!!!/pic.png", "x");
    let errors = site.fail_keeping_output();
    assert_eq!(
        errors,
        [
            "error: [site]/content/!!!: the folder name `!!!` has no letters or digits to make a URL from\n  hint: rename the folder: its name is the URL of its section, pages and files"
        ]
    );
}

#[test]
fn a_full_disk_is_said_once_with_its_cause() {
    let site = TestSite::new();
    for i in 0..300 {
        site.write(
            &format!("content/p{i}.md"),
            format!("+++\ntitle = \"P{i}\"\n+++\n{}\n", "text ".repeat(400)),
        );
    }
    let out = site.root().join("out");
    std::fs::create_dir(&out).unwrap();
    // A private mount namespace: a tiny tmpfs on `out/` that vanishes with the process.
    let script = format!(
        "mount -t tmpfs -o size=200k tmpfs '{out}' && '{quire}' build --output '{out}/public'",
        out = out.display(),
        quire = env!("CARGO_BIN_EXE_quire"),
    );
    let Some(run) = crate::support::in_mount_namespace(site.root(), &script) else {
        return;
    };
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.matches("No space left on device").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("hint: the disk is full"), "{stderr}");
}
