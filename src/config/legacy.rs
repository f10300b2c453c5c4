//! Settings keys of older Zola versions, accepted under their current names with a warning
//! that names the current key, so a site written for Zola 0.15 to 0.21 builds unchanged.

use std::path::Path;

use serde::Deserialize;

use super::Config;
use crate::error::{Diagnostic, Diagnostics};
use crate::front_value;

/// An older key and the key that replaced it.
struct Renamed {
    old: &'static str,
    current: &'static str,
}

/// Every older key Quire understands, by its dotted path as `serde_ignored` reports it.
const RENAMED: [Renamed; 8] = [
    Renamed {
        old: "generate_feed",
        current: "generate_feeds",
    },
    Renamed {
        old: "generate_rss",
        current: "generate_feeds",
    },
    Renamed {
        old: "feed_filename",
        current: "feed_filenames",
    },
    Renamed {
        old: "rss_limit",
        current: "feed_limit",
    },
    Renamed {
        old: "highlight_code",
        current: "markdown.highlight_code",
    },
    Renamed {
        old: "highlight_theme",
        current: "markdown.highlight_theme",
    },
    Renamed {
        old: "highlight_themes_css",
        current: "markdown.highlight_themes_css",
    },
    Renamed {
        old: "smart_punctuation",
        current: "markdown.smart_punctuation",
    },
];

/// The values of older keys in a settings file; absent keys are `None`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct OldKeys {
    generate_feed: Option<bool>,
    generate_rss: Option<bool>,
    feed_filename: Option<String>,
    rss_limit: Option<usize>,
    highlight_code: Option<bool>,
    highlight_theme: Option<String>,
    highlight_themes_css: Option<Vec<super::HighlightThemeCss>>,
    smart_punctuation: Option<bool>,
}

/// True when `key` (a dotted path) is an older key Quire carries over.
pub(super) fn is_renamed(key: &str) -> bool {
    RENAMED.iter().any(|r| r.old == key)
}

/// Carries the older keys in `text` over to `config` where the current key is not set, with
/// one warning per older key naming the key that replaced it.
pub(super) fn carry_over(
    config: &mut Config,
    text: &str,
    unknown: &[String],
    path: &Path,
    diagnostics: &mut Diagnostics,
) {
    // The settings already parsed, so these keys only fail on a wrong type: such a key is
    // left to its warning.
    let old: OldKeys = toml::from_str(text).unwrap_or_default();
    let table: toml::Table = toml::from_str(text).unwrap_or_default();
    let unset = |key: &str| !has_key(&table, key);
    if let Some(on) = old.generate_feed.or(old.generate_rss)
        && unset("generate_feeds")
    {
        config.generate_feeds = on;
    }
    if let Some(name) = old.feed_filename
        && unset("feed_filenames")
    {
        config.feed_filenames = vec![name];
    }
    if let Some(limit) = old.rss_limit
        && unset("feed_limit")
    {
        config.feed_limit = Some(limit);
    }
    let markdown = &mut config.markdown;
    if let Some(on) = old.highlight_code
        && unset("markdown.highlight_code")
    {
        markdown.highlight_code = on;
    }
    if let Some(theme) = old.highlight_theme
        && unset("markdown.highlight_theme")
    {
        markdown.highlight_theme = theme;
    }
    if let Some(themes) = old.highlight_themes_css
        && unset("markdown.highlight_themes_css")
    {
        markdown.highlight_themes_css = themes;
    }
    if let Some(on) = old.smart_punctuation
        && unset("markdown.smart_punctuation")
    {
        markdown.smart_punctuation = on;
    }
    let renamed = RENAMED
        .iter()
        .filter(|r| unknown.iter().any(|key| key == r.old));
    diagnostics.extend(renamed.map(|r| {
        Diagnostic::warning(
            path,
            format!(
                "`{}` is an older Zola name for `{}`, read as that",
                r.old, r.current
            ),
        )
        .at_opt(front_value::line_of_key(text, r.old))
        .with_hint(format!("rename it to `{}`", r.current))
    }));
}

/// True when the dotted `key` is written in `table`.
fn has_key(table: &toml::Table, key: &str) -> bool {
    let mut parts = key.split('.');
    let Some(first) = parts.next() else {
        return false;
    };
    let mut value = table.get(first);
    for part in parts {
        value = value.and_then(|v| v.as_table()).and_then(|t| t.get(part));
    }
    value.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn older_keys_are_read_under_their_current_names_with_a_warning() {
        let text = "base_url = \"https://example.org\"\ngenerate_feed = true\nfeed_filename = \"rss.xml\"\nhighlight_code = false\n";
        let (config, warnings) = Config::parse_for_tests(text);
        let config = config.unwrap();
        assert!(config.generate_feeds);
        assert_eq!(config.feed_filenames, vec!["rss.xml".to_string()]);
        assert!(!config.markdown.highlight_code);
        let shown: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(
            shown,
            vec![
                "warning: config.toml:2:1: `generate_feed` is an older Zola name for `generate_feeds`, read as that\n  hint: rename it to `generate_feeds`",
                "warning: config.toml:3:1: `feed_filename` is an older Zola name for `feed_filenames`, read as that\n  hint: rename it to `feed_filenames`",
                "warning: config.toml:4:1: `highlight_code` is an older Zola name for `markdown.highlight_code`, read as that\n  hint: rename it to `markdown.highlight_code`",
            ]
        );
    }

    #[test]
    fn a_current_key_wins_over_its_older_name() {
        let text =
            "base_url = \"https://example.org\"\ngenerate_feeds = false\ngenerate_feed = true\n";
        let (config, warnings) = Config::parse_for_tests(text);
        let config = config.unwrap();
        assert!(!config.generate_feeds);
        assert_eq!(warnings.len(), 1);
    }
}
