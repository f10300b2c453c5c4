//! `trans(key=..., lang=...)`, as in Zola: a string from `[translations]` (the default
//! language) or `[languages.CODE.translations]`.

use std::collections::HashMap;
use std::sync::Arc;

use tera::{Tera, Value};

use super::functions::string_arg;
use crate::config::Config;

/// Registers `trans`.
pub(super) fn register(tera: &mut Tera, config: Arc<Config>) {
    tera.register_function("trans", move |args: &HashMap<String, Value>| {
        let key = string_arg(args, "trans", "key")?;
        let lang = match args.get("lang") {
            None => config.default_language.as_str(),
            Some(lang) => lang
                .as_str()
                .ok_or_else(|| tera::Error::msg("`trans`: `lang` must be a string"))?,
        };
        translation(&config, lang, key).map(|text| Value::String(text.to_string()))
    });
}

fn translation<'a>(config: &'a Config, lang: &str, key: &str) -> tera::Result<&'a str> {
    let table = if lang == config.default_language {
        Some(&config.translations.0)
    } else {
        let language = config.languages.get(lang).ok_or_else(|| {
            tera::Error::msg(format!(
                "`trans`: `{lang}` is not a language of the site; declare it under [languages] in config.toml"
            ))
        })?;
        language.0.get("translations").and_then(Value::as_object)
    };
    table
        .and_then(|table| table.get(key))
        .and_then(Value::as_str)
        .ok_or_else(|| {
            let place = if lang == config.default_language {
                "[translations]".to_string()
            } else {
                format!("[languages.{lang}.translations]")
            };
            tera::Error::msg(format!(
                "`trans`: no translation `{key}` for language `{lang}`; add `{key} = \"...\"` under {place} in config.toml"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translations_come_from_the_language_asked_for() {
        let (config, warnings) = Config::parse_for_tests(
            "base_url = \"https://example.org\"\ndefault_language = \"fr\"\n[translations]\ntitle = \"Un titre\"\n[languages.en.translations]\ntitle = \"A title\"\n",
        );
        let config = config.unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(translation(&config, "fr", "title").unwrap(), "Un titre");
        assert_eq!(translation(&config, "en", "title").unwrap(), "A title");
        assert!(translation(&config, "en", "other").is_err());
        assert!(translation(&config, "de", "title").is_err());
    }
}
