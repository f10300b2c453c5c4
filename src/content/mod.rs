//! Site content: the only module that reads files under `content/`. It finds the files,
//! parses their front matter and links pages and sections into a [`Library`].

pub mod document;
pub mod front_matter;
pub mod library;
pub mod model;
pub mod paths;
pub mod schemas;
pub mod sorting;
pub mod taxonomies;
pub mod walk;

pub use document::Document;
pub use library::{Library, LoadOptions, Templated};
pub use model::{Asset, Entry, Page, PageId, Section, SectionId};
