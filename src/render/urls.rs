//! `get_url` as Zola 0.22 has it: content paths (`@/blog/post.md`), site paths with
//! `trailing_slash`, `lang` and `cachebust` (Zola's `?h=` query, or Quire's hashed copies when
//! the site asks for them with `hashed_assets`).

use std::collections::HashMap;

use tera::Value;

use super::functions::string_arg;
use super::site_files;
use super::site_files::Places;
use crate::assets::{AssetHashes, zola_query};
use crate::config::Config;
use crate::content::Library;

/// `get_url(path=..., trailing_slash=false, lang=..., cachebust=false)`.
pub(super) fn get_url(
    args: &HashMap<String, Value>,
    library: &Library,
    config: &Config,
    assets: &AssetHashes,
    places: &Places,
) -> tera::Result<Value> {
    let path = string_arg(args, "get_url", "path")?;
    let cachebust = bool_arg(args, "cachebust")?;
    let trailing_slash = bool_arg(args, "trailing_slash")?;
    let lang = match args.get("lang") {
        None => config.default_language.as_str(),
        Some(lang) => lang
            .as_str()
            .ok_or_else(|| tera::Error::msg("`get_url`: `lang` must be a string"))?,
    };
    if lang != config.default_language && !config.languages.contains_key(lang) {
        return Err(tera::Error::msg(format!(
            "`get_url`: `{lang}` is not a language of the site; declare it under [languages] in config.toml"
        )));
    }
    if path.starts_with("@/") {
        let path = with_language(path, lang, config);
        let (file, anchor) = path
            .split_once('#')
            .map_or((path.as_str(), None), |(f, a)| (f, Some(a)));
        return library
            .permalink_of(file)
            .map(|url| match anchor {
                Some(anchor) => Value::String(format!("{url}#{anchor}")),
                None => Value::String(url.to_string()),
            })
            .ok_or_else(|| {
                tera::Error::msg(format!(
                    "`get_url`: no content at `{path}`; give a path under content/ such as \"@/blog/_index.md\""
                ))
            });
    }
    if path.contains("://") {
        return Ok(Value::String(path.to_string()));
    }
    if cachebust && !assets.zola_style() {
        return assets
            .busted(path)
            .map(|busted| Value::String(config.permalink(&busted)))
            .ok_or_else(|| not_an_asset(path));
    }
    let path = if lang != config.default_language && !path.trim_start_matches('/').starts_with(lang)
    {
        format!("{lang}/{}", path.trim_start_matches('/'))
    } else {
        path.to_string()
    };
    let mut permalink = make_permalink(config, &path);
    if !trailing_slash && permalink.ends_with('/') {
        permalink.pop();
    }
    if cachebust {
        let hash = match assets.query_hash(&path) {
            Some(hash) => hash,
            None => site_files::find(places, &path, "get_url")?
                .and_then(|file| std::fs::read(file).ok())
                .map(|bytes| zola_query(&bytes))
                .ok_or_else(|| not_an_asset(&path))?,
        };
        permalink = format!("{permalink}?h={hash}");
    }
    Ok(Value::String(permalink))
}

/// The URL of a site path as Zola's `Config::make_permalink` makes it: a trailing slash is
/// added unless the path ends with one, names a feed or holds an anchor.
fn make_permalink(config: &Config, path: &str) -> String {
    let bare = path.ends_with('/')
        || path.is_empty()
        || path.contains('#')
        || config
            .feed_filenames
            .iter()
            .any(|feed| path.ends_with(feed.as_str()));
    let trailing = if bare { "" } else { "/" };
    format!(
        "{}/{}{trailing}",
        config.base_url,
        path.trim_start_matches('/')
    )
}

/// `@/blog/post.md` in language `lang`: `@/blog/post.fr.md`, as Zola names translations.
pub(super) fn with_language(path: &str, lang: &str, config: &Config) -> String {
    if lang == config.default_language {
        return path.to_string();
    }
    match path.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}.{lang}.{extension}"),
        None => path.to_string(),
    }
}

fn bool_arg(args: &HashMap<String, Value>, name: &str) -> tera::Result<bool> {
    match args.get(name) {
        None => Ok(false),
        Some(value) => value
            .as_bool()
            .ok_or_else(|| tera::Error::msg(format!("`get_url`: `{name}` must be true or false"))),
    }
}

fn not_an_asset(path: &str) -> tera::Error {
    tera::Error::msg(format!(
        "`get_url`: cannot cachebust `{path}`: no such file in static/, content/ or among generated stylesheets"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let (config, _) =
            Config::parse_for_tests("base_url = \"https://example.org/\"\n[languages.fr]\n");
        config.unwrap()
    }

    #[test]
    fn permalinks_follow_zolas_trailing_slash_rules() {
        let config = config();
        assert_eq!(make_permalink(&config, "/"), "https://example.org/");
        assert_eq!(make_permalink(&config, "blog"), "https://example.org/blog/");
        assert_eq!(
            make_permalink(&config, "/atom.xml"),
            "https://example.org/atom.xml"
        );
        assert_eq!(make_permalink(&config, "a#b"), "https://example.org/a#b");
        assert_eq!(
            with_language("@/blog/a.md", "fr", &config),
            "@/blog/a.fr.md"
        );
        assert_eq!(with_language("@/blog/a.md", "en", &config), "@/blog/a.md");
    }
}
