//! Ctrl+C (SIGINT) and SIGTERM during a build: the staging folders of the builds under way
//! are removed, so no `.public.quire-new` is left behind, and so are lock files inside an
//! output. The binary's signal handler calls [`abandon_staging`] and exits; a build's
//! `super::Staging` registers its folder (and such a lock) here, and its commit holds the
//! same lock, so a folder is never removed half-way through its swap.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Set once an interrupt arrived: no more files are written, no more swaps made.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The staging folders (and lock files inside outputs) of the builds under way in this
/// process.
static ACTIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// True once an interrupt arrived.
pub(crate) fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Stops every build of this process from writing and removes their staging folders and the
/// lock files inside their outputs.
pub fn abandon_staging() {
    INTERRUPTED.store(true, Ordering::SeqCst);
    let mut active = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
    for dir in active.drain(..) {
        // Writers already under way may add a file while the folder is removed: try again.
        for _ in 0..20 {
            let removed = match std::fs::symlink_metadata(&dir) {
                Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(&dir),
                Ok(_) => std::fs::remove_file(&dir),
                Err(_) => Ok(()),
            };
            if removed.is_ok() || !dir.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

/// Registers a lock file inside an output.
pub(super) fn register(dir: PathBuf) {
    ACTIVE.lock().unwrap_or_else(|e| e.into_inner()).push(dir);
}

/// Makes the staging folder `dir` with `create` and registers it in one step, so an
/// interrupt that comes while it is made waits for it and then removes it: the folder is
/// never on disk unregistered. Fails without creating anything once an interrupt came.
pub(super) fn create(
    dir: &std::path::Path,
    create: impl FnOnce() -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut active = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
    if interrupted() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::Interrupted,
            "the build was interrupted",
        ));
    }
    create()?;
    active.push(dir.to_path_buf());
    Ok(())
}

/// Runs `swap` (the commit) unless an interrupt came first, then forgets `dir`; the lock
/// keeps [`abandon_staging`] from removing the folder while it is swapped in.
pub(super) fn finish<T>(dir: &std::path::Path, swap: impl FnOnce() -> T) -> Option<T> {
    let mut active = ACTIVE.lock().unwrap_or_else(|e| e.into_inner());
    if interrupted() {
        return None;
    }
    let result = swap();
    active.retain(|d| d != dir);
    Some(result)
}

/// Forgets `dir` (its build removed it or swapped it in, or released its lock).
pub(super) fn forget(dir: &std::path::Path) {
    ACTIVE
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|d| d != dir);
}
