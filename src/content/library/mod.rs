//! The library: every page, section and asset of the site, linked (parents, children, order,
//! taxonomies) from the files under `content/`. Built once, read-only afterwards.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use rayon::prelude::*;

pub(crate) mod backlinks;
mod folders;
mod link;
mod markdown;

use folders::without_nameless_folders;
use link::Linker;

use super::document::Document;
use super::front_matter::{PageFrontMatter, SectionFrontMatter};
use super::model::{Asset, Entry, Page, PageId, Section, SectionId};
use super::taxonomies::Taxonomy;
use super::walk::{SourceFile, SourceKind, walk};
use crate::config::Config;
use crate::error::Diagnostics;

pub(crate) use markdown::{Templated, render_options};

/// Every page, section and asset of the site, linked.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Every page, read by [`PageId`].
    pub pages: Vec<Page>,
    /// Every section, the home among them, read by [`SectionId`].
    pub sections: Vec<Section>,
    pub(crate) assets: Vec<Asset>,
    pub(crate) taxonomies: Vec<Taxonomy>,
    by_path: HashMap<String, Entry>,
    /// Whether templates read `backlinks` (see [`Library::use_backlinks`]).
    backlinks_used: bool,
    /// Who links to whom, found on the first `backlinks` asked for.
    linked_from: OnceLock<backlinks::LinkedFrom>,
}

/// How content is loaded.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LoadOptions {
    /// Keep pages and sections marked `draft = true`.
    pub(crate) drafts: bool,
}

impl Library {
    /// Loads everything under `content_dir`; `shown_dir` is how that folder is named in
    /// diagnostics. Problems in single files are collected; the rest still loads.
    pub(crate) fn load(
        content_dir: &Path,
        shown_dir: &Path,
        config: &Config,
        options: LoadOptions,
        diagnostics: &mut Diagnostics,
    ) -> Library {
        let mut files = walk(content_dir, diagnostics);
        files.retain(|file| !config.ignored_content_globs.contains(&file.relative));
        let files = without_nameless_folders(files, shown_dir, diagnostics);
        let parsed: Vec<_> = files
            .par_iter()
            .filter(|file| file.kind != SourceKind::Asset)
            .map(|file| {
                let mut found = Diagnostics::default();
                let parsed = parse_file(file, shown_dir, &mut found);
                (parsed, found)
            })
            .collect();
        let mut pages = Vec::new();
        let mut sections = Vec::new();
        for (parsed, found) in parsed {
            diagnostics.extend(found);
            match parsed {
                Some(Parsed::Page(doc)) => pages.push(doc),
                Some(Parsed::Section(doc)) => sections.push(doc),
                None => {}
            }
        }
        let assets: Vec<&SourceFile> = files
            .iter()
            .filter(|f| f.kind == SourceKind::Asset)
            .collect();
        Linker::new(config, options).link(pages, sections, &assets, shown_dir, diagnostics)
    }

    /// Builds a library from parsed documents, for unit tests.
    #[cfg(test)]
    pub(crate) fn from_documents(
        pages: Vec<Document<PageFrontMatter>>,
        sections: Vec<Document<SectionFrontMatter>>,
        config: &Config,
        diagnostics: &mut Diagnostics,
    ) -> Library {
        Linker::new(config, LoadOptions { drafts: false }).link(
            pages,
            sections,
            &[],
            Path::new("content"),
            diagnostics,
        )
    }

    /// The page or section at a content path such as `5xx/500.md`.
    pub fn get(&self, content_path: &str) -> Option<Entry> {
        let content_path = content_path
            .trim_start_matches("@/")
            .trim_start_matches('/');
        self.by_path.get(content_path).copied()
    }

    /// The URL of the page or section at a content path.
    pub(crate) fn permalink_of(&self, content_path: &str) -> Option<&str> {
        match self.get(content_path)? {
            Entry::Page(i) => Some(&self.pages[i].permalink),
            Entry::Section(i) => Some(&self.sections[i].permalink),
        }
    }

    /// The home section of the default language: the content folder's `_index.md` (or a
    /// default one made under that name).
    pub fn home(&self) -> SectionId {
        let home = self
            .sections
            .iter()
            .position(|s| s.dir.is_empty() && s.doc.relative_path == "_index.md");
        SectionId::new(home.unwrap_or(0))
    }

    /// The home section of language `lang`: the content folder's `_index.LANG.md` (or
    /// `_index.md` for the default language), or a default one.
    pub(crate) fn home_of(&self, lang: &str) -> SectionId {
        let home = self
            .sections
            .iter()
            .position(|s| s.dir.is_empty() && s.lang == lang);
        home.map_or_else(|| self.home(), SectionId::new)
    }

    /// Every page's id, in the order of [`Library::pages`].
    pub(crate) fn page_ids(&self) -> impl Iterator<Item = PageId> + use<> {
        (0..self.pages.len()).map(PageId::new)
    }

    /// Every section's id, in the order of [`Library::sections`].
    pub(crate) fn section_ids(&self) -> impl Iterator<Item = SectionId> + use<> {
        (0..self.sections.len()).map(SectionId::new)
    }
}

enum Parsed {
    Page(Document<PageFrontMatter>),
    Section(Document<SectionFrontMatter>),
}

/// Reads and parses one Markdown file as a page or a section.
fn parse_file(
    file: &SourceFile,
    shown_dir: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<Parsed> {
    let shown = shown_dir.join(&file.relative);
    Some(match file.kind {
        SourceKind::Section => Parsed::Section(Document::from_file(
            &file.absolute,
            &shown,
            &file.relative,
            diagnostics,
        )?),
        _ => Parsed::Page(Document::from_file(
            &file.absolute,
            &shown,
            &file.relative,
            diagnostics,
        )?),
    })
}

/// True for a bundle's page: a file named exactly `index.md`.
fn is_bundle_index(relative: &str) -> bool {
    relative.rsplit('/').next() == Some("index.md")
}

/// The folder part of a content path: `5xx/500.md` → `5xx`, `a.md` → ``.
fn parent_dir(relative: &str) -> &str {
    relative.rsplit_once('/').map_or("", |(dir, _)| dir)
}

#[cfg(test)]
mod tests;
