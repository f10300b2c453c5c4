//! The kinds of output a site writes, and one render function for each. Every plan is a set
//! of these; the executor calls [`Site::render_output`] (or [`Site::render_page`]) for each.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Site;
use crate::alternates;
use crate::config::config_file_name;
use crate::content::paths::{normalize_path, output_file};
use crate::content::taxonomies::Taxonomy;
use crate::content::{Entry, PageId, SectionId};
use crate::error::Diagnostic;
use crate::markdown::{self, Rendered};
use crate::output::OutputFile;
use crate::paginate::Listing;
use crate::render::FeedRequest;
use crate::render::bodies::Bodies;
use crate::sitemap::{self, SitemapEntry};

/// One output of the site: a file or a small group of files rendered together. Pages and
/// sections are named by id; taxonomies and terms by their index in the library's
/// taxonomies and a taxonomy's terms; pagers and feed file names count as `paginate` and
/// `config.feed_filenames` give them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Output {
    /// A page's HTML.
    Page(PageId),
    /// One pager of a section (1-based; a section that is not paginated has only pager 1).
    /// The first pager of a paginated section also writes the redirect from `page/1/`.
    SectionPager { section: SectionId, pager: usize },
    /// A taxonomy's list of terms (`/tags/`).
    TaxonomyList(usize),
    /// One pager of a term's page (`/tags/rust/`), with the `page/1/` redirect on the first
    /// when the taxonomy is paginated.
    TermPager {
        taxonomy: usize,
        term: usize,
        pager: usize,
    },
    /// A feed, by its index in `config.feed_filenames`.
    Feed { filename: usize, of: FeedOf },
    /// The redirect pages at every page's and section's aliases.
    Aliases,
    /// `sitemap.xml` (and its parts on large sites).
    Sitemap,
    /// A site-wide file rendered from a template: `robots.txt`, `_headers`, `404.html` and
    /// the data templates (`codes.json`).
    SiteFile(String),
    /// A page's Markdown alternate (`503/index.html.md`).
    Alternate(PageId),
    /// `llms.txt`, listing the Markdown alternates.
    LlmsTxt,
    /// The full-text search index, made from the other outputs once they are written.
    SearchIndex,
    /// Static files, highlighting stylesheets and content files, copied.
    Assets,
}

/// Whose pages a feed shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum FeedOf {
    /// Every dated page of one language that the sections list, by that language's home
    /// (`/atom.xml`, `/fr/atom.xml`).
    Site(SectionId),
    /// A section with `generate_feeds = true` (`/blog/atom.xml`).
    Section(SectionId),
    /// A term of a taxonomy with `feed = true` (`/tags/rust/atom.xml`).
    Term(usize, usize),
}

impl Output {
    /// The template this output is rendered with, if it has one.
    pub(crate) fn template(&self, site: &Site) -> Option<String> {
        let (library, renderer) = (&*site.library, &site.renderer);
        match self {
            Output::Page(index) => Some(
                renderer
                    .page_template(&library.pages[*index], library)
                    .to_string(),
            ),
            Output::SectionPager { section, .. } => Some(
                renderer
                    .section_template(&library.sections[*section])
                    .to_string(),
            ),
            Output::TaxonomyList(taxonomy) => {
                Some(renderer.taxonomy_list_template(&library.taxonomies[*taxonomy]))
            }
            Output::TermPager { taxonomy, .. } => {
                Some(renderer.term_template(&library.taxonomies[*taxonomy]))
            }
            Output::Feed { filename, of } => {
                let names = site.config.feed_filenames_of(site.feed_language(*of));
                names
                    .get(*filename)
                    .map(|name| renderer.file_template(name))
            }
            Output::SiteFile(name) => Some(renderer.file_template(name)),
            Output::Aliases
            | Output::Sitemap
            | Output::Alternate(_)
            | Output::LlmsTxt
            | Output::SearchIndex
            | Output::Assets => None,
        }
    }
}

/// A rendered page, and its body when a feed or list shows it whole.
pub(super) struct RenderedPage {
    pub(crate) file: Result<OutputFile, Diagnostic>,
    pub(crate) body: Option<Arc<Rendered>>,
}

impl Site {
    /// Renders page `index` (its Markdown, then its template), keeping its body when
    /// `keep_body`.
    pub(super) fn render_page(&self, index: PageId, keep_body: bool) -> RenderedPage {
        let (library, config) = (&*self.library, &*self.config);
        let page = &library.pages[index];
        let body = match self.page_body(index) {
            Ok(body) => body,
            Err(problem) => {
                return RenderedPage {
                    file: Err(problem),
                    body: None,
                };
            }
        };
        let file = self
            .renderer
            .render_page(index, &body, library, config)
            .map(|html| OutputFile::text(output_file(&page.path), html, &page.doc.file));
        RenderedPage {
            file,
            body: keep_body.then(|| Arc::new(body)),
        }
    }

    /// Renders any output but a page and the search index; `bodies` holds the bodies of the
    /// pages that the feeds show whole.
    pub(super) fn render_output(
        &self,
        output: &Output,
        bodies: &Bodies,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        match output {
            Output::Page(index) => self.render_page(*index, false).file.map(|f| vec![f]),
            Output::SectionPager { section, pager } => self.render_section_pager(*section, *pager),
            Output::TaxonomyList(taxonomy) => self.render_taxonomy_list(*taxonomy),
            Output::TermPager {
                taxonomy,
                term,
                pager,
            } => self.render_term_pager(*taxonomy, *term, *pager),
            Output::Feed { filename, of } => self.render_feed(*filename, *of, bodies),
            Output::Aliases => Ok(self.alias_pages()),
            Output::Sitemap => Ok(sitemap::sitemap_files(self.sitemap_entries(), |name| {
                self.config.permalink(name)
            })),
            Output::SiteFile(name) => self.render_site_file(name),
            Output::Alternate(index) => self.markdown_alternate(*index).map(|f| vec![f]),
            Output::LlmsTxt => Ok(vec![self.llms_txt()]),
            // Indexed by the executor from what the other outputs wrote.
            Output::SearchIndex => Ok(Vec::new()),
            Output::Assets => Ok(self.asset_files()),
        }
    }

    /// How section `index` is paginated; `None` when it is not.
    pub(super) fn section_listing(&self, index: SectionId) -> Option<Listing<'_>> {
        let section = &self.library.sections[index];
        let per_page = section.doc.meta.paginate_by.filter(|n| *n > 0)?;
        let pages = match self.reversed.get(&index) {
            Some(reversed) => reversed.as_slice(),
            None => &section.pages,
        };
        Some(Listing {
            base_path: &section.path,
            paginate_path: section.doc.meta.paginate_path.as_deref().unwrap_or("page"),
            per_page,
            pages,
        })
    }

    /// How term `term` of `taxonomy` is shown over pagers (one pager holding every page
    /// when the taxonomy is not paginated).
    pub(super) fn term_listing<'s>(&'s self, taxonomy: &'s Taxonomy, term: usize) -> Listing<'s> {
        let term = &taxonomy.terms[term];
        Listing {
            base_path: &term.path,
            paginate_path: &taxonomy.config.paginate_path,
            per_page: taxonomy
                .config
                .paginate_by
                .filter(|n| *n > 0)
                .unwrap_or(term.pages.len().max(1)),
            pages: &term.pages,
        }
    }

    /// One pager of section `index`, or the section's only page.
    fn render_section_pager(
        &self,
        index: SectionId,
        pager: usize,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let (library, config) = (&*self.library, &*self.config);
        let section = &library.sections[index];
        if let Some(target) = &section.doc.meta.redirect_to {
            let url = if target.contains("://") {
                target.clone()
            } else {
                config.permalink(target)
            };
            return Ok(vec![OutputFile::text(
                output_file(&section.path),
                redirect_page(&url),
                &section.doc.file,
            )]);
        }
        let Some(listing) = self.section_listing(index) else {
            let html = self.renderer.render_section(index, None, library, config)?;
            return Ok(vec![OutputFile::text(
                output_file(&section.path),
                html,
                &section.doc.file,
            )]);
        };
        let current = listing.pager(pager);
        let html =
            self.renderer
                .render_section(index, Some((&current, &listing)), library, config)?;
        let mut files = vec![OutputFile::text(
            output_file(&current.path),
            html,
            &section.doc.file,
        )];
        if pager == 1 {
            files.push(self.first_pager_redirect(&listing, &section.doc.file));
        }
        Ok(files)
    }

    /// A taxonomy's list of terms.
    fn render_taxonomy_list(&self, index: usize) -> Result<Vec<OutputFile>, Diagnostic> {
        let (library, config) = (&*self.library, &*self.config);
        let taxonomy = &library.taxonomies[index];
        let html = self
            .renderer
            .render_taxonomy_list(taxonomy, library, config)?;
        Ok(vec![OutputFile::text(
            output_file(&taxonomy.path),
            html,
            self.config_file(),
        )])
    }

    /// One pager of a term's page, and the redirect from its `page/1/` when it is paginated.
    fn render_term_pager(
        &self,
        taxonomy: usize,
        term: usize,
        pager: usize,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let (library, config) = (&*self.library, &*self.config);
        let taxonomy = &library.taxonomies[taxonomy];
        let listing = self.term_listing(taxonomy, term);
        let current = listing.pager(pager);
        let html = self.renderer.render_term(
            taxonomy,
            &taxonomy.terms[term],
            (&current, &listing),
            library,
            config,
        )?;
        let origin = self.config_file();
        let mut files = vec![OutputFile::text(output_file(&current.path), html, &origin)];
        let paginated = taxonomy.config.paginate_by.is_some_and(|n| n > 0);
        if paginated && pager == 1 {
            files.push(self.first_pager_redirect(&listing, &origin));
        }
        Ok(files)
    }

    /// `/list/page/1/` sends visitors to `/list/`.
    fn first_pager_redirect(&self, listing: &Listing, origin: &Path) -> OutputFile {
        let path = format!(
            "{}{}/1/",
            listing.base_path,
            listing.paginate_path.trim_matches('/')
        );
        OutputFile::text(
            output_file(&path),
            redirect_page(&self.config.permalink(listing.base_path)),
            origin,
        )
    }

    /// The feed request of a feed output: the site's feed, a section's or a term's.
    pub(super) fn feed_request(&self, filename: usize, of: FeedOf) -> FeedRequest<'_> {
        let (library, config) = (&*self.library, &*self.config);
        let limit = |pages: &[PageId]| pages.len().min(config.feed_limit.unwrap_or(usize::MAX));
        let lang = self.feed_language(of);
        let names = config.feed_filenames_of(lang);
        let filename = names.get(filename).map_or("atom.xml", String::as_str);
        let (list_path, pages, term): (&str, &[PageId], _) = match of {
            FeedOf::Site(home) => {
                let home = &library.sections[home];
                let pages = self.newest_first.get(&home.lang);
                (&home.path, pages.map_or(&[][..], Vec::as_slice), None)
            }
            FeedOf::Section(section) => (
                &library.sections[section].path,
                self.section_feeds
                    .get(&section)
                    .map_or(&[][..], Vec::as_slice),
                None,
            ),
            FeedOf::Term(taxonomy, term) => {
                let taxonomy = &library.taxonomies[taxonomy];
                let term = &taxonomy.terms[term];
                // Terms list their pages newest first, undated ones last: feeds take the
                // dated ones, as the site's feed does.
                let dated = term
                    .pages
                    .iter()
                    .take_while(|&&i| library.pages[i].doc.meta.date.is_some())
                    .count();
                (&term.path, &term.pages[..dated], Some((taxonomy, term)))
            }
        };
        FeedRequest {
            filename,
            list_path,
            pages: &pages[..limit(pages)],
            term,
            lang,
        }
    }

    /// The language of a feed's pages.
    pub(super) fn feed_language(&self, of: FeedOf) -> &str {
        let library = &*self.library;
        match of {
            FeedOf::Site(s) | FeedOf::Section(s) => &library.sections[s].lang,
            FeedOf::Term(taxonomy, _) => &library.taxonomies[taxonomy].lang,
        }
    }

    /// A feed; `bodies` holds the content it shows.
    fn render_feed(
        &self,
        filename: usize,
        of: FeedOf,
        bodies: &Bodies,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let (library, config) = (&*self.library, &*self.config);
        let request = self.feed_request(filename, of);
        let xml = self
            .renderer
            .render_feed(&request, bodies, library, config)?;
        let path = format!(
            "{}{}",
            request.list_path.trim_start_matches('/'),
            request.filename
        );
        Ok(vec![OutputFile::text(
            path,
            xml,
            self.template_origin(request.filename),
        )])
    }

    /// A site-wide file: robots.txt, _headers, a data template or the 404 page.
    fn render_site_file(&self, name: &str) -> Result<Vec<OutputFile>, Diagnostic> {
        let config = &*self.config;
        let text = if name == "_headers" {
            let hashed = self
                .hashes
                .hashed_copies()
                .into_iter()
                .map(tera::Value::String)
                .collect();
            let policy = tera::Value::String(config.content_security_policy.clone());
            let hashed = tera::Value::Array(hashed);
            self.renderer.render_file(
                name,
                config,
                &[
                    ("content_security_policy", &policy),
                    ("hashed_assets", &hashed),
                ],
            )?
        } else {
            self.renderer.render_file(name, config, &[])?
        };
        Ok(vec![OutputFile::text(
            name,
            text,
            self.template_origin(name),
        )])
    }

    /// Page `index`'s Markdown alternate: its body with shortcodes expanded and `@/` links
    /// made full URLs.
    fn markdown_alternate(&self, index: PageId) -> Result<OutputFile, Diagnostic> {
        let (library, config) = (&*self.library, &*self.config);
        let page = &library.pages[index];
        let body = self
            .renderer
            .expand_shortcodes(page.doc.body(), Entry::Page(index), library, config)?
            .into_markdown();
        let meta = &page.doc.meta;
        let text = alternates::alternate(
            meta.title.as_deref().unwrap_or_default(),
            meta.description.as_deref(),
            &body,
            |path| library.permalink_of(path).map(str::to_string),
        );
        Ok(OutputFile::text(
            alternates::alternate_path(&page.path),
            text,
            &page.doc.file,
        ))
    }

    /// `llms.txt`: the alternates of each section's pages, the home's first.
    fn llms_txt(&self) -> OutputFile {
        let (library, config) = (&*self.library, &*self.config);
        let home = library.home();
        let others = library.section_ids().filter(|&id| id != home);
        let sections = std::iter::once(home).chain(others).map(|id| {
            let section = &library.sections[id];
            let heading = section.doc.meta.title.as_deref().unwrap_or(&config.title);
            let pages = section
                .pages
                .iter()
                .map(|&i| &library.pages[i])
                .filter(|page| page.doc.meta.renders())
                .map(|page| alternates::Listed {
                    title: page.doc.meta.title.as_deref().unwrap_or(&page.path),
                    url: alternates::alternate_url(&page.permalink),
                    description: page.doc.meta.description.as_deref(),
                })
                .collect();
            (heading, pages)
        });
        let text = alternates::llms_txt(&config.title, &config.description, sections);
        OutputFile::text("llms.txt", text, self.config_file())
    }

    /// Every page, section, taxonomy list and term, with the date it last changed.
    fn sitemap_entries(&self) -> Vec<SitemapEntry> {
        let library = &*self.library;
        let pages = library.pages.iter().filter(|p| p.doc.meta.renders());
        let pages = pages.map(|page| SitemapEntry {
            permalink: page.permalink.clone(),
            lastmod: page
                .doc
                .meta
                .updated
                .or(page.doc.meta.date)
                .map(|d| d.to_string()),
        });
        let pagers = |listing: Option<Listing>| self.pager_permalinks(listing);
        let sections = library
            .section_ids()
            .filter(|&i| library.sections[i].doc.meta.renders())
            .flat_map(|i| {
                std::iter::once(library.sections[i].permalink.clone())
                    .chain(pagers(self.section_listing(i)))
            });
        let rendered = library.taxonomies.iter().filter(|t| t.config.render);
        let taxonomies = rendered.flat_map(|taxonomy| {
            let paginated = taxonomy.config.paginate_by.is_some_and(|n| n > 0);
            std::iter::once(taxonomy.permalink.clone()).chain((0..taxonomy.terms.len()).flat_map(
                move |term| {
                    std::iter::once(taxonomy.terms[term].permalink.clone())
                        .chain(pagers(paginated.then(|| self.term_listing(taxonomy, term))))
                },
            ))
        });
        let lists = sections.chain(taxonomies).map(|permalink| SitemapEntry {
            permalink,
            lastmod: None,
        });
        pages.chain(lists).collect()
    }

    /// The permalinks of a paginated list's pagers for the sitemap: as in Zola, every one
    /// at `<path><paginate_path>/<n>/`, `page/1/` included.
    fn pager_permalinks(&self, listing: Option<Listing>) -> Vec<String> {
        let Some(listing) = listing else {
            return Vec::new();
        };
        let folder = listing.paginate_path.trim_matches('/');
        (1..=listing.pager_count())
            .map(|i| {
                self.config
                    .permalink(&format!("{}{folder}/{i}/", listing.base_path))
            })
            .collect()
    }

    /// Small pages at each alias that send visitors to the real URL.
    fn alias_pages(&self) -> Vec<OutputFile> {
        let library = &*self.library;
        let pages = library
            .pages
            .iter()
            .filter(|p| p.doc.meta.renders())
            .map(|p| (&p.doc.file, &p.permalink, &p.doc.meta.aliases));
        let sections = library
            .sections
            .iter()
            .map(|s| (&s.doc.file, &s.permalink, &s.doc.meta.aliases));
        pages
            .chain(sections)
            .flat_map(|(file, url, aliases)| {
                aliases.iter().filter_map(move |alias| {
                    let path = normalize_path(alias).ok()?;
                    Some(OutputFile::text(
                        output_file(&path),
                        redirect_page(url),
                        file,
                    ))
                })
            })
            .collect()
    }

    /// Static files and stylesheets (with their hashed copies), and content files.
    fn asset_files(&self) -> Vec<OutputFile> {
        let content = self
            .library
            .assets
            .iter()
            .map(|asset| OutputFile::copy(asset.output.clone(), asset.source.clone()));
        self.assets.iter().cloned().chain(content).collect()
    }

    fn template_origin(&self, template: &str) -> PathBuf {
        self.shown_root.join("templates").join(template)
    }

    fn config_file(&self) -> PathBuf {
        self.shown_root.join(config_file_name(&self.root))
    }
}

/// A page that sends the visitor on to `url`: a meta refresh, a canonical link and a visible
/// link for when neither is followed, with Zola's words.
fn redirect_page(url: &str) -> String {
    let url = markdown::escape_attribute(url);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirect</title>\n<link rel=\"canonical\" href=\"{url}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p><a href=\"{url}\">Click here</a> to be redirected.</p>\n</body>\n</html>\n"
    )
}
