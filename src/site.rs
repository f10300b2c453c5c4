//! The build pipeline: settings, content, Markdown, templates, output, gathering every
//! problem on the way and writing only when there is none.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::assets::AssetHashes;
use crate::config::{CONFIG_FILE, Config};
use crate::content::paths::output_file;
use crate::content::taxonomies::{Taxonomy, Term};
use crate::content::walk::to_slash_path;
use crate::content::{Library, LoadOptions, Section};
use crate::error::{Diagnostic, Diagnostics, collect};
use crate::markdown::{self, Highlighter, LinkContext, RenderOptions, Rendered};
use crate::output::{self, OutputFile};
use crate::paginate::paginate;
use crate::render::views::PagerSet;
use crate::render::{FeedRequest, Renderer};
use crate::sitemap::{self, SitemapEntry};

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

/// A loaded site: settings, the linked content with rendered Markdown, the templates and the
/// assets (static files and highlighting stylesheets, with their hashes).
pub struct Site {
    pub config: Arc<Config>,
    pub library: Arc<Library>,
    renderer: Renderer,
    highlighter: Highlighter,
    assets: Vec<OutputFile>,
    hashes: Arc<AssetHashes>,
    root: PathBuf,
    shown_root: PathBuf,
}

/// The result of applying one edited page to a built site.
pub enum PageUpdate {
    /// Only the page's body changed: the site with the new page, the outputs that changed
    /// (the page, the sections above it, its taxonomies, the feeds) and any problems.
    Applied(Box<Site>, Vec<OutputFile>, Diagnostics),
    /// Anything else changed (front matter, a new or removed file): rebuild everything.
    NeedsFullBuild,
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
    let Some((site, files)) = build_in_memory(options, &mut diagnostics) else {
        return Err(diagnostics.into_sorted());
    };
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

/// Loads and renders the whole site in memory, with clashing output paths reported; `None`
/// when loading failed. Nothing is written: `build` writes the files, `serve` serves them and
/// `check` inspects them.
pub fn build_in_memory(
    options: &BuildOptions,
    diagnostics: &mut Diagnostics,
) -> Option<(Site, Vec<OutputFile>)> {
    let site = Site::load(options, diagnostics)?;
    let files = site.render(diagnostics);
    diagnostics.extend(output::collisions(&files));
    Some((site, files))
}

impl Site {
    /// Loads settings, content, templates and assets and renders all Markdown; `None` when
    /// something stops the build (the reasons are in `diagnostics`).
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
        let mut assets = stylesheets(&config, &highlighter, &shown_root, diagnostics);
        assets.extend(static_files(
            &root.join("static"),
            &shown_root.join("static"),
            diagnostics,
        ));
        let (hashes, hashed_copies) = collect(AssetHashes::compute(&assets), diagnostics)?;
        assets.extend(hashed_copies);
        let config = Arc::new(config);
        let library = Arc::new(library);
        let hashes = Arc::new(hashes);
        renderer.register_site(
            Arc::clone(&library),
            Arc::clone(&config),
            Arc::clone(&hashes),
        );
        Some(Site {
            config,
            library,
            renderer,
            highlighter,
            assets,
            hashes,
            root,
            shown_root,
        })
    }

    /// Applies an edit of the page at `relative_path` (under `content/`) whose new text is
    /// `source`. When only the body changed, re-renders that page and the pages that list it;
    /// otherwise asks for a full build.
    pub fn update_page(self, relative_path: &str, source: String) -> PageUpdate {
        let Site {
            config,
            library,
            renderer,
            highlighter,
            assets,
            hashes,
            root,
            shown_root,
        } = self;
        // The template functions hold the other references to the library.
        drop(renderer);
        let Ok(mut library) = Arc::try_unwrap(library) else {
            return PageUpdate::NeedsFullBuild;
        };
        let Some(crate::content::Entry::Page(index)) = library.get(relative_path) else {
            return PageUpdate::NeedsFullBuild;
        };
        let file = library.pages[index].doc.file.clone();
        let Ok((doc, warnings)) = crate::content::Document::parse(&file, relative_path, source)
        else {
            return PageUpdate::NeedsFullBuild;
        };
        if doc.meta != library.pages[index].doc.meta {
            return PageUpdate::NeedsFullBuild;
        }
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(warnings);
        let options = RenderOptions {
            smart_punctuation: config.markdown.smart_punctuation,
            highlight_code: config.markdown.highlight_code,
        };
        let rendered = {
            let resolve = |path: &str| library.permalink_of(path).map(str::to_string);
            let links = LinkContext {
                permalink: &library.pages[index].permalink,
                resolve: &resolve,
            };
            markdown::render(doc.body(), options, &highlighter, &links)
        };
        report_broken_links(&doc, &rendered, &mut diagnostics);
        library.pages[index].doc = doc;
        library.pages[index].rendered = rendered;
        let Ok(mut renderer) =
            Renderer::load(&root.join("templates"), &shown_root.join("templates"))
        else {
            return PageUpdate::NeedsFullBuild;
        };
        let library = Arc::new(library);
        renderer.register_site(
            Arc::clone(&library),
            Arc::clone(&config),
            Arc::clone(&hashes),
        );
        let site = Site {
            config,
            library,
            renderer,
            highlighter,
            assets,
            hashes,
            root,
            shown_root,
        };
        let files = site.render_around(index, &mut diagnostics);
        PageUpdate::Applied(Box::new(site), files, diagnostics)
    }

    /// The outputs that show page `index`: the page, its sections up to the home, the
    /// taxonomies it is classified in, and the feeds.
    fn render_around(&self, index: usize, diagnostics: &mut Diagnostics) -> Vec<OutputFile> {
        let (library, config) = (&*self.library, &*self.config);
        let page = &library.pages[index];
        let mut results = vec![
            self.renderer
                .render_page(page, library, config)
                .map(|html| {
                    vec![OutputFile::text(
                        output_file(&page.path),
                        html,
                        &page.doc.file,
                    )]
                }),
        ];
        let mut section = Some(page.parent);
        while let Some(current) = section {
            results.push(self.render_section(&library.sections[current]));
            section = library.sections[current].parent;
        }
        // Only the terms this page is listed under change.
        let listed_under = |term: &Term| term.pages.contains(&index);
        for taxonomy in &library.taxonomies {
            if page.doc.meta.taxonomies.contains_key(&taxonomy.config.name) {
                results.push(self.render_taxonomy(taxonomy, &listed_under));
            }
        }
        let mut files: Vec<OutputFile> = results
            .into_iter()
            .filter_map(|result| collect(result, diagnostics))
            .flatten()
            .collect();
        for result in self.feeds(&listed_under) {
            files.extend(collect(result, diagnostics));
        }
        files
    }

    /// Renders every output file: pages, sections and their pagers, taxonomies, feeds, the
    /// sitemap, robots.txt, _headers, aliases, the 404 page, assets and content files.
    pub fn render(&self, diagnostics: &mut Diagnostics) -> Vec<OutputFile> {
        let (library, config, renderer) = (&*self.library, &*self.config, &self.renderer);
        let page_files = library.pages.par_iter().map(|page| {
            renderer.render_page(page, library, config).map(|html| {
                vec![OutputFile::text(
                    output_file(&page.path),
                    html,
                    &page.doc.file,
                )]
            })
        });
        let section_files = library
            .sections
            .par_iter()
            .map(|section| self.render_section(section));
        let taxonomy_files = library
            .taxonomies
            .par_iter()
            .map(|taxonomy| self.render_taxonomy(taxonomy, &|_| true));
        let rendered: Vec<Result<Vec<OutputFile>, Diagnostic>> = page_files
            .chain(section_files)
            .chain(taxonomy_files)
            .collect();
        let mut files: Vec<OutputFile> = rendered
            .into_iter()
            .filter_map(|result| collect(result, diagnostics))
            .flatten()
            .collect();
        for result in self.feeds(&|_| true) {
            files.extend(collect(result, diagnostics));
        }
        files.extend(self.alias_pages());
        files.extend(sitemap::sitemap_files(self.sitemap_entries(), |name| {
            config.permalink(name)
        }));
        let hashed: Vec<tera::Value> = self
            .hashes
            .hashed_copies()
            .into_iter()
            .map(tera::Value::String)
            .collect();
        let headers_context = [
            (
                "content_security_policy",
                tera::Value::String(config.content_security_policy.clone()),
            ),
            ("hashed_assets", tera::Value::Array(hashed)),
        ];
        let headers_context: Vec<(&str, &tera::Value)> =
            headers_context.iter().map(|(k, v)| (*k, v)).collect();
        let mut site_files = vec![("robots.txt", Vec::new()), ("_headers", headers_context)];
        site_files.extend(
            renderer
                .data_templates()
                .into_iter()
                .map(|name| (name, Vec::new())),
        );
        for (name, extra) in site_files {
            let text = renderer.render_file(name, config, &extra);
            files.extend(
                collect(text, diagnostics).map(|t| OutputFile::text(name, t, self.origin(name))),
            );
        }
        if renderer.has_template("404.html") {
            let page = renderer.render_file("404.html", config, &[]);
            files.extend(
                collect(page, diagnostics)
                    .map(|html| OutputFile::text("404.html", html, self.origin("404.html"))),
            );
        }
        if config.build_search_index {
            files.extend(
                collect(crate::search::index(&files, library, config), diagnostics)
                    .into_iter()
                    .flatten(),
            );
        }
        files.extend(self.assets.iter().cloned());
        files.extend(
            library
                .assets
                .iter()
                .map(|asset| OutputFile::copy(asset.output.clone(), asset.source.clone())),
        );
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    fn origin(&self, template: &str) -> PathBuf {
        self.shown_root.join("templates").join(template)
    }

    /// A section's page, or its pagers and the redirect from `page/1/` to the first.
    fn render_section(&self, section: &Section) -> Result<Vec<OutputFile>, Diagnostic> {
        let (library, config) = (&*self.library, &*self.config);
        let Some(per_page) = section.doc.meta.paginate_by.filter(|n| *n > 0) else {
            let html = self
                .renderer
                .render_section(section, None, library, config)?;
            return Ok(vec![OutputFile::text(
                output_file(&section.path),
                html,
                &section.doc.file,
            )]);
        };
        let paginate_path = section.doc.meta.paginate_path.as_deref().unwrap_or("page");
        let set = PagerSet {
            base_path: &section.path,
            paginate_path,
            per_page,
            total_items: section.pages.len(),
        };
        let mut files = Vec::new();
        for pager in paginate(&section.path, paginate_path, &section.pages, per_page) {
            let html =
                self.renderer
                    .render_section(section, Some((&pager, &set)), library, config)?;
            files.push(OutputFile::text(
                output_file(&pager.path),
                html,
                &section.doc.file,
            ));
        }
        files.push(self.first_pager_redirect(&section.path, paginate_path, &section.doc.file));
        Ok(files)
    }

    /// A taxonomy's list page and each term's pagers.
    fn render_taxonomy(
        &self,
        taxonomy: &Taxonomy,
        wanted: &dyn Fn(&Term) -> bool,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let (library, config) = (&*self.library, &*self.config);
        let origin = self.shown_root.join(CONFIG_FILE);
        let html = self
            .renderer
            .render_taxonomy_list(taxonomy, library, config)?;
        let mut files = vec![OutputFile::text(output_file(&taxonomy.path), html, &origin)];
        let paginate_path = taxonomy.config.paginate_path.as_str();
        for term in taxonomy.terms.iter().filter(|term| wanted(term)) {
            let per_page = taxonomy.config.paginate_by.filter(|n| *n > 0);
            let set = PagerSet {
                base_path: &term.path,
                paginate_path,
                per_page: per_page.unwrap_or(term.pages.len().max(1)),
                total_items: term.pages.len(),
            };
            for pager in paginate(&term.path, paginate_path, &term.pages, set.per_page) {
                let html =
                    self.renderer
                        .render_term(taxonomy, term, (&pager, &set), library, config)?;
                files.push(OutputFile::text(output_file(&pager.path), html, &origin));
            }
            if per_page.is_some() {
                files.push(self.first_pager_redirect(&term.path, paginate_path, &origin));
            }
        }
        Ok(files)
    }

    /// `/list/page/1/` sends visitors to `/list/`.
    fn first_pager_redirect(
        &self,
        list_path: &str,
        paginate_path: &str,
        origin: &Path,
    ) -> OutputFile {
        let path = format!("{list_path}{}/1/", paginate_path.trim_matches('/'));
        OutputFile::text(
            output_file(&path),
            redirect_page(&self.config.permalink(list_path)),
            origin,
        )
    }

    /// The site's feeds and, for taxonomies with `feed = true`, each term's.
    fn feeds(&self, wanted: &dyn Fn(&Term) -> bool) -> Vec<Result<OutputFile, Diagnostic>> {
        let (library, config) = (&*self.library, &*self.config);
        if !config.generate_feeds {
            return Vec::new();
        }
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
        let limit = |pages: &[usize]| pages.len().min(config.feed_limit.unwrap_or(usize::MAX));
        // Terms list their pages newest first, undated ones last: feeds take the dated ones,
        // as the site's feed does.
        let dated = |pages: &[usize]| {
            pages
                .iter()
                .take_while(|&&i| library.pages[i].doc.meta.date.is_some())
                .count()
        };
        let mut requests = Vec::new();
        for filename in &config.feed_filenames {
            requests.push(FeedRequest {
                filename,
                list_path: "/",
                pages: &listed[..limit(&listed)],
                term: None,
            });
            for taxonomy in library.taxonomies.iter().filter(|t| t.config.feed) {
                for term in taxonomy.terms.iter().filter(|term| wanted(term)) {
                    requests.push(FeedRequest {
                        filename,
                        list_path: &term.path,
                        pages: &term.pages[..limit(&term.pages).min(dated(&term.pages))],
                        term: Some((taxonomy, term)),
                    });
                }
            }
        }
        requests
            .par_iter()
            .map(|request| {
                let xml = self.renderer.render_feed(request, library, config)?;
                let path = format!(
                    "{}{}",
                    request.list_path.trim_start_matches('/'),
                    request.filename
                );
                Ok(OutputFile::text(path, xml, self.origin(request.filename)))
            })
            .collect()
    }

    /// Every page, section, taxonomy list and term, with the date it last changed.
    fn sitemap_entries(&self) -> Vec<SitemapEntry> {
        let library = &*self.library;
        let pages = library.pages.iter().map(|page| SitemapEntry {
            permalink: page.permalink.clone(),
            lastmod: page
                .doc
                .meta
                .updated
                .or(page.doc.meta.date)
                .map(|d| d.to_string()),
        });
        let sections = library.sections.iter().map(|section| SitemapEntry {
            permalink: section.permalink.clone(),
            lastmod: None,
        });
        let taxonomies = library.taxonomies.iter().flat_map(|taxonomy| {
            std::iter::once(taxonomy.permalink.clone())
                .chain(taxonomy.terms.iter().map(|term| term.permalink.clone()))
                .map(|permalink| SitemapEntry {
                    permalink,
                    lastmod: None,
                })
        });
        pages.chain(sections).chain(taxonomies).collect()
    }

    /// Small pages at each alias that send visitors to the real URL.
    fn alias_pages(&self) -> Vec<OutputFile> {
        let pages = self
            .library
            .pages
            .iter()
            .map(|p| (&p.doc.file, &p.permalink, &p.doc.meta.aliases));
        let sections = self
            .library
            .sections
            .iter()
            .map(|s| (&s.doc.file, &s.permalink, &s.doc.meta.aliases));
        pages
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
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let name = entry.file_name().to_string_lossy();
                if is_editor_leftover(&name) {
                    continue;
                }
                if let Ok(relative) = entry.path().strip_prefix(dir) {
                    let mut file =
                        OutputFile::copy(to_slash_path(relative), entry.path().to_path_buf());
                    file.origin = shown_dir.join(relative);
                    files.push(file);
                }
            }
            Ok(_) => {}
            Err(error) => diagnostics.push(
                Diagnostic::error(
                    error.path().unwrap_or(dir),
                    format!("could not read: {error}"),
                )
                .with_hint("check that the file exists and that you may read it"),
            ),
        }
    }
    files
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

/// A page that sends the visitor on to `url`: a meta refresh, a canonical link and a visible
/// link for when neither is followed.
fn redirect_page(url: &str) -> String {
    let url = markdown::escape_attribute(url);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting to {url}</title>\n<link rel=\"canonical\" href=\"{url}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{url}\">{url}</a>.</p>\n</body>\n</html>\n"
    )
}
