//! The Pagefind index (`index_format = "pagefind"`): every searched page and section, indexed
//! in-process by Pagefind from the HTML we render. Pagefind splits the index into chunks that
//! a visitor's browser loads on demand, so a 10,000-page site searches as fast as a small one.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::{entry_path, searched};
use crate::config::Config;
use crate::content::Library;
use crate::content::paths::output_file;
use crate::error::{Diagnostic, Origin};
use crate::output::{Content, OutputFile};

/// The folder of the index in the output.
pub(crate) const BUNDLE_DIR: &str = "pagefind";

/// Indexes the HTML of every non-draft page and section, read back one at a time with
/// `read` (so the site is never held in memory whole), and returns the index files to write
/// under `pagefind/`. Templates choose what is indexed with Pagefind's `data-pagefind-body`
/// and `data-pagefind-ignore` attributes.
pub(super) fn index(
    read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    library: &Library,
    config: &Config,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut indexable: Vec<String> = searched(library, None)
        .map(|entry| output_file(entry_path(library, entry)))
        .collect();
    indexable.sort();
    indexable.dedup();
    let failed = |error: String| {
        Diagnostic::error(Origin::SearchIndex, format!("indexing failed: {error}"))
            .with_hint("set build_search_index = false in config.toml to build without search")
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(e.to_string()))?;
    // A site of one language is indexed in it; a multilingual one by each page's `lang`.
    let language = (!config.is_multilingual()).then(|| config.default_language.clone());
    let index_files = runtime.block_on(async move {
        let builder = PagefindServiceConfig::builder();
        let options = match language {
            Some(language) => builder
                .force_language(language)
                .keep_index_url(false)
                .build(),
            None => builder.keep_index_url(false).build(),
        };
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        for path in indexable {
            let Some(html) = read(&path).and_then(|bytes| String::from_utf8(bytes).ok()) else {
                continue;
            };
            index
                .add_html_file(Some(path), None, html)
                .await
                .map_err(|e| e.to_string())?;
        }
        index.get_files().await.map_err(|e| e.to_string())
    });
    let index_files = index_files.map_err(failed)?;
    Ok(index_files
        .into_iter()
        .map(|file| {
            let relative = crate::content::walk::to_slash_path(&file.filename);
            let relative = relative.trim_start_matches('/');
            let path = if relative.starts_with(&format!("{BUNDLE_DIR}/")) {
                relative.to_string()
            } else {
                format!("{BUNDLE_DIR}/{relative}")
            };
            OutputFile {
                path,
                content: Content::Bytes(file.contents),
                origin: Origin::SearchIndex,
            }
        })
        .collect())
}
