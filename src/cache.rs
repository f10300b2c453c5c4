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
//!
//! A segment is `MAGIC`, then records (`key: u128`, `length: u32`, `checksum: u64`, the
//! value), then an index of (`key`, `offset`, `length`, `checksum`) and a footer (the index's
//! offset and entry count, and `MAGIC`). A segment whose footer or index does not check out
//! is ignored; a value whose checksum does not match is a miss, never served.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

use crate::error::Diagnostic;

/// The cache folder under the site root.
pub const CACHE_DIR: &str = ".quire/cache";

/// Changes whenever what Quire caches or how it makes it changes, so that a new Quire never
/// reads an older one's entries.
const FORMAT: &str = concat!("quire-cache-1/", env!("CARGO_PKG_VERSION"));

const MAGIC: &[u8; 8] = b"QCACHE01";
const RECORD_HEADER: usize = 16 + 4 + 8;
const INDEX_ENTRY: usize = 16 + 8 + 4 + 8;
const FOOTER: usize = 8 + 8 + 8;

/// Past this many segments, or this many bytes, a build compacts the cache.
const MAX_SEGMENTS: usize = 8;
const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// A key: a hash of the kind of value and every input that changes it.
pub type Key = u128;

/// Makes the key of a value of `kind` (`highlight`) made from `parts`.
pub fn key(kind: &str, parts: &[&[u8]]) -> Key {
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

/// Where a value is: which segment, at which offset, how long, and its checksum.
#[derive(Debug, Clone, Copy)]
struct Location {
    segment: usize,
    offset: u64,
    length: u32,
    checksum: u64,
}

/// A segment file read at open, kept open so a compaction by another build cannot take it
/// away while this one reads.
struct Segment {
    path: PathBuf,
    file: File,
    size: u64,
}

/// The cache of one build.
pub struct Cache {
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
    pub hits: usize,
    pub misses: usize,
}

impl Cache {
    /// A cache that neither reads nor writes (`--no-cache`).
    pub fn disabled() -> Cache {
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
    pub fn open(dir: &Path) -> Cache {
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
    pub fn get(&self, key: Key) -> Option<Vec<u8>> {
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
    pub fn put(&self, key: Key, value: &[u8]) {
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
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }

    /// Makes this build's new segment part of the cache, compacting when the cache has
    /// grown too large. A failure is a warning: the build itself is fine.
    pub fn persist(&self) -> Result<(), Diagnostic> {
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

/// Fills `buf` from `file` at `offset` without moving a shared cursor.
#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
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

/// A segment being written: to a temporary file, renamed when whole.
struct SegmentWriter {
    temporary: PathBuf,
    finished: PathBuf,
    out: BufWriter<File>,
    offset: u64,
    index: Vec<u8>,
    keys: HashSet<Key>,
    renamed: bool,
}

impl Drop for SegmentWriter {
    /// A build that ends without persisting (it failed, or was stopped) leaves no file.
    fn drop(&mut self) {
        if !self.renamed {
            let _ = fs::remove_file(&self.temporary);
        }
    }
}

impl SegmentWriter {
    fn create(dir: &Path) -> io::Result<SegmentWriter> {
        fs::create_dir_all(dir)?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let unique = format!("{nanos:032}-{}", std::process::id());
        let temporary = dir.join(format!(".{unique}.tmp"));
        let mut out = BufWriter::new(File::create_new(&temporary)?);
        out.write_all(MAGIC)?;
        Ok(SegmentWriter {
            finished: dir.join(format!("{unique}.seg")),
            temporary,
            out,
            offset: MAGIC.len() as u64,
            index: Vec::new(),
            keys: HashSet::new(),
            renamed: false,
        })
    }

    fn add(&mut self, key: Key, value: &[u8]) -> io::Result<()> {
        if !self.keys.insert(key) {
            return Ok(());
        }
        let length = u32::try_from(value.len()).map_err(io::Error::other)?;
        let checksum = xxh3_64(value);
        self.out.write_all(&key.to_le_bytes())?;
        self.out.write_all(&length.to_le_bytes())?;
        self.out.write_all(&checksum.to_le_bytes())?;
        self.out.write_all(value)?;
        let value_offset = self.offset + RECORD_HEADER as u64;
        self.index.extend_from_slice(&key.to_le_bytes());
        self.index.extend_from_slice(&value_offset.to_le_bytes());
        self.index.extend_from_slice(&length.to_le_bytes());
        self.index.extend_from_slice(&checksum.to_le_bytes());
        self.offset = value_offset + u64::from(length);
        Ok(())
    }

    /// Writes the index and footer, and renames the segment into place.
    fn finish(mut self) -> io::Result<()> {
        let result = (|| {
            self.out.write_all(&self.index)?;
            self.out.write_all(&self.offset.to_le_bytes())?;
            self.out
                .write_all(&(self.keys.len() as u64).to_le_bytes())?;
            self.out.write_all(MAGIC)?;
            self.out.flush()?;
            self.out.get_ref().sync_all()?;
            fs::rename(&self.temporary, &self.finished)
        })();
        self.renamed = result.is_ok();
        result
    }
}

/// An open segment: the file, its size and its index.
type OpenSegment = (File, u64, Vec<(Key, Location)>);

/// Opens a segment and reads its index; an error when it is truncated or malformed.
fn read_index(path: &Path) -> io::Result<OpenSegment> {
    let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_string());
    let mut file = File::open(path)?;
    let size = file.metadata()?.len();
    if size < (MAGIC.len() + FOOTER) as u64 {
        return Err(bad("too short"));
    }
    let mut magic = [0; 8];
    file.read_exact(&mut magic)?;
    let mut footer = [0; FOOTER];
    file.seek(SeekFrom::End(-(FOOTER as i64)))?;
    file.read_exact(&mut footer)?;
    let number = |bytes: &[u8]| u64::from_le_bytes(bytes.try_into().unwrap_or_default());
    let (index_offset, count) = (number(&footer[..8]), number(&footer[8..16]));
    if &magic != MAGIC || &footer[16..] != MAGIC {
        return Err(bad("not a cache segment, or truncated"));
    }
    let index_length = count
        .checked_mul(INDEX_ENTRY as u64)
        .filter(|length| index_offset.checked_add(*length) == Some(size - FOOTER as u64))
        .ok_or_else(|| bad("index does not fit"))?;
    let mut index = vec![0; index_length as usize];
    file.seek(SeekFrom::Start(index_offset))?;
    file.read_exact(&mut index)?;
    let mut entries = Vec::with_capacity(count as usize);
    for entry in index.chunks_exact(INDEX_ENTRY) {
        let key = u128::from_le_bytes(entry[..16].try_into().unwrap_or_default());
        let offset = number(&entry[16..24]);
        let length = u32::from_le_bytes(entry[24..28].try_into().unwrap_or_default());
        let checksum = number(&entry[28..36]);
        if offset.saturating_add(u64::from(length)) > index_offset {
            return Err(bad("an entry lies outside the segment"));
        }
        let location = Location {
            segment: 0,
            offset,
            length,
            checksum,
        };
        entries.push((key, location));
    }
    Ok((file, size, entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(dir: &Path) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "seg"))
            .collect();
        paths.sort();
        paths
    }

    #[test]
    fn a_value_put_by_one_build_is_a_hit_in_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let first = Cache::open(dir.path());
        let k = key("test", &[b"rust", b"fn main() {}"]);
        assert_eq!(first.get(k), None);
        first.put(k, b"<span>fn</span>");
        first.persist().unwrap();
        let second = Cache::open(dir.path());
        assert_eq!(second.get(k).as_deref(), Some(&b"<span>fn</span>"[..]));
        assert_eq!(second.stats(), CacheStats { hits: 1, misses: 0 });
        assert_eq!(first.stats(), CacheStats { hits: 0, misses: 1 });
    }

    #[test]
    fn keys_differ_with_every_part_and_where_parts_are_cut() {
        assert_ne!(key("a", &[b"rust", b"x"]), key("a", &[b"python", b"x"]));
        assert_ne!(key("a", &[b"ab", b"c"]), key("a", &[b"a", b"bc"]));
        assert_ne!(key("a", &[b"x"]), key("b", &[b"x"]));
    }

    #[test]
    fn a_corrupt_value_is_a_miss_and_never_served() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path());
        let k = key("test", &[b"value"]);
        cache.put(k, b"the right bytes");
        cache.persist().unwrap();
        let segment = &segments(dir.path())[0];
        let mut bytes = fs::read(segment).unwrap();
        let at = bytes.windows(5).position(|w| w == b"right").unwrap();
        bytes[at] = b'w';
        fs::write(segment, bytes).unwrap();
        let reopened = Cache::open(dir.path());
        assert_eq!(reopened.get(k), None);
    }

    #[test]
    fn a_truncated_segment_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path());
        let k = key("test", &[b"value"]);
        cache.put(k, b"some bytes");
        cache.persist().unwrap();
        let segment = &segments(dir.path())[0];
        let bytes = fs::read(segment).unwrap();
        fs::write(segment, &bytes[..bytes.len() - 3]).unwrap();
        fs::write(dir.path().join("garbage.seg"), b"nonsense").unwrap();
        let reopened = Cache::open(dir.path());
        assert!(reopened.segments.is_empty());
        assert_eq!(reopened.get(k), None);
    }

    #[test]
    fn a_disabled_cache_neither_reads_nor_writes() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::disabled();
        cache.put(key("test", &[b"x"]), b"y");
        cache.persist().unwrap();
        assert_eq!(cache.get(key("test", &[b"x"])), None);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn too_many_segments_are_compacted_to_what_the_last_build_used() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..MAX_SEGMENTS {
            let cache = Cache::open(dir.path());
            cache.put(key("test", &[&[i as u8]]), &[i as u8]);
            cache.persist().unwrap();
        }
        assert_eq!(segments(dir.path()).len(), MAX_SEGMENTS);
        let cache = Cache::open(dir.path());
        assert!(cache.get(key("test", &[&[3]])).is_some());
        cache.persist().unwrap();
        assert_eq!(segments(dir.path()).len(), 1);
        let compacted = Cache::open(dir.path());
        assert_eq!(
            compacted.get(key("test", &[&[3]])).as_deref(),
            Some(&[3][..])
        );
        assert_eq!(compacted.get(key("test", &[&[4]])), None);
    }

    #[test]
    fn builds_writing_at_once_each_add_a_whole_segment() {
        let dir = tempfile::tempdir().unwrap();
        let writers: Vec<_> = (0..4u8)
            .map(|i| {
                let dir = dir.path().to_path_buf();
                std::thread::spawn(move || {
                    let cache = Cache::open(&dir);
                    for j in 0..100u8 {
                        cache.put(key("test", &[&[i, j]]), &[i, j, 7]);
                    }
                    cache.persist().unwrap();
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        let cache = Cache::open(dir.path());
        for i in 0..4u8 {
            for j in 0..100u8 {
                assert_eq!(
                    cache.get(key("test", &[&[i, j]])).as_deref(),
                    Some(&[i, j, 7][..])
                );
            }
        }
    }
}
