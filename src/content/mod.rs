//! Site content: the only module that reads files under `content/`. It finds the files,
//! parses their front matter and links pages and sections into a [`Library`].

pub(crate) mod document;
pub mod front_matter;
pub(crate) mod languages;
pub(crate) mod library;
pub(crate) mod model;
pub(crate) mod paths;
pub mod schemas;
pub(crate) mod shadowed;
pub(crate) mod sorting;
pub(crate) mod taxonomies;
pub(crate) mod walk;

pub use document::Document;
pub use library::Library;
pub(crate) use library::{LoadOptions, Templated};
pub use model::{Entry, Page, PageId, Section, SectionId};
