//! The persistent cache of highlighted code blocks, across real builds.

use std::path::Path;

use quire::cache::CacheStats;
use quire::site::BuildOptions;

use crate::support::{TestSite, build};

/// A site of three pages with two different code blocks each.
fn site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "base_url = \"https://example.org/\"\n[markdown]\nhighlight_code = true\nhighlight_theme = \"css\"\n",
    );
    for i in 0..3 {
        site.write(
            &format!("content/p{i}.md"),
            format!("+++\ntitle = \"P{i}\"\n+++\n```rust\nfn f{i}() -> u32 {{ {i} }}\n```\n\n```python\nx{i} = {i}\n```\n"),
        );
    }
    site
}

fn segments(root: &Path) -> Vec<std::path::PathBuf> {
    let dir = root.join(quire::cache::CACHE_DIR);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "seg"))
        .collect()
}

#[test]
fn a_second_build_takes_every_block_from_the_cache_with_the_same_output() {
    let site = site();
    let first = site.build_ok();
    assert_eq!(first.cache, CacheStats { hits: 0, misses: 6 });
    let before: Vec<String> = site.output_files().iter().map(|f| site.read(f)).collect();
    let second = site.build_ok();
    assert_eq!(second.cache, CacheStats { hits: 6, misses: 0 });
    let after: Vec<String> = site.output_files().iter().map(|f| site.read(f)).collect();
    assert_eq!(before, after);
    // An edited block is a miss; the others still hit.
    site.write(
        "content/p0.md",
        "+++\ntitle = \"P0\"\n+++\n```rust\nfn changed() {}\n```\n\n```python\nx0 = 0\n```\n",
    );
    assert_eq!(site.build_ok().cache, CacheStats { hits: 5, misses: 1 });
}

#[test]
fn a_corrupt_cache_entry_is_highlighted_again_not_served() {
    let site = site();
    site.build_ok();
    let expected = site.read("p1/index.html");
    for segment in segments(site.root()) {
        let mut bytes = std::fs::read(&segment).unwrap();
        // Every value holds highlighting spans: damage each one's first class name.
        let mut at = 0;
        while let Some(found) = bytes[at..].windows(3).position(|w| w == b"z-s") {
            bytes[at + found] = b'Z';
            at += found + 3;
        }
        std::fs::write(&segment, bytes).unwrap();
    }
    let report = site.build_ok();
    assert_eq!(report.cache.hits, 0, "a damaged entry was served");
    assert_eq!(site.read("p1/index.html"), expected);
}

#[test]
fn no_cache_neither_reads_nor_writes_the_cache() {
    let site = site();
    let options = BuildOptions {
        cache: false,
        ..site.options()
    };
    let report = build(&options).unwrap();
    assert_eq!(report.cache, CacheStats::default());
    assert!(
        !site.root().join(".quire").exists(),
        "--no-cache wrote .quire/"
    );
    site.build_ok();
    let again = build(&options).unwrap();
    assert_eq!(
        again.cache,
        CacheStats::default(),
        "--no-cache read the cache"
    );
}

#[test]
fn builds_running_at_once_share_the_cache_safely() {
    let site = site();
    let builds: Vec<_> = (0..3)
        .map(|i| {
            let options = BuildOptions {
                output: site.root().join(format!("out{i}")),
                ..site.options()
            };
            std::thread::spawn(move || build(&options).map(|r| r.files))
        })
        .collect();
    for build in builds {
        assert!(build.join().unwrap().is_ok());
    }
    assert_eq!(site.build_ok().cache, CacheStats { hits: 6, misses: 0 });
    let index = |n: usize| std::fs::read(site.root().join(format!("out{n}/p2/index.html")));
    assert_eq!(index(0).unwrap(), index(2).unwrap());
}

#[test]
fn the_summary_line_says_how_many_blocks_came_from_the_cache() {
    let site = site();
    site.build_ok();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["build"])
        .current_dir(site.root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("; 6 of 6 code blocks from the cache"),
        "{stdout}"
    );
}
