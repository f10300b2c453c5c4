//! `quire serve`: builds the site into memory, serves it on loopback, watches the sources,
//! rebuilds on change and tells open pages to reload (or shows the build errors over them).
//! Nothing is written to disk, and only files of the built site can be served.

mod changes;
mod host;
mod http;
mod watch;

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use crate::error::{Diagnostic, Diagnostics};
use crate::output::{Content, OutputFile};
use crate::site::{BuildOptions, Site, SiteUpdate, build_in_memory};
use changes::{Change, classify};

/// What `quire serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The address to listen on (`127.0.0.1`).
    pub interface: IpAddr,
    /// The port to listen on (`1111`).
    pub port: u16,
    /// Serve pages marked `draft = true` too.
    pub drafts: bool,
}

/// The built site as served: every output file by path, and the errors of the last build if
/// it failed (the files are then those of the last good build).
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    pub(crate) files: HashMap<String, Arc<[u8]>>,
    pub(crate) errors: Option<String>,
}

/// A message to the open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PageEvent {
    /// Reload the page.
    Reload,
    /// Only stylesheets changed: reload them.
    Css,
    /// The build failed: show these errors.
    Failed(String),
}

/// The server's state, shared by the request threads and the watcher.
#[derive(Default)]
pub(crate) struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    listeners: Mutex<Vec<Sender<PageEvent>>>,
}

impl Shared {
    /// The current snapshot.
    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    fn replace(&self, snapshot: Snapshot) {
        match self.snapshot.write() {
            Ok(mut guard) => *guard = Arc::new(snapshot),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(snapshot),
        }
    }

    /// A channel on which the page events of later rebuilds arrive.
    pub(crate) fn subscribe(&self) -> mpsc::Receiver<PageEvent> {
        let (sender, receiver) = mpsc::channel();
        if let Ok(mut listeners) = self.listeners.lock() {
            listeners.push(sender);
        }
        receiver
    }

    fn broadcast(&self, event: &PageEvent) {
        if let Ok(mut listeners) = self.listeners.lock() {
            listeners.retain(|listener| listener.send(event.clone()).is_ok());
        }
    }
}

/// Builds, serves and watches until the process is stopped; an error only when it cannot
/// start (the port is taken, the folder cannot be watched).
pub fn run(options: &ServeOptions) -> Result<(), Diagnostic> {
    let address = std::net::SocketAddr::new(options.interface, options.port);
    let server = tiny_http::Server::http(address).map_err(|error| {
        Diagnostic::error(
            options.root.join("config.toml"),
            format!("cannot listen on {address}: {error}"),
        )
        .with_hint("pass another --port, or stop the program that uses this one")
    })?;
    // With `--port 0` the system chose the port: print and link the one bound.
    let address = server.server_addr().to_ip().unwrap_or(address);
    let base_url = format!("http://{address}/");
    let build_options = BuildOptions {
        base_url: Some(base_url.clone()),
        drafts: options.drafts,
        cachebust: false,
        mode: crate::config::Mode::Serve,
        ..BuildOptions::new(&options.root)
    };
    let shared = Arc::new(Shared::default());
    let site = rebuild(&build_options, &shared);
    let scope = if options.interface.is_loopback() {
        "loopback only; pass --interface 0.0.0.0 to share it on your network"
    } else {
        "WARNING: reachable from other machines on your network"
    };
    println!(
        "Serving {} at {base_url} ({scope}). Press Ctrl+C to stop.",
        options.root.display()
    );
    let (events, changes) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(events)
        .map_err(|e| Diagnostic::error(&options.root, format!("cannot watch the site: {e}")))?;
    let root = options
        .root
        .canonicalize()
        .unwrap_or_else(|_| options.root.clone());
    watch::watch_sources(&mut watcher, &root)
        .map_err(|e| Diagnostic::error(&root, format!("cannot watch: {e}")))?;
    let watcher_shared = Arc::clone(&shared);
    std::thread::spawn(move || {
        let mut site = site;
        while let Ok(first) = changes.recv() {
            let changed = watch::gather(first, &changes, &root);
            watch::rewatch(&mut watcher, &root, &changed);
            if !changed.is_empty() {
                site = update(site, &changed, &build_options, &watcher_shared);
            }
        }
    });
    let hosts = host::AllowedHosts::new(address);
    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || http::respond(request, &shared, &hosts));
    }
    Ok(())
}

/// Builds into memory and swaps the new snapshot in, or keeps the last good files and records
/// the errors; tells the open pages either way. Returns the site for later partial updates.
pub(crate) fn rebuild(options: &BuildOptions, shared: &Shared) -> Option<Site> {
    let started = Instant::now();
    let mut diagnostics = Diagnostics::default();
    let built = build_in_memory(options, &mut diagnostics);
    match built {
        Some((site, files)) if !diagnostics.has_errors() => {
            let mut unread = Diagnostics::default();
            match served(files, &mut unread) {
                Some(files) => {
                    let event = change_kind(&shared.snapshot().files, &files, true);
                    publish(shared, files, event, diagnostics, started, "");
                    Some(site)
                }
                None => {
                    fail(shared, unread);
                    None
                }
            }
        }
        _ => {
            fail(shared, diagnostics);
            None
        }
    }
}

/// Re-renders after `changed` paths: an edited page's body, edited templates and edited
/// static files update only the outputs they touch; anything else rebuilds the whole site.
pub(crate) fn update(
    site: Option<Site>,
    changed: &[PathBuf],
    options: &BuildOptions,
    shared: &Shared,
) -> Option<Site> {
    let Some(site) = site else {
        return rebuild(options, shared);
    };
    let started = Instant::now();
    let mut diagnostics = Diagnostics::default();
    let (update, what) = match classify(changed, &options.root) {
        Change::Page(relative) => {
            let path = options.root.join("content").join(&relative);
            let Ok(source) = crate::content::document::read_text(&path, &path) else {
                return rebuild(options, shared);
            };
            (
                site.update_page(&relative, source, &mut diagnostics),
                " for one page",
            )
        }
        Change::Templates => (site.update_templates(&mut diagnostics), " for templates"),
        Change::Sass => (site.update_sass(&mut diagnostics), " for Sass"),
        Change::Static(paths) => match site.updated_static_files(&paths) {
            Some(files) => (
                SiteUpdate::Applied(Box::new(site), files),
                " for static files",
            ),
            None => return rebuild(options, shared),
        },
        Change::Other => return rebuild(options, shared),
    };
    match update {
        SiteUpdate::Applied(site, files) => {
            if diagnostics.has_errors() {
                fail(shared, diagnostics);
                // The next change rebuilds everything, so these errors stay until fixed.
                return None;
            }
            let mut unread = Diagnostics::default();
            match served(files, &mut unread) {
                Some(changed_files) => {
                    let old = shared.snapshot();
                    let event = change_kind(&old.files, &changed_files, false);
                    let count = changed_files.len();
                    let noun = if count == 1 { "file" } else { "files" };
                    let what = format!("{count} {noun} rendered{what}");
                    let mut files = old.files.clone();
                    files.extend(changed_files);
                    publish(shared, files, event, diagnostics, started, &what);
                    Some(*site)
                }
                None => {
                    fail(shared, unread);
                    Some(*site)
                }
            }
        }
        SiteUpdate::NeedsFullBuild => rebuild(options, shared),
    }
}

/// Serves `files` from now on and tells the open pages what changed.
fn publish(
    shared: &Shared,
    files: HashMap<String, Arc<[u8]>>,
    event: Option<PageEvent>,
    diagnostics: Diagnostics,
    started: Instant,
    what: &str,
) {
    for warning in diagnostics.into_sorted() {
        eprintln!("{warning}");
    }
    let old = shared.snapshot();
    let count = files.len();
    shared.replace(Snapshot {
        files,
        errors: None,
    });
    let detail = if what.is_empty() {
        String::new()
    } else {
        format!(" ({what})")
    };
    println!(
        "Rebuilt {count} files in {} ms{detail}",
        started.elapsed().as_millis()
    );
    if let Some(event) = event.or(old.errors.as_ref().map(|_| PageEvent::Reload)) {
        shared.broadcast(&event);
    }
}

/// Keeps serving the last good files and shows `diagnostics` in the terminal and the pages.
fn fail(shared: &Shared, diagnostics: Diagnostics) {
    let diagnostics = diagnostics.into_sorted();
    let text: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    let text = text.join("\n");
    eprintln!("{text}\nThe build failed; still serving the last good build.");
    let files = shared.snapshot().files.clone();
    shared.replace(Snapshot {
        files,
        errors: Some(text.clone()),
    });
    shared.broadcast(&PageEvent::Failed(text));
}

/// Output files as served: every file's bytes in memory; `None` when a copied file could not
/// be read (each such problem in `diagnostics`).
fn served(
    files: Vec<OutputFile>,
    diagnostics: &mut Diagnostics,
) -> Option<HashMap<String, Arc<[u8]>>> {
    let mut served = HashMap::with_capacity(files.len());
    let mut unread = false;
    for file in files {
        match file.content {
            Content::Bytes(bytes) => {
                served.insert(file.path, Arc::from(bytes));
            }
            Content::Copy(source) => match std::fs::read(&source) {
                Ok(bytes) => {
                    served.insert(file.path, Arc::from(bytes));
                }
                Err(error) => {
                    diagnostics.push(Diagnostic::io(&file.origin, "read", &error));
                    unread = true;
                }
            },
        }
    }
    (!unread).then_some(served)
}

/// What the pages need to do after a rebuild: nothing, reload their stylesheets (only CSS
/// changed), or reload. `complete` says `new` is the whole site, so files missing from it
/// were removed; otherwise `new` holds only the files that were rendered again.
fn change_kind(
    old: &HashMap<String, Arc<[u8]>>,
    new: &HashMap<String, Arc<[u8]>>,
    complete: bool,
) -> Option<PageEvent> {
    if complete && old.keys().any(|path| !new.contains_key(path)) {
        return Some(PageEvent::Reload);
    }
    let changed: Vec<&String> = new
        .iter()
        .filter(|(path, bytes)| old.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    if changed.is_empty() {
        None
    } else if changed.iter().all(|path| path.ends_with(".css")) {
        Some(PageEvent::Css)
    } else {
        Some(PageEvent::Reload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_sorted_by_what_they_touch() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for folder in [
            "content/5xx",
            "templates",
            "static/img",
            "sass/parts",
            "themes/t/templates",
            "themes/t/sass",
        ] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        let at = |paths: &[&str]| -> Vec<PathBuf> { paths.iter().map(|p| root.join(p)).collect() };
        assert_eq!(
            classify(&at(&["content/5xx/500.md"]), root),
            Change::Page("5xx/500.md".into())
        );
        assert_eq!(
            classify(&at(&["templates/page.html", "templates/base.html"]), root),
            Change::Templates
        );
        assert_eq!(
            classify(&at(&["static/img/a.svg", "static/site.js"]), root),
            Change::Static(vec!["img/a.svg".into(), "site.js".into()])
        );
        assert_eq!(
            classify(&at(&["sass/site.scss", "sass/parts/_a.scss"]), root),
            Change::Sass
        );
        assert_eq!(
            classify(&at(&["themes/t/sass/theme.scss"]), root),
            Change::Sass
        );
        assert_eq!(
            classify(&at(&["themes/t/templates/page.html"]), root),
            Change::Templates
        );
        for other in [
            &["themes/t/templates/page.html", "themes/t/sass/a.scss"][..],
            &[][..],
            &["content/5xx/500.md", "content/5xx/502.md"],
            &["content/5xx/photo.png"],
            &["config.toml"],
            &["templates/page.html", "static/site.js"],
        ] {
            assert_eq!(classify(&at(other), root), Change::Other, "{other:?}");
        }
    }

    fn files(entries: &[(&str, &str)]) -> HashMap<String, Arc<[u8]>> {
        entries
            .iter()
            .map(|(p, b)| (p.to_string(), Arc::from(b.as_bytes())))
            .collect()
    }

    #[test]
    fn only_css_changes_reload_only_stylesheets() {
        let old = files(&[("index.html", "a"), ("style.css", "x")]);
        assert_eq!(
            change_kind(
                &old,
                &files(&[("index.html", "a"), ("style.css", "y")]),
                true
            ),
            Some(PageEvent::Css)
        );
        assert_eq!(
            change_kind(
                &old,
                &files(&[("index.html", "b"), ("style.css", "x")]),
                true
            ),
            Some(PageEvent::Reload)
        );
        assert_eq!(
            change_kind(&old, &files(&[("index.html", "a")]), true),
            Some(PageEvent::Reload)
        );
        assert_eq!(change_kind(&old, &old, true), None);
        assert_eq!(
            change_kind(&old, &files(&[("style.css", "z")]), false),
            Some(PageEvent::Css)
        );
    }
}
