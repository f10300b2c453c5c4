//! Which fields of a page templates can read. A page listed in `section.pages`,
//! `paginator.pages` or a `get_section` result is serialized for every list that shows it;
//! the fields no template names (`assets`, `ancestors`, `components`, ...) are left out, so a
//! list of 10,000 pages copies a handful of values per page rather than thirty.

use std::cell::Cell;

/// Every field of `page`, in the order it is serialized. `content` and `toc` are there for a
/// page's own template, `get_page`, shortcodes, and lists whose render was given the bodies.
pub(crate) const PAGE_FIELDS: [&str; 31] = [
    "relative_path",
    "title",
    "description",
    "content",
    "summary",
    "toc",
    "date",
    "updated",
    "permalink",
    "path",
    "slug",
    "draft",
    "weight",
    "aliases",
    "extra",
    "taxonomies",
    "reading_time",
    "word_count",
    "assets",
    "ancestors",
    "lower",
    "higher",
    "lang",
    "colocated_path",
    "components",
    "year",
    "month",
    "day",
    "authors",
    "translations",
    "backlinks",
];

/// Template text that reads values whole or by names it does not spell: `json_encode`,
/// `json_ld` and `__tera_context` dump them.
const DUMPS: [&str; 3] = ["json_encode", "json_ld", "__tera_context"];

/// A set of page fields, one bit per entry of [`PAGE_FIELDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct PageFields(u32);

impl PageFields {
    /// Every field.
    pub(crate) const ALL: PageFields = PageFields((1 << PAGE_FIELDS.len()) - 1);

    /// No field.
    pub(crate) const NONE: PageFields = PageFields(0);

    /// The fields a page's rendered Markdown gives: `content` and `toc`.
    pub(crate) const BODY: PageFields = PageFields(1 << 3 | 1 << 5);

    /// The fields of `names`, each one of [`PAGE_FIELDS`].
    pub(crate) fn named(names: &[&str]) -> PageFields {
        let bits = PAGE_FIELDS
            .iter()
            .enumerate()
            .filter(|(_, field)| names.contains(field))
            .fold(0, |bits, (bit, _)| bits | 1 << bit);
        PageFields(bits)
    }

    /// The fields in either set.
    pub(crate) fn union(self, other: PageFields) -> PageFields {
        PageFields(self.0 | other.0)
    }

    /// True when the sets share a field.
    pub(crate) fn intersects(self, other: PageFields) -> bool {
        self.0 & other.0 != 0
    }

    /// The fields one of `sources` names; all of them when a source may read fields without
    /// naming them (see [`reads_unnamed`]). A field is named where its name follows a dot
    /// (`p.title`, also `config.title`) or a quote (`p["title"]`, `sort(attribute="date")`):
    /// the only ways Tera reads a key by name. The match is on text, so it errs on the side
    /// of keeping a field.
    pub(crate) fn named_in<'s>(sources: impl IntoIterator<Item = &'s str>) -> PageFields {
        let mut bits = 0;
        for source in sources {
            if reads_unnamed(source) {
                return PageFields::ALL;
            }
            for (bit, name) in PAGE_FIELDS.iter().enumerate() {
                if names(source, name) {
                    bits |= 1 << bit;
                }
            }
        }
        PageFields(bits)
    }

    /// True when the field at `index` in [`PAGE_FIELDS`] is in the set.
    pub(crate) fn has(self, index: usize) -> bool {
        self.0 & (1 << index) != 0
    }
}

/// True when `source` has `name` right after a dot or a quote. A section template's
/// `section.content` and `section.toc` are the section's own, not its pages'.
fn names(source: &str, name: &str) -> bool {
    let sections_own = matches!(name, "content" | "toc");
    source.match_indices(name).any(|(at, _)| {
        let before = &source[..at];
        before.ends_with(['.', '"', '\'', '`']) && !(sections_own && before.ends_with("section."))
    })
}

thread_local! {
    /// The fields of the template being rendered on this thread, for the functions it calls.
    static RENDERING: Cell<Option<PageFields>> = const { Cell::new(None) };
}

/// Runs `render`, a render of a template that reads `fields`; functions it calls
/// (`get_section`, ...) list pages with those fields. Renders nest.
pub(crate) fn while_rendering<T>(fields: PageFields, render: impl FnOnce() -> T) -> T {
    let outer = RENDERING.replace(Some(fields));
    let value = render();
    RENDERING.set(outer);
    value
}

/// The fields of the template being rendered on this thread, or `otherwise` outside a
/// render.
pub(crate) fn of_this_render(otherwise: PageFields) -> PageFields {
    RENDERING.get().unwrap_or(otherwise)
}

/// True when template text may read values by names it does not spell: it dumps them
/// (`json_encode`, `json_ld`, `__tera_context`), loops over a map's keys
/// (`{% for key, value in page %}`) or looks a key up by a variable (`page[name]`).
fn reads_unnamed(source: &str) -> bool {
    DUMPS.iter().any(|dump| source.contains(dump)) || tags(source).any(indexes_by_name)
}

/// The insides of the `{{ ... }}` and `{% ... %}` tags of template text.
fn tags(source: &str) -> impl Iterator<Item = &str> {
    let mut rest = source;
    std::iter::from_fn(move || {
        let start = rest.find("{{").into_iter().chain(rest.find("{%")).min()?;
        let close = if rest[start..].starts_with("{{") {
            "}}"
        } else {
            "%}"
        };
        let inside = &rest[start + 2..];
        let end = inside.find(close).unwrap_or(inside.len());
        rest = &inside[end..];
        Some(&inside[..end])
    })
}

/// Arguments by which Tera's filters read a key named in them (`sort(attribute="date")`,
/// `get(key="title")`).
const KEY_ARGUMENTS: [&str; 2] = ["attribute", "key"];

/// True when a tag loops over keys and values (`for k, v in ...`), has a subscript that is
/// not a literal (`page[name]`, not `pages[0]` or `extra["key"]`), or names a key to read by
/// a variable (`sort(attribute=config.extra.order)`).
fn indexes_by_name(tag: &str) -> bool {
    let tag = tag.trim_matches(|c: char| c == '-' || c.is_whitespace());
    if let Some(head) = tag.strip_prefix("for ") {
        let variables = head.split(" in ").next().unwrap_or("");
        if variables.contains(',') {
            return true;
        }
    }
    let key_by_variable = KEY_ARGUMENTS.iter().any(|argument| {
        tag.match_indices(argument).any(|(at, _)| {
            let rest = tag[at + argument.len()..].trim_start();
            let value = rest
                .strip_prefix('=')
                .filter(|value| !value.starts_with('='));
            value.is_some_and(|value| !value.trim_start().starts_with(['"', '\'', '`']))
        })
    });
    key_by_variable
        || tag.match_indices('[').any(|(at, _)| {
            let before = tag[..at].trim_end();
            let after = tag[at + 1..].trim_start();
            let subscript = before.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ']');
            subscript && after.starts_with(|c: char| c.is_alphabetic() || c == '_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(source: &str) -> Vec<&'static str> {
        let fields = PageFields::named_in([source]);
        PAGE_FIELDS
            .iter()
            .enumerate()
            .filter(|(bit, _)| fields.has(*bit))
            .map(|(_, name)| *name)
            .collect()
    }

    #[test]
    fn fields_named_in_templates_are_kept_and_others_left_out() {
        let source = "{% for p in section.pages %}<a href=\"{{ p.permalink }}\">{{ p.title }}</a>\
            {{ p.reading_time }} min{% endfor %}";
        assert_eq!(named(source), ["title", "permalink", "reading_time"]);
    }

    #[test]
    fn a_sections_own_content_is_not_its_pages_content() {
        assert_eq!(
            named("{{ section.content }} {{ section.toc }}"),
            [] as [&str; 0]
        );
        let source = "{{ section.content }}{% for p in section.pages %}{{ p.content }}{% endfor %}";
        assert_eq!(named(source), ["content"]);
        assert_eq!(PageFields::BODY, PageFields::named(&["content", "toc"]));
    }

    #[test]
    fn a_name_counts_after_a_dot_or_a_quote_only() {
        let source = "{{ get_url(path='x') }} {{ lang }} {% block content %}{% endblock %} \
            {% for p in pages | sort(attribute=\"date\") %}{{ p['slug'] }}{% endfor %}";
        assert_eq!(named(source), ["date", "slug"]);
    }

    #[test]
    fn functions_get_the_fields_of_the_template_being_rendered() {
        let title = PageFields::named_in(["{{ p.title }}"]);
        let year = PageFields::named_in(["{{ p.year }}"]);
        assert_eq!(of_this_render(PageFields::ALL), PageFields::ALL);
        while_rendering(title, || {
            assert_eq!(of_this_render(PageFields::ALL), title);
            while_rendering(year, || assert_eq!(of_this_render(PageFields::ALL), year));
            assert_eq!(of_this_render(PageFields::ALL), title);
        });
        assert_eq!(of_this_render(PageFields::ALL), PageFields::ALL);
    }

    #[test]
    fn fields_are_the_union_over_templates() {
        let fields = PageFields::named_in(["{{ p.title }}", "{{ p.year }}"]);
        let year = PAGE_FIELDS.iter().position(|n| *n == "year").unwrap();
        let title = PAGE_FIELDS.iter().position(|n| *n == "title").unwrap();
        assert!(fields.has(year) && fields.has(title));
        assert!(!fields.has(PAGE_FIELDS.iter().position(|n| *n == "assets").unwrap()));
    }

    #[test]
    fn reading_fields_without_naming_them_keeps_all() {
        for source in [
            "{{ page | json_encode }}",
            "{{ __tera_context }}",
            "{% for key, value in p %}{{ key }}{% endfor %}",
            "{%- for k,v in p -%}{% endfor %}",
            "{{ p[config.extra.field] }}",
            "{% set x = p[name] %}",
            "{% for p in pages | sort(attribute=config.extra.order) %}{% endfor %}",
            "{{ p | get(key = field) }}",
        ] {
            assert_eq!(PageFields::named_in([source]), PageFields::ALL, "{source}");
        }
    }

    #[test]
    fn literal_subscripts_and_text_outside_tags_are_not_dynamic() {
        for source in [
            "{{ section.pages[0].title }}",
            "{{ page.extra[\"key\"] }}",
            "<script>let a = b[i];</script>",
            "{% for p in pages %}{{ p.title }}{% endfor %}",
            "[link](x) {{ p.title }}",
            "{% for p in pages | sort(attribute=\"date\") %}{{ p | get(key='slug') }}{% endfor %}",
        ] {
            assert!(!reads_unnamed(source), "{source}");
        }
    }

    #[test]
    fn an_unclosed_tag_is_read_to_the_end() {
        assert!(reads_unnamed("{{ p[name]"));
        assert!(!reads_unnamed("{{ p.title"));
    }
}
