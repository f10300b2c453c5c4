//! `sitemap.xml`: every page, section and taxonomy page once, with `lastmod` where a date is
//! known; past 50,000 URLs, several sitemaps and an index of them.

use crate::error::Origin;
use crate::markdown::escape_attribute;
use crate::output::OutputFile;

/// The most URLs one sitemap may list (sitemaps.org).
pub(crate) const MAX_URLS: usize = 50_000;

/// One URL of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SitemapEntry {
    pub(crate) permalink: String,
    pub(crate) lastmod: Option<String>,
}

/// The sitemap files for `entries` (sorted and deduplicated here); `part_url` makes the
/// URLs of the parts when there are several.
pub(crate) fn sitemap_files(
    mut entries: Vec<SitemapEntry>,
    part_url: impl Fn(&str) -> String,
) -> Vec<OutputFile> {
    // By URL, and for a URL listed twice the one with a date first, so it is the one kept.
    entries.sort_by(|a, b| {
        a.permalink
            .cmp(&b.permalink)
            .then_with(|| b.lastmod.cmp(&a.lastmod))
    });
    entries.dedup_by(|later, kept| later.permalink == kept.permalink);
    if entries.len() <= MAX_URLS {
        return vec![OutputFile::text(
            "sitemap.xml",
            urlset(&entries),
            Origin::Sitemap,
        )];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (number, chunk) in entries.chunks(MAX_URLS).enumerate() {
        let name = format!("sitemap{}.xml", number + 1);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            escape_attribute(&part_url(&name))
        ));
        files.push(OutputFile::text(name, urlset(chunk), Origin::Sitemap));
    }
    index.push_str("</sitemapindex>\n");
    files.push(OutputFile::text("sitemap.xml", index, Origin::Sitemap));
    files
}

fn urlset(entries: &[SitemapEntry]) -> String {
    let mut xml = String::with_capacity(entries.len() * 96 + 128);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for entry in entries {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_attribute(&entry.permalink));
        xml.push_str("</loc>");
        if let Some(lastmod) = &entry.lastmod {
            xml.push_str("<lastmod>");
            xml.push_str(&escape_attribute(lastmod));
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Content;

    fn text(file: &OutputFile) -> &str {
        match &file.content {
            Content::Bytes(bytes) => std::str::from_utf8(bytes).unwrap(),
            Content::Copy(_) => panic!("not generated"),
        }
    }

    fn entry(url: &str, lastmod: Option<&str>) -> SitemapEntry {
        SitemapEntry {
            permalink: url.to_string(),
            lastmod: lastmod.map(str::to_string),
        }
    }

    #[test]
    fn urls_are_listed_once_sorted_and_escaped() {
        let files = sitemap_files(
            vec![
                entry("https://x.org/b/?a&b", None),
                entry("https://x.org/a/", Some("2026-01-02")),
                entry("https://x.org/a/", None),
            ],
            |n| format!("https://x.org/{n}"),
        );
        insta::assert_snapshot!(text(&files[0]));
    }

    #[test]
    fn more_than_fifty_thousand_urls_are_split_with_an_index() {
        let entries = (0..MAX_URLS + 1)
            .map(|i| entry(&format!("https://x.org/{i:06}/"), None))
            .collect();
        let files = sitemap_files(entries, |n| format!("https://x.org/{n}"));
        let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(names, ["sitemap1.xml", "sitemap2.xml", "sitemap.xml"]);
        assert!(text(&files[2]).contains("<loc>https://x.org/sitemap2.xml</loc>"));
        assert_eq!(text(&files[1]).matches("<url>").count(), 1);
    }
}
