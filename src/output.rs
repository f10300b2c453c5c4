//! The only place that writes: the build's files go to a temporary folder beside the output,
//! which replaces the output only once everything is written. A failed build leaves the
//! previous output as it was.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::Diagnostic;

/// What an output file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Bytes made by the build.
    Bytes(Vec<u8>),
    /// A file copied as it is.
    Copy(PathBuf),
}

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    pub content: Content,
    /// The source that made it, for diagnostics.
    pub origin: PathBuf,
}

impl OutputFile {
    /// A file made from text. XML outputs (feeds, sitemaps, any `.xml` or text starting with
    /// `<?xml`) lose the characters XML 1.0 forbids, so a control character in a title or
    /// body cannot make them unreadable.
    pub fn text(path: impl Into<String>, text: String, origin: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let is_xml = path.to_ascii_lowercase().ends_with(".xml") || text.starts_with("<?xml");
        let text = if is_xml { xml_chars_only(text) } else { text };
        OutputFile {
            path,
            content: Content::Bytes(text.into_bytes()),
            origin: origin.into(),
        }
    }

    /// A file copied from `source`.
    pub fn copy(path: impl Into<String>, source: PathBuf) -> Self {
        OutputFile {
            path: path.into(),
            origin: source.clone(),
            content: Content::Copy(source),
        }
    }
}

/// `text` without the characters XML 1.0 does not allow: controls other than tab, line feed
/// and carriage return, and U+FFFE and U+FFFF.
fn xml_chars_only(text: String) -> String {
    let allowed = |c: char| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if text.chars().all(allowed) {
        return text;
    }
    text.chars().filter(|&c| allowed(c)).collect()
}

/// Errors for output paths written by two sources (compared without case, as on macOS and
/// Windows file systems) and for paths that would leave the output folder; `files` gives each
/// output path with the source that made it.
pub fn collisions<'a>(files: impl IntoIterator<Item = (&'a str, &'a Path)>) -> Vec<Diagnostic> {
    let mut owners: HashMap<String, &Path> = HashMap::new();
    let mut problems = Vec::new();
    for (path, origin) in files {
        if !is_safe_relative(path) {
            problems.push(
                Diagnostic::error(origin, format!("the output path `{path}` would leave the output folder"))
                    .with_hint("use plain names for paginate_path, feed_filenames and stylesheet file names, without `..`, `/` at the start or `\\`"),
            );
            continue;
        }
        match owners.get(&path.to_lowercase()) {
            Some(owner) => problems.push(
                Diagnostic::error(
                    origin,
                    format!("writes {path}, which {} writes too", owner.display()),
                )
                .with_hint("rename or move one of the two files"),
            ),
            None => {
                owners.insert(path.to_lowercase(), origin);
            }
        }
    }
    problems
}

/// Where rendered files go as soon as they are made, so a build never holds the whole site.
pub trait Sink: Sync {
    /// Takes one finished file.
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;
    /// The bytes of a file already put, for steps that read the built site (search indexing).
    fn read(&self, path: &str) -> Option<Vec<u8>>;
}

/// Keeps the files in memory, for `serve` and `check`.
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<(Vec<OutputFile>, HashMap<String, usize>)>,
}

impl MemorySink {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let (mut files, _) = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        // Files arrive in parallel: sort so the order, and which of two clashing files is
        // blamed, is the same on every run.
        files.sort_by(|a, b| (&a.path, &a.origin).cmp(&(&b.path, &b.origin)));
        files
    }
}

impl Sink for MemorySink {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        let mut guard = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let (files, index) = &mut *guard;
        index.insert(file.path.clone(), files.len());
        files.push(file);
        Ok(())
    }

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        let guard = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let (files, index) = &*guard;
        match &files[*index.get(path)?].content {
            Content::Bytes(bytes) => Some(bytes.clone()),
            Content::Copy(source) => fs::read(source).ok(),
        }
    }
}

/// The file Quire writes into every output folder it builds. Only a folder holding it, an
/// empty folder or a missing one is replaced without `--force`.
pub const MARKER: &str = ".quire-output";

/// What the marker file says to whoever finds it.
const MARKER_TEXT: &str =
    "This folder was built by Quire and is replaced whole by every `quire build`.\n";

/// The folders a site's sources live in, beside `config.toml`.
const SOURCE_FOLDERS: [&str; 4] = ["content", "templates", "static", "themes"];

/// Refuses output folders that would destroy what Quire did not make: a symbolic link, a file,
/// a git repository, the site root or a folder holding it, a folder inside (or holding) a
/// source folder, compared by their real paths, and, unless `force`, a folder that is neither
/// empty nor marked as a previous output.
pub fn check_output_dir(root: &Path, output: &Path, force: bool) -> Result<(), Diagnostic> {
    let refuse = |why: String, hint: &str| {
        Diagnostic::error(output, format!("refusing to write the site here: {why}"))
            .with_hint(hint.to_string())
    };
    let separate = "choose a separate folder such as public; it is replaced on every build";
    let lexical = lexical_absolute(output);
    if let Ok(meta) = fs::symlink_metadata(&lexical)
        && meta.file_type().is_symlink()
    {
        let target = fs::read_link(&lexical).unwrap_or_default();
        return Err(refuse(
            format!("it is a symbolic link to {}", target.display()),
            "Quire never replaces a folder through a link: remove the link, or pass --output the folder itself",
        ));
    }
    if output.is_file() {
        return Err(
            Diagnostic::error(output, "the output path is a file, not a folder")
                .with_hint("pass --output a folder name such as public"),
        );
    }
    let root = absolute(root);
    let target = absolute(output);
    if root.starts_with(&target) {
        return Err(refuse("it holds the site's sources".to_string(), separate));
    }
    for name in SOURCE_FOLDERS {
        let source = absolute(&root.join(name));
        if target.starts_with(&source) {
            return Err(refuse(format!("it is inside {name}/"), separate));
        }
        if source.starts_with(&target) {
            return Err(refuse(format!("it holds {name}/"), separate));
        }
    }
    if target.file_name().is_some_and(|n| n == ".git") || target.join(".git").exists() {
        return Err(refuse(
            "it is a git repository".to_string(),
            "build into a separate folder such as public and copy the files from there",
        ));
    }
    if force || made_by_quire_or_empty(&target) {
        return Ok(());
    }
    Err(refuse(
        format!("the folder is not empty and Quire did not make it (it has no {MARKER} file)"),
        "pass --force to replace the folder and everything in it, or choose another --output such as public",
    ))
}

/// True for a missing or empty folder and for one holding Quire's marker file.
fn made_by_quire_or_empty(folder: &Path) -> bool {
    match fs::read_dir(folder) {
        Ok(mut entries) => {
            entries.next().is_none()
                || fs::symlink_metadata(folder.join(MARKER)).is_ok_and(|m| m.is_file())
        }
        Err(error) => error.kind() == std::io::ErrorKind::NotFound,
    }
}

/// The absolute form of a path with `.` and `..` resolved by name, without following links.
fn lexical_absolute(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut lexical = PathBuf::new();
    for component in std::env::current_dir()
        .unwrap_or_default()
        .join(path)
        .components()
    {
        match component {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    lexical
}

/// The absolute, symlink-free form of a path that may not exist yet.
fn absolute(path: &Path) -> PathBuf {
    // `..` is resolved by name first, so `x/../../site` cannot hide the folder it names.
    let lexical = lexical_absolute(path);
    // Then symbolic links are followed in the part that exists.
    let mut existing = lexical.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.iter().rev() {
        resolved.push(name);
    }
    resolved
}

/// True for a relative path made of plain names: no `..`, `.`, empty segments, backslashes,
/// drive letters or NUL, so it stays inside the folder it is joined to.
pub fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(['\\', '\0', ':'])
        && path
            .split('/')
            .all(|segment| !segment.is_empty() && segment != "." && segment != "..")
}

/// A temporary folder beside the output that receives the build's files and replaces the
/// output only when `commit` is called; dropped without it, the folder is removed and the
/// output stays as it was. Two builds of the same output take turns: the second waits for the
/// first to finish.
pub struct Staging {
    output: PathBuf,
    parent: PathBuf,
    name: String,
    dir: PathBuf,
    /// Each file put, with its source, for `collisions`.
    written: Mutex<Vec<(String, PathBuf)>>,
    /// How many files were linked from the previous output instead of written.
    unchanged: AtomicUsize,
    committed: bool,
    _lock: File,
}

impl Staging {
    /// Takes the output's lock, cleans up after a killed build and creates the folder, with
    /// the marker that lets the next build replace it. The output's own name is never
    /// resolved, so a link in its place is swapped away rather than followed.
    pub fn create(output: &Path) -> Result<Staging, Diagnostic> {
        let lexical = lexical_absolute(output);
        let parent = lexical
            .parent()
            .map(absolute)
            .unwrap_or_else(|| PathBuf::from("/"));
        let name = lexical
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".to_string());
        let output = parent.join(&name);
        fs::create_dir_all(&parent)
            .map_err(|e| Diagnostic::io(&parent, "create the folder", &e))?;
        let lock_path = parent.join(format!(".{name}.quire-lock"));
        let lock = open_lock(&lock_path)?;
        lock.lock()
            .map_err(|e| Diagnostic::io(&lock_path, "lock the output", &e))?;
        remove_leftovers(&output, &parent, &name);
        let dir = parent.join(format!(".{name}.quire-new"));
        // `create_dir`, not `create_dir_all`: it fails on anything already there, a link
        // included, so the build never writes into a folder it did not just make.
        fs::create_dir(&dir).map_err(|e| Diagnostic::io(&dir, "create the folder", &e))?;
        let marker = dir.join(MARKER);
        File::create_new(&marker)
            .and_then(|mut file| file.write_all(MARKER_TEXT.as_bytes()))
            .map_err(|e| Diagnostic::io(&marker, "write", &e))?;
        Ok(Staging {
            output,
            parent,
            name,
            dir,
            written: Mutex::new(Vec::new()),
            unchanged: AtomicUsize::new(0),
            committed: false,
            _lock: lock,
        })
    }

    /// The clashing and unsafe output paths among the files put so far.
    pub fn collisions(&self) -> Vec<Diagnostic> {
        let mut written = self
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        // Files arrive in parallel: sort so the same file is blamed on every run.
        written.sort();
        collisions(written.iter().map(|(p, o)| (p.as_str(), o.as_path())))
    }

    /// How many files were put.
    pub fn file_count(&self) -> usize {
        self.written.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Puts the folder in the output's place.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        swap_in(&self.dir, &self.output, &self.parent, &self.name)?;
        self.committed = true;
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        let safe = is_safe_relative(&file.path);
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((file.path.clone(), file.origin.clone()));
        if !safe {
            // Reported by `collisions`; never written.
            return Ok(());
        }
        let target = self.dir.join(&file.path);
        if let Some(folder) = target.parent() {
            fs::create_dir_all(folder)
                .map_err(|e| Diagnostic::io(folder, "create the folder", &e))?;
        }
        // A file already here (two sources writing one path, reported by `collisions`) may
        // be linked to the previous output: unlink it rather than write through it.
        if fs::symlink_metadata(&target).is_ok() {
            fs::remove_file(&target).map_err(|e| Diagnostic::io(&target, "replace", &e))?;
        }
        if self.keep_unchanged(&file, &target) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        match &file.content {
            Content::Bytes(bytes) => {
                fs::write(&target, bytes).map_err(|e| Diagnostic::io(&target, "write", &e))
            }
            Content::Copy(source) => fs::copy(source, &target)
                .map(|_| ())
                .map_err(|e| Diagnostic::io(source, "copy", &e)),
        }
    }

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        if !is_safe_relative(path) {
            return None;
        }
        fs::read(self.dir.join(path)).ok()
    }
}

impl Staging {
    /// When the previous output holds a regular file with the same bytes at this path, links
    /// it into the staging folder: it keeps its modification time, so deploy tools that
    /// compare times (rsync, S3 sync) send only what changed. False when the file must be
    /// written.
    fn keep_unchanged(&self, file: &OutputFile, target: &Path) -> bool {
        /// Larger files are copied rather than compared.
        const MAX_COMPARED: u64 = 16 * 1024 * 1024;
        let previous = self.output.join(&file.path);
        let Ok(meta) = fs::symlink_metadata(&previous) else {
            return false;
        };
        let same = match &file.content {
            Content::Bytes(bytes) => {
                meta.is_file()
                    && meta.len() == bytes.len() as u64
                    && fs::read(&previous).is_ok_and(|old| old == *bytes)
            }
            Content::Copy(source) => {
                meta.is_file()
                    && meta.len() <= MAX_COMPARED
                    && fs::metadata(source).is_ok_and(|m| m.len() == meta.len())
                    && matches!((fs::read(&previous), fs::read(source)), (Ok(old), Ok(new)) if old == new)
            }
        };
        same && fs::hard_link(&previous, target).is_ok()
    }

    /// How many files were kept from the previous output, unchanged.
    pub fn unchanged_count(&self) -> usize {
        self.unchanged.load(Ordering::Relaxed)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Opens (creating it if needed) the lock file without truncating it and never through a
/// symbolic link, which a repository can carry in its place.
fn open_lock(path: &Path) -> Result<File, Diagnostic> {
    let refuse = || {
        Diagnostic::error(
            path,
            "refusing to use the build lock: it is not a plain file",
        )
        .with_hint("remove it (it may be a symbolic link); the next build creates it again")
    };
    if fs::symlink_metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(refuse());
    }
    open_no_follow(path).map_err(|error| {
        if fs::symlink_metadata(path).is_ok_and(|m| !m.is_file()) {
            refuse()
        } else {
            Diagnostic::io(path, "create the build lock", &error)
        }
    })
}

/// Opens or creates `path` for writing with `O_NOFOLLOW`: a link there is an error.
#[cfg(target_os = "linux")]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    let flags = OFlags::RDWR | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let fd = rustix::fs::open(path, flags, Mode::from_raw_mode(0o644))?;
    Ok(File::from(fd))
}

/// Opens or creates `path` for writing, without truncating it; the caller checked that it
/// is not a link.
#[cfg(not(target_os = "linux"))]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

/// Cleans up after a build that was killed: puts back an output that was moved aside but not
/// replaced, and removes the temporary folders (a link in their place is removed, never
/// followed).
fn remove_leftovers(output: &Path, parent: &Path, name: &str) {
    let old = parent.join(format!(".{name}.quire-old"));
    let is_real_dir = |path: &Path| fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    if fs::symlink_metadata(output).is_err() && is_real_dir(&old) {
        let _ = fs::rename(&old, output);
    }
    for leftover in [parent.join(format!(".{name}.quire-new")), old] {
        match fs::symlink_metadata(&leftover) {
            Ok(meta) if meta.is_dir() => {
                let _ = fs::remove_dir_all(&leftover);
            }
            Ok(_) => {
                let _ = fs::remove_file(&leftover);
            }
            Err(_) => {}
        }
    }
}

/// Puts the staging folder in the output's place. On Linux the two folders are exchanged in
/// one atomic step, so the output is always either the old tree or the new one; elsewhere the
/// old output is moved aside first (and put back by the next build if a kill interrupts).
fn swap_in(staging: &Path, output: &Path, parent: &Path, name: &str) -> Result<(), Diagnostic> {
    if output.exists() && exchange(staging, output).is_ok() {
        // `staging` now holds the old tree.
        let _ = fs::remove_dir_all(staging);
        return Ok(());
    }
    let old = parent.join(format!(".{name}.quire-old"));
    let had_output = output.exists();
    if had_output {
        fs::rename(output, &old)
            .map_err(|e| Diagnostic::io(output, "move the old output aside", &e))?;
    }
    if let Err(error) = fs::rename(staging, output) {
        if had_output {
            let _ = fs::rename(&old, output);
        }
        return Err(Diagnostic::io(
            output,
            "move the new output into place",
            &error,
        ));
    }
    if had_output {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
}

/// Swaps two folders atomically (`renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// No atomic exchange here: the caller falls back to two renames.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_replaces_the_old_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        fs::create_dir_all(output.join("stale")).unwrap();
        fs::write(output.join("stale/index.html"), "old").unwrap();
        let staging = Staging::create(&output).unwrap();
        staging
            .put(OutputFile::text("a/index.html", "new".into(), "x"))
            .unwrap();
        assert!(staging.collisions().is_empty());
        staging.commit().unwrap();
        assert_eq!(
            fs::read_to_string(output.join("a/index.html")).unwrap(),
            "new"
        );
        assert!(!output.join("stale").exists());
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != ".public.quire-lock")
            .collect();
        assert_eq!(names, ["public"]);
    }

    #[test]
    fn a_failed_write_leaves_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        fs::create_dir_all(&output).unwrap();
        fs::write(output.join("index.html"), "old").unwrap();
        let missing = OutputFile::copy("x.css", dir.path().join("missing.css"));
        let staging = Staging::create(&output).unwrap();
        let error = staging.put(missing).unwrap_err();
        assert!(error.message.starts_with("could not copy"), "{error}");
        drop(staging);
        assert_eq!(
            fs::read_to_string(output.join("index.html")).unwrap(),
            "old"
        );
        assert!(!dir.path().join(".public.quire-new").exists());
    }

    #[test]
    fn output_folders_that_hold_sources_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(root.join("file.txt"), "").unwrap();
        for force in [false, true] {
            assert!(check_output_dir(root, root, force).is_err());
            assert!(check_output_dir(root, &root.join("content"), force).is_err());
            assert!(check_output_dir(root, &root.join("content/x"), force).is_err());
            assert!(check_output_dir(root, &root.join("file.txt"), force).is_err());
            assert!(check_output_dir(root, root.parent().unwrap(), force).is_err());
            assert!(check_output_dir(root, &root.join("public"), force).is_ok());
        }
    }

    #[test]
    fn output_paths_that_leave_the_folder_are_errors() {
        for bad in [
            "../x/index.html",
            "/etc/x.css",
            "a//b.html",
            "a/./b",
            "a\\b",
            "c:/x",
        ] {
            assert!(!is_safe_relative(bad), "{bad}");
            let problems = collisions([(bad, Path::new("config.toml"))]);
            assert_eq!(problems.len(), 1, "{bad}");
        }
        assert!(is_safe_relative("blog/page/2/index.html"));
    }

    #[test]
    fn an_output_with_dot_dot_cannot_hide_the_site_root() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        let sneaky = site.join("missing/../../site");
        assert!(check_output_dir(&site, &sneaky, true).is_err());
    }

    #[test]
    fn xml_outputs_lose_the_characters_xml_forbids() {
        let text = "<?xml?><t>a\u{1}b\u{c}c\u{1b}d\u{ffff}\te\n\u{7f}é</t>".to_string();
        let bytes = |file: OutputFile| match file.content {
            Content::Bytes(bytes) => String::from_utf8(bytes).unwrap(),
            Content::Copy(_) => unreachable!(),
        };
        let clean = "<?xml?><t>abcd\te\n\u{7f}é</t>";
        assert_eq!(bytes(OutputFile::text("feed", text.clone(), "x")), clean);
        let body = text.replace("<?xml?>", "");
        assert_eq!(
            bytes(OutputFile::text("tags/a/ATOM.XML", body.clone(), "x")),
            clean.replace("<?xml?>", "")
        );
        assert_eq!(
            bytes(OutputFile::text("a/index.html", body.clone(), "x")),
            body
        );
    }

    #[test]
    fn paths_differing_only_in_case_collide() {
        let files = [
            ("A/index.html", Path::new("content/a.md")),
            ("a/index.html", Path::new("static/a/index.html")),
        ];
        let problems = collisions(files);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, Path::new("static/a/index.html"));
    }
}
