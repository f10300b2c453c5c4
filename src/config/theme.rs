//! A Zola theme's settings: `themes/NAME/theme.toml`, whose `[extra]` table gives defaults
//! under the site's own `[extra]` (the site's values win, tables are merged key by key).

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Diagnostic, Location};
use crate::front_value::FreeForm;

/// The folder of the theme `name` under the site root.
pub(crate) fn theme_dir(root: &Path, name: &str) -> PathBuf {
    root.join("themes").join(name)
}

/// Reads the `[extra]` of `themes/NAME/theme.toml`; `shown_root` names the site root in
/// diagnostics. A theme without `theme.toml` has no defaults; a missing theme is an error.
pub(crate) fn theme_extra(
    root: &Path,
    shown_root: &Path,
    name: &str,
) -> Result<FreeForm, Diagnostic> {
    let shown_dir = theme_dir(shown_root, name);
    let dir = theme_dir(root, name);
    let valid_name = !name.is_empty()
        && Path::new(name)
            .components()
            .all(|part| matches!(part, std::path::Component::Normal(_)));
    if !valid_name || !dir.join("templates").is_dir() {
        return Err(Diagnostic::error(
            &shown_dir,
            format!("theme `{name}` has no templates folder"),
        )
        .with_hint(format!(
            "put the theme in {}/ (with its templates/ folder), or remove `theme` from the settings",
            shown_dir.display()
        )));
    }
    let file = dir.join("theme.toml");
    let shown_file = shown_dir.join("theme.toml");
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(FreeForm::default());
        }
        Err(error) => {
            return Err(Diagnostic::io(
                &shown_file,
                "read the theme's settings",
                &error,
            ));
        }
    };
    let table: toml::Table = toml::from_str(&text).map_err(|error| {
        Diagnostic::error(
            &shown_file,
            format!("invalid theme settings: {}", error.message().trim()),
        )
        .at_opt(
            error
                .span()
                .map(|span| Location::of_offset(&text, span.start)),
        )
        .with_hint("fix the TOML syntax at that place in theme.toml")
    })?;
    let Some(extra) = table.get("extra") else {
        return Ok(FreeForm::default());
    };
    let value = serde_json::to_value(extra).map_err(|error| {
        Diagnostic::error(
            &shown_file,
            format!("invalid [extra] in theme.toml: {error}"),
        )
        .with_hint("[extra] must be a table of values")
    })?;
    match value {
        Value::Object(map) => Ok(FreeForm(map).normalized()),
        _ => Err(
            Diagnostic::error(&shown_file, "`extra` in theme.toml is not a table")
                .at_opt(crate::front_value::line_of_key(&text, "extra"))
                .with_hint("write it as an [extra] table"),
        ),
    }
}

/// Adds the theme's `defaults` under `extra`: keys the site has keep its values, tables that
/// both have are merged the same way.
pub(crate) fn merge_under(extra: &mut FreeForm, defaults: FreeForm) {
    merge_maps(&mut extra.0, defaults.0);
}

fn merge_maps(into: &mut Map<String, Value>, from: Map<String, Value>) {
    for (key, value) in from {
        match (into.get_mut(&key), value) {
            (None, value) => {
                into.insert(key, value);
            }
            (Some(Value::Object(site)), Value::Object(theme)) => merge_maps(site, theme),
            (Some(_), _) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sites_extra_wins_and_tables_are_merged() {
        let mut site: FreeForm =
            toml::from_str("a = 1\n[menu]\nhome = \"/\"\n").expect("site extra");
        let theme: FreeForm =
            toml::from_str("a = 2\nb = 3\n[menu]\nhome = \"/x\"\nblog = \"/blog\"\n")
                .expect("theme extra");
        merge_under(&mut site, theme);
        assert_eq!(
            serde_json::to_string(&site).unwrap(),
            r#"{"a":1,"b":3,"menu":{"blog":"/blog","home":"/"}}"#
        );
    }
}
