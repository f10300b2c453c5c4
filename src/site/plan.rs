//! Plans: which outputs to render. A plan is data, made by pure functions of the site: one for
//! a full build, one after a page's body was edited, one after templates were edited.

use std::collections::BTreeSet;

use super::outputs::FeedOf;
use super::{Output, Site};
use crate::content::PageId;
use crate::content::shadowed::Shadowed;
use crate::render::PageFields;

/// The outputs to render, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    outputs: BTreeSet<Output>,
}

impl Plan {
    /// Every output of the site.
    pub(crate) fn full(site: &Site) -> Plan {
        let (library, config) = (&*site.library, &*site.config);
        let mut outputs = BTreeSet::new();
        // A page or section at a taxonomy's URL gives it up, as in Zola.
        let shadowed = Shadowed::find(library, None);
        let renders = |page: &PageId| {
            library.pages[*page].doc.meta.renders() && !shadowed.pages.contains(page)
        };
        outputs.extend(library.page_ids().filter(renders).map(Output::Page));
        if config.generate_markdown_alternates {
            outputs.extend(library.page_ids().filter(renders).map(Output::Alternate));
            outputs.insert(Output::LlmsTxt);
        }
        for section in library.section_ids() {
            let meta = &library.sections[section].doc.meta;
            if !meta.renders() || shadowed.sections.contains(&section) {
                continue;
            }
            let pagers = match site.section_listing(section) {
                Some(listing) if meta.redirect_to.is_none() => listing.pager_count(),
                _ => 1,
            };
            outputs.extend((1..=pagers).map(|pager| Output::SectionPager { section, pager }));
            if meta.generate_feeds {
                outputs.extend(
                    (0..config
                        .feed_filenames_of(&library.sections[section].lang)
                        .len())
                        .map(|filename| Output::Feed {
                            filename,
                            of: FeedOf::Section(section),
                        }),
                );
            }
        }
        let rendered = library.taxonomies.iter().enumerate();
        for (t, taxonomy) in rendered.filter(|(_, taxonomy)| taxonomy.config.render) {
            outputs.insert(Output::TaxonomyList(t));
            for term in 0..taxonomy.terms.len() {
                let pagers = site.term_listing(taxonomy, term).pager_count();
                outputs.extend((1..=pagers).map(|pager| Output::TermPager {
                    taxonomy: t,
                    term,
                    pager,
                }));
            }
        }
        for lang in config.all_languages() {
            let has_feeds = config
                .language(lang)
                .map_or(config.generate_feeds, |options| options.generate_feeds);
            if !has_feeds {
                continue;
            }
            for filename in 0..config.feed_filenames_of(lang).len() {
                outputs.insert(Output::Feed {
                    filename,
                    of: FeedOf::Site(library.home_of(lang)),
                });
                for (t, taxonomy) in library.taxonomies.iter().enumerate() {
                    if taxonomy.config.feed && taxonomy.lang == lang {
                        outputs.extend((0..taxonomy.terms.len()).map(|term| Output::Feed {
                            filename,
                            of: FeedOf::Term(t, term),
                        }));
                    }
                }
            }
        }
        outputs.insert(Output::Aliases);
        if config.generate_sitemap {
            outputs.insert(Output::Sitemap);
        }
        let mut site_files = vec!["404.html"];
        if config.generate_robots_txt {
            site_files.push("robots.txt");
        }
        // A site's own `static/_headers` is copied as it is.
        let own_headers = site.assets.iter().any(|file| file.path == "_headers");
        if config.generate_headers && !own_headers {
            site_files.push("_headers");
        }
        site_files.extend(site.renderer.data_templates());
        outputs.extend(
            site_files
                .into_iter()
                .map(|name| Output::SiteFile(name.to_string())),
        );
        if config.build_search_index {
            outputs.insert(Output::SearchIndex);
        }
        outputs.insert(Output::Assets);
        Plan { outputs }
    }

    /// After the body of page `index` changed (its front matter did not), which changed its
    /// `changed` fields: the page and every output that was shown one of those fields when
    /// last rendered. Without a record of reads, everything.
    pub(crate) fn after_body_edit(site: &Site, index: PageId, changed: PageFields) -> Plan {
        let Some(reads) = &site.reads else {
            return Plan::full(site);
        };
        let mut outputs: BTreeSet<Output> =
            reads.readers_of_page(index, changed).cloned().collect();
        outputs.insert(Output::Page(index));
        if site.config.generate_markdown_alternates {
            outputs.insert(Output::Alternate(index));
        }
        Plan { outputs }
    }

    /// After templates changed: the outputs whose template is one of `templates` (the edited
    /// ones and those that extend, include or import them), and those whose Markdown called
    /// one of them as a shortcode.
    pub(crate) fn after_template_edit(site: &Site, templates: &BTreeSet<String>) -> Plan {
        let outputs = Plan::full(site)
            .outputs
            .into_iter()
            .filter(|output| {
                let by_template = output
                    .template(site)
                    .is_some_and(|template| templates.contains(&template));
                let by_shortcode = site
                    .reads
                    .as_ref()
                    .and_then(|log| log.of(output))
                    .is_some_and(|reads| !reads.templates.is_disjoint(templates));
                by_template || by_shortcode
            })
            .collect();
        Plan { outputs }
    }

    /// The outputs, in order.
    pub(crate) fn outputs(&self) -> impl Iterator<Item = &Output> {
        self.outputs.iter()
    }

    /// True when the plan holds `output`.
    pub(crate) fn contains(&self, output: &Output) -> bool {
        self.outputs.contains(output)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::error::Diagnostics;
    use crate::site::{BuildOptions, build_in_memory};

    /// A small site: the home, a `5xx` section of two pages (one showing the other through
    /// `get_page`), a `4xx` section, tags, feeds, and a page template importing macros.
    fn site(dir: &Path) -> Site {
        let write = |name: &str, text: &str| {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "config.toml",
            "base_url = \"https://example.com\"\ngenerate_feeds = true\ntaxonomies = [{ name = \"tags\" }]\n",
        );
        write("content/_index.md", "+++\n+++\n");
        write("content/5xx/_index.md", "+++\ntitle = \"5xx\"\n+++\n");
        write("content/4xx/_index.md", "+++\ntitle = \"4xx\"\n+++\n");
        write(
            "content/5xx/500.md",
            "+++\ntitle = \"500\"\ndate = 2026-01-02\n[taxonomies]\ntags = [\"server\"]\n+++\nBody.\n",
        );
        write(
            "content/5xx/502.md",
            "+++\ntitle = \"502\"\ndate = 2026-01-01\ntemplate = \"shows-500.html\"\n+++\nBody.\n",
        );
        write(
            "content/4xx/404.md",
            "+++\ntitle = \"404\"\n[taxonomies]\ntags = [\"client\"]\n+++\nBody.\n",
        );
        write(
            "templates/macros.html",
            "{% macro h(t) %}<h1>{{ t }}</h1>{% endmacro %}",
        );
        write(
            "templates/page.html",
            "{% import \"macros.html\" as m %}{{ m::h(t=page.title) }}{{ page.content | safe }}",
        );
        write(
            "templates/shows-500.html",
            "{% set other = get_page(path=\"5xx/500.md\") %}{{ other.content | safe }}",
        );
        write(
            "templates/section.html",
            "{% for p in section.pages %}{{ p.title }}{% endfor %}",
        );
        write("templates/index.html", "home");
        let mut diagnostics = Diagnostics::default();
        let (site, _) = build_in_memory(&BuildOptions::new(dir), &mut diagnostics).unwrap();
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        site
    }

    fn page(site: &Site, path: &str) -> PageId {
        match site.library.get(path) {
            Some(crate::content::Entry::Page(index)) => index,
            other => panic!("{path}: {other:?}"),
        }
    }

    fn section(site: &Site, path: &str) -> crate::content::SectionId {
        match site.library.get(path) {
            Some(crate::content::Entry::Section(index)) => index,
            other => panic!("{path}: {other:?}"),
        }
    }

    fn term(site: &Site, name: &str) -> (usize, usize) {
        let taxonomy = &site.library.taxonomies[0];
        let term = taxonomy.terms.iter().position(|t| t.name == name).unwrap();
        (0, term)
    }

    #[test]
    fn a_full_build_plans_every_output_once() {
        let dir = tempfile::tempdir().unwrap();
        let site = site(dir.path());
        let plan = Plan::full(&site);
        let (server, client) = (term(&site, "server"), term(&site, "client"));
        let mut expected: Vec<Output> = (0..3).map(PageId::new).map(Output::Page).collect();
        expected.extend(
            (0..3)
                .map(crate::content::SectionId::new)
                .map(|section| Output::SectionPager { section, pager: 1 }),
        );
        expected.push(Output::TaxonomyList(0));
        for (taxonomy, term) in [server, client] {
            expected.push(Output::TermPager {
                taxonomy,
                term,
                pager: 1,
            });
        }
        expected.push(Output::Feed {
            filename: 0,
            of: FeedOf::Site(site.library.home()),
        });
        expected.extend([
            Output::Aliases,
            Output::Sitemap,
            Output::SiteFile("robots.txt".into()),
            Output::SiteFile("404.html".into()),
            Output::Assets,
        ]);
        expected.sort();
        assert_eq!(plan.outputs().cloned().collect::<Vec<_>>(), expected);
    }

    #[test]
    fn editing_500_plans_the_page_what_lists_it_and_the_page_showing_it() {
        let dir = tempfile::tempdir().unwrap();
        let site = site(dir.path());
        let plan = Plan::after_body_edit(&site, page(&site, "5xx/500.md"), PageFields::ALL);
        let (taxonomy, term) = term(&site, "server");
        let mut expected = vec![
            Output::Page(page(&site, "5xx/500.md")),
            // 502's template shows 500 through get_page.
            Output::Page(page(&site, "5xx/502.md")),
            Output::SectionPager {
                section: section(&site, "5xx/_index.md"),
                pager: 1,
            },
            Output::TermPager {
                taxonomy,
                term,
                pager: 1,
            },
            Output::Feed {
                filename: 0,
                of: FeedOf::Site(site.library.home()),
            },
        ];
        expected.sort();
        assert_eq!(plan.outputs().cloned().collect::<Vec<_>>(), expected);
    }

    #[test]
    fn editing_a_page_nothing_else_shows_plans_it_and_its_lists() {
        let dir = tempfile::tempdir().unwrap();
        let site = site(dir.path());
        let plan = Plan::after_body_edit(&site, page(&site, "4xx/404.md"), PageFields::ALL);
        let (taxonomy, term) = term(&site, "client");
        let mut expected = vec![
            Output::Page(page(&site, "4xx/404.md")),
            Output::SectionPager {
                section: section(&site, "4xx/_index.md"),
                pager: 1,
            },
            Output::TermPager {
                taxonomy,
                term,
                pager: 1,
            },
        ];
        expected.sort();
        assert_eq!(plan.outputs().cloned().collect::<Vec<_>>(), expected);
    }

    #[test]
    fn editing_macros_plans_the_pages_importing_them_and_not_the_home_page() {
        let dir = tempfile::tempdir().unwrap();
        let site = site(dir.path());
        let affected = site
            .renderer
            .affected_by(&BTreeSet::from(["macros.html".to_string()]));
        let plan = Plan::after_template_edit(&site, &affected);
        let mut expected = vec![
            Output::Page(page(&site, "4xx/404.md")),
            Output::Page(page(&site, "5xx/500.md")),
        ];
        expected.sort();
        assert_eq!(plan.outputs().cloned().collect::<Vec<_>>(), expected);
        let home = Output::SectionPager {
            section: section(&site, "_index.md"),
            pager: 1,
        };
        assert!(!plan.contains(&home));
    }
}
