//! The full-text search index, in the format `[search] index_format` names: Zola's
//! elasticlunr and Fuse.js indexes made from the pages' rendered Markdown (with our own
//! `elasticlunr.min.js` to read them), or a Pagefind bundle made from the built HTML.

mod pagefind;
mod text;
mod zola;

use crate::config::{Config, IndexFormat};
use crate::content::{Entry, Library, PageId};
use crate::error::Diagnostic;
use crate::output::OutputFile;
use zola::Engine;

/// Where the index reads what it holds: the written HTML by output path (Pagefind), and the
/// rendered Markdown of a page (Zola's formats).
pub(crate) struct Sources<'a> {
    /// The bytes of a written output file.
    pub(crate) written: &'a (dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    /// The HTML of a page's rendered Markdown.
    pub(crate) body: &'a (dyn Fn(PageId) -> Option<String> + Sync),
}

/// Makes the search index files of the site in its configured format.
pub(crate) fn index(
    sources: &Sources,
    library: &Library,
    config: &Config,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let (engine, script) = match config.search.index_format {
        IndexFormat::Pagefind => return pagefind::index(sources.written, library, config),
        IndexFormat::ElasticlunrJavascript => (Engine::Elasticlunr, true),
        IndexFormat::ElasticlunrJson => (Engine::Elasticlunr, false),
        IndexFormat::FuseJavascript => (Engine::Fuse, true),
        IndexFormat::FuseJson => (Engine::Fuse, false),
    };
    // As in Zola: the default language's index, and those of the languages that ask.
    let languages = config.all_languages().filter(|&lang| {
        config
            .language(lang)
            .is_none_or(|options| options.build_search_index)
    });
    let mut files = Vec::new();
    for lang in languages {
        files.push(zola::index(
            engine,
            script,
            lang,
            sources.body,
            library,
            config,
        )?);
    }
    if engine == Engine::Elasticlunr {
        files.push(zola::elasticlunr_client());
    }
    Ok(files)
}

/// The pages and sections the index of `lang` (every language when `None`) holds, sections
/// first, each followed by its pages: none
/// that is a draft or not rendered, and nothing of a section with `in_search_index = false`
/// (itself and its pages) or of a page with it. A section that redirects or is not rendered
/// is left out and its pages kept.
fn searched<'a>(library: &'a Library, lang: Option<&'a str>) -> impl Iterator<Item = Entry> + 'a {
    library
        .section_ids()
        .filter(move |&s| {
            let section = &library.sections[s];
            let meta = &section.doc.meta;
            !meta.draft
                && meta.in_search_index != Some(false)
                && lang.is_none_or(|lang| section.lang == lang)
        })
        .flat_map(move |s| {
            let section = &library.sections[s];
            let meta = &section.doc.meta;
            let own = (meta.renders() && meta.redirect_to.is_none()).then_some(Entry::Section(s));
            // A transparent section's pages are in its parent's list too: taken once, here.
            let pages = section.pages.iter().copied().filter(move |&p| {
                let page = &library.pages[p];
                let meta = &page.doc.meta;
                page.parent == s
                    && !meta.draft
                    && meta.renders()
                    && meta.in_search_index != Some(false)
            });
            own.into_iter().chain(pages.map(Entry::Page))
        })
}

/// The site path of a page or section (`/500/`).
fn entry_path(library: &Library, entry: Entry) -> &str {
    match entry {
        Entry::Page(p) => &library.pages[p].path,
        Entry::Section(s) => &library.sections[s].path,
    }
}
