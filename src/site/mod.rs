//! The build pipeline. A [`Site`] is loaded once (settings, content, templates, assets); a
//! `Plan` lists the outputs to render (all of them, or those an edit changed); the
//! executor renders a plan into a `Sink`, a staging folder for `build` and memory for
//! `serve` and `check`. `serve`'s updates are the same: apply the edit, plan, execute.

mod execute;
mod load;
mod outputs;
mod plan;
mod update;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::assets::AssetHashes;
use crate::cache::CacheStats;
use crate::config::{Config, Mode};
use crate::content::{Entry, Library, PageId, SectionId, Templated};
use crate::error::{Diagnostic, Diagnostics, collect};
use crate::markdown::{Highlighter, Rendered};
use crate::output::{self, MemorySink, OutputFile, Staging};
use crate::progress::BuildProgress;
use crate::render::{ProcessedImages, Renderer, SectionLists};

pub(crate) use execute::ReadLog;
pub(crate) use outputs::Output;
pub(crate) use plan::Plan;
pub use update::SiteUpdate;

/// Where a build keeps the output it replaced (see `output::spare`), under the site root.
const SPARE_DIR: &str = ".quire/previous-output";

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
    /// Replace the output folder even when Quire did not make it (`--force`).
    pub force: bool,
    /// Give `get_url(..., cachebust=true)` hashed names (off in `quire serve`, so that an
    /// edited stylesheet changes only itself).
    pub cachebust: bool,
    /// Told each stage of the build as it starts, and each page as it is written.
    pub progress: Option<Arc<BuildProgress>>,
    /// Read and fill the persistent cache in `.quire/cache/`, and keep the replaced output in
    /// `.quire/previous-output/` to stage the next build into (both off with `--no-cache`).
    pub cache: bool,
    /// The command the site is built for, `config.mode` in templates.
    pub mode: Mode,
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
            force: false,
            cachebust: true,
            progress: None,
            cache: true,
            mode: Mode::Build,
        }
    }
}

/// A loaded site: settings, the linked content (sections' Markdown rendered, pages' outlined:
/// a page's HTML is made when it is written), the templates and the assets (static files and
/// highlighting stylesheets, with their hashes). Read-only while a plan is executed.
pub struct Site {
    /// The settings, with the command's overrides.
    pub config: Arc<Config>,
    /// The content, linked and outlined.
    pub library: Arc<Library>,
    renderer: Renderer,
    highlighter: Arc<Highlighter>,
    assets: Vec<OutputFile>,
    hashes: Arc<AssetHashes>,
    /// The site feed's pages, newest first.
    newest_first: HashMap<String, Vec<PageId>>,
    /// The feed pages of each section with `generate_feeds = true`, newest first.
    section_feeds: HashMap<SectionId, Vec<PageId>>,
    /// The pages of each section with `paginate_reversed = true`, in its pagers' order.
    reversed: HashMap<SectionId, Vec<PageId>>,
    progress: Option<Arc<BuildProgress>>,
    root: PathBuf,
    shown_root: PathBuf,
    /// What each output read when it was last rendered, for sites that are updated in place
    /// (`serve`); `None` when the build did not record it.
    reads: Option<ReadLog>,
    /// The site's `anchor-link.html` for each heading level, when it has one.
    anchor_links: Option<Vec<String>>,
    /// The shortcode templates that sections' Markdown and pages' summaries called when the
    /// site was loaded (an edit of one needs a new load).
    loaded_shortcodes: BTreeSet<String>,
    /// The sections `get_section` listed with their pages, kept for the library as it is.
    section_lists: Arc<SectionLists>,
    /// The images `resize_image` asked for, made after the templates ran.
    processed_images: Arc<ProcessedImages>,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// How many pages were built.
    pub pages: usize,
    /// How many sections were built.
    pub sections: usize,
    /// How many files the output holds.
    pub files: usize,
    /// How many of the files were kept from the previous output, unchanged.
    pub unchanged: usize,
    /// How long the build took.
    pub elapsed: Duration,
    /// How many highlighted code blocks came from the persistent cache.
    pub cache: CacheStats,
}

/// Builds the site and writes it, with every problem (errors and warnings) in `diagnostics`;
/// `None` when it found an error, and then the output is left as it was. Files go to a
/// staging folder as they are rendered, so memory stays flat however large the site is.
pub fn build(options: &BuildOptions, diagnostics: &mut Diagnostics) -> Option<BuildReport> {
    let started = Instant::now();
    let checked = output::check_output_dir(&options.root, &options.output, options.force);
    collect(checked, diagnostics)?;
    let site = Site::load(options, diagnostics)?;
    // `check` reports schema violations as errors; a build only warns.
    crate::content::schemas::check(
        &site.library,
        &site.config.schemas,
        crate::error::Severity::Warning,
        diagnostics,
    );
    // The replaced output is kept with the cache, for the next build to stage into.
    let spare = options.cache.then(|| options.root.join(SPARE_DIR));
    let staging = collect(
        Staging::create(&options.output, spare.as_deref()),
        diagnostics,
    )?;
    execute::execute(&site, &Plan::full(&site), &staging, false, diagnostics);
    diagnostics.extend(site.highlighter.cache().persist().err());
    staging.collisions(diagnostics);
    if diagnostics.has_errors() {
        return None;
    }
    let files = staging.file_count();
    let unchanged = staging.unchanged_count();
    site.report("Replacing the output", 0);
    collect(staging.commit(), diagnostics)?;
    Some(BuildReport {
        pages: site.library.pages.len(),
        sections: site.library.sections.len(),
        files,
        unchanged,
        elapsed: started.elapsed(),
        cache: site.highlighter.cache().stats(),
    })
}

/// Loads and renders the whole site in memory, with clashing output paths reported and what
/// each output read recorded (so the site can be updated in place); `None` when loading
/// failed. Nothing is written: `serve` serves the files and `check` inspects them.
pub fn build_in_memory(
    options: &BuildOptions,
    diagnostics: &mut Diagnostics,
) -> Option<(Site, Vec<OutputFile>)> {
    let mut site = Site::load(options, diagnostics)?;
    let sink = MemorySink::default();
    let reads = execute::execute(&site, &Plan::full(&site), &sink, true, diagnostics);
    site.reads = Some(reads);
    diagnostics.extend(site.highlighter.cache().persist().err());
    let files = sink.into_files();
    output::collisions(
        files.iter().map(|f| (f.path.as_str(), &f.origin)),
        diagnostics,
    );
    Some((site, files))
}

impl Site {
    /// The rendered Markdown of page `index`, its shortcodes expanded.
    pub fn page_body(&self, index: PageId) -> Result<Rendered, Diagnostic> {
        let expand = |body: &str, entry: Entry| {
            self.renderer
                .expand_shortcodes(body, entry, &self.library, &self.config)
        };
        let templated = Templated {
            anchor_links: self.anchor_links.as_deref(),
            shortcodes: Some(&expand),
        };
        self.library.render_entry(
            Entry::Page(index),
            &self.config,
            &self.highlighter,
            templated,
        )
    }

    /// Tells the build's progress which stage starts.
    fn report(&self, stage: &'static str, total: usize) {
        if let Some(progress) = &self.progress {
            progress.stage(stage, total);
        }
    }
}
