//! Taking turns: two builds of one output share a lock file, beside the output or, when the
//! output is replaced in place, inside it. The one that waits says so, and for which process,
//! and gives up after a time rather than hanging for good.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::Diagnostic;

/// How long a build waits for another by default; `QUIRE_LOCK_TIMEOUT` (seconds) overrides.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// The lock a build holds on its output while it writes, released when dropped. A lock
/// inside the output is removed then (and on Ctrl+C), so it is not published with the site.
pub(super) struct Lock {
    _file: File,
    path: PathBuf,
    remove: bool,
}

impl Lock {
    /// Takes the lock file at `path` for `output`, waiting for the build that holds it; with
    /// `remove`, the file is removed when the lock is released. A lock file removed by the
    /// build that held it is created again, so two builds never hold two files of one name.
    pub(super) fn take(path: &Path, output: &Path, remove: bool) -> Result<Lock, Diagnostic> {
        loop {
            let file = open_lock(path)?;
            acquire(&file, path, output)?;
            if still_at(&file, path) {
                if remove {
                    super::interrupt::register(path.to_path_buf());
                }
                return Ok(Lock {
                    _file: file,
                    path: path.to_path_buf(),
                    remove,
                });
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        if self.remove {
            // Removed while still held: a build waiting on this file sees it gone and opens
            // the next one.
            let _ = fs::remove_file(&self.path);
            super::interrupt::forget(&self.path);
        }
    }
}

/// True when `path` is still the file `file` has open (not removed by the build that held
/// the lock before).
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

/// Without inode numbers, trusts the file it opened.
#[cfg(not(unix))]
fn still_at(_: &File, _: &Path) -> bool {
    true
}

/// Locks `lock` (the file at `path`, for the output `output`), waiting for the build that
/// holds it; then writes this process's id into it for the next one to name.
fn acquire(lock: &File, path: &Path, output: &Path) -> Result<(), Diagnostic> {
    let timeout = std::env::var("QUIRE_LOCK_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(DEFAULT_TIMEOUT, Duration::from_secs);
    let started = Instant::now();
    let mut said = false;
    loop {
        match lock.try_lock() {
            Ok(()) => {
                let mut writer = lock;
                // Only informative: a lock that cannot say who holds it still locks.
                let _ = lock
                    .set_len(0)
                    .and_then(|()| writeln!(writer, "{}", std::process::id()));
                return Ok(());
            }
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(error)) => {
                return Err(Diagnostic::io(path, "lock the output", &error));
            }
        }
        let holder = holder(path);
        if !said {
            log::warn!(
                "waiting for {holder} to finish building {} (up to {} s)",
                output.display(),
                timeout.as_secs()
            );
            said = true;
        }
        if started.elapsed() >= timeout || super::interrupt::interrupted() {
            return Err(Diagnostic::error(
                path,
                format!(
                    "gave up after {} s waiting for {holder} to finish building {}",
                    started.elapsed().as_secs(),
                    output.display()
                ),
            )
            .with_hint("let that build finish or stop it, then build again; QUIRE_LOCK_TIMEOUT sets the wait in seconds"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Which build holds the lock, as far as the lock file says.
fn holder(path: &Path) -> String {
    match std::fs::read_to_string(path)
        .ok()
        .and_then(|text| text.trim().parse::<u32>().ok())
    {
        Some(pid) => format!("another quire build (process {pid})"),
        None => "another quire build".to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_inside_the_output_is_removed_when_released_and_taken_again_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".quire-lock");
        let first = Lock::take(&path, dir.path(), true).unwrap();
        assert!(path.is_file());
        let (tx, rx) = std::sync::mpsc::channel();
        let waiting = {
            let path = path.clone();
            let output = dir.path().to_path_buf();
            std::thread::spawn(move || {
                // Opens the first lock's file and waits on it; it is gone once taken.
                let second = Lock::take(&path, &output, true).unwrap();
                tx.send(still_at(&second._file, &path)).unwrap();
                drop(second);
            })
        };
        std::thread::sleep(Duration::from_millis(300));
        drop(first);
        assert!(rx.recv_timeout(Duration::from_secs(10)).unwrap());
        waiting.join().unwrap();
        assert!(!path.exists());
    }
}
