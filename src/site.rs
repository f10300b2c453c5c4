//! The build pipeline: settings, content, Markdown, templates, output. Each file goes to a
//! staging folder as soon as it is rendered; the folder replaces the output only when no
//! problem was found on the way.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::assets::AssetHashes;
use crate::config::{CONFIG_FILE, Config};
use crate::content::paths::output_file;
use crate::content::taxonomies::{Taxonomy, Term};
use crate::content::walk::{is_editor_leftover, to_slash_path};
use crate::content::{Library, LoadOptions, Section};
use crate::error::{Diagnostic, Diagnostics, collect};
use crate::markdown::{self, BrokenLink, Highlighter, Outline, Rendered};
use crate::output::{self, MemorySink, OutputFile, Sink, Staging};
use crate::paginate::paginate;
use crate::progress::BuildProgress;
use crate::render::views::{PagerSet, feed_shows_summary};
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
    /// Give `get_url(..., cachebust=true)` hashed names (off in `quire serve`, so that an
    /// edited stylesheet changes only itself).
    pub cachebust: bool,
    /// Told each stage of the build as it starts, and each page as it is written.
    pub progress: Option<Arc<BuildProgress>>,
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
            cachebust: true,
            progress: None,
        }
    }
}

/// A loaded site: settings, the linked content (sections' Markdown rendered, pages' outlined:
/// a page's HTML is made when it is written), the templates and the assets (static files and
/// highlighting stylesheets, with their hashes).
pub struct Site {
    pub config: Arc<Config>,
    pub library: Arc<Library>,
    renderer: Renderer,
    highlighter: Arc<Highlighter>,
    assets: Vec<OutputFile>,
    hashes: Arc<AssetHashes>,
    /// The site feed's pages, newest first.
    newest_first: Vec<usize>,
    progress: Option<Arc<BuildProgress>>,
    root: PathBuf,
    shown_root: PathBuf,
}

/// The result of applying an edit (one page's body, templates) to a built site.
pub enum SiteUpdate {
    /// The edit was applied: the updated site, the outputs it changed and any problems.
    Applied(Box<Site>, Vec<OutputFile>, Diagnostics),
    /// The edit needs everything built again (front matter, a new or removed file).
    NeedsFullBuild,
}

/// A page that lists pages.
#[derive(Clone, Copy)]
enum List<'a> {
    Section(&'a Section),
    /// A taxonomy's list of terms (`/tags/`).
    Terms(&'a Taxonomy),
    Term(&'a Taxonomy, &'a Term),
}

/// What writing one page left: its problems and, when the feeds need it, its content.
struct WrittenPage {
    problems: Vec<Diagnostic>,
    body: Option<(usize, String)>,
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

/// Builds the site and writes it; on any error the output is left as it was. Files go to a staging
/// folder as they are rendered, so memory stays flat however large the site is.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let started = Instant::now();
    let mut diagnostics = Diagnostics::default();
    if let Err(problem) = output::check_output_dir(&options.root, &options.output) {
        return Err(vec![problem]);
    }
    let Some(site) = Site::load(options, &mut diagnostics) else {
        return Err(diagnostics.into_sorted());
    };
    diagnostics.extend(crate::content::schemas::check(
        &site.library,
        &site.config.schemas,
        crate::error::Severity::Warning,
    ));
    let staging = match Staging::create(&options.output) {
        Ok(staging) => staging,
        Err(problem) => {
            diagnostics.push(problem);
            return Err(diagnostics.into_sorted());
        }
    };
    site.render(&staging, &mut diagnostics);
    diagnostics.extend(staging.collisions());
    if diagnostics.has_errors() {
        return Err(diagnostics.into_sorted());
    }
    let files = staging.file_count();
    if let Some(progress) = &options.progress {
        progress.stage("Replacing the output", 0);
    }
    if let Err(problem) = staging.commit() {
        diagnostics.push(problem);
        return Err(diagnostics.into_sorted());
    }
    Ok(BuildReport {
        pages: site.library.pages.len(),
        sections: site.library.sections.len(),
        files,
        elapsed: started.elapsed(),
        warnings: diagnostics.into_sorted(),
    })
}

/// Loads and renders the whole site in memory, with clashing output paths reported; `None`
/// when loading failed. Nothing is written: `serve` serves the files and `check` inspects
/// them.
pub fn build_in_memory(
    options: &BuildOptions,
    diagnostics: &mut Diagnostics,
) -> Option<(Site, Vec<OutputFile>)> {
    let site = Site::load(options, diagnostics)?;
    let sink = MemorySink::default();
    site.render(&sink, diagnostics);
    let files = sink.into_files();
    diagnostics.extend(output::collisions(
        files.iter().map(|f| (f.path.as_str(), f.origin.as_path())),
    ));
    Some((site, files))
}

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
        let highlighter = Arc::new(Highlighter::new());
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
        };
        Some(site.with_site_functions())
    }

    /// Applies an edit of the page at `relative_path` (under `content/`) whose new text is
    /// `source`. When only the body changed, re-renders that page and the pages that list it;
    /// otherwise asks for a full build.
    pub fn update_page(mut self, relative_path: &str, source: String) -> SiteUpdate {
        let Some(crate::content::Entry::Page(index)) = self.library.get(relative_path) else {
            return SiteUpdate::NeedsFullBuild;
        };
        let page = &self.library.pages[index];
        let Ok((doc, warnings)) =
            crate::content::Document::parse(&page.doc.file, relative_path, source)
        else {
            return SiteUpdate::NeedsFullBuild;
        };
        if doc.meta != page.doc.meta {
            return SiteUpdate::NeedsFullBuild;
        }
        let Some(renderer) = self.load_templates() else {
            return SiteUpdate::NeedsFullBuild;
        };
        // The old templates' functions hold the other references to the library.
        self.renderer = renderer;
        let Ok(mut library) = Arc::try_unwrap(std::mem::take(&mut self.library)) else {
            return SiteUpdate::NeedsFullBuild;
        };
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(warnings);
        library.pages[index].doc = doc;
        let outline = library.outline(index, &self.config, &self.highlighter);
        diagnostics.extend(broken_links(
            &library.pages[index].doc,
            &outline.broken_links,
        ));
        library.pages[index].outline = outline;
        self.library = Arc::new(library);
        let site = self.with_site_functions();
        let sink = MemorySink::default();
        site.render_around(index, &sink, &mut diagnostics);
        SiteUpdate::Applied(Box::new(site), sink.into_files(), diagnostics)
    }

    /// The outputs that show page `index`: the page, its sections up to the home, the
    /// taxonomies it is classified in, and the feeds.
    fn render_around(&self, index: usize, sink: &dyn Sink, diagnostics: &mut Diagnostics) {
        let library = &*self.library;
        let page = &library.pages[index];
        diagnostics.extend(self.write_page(index, sink, false).problems);
        let mut lists = Vec::new();
        let mut section = Some(page.parent);
        while let Some(current) = section {
            lists.push(List::Section(&library.sections[current]));
            section = library.sections[current].parent;
        }
        // Only the terms this page is listed under change.
        let listed_under = |term: &Term| term.pages.contains(&index);
        for taxonomy in &library.taxonomies {
            if page.doc.meta.taxonomies.contains_key(&taxonomy.config.name) {
                lists.push(List::Terms(taxonomy));
                lists.extend(
                    taxonomy
                        .terms
                        .iter()
                        .filter(|term| listed_under(term))
                        .map(|term| List::Term(taxonomy, term)),
                );
            }
        }
        self.render_lists(lists, sink, diagnostics);
        let requests = self.feed_requests(&listed_under);
        let bodies = self.feed_bodies(&requests);
        for feed in self.render_feeds(&requests, &bodies) {
            put_all(sink, collect(feed, diagnostics), diagnostics);
        }
    }

    /// Renders every output file into `sink`: pages, sections and their pagers, taxonomies,
    /// feeds, the sitemap, robots.txt, _headers, aliases, the 404 page, the search index,
    /// assets and content files. Each page's HTML is made, written and dropped in one step.
    pub fn render(&self, sink: &dyn Sink, diagnostics: &mut Diagnostics) {
        let (library, config) = (&*self.library, &*self.config);
        self.report("Rendering pages", library.pages.len());
        let feeds = self.feed_requests(&|_| true);
        let in_feeds = self.pages_needing_bodies(&feeds);
        let written: Vec<WrittenPage> = (0..library.pages.len())
            .into_par_iter()
            .map(|index| self.write_page(index, sink, in_feeds.contains(&index)))
            .collect();
        let mut bodies = HashMap::new();
        for page in written {
            diagnostics.extend(page.problems);
            bodies.extend(page.body);
        }
        self.report("Rendering lists and feeds", 0);
        let sections = library.sections.iter().map(List::Section);
        let taxonomies = library.taxonomies.iter().flat_map(|taxonomy| {
            std::iter::once(List::Terms(taxonomy))
                .chain(taxonomy.terms.iter().map(|term| List::Term(taxonomy, term)))
        });
        self.render_lists(sections.chain(taxonomies).collect(), sink, diagnostics);
        for feed in self.render_feeds(&feeds, &bodies) {
            put_all(sink, collect(feed, diagnostics), diagnostics);
        }
        drop(bodies);
        put_all(sink, self.alias_pages(), diagnostics);
        put_all(
            sink,
            sitemap::sitemap_files(self.sitemap_entries(), |name| config.permalink(name)),
            diagnostics,
        );
        self.render_site_files(&|_| true, sink, diagnostics);
        if config.build_search_index {
            self.report("Indexing for search", 0);
            let index = crate::search::index(&|path| sink.read(path), library, config);
            put_all(
                sink,
                collect(index, diagnostics).into_iter().flatten(),
                diagnostics,
            );
        }
        put_all(sink, self.assets.iter().cloned(), diagnostics);
        put_all(
            sink,
            library
                .assets
                .iter()
                .map(|asset| OutputFile::copy(asset.output.clone(), asset.source.clone())),
            diagnostics,
        );
    }

    /// Tells the build's progress which stage starts.
    fn report(&self, stage: &'static str, total: usize) {
        if let Some(progress) = &self.progress {
            progress.stage(stage, total);
        }
    }

    /// The rendered Markdown of page `index`.
    pub fn page_body(&self, index: usize) -> Rendered {
        let page = &self.library.pages[index];
        self.library.render_markdown(
            page.doc.body(),
            &page.permalink,
            &self.config,
            &self.highlighter,
        )
    }

    /// Renders the site-wide files whose template `wanted` accepts: robots.txt, _headers, the
    /// data templates and the 404 page.
    fn render_site_files(
        &self,
        wanted: &dyn Fn(&str) -> bool,
        sink: &dyn Sink,
        diagnostics: &mut Diagnostics,
    ) {
        let (config, renderer) = (&*self.config, &self.renderer);
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
        if renderer.has_template("404.html") {
            site_files.push(("404.html", Vec::new()));
        }
        for (name, extra) in site_files {
            if !wanted(&renderer.file_template(name)) {
                continue;
            }
            let text = renderer.render_file(name, config, &extra);
            let file = collect(text, diagnostics)
                .map(|text| OutputFile::text(name, text, self.origin(name)));
            put_all(sink, file, diagnostics);
        }
    }

    /// Applies edited templates: the templates are loaded again and only the outputs whose
    /// template uses an edited one (through `extends`, `include` or `import`) are rendered.
    /// A template added or removed, or one that does not load, asks for a full build.
    pub fn update_templates(self) -> SiteUpdate {
        let Some(renderer) = self.load_templates() else {
            return SiteUpdate::NeedsFullBuild;
        };
        if !renderer.same_names(&self.renderer) {
            return SiteUpdate::NeedsFullBuild;
        }
        let affected = renderer.affected_by(&renderer.changed_since(&self.renderer));
        let site = Site { renderer, ..self }.with_site_functions();
        let mut diagnostics = Diagnostics::default();
        let sink = MemorySink::default();
        site.render_using(&affected, &sink, &mut diagnostics);
        SiteUpdate::Applied(Box::new(site), sink.into_files(), diagnostics)
    }

    /// The templates as they are now on disk; `None` when they do not load.
    fn load_templates(&self) -> Option<Renderer> {
        Renderer::load(
            &self.root.join("templates"),
            &self.shown_root.join("templates"),
        )
        .ok()
    }

    /// The site with `get_url`, `get_page` and `get_section` registered over its current
    /// library.
    fn with_site_functions(mut self) -> Site {
        self.renderer.register_site(
            Arc::clone(&self.library),
            Arc::clone(&self.config),
            Arc::clone(&self.hashes),
            Arc::clone(&self.highlighter),
        );
        self
    }

    /// The outputs for edited files under `static/` (paths relative to it), when each is a
    /// file the site already copies as it is; `None` when the site must be built again (a
    /// new or removed file, or one with a hashed copy).
    pub fn updated_static_files(&self, relative_paths: &[String]) -> Option<Vec<OutputFile>> {
        relative_paths
            .iter()
            .map(|relative| {
                if self.hashes.has_copy(relative) {
                    return None;
                }
                self.assets
                    .iter()
                    .find(|file| &file.path == relative)
                    .filter(|file| {
                        matches!(&file.content, output::Content::Copy(source) if source.is_file())
                    })
                    .cloned()
            })
            .collect()
    }

    /// Renders the outputs whose template is in `templates`: pages, lists, feeds and
    /// site-wide files.
    fn render_using(
        &self,
        templates: &BTreeSet<String>,
        sink: &dyn Sink,
        diagnostics: &mut Diagnostics,
    ) {
        let (library, renderer) = (&*self.library, &self.renderer);
        let uses = |template: &str| templates.contains(template);
        let pages: Vec<usize> = (0..library.pages.len())
            .filter(|&i| uses(renderer.page_template(&library.pages[i], library)))
            .collect();
        let written: Vec<WrittenPage> = pages
            .into_par_iter()
            .map(|index| self.write_page(index, sink, false))
            .collect();
        diagnostics.extend(written.into_iter().flat_map(|page| page.problems));
        let sections = library
            .sections
            .iter()
            .filter(|section| uses(renderer.section_template(section)))
            .map(List::Section);
        let taxonomies = library.taxonomies.iter().flat_map(|taxonomy| {
            let list = uses(&renderer.taxonomy_list_template(taxonomy));
            let terms = uses(&renderer.term_template(taxonomy));
            list.then_some(List::Terms(taxonomy)).into_iter().chain(
                taxonomy
                    .terms
                    .iter()
                    .filter(move |_| terms)
                    .map(move |term| List::Term(taxonomy, term)),
            )
        });
        self.render_lists(sections.chain(taxonomies).collect(), sink, diagnostics);
        let mut feeds = self.feed_requests(&|_| true);
        feeds.retain(|request| uses(&renderer.file_template(request.filename)));
        let bodies = self.feed_bodies(&feeds);
        for feed in self.render_feeds(&feeds, &bodies) {
            put_all(sink, collect(feed, diagnostics), diagnostics);
        }
        self.render_site_files(&uses, sink, diagnostics);
    }

    /// Renders page `index` (its Markdown, then its template) and puts it in `sink`, keeping
    /// its HTML content for the feeds when `keep_body`.
    fn write_page(&self, index: usize, sink: &dyn Sink, keep_body: bool) -> WrittenPage {
        let (library, config) = (&*self.library, &*self.config);
        let page = &library.pages[index];
        let body = self.page_body(index);
        let mut problems = Vec::new();
        let html = self.renderer.render_page(page, &body, library, config);
        let written = html.and_then(|html| {
            sink.put(OutputFile::text(
                output_file(&page.path),
                html,
                &page.doc.file,
            ))
        });
        problems.extend(written.err());
        if let Some(progress) = &self.progress {
            progress.step();
        }
        WrittenPage {
            problems,
            body: keep_body.then_some((index, body.html)),
        }
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

    /// Renders `lists` in parallel into `sink`.
    fn render_lists(&self, lists: Vec<List>, sink: &dyn Sink, diagnostics: &mut Diagnostics) {
        let rendered: Vec<Result<Vec<OutputFile>, Diagnostic>> = lists
            .into_par_iter()
            .map(|list| self.render_list(list))
            .collect();
        for files in rendered {
            put_all(
                sink,
                collect(files, diagnostics).into_iter().flatten(),
                diagnostics,
            );
        }
    }

    /// Renders one list: a section, a taxonomy's list of terms or one term's pagers.
    fn render_list(&self, list: List) -> Result<Vec<OutputFile>, Diagnostic> {
        match list {
            List::Section(section) => self.render_section(section),
            List::Terms(taxonomy) => self.render_taxonomy_list(taxonomy),
            List::Term(taxonomy, term) => self.render_term(taxonomy, term),
        }
    }

    /// A taxonomy's list of terms.
    fn render_taxonomy_list(&self, taxonomy: &Taxonomy) -> Result<Vec<OutputFile>, Diagnostic> {
        let (library, config) = (&*self.library, &*self.config);
        let html = self
            .renderer
            .render_taxonomy_list(taxonomy, library, config)?;
        let origin = self.shown_root.join(CONFIG_FILE);
        Ok(vec![OutputFile::text(
            output_file(&taxonomy.path),
            html,
            &origin,
        )])
    }

    /// A term's pagers, and the redirect from its `page/1/` when it is paginated.
    fn render_term(&self, taxonomy: &Taxonomy, term: &Term) -> Result<Vec<OutputFile>, Diagnostic> {
        let (library, config) = (&*self.library, &*self.config);
        let origin = self.shown_root.join(CONFIG_FILE);
        let paginate_path = taxonomy.config.paginate_path.as_str();
        let per_page = taxonomy.config.paginate_by.filter(|n| *n > 0);
        let set = PagerSet {
            base_path: &term.path,
            paginate_path,
            per_page: per_page.unwrap_or(term.pages.len().max(1)),
            total_items: term.pages.len(),
        };
        let mut files = Vec::new();
        for pager in paginate(&term.path, paginate_path, &term.pages, set.per_page) {
            let html =
                self.renderer
                    .render_term(taxonomy, term, (&pager, &set), library, config)?;
            files.push(OutputFile::text(output_file(&pager.path), html, &origin));
        }
        if per_page.is_some() {
            files.push(self.first_pager_redirect(&term.path, paginate_path, &origin));
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
    fn feed_requests(&self, wanted: &dyn Fn(&Term) -> bool) -> Vec<FeedRequest<'_>> {
        let (library, config) = (&*self.library, &*self.config);
        if !config.generate_feeds {
            return Vec::new();
        }
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
                pages: &self.newest_first[..limit(&self.newest_first)],
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
    }

    /// The pages whose whole content some feed shows.
    fn pages_needing_bodies(&self, requests: &[FeedRequest]) -> HashSet<usize> {
        let (library, config) = (&*self.library, &*self.config);
        requests
            .iter()
            .flat_map(|request| request.pages.iter().copied())
            .filter(|&i| !feed_shows_summary(&library.pages[i], config))
            .collect()
    }

    /// The HTML of every page the feeds show whole.
    fn feed_bodies(&self, requests: &[FeedRequest]) -> HashMap<usize, String> {
        let needed: Vec<usize> = self.pages_needing_bodies(requests).into_iter().collect();
        needed
            .into_par_iter()
            .map(|i| (i, self.page_body(i).html))
            .collect()
    }

    /// Renders the requested feeds; `bodies` holds the content they show.
    fn render_feeds(
        &self,
        requests: &[FeedRequest],
        bodies: &HashMap<usize, String>,
    ) -> Vec<Result<OutputFile, Diagnostic>> {
        let (library, config) = (&*self.library, &*self.config);
        requests
            .par_iter()
            .map(|request| {
                let xml = self
                    .renderer
                    .render_feed(request, bodies, library, config)?;
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

/// Puts each file in `sink`, reporting the ones it refuses.
fn put_all(
    sink: &dyn Sink,
    files: impl IntoIterator<Item = OutputFile>,
    diagnostics: &mut Diagnostics,
) {
    for file in files {
        if let Err(problem) = sink.put(file) {
            diagnostics.push(problem);
        }
    }
}

/// Errors for `@/` links that name no page or section.
fn broken_links<M>(doc: &crate::content::Document<M>, links: &[BrokenLink]) -> Vec<Diagnostic> {
    links
        .iter()
        .map(|link| {
            Diagnostic::error(
                &doc.file,
                format!("link to `{}`: no such page or section", link.target),
            )
            .at(doc.body_location(link.offset))
            .with_hint(
                "internal links name a file under content/, as in @/5xx/500.md or @/5xx/_index.md",
            )
        })
        .collect()
}

/// A page that sends the visitor on to `url`: a meta refresh, a canonical link and a visible
/// link for when neither is followed.
fn redirect_page(url: &str) -> String {
    let url = markdown::escape_attribute(url);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting to {url}</title>\n<link rel=\"canonical\" href=\"{url}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{url}\">{url}</a>.</p>\n</body>\n</html>\n"
    )
}
