//! Bad input never crashes the build or loses output: one case per kind of bad input, escaping
//! of hostile front matter, atomic output under SIGKILL, and concurrent builds.

use std::process::Command;
use std::time::Duration;

use crate::support::TestSite;

#[test]
fn a_list_given_as_a_string_is_an_error_with_its_line() {
    let site = TestSite::built();
    site.write(
        "content/tags.md",
        "+++\ntitle = \"T\"\n[taxonomies]\ntags = \"x\"\n+++\n",
    );
    let errors = site.fail_keeping_output();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("error: [site]/content/tags.md:4:8: invalid front matter"),
        "{errors:?}"
    );
    assert!(errors[0].contains("hint: "), "{errors:?}");
}

#[test]
fn a_twenty_megabyte_article_builds() {
    let site = TestSite::new();
    let paragraph =
        "A sentence about gateways, *timeouts* and `upstream` servers that repeats. ".repeat(20);
    let body = format!("{paragraph}\n\n").repeat(20 * 1024 * 1024 / (paragraph.len() + 2) + 1);
    assert!(body.len() >= 20 * 1024 * 1024);
    site.write(
        "content/huge.md",
        format!("+++\ntitle = \"Huge\"\n+++\n{body}"),
    );
    site.build_ok();
    assert!(
        std::fs::metadata(site.output().join("huge/index.html"))
            .unwrap()
            .len()
            > 20 * 1024 * 1024
    );
}

#[test]
fn ten_thousand_deep_quotes_and_lists_build() {
    let site = TestSite::new();
    site.write(
        "content/quotes.md",
        format!("+++\ntitle = \"Q\"\n+++\n{} deep\n", ">".repeat(10_000)),
    );
    let list: String = (0..10_000)
        .map(|depth| format!("{}- level {depth}\n", "  ".repeat(depth)))
        .collect();
    site.write(
        "content/lists.md",
        format!("+++\ntitle = \"L\"\n+++\n{list}"),
    );
    site.build_ok();
    assert!(site.read("quotes/index.html").contains("deep"));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_content_is_an_error_not_a_hang() {
    let site = TestSite::built();
    std::os::unix::fs::symlink(
        site.root().join("content"),
        site.root().join("content/loop"),
    )
    .unwrap();
    let errors = site.fail_keeping_output();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("content/loop") && e.contains("symbolic link loop")),
        "{errors:?}"
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_error_naming_it() {
    let site = TestSite::built();
    std::os::unix::fs::symlink(
        site.root().join("nowhere.md"),
        site.root().join("content/ghost.md"),
    )
    .unwrap();
    let errors = site.fail_keeping_output();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("error: [site]/content/ghost.md"),
        "{errors:?}"
    );
}

#[test]
fn outputs_over_the_sources_are_refused_before_anything_is_written() {
    let site = TestSite::built();
    std::fs::write(site.root().join("notes.txt"), "keep").unwrap();
    for output in [
        site.root().to_path_buf(),
        site.root().join("content"),
        site.root().join("notes.txt"),
        site.root().join("templates/sub"),
    ] {
        let mut options = site.options();
        options.output = output.clone();
        let errors = crate::support::build(&options).unwrap_err();
        let message = &errors[0].message;
        assert!(
            message.starts_with("refusing to write the site here")
                || message == "the output path is a file, not a folder",
            "{}: {errors:?}",
            output.display()
        );
    }
    assert_eq!(
        std::fs::read_to_string(site.root().join("notes.txt")).unwrap(),
        "keep"
    );
    assert!(site.root().join("content/good.md").exists());
    assert!(site.root().join("templates/page.html").exists());
}

#[test]
fn unsafe_paths_in_front_matter_are_errors_naming_the_file() {
    for (key, value) in [
        ("path", "\"../../outside\""),
        ("path", "\"a\\\\b\""),
        ("aliases", "[\"/x/../../../etc/\"]"),
        ("path", "\"/CON/\""),
        ("aliases", "[\"c:/windows\"]"),
    ] {
        let site = TestSite::built();
        site.write(
            "content/evil.md",
            format!("+++\ntitle = \"E\"\n{key} = {value}\n+++\n"),
        );
        let errors = site.fail_keeping_output();
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("error: [site]/content/evil.md")
                    && e.contains(&format!("invalid `{key}`"))),
            "{key} = {value}: {errors:?}"
        );
    }
    // Slugs and taxonomy terms are slugified, so they cannot leave the output either.
    let site = TestSite::new();
    site.write(
        "content/s.md",
        "+++\ntitle = \"S\"\nslug = \"../../x\"\n[taxonomies]\ntags = [\"../../etc\"]\n+++\n",
    );
    site.build_ok();
    assert!(site.output().join("x/index.html").exists());
    assert!(site.output().join("tags/etc/index.html").exists());
    assert!(!site.root().join("x").exists() && !site.root().join("etc").exists());
}

/// The reference site's templates, config and assets with one hostile page added.
fn hostile_site() -> TestSite {
    let site = TestSite::empty();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["templates", "static"] {
        for entry in walkdir::WalkDir::new(repo.join(folder)) {
            let entry = entry.unwrap();
            let relative = entry.path().strip_prefix(repo).unwrap();
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(site.root().join(relative)).unwrap();
            } else {
                std::fs::copy(entry.path(), site.root().join(relative)).unwrap();
            }
        }
    }
    std::fs::copy(repo.join("config.toml"), site.root().join("config.toml")).unwrap();
    for (path, text) in [
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n"),
        (
            "content/codes.md",
            "+++\ntitle = \"All\"\npath = \"codes\"\ntemplate = \"all_codes.html\"\n+++\n",
        ),
        (
            "content/faq.md",
            "+++\ntitle = \"FAQ\"\npath = \"faq\"\ntemplate = \"faq.html\"\n+++\n## Why? {#why}\n\nBecause.\n",
        ),
        (
            "content/search.md",
            "+++\ntitle = \"Search\"\npath = \"search\"\ntemplate = \"search.html\"\n+++\n",
        ),
        (
            "content/what-am-i-seeing.md",
            "+++\ntitle = \"Guide\"\npath = \"what-am-i-seeing\"\n+++\n",
        ),
        (
            "content/headers/_index.md",
            "+++\ntitle = \"Headers\"\ntemplate = \"headers.html\"\n+++\n",
        ),
    ] {
        site.write(path, text);
    }
    for class in 1..=5 {
        site.write(
            &format!("content/{class}xx/_index.md"),
            format!("+++\ntitle = \"{class}xx\"\n+++\n"),
        );
    }
    site.write(
        "content/5xx/599.md",
        "+++\ntitle = \"<script>alert('t')</script>\\\"</title>\"\ndescription = \"</title><script>alert('d')</script>\"\ndate = 2026-01-01\npath = \"599\"\n[taxonomies]\ntags = [\"</title><script>alert('tag')</script>\"]\n[extra]\ncode = 599\nreason = \"<script>alert('r')</script>\"\nclass = \"5xx\"\nofficial = \"<b>x</b>\"\nspec = \"<script>alert('s')</script>\"\nspec_url = \"javascript:alert(1)\\\"><script>alert('u')</script>\"\nretry = \"no\"\nretry_note = \"</script><script>alert('n')</script>\"\ncacheable = false\nheaders = [\"<script>alert('h')</script>\"]\nrelated = []\n+++\nBody.\n",
    );
    site
}

#[test]
fn hostile_front_matter_comes_out_escaped_everywhere() {
    let site = hostile_site();
    site.build_ok();
    let mut checked = 0;
    for file in site.output_files() {
        let text = String::from_utf8_lossy(&std::fs::read(site.output().join(&file)).unwrap())
            .into_owned();
        assert!(!text.contains("<script>alert("), "raw payload in {file}");
        assert!(!text.contains("</title><script>"), "raw payload in {file}");
        if text.contains("alert(") {
            checked += 1;
        }
    }
    // The page, its class list, the all-codes page, the tag pages, feeds and the home list.
    assert!(checked >= 6, "the payload reached only {checked} files");
    let page = site.read("599/index.html");
    let json_ld = page
        .split("application/ld+json\">")
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    let parsed: serde_json::Value = serde_json::from_str(json_ld).unwrap();
    assert_eq!(parsed["headline"], "<script>alert('t')</script>\"</title>");
}

#[test]
fn two_builds_at_once_both_succeed_and_leave_a_whole_site() {
    let site = TestSite::fixture("zola-basic");
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_quire"))
            .arg("build")
            .current_dir(site.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (spawn(), spawn());
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    assert!(site.read("blog/first/index.html").contains("First post"));
    let leftovers = site.leftovers();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Writes `count` pages all saying `marker`.
fn write_pages(site: &TestSite, count: usize, marker: &str) {
    for i in 0..count {
        site.write(
            &format!("content/p{i:04}.md"),
            format!(
                "+++\ntitle = \"{marker}\"\n+++\n{}\n",
                "Some text. ".repeat(400)
            ),
        );
    }
}

#[cfg(unix)]
#[test]
fn a_build_killed_mid_write_leaves_the_old_or_the_new_site_never_a_mix() {
    let site = TestSite::new();
    let pages = 1500;
    write_pages(&site, pages, "OLD");
    site.build_ok();
    write_pages(&site, pages, "NEW");
    let markers = |site: &TestSite| -> std::collections::BTreeSet<String> {
        (0..pages)
            .map(|i| {
                let page = site.read(&format!("p{i:04}/index.html"));
                page[4..7].to_string()
            })
            .collect()
    };
    for delay_ms in [5, 20, 40, 80, 120, 200, 400] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
            .arg("build")
            .current_dir(site.root())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let seen = markers(&site);
        assert_eq!(
            seen.len(),
            1,
            "a mix after a kill at {delay_ms} ms: {seen:?}"
        );
        let last = seen.into_iter().next().unwrap();
        if last == "NEW" {
            write_pages(&site, pages, "OLD");
            site.build_ok();
            write_pages(&site, pages, "NEW");
        }
    }
    site.build_ok();
    assert_eq!(markers(&site).into_iter().collect::<Vec<_>>(), ["NEW"]);
    let leftovers = site.leftovers();
    assert!(leftovers.is_empty(), "the next build left {leftovers:?}");
}

#[test]
fn a_paginate_path_or_feed_name_that_leaves_the_output_is_an_error() {
    let site = TestSite::built();
    let outside = site.root().join("outside");
    site.write(
        "content/s/_index.md",
        "+++\npaginate_by = 1\npaginate_path = \"../../../outside\"\n+++\n",
    )
    .write("content/s/a.md", "+++\ntitle = \"A\"\n+++\n")
    .write("content/s/b.md", "+++\ntitle = \"B\"\n+++\n");
    let errors = site.fail_keeping_output();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("content/s/_index.md")
                && e.contains("would leave the output folder")),
        "{errors:?}"
    );
    assert!(!outside.exists());
}

#[test]
fn a_date_outside_years_0_to_9999_is_an_error_with_its_place_not_a_panic() {
    for (date, column) in [
        ("\"-0001-01-01\"", 8),
        ("\"+10000-01-01\"", 8),
        ("\"10000-01-01\"", 8),
        ("\"9999-12-31T23:00:00-05:00\"", 8),
    ] {
        let site = TestSite::built();
        // Feeds write dates in RFC 2822, which chrono cannot do for such years.
        site.write(
            "config.toml",
            "title = \"T\"\nbase_url = \"https://example.org/\"\ngenerate_feeds = true\nfeed_filenames = [\"atom.xml\", \"rss.xml\"]\n",
        )
        .write(
            "content/old.md",
            format!("+++\ntitle = \"Old\"\ndate = {date}\n+++\n"),
        );
        for run in ["build", "check"] {
            let output = Command::new(env!("CARGO_BIN_EXE_quire"))
                .arg(run)
                .current_dir(site.root())
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(1), "{run} {date}: {stderr}");
            assert!(
                stderr.starts_with(&format!("error: content/old.md:3:{column}: ")),
                "{run} {date}: {stderr}"
            );
            assert!(
                stderr.contains("the year must be from 0000 to 9999")
                    || stderr.contains("is not a date"),
                "{run} {date}: {stderr}"
            );
            assert!(stderr.contains("hint: "), "{run} {date}: {stderr}");
        }
    }
}

#[test]
fn control_characters_xml_forbids_are_stripped_from_feeds_and_sitemaps() {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "title = \"T\\u0001\"\nbase_url = \"https://example.org/\"\ngenerate_feeds = true\nfeed_filenames = [\"atom.xml\", \"rss.xml\"]\ntaxonomies = [{ name = \"tags\", feed = true }]\n",
    )
    .write(
        "content/ctl.md",
        "+++\ntitle = \"Form\\ffeed \\u001B[31mred\\u001B[0m \\u0001 \\uFFFF end\"\ndescription = \"d\\u000B\"\ndate = 2026-05-01\n[taxonomies]\ntags = [\"t\\u0002\"]\n+++\nBody \u{c} with \u{1b}[1m escapes \u{1} and \u{7f}.\n",
    );
    site.build_ok();
    for feed in ["atom.xml", "rss.xml", "sitemap.xml"] {
        let xml = site.read(feed);
        if let Err(error) = roxmltree::Document::parse(&xml) {
            panic!("{feed} is not XML: {error}\n{xml}");
        }
    }
    let atom = site.read("atom.xml");
    assert!(
        atom.contains("<title>Formfeed [31mred[0m   end</title>"),
        "{atom}"
    );
    assert!(
        atom.contains("Body  with [1m escapes  and \u{7f}."),
        "{atom}"
    );
}

#[test]
fn an_error_on_a_ten_megabyte_line_prints_only_the_text_around_it() {
    let site = TestSite::new();
    let line = format!("{} [x](@/missing.md) tail", "word ".repeat(2 * 1024 * 1024));
    site.write(
        "content/long.md",
        format!("+++\ntitle = \"L\"\n+++\n{line}\n"),
    );
    let output = Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("build")
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.len() < 2_000, "{} bytes on stderr", stderr.len());
    assert!(
        stderr.starts_with("error: content/long.md:4:10485762: link to `@/missing.md`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("word  [x](@/missing.md) tail\n"),
        "{stderr}"
    );
}
