//! Site functions for templates: `get_url`, `get_page` and `get_section`, as in Zola, and
//! the `markdown` filter and `trans`, which need the loaded site too.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tera::{Tera, Value};

use super::page_fields::{self, PageFields};
use super::section_lists::SectionLists;
use super::site_files::Places;
use super::views::{PageView, SectionView};
use crate::assets::AssetHashes;
use crate::config::Config;
use crate::content::{Entry, Library, PageId};
use crate::markdown::Highlighter;

/// What the site functions read.
pub(crate) struct SiteData {
    pub(crate) library: Arc<Library>,
    pub(crate) config: Arc<Config>,
    pub(crate) assets: Arc<AssetHashes>,
    /// For `get_page`, which renders the page's Markdown when asked.
    pub(crate) highlighter: Arc<Highlighter>,
    /// Where `get_url(..., cachebust=true)` finds files that are not static files
    /// (`content/`, the site folder), as Zola does.
    pub(crate) places: Places,
    /// The page fields `get_section` lists outside a render: those any template names.
    pub(crate) fields: PageFields,
    /// The sections listed with their pages so far.
    pub(crate) section_lists: Arc<SectionLists>,
}

/// Registers the site functions on `tera`.
pub(crate) fn register(tera: &mut Tera, site: SiteData) {
    let SiteData {
        library,
        config,
        assets,
        highlighter,
        places,
        fields,
        section_lists,
    } = site;
    let (lib, conf) = (Arc::clone(&library), Arc::clone(&config));
    tera.register_function("get_url", move |args: &HashMap<String, Value>| {
        super::urls::get_url(args, &lib, &conf, &assets, &places)
    });
    super::markdown_filter::register(
        tera,
        Arc::clone(&library),
        Arc::clone(&config),
        Arc::clone(&highlighter),
    );
    super::i18n::register(tera, Arc::clone(&config));
    let (lib, conf) = (Arc::clone(&library), Arc::clone(&config));
    // A page asked for in a shared template (a base layout) is asked for by every page:
    // render its Markdown once.
    let pages_asked: Mutex<HashMap<PageId, Value>> = Mutex::default();
    tera.register_function("get_page", move |args: &HashMap<String, Value>| {
        let path = in_language(args, "get_page", &conf)?;
        match lib.get(&path) {
            Some(Entry::Page(i)) => {
                super::reads::note_page(i, super::page_fields::PageFields::ALL);
                if let Some(value) = pages_asked
                    .lock()
                    .ok()
                    .and_then(|asked| asked.get(&i).cloned())
                {
                    return Ok(value);
                }
                let body = lib.render_without_templates(Entry::Page(i), &conf, &highlighter);
                let value = tera::to_value(PageView::new(i, &body, &lib))?;
                if let Ok(mut asked) = pages_asked.lock() {
                    asked.insert(i, value.clone());
                }
                Ok(value)
            }
            _ => Err(no_content("get_page", &path)),
        }
    });
    tera.register_function("get_section", move |args: &HashMap<String, Value>| {
        let path = in_language(args, "get_section", &config)?;
        match library.get(&path) {
            Some(Entry::Section(i)) => {
                // `metadata_only = true`: Zola's section without its pages.
                let metadata_only =
                    args.get("metadata_only").and_then(Value::as_bool) == Some(true);
                let fields = page_fields::of_this_render(fields);
                if metadata_only {
                    let view = SectionView::new(i, false, fields, &library);
                    return Ok(tera::to_value(view)?);
                }
                section_lists.get(i, fields, &library)
            }
            _ => Err(no_content("get_section", &path)),
        }
    });
}

/// The content path `path` of `function`, in the language `lang` when given
/// (`blog/a.md` with `lang = "fr"` is `blog/a.fr.md`).
fn in_language(
    args: &HashMap<String, Value>,
    function: &str,
    config: &Config,
) -> tera::Result<String> {
    let path = string_arg(args, function, "path")?;
    match args.get("lang") {
        None => Ok(path.to_string()),
        Some(_) => {
            let lang = string_arg(args, function, "lang")?;
            Ok(super::urls::with_language(path, lang, config))
        }
    }
}

/// The string argument `name` of `function`, or an error saying how to give it.
pub(super) fn string_arg<'a>(
    args: &'a HashMap<String, Value>,
    function: &str,
    name: &str,
) -> tera::Result<&'a str> {
    args.get(name).and_then(Value::as_str).ok_or_else(|| {
        tera::Error::msg(format!(
            "`{function}` needs a string argument `{name}`, as in {function}({name}=\"...\")"
        ))
    })
}

fn no_content(function: &str, path: &str) -> tera::Error {
    tera::Error::msg(format!(
        "`{function}`: no content at `{path}`; give a path under content/ such as \"5xx/500.md\""
    ))
}
