//! The linked site model: pages and sections with their URLs, parents and children, and the
//! assets to copy. Built once from the files under `content/`, read-only afterwards.

use std::collections::HashMap;
use std::ops::{Index, IndexMut};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

mod folders;
mod link;
mod markdown;

use folders::without_nameless_folders;
use link::Linker;

use super::document::Document;
use super::front_matter::{PageFrontMatter, SectionFrontMatter};
use super::taxonomies::Taxonomy;
use super::walk::{SourceFile, SourceKind, walk};
use crate::config::Config;
use crate::error::Diagnostics;
use crate::markdown::{Outline, Rendered};

pub use markdown::{ExpandShortcodes, Templated, render_options};

/// A page: any Markdown file but `_index.md`.
#[derive(Debug, Clone)]
pub struct Page {
    pub doc: Document<PageFrontMatter>,
    pub slug: String,
    /// The site path (`/500/`), without the base URL's sub-path.
    pub path: String,
    pub permalink: String,
    /// The section that lists this page.
    pub parent: SectionId,
    /// For a bundle (`folder/index.md`), the files beside it, relative to the folder.
    pub assets: Vec<String>,
    /// The next page in the section's order (`page.lower` in templates).
    pub lower: Option<PageId>,
    /// The previous page in the section's order (`page.higher`).
    pub higher: Option<PageId>,
    /// The summary and word counts lists show; the page's HTML is made when it is written.
    pub outline: Outline,
}

/// A section: a folder with an `_index.md` (the home section is the content folder itself).
#[derive(Debug, Clone)]
pub struct Section {
    pub doc: Document<SectionFrontMatter>,
    /// The folder under `content/` (`5xx`), empty for the home section.
    pub dir: String,
    pub path: String,
    pub permalink: String,
    pub parent: Option<SectionId>,
    /// Pages in the order `sort_by` gives.
    pub pages: Vec<PageId>,
    pub subsections: Vec<SectionId>,
    pub rendered: Rendered,
}

/// A file under `content/` that is not Markdown, copied to `output` (relative to the output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub source: PathBuf,
    pub output: String,
}

/// What a content path (`5xx/500.md`, `5xx/_index.md`) names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Page(PageId),
    Section(SectionId),
}

/// A page of a [`Library`]: where it is in [`Library::pages`], which `pages[id]` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageId(usize);

/// A section of a [`Library`]: where it is in [`Library::sections`], which `sections[id]`
/// reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SectionId(usize);

impl PageId {
    /// The id of the page at `index` in the library's pages.
    pub(crate) fn new(index: usize) -> PageId {
        PageId(index)
    }
}

impl SectionId {
    /// The id of the section at `index` in the library's sections.
    pub(crate) fn new(index: usize) -> SectionId {
        SectionId(index)
    }
}

/// Pages and sections are read by id from a slice or a `Vec` of them, as `pages[id]`.
macro_rules! index_by_id {
    ($id:ty, $item:ty) => {
        impl Index<$id> for [$item] {
            type Output = $item;

            fn index(&self, id: $id) -> &$item {
                &self[id.0]
            }
        }

        impl IndexMut<$id> for [$item] {
            fn index_mut(&mut self, id: $id) -> &mut $item {
                &mut self[id.0]
            }
        }

        impl Index<$id> for Vec<$item> {
            type Output = $item;

            fn index(&self, id: $id) -> &$item {
                &self[id.0]
            }
        }

        impl IndexMut<$id> for Vec<$item> {
            fn index_mut(&mut self, id: $id) -> &mut $item {
                &mut self[id.0]
            }
        }
    };
}

index_by_id!(PageId, Page);
index_by_id!(SectionId, Section);

/// Every page, section and asset of the site, linked.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub assets: Vec<Asset>,
    pub taxonomies: Vec<Taxonomy>,
    by_path: HashMap<String, Entry>,
}

/// How content is loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Keep pages and sections marked `draft = true`.
    pub drafts: bool,
}

impl Library {
    /// Loads everything under `content_dir`; `shown_dir` is how that folder is named in
    /// diagnostics. Problems in single files are collected; the rest still loads.
    pub fn load(
        content_dir: &Path,
        shown_dir: &Path,
        config: &Config,
        options: LoadOptions,
        diagnostics: &mut Diagnostics,
    ) -> Library {
        let files = walk(content_dir, diagnostics);
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

    /// Builds a library from parsed documents, for tests and in-memory sites.
    pub fn from_documents(
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
    pub fn permalink_of(&self, content_path: &str) -> Option<&str> {
        match self.get(content_path)? {
            Entry::Page(i) => Some(&self.pages[i].permalink),
            Entry::Section(i) => Some(&self.sections[i].permalink),
        }
    }

    /// The home section (the content folder's `_index.md`, or a default one).
    pub fn home(&self) -> SectionId {
        SectionId(
            self.sections
                .iter()
                .position(|s| s.dir.is_empty())
                .unwrap_or(0),
        )
    }

    /// Every page's id, in the order of [`Library::pages`].
    pub fn page_ids(&self) -> impl Iterator<Item = PageId> + use<> {
        (0..self.pages.len()).map(PageId)
    }

    /// Every section's id, in the order of [`Library::sections`].
    pub fn section_ids(&self) -> impl Iterator<Item = SectionId> + use<> {
        (0..self.sections.len()).map(SectionId)
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
