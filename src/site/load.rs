//! Loading a site: settings, content (with every page outlined and every section's
//! Markdown rendered), templates with the site functions, and the assets to copy.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{BuildOptions, Site};
use crate::assets::AssetHashes;
use crate::cache::{CACHE_DIR, Cache};
use crate::config::theme::theme_dir;
use crate::config::{Config, config_file_name};
use crate::content::shadowed::Shadowed;
use crate::content::sorting::newest_first;
use crate::content::walk::walk_files_in_site;
use crate::content::{Entry, Library, LoadOptions, PageId, SectionId, Templated};
use crate::error::{Diagnostic, Diagnostics, Origin, collect};
use crate::markdown::{self, BrokenLink, Highlighter};
use crate::output::OutputFile;
use crate::render::reads::recording;
use crate::render::{Renderer, SectionLists, SiteParts, TemplateDirs};
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
        let mut config = Config::load(&root, &shown_root, diagnostics)?;
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
        Shadowed::find(&library, Some(diagnostics));
        let templates = TemplateDirs::of_site(&root, &shown_root, config.theme.as_deref());
        let Some(renderer) = Renderer::load_from(&templates, diagnostics) else {
            // Links are still checked, so that one build reports every problem.
            links_without_templates(&library, &config, &highlighter, diagnostics);
            return None;
        };
        library.use_backlinks(renderer.reads_backlinks());
        let anchor_links = collect(renderer.anchor_links(&config), diagnostics)?;
        let static_files = site_static_files(&config, &root, &shown_root, diagnostics);
        // A static file wins over a highlighting stylesheet of its name: Zola 0.22 writes
        // `giallo.css` into `static/` when it is missing there, and reads it back.
        let mut assets = stylesheets(&config, &highlighter, &root, &shown_root, diagnostics);
        assets.retain(|sheet| !static_files.iter().any(|file| file.path == sheet.path));
        assets.extend(static_files);
        let hashes = if options.cachebust && config.hashed_assets {
            let (hashes, hashed_copies) = collect(AssetHashes::compute(&assets), diagnostics)?;
            assets.extend(hashed_copies);
            hashes
        } else if options.cachebust {
            AssetHashes::zola(&assets)
        } else {
            AssetHashes::without_busting(&assets)
        };
        let section_lists = Arc::new(SectionLists::for_mode(config.mode));
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
            anchor_links,
            loaded_shortcodes: BTreeSet::new(),
            section_lists,
            processed_images: Arc::default(),
        };
        Some(
            site.with_site_functions()
                .render_markdown(None, diagnostics),
        )
    }

    /// Renders every section's Markdown and outlines every page's (or only page `only`),
    /// in parallel, with the templates (shortcodes may call the site functions), reporting
    /// unresolved `@/` links and shortcode errors. The results are put in the library, which
    /// the site functions let go of meanwhile.
    pub(super) fn render_markdown(
        mut self,
        only: Option<PageId>,
        diagnostics: &mut Diagnostics,
    ) -> Site {
        let library = &*self.library;
        let expand = |body: &str, entry: Entry| {
            self.renderer
                .expand_shortcodes(body, entry, library, &self.config)
        };
        let templated = Templated {
            anchor_links: self.anchor_links.as_deref(),
            shortcodes: Some(&expand),
        };
        let pages: Vec<PageId> = match only {
            Some(id) => vec![id],
            None => library.page_ids().collect(),
        };
        let outlines: Vec<_> = pages
            .into_par_iter()
            .map(|index| {
                let (outline, reads) = recording(|| {
                    library.outline(index, &self.config, &self.highlighter, templated)
                });
                (index, outline, reads.templates)
            })
            .collect();
        let sections: Vec<_> = if only.is_some() {
            Vec::new()
        } else {
            let sections: Vec<SectionId> = library.section_ids().collect();
            sections
                .into_par_iter()
                .map(|index| {
                    let entry = Entry::Section(index);
                    let (rendered, reads) = recording(|| {
                        library.render_entry(entry, &self.config, &self.highlighter, templated)
                    });
                    (index, rendered, reads.templates)
                })
                .collect()
        };
        // The old site functions hold the other references to the library.
        let parts = SiteParts {
            library: Arc::new(Library::default()),
            section_lists: Arc::default(),
            ..self.parts()
        };
        self.renderer.register_site(parts, &self.root);
        let mut library = Arc::unwrap_or_clone(std::mem::take(&mut self.library));
        for (index, outline, used) in outlines {
            let page = &mut library.pages[index];
            match outline {
                Ok(outline) => {
                    // Only a summary keeps a shortcode's output (word counts aside).
                    if outline.summary.is_some() {
                        self.loaded_shortcodes.extend(used);
                    }
                    broken_links(&page.doc, &outline.broken_links, diagnostics);
                    malformed_calls(&page.doc, diagnostics);
                    page.outline = outline;
                }
                Err(problem) => diagnostics.push(problem),
            }
        }
        for (index, rendered, used) in sections {
            self.loaded_shortcodes.extend(used);
            let section = &mut library.sections[index];
            match rendered {
                Ok(rendered) => {
                    broken_links(&section.doc, &rendered.broken_links, diagnostics);
                    malformed_calls(&section.doc, diagnostics);
                    section.rendered = rendered;
                }
                Err(problem) => diagnostics.push(problem),
            }
        }
        self.library = Arc::new(library);
        // Lists made while the Markdown was rendered show the outlines before it.
        match only {
            Some(page) => self.section_lists.refresh(page, &self.library),
            None => self.section_lists = Arc::new(SectionLists::for_mode(self.config.mode)),
        }
        self.with_site_functions()
    }

    /// The templates as they are now on disk; `None` when they do not load (the problems
    /// are left to the full build that follows).
    pub(super) fn load_templates(&self) -> Option<Renderer> {
        Renderer::load_from(&self.template_dirs(), &mut Diagnostics::default())
    }

    /// Where the site's templates are read from.
    pub(super) fn template_dirs(&self) -> TemplateDirs {
        TemplateDirs::of_site(&self.root, &self.shown_root, self.config.theme.as_deref())
    }

    /// The site with `get_url`, `get_page` and `get_section` registered over its current
    /// library.
    pub(super) fn with_site_functions(mut self) -> Site {
        let parts = self.parts();
        self.renderer.register_site(parts, &self.root);
        self
    }

    /// What the site functions read of this site.
    fn parts(&self) -> SiteParts {
        SiteParts {
            library: Arc::clone(&self.library),
            config: Arc::clone(&self.config),
            assets: Arc::clone(&self.hashes),
            highlighter: Arc::clone(&self.highlighter),
            section_lists: Arc::clone(&self.section_lists),
            images: Arc::clone(&self.processed_images),
        }
    }
}

/// The highlighting stylesheets: for Zola 0.22's `style = "class"`, `giallo.css` or
/// `giallo-light.css` and `giallo-dark.css` (themes mapped to the nearest bundled one); for
/// `highlight_theme = "css"`, one per entry of `highlight_themes_css`, whose unknown themes
/// are errors.
fn stylesheets(
    config: &Config,
    highlighter: &Highlighter,
    root: &Path,
    shown_root: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<OutputFile> {
    let config_file = shown_root.join(config_file_name(root));
    let markdown = &config.markdown;
    if let Some(settings) = &markdown.highlighting {
        if settings.style != crate::config::HighlightStyle::Class {
            return Vec::new();
        }
        let sheets: Vec<(&str, &str)> = match (&settings.light_theme, &settings.dark_theme) {
            (Some(light), Some(dark)) => {
                vec![(light, "giallo-light.css"), (dark, "giallo-dark.css")]
            }
            _ => vec![(
                settings
                    .theme
                    .as_deref()
                    .unwrap_or(crate::config::DEFAULT_HIGHLIGHT_THEME),
                "giallo.css",
            )],
        };
        return sheets
            .into_iter()
            .filter_map(|(theme, name)| {
                let css = highlighter
                    .stylesheet(theme)
                    .or_else(|| highlighter.stylesheet(markdown::nearest_theme(theme)))?;
                Some(OutputFile::text(name, css, &config_file))
            })
            .collect();
    }
    if !markdown.highlight_code || markdown.highlight_theme != "css" {
        return Vec::new();
    }
    let themes = markdown
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
        let kept = found
            .into_iter()
            .filter(|file| !config.ignored_static_globs.contains(&file.path));
        files.extend(kept.map(|file| (file.path.clone(), file)));
    }
    let css = compiled_sass(config, root, shown_root, diagnostics);
    files.extend(css.into_iter().map(|file| (file.path.clone(), file)));
    files.into_values().collect()
}

/// The site's and its theme's Sass compiled to CSS, when `compile_sass` asks for it.
pub(super) fn compiled_sass(
    config: &Config,
    root: &Path,
    shown_root: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<OutputFile> {
    if !config.compile_sass {
        return Vec::new();
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
    sass::compile(&dirs, sass::Roots { root, shown_root }, diagnostics)
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
    walk_files_in_site(dir, shown_dir, root, diagnostics)
        .into_iter()
        .map(|file| {
            let origin = shown_dir.join(&file.relative);
            let mut copy = OutputFile::copy(file.relative, file.absolute);
            copy.origin = Origin::File(origin);
            copy
        })
        .collect()
}

/// The broken `@/` links of every page and section, found without templates (shortcodes
/// unexpanded), for a site whose templates do not load.
fn links_without_templates(
    library: &Library,
    config: &Config,
    highlighter: &Highlighter,
    diagnostics: &mut Diagnostics,
) {
    let templated = Templated::default();
    let pages = (0..library.pages.len()).into_par_iter().map(|i| {
        let i = PageId::new(i);
        let outline = library.outline(i, config, highlighter, templated).ok();
        let links = outline.map(|o| o.broken_links).unwrap_or_default();
        let mut found = Diagnostics::default();
        broken_links(&library.pages[i].doc, &links, &mut found);
        found
    });
    let sections = (0..library.sections.len()).into_par_iter().map(|i| {
        let i = SectionId::new(i);
        let rendered = library.render_entry(Entry::Section(i), config, highlighter, templated);
        let links = rendered.map(|r| r.broken_links).unwrap_or_default();
        let mut found = Diagnostics::default();
        broken_links(&library.sections[i].doc, &links, &mut found);
        found
    });
    let found: Vec<Diagnostics> = pages.chain(sections).collect();
    for one in found {
        diagnostics.extend(one);
    }
}

/// The dated pages of each section that asks for feeds, newest first.
fn section_feeds(library: &Library) -> HashMap<SectionId, Vec<PageId>> {
    let sections = library.section_ids().zip(&library.sections);
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
fn reversed_listings(library: &Library) -> HashMap<SectionId, Vec<PageId>> {
    let sections = library.section_ids().zip(&library.sections);
    sections
        .filter(|(_, s)| s.doc.meta.paginate_reversed)
        .map(|(i, s)| (i, s.pages.iter().rev().copied().collect()))
        .collect()
}

/// The pages listed in some section that have a date, newest first (the site feed's order),
/// by language.
fn dated_newest_first(library: &Library) -> HashMap<String, Vec<PageId>> {
    let mut listed: Vec<PageId> = library
        .sections
        .iter()
        .flat_map(|s| s.pages.iter().copied())
        .collect();
    listed.retain(|&i| library.pages[i].doc.meta.date.is_some());
    newest_first(&mut listed, &library.pages);
    let mut by_language: HashMap<String, Vec<PageId>> = HashMap::new();
    for page in listed {
        let lang = &library.pages[page].lang;
        by_language.entry(lang.clone()).or_default().push(page);
    }
    by_language
}

/// Errors for `@/` links that name no page or section.
/// Warns of each inline shortcode call in `doc` that is malformed, and so printed as text.
fn malformed_calls<M>(doc: &crate::content::Document<M>, diagnostics: &mut Diagnostics) {
    let malformed = crate::markdown::shortcodes::malformed_inline_calls(doc.body());
    diagnostics.extend(malformed.into_iter().map(|error| {
        Diagnostic::warning(
            &doc.file,
            format!("not a shortcode call, printed as text: {}", error.message),
        )
        .at(doc.body_location(error.offset))
        .with_hint(error.hint)
    }));
}

pub(super) fn broken_links<M>(
    doc: &crate::content::Document<M>,
    links: &[BrokenLink],
    diagnostics: &mut Diagnostics,
) {
    // One index for all the links: locating each from the top made 40,000 links quadratic.
    let lines = crate::error::LineIndex::new(&doc.source);
    diagnostics.extend(links.iter().map(|link| {
        Diagnostic::error(
            &doc.file,
            format!("link to `{}`: no such page or section", link.target),
        )
        .at(lines.locate(doc.body_offset + link.offset))
        .with_hint(
            "internal links name a file under content/, as in @/5xx/500.md or @/5xx/_index.md",
        )
    }));
}
