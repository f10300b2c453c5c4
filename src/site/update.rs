//! Updating a built site in place, for `serve`: apply the edit to the model, plan what it
//! changed, execute the plan into memory.

use std::sync::Arc;

use super::load::compiled_sass;
use super::{Plan, Site, execute};
use crate::content::library::backlinks::links_differ;
use crate::content::{Document, Entry, Page};
use crate::error::Diagnostics;
use crate::output::{self, MemorySink, OutputFile};
use crate::render::{PageFields, SectionLists};

/// True when `asset` is CSS compiled from a Sass file (its origin is a `.scss` or `.sass`).
fn is_compiled_css(asset: &OutputFile) -> bool {
    asset.origin.file().is_some_and(|origin| {
        let origin = origin.to_string_lossy();
        origin.ends_with(".scss") || origin.ends_with(".sass")
    })
}

/// The result of applying an edit (one page's body, templates) to a built site. The problems
/// met are in the `diagnostics` the update was given: those of an applied edit, or of one
/// abandoned for a full build (which finds them again).
pub enum SiteUpdate {
    /// The edit was applied: the updated site and the outputs it changed.
    Applied(Box<Site>, Vec<OutputFile>),
    /// The edit needs everything built again (front matter, a new or removed file).
    NeedsFullBuild,
}

/// The values of a page's fields that lists show and that its body makes.
struct ListedValues {
    word_count: usize,
    reading_time: usize,
    summary: Option<String>,
}

impl ListedValues {
    fn of(page: &Page) -> ListedValues {
        ListedValues {
            word_count: page.doc.word_count,
            reading_time: page.doc.reading_time(),
            summary: page.outline.summary.clone(),
        }
    }

    /// The fields an edit of the body changed, these values having been the page's before
    /// it: `content` and `toc` always, the others when their values differ.
    fn changed_in(&self, page: &Page) -> PageFields {
        let now = ListedValues::of(page);
        let mut changed = PageFields::named(&["content", "toc"]);
        for (differs, field) in [
            (now.word_count != self.word_count, "word_count"),
            (now.reading_time != self.reading_time, "reading_time"),
            (now.summary != self.summary, "summary"),
        ] {
            if differs {
                changed = changed.union(PageFields::named(&[field]));
            }
        }
        changed
    }
}

impl Site {
    /// Applies an edit of the page at `relative_path` (under `content/`) whose new text is
    /// `source`. When only the body changed, renders that page and every output that showed
    /// it; otherwise asks for a full build.
    pub fn update_page(
        mut self,
        relative_path: &str,
        source: String,
        diagnostics: &mut Diagnostics,
    ) -> SiteUpdate {
        let Some(Entry::Page(index)) = self.library.get(relative_path) else {
            return SiteUpdate::NeedsFullBuild;
        };
        let page = &self.library.pages[index];
        let Some(doc) = Document::parse(&page.doc.file, relative_path, source, diagnostics) else {
            return SiteUpdate::NeedsFullBuild;
        };
        if doc.meta != page.doc.meta {
            return SiteUpdate::NeedsFullBuild;
        }
        let before = ListedValues::of(page);
        // The templates' site functions hold the other references to the library. Templates
        // that did not change are kept (parsing them again took a tenth of the update).
        if self.renderer.is_current(&self.template_dirs()) {
            self.renderer.forget_site();
        } else {
            let Some(renderer) = self.load_templates() else {
                return SiteUpdate::NeedsFullBuild;
            };
            self.renderer = renderer;
        }
        // A link added or removed changes the `backlinks` of another page.
        if self.library.backlinks_used() && links_differ(page.doc.body(), doc.body()) {
            return SiteUpdate::NeedsFullBuild;
        }
        let Ok(mut library) = Arc::try_unwrap(std::mem::take(&mut self.library)) else {
            return SiteUpdate::NeedsFullBuild;
        };
        library.replace_page_doc(index, doc);
        self.library = Arc::new(library);
        let site = self
            .with_site_functions()
            .render_markdown(Some(index), diagnostics);
        // What lists show of the page may not have changed: they are rendered again only
        // when a field they were shown did.
        let changed = before.changed_in(&site.library.pages[index]);
        let plan = Plan::after_body_edit(&site, index, changed);
        site.apply(plan, diagnostics)
    }

    /// Applies edited templates: the templates are loaded again and only the outputs whose
    /// template uses an edited one (through `extends`, `include` or `import`), or whose
    /// Markdown called an edited shortcode, are rendered.
    /// A template added or removed, or one that does not load, asks for a full build.
    pub fn update_templates(self, diagnostics: &mut Diagnostics) -> SiteUpdate {
        let Some(renderer) = self.load_templates() else {
            return SiteUpdate::NeedsFullBuild;
        };
        if !renderer.same_names(&self.renderer)
            || renderer.reads_backlinks() != self.library.backlinks_used()
        {
            return SiteUpdate::NeedsFullBuild;
        }
        let affected = renderer.affected_by(&renderer.changed_since(&self.renderer));
        // Anchor links, sections' content and pages' summaries are made when the site loads.
        if affected.contains(crate::render::ANCHOR_LINK_TEMPLATE)
            || affected.iter().any(|t| self.loaded_shortcodes.contains(t))
        {
            return SiteUpdate::NeedsFullBuild;
        }
        // The lists kept were made with the fields the old templates named.
        let site = Site {
            renderer,
            section_lists: Arc::new(SectionLists::for_mode(self.config.mode)),
            ..self
        }
        .with_site_functions();
        let plan = Plan::after_template_edit(&site, &affected);
        site.apply(plan, diagnostics)
    }

    /// Applies edited Sass: the stylesheets are compiled again and the CSS files are the
    /// outputs, so open pages swap their stylesheets without a reload. A stylesheet added or
    /// removed asks for a full build; Sass errors are returned with the files.
    pub(crate) fn update_sass(mut self, diagnostics: &mut Diagnostics) -> SiteUpdate {
        let mut problems = Diagnostics::default();
        let css = compiled_sass(&self.config, &self.root, &self.shown_root, &mut problems);
        let failed = problems.has_errors();
        diagnostics.extend(problems);
        if failed {
            return SiteUpdate::Applied(Box::new(self), Vec::new());
        }
        let known = |path: &str| self.assets.iter().any(|asset| asset.path == path);
        let compiled_before = self
            .assets
            .iter()
            .filter(|asset| is_compiled_css(asset))
            .count();
        if css.len() != compiled_before || !css.iter().all(|file| known(&file.path)) {
            return SiteUpdate::NeedsFullBuild;
        }
        for file in &css {
            if let Some(asset) = self.assets.iter_mut().find(|a| a.path == file.path) {
                *asset = file.clone();
            }
        }
        SiteUpdate::Applied(Box::new(self), css)
    }

    /// Executes `plan` into memory, keeping what the outputs read for the next edit.
    fn apply(mut self, plan: Plan, diagnostics: &mut Diagnostics) -> SiteUpdate {
        let sink = MemorySink::default();
        let reads = execute::execute(&self, &plan, &sink, true, diagnostics);
        self.reads.get_or_insert_default().update(reads);
        SiteUpdate::Applied(Box::new(self), sink.into_files())
    }

    /// The outputs for edited files under `static/` (paths relative to it), when each is a
    /// file the site already copies as it is; `None` when the site must be built again (a
    /// new or removed file, or one with a hashed copy).
    pub(crate) fn updated_static_files(
        &self,
        relative_paths: &[String],
    ) -> Option<Vec<OutputFile>> {
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
}
