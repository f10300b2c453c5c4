//! Templates: every file in `templates/` loaded once into Tera (autoescaping `.html` and
//! `.xml`), site functions registered, and pages and sections rendered into HTML. Errors name
//! the template, the line where it can be found, and the page being rendered.

mod errors;
mod functions;
pub mod views;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Context, Tera};
use walkdir::WalkDir;

use crate::config::Config;
use crate::content::walk::to_slash_path;
use crate::content::{Library, Page, Section};
use crate::error::Diagnostic;
use views::{ConfigView, PageView, SectionView};

/// Tera with the site's templates, ready to render.
pub struct Renderer {
    tera: Tera,
    /// Template sources by name, to place runtime errors.
    sources: BTreeMap<String, String>,
    /// How the templates folder is named in diagnostics.
    shown_dir: PathBuf,
}

impl Renderer {
    /// Loads every template under `dir`; all syntax errors are reported together.
    pub fn load(dir: &Path, shown_dir: &Path) -> Result<Renderer, Vec<Diagnostic>> {
        if !dir.is_dir() {
            return Err(vec![
                Diagnostic::error(shown_dir, "the templates folder is missing").with_hint(
                    "create templates/ with at least index.html, section.html and page.html",
                ),
            ]);
        }
        let mut sources = BTreeMap::new();
        let mut problems = Vec::new();
        for entry in WalkDir::new(dir).sort_by_file_name().follow_links(true) {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let path = error.path().unwrap_or(dir).to_path_buf();
                    problems.push(Diagnostic::error(path, format!("could not read: {error}")));
                    continue;
                }
            };
            let name = entry.file_name().to_string_lossy();
            if !entry.file_type().is_file() || crate::content::walk::is_ignored(&name) {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(dir) else {
                continue;
            };
            let name = to_slash_path(relative);
            let shown = shown_dir.join(relative);
            match crate::content::document::read_text(entry.path(), &shown) {
                Ok(source) => {
                    if let Err(error) = tera::Template::new(&name, None, &source) {
                        problems.push(errors::parse_error(&shown, &error));
                    }
                    sources.insert(name, source);
                }
                Err(problem) => problems.push(problem),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        tera.set_escape_fn(escape_html);
        if let Err(error) =
            tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        {
            let messages = errors::chain(&error);
            return Err(vec![
                Diagnostic::error(shown_dir, messages.join(": "))
                    .with_hint("check the names in {% extends %}, {% include %} and {% import %}"),
            ]);
        }
        Ok(Renderer {
            tera,
            sources,
            shown_dir: shown_dir.to_path_buf(),
        })
    }

    /// Registers `get_url`, `get_page` and `get_section` over the finished site.
    pub fn register_site(&mut self, library: Arc<Library>, config: Arc<Config>) {
        functions::register(&mut self.tera, library, config);
    }

    /// True when a template by this name exists.
    pub fn has_template(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// The template a page uses: its own `template`, its section's `page_template`, or
    /// `page.html`.
    pub fn page_template<'a>(&self, page: &'a Page, library: &'a Library) -> &'a str {
        page.doc
            .meta
            .template
            .as_deref()
            .or(library.sections[page.parent]
                .doc
                .meta
                .page_template
                .as_deref())
            .unwrap_or("page.html")
    }

    /// The template a section uses: its own `template`, `index.html` for the home, or
    /// `section.html`.
    pub fn section_template<'a>(&self, section: &'a Section) -> &'a str {
        match section.doc.meta.template.as_deref() {
            Some(name) => name,
            None if section.dir.is_empty() => "index.html",
            None => "section.html",
        }
    }

    /// Renders a page with its template.
    pub fn render_page(
        &self,
        page: &Page,
        library: &Library,
        config: &Config,
    ) -> Result<String, Diagnostic> {
        let template = self.page_template(page, library);
        let mut context = self.base_context(config, &page.permalink, &page.path);
        context.insert("page", &PageView::new(page, library, config));
        self.render(template, &context, &page.doc.file, &page.doc.source)
    }

    /// Renders a section with its template.
    pub fn render_section(
        &self,
        section: &Section,
        library: &Library,
        config: &Config,
    ) -> Result<String, Diagnostic> {
        let template = self.section_template(section);
        let mut context = self.base_context(config, &section.permalink, &section.path);
        context.insert("section", &SectionView::new(section, library, config));
        self.render(template, &context, &section.doc.file, &section.doc.source)
    }

    /// Renders a named template (a 404 page, a feed) with extra context for `current_path`.
    pub fn render_template(
        &self,
        template: &str,
        config: &Config,
        current_path: &str,
        extra: &[(&str, &tera::Value)],
    ) -> Result<String, Diagnostic> {
        let mut context = self.base_context(config, &config.permalink(current_path), current_path);
        for (key, value) in extra {
            context.insert(*key, value);
        }
        let origin = self.shown_dir.join(template);
        self.render(template, &context, &origin, "")
    }

    fn base_context(&self, config: &Config, url: &str, path: &str) -> Context {
        let mut context = Context::new();
        context.insert("config", &ConfigView::new(config));
        context.insert("current_url", url);
        context.insert("current_path", path);
        context.insert("lang", &config.default_language);
        context
    }

    fn render(
        &self,
        template: &str,
        context: &Context,
        origin: &Path,
        origin_source: &str,
    ) -> Result<String, Diagnostic> {
        if !self.has_template(template) {
            return Err(Diagnostic::error(
                origin,
                format!(
                    "template `{template}` does not exist in {}",
                    self.shown_dir.display()
                ),
            )
            .at_opt(crate::front_value::line_of_key(origin_source, "template"))
            .with_hint(format!(
                "create {}/{template}, or name an existing template",
                self.shown_dir.display()
            )));
        }
        self.tera.render(template, context).map_err(|error| {
            let messages = errors::chain(&error);
            let failing =
                errors::failing_template(&messages).unwrap_or_else(|| template.to_string());
            let location = self
                .sources
                .get(&failing)
                .and_then(|source| errors::expression_location(source, &messages));
            let cause = messages.last().cloned().unwrap_or_default();
            Diagnostic::error(
                self.shown_dir.join(&failing),
                format!("{cause}, for {}", origin.display()),
            )
            .at_opt(location)
            .with_hint(
                "check the variable's name, or guard it with {% if ... %} or | default(value=...)",
            )
        })
    }
}

/// Autoescaping for templates: the five characters that matter in HTML text and quoted
/// attributes, leaving `/` readable (Tera's default writes it as `&#x2F;`).
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
