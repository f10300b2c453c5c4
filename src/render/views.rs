//! The template contract: what templates see of the site, borrowed from the model, with
//! Zola's field names so Zola templates work unchanged.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Config;
use crate::content::{Library, Page, Section};
use crate::front_value::{Date, FreeForm};
use crate::markdown::Heading;

/// `config` in templates.
#[derive(Debug, Serialize)]
pub struct ConfigView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The base URL, without a trailing slash.
    pub base_url: &'a str,
    pub default_language: &'a str,
    pub taxonomies: Vec<&'a str>,
    pub extra: &'a FreeForm,
}

impl<'a> ConfigView<'a> {
    pub fn new(config: &'a Config) -> Self {
        ConfigView {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            default_language: &config.default_language,
            taxonomies: config.taxonomies.iter().map(|t| t.name.as_str()).collect(),
            extra: &config.extra,
        }
    }
}

/// `page` in templates, and each entry of `section.pages`.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    pub relative_path: &'a str,
    pub title: Option<&'a str>,
    pub description: Option<&'a str>,
    pub content: &'a str,
    pub summary: Option<&'a str>,
    pub toc: &'a [Heading],
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub permalink: &'a str,
    pub path: &'a str,
    pub slug: &'a str,
    pub draft: bool,
    pub weight: Option<i64>,
    pub aliases: &'a [String],
    pub extra: &'a FreeForm,
    pub taxonomies: &'a BTreeMap<String, Vec<String>>,
    pub reading_time: usize,
    pub word_count: usize,
    /// URLs of a bundle's files (`image.png` beside `index.md`).
    pub assets: Vec<String>,
    /// The content paths of the sections above the page, home first.
    pub ancestors: Vec<&'a str>,
    pub lang: &'a str,
}

impl<'a> PageView<'a> {
    pub fn new(page: &'a Page, library: &'a Library, config: &'a Config) -> Self {
        let meta = &page.doc.meta;
        PageView {
            relative_path: &page.doc.relative_path,
            title: meta.title.as_deref(),
            description: meta.description.as_deref(),
            content: &page.rendered.html,
            summary: page.rendered.summary.as_deref(),
            toc: &page.rendered.toc,
            date: meta.date,
            updated: meta.updated,
            permalink: &page.permalink,
            path: &page.path,
            slug: &page.slug,
            draft: meta.draft,
            weight: meta.weight,
            aliases: &meta.aliases,
            extra: &meta.extra,
            taxonomies: &meta.taxonomies,
            reading_time: page.rendered.reading_time,
            word_count: page.rendered.word_count,
            assets: page
                .assets
                .iter()
                .map(|a| format!("{}{a}", page.permalink))
                .collect(),
            ancestors: section_chain(library, Some(page.parent)),
            lang: &config.default_language,
        }
    }
}

/// `section` in templates.
#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    pub relative_path: &'a str,
    pub title: Option<&'a str>,
    pub description: Option<&'a str>,
    pub content: &'a str,
    pub toc: &'a [Heading],
    pub permalink: &'a str,
    pub path: &'a str,
    pub extra: &'a FreeForm,
    pub pages: Vec<PageView<'a>>,
    /// Content paths of the subsections (`5xx/_index.md`), for `get_section`.
    pub subsections: Vec<&'a str>,
    pub ancestors: Vec<&'a str>,
    pub reading_time: usize,
    pub word_count: usize,
    pub lang: &'a str,
}

impl<'a> SectionView<'a> {
    pub fn new(section: &'a Section, library: &'a Library, config: &'a Config) -> Self {
        let meta = &section.doc.meta;
        SectionView {
            relative_path: &section.doc.relative_path,
            title: meta.title.as_deref(),
            description: meta.description.as_deref(),
            content: &section.rendered.html,
            toc: &section.rendered.toc,
            permalink: &section.permalink,
            path: &section.path,
            extra: &meta.extra,
            pages: section
                .pages
                .iter()
                .map(|&i| PageView::new(&library.pages[i], library, config))
                .collect(),
            subsections: section
                .subsections
                .iter()
                .map(|&i| library.sections[i].doc.relative_path.as_str())
                .collect(),
            ancestors: section_chain(library, section.parent),
            reading_time: section.rendered.reading_time,
            word_count: section.rendered.word_count,
            lang: &config.default_language,
        }
    }
}

/// The content paths of `start` and the sections above it, home first.
fn section_chain(library: &Library, start: Option<usize>) -> Vec<&str> {
    let mut chain = Vec::new();
    let mut current = start;
    while let Some(index) = current {
        let section = &library.sections[index];
        chain.push(section.doc.relative_path.as_str());
        current = section.parent;
    }
    chain.reverse();
    chain
}
