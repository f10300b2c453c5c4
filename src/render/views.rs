//! The template contract: what templates see of the site, borrowed from the model, with
//! Zola's field names so Zola templates work unchanged.

use chrono::{Datelike, NaiveDate};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::bodies;
pub(crate) use super::config_view::ConfigView;
use super::page_fields::{PAGE_FIELDS, PageFields};
use super::reads;
use crate::config::Config;
use crate::content::library::backlinks::BackLink;
use crate::content::taxonomies::{Taxonomy, Term};
use crate::content::{Entry, Library, Page, PageId, SectionId};
use crate::front_value::{Date, FreeForm};
use crate::markdown::{Heading, Rendered};
use crate::paginate::{Listing, Pager, pager_path};

/// `page` in templates, and each entry of `section.pages` and other lists. In lists a page has
/// `content` and `toc` when the list's render was given the page's body (see [`bodies`]),
/// `lower` and `higher` are null as in Zola, and only the fields the templates name are there
/// (see [`PageFields`]): copying every page's HTML, neighbours and thirty fields into every
/// list that holds it is what makes large sites slow and memory-hungry. Values are computed
/// as the view is serialized, so a field left out costs nothing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageView<'a> {
    id: PageId,
    library: &'a Library,
    /// The page's rendered Markdown, for its own template, `get_page` and shortcodes.
    body: Option<&'a Rendered>,
    fields: PageFields,
}

/// Just enough of a page to link to it (`page.lower`, `page.higher`).
#[derive(Debug, Serialize)]
pub(crate) struct PageLink<'a> {
    pub(crate) relative_path: &'a str,
    pub(crate) title: Option<&'a str>,
    pub(crate) description: Option<&'a str>,
    pub(crate) permalink: &'a str,
    pub(crate) path: &'a str,
    pub(crate) extra: &'a FreeForm,
}

/// One entry of `translations`: the page or section in one language, as Zola gives it
/// (`path` is the content path, for `get_page` and `get_section`).
#[derive(Debug, Serialize)]
pub(crate) struct Translation<'a> {
    pub(crate) lang: &'a str,
    pub(crate) permalink: &'a str,
    pub(crate) title: Option<&'a str>,
    pub(crate) path: &'a str,
}

/// The translations of a page or section (`entries`, itself among them).
pub(crate) fn translations<'a>(entries: &[Entry], library: &'a Library) -> Vec<Translation<'a>> {
    entries
        .iter()
        .map(|&entry| match entry {
            Entry::Page(i) => {
                let page = &library.pages[i];
                Translation {
                    lang: &page.lang,
                    permalink: &page.permalink,
                    title: page.doc.meta.title.as_deref(),
                    path: &page.doc.relative_path,
                }
            }
            Entry::Section(i) => {
                let section = &library.sections[i];
                Translation {
                    lang: &section.lang,
                    permalink: &section.permalink,
                    title: section.doc.meta.title.as_deref(),
                    path: &section.doc.relative_path,
                }
            }
        })
        .collect()
}

impl<'a> PageLink<'a> {
    pub(crate) fn new(page: &'a Page) -> Self {
        PageLink {
            relative_path: &page.doc.relative_path,
            title: page.doc.meta.title.as_deref(),
            description: page.doc.meta.description.as_deref(),
            permalink: &page.permalink,
            path: &page.path,
            extra: &page.doc.meta.extra,
        }
    }
}

impl<'a> PageView<'a> {
    /// The whole page `id` with its rendered Markdown, for its own template and `get_page`.
    pub(crate) fn new(id: PageId, body: &'a Rendered, library: &'a Library) -> Self {
        PageView {
            body: Some(body),
            ..PageView::listed(id, PageFields::ALL, library)
        }
    }

    /// Page `id` as an entry of a list, with the `fields` its templates can read.
    pub(crate) fn listed(id: PageId, fields: PageFields, library: &'a Library) -> Self {
        reads::note_page(id, fields);
        PageView {
            id,
            library,
            body: None,
            fields,
        }
    }

    /// The page's neighbour `id`, shown only in the page's own view.
    fn neighbour(&self, id: Option<PageId>) -> Option<PageLink<'a>> {
        let id = id.filter(|_| self.body.is_some())?;
        Some(PageLink::new(&self.library.pages[id]))
    }
}

impl Serialize for PageView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let library = self.library;
        let page = &library.pages[self.id];
        let meta = &page.doc.meta;
        // A listed page has its content and toc when the list's render was given them.
        let listed_body = match self.body {
            None if self.fields.intersects(PageFields::BODY) => bodies::shown(self.id),
            _ => None,
        };
        let body = self.body.or(listed_body.as_deref());
        let mut map = serializer.serialize_map(None)?;
        for (bit, name) in PAGE_FIELDS.iter().enumerate() {
            if !self.fields.has(bit) {
                continue;
            }
            match *name {
                "relative_path" => map.serialize_entry(name, &page.doc.relative_path)?,
                "title" => map.serialize_entry(name, &meta.title)?,
                "description" => map.serialize_entry(name, &meta.description)?,
                "content" => {
                    if let Some(body) = body {
                        map.serialize_entry(name, &body.html)?
                    }
                }
                "summary" => map.serialize_entry(name, &page.outline.summary)?,
                "toc" => {
                    if let Some(body) = body {
                        map.serialize_entry(name, &body.toc)?
                    }
                }
                "date" => map.serialize_entry(name, &meta.date)?,
                "updated" => map.serialize_entry(name, &meta.updated)?,
                "permalink" => map.serialize_entry(name, &page.permalink)?,
                "path" => map.serialize_entry(name, &page.path)?,
                "slug" => map.serialize_entry(name, &page.slug)?,
                "draft" => map.serialize_entry(name, &meta.draft)?,
                "weight" => map.serialize_entry(name, &meta.weight)?,
                "aliases" => map.serialize_entry(name, &meta.aliases)?,
                "extra" => map.serialize_entry(name, &meta.extra)?,
                "taxonomies" => map.serialize_entry(name, &meta.taxonomies)?,
                "reading_time" => map.serialize_entry(name, &page.doc.reading_time())?,
                "word_count" => map.serialize_entry(name, &page.doc.word_count)?,
                // As Zola gives them: the files' paths under `content/` (`/blog/post/a.png`).
                "assets" => {
                    let folder = colocated_path(&page.doc.relative_path).unwrap_or_default();
                    let paths = page.assets.iter().map(|a| format!("/{folder}{a}"));
                    map.serialize_entry(name, &paths.collect::<Vec<_>>())?
                }
                "ancestors" => {
                    map.serialize_entry(name, &section_chain(library, Some(page.parent)))?
                }
                "lower" => map.serialize_entry(name, &self.neighbour(page.lower))?,
                "higher" => map.serialize_entry(name, &self.neighbour(page.higher))?,
                "lang" => map.serialize_entry(name, &page.lang)?,
                "colocated_path" => {
                    map.serialize_entry(name, &colocated_path(&page.doc.relative_path))?
                }
                "components" => map.serialize_entry(name, &components(&page.path))?,
                "year" => map.serialize_entry(name, &calendar(meta.date).map(|d| d.year()))?,
                "month" => map.serialize_entry(name, &calendar(meta.date).map(|d| d.month()))?,
                "day" => map.serialize_entry(name, &calendar(meta.date).map(|d| d.day()))?,
                "authors" => map.serialize_entry(name, &meta.authors)?,
                "translations" => {
                    map.serialize_entry(name, &translations(&page.translations, library))?
                }
                // As in Zola, only a page's own view and `get_page` carry them.
                "backlinks" => match self.body {
                    Some(_) => {
                        map.serialize_entry(name, &library.backlinks_of(Entry::Page(self.id)))?
                    }
                    None => map.serialize_entry(name, &[] as &[BackLink])?,
                },
                _ => {}
            }
        }
        map.end()
    }
}

/// `section` in templates.
#[derive(Debug, Serialize)]
pub(crate) struct SectionView<'a> {
    pub(crate) relative_path: &'a str,
    pub(crate) title: Option<&'a str>,
    pub(crate) description: Option<&'a str>,
    pub(crate) content: &'a str,
    pub(crate) toc: &'a [Heading],
    pub(crate) permalink: &'a str,
    pub(crate) path: &'a str,
    pub(crate) extra: &'a FreeForm,
    pub(crate) pages: Vec<PageView<'a>>,
    /// Content paths of the subsections (`5xx/_index.md`), for `get_section`.
    pub(crate) subsections: Vec<&'a str>,
    pub(crate) ancestors: Vec<&'a str>,
    pub(crate) reading_time: usize,
    pub(crate) word_count: usize,
    pub(crate) lang: &'a str,
    /// The parts of `path`.
    pub(crate) components: Vec<&'a str>,
    pub(crate) draft: bool,
    pub(crate) transparent: bool,
    pub(crate) generate_feeds: bool,
    pub(crate) paginate_by: Option<usize>,
    pub(crate) paginate_reversed: bool,
    /// The section in every language it is written in, itself included.
    pub(crate) translations: Vec<Translation<'a>>,
    /// The pages and sections linking to this one.
    pub(crate) backlinks: Vec<BackLink<'a>>,
    /// The files beside the `_index.md` (not in subfolders), as Zola gives them:
    /// `/blog/diagram.svg`.
    pub(crate) assets: Vec<String>,
}

impl<'a> SectionView<'a> {
    /// Section `id`, listing its pages (with `fields`) when `with_pages` (Zola gives a
    /// paginated section's pagers no `section.pages`: the pages are in `paginator.pages`).
    pub(crate) fn new(
        id: SectionId,
        with_pages: bool,
        fields: PageFields,
        library: &'a Library,
    ) -> Self {
        reads::note_section(id);
        let section = &library.sections[id];
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
            pages: if with_pages {
                page_views(&section.pages, fields, library)
            } else {
                Vec::new()
            },
            subsections: section
                .subsections
                .iter()
                .map(|&i| library.sections[i].doc.relative_path.as_str())
                .collect(),
            ancestors: section_chain(library, section.parent),
            reading_time: section.doc.reading_time(),
            word_count: section.doc.word_count,
            lang: &section.lang,
            components: components(&section.path),
            draft: meta.draft,
            transparent: meta.transparent,
            generate_feeds: meta.generate_feeds,
            paginate_by: meta.paginate_by,
            paginate_reversed: meta.paginate_reversed,
            translations: translations(&section.translations, library),
            backlinks: library.backlinks_of(Entry::Section(id)),
            assets: section
                .assets
                .iter()
                .map(|name| format!("{}{name}", section.path))
                .collect(),
        }
    }
}

/// `blog/post/` for the bundle `blog/post/index.md`, as Zola's `colocated_path`.
fn colocated_path(relative_path: &str) -> Option<String> {
    let (folder, file) = relative_path.rsplit_once('/')?;
    (file.split('.').next() == Some("index")).then(|| format!("{folder}/"))
}

/// The calendar day of a date, for `year`, `month` and `day`.
fn calendar(date: Option<Date>) -> Option<NaiveDate> {
    date.map(|date| match date {
        Date::Day(day) => day,
        Date::Moment(moment) => moment.date_naive(),
    })
}

/// The non-empty parts of a site path.
fn components(path: &str) -> Vec<&str> {
    path.split('/').filter(|part| !part.is_empty()).collect()
}

/// The content paths of `start` and the sections above it, home first.
fn section_chain(library: &Library, start: Option<SectionId>) -> Vec<&str> {
    let mut chain = Vec::new();
    let mut current = start;
    while let Some(id) = current {
        let section = &library.sections[id];
        chain.push(section.doc.relative_path.as_str());
        current = section.parent;
    }
    chain.reverse();
    chain
}

/// List entries, with `fields`, for pages of the library.
pub(crate) fn page_views<'a>(
    pages: &[PageId],
    fields: PageFields,
    library: &'a Library,
) -> Vec<PageView<'a>> {
    pages
        .iter()
        .map(|&i| PageView::listed(i, fields, library))
        .collect()
}

/// `paginator` in templates, with Zola's field names.
#[derive(Debug, Serialize)]
pub(crate) struct PaginatorView<'a> {
    pub(crate) paginate_by: usize,
    /// The URL of the list's first pager.
    pub(crate) base_url: String,
    pub(crate) number_pagers: usize,
    pub(crate) first: String,
    pub(crate) last: String,
    pub(crate) previous: Option<String>,
    pub(crate) next: Option<String>,
    pub(crate) pages: Vec<PageView<'a>>,
    /// 1-based.
    pub(crate) current_index: usize,
    /// The number of pages over all pagers.
    pub(crate) total_pages: usize,
}

impl<'a> PaginatorView<'a> {
    /// One pager of `listing`, its pages with `fields`.
    pub(crate) fn new(
        pager: &Pager,
        listing: &Listing,
        fields: PageFields,
        library: &'a Library,
        config: &'a Config,
    ) -> Self {
        let number_pagers = listing.pager_count();
        let url = |index: usize| {
            config.permalink(&pager_path(listing.base_path, listing.paginate_path, index))
        };
        PaginatorView {
            paginate_by: listing.per_page,
            base_url: config.permalink(listing.base_path),
            number_pagers,
            first: url(1),
            last: url(number_pagers),
            previous: (pager.index > 1).then(|| url(pager.index - 1)),
            next: (pager.index < number_pagers).then(|| url(pager.index + 1)),
            pages: page_views(pager.pages, fields, library),
            current_index: pager.index,
            total_pages: listing.pages.len(),
        }
    }
}

/// `taxonomy` in taxonomy templates.
#[derive(Debug, Serialize)]
pub(crate) struct TaxonomyView<'a> {
    pub(crate) name: &'a str,
    pub(crate) slug: &'a str,
    pub(crate) path: &'a str,
    pub(crate) permalink: &'a str,
    pub(crate) paginate_by: Option<usize>,
    pub(crate) feed: bool,
}

impl<'a> TaxonomyView<'a> {
    pub(crate) fn new(taxonomy: &'a Taxonomy) -> Self {
        TaxonomyView {
            name: &taxonomy.config.name,
            slug: &taxonomy.slug,
            path: &taxonomy.path,
            permalink: &taxonomy.permalink,
            paginate_by: taxonomy.config.paginate_by,
            feed: taxonomy.config.feed,
        }
    }
}

/// A term in taxonomy templates (`term`, and each of `terms`).
#[derive(Debug, Serialize)]
pub(crate) struct TermView<'a> {
    pub(crate) name: &'a str,
    pub(crate) slug: &'a str,
    pub(crate) path: &'a str,
    pub(crate) permalink: &'a str,
    pub(crate) page_count: usize,
    pub(crate) pages: Vec<PageView<'a>>,
}

impl<'a> TermView<'a> {
    /// The term, listing `pages` (its pages, or none where the template never reads them)
    /// with `fields`.
    pub(crate) fn new(
        term: &'a Term,
        pages: &[PageId],
        fields: PageFields,
        library: &'a Library,
    ) -> Self {
        TermView {
            name: &term.name,
            slug: &term.slug,
            path: &term.path,
            permalink: &term.permalink,
            page_count: term.pages.len(),
            pages: page_views(pages, fields, library),
        }
    }
}

/// True when feeds show the page's summary rather than its whole content.
pub(crate) fn feed_shows_summary(page: &Page, config: &Config) -> bool {
    config.feed_content == crate::config::FeedContent::Summary && page.outline.summary.is_some()
}

/// One entry of a feed, with dates already in the formats Atom and RSS need.
#[derive(Debug, Serialize)]
pub(crate) struct FeedEntry<'a> {
    pub(crate) title: &'a str,
    pub(crate) permalink: &'a str,
    pub(crate) description: Option<&'a str>,
    /// RFC 3339, for Atom.
    pub(crate) published: Option<String>,
    pub(crate) updated: Option<String>,
    /// RFC 2822, for RSS.
    pub(crate) pub_date: Option<String>,
    /// HTML: the page's content or summary, as the settings say.
    pub(crate) content: &'a str,
    /// The page's `authors`; the feed's author (`config.author`) speaks for a page without.
    pub(crate) authors: &'a [String],
}

impl<'a> FeedEntry<'a> {
    /// The entry for `page`; `html` is its content, needed unless `feed_shows_summary`.
    pub(crate) fn new(page: &'a Page, html: &'a str, config: &Config) -> Self {
        let meta = &page.doc.meta;
        let published = meta.date.map(|d| d.to_moment());
        let updated = meta.updated.map(|d| d.to_moment()).or(published);
        let content = match &page.outline.summary {
            Some(summary) if feed_shows_summary(page, config) => summary.as_str(),
            _ => html,
        };
        FeedEntry {
            title: meta.title.as_deref().unwrap_or(&page.path),
            permalink: &page.permalink,
            description: meta.description.as_deref(),
            published: published.map(|d| d.to_rfc3339()),
            updated: updated.map(|d| d.to_rfc3339()),
            pub_date: published.map(|d| d.to_rfc2822()),
            content,
            authors: &meta.authors,
        }
    }
}
