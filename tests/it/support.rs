//! A site in a temporary folder, written from inline files, built with the library.

use std::ops::Deref;
use std::path::{Path, PathBuf};

use quire::check::{ExternalOptions, check_site};
use quire::error::{Diagnostic, Diagnostics};
use quire::site::{BuildOptions, BuildReport};

/// Templates enough for any content: a page, a section and the home.
pub(crate) const MINIMAL_TEMPLATES: [(&str, &str); 3] = [
    (
        "templates/page.html",
        "<h1>{{ page.title }}</h1>{{ page.content | safe }}",
    ),
    (
        "templates/section.html",
        "<h1>{{ section.title }}</h1>{% for p in section.pages %}<a href=\"{{ p.permalink }}\">{{ p.title }}</a>{% endfor %}",
    ),
    (
        "templates/index.html",
        "<h1>Home</h1>{% for p in section.pages %}{{ p.title }};{% endfor %}",
    ),
];

/// A site under construction in a temporary folder.
pub(crate) struct TestSite {
    dir: tempfile::TempDir,
}

impl TestSite {
    /// A site with `config.toml` and the minimal templates.
    pub(crate) fn new() -> TestSite {
        let site = TestSite::empty();
        site.write("config.toml", "title = \"Test\"\nbase_url = \"https://example.org/\"\ntaxonomies = [{ name = \"tags\" }]\n");
        for (path, text) in MINIMAL_TEMPLATES {
            site.write(path, text);
        }
        std::fs::create_dir_all(site.root().join("content")).unwrap();
        site
    }

    /// A site with one page that built once, so there is a previous output to protect.
    pub(crate) fn built() -> TestSite {
        let site = TestSite::new();
        site.write("content/good.md", "+++\ntitle = \"Good\"\n+++\nFine.\n");
        site.build_ok();
        site
    }

    /// A folder with nothing in it.
    pub(crate) fn empty() -> TestSite {
        TestSite {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A copy of a fixture site under `tests/fixtures/`.
    pub(crate) fn fixture(name: &str) -> TestSite {
        let site = TestSite::empty();
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        for entry in walkdir::WalkDir::new(&source) {
            let entry = entry.unwrap();
            let relative = entry.path().strip_prefix(&source).unwrap();
            let target = site.root().join(relative);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        site
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn output(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes a file, creating its folders.
    pub(crate) fn write(&self, path: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    pub(crate) fn options(&self) -> BuildOptions {
        BuildOptions::new(self.root())
    }

    pub(crate) fn build(&self) -> Result<Built, Vec<Diagnostic>> {
        build(&self.options())
    }

    /// Builds and panics with every diagnostic if the build fails.
    pub(crate) fn build_ok(&self) -> Built {
        match self.build() {
            Ok(report) => report,
            Err(diagnostics) => panic!("build failed:\n{}", render(&diagnostics)),
        }
    }

    /// Builds, expecting failure; returns the diagnostics with the temporary root removed.
    pub(crate) fn build_err(&self) -> Vec<String> {
        match self.build() {
            Ok(_) => panic!("the build succeeded but should have failed"),
            Err(diagnostics) => diagnostics
                .iter()
                .map(|d| self.redact(&d.to_string()))
                .collect(),
        }
    }

    /// Fails the build and checks that the earlier output is exactly as it was and that no
    /// temporary folder is left; returns the messages.
    pub(crate) fn fail_keeping_output(&self) -> Vec<String> {
        let snapshot = |site: &TestSite| -> Vec<(String, String)> {
            site.output_files()
                .into_iter()
                .map(|f| (site.read(&f), f))
                .collect()
        };
        let before = snapshot(self);
        let errors = self.build_err();
        assert_eq!(
            before,
            snapshot(self),
            "the failed build changed the output"
        );
        let leftovers = self.leftovers();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        errors
    }

    /// The temporary folders of builds, left beside the output.
    pub(crate) fn leftovers(&self) -> Vec<String> {
        std::fs::read_dir(self.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("quire-new") || n.contains("quire-old"))
            .collect()
    }

    /// Replaces the temporary root in a message with `[site]`.
    pub(crate) fn redact(&self, text: &str) -> String {
        text.replace(&self.root().display().to_string(), "[site]")
    }

    /// Reads an output file.
    pub(crate) fn read(&self, path: &str) -> String {
        let path = self.output().join(path);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Every file in the output, relative and sorted.
    pub(crate) fn output_files(&self) -> Vec<String> {
        let output = self.output();
        let mut files: Vec<String> = walkdir::WalkDir::new(&output)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&output)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        files.sort();
        files
    }
}

/// What a build that succeeded made, with its warnings.
#[derive(Debug)]
pub(crate) struct Built {
    pub(crate) report: BuildReport,
    pub(crate) warnings: Vec<Diagnostic>,
}

impl Deref for Built {
    type Target = BuildReport;

    fn deref(&self) -> &BuildReport {
        &self.report
    }
}

/// Builds with `options`: the report and the warnings, or every problem (sorted) when the
/// build failed.
pub(crate) fn build(options: &BuildOptions) -> Result<Built, Vec<Diagnostic>> {
    let mut diagnostics = Diagnostics::default();
    let report = quire::site::build(options, &mut diagnostics);
    let diagnostics = diagnostics.into_sorted();
    match report {
        Some(report) => Ok(Built {
            report,
            warnings: diagnostics,
        }),
        None => Err(diagnostics),
    }
}

/// Checks the site with `options`: every problem found, sorted.
pub(crate) fn check(options: &BuildOptions, external: Option<&ExternalOptions>) -> Vec<Diagnostic> {
    let mut diagnostics = Diagnostics::default();
    check_site(options, external, &mut diagnostics);
    diagnostics.into_sorted()
}

pub(crate) fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of the first `<main>` element, or the whole document when there is none.
pub(crate) fn main_of(html: &str) -> &str {
    match (html.find("<main"), html.find("</main>")) {
        (Some(start), Some(end)) => &html[start..end + "</main>".len()],
        _ => html,
    }
}

/// Runs `script` with `sh` in new user and mount namespaces (`unshare -rm`), where it may
/// mount a tmpfs that vanishes with it. `None`, after saying why, when this machine allows
/// neither (no `unshare`, or a mount refused: the script may say `SKIP: mount`).
pub(crate) fn in_mount_namespace(root: &Path, script: &str) -> Option<std::process::Output> {
    let Ok(run) = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", script])
        .current_dir(root)
        .output()
    else {
        eprintln!("skipped: no unshare");
        return None;
    };
    let stderr = String::from_utf8_lossy(&run.stderr);
    if stderr.contains("SKIP: mount") || stderr.contains("mount:") || stderr.contains("unshare:") {
        eprintln!("skipped: cannot mount a tmpfs here: {stderr}");
        return None;
    }
    Some(run)
}

/// Writes `count` pages of some text each, so that a build of them takes a while.
pub(crate) fn write_many_pages(site: &TestSite, count: usize) {
    for i in 0..count {
        site.write(
            &format!("content/p{i}.md"),
            format!(
                "+++\ntitle = \"P{i}\"\n+++\n{}\n",
                "Some *text* here. ".repeat(50)
            ),
        );
    }
}
