//! Taxonomies (`tags` and the like): the terms pages are classified under, each with a
//! stable, URL-safe slug and the pages that carry it, newest first.

use std::collections::BTreeMap;

use super::model::{Page, PageId};
use super::paths::slugify_path;
use super::sorting::newest_first;
use crate::config::{Config, TaxonomyConfig};
use crate::error::{Diagnostic, Diagnostics};

/// One term of a taxonomy, such as the tag `rate-limiting`.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    /// The name as first written in front matter.
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) path: String,
    pub(crate) permalink: String,
    /// The pages that carry the term, newest first.
    pub(crate) pages: Vec<PageId>,
}

/// A taxonomy with all its terms, sorted by slug.
#[derive(Debug, Clone)]
pub(crate) struct Taxonomy {
    pub(crate) config: TaxonomyConfig,
    pub(crate) slug: String,
    pub(crate) path: String,
    pub(crate) permalink: String,
    pub(crate) terms: Vec<Term>,
    /// The language of its pages; another language's taxonomy is under `/LANG/`.
    pub(crate) lang: String,
}

/// Gathers every declared taxonomy's terms from the pages listed in `listed`. Terms whose
/// names slugify alike (`Rust`, `rust`) are one term; a term with no letters or digits is an
/// error naming the page.
pub(crate) fn collect(
    config: &Config,
    pages: &[Page],
    listed: &[PageId],
    diagnostics: &mut Diagnostics,
) -> Vec<Taxonomy> {
    let by_language = config.all_languages().flat_map(|lang| {
        config
            .taxonomies_of(lang)
            .iter()
            .map(move |taxonomy| (lang, taxonomy))
    });
    by_language
        .map(|(lang, taxonomy)| {
            let strategy = config.slugify.taxonomies;
            let slug = slugify_path(&taxonomy.name, strategy);
            let path = format!("{}/{slug}/", config.language_prefix(lang));
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            for &index in listed {
                let page = &pages[index];
                if page.lang != lang {
                    continue;
                }
                let Some(names) = page.doc.meta.taxonomies.get(&taxonomy.name) else {
                    continue;
                };
                for name in names {
                    let term_slug = slugify_path(name, strategy);
                    if term_slug.is_empty() {
                        diagnostics.push(
                            Diagnostic::error(
                                &page.doc.file,
                                format!("the {} term `{name}` has no letters or digits to make a URL from", taxonomy.name),
                            )
                            .with_hint("use a term with at least one letter or digit"),
                        );
                        continue;
                    }
                    if crate::names::is_windows_reserved(&term_slug) {
                        diagnostics.push(
                            Diagnostic::error(
                                &page.doc.file,
                                format!("the {} term `{name}` makes the folder `{term_slug}`, a name Windows reserves for a device", taxonomy.name),
                            )
                            .at_opt(crate::front_value::line_of_key(&page.doc.source, &taxonomy.name))
                            .with_hint("rename the term so the site can be deployed and cloned everywhere"),
                        );
                        continue;
                    }
                    let term = terms.entry(term_slug.clone()).or_insert_with(|| {
                        let term_path = format!("{path}{term_slug}/");
                        Term {
                            name: name.clone(),
                            permalink: config.permalink(&term_path),
                            path: term_path,
                            slug: term_slug,
                            pages: Vec::new(),
                        }
                    });
                    // Pages come one at a time, so a page that names the term twice (`Rust`,
                    // `rust`) is the last one added; searching the whole list was quadratic.
                    if term.pages.last() != Some(&index) {
                        term.pages.push(index);
                    }
                }
            }
            let mut terms: Vec<Term> = terms.into_values().collect();
            for term in &mut terms {
                newest_first(&mut term.pages, pages);
            }
            Taxonomy {
                config: taxonomy.clone(),
                permalink: config.permalink(&path),
                path,
                slug,
                terms,
                lang: lang.to_string(),
            }
        })
        .collect()
}
