//! Templates: every file in `templates/` loaded once into Tera (autoescaping `.html` and
//! `.xml`), site functions registered, and pages and sections rendered into HTML. Errors name
//! the template, the line where it can be found, and the page being rendered.

pub(crate) mod bodies;
mod config_view;
mod cycles;
mod data;
mod data_formats;
mod dependencies;
mod depth;
mod errors;
mod filters;
mod functions;
mod i18n;
mod images;
mod lists;
mod lookups;
mod markdown_filter;
mod names;
mod page_fields;
pub(crate) mod reads;
pub(crate) mod resize;
mod section_lists;
mod shortcodes;
mod site_files;
pub(crate) mod sources;
mod urls;
pub(crate) mod views;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Context, Tera};

use crate::assets::AssetHashes;
use crate::config::Config;
use crate::content::{Library, PageId, SectionId};
use crate::error::{Diagnostic, Diagnostics, Location, Origin};
use crate::markdown::{Highlighter, Rendered};
use crate::paginate::{Listing, Pager};
pub(crate) use lists::FeedRequest;
pub(crate) use page_fields::PageFields;
pub(crate) use resize::ProcessedImages;
pub(crate) use section_lists::SectionLists;
pub(crate) use shortcodes::ANCHOR_LINK_TEMPLATE;
use sources::Source;
pub(crate) use sources::TemplateDirs;
use views::{ConfigView, PageView, PaginatorView, SectionView};

/// Templates Quire ships for outputs every site has; a site template of the same name wins.
const BUILTINS: [(&str, &str); 7] = [
    ("404.html", include_str!("builtins/404.html")),
    ("atom.xml", include_str!("builtins/atom.xml")),
    ("rss.xml", include_str!("builtins/rss.xml")),
    ("robots.txt", include_str!("builtins/robots.txt")),
    ("_headers", include_str!("builtins/_headers")),
    (
        "taxonomy_list.html",
        include_str!("builtins/taxonomy_list.html"),
    ),
    (
        "taxonomy_single.html",
        include_str!("builtins/taxonomy_single.html"),
    ),
];

/// The prefix of built-in template names, which no site template can have.
const BUILTIN_PREFIX: &str = "__quire/";

/// The finished site's parts that the site functions read.
pub(crate) struct SiteParts {
    pub(crate) library: Arc<Library>,
    pub(crate) config: Arc<Config>,
    pub(crate) assets: Arc<AssetHashes>,
    pub(crate) highlighter: Arc<Highlighter>,
    pub(crate) section_lists: Arc<SectionLists>,
    pub(crate) images: Arc<ProcessedImages>,
}

/// Tera with the site's templates, ready to render.
pub(crate) struct Renderer {
    tera: Tera,
    /// Template sources by name (a theme's twice), to place runtime errors.
    sources: BTreeMap<String, Source>,
    /// How the templates folder is named in diagnostics.
    shown_dir: PathBuf,
    /// The page fields each template, with the templates it uses, can read of listed pages.
    fields_by_template: BTreeMap<String, PageFields>,
    /// The page fields any template names: for `get_section` and the other functions when
    /// they are called outside a render.
    fields_anywhere: PageFields,
    /// The functions and filters `register_site` added, which hold the library.
    site_functions: Vec<String>,
    site_filters: Vec<String>,
}

impl Renderer {
    /// Loads every template under `dir`; all syntax errors are reported together.
    #[cfg(test)]
    pub(crate) fn load(
        dir: &Path,
        shown_dir: &Path,
        diagnostics: &mut Diagnostics,
    ) -> Option<Renderer> {
        Renderer::load_from(&TemplateDirs::site(dir, shown_dir), diagnostics)
    }

    /// Loads the site's templates and its theme's; all syntax errors are reported together,
    /// and `None` when there is one.
    pub(crate) fn load_from(
        dirs: &TemplateDirs,
        diagnostics: &mut Diagnostics,
    ) -> Option<Renderer> {
        let shown_dir = dirs.shown_dir.as_path();
        let mut problems = Diagnostics::default();
        let sources = sources::read_sources(dirs, &mut problems);
        // A theme's template is known by two names; its errors are reported once.
        let mut reported = BTreeSet::new();
        let mut parsed = BTreeMap::new();
        for (name, source) in &sources {
            match tera::Template::new(name, None, &source.text) {
                Ok(template) => {
                    parsed.insert(name.clone(), template);
                }
                Err(error) if reported.insert(&source.shown) => {
                    problems.push(errors::parse_error(&source.shown, &error));
                }
                Err(_) => {}
            }
        }
        if problems.is_empty() {
            let texts: BTreeMap<String, String> = sources
                .iter()
                .map(|(name, source)| (name.clone(), source.text.clone()))
                .collect();
            cycles::find(&parsed, &texts, shown_dir, &mut problems);
        }
        if !problems.is_empty() {
            diagnostics.extend(problems);
            return None;
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        tera.set_escape_fn(escape_html);
        filters::register(&mut tera);
        let builtins = BUILTINS
            .iter()
            .map(|(name, source)| (format!("{BUILTIN_PREFIX}{name}"), *source));
        let all: Vec<(String, &str)> = builtins
            .chain(sources.iter().map(|(n, s)| (n.clone(), s.text.as_str())))
            .collect();
        if let Err(error) = tera.add_raw_templates(all.iter().map(|(n, s)| (n.as_str(), *s))) {
            let messages = errors::chain(&error);
            diagnostics.push(
                Diagnostic::error(shown_dir, messages.join(": "))
                    .with_hint("check the names in {% extends %}, {% include %} and {% import %}"),
            );
            return None;
        }
        depth::guard(&mut tera);
        let mut renderer = Renderer {
            tera,
            sources,
            shown_dir: shown_dir.to_path_buf(),
            fields_by_template: BTreeMap::new(),
            fields_anywhere: PageFields::ALL,
            site_functions: Vec::new(),
            site_filters: Vec::new(),
        };
        renderer.fields_by_template = renderer
            .tera
            .templates
            .keys()
            .map(|name| (name.clone(), renderer.fields_read_by(name)))
            .collect();
        let builtins = BUILTINS.iter().map(|(_, source)| *source);
        let own = renderer.sources.values().map(|source| source.text.as_str());
        renderer.fields_anywhere = PageFields::named_in(builtins.chain(own));
        Some(renderer)
    }

    /// Whether a template may read `backlinks` (Zola's), which costs a pass over every body.
    pub(crate) fn reads_backlinks(&self) -> bool {
        self.fields_anywhere
            .intersects(PageFields::named(&["backlinks"]))
    }

    /// The page fields `template` and the templates it uses name.
    fn fields_read_by(&self, template: &str) -> PageFields {
        let reached = dependencies::reached_from(&self.tera, template);
        PageFields::named_in(reached.iter().filter_map(|name| self.source_of(name)))
    }

    /// True when lists given to `template` show their pages' `content` or `toc`.
    pub(crate) fn lists_show_bodies(&self, template: &str) -> bool {
        self.fields_for(template).intersects(PageFields::BODY)
    }

    /// The page fields that lists given to `template` carry.
    fn fields_for(&self, template: &str) -> PageFields {
        let known = self.fields_by_template.get(template).copied();
        known.unwrap_or(PageFields::ALL)
    }

    /// Registers `get_url`, `get_page`, `get_section` and the other functions and filters
    /// that read the finished site, in place of those registered before.
    pub(crate) fn register_site(&mut self, site: SiteParts, root: &Path) {
        self.forget_site();
        let functions_before: BTreeSet<String> = self.tera.functions.keys().cloned().collect();
        let filters_before: BTreeSet<String> = self.tera.filters.keys().cloned().collect();
        let fields = self.fields_anywhere;
        lookups::register(&mut self.tera, &site.library, &site.config, fields, root);
        resize::register(
            &mut self.tera,
            root,
            &site.config,
            &site.images,
            &site.library,
        );
        let places = site_files::places(root, site.config.theme.as_deref(), &site.library);
        functions::register(
            &mut self.tera,
            functions::SiteData {
                library: site.library,
                config: site.config,
                assets: site.assets,
                highlighter: site.highlighter,
                places,
                fields,
                section_lists: site.section_lists,
            },
        );
        self.site_functions = added_names(self.tera.functions.keys(), &functions_before);
        self.site_filters = added_names(self.tera.filters.keys(), &filters_before);
    }

    /// Takes out what `register_site` added, letting go of the library it held, so the site
    /// can change it and register again.
    pub(crate) fn forget_site(&mut self) {
        for name in std::mem::take(&mut self.site_functions) {
            self.tera.functions.remove(&name);
        }
        for name in std::mem::take(&mut self.site_filters) {
            self.tera.filters.remove(&name);
        }
    }

    /// True when the templates under `dirs` are, name for name, those loaded.
    pub(crate) fn is_current(&self, dirs: &TemplateDirs) -> bool {
        let mut problems = Diagnostics::default();
        let sources = sources::read_sources(dirs, &mut problems);
        problems.is_empty() && sources == self.sources
    }

    /// True when both have templates of the same names.
    pub(crate) fn same_names(&self, other: &Renderer) -> bool {
        self.sources.keys().eq(other.sources.keys())
    }

    /// The names of the templates whose source differs from `other`'s.
    pub(crate) fn changed_since(&self, other: &Renderer) -> BTreeSet<String> {
        self.sources
            .iter()
            .filter(|(name, source)| other.sources.get(*name) != Some(*source))
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// `changed` and every template that extends, includes or imports one of them, directly
    /// or through others.
    pub(crate) fn affected_by(&self, changed: &BTreeSet<String>) -> BTreeSet<String> {
        dependencies::dependents(&self.tera, changed)
    }

    /// False when neither `template` nor any template it uses mentions one of `words`, so
    /// what those words name can be left out of its context. A template that reads values by
    /// names it does not spell (`json_encode`, `p[name]`) was given every page field when the
    /// templates loaded, and may read anything.
    fn may_read(&self, template: &str, words: &[&str]) -> bool {
        self.fields_for(template) == PageFields::ALL
            || dependencies::reached_from(&self.tera, template)
                .iter()
                .filter_map(|name| self.source_of(name))
                .any(|source| words.iter().any(|word| source.contains(word)))
    }

    /// The source of a site or built-in template.
    fn source_of(&self, name: &str) -> Option<&str> {
        match name.strip_prefix(BUILTIN_PREFIX) {
            Some(builtin) => BUILTINS
                .iter()
                .find(|(n, _)| *n == builtin)
                .map(|(_, source)| *source),
            None => self.sources.get(name).map(|source| source.text.as_str()),
        }
    }

    /// Renders page `index`, whose Markdown made `body`, with its template.
    pub(crate) fn render_page(
        &self,
        index: PageId,
        body: &Rendered,
        library: &Library,
        config: &Config,
    ) -> Result<String, Diagnostic> {
        let page = &library.pages[index];
        let template = self.page_template(page, library);
        let mut context = self.base_context(config, &page.permalink, &page.path, &page.lang);
        context.insert("page", &PageView::new(index, body, library));
        // A section's `page_template` is blamed on the section, once for all its pages.
        let named_by =
            page_template_section(page, library).filter(|_| page.doc.meta.template.is_none());
        if let Some(section) = named_by {
            let section = &library.sections[section];
            self.check_exists(
                template,
                &section.doc.file,
                &section.doc.source,
                "page_template",
            )
            .map_err(|problem| problem.built_for(&page.doc.file))?;
        } else {
            self.check_exists(template, &page.doc.file, &page.doc.source, "template")?;
        }
        self.render(template, &context, &page.doc.file)
    }

    /// Renders section `index`, or one pager of it, with its template. A pager's `section`
    /// lists no pages unless its templates read `section.pages`: with it, each of a large
    /// section's pagers would copy the whole section.
    pub(crate) fn render_section(
        &self,
        index: SectionId,
        pager: Option<(&Pager, &Listing)>,
        library: &Library,
        config: &Config,
    ) -> Result<String, Diagnostic> {
        let section = &library.sections[index];
        let template = self.section_template(section);
        let path = pager.map_or(section.path.as_str(), |(p, _)| p.path.as_str());
        let mut context = self.base_context(config, &config.permalink(path), path, &section.lang);
        let with_pages = pager.is_none() || self.may_read(template, &["section.pages"]);
        let fields = self.fields_for(template);
        context.insert(
            "section",
            &SectionView::new(index, with_pages, fields, library),
        );
        if let Some((pager, set)) = pager {
            context.insert(
                "paginator",
                &PaginatorView::new(pager, set, fields, library, config),
            );
        }
        self.check_exists(template, &section.doc.file, &section.doc.source, "template")?;
        self.render(template, &context, &section.doc.file)
    }

    /// Renders a site-wide file (`404.html`, `robots.txt`, `_headers`) from the site's template
    /// or the built-in one, with `extra` added to the context.
    pub(crate) fn render_file(
        &self,
        name: &str,
        config: &Config,
        extra: &[(&str, &tera::Value)],
    ) -> Result<String, Diagnostic> {
        let template = self.file_template(name);
        let path = format!("/{name}");
        let lang = &config.default_language;
        let mut context = self.base_context(config, &config.permalink(&path), &path, lang);
        for (key, value) in extra {
            context.insert(*key, value);
        }
        self.render(&template, &context, self.template_file(&template))
    }

    /// How a template is named in diagnostics.
    fn template_file(&self, template: &str) -> Origin {
        match template.strip_prefix(BUILTIN_PREFIX) {
            Some(name) => Origin::BuiltinTemplate(name.into()),
            None => Origin::File(
                self.sources
                    .get(template)
                    .map_or_else(|| self.shown_dir.join(template), |s| s.shown.clone()),
            ),
        }
    }

    /// What every template of language `lang` sees: `config` as that language sees it,
    /// `lang`, and the URL and path being rendered.
    fn base_context(&self, config: &Config, url: &str, path: &str, lang: &str) -> Context {
        let mut context = Context::new();
        context.insert("config", &ConfigView::in_language(config, lang));
        context.insert("current_url", url);
        context.insert("current_path", path);
        context.insert("lang", lang);
        context
    }

    /// An error when `template`, named by `key` in the front matter of `file` (whose text is
    /// `source`), does not exist.
    fn check_exists(
        &self,
        template: &str,
        file: &Path,
        source: &str,
        key: &str,
    ) -> Result<(), Diagnostic> {
        if self.has_template(template) || template.starts_with(BUILTIN_PREFIX) {
            return Ok(());
        }
        Err(Diagnostic::error(
            file,
            format!(
                "template `{template}` does not exist in {}",
                self.shown_dir.display()
            ),
        )
        .at_opt(crate::front_value::line_of_key(source, key))
        .with_hint(format!(
            "create {}/{template}, or name an existing template",
            self.shown_dir.display()
        )))
    }

    /// Renders `template` for the output made from `origin`.
    fn render(
        &self,
        template: &str,
        context: &Context,
        origin: impl Into<Origin>,
    ) -> Result<String, Diagnostic> {
        depth::reset();
        let fields = self.fields_for(template);
        let rendered = page_fields::while_rendering(fields, || self.tera.render(template, context));
        rendered.map_err(|error| {
            if let Some((failing, name)) = depth::overflowed() {
                return self.macro_overflow(&failing, &name).built_for(origin);
            }
            let messages = errors::chain(&error);
            let failing =
                errors::failing_template(&messages).unwrap_or_else(|| template.to_string());
            let location = self
                .sources
                .get(&failing)
                .and_then(|source| errors::expression_location(&source.text, &messages));
            let cause = messages.last().cloned().unwrap_or_default();
            let hint = if cause.contains("no content at") {
                "name a file under content/, as in get_page(path=\"5xx/500.md\") or get_url(path=\"@/faq.md\")"
            } else {
                "check the variable's name, or guard it with {% if ... %} or | default(value=...)"
            };
            Diagnostic::error(self.template_file(&failing), cause)
                .built_for(origin)
                .at_opt(location)
            .with_hint(hint)
        })
    }
}

/// The names of `now` that are not in `before`.
fn added_names<'a>(
    now: impl Iterator<Item = &'a String>,
    before: &BTreeSet<String>,
) -> Vec<String> {
    now.filter(|name| !before.contains(*name))
        .cloned()
        .collect()
}

/// The nearest section above `page` that sets `page_template`.
pub(super) fn page_template_section(
    page: &crate::content::Page,
    library: &Library,
) -> Option<SectionId> {
    let mut section = Some(page.parent);
    while let Some(current) = section {
        if library.sections[current].doc.meta.page_template.is_some() {
            return Some(current);
        }
        section = library.sections[current].parent;
    }
    None
}

impl Renderer {
    /// The error for macro `name` of template `failing` recursing past the depth limit,
    /// placed at its `{% macro %}` tag.
    fn macro_overflow(&self, failing: &str, name: &str) -> Diagnostic {
        let location = self.sources.get(failing).and_then(|source| {
            let text = &source.text;
            errors::macro_location(text, name).map(|offset| Location::of_offset(text, offset))
        });
        Diagnostic::error(
            self.template_file(failing),
            format!(
                "macro `{name}` calls itself more than {} levels deep, without end",
                depth::MAX_MACRO_DEPTH
            ),
        )
        .at_opt(location)
        .with_hint("give the macro a case that stops: call itself only under an `{% if %}` that becomes false")
    }
}

/// Autoescaping for templates: the five characters that matter in HTML text and quoted
/// attributes, leaving `/` readable (Tera's default writes it as `&#x2F;`).
/// The text between those characters is copied a run at a time: they are ASCII, so every
/// byte offset they sit at is a character boundary.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[copied..at]);
        out.push_str(entity);
        copied = at + 1;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests;
