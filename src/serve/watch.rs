//! Which file-system events rebuild the site: changes to its sources (not reads, editor
//! swap files, the output or the build's cache), gathered over a short burst.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{EventKind, RecursiveMode, Watcher};

/// The folders of the site root whose changes rebuild the site.
const SOURCE_FOLDERS: [&str; 5] = ["content", "templates", "static", "sass", "themes"];

/// Watches the site's sources: the root alone (for `config.toml`, and for a source folder
/// that appears or is put back), and each source folder with everything in it. The output
/// and `.quire/` are not watched: a large site's output holds a folder per page, and a
/// watch on each would cost time at start and could pass the system's limit.
pub(super) fn watch_sources(watcher: &mut impl Watcher, root: &Path) -> notify::Result<()> {
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for folder in SOURCE_FOLDERS {
        let path = root.join(folder);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok(())
}

/// Watches again any of `changed` that is a source folder of the root, since a folder
/// deleted and made again, or renamed into place, is not the one watched before.
pub(super) fn rewatch(watcher: &mut impl Watcher, root: &Path, changed: &[PathBuf]) {
    for path in changed {
        let is_source_folder = path.parent() == Some(root)
            && path
                .file_name()
                .is_some_and(|name| SOURCE_FOLDERS.iter().any(|f| name == *f));
        if is_source_folder && path.is_dir() {
            let _ = watcher.watch(path, RecursiveMode::Recursive);
        }
    }
}

/// The sources changed by `first` and the events that follow it within the debounce: an
/// editor's save is a burst of events, built once. The burst is cut at [`MAX_DEBOUNCE`], so
/// a file rewritten every 20 ms still gets a rebuild that often. Within it, a file written
/// to and not yet closed (Linux reports the close) is waited for, so a save that truncates
/// the file and writes it a moment later is not read half-written. Empty when nothing of the
/// site changed; a watcher error gives one path, the root, which rebuilds everything.
pub(super) fn gather(
    first: notify::Result<notify::Event>,
    changes: &mpsc::Receiver<notify::Result<notify::Event>>,
    root: &Path,
) -> Vec<PathBuf> {
    let started = Instant::now();
    let mut changed = Vec::new();
    let mut created = HashSet::new();
    let mut writing = HashSet::new();
    let mut failed = false;
    let mut take = |event: &notify::Result<notify::Event>,
                    changed: &mut Vec<PathBuf>,
                    writing: &mut HashSet<PathBuf>| {
        if let Ok(event) = event {
            track_writers(event, root, writing);
        }
        if is_change(event) {
            let paths = changed_paths(event, root);
            failed |= event.is_err();
            if let Ok(event) = event
                && matches!(event.kind, EventKind::Create(_))
            {
                created.extend(paths.iter().cloned());
            }
            changed.extend(paths);
        }
    };
    take(&first, &mut changed, &mut writing);
    while started.elapsed() < MAX_DEBOUNCE {
        match changes.recv_timeout(DEBOUNCE) {
            Ok(more) => take(&more, &mut changed, &mut writing),
            Err(mpsc::RecvTimeoutError::Timeout) if !writing.is_empty() => {}
            Err(_) => break,
        }
    }
    // A file made and gone within the burst changed nothing: the temporary file of a save
    // by rename (`sed -i`, many editors), renamed over the file it replaces.
    changed.retain(|path| !created.contains(path) || fs::symlink_metadata(path).is_ok());
    if changed.is_empty() && failed {
        changed.push(root.to_path_buf());
    }
    changed.sort();
    changed.dedup();
    changed
}

/// Keeps `writing` as the sources written to and not closed since: on Linux, where the
/// watcher reports each close of a file opened for writing. Elsewhere it stays empty. Other
/// files of the root (a log that stays open) and editor swap files are not waited for.
fn track_writers(event: &notify::Event, root: &Path, writing: &mut HashSet<PathBuf>) {
    if !cfg!(target_os = "linux") {
        return;
    }
    match event.kind {
        EventKind::Modify(ModifyKind::Data(_)) => writing.extend(
            event
                .paths
                .iter()
                .filter(|path| is_watched_source(path, root))
                .cloned(),
        ),
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => {
            for path in &event.paths {
                writing.remove(path);
            }
        }
        _ => {}
    }
}

/// The paths an event names that are sources of the site, without editor noise.
fn changed_paths(event: &notify::Result<notify::Event>, root: &Path) -> Vec<PathBuf> {
    match event {
        Ok(event) => event
            .paths
            .iter()
            .filter(|p| is_watched_source(p, root))
            .cloned()
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// A source of the site that is not editor noise: what a burst of changes is made of.
fn is_watched_source(path: &Path, root: &Path) -> bool {
    !is_editor_noise(path) && is_source(path, root)
}

/// True for `config.toml`, `zola.toml` and what lies under `content/`, `templates/`,
/// `static/`, `sass/` and `themes/`: not the output, the cache the build writes in
/// `.quire/`, or anything else.
fn is_source(path: &Path, root: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = relative.components();
    match parts.next().map(|c| c.as_os_str().to_string_lossy()) {
        Some(first) if first == "config.toml" || first == "zola.toml" => parts.next().is_none(),
        Some(first) => SOURCE_FOLDERS.contains(&first.as_ref()),
        None => false,
    }
}

/// How long the sources must be quiet before a rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(30);

/// The longest a burst of changes delays a rebuild.
const MAX_DEBOUNCE: Duration = Duration::from_millis(300);

/// True for events that can change the site: not reads (the build itself reads every file)
/// and not editor swap files.
fn is_change(event: &notify::Result<notify::Event>) -> bool {
    match event {
        Ok(event) => {
            !matches!(event.kind, EventKind::Access(_))
                && event.paths.iter().any(|path| !is_editor_noise(path))
        }
        Err(_) => true,
    }
}

/// Editor swap and backup files, which change on every keystroke but never the site; hidden
/// files count (`static/.nojekyll` is copied).
fn is_editor_noise(path: &std::path::Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    crate::content::walk::is_editor_leftover(&name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, RenameMode};

    fn event(kind: EventKind, paths: &[&Path]) -> notify::Result<notify::Event> {
        Ok(paths.iter().fold(notify::Event::new(kind), |event, path| {
            event.add_path(path.to_path_buf())
        }))
    }

    #[test]
    fn a_save_by_rename_changes_only_the_saved_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content")).unwrap();
        let page = root.join("content/a.md");
        let temporary = root.join("content/sedAb12Cd");
        fs::write(&page, "saved").unwrap();
        let (send, receive) = mpsc::channel();
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        send.send(event(renamed, &[&temporary, &page])).unwrap();
        let created = EventKind::Create(CreateKind::File);
        assert_eq!(
            gather(event(created, &[&temporary]), &receive, root),
            [page]
        );
        // A file made that is still there is a change.
        fs::write(&temporary, "new").unwrap();
        assert_eq!(
            gather(event(created, &[&temporary]), &receive, root),
            [temporary]
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_truncated_and_written_a_moment_later_is_read_once_closed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let page = root.join("content/a.md");
        let written = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let (send, receive) = mpsc::channel();
        let writer = std::thread::spawn({
            let page = page.clone();
            move || {
                // Longer than the debounce: without the wait, the burst would end here.
                std::thread::sleep(DEBOUNCE * 3);
                send.send(event(written, &[&page])).unwrap();
                send.send(event(closed, &[&page])).unwrap();
            }
        });
        assert_eq!(gather(event(written, &[&page]), &receive, &root), [page]);
        writer.join().unwrap();
        assert!(
            receive.try_recv().is_err(),
            "the write and close after the pause were left for another burst"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_outside_the_sources_or_a_swap_file_that_stays_open_is_not_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let log = root.join("serve.log");
        let swap = root.join("content/.a.md.swp");
        let page = root.join("content/a.md");
        let written = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let (send, receive) = mpsc::channel();
        let writer = std::thread::spawn(move || {
            // Past the debounce but within the longest burst: gathered only if the log were
            // waited for.
            std::thread::sleep(DEBOUNCE * 3);
            send.send(event(written, &[&page])).unwrap();
        });
        assert!(gather(event(written, &[&log, &swap]), &receive, &root).is_empty());
        writer.join().unwrap();
        assert!(
            receive.try_recv().is_ok(),
            "the burst waited for the log or the swap file to be closed"
        );
    }
}
