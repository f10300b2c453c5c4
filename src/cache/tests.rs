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
