//! Segment files: written to a temporary name and renamed when whole, read back through
//! their index.
//!
//! A segment is `MAGIC`, then records (`key: u128`, `length: u32`, `checksum: u64`, the
//! value), then an index of (`key`, `offset`, `length`, `checksum`) and a footer (the index's
//! offset and entry count, and `MAGIC`). A segment whose footer or index does not check out
//! is ignored; a value whose checksum does not match is a miss, never served.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::xxh3_64;

use super::Key;

const MAGIC: &[u8; 8] = b"QCACHE01";
const RECORD_HEADER: usize = 16 + 4 + 8;
const INDEX_ENTRY: usize = 16 + 8 + 4 + 8;
const FOOTER: usize = 8 + 8 + 8;

/// Where a value is: which segment, at which offset, how long, and its checksum.
#[derive(Debug, Clone, Copy)]
pub(super) struct Location {
    pub(super) segment: usize,
    pub(super) offset: u64,
    pub(super) length: u32,
    pub(super) checksum: u64,
}

/// Fills `buf` from `file` at `offset` without moving a shared cursor.
#[cfg(unix)]
pub(super) fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
pub(super) fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
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

/// A segment being written: to a temporary file, renamed when whole.
pub(super) struct SegmentWriter {
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
    pub(super) fn create(dir: &Path) -> io::Result<SegmentWriter> {
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

    pub(super) fn add(&mut self, key: Key, value: &[u8]) -> io::Result<()> {
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
    pub(super) fn finish(mut self) -> io::Result<()> {
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
pub(super) type OpenSegment = (File, u64, Vec<(Key, Location)>);

/// Opens a segment and reads its index; an error when it is truncated or malformed.
pub(super) fn read_index(path: &Path) -> io::Result<OpenSegment> {
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
