//! Template functions that look things up beyond the page being rendered, as Zola has them:
//! `get_taxonomy_url`, `get_taxonomy`, `get_taxonomy_term` and `get_hash`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;
use sha2::{Digest, Sha256, Sha384, Sha512};
use tera::{Tera, Value};

use super::functions::string_arg;
use super::page_fields::{self, PageFields};
use super::views::{TaxonomyView, TermView};
use crate::config::Config;
use crate::content::Library;
use crate::content::paths::slugify;
use crate::content::taxonomies::{Taxonomy, Term};

/// A taxonomy with all its terms (`get_taxonomy`).
#[derive(Serialize)]
struct TaxonomyWithTerms<'a> {
    kind: TaxonomyView<'a>,
    permalink: &'a str,
    lang: &'a str,
    items: Vec<TermView<'a>>,
}

/// Registers the look-up functions; terms list their pages with `fields`; `root` is the site
/// folder, where `get_hash` finds files.
pub(crate) fn register(
    tera: &mut Tera,
    library: &Arc<Library>,
    config: &Arc<Config>,
    fields: PageFields,
    root: &Path,
) {
    let (lib, conf) = (Arc::clone(library), Arc::clone(config));
    tera.register_function("get_taxonomy_url", move |args: &HashMap<String, Value>| {
        let Some((_, term)) = find_term(&lib, &conf, args, "get_taxonomy_url", "name")? else {
            return Ok(Value::Null);
        };
        Ok(Value::String(term.permalink.clone()))
    });
    let (lib, conf) = (Arc::clone(library), Arc::clone(config));
    tera.register_function("get_taxonomy", move |args: &HashMap<String, Value>| {
        let Some(taxonomy) = find_taxonomy(&lib, &conf, args, "get_taxonomy")? else {
            return Ok(Value::Null);
        };
        let items = taxonomy
            .terms
            .iter()
            .map(|term| {
                let fields = page_fields::of_this_render(fields);
                TermView::new(term, &term.pages, fields, &lib)
            })
            .collect();
        Ok(tera::to_value(TaxonomyWithTerms {
            kind: TaxonomyView::new(taxonomy),
            permalink: &taxonomy.permalink,
            lang: &taxonomy.lang,
            items,
        })?)
    });
    let (lib, conf) = (Arc::clone(library), Arc::clone(config));
    tera.register_function("get_taxonomy_term", move |args: &HashMap<String, Value>| {
        let Some((_, term)) = find_term(&lib, &conf, args, "get_taxonomy_term", "term")? else {
            return Ok(Value::Null);
        };
        let with_pages = args.get("include_pages").and_then(Value::as_bool) != Some(false);
        let pages = if with_pages { &term.pages[..] } else { &[] };
        let fields = page_fields::of_this_render(fields);
        Ok(tera::to_value(TermView::new(term, pages, fields, &lib))?)
    });
    let mut places = vec![
        root.to_path_buf(),
        root.join("static"),
        root.join("content"),
    ];
    if let Some(theme) = &config.theme {
        places.push(crate::config::theme::theme_dir(root, theme).join("static"));
    }
    tera.register_function("get_hash", move |args: &HashMap<String, Value>| {
        get_hash(args, &places)
    });
    super::data::register(tera, root, config.theme.as_deref(), library);
    super::images::register(tera, root, config.theme.as_deref(), library);
}

/// The taxonomy named by `kind` in the language `lang` (the default one when not given);
/// `None` when it does not exist and `required = false`.
fn find_taxonomy<'a>(
    library: &'a Library,
    config: &Config,
    args: &HashMap<String, Value>,
    function: &str,
) -> tera::Result<Option<&'a Taxonomy>> {
    let kind = string_arg(args, function, "kind")?;
    let lang = match args.get("lang") {
        Some(_) => string_arg(args, function, "lang")?,
        None => config.default_language.as_str(),
    };
    let found = library
        .taxonomies
        .iter()
        .find(|t| t.config.name == kind && t.lang == lang);
    match found {
        Some(taxonomy) => Ok(Some(taxonomy)),
        None if !required(args) => Ok(None),
        None if lang == config.default_language => Err(tera::Error::msg(format!(
            "`{function}`: there is no taxonomy `{kind}`; declare it in config.toml's `taxonomies`"
        ))),
        None => Err(tera::Error::msg(format!(
            "`{function}`: there is no taxonomy `{kind}` in the language `{lang}`; declare it in `taxonomies` under [languages.{lang}] in config.toml"
        ))),
    }
}

/// The term named by the argument `key` in the taxonomy `kind`.
fn find_term<'a>(
    library: &'a Library,
    config: &Config,
    args: &HashMap<String, Value>,
    function: &str,
    key: &str,
) -> tera::Result<Option<(&'a Taxonomy, &'a Term)>> {
    let Some(taxonomy) = find_taxonomy(library, config, args, function)? else {
        return Ok(None);
    };
    let name = string_arg(args, function, key)?;
    let slug = slugify(name);
    match taxonomy
        .terms
        .iter()
        .find(|t| t.name == name || t.slug == slug)
    {
        Some(term) => Ok(Some((taxonomy, term))),
        None if !required(args) => Ok(None),
        None => Err(tera::Error::msg(format!(
            "`{function}`: no page has the {} `{name}`",
            taxonomy.config.name
        ))),
    }
}

fn required(args: &HashMap<String, Value>) -> bool {
    args.get("required").and_then(Value::as_bool) != Some(false)
}

/// `get_hash(path=... | literal=..., sha_type=384, base64=true)`: the hash of a file (looked
/// for in the site folder, `static/`, `content/` and the theme's `static/`) or of a string.
fn get_hash(args: &HashMap<String, Value>, places: &[PathBuf]) -> tera::Result<Value> {
    let path = args.get("path").and_then(Value::as_str);
    let literal = args.get("literal").and_then(Value::as_str);
    let bytes = match (path, literal) {
        (Some(path), None) => {
            let relative = path.trim_start_matches('/');
            let safe = !relative.split('/').any(|part| part == "..");
            let found = places
                .iter()
                .map(|place| place.join(relative))
                .find(|candidate| safe && candidate.is_file())
                .ok_or_else(|| {
                    tera::Error::msg(format!(
                        "`get_hash`: no file `{path}` in the site folder, static/ or content/"
                    ))
                })?;
            std::fs::read(&found)
                .map_err(|e| tera::Error::msg(format!("`get_hash`: cannot read `{path}`: {e}")))?
        }
        (None, Some(literal)) => literal.as_bytes().to_vec(),
        _ => {
            return Err(tera::Error::msg(
                "`get_hash` needs exactly one of `path` and `literal`",
            ));
        }
    };
    let digest = match args.get("sha_type").and_then(Value::as_u64).unwrap_or(384) {
        256 => Sha256::digest(&bytes).to_vec(),
        384 => Sha384::digest(&bytes).to_vec(),
        512 => Sha512::digest(&bytes).to_vec(),
        other => {
            return Err(tera::Error::msg(format!(
                "`get_hash`: sha_type must be 256, 384 or 512, not {other}"
            )));
        }
    };
    let base64 = args.get("base64").and_then(Value::as_bool).unwrap_or(true);
    Ok(Value::String(if base64 {
        STANDARD.encode(digest)
    } else {
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_known_digests() {
        let args = |pairs: &[(&str, Value)]| -> HashMap<String, Value> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect()
        };
        let hex = get_hash(
            &args(&[
                ("literal", Value::from("abc")),
                ("sha_type", Value::from(256)),
                ("base64", Value::from(false)),
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(
            hex,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let b64 = get_hash(&args(&[("literal", Value::from("abc"))]), &[]).unwrap();
        assert_eq!(
            b64,
            "ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
        assert!(get_hash(&args(&[]), &[]).is_err());
    }
}
