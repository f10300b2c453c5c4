//! Zola's search indexes: elasticlunr (made with `elasticlunr-rs`, read in the browser by our
//! own `elasticlunr.min.js`) and Fuse.js, as JSON or as a script setting `window.searchIndex`,
//! in `search_index.LANG.json` or `.js`. Each holds the fields `[search]` asks for, in
//! Zola's order: title, description, date, path, body.

use chrono::SecondsFormat;
use elasticlunr::{Index, IndexBuilder};
use serde::Serialize;

use super::text::indexed_text;
use super::{entry_path, searched};
use crate::config::{Config, SearchConfig};
use crate::content::{Entry, Library, PageId};
use crate::error::{Diagnostic, Origin};
use crate::output::{Content, OutputFile};

/// Our own implementation of the part of elasticlunr.js's browser API that themes call.
const ELASTICLUNR_JS: &str = include_str!("elasticlunr.js");

/// What the index holds of one page or section, before `[search]` picks the fields.
struct Item<'a> {
    url: &'a str,
    title: Option<&'a str>,
    description: Option<&'a str>,
    date: Option<String>,
    path: &'a str,
    body: String,
}

/// The library that reads an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Engine {
    Elasticlunr,
    Fuse,
}

/// The index of language `lang` for `engine`, as a script setting `window.searchIndex`
/// when `script` (else JSON).
pub(super) fn index(
    engine: Engine,
    script: bool,
    lang: &str,
    body: &(dyn Fn(PageId) -> Option<String> + Sync),
    library: &Library,
    config: &Config,
) -> Result<OutputFile, Diagnostic> {
    let search = &config.search;
    let items = searched(library, Some(lang)).map(|entry| item(entry, body, library, search));
    let json = match engine {
        Engine::Elasticlunr => elasticlunr(lang, items, search)?,
        Engine::Fuse => fuse(items, search),
    };
    Ok(match script {
        true => file(
            format!("search_index.{lang}.js"),
            format!("window.searchIndex = {json}"),
        ),
        false => file(format!("search_index.{lang}.json"), json),
    })
}

/// `elasticlunr.min.js`, written beside elasticlunr indexes: our client, minified.
pub(super) fn elasticlunr_client() -> OutputFile {
    let text = minifier::js::minify(ELASTICLUNR_JS)
        .map_or_else(|_| ELASTICLUNR_JS.to_string(), |small| small.to_string());
    file("elasticlunr.min.js".into(), text)
}

fn file(path: String, text: String) -> OutputFile {
    OutputFile {
        path,
        content: Content::Bytes(text.into_bytes()),
        origin: Origin::SearchIndex,
    }
}

/// The values of `entry`; the body only when `[search]` includes content.
fn item<'a>(
    entry: Entry,
    body: &(dyn Fn(PageId) -> Option<String> + Sync),
    library: &'a Library,
    search: &SearchConfig,
) -> Item<'a> {
    // The body's text, when the index holds content.
    let text = |html: Option<&str>| match (search.include_content, html) {
        (true, Some(html)) => indexed_text(html, search.truncate_content_length),
        _ => String::new(),
    };
    let path = entry_path(library, entry);
    match entry {
        Entry::Page(p) => {
            let page = &library.pages[p];
            let meta = &page.doc.meta;
            Item {
                url: &page.permalink,
                title: meta.title.as_deref(),
                description: meta.description.as_deref(),
                date: meta
                    .date
                    .map(|date| date.to_moment().to_rfc3339_opts(SecondsFormat::Secs, true)),
                path,
                body: text(search.include_content.then(|| body(p)).flatten().as_deref()),
            }
        }
        Entry::Section(s) => {
            let section = &library.sections[s];
            let meta = &section.doc.meta;
            Item {
                url: &section.permalink,
                title: meta.title.as_deref(),
                description: meta.description.as_deref(),
                date: None,
                path,
                body: text(Some(&section.rendered.html)),
            }
        }
    }
}

/// The elasticlunr index of `items` as JSON, with the stemmer and stop words of `lang`.
fn elasticlunr<'a>(
    lang: &str,
    items: impl Iterator<Item = Item<'a>>,
    search: &SearchConfig,
) -> Result<String, Diagnostic> {
    let language = elasticlunr::lang::from_code(lang).ok_or_else(|| {
        Diagnostic::error(
            Origin::SearchIndex,
            format!("elasticlunr cannot index `{lang}` (default_language): it has no stemmer for it"),
        )
        .with_hint("set [search] index_format = \"fuse_json\" or \"pagefind\" in config.toml, or build_search_index = false")
    })?;
    let mut builder = IndexBuilder::with_language(language);
    if search.include_title {
        builder = builder.add_field("title");
    }
    if search.include_description {
        builder = builder.add_field("description");
    }
    if search.include_date {
        builder = builder.add_field("date");
    }
    if search.include_path {
        builder = builder.add_field_with_tokenizer("path", Box::new(path_words));
    }
    if search.include_content {
        builder = builder.add_field("body");
    }
    let mut index: Index = builder.build();
    for item in items {
        index.add_doc(item.url, row(&item, search));
    }
    Ok(index.to_json())
}

/// The values of the fields `search` includes, in the order `elasticlunr` adds them.
fn row(item: &Item, search: &SearchConfig) -> Vec<String> {
    let mut values = Vec::new();
    if search.include_title {
        values.push(item.title.unwrap_or_default().to_string());
    }
    if search.include_description {
        values.push(item.description.unwrap_or_default().to_string());
    }
    if search.include_date {
        values.push(item.date.clone().unwrap_or_default());
    }
    if search.include_path {
        values.push(item.path.to_string());
    }
    if search.include_content {
        values.push(item.body.clone());
    }
    values
}

/// A path's words: the parts between `/` and `-`, lower-cased (`/blog/a-post/`: blog, a,
/// post).
fn path_words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// One entry of a Fuse.js index; the fields `[search]` leaves out are absent.
#[derive(Serialize)]
struct FuseEntry<'a> {
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
}

/// The Fuse.js index of `items` as JSON: a list of entries.
fn fuse<'a>(items: impl Iterator<Item = Item<'a>>, search: &SearchConfig) -> String {
    let entries: Vec<FuseEntry> = items
        .map(|item| FuseEntry {
            url: item.url,
            title: search.include_title.then(|| item.title.unwrap_or_default()),
            description: search
                .include_description
                .then(|| item.description.unwrap_or_default()),
            body: search.include_content.then_some(item.body),
            path: search.include_path.then_some(item.path),
        })
        .collect();
    serde_json::to_string(&entries).unwrap_or_default()
}
