//! What a running build is doing, shared with whoever shows it (the progress line that
//! `quire build` draws on a terminal).

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The current stage of a build and, for counted stages, how far it is.
#[derive(Debug, Default)]
pub struct BuildProgress {
    stage: Mutex<&'static str>,
    done: AtomicUsize,
    total: AtomicUsize,
}

impl BuildProgress {
    /// Starts a stage of `total` steps (0 for a stage that is not counted).
    pub(crate) fn stage(&self, name: &'static str, total: usize) {
        if let Ok(mut stage) = self.stage.lock() {
            *stage = name;
        }
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// One more step of the current stage is done.
    pub(crate) fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// The stage and its count: `Rendering pages 1200/50000`.
    pub fn describe(&self) -> String {
        let stage = self.stage.lock().map(|s| *s).unwrap_or_default();
        match self.total.load(Ordering::Relaxed) {
            0 => stage.to_string(),
            total => format!("{stage} {}/{total}", self.done.load(Ordering::Relaxed)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_the_stage_and_its_count() {
        let progress = BuildProgress::default();
        progress.stage("Loading content", 0);
        assert_eq!(progress.describe(), "Loading content");
        progress.stage("Rendering pages", 3);
        progress.step();
        progress.step();
        assert_eq!(progress.describe(), "Rendering pages 2/3");
    }
}
