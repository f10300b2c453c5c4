//! Taxonomies and feeds: a taxonomy's list of terms, one pager of a term's page, and the
//! feeds of the site, a section or a term.

use super::Renderer;
use super::bodies::Bodies;
use super::views::{self, FeedEntry, PaginatorView, TaxonomyView, TermView};
use crate::config::Config;
use crate::content::taxonomies::{Taxonomy, Term};
use crate::content::{Library, PageId};
use crate::error::Diagnostic;
use crate::paginate::{Listing, Pager};

/// A feed to render: which file, for which list, of which pages.
pub(crate) struct FeedRequest<'a> {
    /// `atom.xml`, `rss.xml`, or a site template's name.
    pub(crate) filename: &'a str,
    /// The path of the list the feed belongs to: `/` or a term's path.
    pub(crate) list_path: &'a str,
    pub(crate) pages: &'a [PageId],
    pub(crate) term: Option<(&'a Taxonomy, &'a Term)>,
    /// The language of the feed's pages.
    pub(crate) lang: &'a str,
}

impl Renderer {
    /// Renders a taxonomy's list of terms (`/tags/`) with `<name>/list.html`,
    /// `taxonomy_list.html` or the built-in one.
    pub(crate) fn render_taxonomy_list(
        &self,
        taxonomy: &Taxonomy,
        library: &Library,
        config: &Config,
    ) -> Result<String, Diagnostic> {
        let template = self.taxonomy_list_template(taxonomy);
        let mut context =
            self.base_context(config, &taxonomy.permalink, &taxonomy.path, &taxonomy.lang);
        context.insert("taxonomy", &TaxonomyView::new(taxonomy));
        // Every term with every page under it is the largest context a site has; most list
        // templates show only names and counts.
        let with_pages = self.may_read(&template, &["pages"]);
        let fields = self.fields_for(&template);
        let terms: Vec<TermView> = taxonomy
            .terms
            .iter()
            .map(|t| {
                let pages = if with_pages { &t.pages[..] } else { &[] };
                TermView::new(t, pages, fields, library)
            })
            .collect();
        context.insert("terms", &terms);
        self.render(&template, &context, self.template_file(&template))
    }

    /// Renders one pager of a term's page (`/tags/rust/`) with `<name>/single.html`,
    /// `taxonomy_single.html` or the built-in one.
    pub(crate) fn render_term(
        &self,
        taxonomy: &Taxonomy,
        term: &Term,
        pager: (&Pager, &Listing),
        library: &Library,
        config: &Config,
    ) -> Result<String, Diagnostic> {
        let template = self.term_template(taxonomy);
        let path = &pager.0.path;
        let mut context = self.base_context(config, &config.permalink(path), path, &taxonomy.lang);
        context.insert("taxonomy", &TaxonomyView::new(taxonomy));
        context.insert("term", &self.term_view(&template, term, library));
        // As in Zola, only a taxonomy with `paginate_by` gives its terms a paginator.
        if taxonomy.config.paginate_by.is_some() {
            let fields = self.fields_for(&template);
            let paginator = PaginatorView::new(pager.0, pager.1, fields, library, config);
            context.insert("paginator", &paginator);
        }
        self.render(&template, &context, self.template_file(&template))
    }

    /// Renders a feed (`atom.xml`, `rss.xml`) of `pages` at `path`, for the whole site or a
    /// term; `bodies` holds the bodies of the pages whose whole content the feed shows.
    pub(crate) fn render_feed(
        &self,
        feed: &FeedRequest,
        bodies: &Bodies,
        library: &Library,
        config: &Config,
    ) -> Result<String, Diagnostic> {
        let template = self.file_template(feed.filename);
        let path = format!("{}{}", feed.list_path, feed.filename);
        let mut context = self.base_context(config, &config.permalink(&path), &path, feed.lang);
        let entries: Vec<FeedEntry> = feed
            .pages
            .iter()
            .map(|&i| {
                let html = bodies.get(&i).map_or("", |body| body.html.as_str());
                FeedEntry::new(&library.pages[i], html, config)
            })
            .collect();
        let newest = feed
            .pages
            .iter()
            .filter_map(|&i| {
                let meta = &library.pages[i].doc.meta;
                meta.updated.or(meta.date).map(|d| d.to_moment())
            })
            .max()
            .unwrap_or_default();
        context.insert("entries", &entries);
        let fields = self.fields_for(&template);
        context.insert("pages", &views::page_views(feed.pages, fields, library));
        context.insert("feed_url", &config.permalink(&path));
        context.insert("alternate_url", &config.permalink(feed.list_path));
        context.insert("last_updated", &newest.to_rfc3339());
        context.insert("last_build_date", &newest.to_rfc2822());
        if let Some((taxonomy, term)) = feed.term {
            context.insert("taxonomy", &TaxonomyView::new(taxonomy));
            context.insert("term", &self.term_view(&template, term, library));
        }
        self.render(&template, &context, self.template_file(&template))
    }

    /// `term` for `template`: with the term's pages only when the template reads
    /// `term.pages`, since every pager and feed of a term would copy them all.
    fn term_view<'a>(&self, template: &str, term: &'a Term, library: &'a Library) -> TermView<'a> {
        let pages = if self.may_read(template, &["term.pages"]) {
            &term.pages[..]
        } else {
            &[]
        };
        TermView::new(term, pages, self.fields_for(template), library)
    }
}
