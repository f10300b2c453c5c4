//! The temporary folder a build writes into, its lock, and the swap that puts it in the
//! output's place.

use std::fs::{self, File};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::guard::{MARKER, MARKER_TEXT, absolute, lexical_absolute};
use super::interrupt;
use super::{Content, OutputFile, Sink, collisions, is_safe_relative};
use crate::error::{Diagnostic, Diagnostics, Origin};

/// A temporary folder beside the output that receives the build's files and replaces the
/// output only when `commit` is called; dropped without it, the folder is removed and the
/// output stays as it was. Two builds of the same output take turns: the second waits for the
/// first to finish.
pub(crate) struct Staging {
    output: PathBuf,
    parent: PathBuf,
    name: String,
    dir: PathBuf,
    /// Each file put, with its source, for `collisions`.
    written: Mutex<Vec<(String, Origin)>>,
    /// Writes that failed because a file stood where a folder was needed, or the reverse.
    blocked: Mutex<Vec<Diagnostic>>,
    /// Set at the first write that found the disk full.
    disk_full: AtomicBool,
    /// How many files were linked from the previous output instead of written.
    unchanged: AtomicUsize,
    committed: bool,
    _lock: File,
}

impl Staging {
    /// Takes the output's lock, cleans up after a killed build and creates the folder, with
    /// the marker that lets the next build replace it. The output's own name is never
    /// resolved, so a link in its place is swapped away rather than followed.
    pub(crate) fn create(output: &Path) -> Result<Staging, Diagnostic> {
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
        super::lock::acquire(&lock, &lock_path, &output)?;
        remove_leftovers(&output, &parent, &name);
        let dir = parent.join(format!(".{name}.quire-new"));
        // `create_dir`, not `create_dir_all`: it fails on anything already there, a link
        // included, so the build never writes into a folder it did not just make.
        fs::create_dir(&dir).map_err(|e| Diagnostic::io(&dir, "create the folder", &e))?;
        interrupt::register(dir.clone());
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
            blocked: Mutex::new(Vec::new()),
            disk_full: AtomicBool::new(false),
            committed: false,
            _lock: lock,
        })
    }

    /// The clashing and unsafe output paths among the files put so far.
    pub(crate) fn collisions(&self, diagnostics: &mut Diagnostics) {
        let mut written = self
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        // Files arrive in parallel: sort so the same file is blamed on every run.
        written.sort();
        let mut problems = Diagnostics::default();
        collisions(written.iter().map(|(p, o)| (p.as_str(), o)), &mut problems);
        if problems.is_empty() {
            // A clash the list does not explain (never expected): say what failed.
            problems.extend(
                self.blocked
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .clone(),
            );
        }
        diagnostics.extend(problems);
    }

    /// How many files were put.
    pub(crate) fn file_count(&self) -> usize {
        self.written.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Puts the folder in the output's place.
    pub(crate) fn commit(mut self) -> Result<(), Diagnostic> {
        let swapped = interrupt::finish(&self.dir, || {
            swap_in(&self.dir, &self.output, &self.parent, &self.name)
        });
        match swapped {
            Some(result) => {
                result?;
                self.committed = true;
                Ok(())
            }
            None => Err(interrupted_error(&self.output)),
        }
    }
}

impl Staging {
    /// Writes one file into the folder; on failure, the path, what was being done, and why.
    fn write(&self, file: &OutputFile) -> Result<(), (PathBuf, &'static str, std::io::Error)> {
        let target = self.dir.join(&file.path);
        if let Some(folder) = target.parent() {
            fs::create_dir_all(folder)
                .map_err(|e| (folder.to_path_buf(), "create the folder", e))?;
        }
        // A file already here (two sources writing one path, reported by `collisions`) may
        // be linked to the previous output: unlink it rather than write through it.
        if fs::symlink_metadata(&target).is_ok_and(|m| m.is_file()) {
            fs::remove_file(&target).map_err(|e| (target.clone(), "replace", e))?;
        }
        if self.keep_unchanged(file, &target) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        match &file.content {
            Content::Bytes(bytes) => fs::write(&target, bytes).map_err(|e| (target, "write", e)),
            Content::Copy(source) => fs::copy(source, &target)
                .map(|_| ())
                .map_err(|e| (source.clone(), "copy", e)),
        }
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
    pub(crate) fn unchanged_count(&self) -> usize {
        self.unchanged.load(Ordering::Relaxed)
    }
}

/// True for the errors of writing a file where a folder is, or into a "folder" that is a
/// file.
fn is_file_folder_clash(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        ErrorKind::NotADirectory | ErrorKind::IsADirectory | ErrorKind::AlreadyExists
    )
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
        if interrupt::interrupted() {
            return Err(interrupted_error(&self.output));
        }
        if self.disk_full.load(Ordering::Relaxed) {
            // Said once already; every later write would fail the same way.
            return Ok(());
        }
        let Err((path, action, error)) = self.write(&file) else {
            return Ok(());
        };
        let problem = Diagnostic::io(&path, action, &error);
        if is_file_folder_clash(&error) {
            // A file where another output needs a folder, or the reverse: `collisions`
            // names both sources, which this error (inside the staging folder) cannot.
            self.blocked
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(problem);
            return Ok(());
        }
        if error.kind() == ErrorKind::StorageFull && self.disk_full.swap(true, Ordering::Relaxed) {
            return Ok(());
        }
        Err(problem)
    }

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        if !is_safe_relative(path) {
            return None;
        }
        fs::read(self.dir.join(path)).ok()
    }
}

/// The error of a build stopped by Ctrl+C or SIGTERM.
fn interrupted_error(output: &Path) -> Diagnostic {
    Diagnostic::error(
        output,
        "the build was interrupted; the output was left as it was",
    )
    .with_hint("build again")
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
        interrupt::forget(&self.dir);
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
        let mut problems = Diagnostics::default();
        staging.collisions(&mut problems);
        assert!(problems.is_empty());
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
}
