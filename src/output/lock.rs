//! Taking turns: two builds of one output share a lock file beside it. The one that waits
//! says so, and for which process, and gives up after a time rather than hanging for good.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::Diagnostic;

/// How long a build waits for another by default; `QUIRE_LOCK_TIMEOUT` (seconds) overrides.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// Takes the lock on `lock` (the file at `path`, for the output `output`), waiting for the
/// build that holds it; then writes this process's id into it for the next one to name.
pub(super) fn acquire(lock: &File, path: &Path, output: &Path) -> Result<(), Diagnostic> {
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
