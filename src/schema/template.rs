//! Path templates of schemas: `{stem}`, `{folder}`, `{value:1}xx/{value}.md`. A name in braces
//! is replaced by its value, `:N` keeps its first N characters, `{{` and `}}` are braces.

use std::fmt;

/// A parsed template: literal text and placeholders, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    source: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Name { name: String, first: Option<usize> },
}

impl Template {
    /// Parses `source`, accepting only the placeholder names in `names`; the error is the
    /// reason, which the caller reports at the key that holds the template.
    pub(crate) fn parse(source: &str, names: &[&str]) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut chars = source.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '{' => {
                    let inner: String = chars.by_ref().take_while(|&c| c != '}').collect();
                    let (name, first) = match inner.split_once(':') {
                        Some((name, count)) => {
                            let count = count.trim().parse::<usize>().map_err(|_| {
                                format!("`{{{inner}}}`: after `:` comes a number of characters, as in {{{name}:1}}")
                            })?;
                            (name.trim(), Some(count))
                        }
                        None => (inner.trim(), None),
                    };
                    if !names.contains(&name) {
                        return Err(format!(
                            "`{{{inner}}}` is not a known placeholder here; use {}",
                            list(names)
                        ));
                    }
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Part::Name {
                        name: name.to_string(),
                        first,
                    });
                }
                '}' => return Err("a lone `}`: write `}}` for a brace".to_string()),
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(Template {
            source: source.to_string(),
            parts,
        })
    }

    /// The text with each placeholder replaced by what `lookup` gives for its name.
    pub(crate) fn expand(&self, lookup: &dyn Fn(&str) -> String) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Name { name, first } => {
                    let value = lookup(name);
                    match first {
                        Some(count) => out.extend(value.chars().take(*count)),
                        None => out.push_str(&value),
                    }
                }
            }
        }
        out
    }

    /// True when the template names `name`.
    pub(crate) fn uses(&self, name: &str) -> bool {
        self.parts
            .iter()
            .any(|part| matches!(part, Part::Name { name: n, .. } if n == name))
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|name| format!("{{{name}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(source: &str) -> String {
        let template = Template::parse(source, &["stem", "value"]).unwrap();
        template.expand(&|name| match name {
            "stem" => "418".to_string(),
            _ => "teapot".to_string(),
        })
    }

    #[test]
    fn placeholders_are_replaced_and_can_be_cut() {
        assert_eq!(expand("s{stem:1}/{stem}.md"), "s4/418.md");
        assert_eq!(expand("{ value }"), "teapot");
        assert_eq!(expand("{{literal}} {value:3}"), "{literal} tea");
    }

    #[test]
    fn unknown_names_and_bad_counts_are_refused() {
        let error = Template::parse("{code}", &["stem"]).unwrap_err();
        assert_eq!(
            error,
            "`{code}` is not a known placeholder here; use {stem}"
        );
        assert!(Template::parse("{stem:x}", &["stem"]).is_err());
        assert!(Template::parse("a}b", &["stem"]).is_err());
    }
}
