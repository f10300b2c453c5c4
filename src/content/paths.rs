//! URL paths of pages, sections and aliases: how they are made from file names and front
//! matter, checked so that none can point outside the output folder, and mapped to files.

/// A URL-safe slug for any Unicode text (`"Café au lait!"` → `cafe-au-lait`).
pub(crate) fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// How names become URL parts or anchors: Zola's `[slugify]` strategies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SlugStrategy {
    /// ASCII, lower case, words joined by `-` (`Café au lait` → `cafe-au-lait`).
    #[default]
    On,
    /// As written, without the characters a file name cannot hold.
    Safe,
    /// As written.
    Off,
}

/// A file or taxonomy name as a URL part, by `strategy`: `safe` drops `<>:"/\|?*` and
/// trailing spaces and dots, which Windows refuses in file names.
pub(crate) fn slugify_path(text: &str, strategy: SlugStrategy) -> String {
    match strategy {
        SlugStrategy::On => slugify(text),
        SlugStrategy::Safe => {
            let trimmed = text.trim_end_matches([' ', '.']);
            trimmed
                .chars()
                .filter(|c| !r#"<>:"/\|?*"#.contains(*c))
                .collect()
        }
        SlugStrategy::Off => text.to_string(),
    }
}

/// A heading's text as its anchor, by `strategy`: `safe` and `off` keep it as written with
/// each white-space character made `_`, as in Zola.
pub(crate) fn slugify_anchor(text: &str, strategy: SlugStrategy) -> String {
    match strategy {
        SlugStrategy::On => slugify(text),
        SlugStrategy::Safe | SlugStrategy::Off => text
            .chars()
            .map(|c| if c.is_ascii_whitespace() { '_' } else { c })
            .collect(),
    }
}

/// The URL segments of a folder under `content/`: its names as written, as Zola keeps them
/// (`applying_page_template/` stays so); only file names are slugified. The one rule for
/// the paths of sections and of the pages and files in them.
pub(crate) fn folder_segments(dir: &str) -> Vec<String> {
    dir.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A file or bundle name that starts with a date (`2016-10-08_a-post`, `2016-10-08-a-post`):
/// the date and the rest, which names the page, as in Zola.
pub(crate) fn split_date_prefix(name: &str) -> Option<(&str, &str)> {
    let bytes = name.as_bytes();
    let shaped = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && matches!(bytes[10], b'_' | b'-');
    shaped.then(|| (&name[..10], &name[11..]))
}

/// Turns an author-written path (`500`, `/docs/intro`, `/old/page.html`) into a site path
/// that starts with `/` and ends with `/` unless it names a file; refuses anything that could
/// leave the output folder or cannot be a file name everywhere. The error is the reason,
/// which the caller places at the key that holds the path.
pub(crate) fn normalize_path(raw: &str) -> Result<String, String> {
    if raw.contains('\\') {
        return Err("it contains a backslash; use / between folders".to_string());
    }
    if raw.chars().any(char::is_control) {
        return Err("it contains a control character".to_string());
    }
    if raw.contains("://") || raw.starts_with("//") {
        return Err("it is a URL, not a path on this site".to_string());
    }
    // A path is written as it will be served: `?` and `#` would start a query or fragment,
    // `%` an escape (`%2e%2e` is `..` to a server), and `<>"|*` cannot be in a file name on
    // Windows.
    if let Some(c) = raw.chars().find(|c| "?#%<>\"|*".contains(*c)) {
        return Err(format!(
            "it contains `{c}`, which cannot appear in a URL path as written (write the characters themselves, not %-escapes)"
        ));
    }
    let segments: Vec<&str> = raw.split('/').filter(|s| !s.is_empty()).collect();
    for segment in &segments {
        if *segment == "." || *segment == ".." {
            return Err(format!("`{segment}` would leave the output folder"));
        }
        if segment.contains(':') {
            return Err(format!(
                "`{segment}` contains `:`, which is not allowed in file names"
            ));
        }
        if crate::names::is_windows_reserved(segment) {
            return Err(format!("`{segment}` is a reserved file name on Windows"));
        }
    }
    if segments.is_empty() {
        return Ok("/".to_string());
    }
    let joined = segments.join("/");
    if names_a_file(&joined) {
        Ok(format!("/{joined}"))
    } else {
        Ok(format!("/{joined}/"))
    }
}

/// True for paths whose last segment has an HTML or XML extension, which are files, not
/// folders with an `index.html`.
fn names_a_file(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or(path);
    [".html", ".htm", ".xml"]
        .iter()
        .any(|ext| last.ends_with(ext))
}

/// The output file, relative to the output folder, that serves a site path:
/// `/500/` → `500/index.html`, `/` → `index.html`, `/old.html` → `old.html`.
pub(crate) fn output_file(site_path: &str) -> String {
    let trimmed = site_path.trim_matches('/');
    if trimmed.is_empty() {
        "index.html".to_string()
    } else if names_a_file(trimmed) {
        trimmed.to_string()
    } else {
        format!("{trimmed}/index.html")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_url_safe_for_any_unicode() {
        assert_eq!(slugify("Café au lait!"), "cafe-au-lait");
        assert_eq!(slugify("500"), "500");
        assert_eq!(slugify("日本語"), "ri-ben-yu");
        assert_eq!(slugify("  Rate   limiting "), "rate-limiting");
    }

    #[test]
    fn slug_strategies_follow_zola() {
        use SlugStrategy::{Off, On, Safe};
        // Zola's own table: input, then on, safe and off.
        for (input, on, safe, off) in [
            ("tes t", "tes-t", "tes t", "tes t"),
            ("dot. ", "dot", "dot", "dot. "),
            ("日本", "ri-ben", "日本", "日本"),
            ("test (hey)", "test-hey", "test (hey)", "test (hey)"),
            ("a<b>:c", "a-b-c", "abc", "a<b>:c"),
        ] {
            assert_eq!(slugify_path(input, On), on);
            assert_eq!(slugify_path(input, Safe), safe);
            assert_eq!(slugify_path(input, Off), off);
        }
        assert_eq!(slugify_anchor("tes t", On), "tes-t");
        assert_eq!(slugify_anchor("tes t", Safe), "tes_t");
        assert_eq!(slugify_anchor("dot. ", Off), "dot._");
    }

    #[test]
    fn a_leading_date_is_split_from_the_name() {
        assert_eq!(
            split_date_prefix("2016-10-08_a-post"),
            Some(("2016-10-08", "a-post"))
        );
        assert_eq!(split_date_prefix("2016-10-08-a"), Some(("2016-10-08", "a")));
        assert_eq!(split_date_prefix("2016-10-08"), None);
        assert_eq!(split_date_prefix("2016-1-08_a"), None);
        assert_eq!(split_date_prefix("500"), None);
    }

    #[test]
    fn author_paths_are_normalized() {
        assert_eq!(normalize_path("500").unwrap(), "/500/");
        assert_eq!(normalize_path("/docs//intro/").unwrap(), "/docs/intro/");
        assert_eq!(normalize_path("/old/page.html").unwrap(), "/old/page.html");
        assert_eq!(normalize_path("/").unwrap(), "/");
    }

    #[test]
    fn paths_that_escape_or_cannot_be_files_are_refused() {
        for bad in [
            "../etc",
            "/a/../../b",
            "a\\b",
            "a\0b",
            "c:/x",
            "/con/",
            "nul.html",
            "https://x.org/a",
            "/a?b",
            "/a#b",
            "/%2e%2e/x",
            "/a%2Fb",
            "a|b",
        ] {
            assert!(normalize_path(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn site_paths_map_to_index_files() {
        assert_eq!(output_file("/500/"), "500/index.html");
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/old.html"), "old.html");
    }
}
