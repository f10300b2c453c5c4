//! Root-relative links (Quire's `root_relative_urls`): in every HTML file, links, sources and
//! `data-` attributes that start with the site's `base_url` lose that prefix, so a copy of the
//! site served from another address (a preview deploy, a local folder) still finds its pages,
//! styles, scripts and search index. What must name the site's real address stays absolute:
//! the canonical link and language alternates, Open Graph and other `<meta>` values, JSON-LD,
//! feeds and the sitemap (which are not HTML).

use lol_html::html_content::Element;
use lol_html::{RewriteStrSettings, element, rewrite_str};

use super::html_passes::HtmlPass;

/// The attributes that hold a URL to follow or load.
const URL_ATTRIBUTES: [&str; 5] = ["href", "src", "action", "poster", "formaction"];

/// Makes the links of each HTML file root-relative.
pub(crate) struct RootRelative {
    /// `base_url` without its trailing slash: `https://example.org` or `https://x.org/docs`.
    base: String,
    /// The path part of `base_url` (`/docs`), kept in front of every rewritten link.
    path_prefix: String,
}

impl RootRelative {
    /// Links under `base_url` become root-relative.
    pub(crate) fn new(base_url: &str) -> Self {
        let base = base_url.trim_end_matches('/').to_string();
        let path_prefix = base
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|at| rest[at..].to_string()))
            .unwrap_or_default();
        RootRelative { base, path_prefix }
    }

    /// `url` without the site's origin, when it points into the site.
    fn relative(&self, url: &str) -> Option<String> {
        let rest = url.strip_prefix(&self.base)?;
        if rest.is_empty() {
            return Some(format!("{}/", self.path_prefix));
        }
        rest.starts_with(['/', '?', '#'])
            .then(|| format!("{}{rest}", self.path_prefix))
    }

    fn rewrite_element(&self, el: &mut Element) {
        let tag = el.tag_name();
        if tag == "link" || tag == "meta" {
            let rel = el.get_attribute("rel").unwrap_or_default();
            let keeps_address = rel.split_whitespace().any(|r| r == "canonical")
                || el.has_attribute("hreflang")
                || tag == "meta";
            if keeps_address {
                return;
            }
        }
        let names: Vec<String> = el
            .attributes()
            .iter()
            .map(|a| a.name())
            .filter(|name| URL_ATTRIBUTES.contains(&name.as_str()) || name.starts_with("data-"))
            .collect();
        for name in names {
            let Some(value) = el.get_attribute(&name) else {
                continue;
            };
            if let Some(relative) = self.relative(&value) {
                // The value came from the same attribute and only lost a prefix: setting it
                // cannot fail.
                let _ = el.set_attribute(&name, &relative);
            }
        }
    }

    /// `html` with its links root-relative; unchanged if it cannot be parsed.
    pub(crate) fn rewrite(&self, html: &str) -> String {
        if !html.contains(&self.base) {
            return html.to_string();
        }
        let settings =
            RewriteStrSettings::new().append_element_content_handler(element!("*", |el| {
                self.rewrite_element(el);
                Ok(())
            }));
        rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
    }
}

impl HtmlPass for RootRelative {
    fn apply(&self, html: &[u8]) -> Option<Vec<u8>> {
        let html = std::str::from_utf8(html).ok()?;
        Some(self.rewrite(html).into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(base_url: &str, html: &str) -> String {
        RootRelative::new(base_url).rewrite(html)
    }

    #[test]
    fn links_sources_forms_and_data_attributes_lose_the_origin() {
        assert_eq!(
            rewritten(
                "https://example.org",
                r#"<a href="https://example.org/502/#fix">a</a><img src="https://example.org/i.svg"><form action="https://example.org/search/" data-base="https://example.org" data-codes="https://example.org/codes.json"></form><a href="https://example.org.evil/x">b</a><a href="https://other.org/">c</a>"#
            ),
            r#"<a href="/502/#fix">a</a><img src="/i.svg"><form action="/search/" data-base="/" data-codes="/codes.json"></form><a href="https://example.org.evil/x">b</a><a href="https://other.org/">c</a>"#
        );
    }

    #[test]
    fn the_canonical_link_meta_values_and_scripts_keep_the_address() {
        let html = r#"<link rel="canonical" href="https://example.org/502/"><link rel="alternate" hreflang="fr" href="https://example.org/fr/"><meta property="og:url" content="https://example.org/502/"><script type="application/ld+json">{"url":"https://example.org/502/"}</script><link rel="stylesheet" href="https://example.org/style.css">"#;
        assert_eq!(
            rewritten("https://example.org/", html),
            html.replace(
                r#"href="https://example.org/style.css""#,
                r#"href="/style.css""#
            )
        );
    }

    #[test]
    fn a_base_url_with_a_path_keeps_its_path() {
        assert_eq!(
            rewritten(
                "https://example.org/docs/",
                r#"<a href="https://example.org/docs/502/">a</a><a href="https://example.org/docs">b</a>"#
            ),
            r#"<a href="/docs/502/">a</a><a href="/docs/">b</a>"#
        );
    }
}
