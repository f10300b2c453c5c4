//! Loading a site: settings, content (with every page outlined and every section's
//! Markdown rendered), templates with the site functions, and the assets to copy.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{BuildOptions, Site};
use crate::assets::AssetHashes;
use crate::cache::{CACHE_DIR, Cache};
use crate::config::theme::theme_dir;
use crate::config::{Config, config_file_name};
use crate::content::sorting::newest_first;
use crate::content::walk::walk_files_in_site;
use crate::content::{Library, LoadOptions};
use crate::error::{Diagnostic, Diagnostics, collect};
use crate::markdown::{self, BrokenLink, Highlighter, Outline, Rendered};
use crate::output::OutputFile;
use crate::render::{Renderer, TemplateDirs};
use crate::sass::{self, SassDir};

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
        config.mode = options.mode;
        if let Some(base_url) = &options.base_url {
            config.base_url = crate::config::normalize_base_url(base_url);
        }
        let cache = if options.cache {
            Cache::open(&root.join(CACHE_DIR))
        } else {
            Cache::disabled()
        };
        let highlighter = Arc::new(Highlighter::with_cache(Arc::new(cache)));
        let renderer = Renderer::load_from(&TemplateDirs::of_site(
            &root,
            &shown_root,
            config.theme.as_deref(),
        ));
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
        let mut assets = stylesheets(&config, &highlighter, &root, &shown_root, diagnostics);
        assets.extend(site_static_files(&config, &root, &shown_root, diagnostics));
        let hashes = if options.cachebust && config.hashed_assets {
            let (hashes, hashed_copies) = collect(AssetHashes::compute(&assets), diagnostics)?;
            assets.extend(hashed_copies);
            hashes
        } else {
            AssetHashes::without_busting(&assets)
        };
        let site = Site {
            newest_first: dated_newest_first(&library),
            section_feeds: section_feeds(&library),
            reversed: reversed_listings(&library),
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
        Renderer::load_from(&TemplateDirs::of_site(
            &self.root,
            &self.shown_root,
            self.config.theme.as_deref(),
        ))
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
            &self.root,
        );
        self
    }
}

/// The highlighting stylesheets, one per configured theme; unknown themes are errors.
fn stylesheets(
    config: &Config,
    highlighter: &Highlighter,
    root: &Path,
    shown_root: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<OutputFile> {
    if !config.markdown.highlight_code {
        return Vec::new();
    }
    let config_file = shown_root.join(config_file_name(root));
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

/// The theme's static files, the site's (which win over the theme's at the same path) and
/// the compiled Sass (which wins over both, as in Zola), sorted by output path.
fn site_static_files(
    config: &Config,
    root: &Path,
    shown_root: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<OutputFile> {
    let theme = config
        .theme
        .as_deref()
        .map(|name| (theme_dir(root, name), theme_dir(shown_root, name)));
    let mut folders = Vec::new();
    if let Some((dir, shown_dir)) = &theme {
        folders.push((dir.join("static"), shown_dir.join("static")));
    }
    folders.push((root.join("static"), shown_root.join("static")));
    let mut files: BTreeMap<String, OutputFile> = BTreeMap::new();
    for (dir, shown_dir) in folders {
        let found = static_files(&dir, &shown_dir, root, diagnostics);
        files.extend(found.into_iter().map(|file| (file.path.clone(), file)));
    }
    let (css, problems) = compiled_sass(config, root, shown_root);
    diagnostics.extend(problems);
    files.extend(css.into_iter().map(|file| (file.path.clone(), file)));
    files.into_values().collect()
}

/// The site's and its theme's Sass compiled to CSS, when `compile_sass` asks for it.
pub(super) fn compiled_sass(
    config: &Config,
    root: &Path,
    shown_root: &Path,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    if !config.compile_sass {
        return (Vec::new(), Vec::new());
    }
    let mut dirs = Vec::new();
    if let Some(name) = config.theme.as_deref() {
        dirs.push(SassDir {
            dir: theme_dir(root, name).join("sass"),
            shown_dir: theme_dir(shown_root, name).join("sass"),
        });
    }
    dirs.push(SassDir {
        dir: root.join("sass"),
        shown_dir: shown_root.join("sass"),
    });
    sass::compile(&dirs, sass::Roots { root, shown_root })
}

/// Every file under `dir` (a `static/` folder in the site at `root`), to copy as it is; none
/// when there is no such folder.
fn static_files(
    dir: &Path,
    shown_dir: &Path,
    root: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<OutputFile> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let (found, problems) = walk_files_in_site(dir, shown_dir, root);
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

/// The dated pages of each section that asks for feeds, newest first.
fn section_feeds(library: &Library) -> HashMap<usize, Vec<usize>> {
    let sections = library.sections.iter().enumerate();
    sections
        .filter(|(_, s)| s.doc.meta.generate_feeds)
        .map(|(i, section)| {
            let mut pages = section.pages.clone();
            pages.retain(|&p| library.pages[p].doc.meta.date.is_some());
            newest_first(&mut pages, &library.pages);
            (i, pages)
        })
        .collect()
}

/// The pages of each section with `paginate_reversed = true`, reversed.
fn reversed_listings(library: &Library) -> HashMap<usize, Vec<usize>> {
    let sections = library.sections.iter().enumerate();
    sections
        .filter(|(_, s)| s.doc.meta.paginate_reversed)
        .map(|(i, s)| (i, s.pages.iter().rev().copied().collect()))
        .collect()
}

/// The pages listed in some section that have a date, newest first: the site feed's order.
fn dated_newest_first(library: &Library) -> Vec<usize> {
    let mut listed: Vec<usize> = library
        .sections
        .iter()
        .flat_map(|s| s.pages.iter().copied())
        .collect();
    listed.retain(|&i| library.pages[i].doc.meta.date.is_some());
    newest_first(&mut listed, &library.pages);
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
