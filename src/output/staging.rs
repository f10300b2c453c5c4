//! The temporary folder a build writes into, and its lock: beside the output, swapped in whole
//! (`swap`), or inside it when the output cannot be swapped, its contents then replaced in
//! place (`in_place`).

use std::fs::{self, File};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::guard::{MARKER, MARKER_TEXT, absolute, lexical_absolute};
use super::lock::Lock;
use super::swap::{self, Swapped, remove_entry};
use super::{Content, OutputFile, Sink, collisions, in_place, interrupt, is_safe_relative, spare};
use crate::error::{Diagnostic, Diagnostics, Origin};

/// A temporary folder that receives the build's files and replaces the output only when
/// `commit` is called; dropped without it, the folder is removed and the output stays as it
/// was. It sits beside the output, or inside it when the output is a mount point or its
/// parent is not writable. Two builds of the same output take turns: the second waits for
/// the first to finish.
pub(crate) struct Staging {
    output: PathBuf,
    parent: PathBuf,
    name: String,
    dir: PathBuf,
    /// True when the folder is inside the output, whose contents it replaces in place.
    in_place: bool,
    /// Where the replaced output is kept for the next build, if anywhere (see `spare`).
    spare: Option<PathBuf>,
    /// True when the folder is the spare of an earlier build, holding stale entries until
    /// `commit` prunes them.
    recycled: bool,
    /// Each file put, with its source, for `collisions`.
    written: Mutex<Vec<(String, Origin)>>,
    /// Writes that failed because a file stood where a folder was needed, or the reverse.
    blocked: Mutex<Vec<Diagnostic>>,
    /// Set at the first write that found the disk full.
    disk_full: AtomicBool,
    /// How many files were linked from the previous output instead of written.
    unchanged: AtomicUsize,
    committed: bool,
    _lock: Lock,
}

impl Staging {
    /// Takes the output's lock, cleans up after a killed build and creates the folder, with
    /// the marker that lets the next build replace it. The output's own name is never
    /// resolved, so a link in its place is swapped away rather than followed. With `spare`,
    /// the output that the swap replaces is kept there, and the next build stages into it
    /// (when it is on the same file system as the output).
    pub(crate) fn create(output: &Path, spare: Option<&Path>) -> Result<Staging, Diagnostic> {
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
        let in_place = in_place::swap_unavailable(&output, &parent);
        let (lock, dir) = match in_place {
            Some(reason) => {
                log::info!(
                    "{}: {reason}, so its contents are replaced in place",
                    output.display()
                );
                let lock = Lock::take(&output.join(in_place::LOCK), &output, true)?;
                let dir = output.join(in_place::STAGING);
                // Left by a killed build.
                remove_entry(&dir).map_err(|e| Diagnostic::io(&dir, "remove", &e))?;
                (lock, dir)
            }
            None => {
                let lock = Lock::take(&parent.join(swap::lock_name(&name)), &output, false)?;
                swap::remove_leftovers(&output, &parent, &name);
                (lock, parent.join(swap::staging_name(&name)))
            }
        };
        let spare = spare
            .filter(|spare| in_place.is_none() && same_file_system(spare, &parent))
            .map(Path::to_path_buf);
        let mut recycled = false;
        // Never `create_dir_all`: this fails on anything already there, a link included, so
        // the build never writes into a folder it did not just make (or took as its spare).
        interrupt::create(&dir, || {
            recycled = spare
                .as_deref()
                .is_some_and(|spare| spare::take(spare, &dir));
            if recycled {
                Ok(())
            } else if in_place.is_some() {
                in_place::create_staging(&dir)
            } else {
                fs::create_dir(&dir)
            }
        })
        .map_err(|e| Diagnostic::io(&dir, "create the folder", &e))?;
        let marker = dir.join(MARKER);
        if recycled {
            fs::remove_file(&marker).map_err(|e| Diagnostic::io(&marker, "replace", &e))?;
        }
        File::create_new(&marker)
            .and_then(|mut file| file.write_all(MARKER_TEXT.as_bytes()))
            .map_err(|e| Diagnostic::io(&marker, "write", &e))?;
        Ok(Staging {
            output,
            parent,
            name,
            dir,
            in_place: in_place.is_some(),
            spare,
            recycled,
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
        if self.recycled {
            let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
            spare::prune(&self.dir, written.iter().map(|(path, _)| path.as_str()))?;
        }
        match interrupt::finish(&self.dir, || self.put_in_place()) {
            Some(result) => {
                result?;
                self.committed = true;
                Ok(())
            }
            None => Err(interrupted_error(&self.output)),
        }
    }

    /// Swaps the folder in, or moves its entries into the output; a mount point that only
    /// the swap revealed gets the staged site copied inside it first.
    fn put_in_place(&self) -> Result<(), Diagnostic> {
        if self.in_place {
            return in_place::move_into_place(&self.dir, &self.output);
        }
        let swapped = swap::swap_in(
            &self.dir,
            &self.output,
            &self.parent,
            &self.name,
            self.spare.as_deref(),
        )?;
        if swapped == Swapped::Whole {
            return Ok(());
        }
        log::info!(
            "{}: it cannot be renamed (a mount point), so its contents are replaced in place",
            self.output.display()
        );
        let inside = self.output.join(in_place::STAGING);
        let moved = in_place::adopt(&self.dir, &self.output)
            .and_then(|()| in_place::move_into_place(&inside, &self.output));
        let _ = remove_entry(&self.dir);
        if moved.is_err() {
            let _ = remove_entry(&inside);
        }
        moved
    }
}

impl Staging {
    /// Writes one file into the folder; on failure, the path, what was being done, and why.
    fn write(&self, file: &OutputFile) -> Result<(), (PathBuf, &'static str, std::io::Error)> {
        let target = self.dir.join(&file.path);
        if let Some(folder) = target.parent() {
            self.create_folder(folder)?;
        }
        let existing = fs::symlink_metadata(&target).ok();
        if let Some(previous) = self.unchanged_previous(file) {
            // Still the previous output's file: the spare holds it already.
            if existing
                .as_ref()
                .is_some_and(|m| spare::same_file(m, &previous))
            {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            self.clear(&target, existing.as_ref(), &file.path)?;
            // Linked, it keeps its modification time, so deploy tools that compare times
            // (rsync, S3 sync) send only what changed.
            if fs::hard_link(self.output.join(&file.path), &target).is_ok() {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
        } else {
            self.clear(&target, existing.as_ref(), &file.path)?;
        }
        match &file.content {
            Content::Bytes(bytes) => fs::write(&target, bytes).map_err(|e| (target, "write", e)),
            Content::Copy(source) => fs::copy(source, &target)
                .map(|_| ())
                .map_err(|e| (source.clone(), "copy", e)),
        }
    }

    /// Makes the folder a file goes in. In a recycled folder, the way to it is cleared first
    /// (`clear_way_to`), so no write follows a link the spare held.
    fn create_folder(&self, folder: &Path) -> Result<(), (PathBuf, &'static str, std::io::Error)> {
        if self.recycled {
            self.clear_way_to(folder)?;
        }
        create_dir_below(&self.dir, folder)
            .map_err(|e| (folder.to_path_buf(), "create the folder", e))
    }

    /// Removes the first entry on the way from the staging folder down to `folder` that is
    /// not a real folder (a file, or a link, which is never followed), unless this build
    /// wrote it: then it is a clash, which `create_dir_all` meets and `collisions` explains.
    fn clear_way_to(&self, folder: &Path) -> Result<(), (PathBuf, &'static str, std::io::Error)> {
        let Ok(relative) = folder.strip_prefix(&self.dir) else {
            return Ok(());
        };
        let mut path = self.dir.clone();
        for component in relative.components() {
            path.push(component);
            match fs::symlink_metadata(&path) {
                Ok(meta) if meta.is_dir() => continue,
                Ok(_) => {
                    let written = path
                        .strip_prefix(&self.dir)
                        .is_ok_and(|p| self.wrote(&p.to_string_lossy()));
                    if !written {
                        fs::remove_file(&path).map_err(|e| (path.clone(), "replace", e))?;
                    }
                    return Ok(());
                }
                // Nothing there: what is left of the way is made new.
                Err(_) => return Ok(()),
            }
        }
        Ok(())
    }

    /// Removes whatever stands at `target` before a file is written there: a file (two
    /// sources writing one path, reported by `collisions`, or one the spare held), or a
    /// folder left in a recycled staging folder under which this build wrote nothing.
    fn clear(
        &self,
        target: &Path,
        existing: Option<&fs::Metadata>,
        path: &str,
    ) -> Result<(), (PathBuf, &'static str, std::io::Error)> {
        let removed = match existing {
            None => Ok(()),
            Some(meta) if !meta.is_dir() => fs::remove_file(target),
            Some(_) if self.recycled && !self.wrote_under(path) => fs::remove_dir_all(target),
            // A folder this build wrote into: the write fails, and `collisions` says why.
            Some(_) => Ok(()),
        };
        removed.map_err(|e| (target.to_path_buf(), "replace", e))
    }

    /// True when this build put a file at `path`.
    fn wrote(&self, path: &str) -> bool {
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        written.iter().any(|(p, _)| p == path)
    }

    /// True when this build put a file inside the folder `path`.
    fn wrote_under(&self, path: &str) -> bool {
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        written.iter().any(|(p, _)| {
            p.strip_prefix(path)
                .is_some_and(|rest| rest.starts_with('/'))
        })
    }

    /// The metadata of the previous output's file at this path when it is a regular file
    /// with the bytes this build makes for it; `None` when the file must be written.
    fn unchanged_previous(&self, file: &OutputFile) -> Option<fs::Metadata> {
        /// Larger files are copied rather than compared.
        const MAX_COMPARED: u64 = 16 * 1024 * 1024;
        let previous = self.output.join(&file.path);
        let meta = fs::symlink_metadata(&previous).ok()?;
        let same = meta.is_file()
            && match &file.content {
                Content::Bytes(bytes) => {
                    meta.len() == bytes.len() as u64
                        && fs::read(&previous).is_ok_and(|old| old == *bytes)
                }
                Content::Copy(source) => {
                    meta.len() <= MAX_COMPARED
                        && fs::metadata(source).is_ok_and(|m| m.len() == meta.len())
                        && matches!((fs::read(&previous), fs::read(source)), (Ok(old), Ok(new)) if old == new)
                }
            };
        same.then_some(meta)
    }

    /// How many files were kept from the previous output, unchanged.
    pub(crate) fn unchanged_count(&self) -> usize {
        self.unchanged.load(Ordering::Relaxed)
    }
}

/// True when `spare`'s nearest existing folder is on the file system that holds `parent`,
/// so the two can be renamed into each other.
fn same_file_system(spare: &Path, parent: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let device = |path: &Path| {
            path.ancestors()
                .find_map(|p| fs::metadata(p).ok())
                .map(|m| m.dev())
        };
        device(spare).is_some_and(|d| Some(d) == device(parent))
    }
    #[cfg(not(unix))]
    {
        let _ = (spare, parent);
        false
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

/// `fs::create_dir_all` for `folder` inside `root`, which itself is never made: once an
/// interrupt has removed the staging folder, a write still under way fails instead of
/// bringing the folder back.
fn create_dir_below(root: &Path, folder: &Path) -> std::io::Result<()> {
    if folder == root {
        return Ok(());
    }
    let made = |folder: &Path| match fs::create_dir(folder) {
        Err(error) if error.kind() != ErrorKind::NotFound && folder.is_dir() => Ok(()),
        result => result,
    };
    match made(folder) {
        Err(error) if error.kind() == ErrorKind::NotFound => {
            let Some(parent) = folder.parent().filter(|p| p.starts_with(root)) else {
                return Err(error);
            };
            create_dir_below(root, parent)?;
            made(folder)
        }
        result => result,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_replaces_the_old_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        fs::create_dir_all(output.join("stale")).unwrap();
        fs::write(output.join("stale/index.html"), "old").unwrap();
        let staging = Staging::create(&output, None).unwrap();
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
        let staging = Staging::create(&output, None).unwrap();
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
