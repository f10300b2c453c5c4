//! `quire check`: every internal link, `#anchor` and image of the built site leads somewhere,
//! and every page keeps the front matter schemas the site declares. Problems are placed at the
//! Markdown link that caused them where there is one, else at the page's file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

mod external;
mod html;

use html::{HtmlFacts, html_facts};

pub use external::ExternalOptions;

use crate::config::Config;
use crate::content::{Document, PageId};
use crate::error::{Diagnostic, Diagnostics, Location, Severity};
use crate::markdown::SourceLink;
use crate::output::{Content, OutputFile};
use crate::site::{BuildOptions, Site, build_in_memory};

/// Builds the site in memory and checks it, with every problem found, errors and warnings,
/// in `diagnostics`. Nothing is written. With `external`, links to other sites are fetched
/// too.
pub fn check_site(
    options: &BuildOptions,
    external: Option<&ExternalOptions>,
    diagnostics: &mut Diagnostics,
) {
    let Some((site, files)) = build_in_memory(options, diagnostics) else {
        return;
    };
    let links = check_links(&files, &site, diagnostics);
    crate::content::schemas::check(
        &site.library,
        &site.config.schemas,
        Severity::Error,
        diagnostics,
    );
    if let Some(options) = external {
        external::check(links, options, diagnostics);
    }
}

/// Where a link leads, relative to the site.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A file of the site (output path) and an optional anchor.
    Internal {
        path: String,
        anchor: Option<String>,
    },
    /// Somewhere else on the web.
    External(String),
    /// A path on the same host but outside the base URL's sub-path.
    Escapes(String),
    /// `mailto:`, `tel:`, `data:` and the like.
    Other,
}

/// Resolves `url`, found on the page at `page_path`, against the site.
fn resolve(url: &str, page_path: &str, config: &Config) -> Target {
    let url = url.trim();
    let base = config.base_url.as_str();
    let (host, base_path) = split_base(base);
    if url.contains(':') && !url.starts_with('/') && !url.starts_with('#') && !url.starts_with('.')
    {
        let Some(rest) = url.strip_prefix(base) else {
            return if url.starts_with("http://") || url.starts_with("https://") {
                match url.strip_prefix(host) {
                    Some(path) if path.starts_with('/') || path.is_empty() => {
                        Target::Escapes(url.to_string())
                    }
                    _ => Target::External(url.to_string()),
                }
            } else {
                Target::Other
            };
        };
        if !rest.is_empty() && !rest.starts_with(['/', '#', '?']) {
            // `https://x.org/docsfoo` for a base of `https://x.org/docs`.
            return Target::Escapes(url.to_string());
        }
        return internal(rest);
    }
    if url.starts_with("//") {
        return Target::External(format!("https:{url}"));
    }
    if let Some(absolute) = url.strip_prefix('/') {
        return match format!("/{absolute}").strip_prefix(base_path) {
            Some(rest) if rest.is_empty() || rest.starts_with(['/', '?', '#']) => {
                internal(&format!("/{}", rest.trim_start_matches('/')))
            }
            _ => Target::Escapes(url.to_string()),
        };
    }
    internal(&join_relative(page_path, url))
}

/// `https://x.org/docs` → (`https://x.org`, `/docs`).
fn split_base(base: &str) -> (&str, &str) {
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    match base[after_scheme..].find('/') {
        Some(slash) => base.split_at(after_scheme + slash),
        None => (base, ""),
    }
}

/// A site path (with optional `?query` and `#anchor`) as an output file and anchor.
fn internal(site_path: &str) -> Target {
    let (without_anchor, anchor) = match site_path.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string()).filter(|a| !a.is_empty())),
        None => (site_path, None),
    };
    let path = without_anchor.split('?').next().unwrap_or_default();
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let anchor = anchor.map(|a| {
        percent_encoding::percent_decode_str(&a)
            .decode_utf8_lossy()
            .into_owned()
    });
    let path = normalize_dots(if path.is_empty() { "/" } else { &path });
    let trimmed = path.trim_start_matches('/');
    let last = trimmed.rsplit('/').next().unwrap_or_default();
    let file = if path.ends_with('/') {
        format!("{trimmed}index.html")
    } else if last.contains('.') {
        trimmed.to_string()
    } else {
        // A folder named without its slash: static hosts redirect to the slash.
        format!("{trimmed}/index.html")
    };
    Target::Internal { path: file, anchor }
}

/// Resolves a relative URL against the folder of `page_path`.
fn join_relative(page_path: &str, relative: &str) -> String {
    if relative.starts_with('#') || relative.starts_with('?') {
        return format!("{page_path}{relative}");
    }
    let folder = if page_path.ends_with('/') {
        page_path.to_string()
    } else {
        page_path
            .rsplit_once('/')
            .map_or("/".to_string(), |(dir, _)| format!("{dir}/"))
    };
    format!("{folder}{relative}")
}

/// Removes `.` and `..` segments (never above the root).
fn normalize_dots(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    let mut joined = format!("/{}", segments.join("/"));
    if trailing && joined != "/" {
        joined.push('/');
    }
    joined
}

/// A page or section that made an HTML file, with what its Markdown linked to.
struct Source<'a> {
    file: &'a Path,
    source: &'a str,
    body_offset: usize,
    site_path: &'a str,
    links: Vec<SourceLink>,
}

impl Source<'_> {
    /// The place of the Markdown link or image with this URL, if the Markdown has one.
    fn location_of(&self, url: &str) -> Option<Location> {
        let link = self.links.iter().find(|l| l.url == url)?;
        Some(Location::of_offset(
            self.source,
            self.body_offset + link.offset,
        ))
    }
}

fn sources(site: &Site) -> HashMap<String, Source<'_>> {
    fn source<'a, M>(doc: &'a Document<M>, path: &'a str, links: Vec<SourceLink>) -> Source<'a> {
        Source {
            file: &doc.file,
            source: &doc.source,
            body_offset: doc.body_offset,
            site_path: path,
            links,
        }
    }
    let library = &*site.library;
    let pages: Vec<_> = (0..library.pages.len())
        .into_par_iter()
        .map(|index| {
            let index = PageId::new(index);
            let page = &library.pages[index];
            (
                crate::content::paths::output_file(&page.path),
                source(
                    &page.doc,
                    &page.path,
                    site.page_body(index).map(|b| b.links).unwrap_or_default(),
                ),
            )
        })
        .collect();
    let sections = library.sections.iter().map(|s| {
        (
            crate::content::paths::output_file(&s.path),
            source(&s.doc, &s.path, s.rendered.links.clone()),
        )
    });
    pages.into_iter().chain(sections).collect()
}

/// An external link and where it was found, for `--external`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExternalLink {
    pub(crate) url: String,
    pub(crate) found_in: Diagnostic,
}

/// Checks links, anchors and images in the built `files`, with the problems in
/// `diagnostics`; returns the external links found (each with a diagnostic pointing at where
/// it was found).
pub(crate) fn check_links(
    files: &[OutputFile],
    site: &Site,
    diagnostics: &mut Diagnostics,
) -> Vec<ExternalLink> {
    let config = &*site.config;
    let outputs: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let html: BTreeMap<&str, HtmlFacts> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter_map(|f| match &f.content {
            Content::Bytes(bytes) => std::str::from_utf8(bytes)
                .ok()
                .map(|text| (f.path.as_str(), html_facts(text))),
            Content::Copy(_) => None,
        })
        .collect();
    let sources = sources(site);
    let mut external = Vec::new();
    let mut seen = HashSet::new();
    for file in files.iter().filter(|f| html.contains_key(f.path.as_str())) {
        let source = sources.get(&file.path);
        let page_path = source.map_or_else(
            || format!("/{}", file.path.trim_end_matches("index.html")),
            |s| s.site_path.to_string(),
        );
        for url in &html[file.path.as_str()].links {
            let place = |message: String, hint: &str| {
                let location = source.and_then(|s| s.location_of(url));
                let origin = source.map_or_else(|| file.origin.clone(), |s| s.file.into());
                let message = if location.is_none() {
                    format!("{message} (in the output of its template, {})", file.path)
                } else {
                    message
                };
                Diagnostic::error(origin, message)
                    .at_opt(location)
                    .with_hint(hint.to_string())
            };
            match resolve(url, &page_path, config) {
                Target::Internal { path, anchor } => {
                    if !outputs.contains(path.as_str()) {
                        if seen.insert((file.path.clone(), url.clone())) {
                            diagnostics.push(place(
                                format!("link to `{url}`: nothing is built at {path}"),
                                "fix the path, or link to content with @/path/to/file.md",
                            ));
                        }
                        continue;
                    }
                    let Some(anchor) = anchor else { continue };
                    let Some(target) = html.get(path.as_str()) else {
                        continue;
                    };
                    if !target.ids.contains(&anchor)
                        && seen.insert((file.path.clone(), url.clone()))
                    {
                        diagnostics.push(place(format!("link to `{url}`: {path} has no element with id `{anchor}`"), "use one of the heading ids of that page (they are shown in its table of contents)"));
                    }
                }
                Target::Escapes(url) => {
                    if seen.insert((file.path.clone(), url.clone())) {
                        diagnostics.push(place(format!("link to `{url}` leaves the site's base URL {}", config.base_url), "link with get_url(path=...) or @/ paths so the base URL's sub-path is kept"));
                    }
                }
                Target::External(url) => external.push(ExternalLink {
                    found_in: place(String::new(), ""),
                    url,
                }),
                Target::Other => {}
            }
        }
    }
    external
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base: &str) -> Config {
        Config {
            base_url: crate::config::normalize_base_url(base),
            ..Config::for_tests()
        }
    }

    fn internal_target(path: &str, anchor: Option<&str>) -> Target {
        Target::Internal {
            path: path.to_string(),
            anchor: anchor.map(str::to_string),
        }
    }

    #[test]
    fn links_resolve_against_the_base_url_and_the_page() {
        let c = config("https://x.org/docs/");
        assert_eq!(
            resolve("https://x.org/docs/500/#fix", "/a/", &c),
            internal_target("500/index.html", Some("fix"))
        );
        assert_eq!(
            resolve("/docs/style.css?h=1", "/a/", &c),
            internal_target("style.css", None)
        );
        assert_eq!(
            resolve("../502/", "/5xx/500/", &c),
            internal_target("5xx/502/index.html", None)
        );
        assert_eq!(
            resolve("#causes", "/500/", &c),
            internal_target("500/index.html", Some("causes"))
        );
        assert_eq!(
            resolve("img.png", "/500/", &c),
            internal_target("500/img.png", None)
        );
        assert_eq!(
            resolve("/500/", "/a/", &c),
            Target::Escapes("/500/".to_string())
        );
        assert_eq!(
            resolve("https://x.org/other/", "/a/", &c),
            Target::Escapes("https://x.org/other/".to_string())
        );
        assert_eq!(
            resolve("https://www.rfc-editor.org/rfc/rfc9110", "/a/", &c),
            Target::External("https://www.rfc-editor.org/rfc/rfc9110".to_string())
        );
        assert_eq!(resolve("mailto:a@b.c", "/a/", &c), Target::Other);
        assert_eq!(
            resolve("/docs-old/", "/a/", &c),
            Target::Escapes("/docs-old/".to_string())
        );
        assert_eq!(
            resolve("https://x.org/docsfoo", "/a/", &c),
            Target::Escapes("https://x.org/docsfoo".to_string())
        );
        assert_eq!(
            resolve("/docs/caf%C3%A9/#%C3%A9t%C3%A9", "/a/", &c),
            internal_target("café/index.html", Some("été"))
        );
    }
}
