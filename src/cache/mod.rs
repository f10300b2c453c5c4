//! The persistent cache of pure, expensive work (highlighted code blocks), kept between
//! builds in `.quire/cache/` under the site root. It is content-addressed: a key is a hash of
//! everything that changes the value, so an entry is never stale, only unused.
//!
//! The cache is a folder of segment files. A build reads the index of every segment when it
//! starts, and at the end writes the entries it made as one new segment (to a temporary name,
//! then renamed), so builds running at once never write the same file. When there are too
//! many segments or they are too large, the build writes one segment of the entries it used
//! and removes the segments it read: old entries are evicted, and a build running at the same
//! time keeps reading through the files it has open.
//! The file format is described in `segment.rs`.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

use crate::error::Diagnostic;

mod segment;

use segment::{Location, SegmentWriter, read_at, read_index};

/// The cache folder under the site root.
pub const CACHE_DIR: &str = ".quire/cache";

/// Changes whenever what Quire caches or how it makes it changes, so that a new Quire never
/// reads an older one's entries.
const FORMAT: &str = concat!("quire-cache-1/", env!("CARGO_PKG_VERSION"));

/// Past this many segments, or this many bytes, a build compacts the cache.
const MAX_SEGMENTS: usize = 8;
const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// A key: a hash of the kind of value and every input that changes it.
pub(crate) type Key = u128;

/// Makes the key of a value of `kind` (`highlight`) made from `parts`.
pub(crate) fn key(kind: &str, parts: &[&[u8]]) -> Key {
    let mut bytes = Vec::with_capacity(64 + parts.iter().map(|p| p.len() + 8).sum::<usize>());
    for part in [FORMAT.as_bytes(), kind.as_bytes()]
        .into_iter()
        .chain(parts.iter().copied())
    {
        bytes.extend_from_slice(&(part.len() as u64).to_le_bytes());
        bytes.extend_from_slice(part);
    }
    xxh3_128(&bytes)
}

/// A segment file read at open, kept open so a compaction by another build cannot take it
/// away while this one reads.
struct Segment {
    path: PathBuf,
    file: File,
    size: u64,
}

/// The cache of one build.
pub(crate) struct Cache {
    dir: Option<PathBuf>,
    segments: Vec<Segment>,
    index: HashMap<Key, Location>,
    /// The segment this build writes its new values to as they are made (so they are not
    /// held in memory), created at the first; renamed into place by `persist`.
    fresh: Mutex<Option<SegmentWriter>>,
    /// Keys read from the cache, kept on compaction.
    used: Mutex<HashSet<Key>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
}

/// How much the cache gave a build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Lookups the cache answered.
    pub hits: usize,
    /// Lookups it could not answer, whose value was made again.
    pub misses: usize,
}

impl Cache {
    /// A cache that neither reads nor writes (`--no-cache`).
    pub(crate) fn disabled() -> Cache {
        Cache {
            dir: None,
            segments: Vec::new(),
            index: HashMap::new(),
            fresh: Mutex::default(),
            used: Mutex::default(),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
        }
    }

    /// Opens the cache in `dir`, reading each segment's index. Segments that cannot be read
    /// or do not check out are left out; a missing folder is an empty cache.
    pub(crate) fn open(dir: &Path) -> Cache {
        let mut cache = Cache {
            dir: Some(dir.to_path_buf()),
            ..Cache::disabled()
        };
        let Ok(entries) = fs::read_dir(dir) else {
            return cache;
        };
        let mut paths = Vec::new();
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            match path.extension().and_then(|e| e.to_str()) {
                Some("seg") => paths.push(path),
                Some("tmp") if is_abandoned(&entry) => {
                    let _ = fs::remove_file(&path);
                }
                _ => {}
            }
        }
        paths.sort();
        for path in paths {
            match read_index(&path) {
                Ok((file, size, entries)) => {
                    let segment = cache.segments.len();
                    for (key, mut location) in entries {
                        location.segment = segment;
                        cache.index.insert(key, location);
                    }
                    cache.segments.push(Segment { path, file, size });
                }
                Err(error) => {
                    log::debug!("cache segment {} ignored: {error}", path.display());
                }
            }
        }
        cache
    }

    /// The value stored under `key`, if there is a sound one.
    pub(crate) fn get(&self, key: Key) -> Option<Vec<u8>> {
        self.dir.as_ref()?;
        let value = self.index.get(&key).and_then(|l| self.read_value(*l));
        match &value {
            Some(_) => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                lock(&self.used).insert(key);
            }
            None => {
                self.misses.fetch_add(1, Ordering::Relaxed);
            }
        }
        value
    }

    /// Keeps `value` under `key`: it is written to this build's new segment at once, which
    /// becomes part of the cache when the build ends. A value that cannot be written is
    /// only missing from the cache.
    pub(crate) fn put(&self, key: Key, value: &[u8]) {
        let Some(dir) = &self.dir else {
            return;
        };
        let mut fresh = lock(&self.fresh);
        if fresh.is_none() {
            match SegmentWriter::create(dir) {
                Ok(writer) => *fresh = Some(writer),
                Err(error) => {
                    log::debug!("cache not written: {error}");
                    return;
                }
            }
        }
        if let Some(writer) = fresh.as_mut()
            && let Err(error) = writer.add(key, value)
        {
            log::debug!("cache not written: {error}");
        }
    }

    /// How many lookups hit and missed so far.
    pub(crate) fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }

    /// Makes this build's new segment part of the cache, compacting when the cache has
    /// grown too large. A failure is a warning: the build itself is fine.
    pub(crate) fn persist(&self) -> Result<(), Diagnostic> {
        let Some(dir) = &self.dir else {
            return Ok(());
        };
        let size: u64 = self.segments.iter().map(|s| s.size).sum();
        let compact = self.segments.len() >= MAX_SEGMENTS || size > MAX_BYTES;
        let problem = |error: &io::Error| {
            Diagnostic::warning(dir, format!("could not write the build cache: {error}"))
                .with_hint("check that .quire/cache/ may be written, or build with --no-cache")
        };
        if compact {
            let mut used: Vec<Key> = lock(&self.used).iter().copied().collect();
            used.sort_unstable();
            for key in used {
                if let Some(value) = self.index.get(&key).and_then(|l| self.read_value(*l)) {
                    self.put(key, &value);
                }
            }
        }
        let Some(writer) = lock(&self.fresh).take() else {
            return Ok(());
        };
        writer.finish().map_err(|e| problem(&e))?;
        if compact {
            for segment in &self.segments {
                // Another build may have removed it first.
                let _ = fs::remove_file(&segment.path);
            }
        }
        Ok(())
    }

    fn read_value(&self, location: Location) -> Option<Vec<u8>> {
        // Positioned reads: threads read one segment at once, with no lock.
        let segment = self.segments.get(location.segment)?;
        let mut value = vec![0; location.length as usize];
        read_at(&segment.file, &mut value, location.offset).ok()?;
        (xxh3_64(&value) == location.checksum).then_some(value)
    }
}

/// A temporary segment left by a build that was killed: one a day old.
fn is_abandoned(entry: &fs::DirEntry) -> bool {
    let day = std::time::Duration::from_secs(24 * 60 * 60);
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|modified| modified.elapsed().ok())
        .is_some_and(|age| age > day)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests;
