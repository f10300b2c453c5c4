//! Output folders that cannot be swapped whole (a mount point, or a folder whose parent this
//! user cannot write) have their contents replaced in place; every build keeps the output
//! folder's mode and owner; a failed build leaves the old site in either mode.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::TestSite;

/// The uid and gid the tests build as when they run as root, which writes through any
/// permission (`nobody`).
const NOBODY: u32 = 65534;

/// A page whose template fails while the site renders, after the staging folder is made.
fn break_the_build(site: &TestSite) {
    site.write("templates/broken.html", "{{ page.nope.deeper }}");
    site.write(
        "content/broken.md",
        "+++\ntitle = \"Broken\"\ntemplate = \"broken.html\"\n+++\n",
    );
}

/// Every file under `folder` with its text, hidden ones included, relative and sorted.
fn tree(folder: &Path) -> Vec<(String, String)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(folder)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let relative = e.path().strip_prefix(folder).unwrap();
            let bytes = fs::read(e.path()).unwrap();
            (
                relative.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            )
        })
        .collect();
    files.sort();
    files
}

/// The files of the site as a normal build (swapped in whole) writes them, in `reference/`.
fn swapped_build(site: &TestSite) -> Vec<(String, String)> {
    let mut options = site.options();
    options.output = site.root().join("reference");
    crate::support::build(&options).unwrap();
    tree(&options.output)
}

/// The names in `folder`, sorted.
fn names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_output_folder_keeps_its_mode_and_owner_across_builds() {
    let site = TestSite::built();
    let output = site.output();
    fs::set_permissions(&output, fs::Permissions::from_mode(0o750)).unwrap();
    let as_root = fs::metadata(site.root()).unwrap().uid() == 0;
    if as_root {
        std::os::unix::fs::chown(&output, Some(NOBODY), Some(NOBODY)).unwrap();
    }
    site.write("content/more.md", "+++\ntitle = \"More\"\n+++\n");
    site.build_ok();
    let meta = fs::metadata(&output).unwrap();
    assert!(site.read("more/index.html").contains("More"));
    assert_eq!(meta.mode() & 0o7777, 0o750);
    if as_root {
        assert_eq!((meta.uid(), meta.gid()), (NOBODY, NOBODY));
    } else {
        eprintln!("not root: the owner cannot be changed, only the mode is checked");
    }
    break_the_build(&site);
    site.fail_keeping_output();
    assert_eq!(fs::metadata(&output).unwrap().mode() & 0o7777, 0o750);
}

/// A built site whose output, `locked/public`, sits in a folder this user cannot write, and
/// a way to run `quire build --output locked/public` as that user; `None` when the tests run
/// as root and cannot drop to another user.
fn site_in_a_read_only_folder() -> Option<(TestSite, Builder)> {
    let site = TestSite::built();
    let as_root = fs::metadata(site.root()).unwrap().uid() == 0;
    let builder = Builder { as_root };
    if as_root && Command::new("setpriv").arg("--version").output().is_err() {
        eprintln!(
            "skipped: running as root and setpriv is missing, so permissions hold no one back"
        );
        return None;
    }
    fs::create_dir(site.root().join("locked")).unwrap();
    builder.build(&site).assert_success();
    // As if the folder had been made for this user by someone else: only `public/` in it.
    fs::remove_file(site.root().join("locked/.public.quire-lock")).unwrap();
    builder.lock(&site, true);
    Some((site, builder))
}

/// Runs the binary as the tests' user, or as `nobody` when that is root.
struct Builder {
    as_root: bool,
}

impl Builder {
    fn output(site: &TestSite) -> PathBuf {
        site.root().join("locked/public")
    }

    /// `quire build --output locked/public` in `site`, run to its end.
    fn build(&self, site: &TestSite) -> Output {
        self.command(site).output().unwrap()
    }

    /// The command of [`Builder::build`], to spawn.
    fn command(&self, site: &TestSite) -> Command {
        let quire = env!("CARGO_BIN_EXE_quire");
        let mut command = if self.as_root {
            // The site must be this user's to write its cache and output.
            for entry in walkdir::WalkDir::new(site.root()) {
                let path = entry.unwrap().into_path();
                std::os::unix::fs::lchown(&path, Some(NOBODY), Some(NOBODY)).unwrap();
            }
            // `setpriv` runs the binary in its own process, so a signal to it reaches Quire.
            let mut command = Command::new("setpriv");
            command.args(["--reuid=65534", "--regid=65534", "--clear-groups", quire]);
            command
        } else {
            Command::new(quire)
        };
        command
            .args(["build", "--output", "locked/public"])
            .current_dir(site.root());
        command
    }

    /// Makes `locked/` read-only (or writable again).
    fn lock(&self, site: &TestSite, read_only: bool) {
        let mode = if read_only { 0o555 } else { 0o755 };
        fs::set_permissions(site.root().join("locked"), fs::Permissions::from_mode(mode)).unwrap();
    }
}

trait Succeeds {
    fn assert_success(&self);
}

impl Succeeds for Output {
    fn assert_success(&self) {
        assert!(
            self.status.success(),
            "{}",
            String::from_utf8_lossy(&self.stderr)
        );
    }
}

#[test]
fn an_output_in_a_read_only_folder_is_replaced_in_place() {
    let Some((site, builder)) = site_in_a_read_only_folder() else {
        return;
    };
    let output = Builder::output(&site);
    fs::set_permissions(&output, fs::Permissions::from_mode(0o750)).unwrap();
    let inode = fs::metadata(&output).unwrap().ino();
    fs::remove_file(site.root().join("content/good.md")).unwrap();
    site.write("content/new.md", "+++\ntitle = \"New\"\n+++\nFresh.\n");
    builder.build(&site).assert_success();
    builder.lock(&site, false);
    let meta = fs::metadata(&output).unwrap();
    assert_eq!(
        meta.ino(),
        inode,
        "the output folder was replaced, not its contents"
    );
    assert_eq!(meta.mode() & 0o7777, 0o750);
    assert_eq!(names(&site.root().join("locked")), ["public"]);
    let page = fs::read_to_string(output.join("new/index.html")).unwrap();
    assert!(page.contains("Fresh."), "{page}");
    // The old `good/` is gone, nothing of the build's own is left: the same files as a swap.
    assert_eq!(tree(&output), swapped_build(&site));
}

#[test]
fn a_failed_build_in_place_leaves_the_old_site_and_no_staging_folder() {
    let Some((site, builder)) = site_in_a_read_only_folder() else {
        return;
    };
    let output = Builder::output(&site);
    let before = tree(&output);
    break_the_build(&site);
    let run = builder.build(&site);
    builder.lock(&site, false);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("broken.html"), "{stderr}");
    assert_eq!(tree(&output), before, "the failed build changed the output");
    assert_eq!(names(&site.root().join("locked")), ["public"]);
}

#[test]
fn a_staging_folder_left_inside_the_output_is_cleaned_by_the_next_build() {
    let Some((site, builder)) = site_in_a_read_only_folder() else {
        return;
    };
    let output = Builder::output(&site);
    builder.lock(&site, false);
    // What a build killed before its moves leaves: a half-filled staging folder and the lock.
    fs::create_dir_all(output.join(".quire-new/half")).unwrap();
    fs::write(output.join(".quire-new/half/index.html"), "half").unwrap();
    fs::write(output.join(".quire-lock"), "12345\n").unwrap();
    builder.lock(&site, true);
    builder.build(&site).assert_success();
    builder.lock(&site, false);
    let files: Vec<String> = tree(&output).into_iter().map(|(path, _)| path).collect();
    assert!(
        files
            .iter()
            .all(|f| !f.contains("quire-new") && !f.contains("half") && !f.contains("quire-lock")),
        "{files:?}"
    );
    assert!(files.contains(&"good/index.html".to_string()), "{files:?}");
}

#[test]
fn an_output_that_is_a_mount_point_is_replaced_in_place() {
    let site = TestSite::built();
    let output = site.output();
    let snapshot = site.root().join("snapshot");
    let quire = env!("CARGO_BIN_EXE_quire");
    // In a private mount namespace: a tmpfs on `public/` that vanishes with the shell, so the
    // shell builds, then copies what the mount holds to `snapshot/` for the checks below.
    let script = format!(
        r#"mount -t tmpfs tmpfs '{out}' || {{ echo "SKIP: mount" >&2; exit 0; }}
set -e
'{quire}' build
stat -c %d:%i '{out}' > inode-before
mv content/good.md content/other.md
# Two builds at once take turns on the lock inside the output.
'{quire}' build & '{quire}' build; wait $!
stat -c %d:%i '{out}' > inode-after
printf '+++\ntitle = "Broken"\ntemplate = "broken.html"\n+++\n' > content/broken.md
printf '{{{{ page.nope.deeper }}}}' > templates/broken.html
if '{quire}' build 2> failed.txt; then echo "the broken build succeeded" >&2; exit 1; fi
cp -a '{out}/.' '{snapshot}'
"#,
        out = output.display(),
        snapshot = snapshot.display(),
    );
    fs::create_dir(&snapshot).unwrap();
    let Some(run) = crate::support::in_mount_namespace(site.root(), &script) else {
        return;
    };
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let read = |name: &str| fs::read_to_string(site.root().join(name)).unwrap();
    assert_eq!(read("inode-before"), read("inode-after"));
    assert!(
        read("failed.txt").contains("broken.html"),
        "{}",
        read("failed.txt")
    );
    let page = fs::read_to_string(snapshot.join("other/index.html")).unwrap();
    assert!(page.contains("Good"), "{page}");
    assert_eq!(site.leftovers(), Vec::<String>::new());
    // The site before the broken page, as a swap writes it: `good/` gone, no lock or
    // staging folder left in the mount.
    fs::remove_file(site.root().join("content/broken.md")).unwrap();
    assert_eq!(tree(&snapshot), swapped_build(&site));
}

#[test]
fn ctrl_c_during_a_build_in_place_removes_its_staging_folder_and_lock() {
    let Some((site, builder)) = site_in_a_read_only_folder() else {
        return;
    };
    let output = Builder::output(&site);
    let before = tree(&output);
    crate::support::write_many_pages(&site, 4000);
    let mut child = builder
        .command(&site)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let staging = output.join(".quire-new");
    let started = Instant::now();
    while !staging.exists() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(staging.exists(), "the build never made its staging folder");
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    builder.lock(&site, false);
    if status.success() {
        eprintln!("the build ended before Ctrl+C: nothing to check");
        return;
    }
    assert_eq!(status.code(), Some(130), "{status:?}");
    assert_eq!(
        tree(&output),
        before,
        "the interrupted build changed the output"
    );
}
