//! The build pipeline: settings, content, Markdown, templates, output, gathering every
//! problem on the way and writing only when there is none.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::content::paths::output_file;
use crate::content::walk::to_slash_path;
use crate::content::{Library, LoadOptions};
use crate::error::{Diagnostic, Diagnostics, collect};
use crate::markdown::{self, Highlighter, LinkContext, RenderOptions, Rendered};
use crate::output::{self, OutputFile};
use crate::render::Renderer;

/// What `quire build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder, holding `config.toml`, `content/`, `templates/` and `static/`.
    pub root: PathBuf,
    /// Where the site is written; relative paths are relative to the current folder.
    pub output: PathBuf,
    /// Replaces `base_url` from `config.toml`.
    pub base_url: Option<String>,
    /// Build pages marked `draft = true`.
    pub drafts: bool,
}

impl BuildOptions {
    /// Options for building the site in `root` into `root/public`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            output: root.join("public"),
            root,
            base_url: None,
            drafts: false,
        }
    }
}

/// A loaded site: settings, the linked content with rendered Markdown, and the templates.
pub struct Site {
    pub config: Arc<Config>,
    pub library: Arc<Library>,
    renderer: Renderer,
    root: PathBuf,
    shown_root: PathBuf,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
}

/// Builds the site and writes it; on any error nothing is written.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let started = Instant::now();
    let mut diagnostics = Diagnostics::default();
    if let Err(problem) = output::check_output_dir(&options.root, &options.output) {
        return Err(vec![problem]);
    }
    let Some(site) = Site::load(options, &mut diagnostics) else {
        return Err(diagnostics.into_sorted());
    };
    let files = site.render(&mut diagnostics);
    diagnostics.extend(output::collisions(&files));
    if diagnostics.has_errors() {
        return Err(diagnostics.into_sorted());
    }
    if let Err(problem) = output::write_site(&options.output, &files) {
        diagnostics.push(problem);
        return Err(diagnostics.into_sorted());
    }
    Ok(BuildReport {
        pages: site.library.pages.len(),
        sections: site.library.sections.len(),
        files: files.len(),
        elapsed: started.elapsed(),
        warnings: diagnostics.into_sorted(),
    })
}

impl Site {
    /// Loads settings, content and templates and renders all Markdown; `None` when something
    /// stops the build (the reasons are in `diagnostics`).
    pub fn load(options: &BuildOptions, diagnostics: &mut Diagnostics) -> Option<Site> {
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
        let highlighter = Highlighter::new();
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
        let mut renderer = match renderer {
            Ok(renderer) => renderer,
            Err(problems) => {
                diagnostics.extend(problems);
                return None;
            }
        };
        check_stylesheet_themes(&config, &highlighter, &shown_root, diagnostics);
        let config = Arc::new(config);
        let library = Arc::new(library);
        renderer.register_site(Arc::clone(&library), Arc::clone(&config));
        Some(Site {
            config,
            library,
            renderer,
            root,
            shown_root,
        })
    }

    /// Renders every output file: pages, sections, aliases, the 404 page, highlighting
    /// stylesheets, static files and content assets.
    pub fn render(&self, diagnostics: &mut Diagnostics) -> Vec<OutputFile> {
        let (library, config) = (&*self.library, &*self.config);
        let pages: Vec<_> = library
            .pages
            .par_iter()
            .map(|page| {
                self.renderer
                    .render_page(page, library, config)
                    .map(|html| OutputFile::text(output_file(&page.path), html, &page.doc.file))
            })
            .collect();
        let sections: Vec<_> = library
            .sections
            .par_iter()
            .map(|section| {
                self.renderer
                    .render_section(section, library, config)
                    .map(|html| {
                        OutputFile::text(output_file(&section.path), html, &section.doc.file)
                    })
            })
            .collect();
        let mut files: Vec<OutputFile> = pages
            .into_iter()
            .chain(sections)
            .filter_map(|result| collect(result, diagnostics))
            .collect();
        files.extend(self.alias_pages());
        if self.renderer.has_template("404.html") {
            let page = self
                .renderer
                .render_template("404.html", config, "/404.html", &[]);
            if let Some(html) = collect(page, diagnostics) {
                files.push(OutputFile::text(
                    "404.html",
                    html,
                    self.shown_root.join("templates/404.html"),
                ));
            }
        }
        files.extend(self.stylesheets());
        files.extend(self.static_files(diagnostics));
        files.extend(
            library
                .assets
                .iter()
                .map(|asset| OutputFile::copy(asset.output.clone(), asset.source.clone())),
        );
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    /// Small pages at each alias that send visitors to the real URL.
    fn alias_pages(&self) -> Vec<OutputFile> {
        let pages = self
            .library
            .pages
            .iter()
            .map(|p| (&p.doc, &p.permalink, &p.doc.meta.aliases));
        let sections = self
            .library
            .sections
            .iter()
            .map(|s| (&s.doc.file, &s.permalink, &s.doc.meta.aliases));
        pages
            .map(|(doc, url, aliases)| (&doc.file, url, aliases))
            .chain(sections)
            .flat_map(|(file, url, aliases)| {
                aliases.iter().filter_map(move |alias| {
                    let path = crate::content::paths::normalize_path(alias).ok()?;
                    Some(OutputFile::text(
                        output_file(&path),
                        redirect_page(url),
                        file,
                    ))
                })
            })
            .collect()
    }

    fn stylesheets(&self) -> Vec<OutputFile> {
        if !self.config.markdown.highlight_code {
            return Vec::new();
        }
        let highlighter = Highlighter::new();
        let themes = self
            .config
            .markdown
            .highlight_themes_css
            .iter()
            .map(|t| (t.theme.as_str(), t.filename.as_str()));
        markdown::stylesheets(&highlighter, themes)
            .unwrap_or_default()
            .into_iter()
            .map(|(name, css)| OutputFile::text(name, css, self.shown_root.join("config.toml")))
            .collect()
    }

    fn static_files(&self, diagnostics: &mut Diagnostics) -> Vec<OutputFile> {
        let dir = self.root.join("static");
        if !dir.is_dir() {
            return Vec::new();
        }
        let mut files = Vec::new();
        for entry in WalkDir::new(&dir).follow_links(true).sort_by_file_name() {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    let name = entry.file_name().to_string_lossy();
                    if is_editor_leftover(&name) {
                        continue;
                    }
                    if let Ok(relative) = entry.path().strip_prefix(&dir) {
                        files.push(OutputFile::copy(
                            to_slash_path(relative),
                            entry.path().to_path_buf(),
                        ));
                    }
                }
                Ok(_) => {}
                Err(error) => diagnostics.push(
                    Diagnostic::error(
                        error.path().unwrap_or(&dir),
                        format!("could not read: {error}"),
                    )
                    .with_hint("check that the file exists and that you may read it"),
                ),
            }
        }
        files
    }
}

/// Editor temporary files, skipped even in `static/` (where hidden files like `.well-known`
/// are kept).
fn is_editor_leftover(name: &str) -> bool {
    name.starts_with(".#")
        || (name.starts_with('.') && name.ends_with(".swp"))
        || name.ends_with('~')
}

/// Renders every page's and section's Markdown in parallel, reporting unresolved `@/` links.
fn render_markdown(
    library: &mut Library,
    config: &Config,
    highlighter: &Highlighter,
    diagnostics: &mut Diagnostics,
) {
    let options = RenderOptions {
        smart_punctuation: config.markdown.smart_punctuation,
        highlight_code: config.markdown.highlight_code,
    };
    let shared: &Library = library;
    let resolve = |path: &str| shared.permalink_of(path).map(str::to_string);
    let render = |body: &str, permalink: &str| {
        let links = LinkContext {
            permalink,
            resolve: &resolve,
        };
        markdown::render(body, options, highlighter, &links)
    };
    let pages: Vec<Rendered> = shared
        .pages
        .par_iter()
        .map(|page| render(page.doc.body(), &page.permalink))
        .collect();
    let sections: Vec<Rendered> = shared
        .sections
        .par_iter()
        .map(|section| render(section.doc.body(), &section.permalink))
        .collect();
    for (page, rendered) in library.pages.iter_mut().zip(pages) {
        report_broken_links(&page.doc, &rendered, diagnostics);
        page.rendered = rendered;
    }
    for (section, rendered) in library.sections.iter_mut().zip(sections) {
        report_broken_links(&section.doc, &rendered, diagnostics);
        section.rendered = rendered;
    }
}

fn report_broken_links<M>(
    doc: &crate::content::Document<M>,
    rendered: &Rendered,
    diagnostics: &mut Diagnostics,
) {
    for link in &rendered.broken_links {
        diagnostics.push(
            Diagnostic::error(
                &doc.file,
                format!("link to `{}`: no such page or section", link.target),
            )
            .at(doc.body_location(link.offset))
            .with_hint(
                "internal links name a file under content/, as in @/5xx/500.md or @/5xx/_index.md",
            ),
        );
    }
}

fn check_stylesheet_themes(
    config: &Config,
    highlighter: &Highlighter,
    shown_root: &Path,
    diagnostics: &mut Diagnostics,
) {
    if !config.markdown.highlight_code {
        return;
    }
    let known: Vec<&str> = highlighter.theme_names().collect();
    for theme in &config.markdown.highlight_themes_css {
        if !known.contains(&theme.theme.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    shown_root.join("config.toml"),
                    format!("unknown highlighting theme `{}`", theme.theme),
                )
                .at_opt(crate::front_value::line_of_key(&theme.theme, "theme"))
                .with_hint(format!("use one of: {}", known.join(", "))),
            );
        }
    }
}

/// A page that sends the visitor on to `url`: a meta refresh, a canonical link and a visible
/// link for when neither is followed.
fn redirect_page(url: &str) -> String {
    let url = markdown::escape_attribute(url);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting to {url}</title>\n<link rel=\"canonical\" href=\"{url}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{url}\">{url}</a>.</p>\n</body>\n</html>\n"
    )
}
