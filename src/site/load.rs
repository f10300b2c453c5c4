//! Loading a site: settings, content (with every page outlined and every section's
//! Markdown rendered), templates with the site functions, and the assets to copy.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{BuildOptions, Site};
use crate::assets::AssetHashes;
use crate::cache::{CACHE_DIR, Cache};
use crate::config::{CONFIG_FILE, Config};
use crate::content::walk::walk_files;
use crate::content::{Library, LoadOptions};
use crate::error::{Diagnostic, Diagnostics, collect};
use crate::markdown::{self, BrokenLink, Highlighter, Outline, Rendered};
use crate::output::OutputFile;
use crate::render::Renderer;

impl Site {
    /// Loads settings, content, templates and assets and outlines all Markdown; `None` when
    /// something stops the build (the reasons are in `diagnostics`).
    pub fn load(options: &BuildOptions, diagnostics: &mut Diagnostics) -> Option<Site> {
        if let Some(progress) = &options.progress {
            progress.stage("Loading content", 0);
        }
        let root = options.root.clone();
        let shown_root = if root == Path::new(".") {
            PathBuf::new()
        } else {
            root.clone()
        };
        let (mut config, warnings) = collect(Config::load(&root, &shown_root), diagnostics)?;
        diagnostics.extend(warnings);
        if let Some(base_url) = &options.base_url {
            config.base_url = crate::config::normalize_base_url(base_url);
        }
        let cache = if options.cache {
            Cache::open(&root.join(CACHE_DIR))
        } else {
            Cache::disabled()
        };
        let highlighter = Arc::new(Highlighter::with_cache(Arc::new(cache)));
        let renderer = Renderer::load(&root.join("templates"), &shown_root.join("templates"));
        let content_dir = root.join("content");
        if !content_dir.is_dir() {
            diagnostics.push(
                Diagnostic::error(shown_root.join("content"), "the content folder is missing")
                    .with_hint("create content/ and put your Markdown files in it"),
            );
            return None;
        }
        let load = LoadOptions {
            drafts: options.drafts,
        };
        let mut library = Library::load(
            &content_dir,
            &shown_root.join("content"),
            &config,
            load,
            diagnostics,
        );
        render_markdown(&mut library, &config, &highlighter, diagnostics);
        let renderer = match renderer {
            Ok(renderer) => renderer,
            Err(problems) => {
                diagnostics.extend(problems);
                return None;
            }
        };
        let mut assets = stylesheets(&config, &highlighter, &shown_root, diagnostics);
        assets.extend(static_files(
            &root.join("static"),
            &shown_root.join("static"),
            diagnostics,
        ));
        let hashes = if options.cachebust {
            let (hashes, hashed_copies) = collect(AssetHashes::compute(&assets), diagnostics)?;
            assets.extend(hashed_copies);
            hashes
        } else {
            AssetHashes::without_busting(&assets)
        };
        let site = Site {
            newest_first: dated_newest_first(&library),
            config: Arc::new(config),
            library: Arc::new(library),
            renderer,
            highlighter,
            assets,
            hashes: Arc::new(hashes),
            progress: options.progress.clone(),
            root,
            shown_root,
            reads: None,
        };
        Some(site.with_site_functions())
    }

    /// The templates as they are now on disk; `None` when they do not load.
    pub(super) fn load_templates(&self) -> Option<Renderer> {
        Renderer::load(
            &self.root.join("templates"),
            &self.shown_root.join("templates"),
        )
        .ok()
    }

    /// The site with `get_url`, `get_page` and `get_section` registered over its current
    /// library.
    pub(super) fn with_site_functions(mut self) -> Site {
        self.renderer.register_site(
            Arc::clone(&self.library),
            Arc::clone(&self.config),
            Arc::clone(&self.hashes),
            Arc::clone(&self.highlighter),
        );
        self
    }
}

/// The highlighting stylesheets, one per configured theme; unknown themes are errors.
fn stylesheets(
    config: &Config,
    highlighter: &Highlighter,
    shown_root: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<OutputFile> {
    if !config.markdown.highlight_code {
        return Vec::new();
    }
    let config_file = shown_root.join(CONFIG_FILE);
    let themes = config
        .markdown
        .highlight_themes_css
        .iter()
        .map(|t| (t.theme.as_str(), t.filename.as_str()));
    match markdown::stylesheets(highlighter, themes) {
        Ok(sheets) => sheets
            .into_iter()
            .map(|(name, css)| OutputFile::text(name, css, &config_file))
            .collect(),
        Err(unknown) => {
            let known: Vec<&str> = highlighter.theme_names().collect();
            for theme in unknown {
                diagnostics.push(
                    Diagnostic::error(
                        &config_file,
                        format!("unknown highlighting theme `{theme}`"),
                    )
                    .with_hint(format!("use one of: {}", known.join(", "))),
                );
            }
            Vec::new()
        }
    }
}

/// Every file under `static/`, to copy as it is.
fn static_files(dir: &Path, shown_dir: &Path, diagnostics: &mut Diagnostics) -> Vec<OutputFile> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let (found, problems) = walk_files(dir, shown_dir);
    diagnostics.extend(problems);
    found
        .into_iter()
        .map(|file| {
            let origin = shown_dir.join(&file.relative);
            let mut copy = OutputFile::copy(file.relative, file.absolute);
            copy.origin = origin;
            copy
        })
        .collect()
}

/// Renders every section's Markdown and outlines every page's, in parallel, reporting
/// unresolved `@/` links in both.
fn render_markdown(
    library: &mut Library,
    config: &Config,
    highlighter: &Highlighter,
    diagnostics: &mut Diagnostics,
) {
    let shared: &Library = library;
    let outlines: Vec<Outline> = (0..shared.pages.len())
        .into_par_iter()
        .map(|index| shared.outline(index, config, highlighter))
        .collect();
    let sections: Vec<Rendered> = shared
        .sections
        .par_iter()
        .map(|section| {
            shared.render_markdown(section.doc.body(), &section.permalink, config, highlighter)
        })
        .collect();
    for (page, outline) in library.pages.iter_mut().zip(outlines) {
        diagnostics.extend(broken_links(&page.doc, &outline.broken_links));
        page.outline = outline;
    }
    for (section, rendered) in library.sections.iter_mut().zip(sections) {
        diagnostics.extend(broken_links(&section.doc, &rendered.broken_links));
        section.rendered = rendered;
    }
}

/// The pages listed in some section that have a date, newest first: the site feed's order.
fn dated_newest_first(library: &Library) -> Vec<usize> {
    let mut listed: Vec<usize> = library
        .sections
        .iter()
        .flat_map(|s| s.pages.iter().copied())
        .collect();
    listed.retain(|&i| library.pages[i].doc.meta.date.is_some());
    listed.sort_by(|&a, &b| {
        let date = |i: usize| library.pages[i].doc.meta.date.map(|d| d.to_moment());
        date(b)
            .cmp(&date(a))
            .then_with(|| library.pages[a].path.cmp(&library.pages[b].path))
    });
    listed
}

/// Errors for `@/` links that name no page or section.
pub(super) fn broken_links<M>(
    doc: &crate::content::Document<M>,
    links: &[BrokenLink],
) -> Vec<Diagnostic> {
    // One index for all the links: locating each from the top made 40,000 links quadratic.
    let lines = crate::error::LineIndex::new(&doc.source);
    links
        .iter()
        .map(|link| {
            Diagnostic::error(
                &doc.file,
                format!("link to `{}`: no such page or section", link.target),
            )
            .at(lines.locate(doc.body_offset + link.offset))
            .with_hint(
                "internal links name a file under content/, as in @/5xx/500.md or @/5xx/_index.md",
            )
        })
        .collect()
}
