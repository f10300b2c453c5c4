//! Shortcodes rendered with the site's templates: `templates/shortcodes/NAME.md` (output is
//! Markdown) or `NAME.html` (output is HTML), given the call's arguments, `body`, `nth`,
//! `page` or `section`, `config` and `lang` as Zola gives them. The parsing is
//! `markdown::shortcodes`; this is the part that needs Tera. Heading anchor links rendered
//! from `anchor-link.html` are here too: both are templates run while Markdown is rendered.

use tera::Context;

use super::Renderer;
use super::page_fields::PageFields;
use super::views::{PageView, SectionView};
use crate::config::Config;
use crate::content::{Entry, Library};
use crate::error::Diagnostic;
use crate::markdown::shortcodes::{self, Call, Expanded, Output};
use crate::markdown::{ANCHOR_ID, Rendered};

/// The template of anchor links, as Zola names it.
pub(crate) const ANCHOR_LINK_TEMPLATE: &str = "anchor-link.html";

/// The folder of shortcode templates.
pub(crate) const SHORTCODES_DIR: &str = "shortcodes/";

impl Renderer {
    /// The template of shortcode `name` and whether its output is Markdown: `NAME.md` is
    /// preferred when both exist.
    pub(crate) fn shortcode_template(&self, name: &str) -> Option<(String, bool)> {
        let markdown = format!("{SHORTCODES_DIR}{name}.md");
        if self.has_template(&markdown) {
            return Some((markdown, true));
        }
        let html = format!("{SHORTCODES_DIR}{name}.html");
        self.has_template(&html).then_some((html, false))
    }

    /// Expands the shortcodes of the page or section `entry`, whose Markdown is `body`.
    /// Errors name the content file and line and the shortcode template.
    pub(crate) fn expand_shortcodes(
        &self,
        body: &str,
        entry: Entry,
        library: &Library,
        config: &Config,
    ) -> Result<Expanded, Diagnostic> {
        if !shortcodes::may_contain(body) {
            return Ok(Expanded::unchanged(body));
        }
        let file = match entry {
            Entry::Page(i) => &library.pages[i].doc.file,
            Entry::Section(i) => &library.sections[i].doc.file,
        };
        let locate = |offset: usize| match entry {
            Entry::Page(i) => library.pages[i].doc.body_location(offset),
            Entry::Section(i) => library.sections[i].doc.body_location(offset),
        };
        let pieces = shortcodes::parse(body).map_err(|error| {
            Diagnostic::error(file, format!("invalid shortcode: {}", error.message))
                .at(locate(error.offset))
                .with_hint(error.hint)
        })?;
        let mut context = Context::new();
        let empty = Rendered::default();
        let (permalink, path, lang) = match entry {
            Entry::Page(i) => {
                let page = &library.pages[i];
                context.insert("page", &PageView::new(i, &empty, library));
                (page.permalink.as_str(), page.path.as_str(), &page.lang)
            }
            Entry::Section(i) => {
                let section = &library.sections[i];
                context.insert(
                    "section",
                    &SectionView::new(i, false, PageFields::ALL, library),
                );
                (
                    section.permalink.as_str(),
                    section.path.as_str(),
                    &section.lang,
                )
            }
        };
        context.extend(self.base_context(config, permalink, path, lang));
        shortcodes::expand(&pieces, &mut |call: &Call, call_body: Option<&str>| {
            let Some((template, is_markdown)) = self.shortcode_template(&call.name) else {
                return Err(Diagnostic::error(
                    file,
                    format!("no shortcode named `{}`", call.name),
                )
                .at(locate(call.span.start))
                .with_hint(format!(
                    "add templates/{SHORTCODES_DIR}{0}.html or templates/{SHORTCODES_DIR}{0}.md, or escape the call as {{{{/* {0}() */}}}} to print it",
                    call.name
                )));
            };
            super::reads::note_template(&template);
            let mut call_context = Context::new();
            for (name, value) in &call.args {
                call_context.insert(name.as_str(), value);
            }
            if let Some(call_body) = call_body {
                call_context.insert("body", call_body.trim_end());
            }
            call_context.insert("nth", &call.nth);
            call_context.extend(context.clone());
            let output = self
                .render(&template, &call_context, file)
                .map_err(|problem| {
                    let place = problem.place();
                    Diagnostic::error(
                        file,
                        format!(
                            "shortcode `{}` failed in {place}: {}",
                            call.name, problem.message
                        ),
                    )
                    .at(locate(call.span.start))
                    .with_hint(problem.hint.clone().unwrap_or_default())
                })?
                .replace("\r\n", "\n");
            Ok(if is_markdown {
                Output::Markdown(output)
            } else {
                Output::Html(output)
            })
        })
    }

    /// The site's anchor link for each heading level (1 to 6), with [`ANCHOR_ID`] where the
    /// id goes; `None` when the site has no `anchor-link.html` (Markdown uses Zola's).
    pub(crate) fn anchor_links(&self, config: &Config) -> Result<Option<Vec<String>>, Diagnostic> {
        if !self.has_template(ANCHOR_LINK_TEMPLATE) {
            return Ok(None);
        }
        (1..=6)
            .map(|level: usize| {
                let mut context = Context::new();
                context.insert("id", ANCHOR_ID);
                context.insert("level", &level);
                context.insert("lang", &config.default_language);
                context.insert("config", &super::views::ConfigView::new(config));
                self.render(
                    ANCHOR_LINK_TEMPLATE,
                    &context,
                    self.template_file(ANCHOR_LINK_TEMPLATE),
                )
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}
