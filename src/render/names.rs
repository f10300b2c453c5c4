//! Which template renders what: a page's, a section's, a taxonomy's and a site file's, the
//! site's own (or its theme's) when it has one, else Quire's built-in one.

use super::{BUILTIN_PREFIX, Renderer, page_template_section};
use crate::content::taxonomies::Taxonomy;
use crate::content::{Library, Page, Section};

impl Renderer {
    /// The template of a taxonomy's list of terms.
    pub(crate) fn taxonomy_list_template(&self, taxonomy: &Taxonomy) -> String {
        self.resolve(&[
            &format!("{}/list.html", taxonomy.config.name),
            "taxonomy_list.html",
        ])
    }

    /// The template of a taxonomy's term pages.
    pub(crate) fn term_template(&self, taxonomy: &Taxonomy) -> String {
        self.resolve(&[
            &format!("{}/single.html", taxonomy.config.name),
            "taxonomy_single.html",
        ])
    }

    /// The template of a site-wide file or feed (`404.html`, `atom.xml`).
    pub(crate) fn file_template(&self, name: &str) -> String {
        self.resolve(&[name])
    }

    /// True when the site has a template by this name.
    pub(crate) fn has_template(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// The site's data templates: `*.json` templates outside `shortcodes/`, each rendered to
    /// the file of the same path under the output root (`api/codes.json`). A theme's are
    /// known by their own names too; their `NAME/templates/...` names are not outputs.
    pub(crate) fn data_templates(&self) -> Vec<&str> {
        self.sources
            .keys()
            .map(String::as_str)
            .filter(|name| {
                name.ends_with(".json")
                    && !name.starts_with("shortcodes/")
                    && !name.contains("/templates/")
            })
            .collect()
    }

    /// The first of `names` the site has, else the built-in template of the last name.
    fn resolve(&self, names: &[&str]) -> String {
        match names.iter().find(|n| self.has_template(n)) {
            Some(name) => name.to_string(),
            None => format!(
                "{BUILTIN_PREFIX}{}",
                names.last().copied().unwrap_or_default()
            ),
        }
    }

    /// The template a page uses: its own `template`, the `page_template` of the nearest
    /// section above it that sets one (as in Zola, it applies to pages in subsections too),
    /// or `page.html`.
    pub(crate) fn page_template<'a>(&self, page: &'a Page, library: &'a Library) -> &'a str {
        page.doc
            .meta
            .template
            .as_deref()
            .or_else(|| {
                page_template_section(page, library)
                    .and_then(|s| library.sections[s].doc.meta.page_template.as_deref())
            })
            .unwrap_or("page.html")
    }

    /// The template a section uses: its own `template`, `index.html` for the home, or
    /// `section.html`.
    pub(crate) fn section_template<'a>(&self, section: &'a Section) -> &'a str {
        match section.doc.meta.template.as_deref() {
            Some(name) => name,
            None if section.dir.is_empty() => "index.html",
            None => "section.html",
        }
    }
}
