//! The site's model: pages and sections with their URLs, parents and children, and the
//! files to copy, named by [`PageId`] and [`SectionId`]. The library's linker makes them and
//! the rest of the build reads them; the model imports neither the library nor the
//! taxonomies.

use std::ops::{Index, IndexMut};
use std::path::PathBuf;

use super::document::Document;
use super::front_matter::{PageFrontMatter, SectionFrontMatter};
use crate::markdown::{Outline, Rendered};

/// A page: any Markdown file but `_index.md`.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file, its front matter and its Markdown.
    pub doc: Document<PageFrontMatter>,
    pub(crate) slug: String,
    /// The site path (`/500/`), without the base URL's sub-path.
    pub path: String,
    pub(crate) permalink: String,
    /// The section that lists this page.
    pub(crate) parent: SectionId,
    /// For a bundle (`folder/index.md`), the files beside it, relative to the folder.
    pub(crate) assets: Vec<String>,
    /// The next page in the section's order (`page.lower` in templates).
    pub(crate) lower: Option<PageId>,
    /// The previous page in the section's order (`page.higher`).
    pub(crate) higher: Option<PageId>,
    /// The summary and word counts lists show; the page's HTML is made when it is written.
    pub(crate) outline: Outline,
    /// The language code (`fr` for `a.fr.md`; the default language otherwise).
    pub(crate) lang: String,
    /// The page in every language it is written in, itself included (none on a site of one
    /// language), the default language first.
    pub(crate) translations: Vec<Entry>,
}

/// A section: a folder with an `_index.md` (the home section is the content folder itself).
#[derive(Debug, Clone)]
pub struct Section {
    /// The `_index.md` file (an empty one for a home without it).
    pub doc: Document<SectionFrontMatter>,
    /// The folder under `content/` (`5xx`), empty for the home section.
    pub(crate) dir: String,
    pub(crate) path: String,
    pub(crate) permalink: String,
    pub(crate) parent: Option<SectionId>,
    /// Pages in the order `sort_by` gives.
    pub(crate) pages: Vec<PageId>,
    pub(crate) subsections: Vec<SectionId>,
    pub(crate) rendered: Rendered,
    /// The names of the files beside the `_index.md` (not in subfolders).
    pub(crate) assets: Vec<String>,
    /// The language code (`fr` for `_index.fr.md`; the default language otherwise).
    pub(crate) lang: String,
    /// The section in every language it is written in, itself included (none on a site of
    /// one language), the default language first.
    pub(crate) translations: Vec<Entry>,
}

/// A file under `content/` that is not Markdown, copied to `output` (relative to the output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Asset {
    pub(crate) source: PathBuf,
    pub(crate) output: String,
    /// The folder under `content/` holding it, when it is not a bundle's.
    pub(crate) section_dir: Option<String>,
}

/// What a content path (`5xx/500.md`, `5xx/_index.md`) names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Entry {
    /// A page (`5xx/500.md`).
    Page(PageId),
    /// A section (`5xx/_index.md`).
    Section(SectionId),
}

/// A page of a [`Library`](super::Library): where it is in its `pages`, which `pages[id]`
/// reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageId(usize);

/// A section of a [`Library`](super::Library): where it is in its `sections`, which
/// `sections[id]` reads.
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

    /// Where the section is in the library's sections.
    pub(crate) fn index(self) -> usize {
        self.0
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
