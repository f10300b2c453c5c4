//! Filters Quire adds to Tera's, as Zola has them: `json_ld`, `base64_encode`,
//! `base64_decode`, `regex_replace` and `num_format`; and `slice`, `first`, `last` and `nth`
//! in place of Tera's, which copy the whole array to keep one item or a few.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tera::{Tera, Value};

/// Registers the filters on `tera`.
pub(crate) fn register(tera: &mut Tera) {
    // JSON for a `<script type="application/ld+json">` block, with `<`, `>` and `&` escaped
    // so no value can close the script element.
    tera.register_filter("json_ld", |value: &Value, _: &HashMap<String, Value>| {
        let json = serde_json::to_string(value).map_err(|e| tera::Error::msg(e.to_string()))?;
        Ok(Value::String(
            json.replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026"),
        ))
    });
    tera.register_filter(
        "base64_encode",
        |value: &Value, _: &HashMap<String, Value>| {
            Ok(Value::String(
                STANDARD.encode(text(value, "base64_encode")?),
            ))
        },
    );
    tera.register_filter(
        "base64_decode",
        |value: &Value, _: &HashMap<String, Value>| {
            let bytes = STANDARD
                .decode(text(value, "base64_decode")?)
                .map_err(|e| tera::Error::msg(format!("`base64_decode`: {e}")))?;
            String::from_utf8(bytes).map(Value::String).map_err(|_| {
                tera::Error::msg("`base64_decode`: the decoded bytes are not UTF-8 text")
            })
        },
    );
    tera.register_filter(
        "regex_replace",
        |value: &Value, args: &HashMap<String, Value>| {
            let pattern = string_arg(args, "regex_replace", "pattern")?;
            let replace = string_arg(args, "regex_replace", "rep")?;
            let regex = regex::Regex::new(pattern)
                .map_err(|e| tera::Error::msg(format!("`regex_replace`: invalid pattern: {e}")))?;
            Ok(Value::String(
                regex
                    .replace_all(text(value, "regex_replace")?, replace)
                    .into_owned(),
            ))
        },
    );
    tera.register_filter(
        "num_format",
        |value: &Value, args: &HashMap<String, Value>| {
            let number = value
                .as_i64()
                .ok_or_else(|| tera::Error::msg("`num_format` formats integers"))?;
            let locale = args.get("locale").and_then(Value::as_str).unwrap_or("en");
            Ok(Value::String(group_digits(number, separator(locale))))
        },
    );
    tera.register_filter("slice", slice);
    tera.register_filter("first", |value: &Value, _: &HashMap<String, Value>| {
        Ok(item_or_empty(array(value, "first")?.first()))
    });
    tera.register_filter("last", |value: &Value, _: &HashMap<String, Value>| {
        Ok(item_or_empty(array(value, "last")?.last()))
    });
    tera.register_filter("nth", nth);
}

/// The array a filter was called on, with Tera's error when it is something else.
fn array<'a>(value: &'a Value, filter: &str) -> tera::Result<&'a [Value]> {
    value.as_array().map(Vec::as_slice).ok_or_else(|| {
        tera::Error::msg(format!(
            "Filter `{filter}` was called on an incorrect value: got `{value}` but expected an array"
        ))
    })
}

/// A copy of the item, or Tera's empty string when there is none.
fn item_or_empty(item: Option<&Value>) -> Value {
    item.cloned()
        .unwrap_or_else(|| Value::String(String::new()))
}

/// `nth(n=...)` as Tera has it: the item at index `n` from 0, or an empty string past the end
/// (or for an empty array, before `n` is looked at).
fn nth(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let items = array(value, "nth")?;
    if items.is_empty() {
        return Ok(item_or_empty(None));
    }
    let n = args
        .get("n")
        .ok_or_else(|| tera::Error::msg("The `nth` filter has to have an `n` argument"))?;
    let index = n.as_u64().ok_or_else(|| {
        tera::Error::msg(format!(
            "Filter `nth` received an incorrect type for arg `n`: got `{n}` but expected a non-negative integer"
        ))
    })?;
    Ok(item_or_empty(
        usize::try_from(index).ok().and_then(|i| items.get(i)),
    ))
}

/// `slice(start=..., end=...)` with Tera's meaning (indexes from 0, negative ones from the
/// end, `end` past the last item cut to it) but copying only the items kept: Tera's copies
/// the whole array first, and `get_section(...).pages | slice(end=10)` on a section of
/// 10,000 pages copied all 10,000 to keep 10.
fn slice(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let items = array(value, "slice")?;
    if items.is_empty() {
        return Ok(Value::Array(Vec::new()));
    }
    let index = |name: &str, default: usize| -> tera::Result<usize> {
        let Some(arg) = args.get(name) else {
            return Ok(default);
        };
        let index = arg.as_f64().ok_or_else(|| {
            tera::Error::msg(format!(
                "Filter `slice` received an incorrect type for arg `{name}`: got `{arg}` but expected a number"
            ))
        })?;
        // As in Tera, a negative index counts from the end, and one before the start is 0.
        Ok(if index >= 0.0 {
            index as usize
        } else {
            (items.len() as f64 + index) as usize
        })
    };
    let start = index("start", 0)?;
    let end = index("end", items.len())?.min(items.len());
    let kept = items.get(start..end).unwrap_or_default();
    Ok(Value::Array(kept.to_vec()))
}

fn text<'a>(value: &'a Value, filter: &str) -> tera::Result<&'a str> {
    value
        .as_str()
        .ok_or_else(|| tera::Error::msg(format!("`{filter}` takes a string")))
}

fn string_arg<'a>(
    args: &'a HashMap<String, Value>,
    filter: &str,
    name: &str,
) -> tera::Result<&'a str> {
    args.get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| tera::Error::msg(format!("`{filter}` needs a string argument `{name}`")))
}

/// The thousands separator of a locale (`en` 1,000; `de` 1.000; `fr` 1 000; `de-CH` 1’000).
fn separator(locale: &str) -> &'static str {
    let language = locale.split(['-', '_']).next().unwrap_or(locale);
    match (language, locale) {
        (_, "de-CH" | "de_CH") => "’",
        ("de" | "es" | "it" | "nl" | "pt" | "da" | "id" | "tr", _) => ".",
        ("fr" | "ru" | "pl" | "cs" | "sv" | "fi" | "nb" | "uk", _) => "\u{a0}",
        _ => ",",
    }
}

fn group_digits(number: i64, separator: &str) -> String {
    let digits = number.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push_str(separator);
        }
        grouped.push(digit);
    }
    if number < 0 {
        grouped.insert(0, '-');
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str) -> String {
        let mut tera = Tera::default();
        register(&mut tera);
        tera.render_str(template, &tera::Context::new()).unwrap()
    }

    #[test]
    fn filters_work_as_in_zola() {
        assert_eq!(render("{{ 'hello' | base64_encode }}"), "aGVsbG8=");
        assert_eq!(render("{{ 'aGVsbG8=' | base64_decode }}"), "hello");
        assert_eq!(
            render("{{ 'a1b22c' | regex_replace(pattern='[0-9]+', rep='#') }}"),
            "a#b#c"
        );
        assert_eq!(render("{{ 1234567 | num_format }}"), "1,234,567");
        assert_eq!(render("{{ -1234 | num_format(locale='de') }}"), "-1.234");
        assert_eq!(render("{{ 999 | num_format }}"), "999");
    }

    /// Quire's filters beside Tera's own, over `items` (1 to `len`) and `none` (empty).
    struct BesideTeras {
        ours: Tera,
        teras: Tera,
        context: tera::Context,
    }

    impl BesideTeras {
        fn new(len: i32) -> Self {
            let mut ours = Tera::default();
            register(&mut ours);
            let mut context = tera::Context::new();
            context.insert("items", &(1..=len).collect::<Vec<_>>());
            context.insert("none", &Vec::<i32>::new());
            BesideTeras {
                ours,
                teras: Tera::default(),
                context,
            }
        }

        /// Asserts `{{ LIST | FILTER | json_encode }}` renders as Tera's own, for both lists.
        fn assert_same(&mut self, filter: &str) {
            for list in ["items", "none"] {
                let template = format!("{{{{ {list} | {filter} | json_encode }}}}");
                let expected = self.teras.render_str(&template, &self.context).unwrap();
                let got = self.ours.render_str(&template, &self.context).unwrap();
                assert_eq!(got, expected, "{template}");
            }
        }

        /// Asserts the template is an error with Tera's filters and with ours.
        fn assert_error(&mut self, template: &str) {
            assert!(
                self.teras.render_str(template, &self.context).is_err(),
                "Tera: {template}"
            );
            assert!(
                self.ours.render_str(template, &self.context).is_err(),
                "{template}"
            );
        }
    }

    #[test]
    fn slice_gives_what_teras_gives() {
        let mut both = BesideTeras::new(5);
        for args in [
            "",
            "start=1",
            "end=2",
            "start=1, end=3",
            "start=-2",
            "end=-1",
            "start=-9",
            "end=99",
            "start=4, end=2",
            "start=1.7",
            "start=5",
        ] {
            both.assert_same(&format!("slice({args})"));
        }
        for bad in ["{{ 3 | slice }}", "{{ items | slice(start='a') }}"] {
            both.assert_error(bad);
        }
    }

    #[test]
    fn first_last_and_nth_give_what_teras_give() {
        let mut both = BesideTeras::new(3);
        for filter in ["first", "last", "nth(n=0)", "nth(n=2)", "nth(n=3)"] {
            both.assert_same(filter);
        }
        assert_eq!(
            both.ours
                .render_str("{{ none | nth }}", &both.context)
                .unwrap(),
            ""
        );
        for bad in [
            "{{ 3 | first }}",
            "{{ 'ab' | last }}",
            "{{ items | nth }}",
            "{{ items | nth(n=-1) }}",
            "{{ items | nth(n='a') }}",
        ] {
            both.assert_error(bad);
        }
    }
}
