//! Which language a content file is written in, as Zola names translations: `a.fr.md`,
//! `_index.fr.md` and `index.fr.md` are in `fr` when `[languages.fr]` exists; every other
//! file is in the default language.

use crate::config::Config;

/// A content file's language, and its path without the language (`blog/a.fr.md`:
/// `fr` and `blog/a.md`), which its translations share. On a site of one language every file
/// is in the default one, whatever its name. An `Err` names a suffix that is not a language
/// of a multilingual site.
pub(crate) fn split_language(relative: &str, config: &Config) -> Result<(String, String), String> {
    let default = || (config.default_language.clone(), relative.to_string());
    if !config.is_multilingual() {
        return Ok(default());
    }
    let Some(stem) = relative.strip_suffix(".md") else {
        return Ok(default());
    };
    let (dir, name) = stem.rsplit_once('/').unwrap_or(("", stem));
    let Some((name, code)) = name.rsplit_once('.') else {
        return Ok(default());
    };
    if !config.other_languages().any(|other| other == code) {
        return Err(code.to_string());
    }
    let canonical = match dir {
        "" => format!("{name}.md"),
        _ => format!("{dir}/{name}.md"),
    };
    Ok((code.to_string(), canonical))
}

#[cfg(test)]
mod tests {
    use super::split_language;
    use crate::config::Config;

    #[test]
    fn a_language_suffix_names_a_translation_only_on_a_multilingual_site() {
        let (one, _) = Config::parse_for_tests("base_url = \"https://example.org/\"\n");
        let one = one.unwrap();
        assert_eq!(
            split_language("blog/a.fr.md", &one),
            Ok(("en".into(), "blog/a.fr.md".into()))
        );
        let (many, _) =
            Config::parse_for_tests("base_url = \"https://example.org/\"\n[languages.fr]\n");
        let many = many.unwrap();
        assert_eq!(
            split_language("blog/a.fr.md", &many),
            Ok(("fr".into(), "blog/a.md".into()))
        );
        assert_eq!(
            split_language("_index.fr.md", &many),
            Ok(("fr".into(), "_index.md".into()))
        );
        assert_eq!(
            split_language("blog/a.md", &many),
            Ok(("en".into(), "blog/a.md".into()))
        );
        assert_eq!(split_language("blog/v1.2.md", &many), Err("2".into()));
    }
}
