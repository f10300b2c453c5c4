//! The `markdown` filter, as in Zola: a template value rendered as Markdown with the site's
//! settings (highlighting, smart punctuation, `@/` links) but no anchor links or shortcodes;
//! `inline = true` drops the paragraph around a one-paragraph result.

use std::collections::HashMap;
use std::sync::Arc;

use tera::{Tera, Value};

use crate::config::{Config, InsertAnchor};
use crate::content::Library;
use crate::content::library::render_options;
use crate::markdown::{self, Highlighter, LinkContext};

/// Registers `markdown` over the loaded site.
pub(super) fn register(
    tera: &mut Tera,
    library: Arc<Library>,
    config: Arc<Config>,
    highlighter: Arc<Highlighter>,
) {
    tera.register_filter(
        "markdown",
        move |value: &Value, args: &HashMap<String, Value>| {
            let text = value
                .as_str()
                .ok_or_else(|| tera::Error::msg("`markdown` takes a string"))?;
            let inline = match args.get("inline") {
                None => false,
                Some(inline) => inline.as_bool().ok_or_else(|| {
                    tera::Error::msg("`markdown`: `inline` must be true or false")
                })?,
            };
            let resolve = |path: &str| library.permalink_of(path).map(str::to_string);
            let links = LinkContext {
                permalink: &config.base_url,
                resolve: &resolve,
            };
            let options = render_options(&config, InsertAnchor::None, None);
            let html = markdown::render(text, options, &highlighter, &links).html;
            Ok(Value::String(if inline {
                html.trim_start_matches("<p>")
                    .trim_end_matches("</p>\n")
                    .to_string()
            } else {
                html
            }))
        },
    );
}
