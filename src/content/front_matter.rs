//! Front matter: splitting it from the Markdown body (`+++` TOML or `---` YAML) and reading it
//! into typed page and section settings with Zola's keys. Errors are placed in the whole file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Diagnostics, Location, collect};
use crate::front_value::{self, Date, FreeForm};

/// The two front matter formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Toml,
    Yaml,
}

impl Format {
    fn delimiter(self) -> &'static str {
        match self {
            Format::Toml => "+++",
            Format::Yaml => "---",
        }
    }
}

/// A file cut into its front matter and its body, with the offset of each in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub(crate) format: Format,
    /// The front matter, without its fences.
    pub front: &'a str,
    /// Where the front matter starts in the file.
    pub front_offset: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Where the body starts in the file.
    pub body_offset: usize,
}

/// Cuts `text` (already without a byte order mark) at its front matter delimiters.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let mut lines = Lines { text, position: 0 };
    let Some(first) = lines.next() else {
        return Err(missing_front_matter(path, "the file is empty"));
    };
    let format = match first.text.trim_end() {
        "+++" => Format::Toml,
        "---" => Format::Yaml,
        _ => {
            return Err(missing_front_matter(
                path,
                "the first line is not +++ or ---",
            ));
        }
    };
    let front_offset = first.next;
    for line in lines {
        if line.text.trim_end() == format.delimiter() {
            return Ok(Split {
                format,
                front: &text[front_offset..line.start],
                front_offset,
                body: &text[line.next..],
                body_offset: line.next,
            });
        }
    }
    let delimiter = format.delimiter();
    Err(Diagnostic::error(
        path,
        format!("the front matter opened with {delimiter} is never closed"),
    )
    .at(Location::line(1))
    .with_hint(format!(
        "add a line holding only {delimiter} after the last front matter line"
    )))
}

fn missing_front_matter(path: &Path, why: &str) -> Diagnostic {
    Diagnostic::error(path, format!("no front matter: {why}"))
        .at(Location::line(1))
        .with_hint("start the file with front matter between +++ lines, e.g. +++\\ntitle = \"My page\"\\n+++")
}

/// A line of text: where it starts, its text without `\r\n` or `\n`, and where the next begins.
struct Line<'a> {
    start: usize,
    text: &'a str,
    next: usize,
}

struct Lines<'a> {
    text: &'a str,
    position: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        if self.position >= self.text.len() {
            return None;
        }
        let start = self.position;
        let rest = &self.text[start..];
        let (content, next) = match rest.find('\n') {
            Some(end) => (&rest[..end], start + end + 1),
            None => (rest, self.text.len()),
        };
        self.position = next;
        let text = content.strip_suffix('\r').unwrap_or(content);
        Some(Line { start, text, next })
    }
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SortBy {
    /// Newest first.
    Date,
    /// Newest first, by the later of `date` and `updated`.
    UpdateDate,
    /// Lightest first.
    Weight,
    /// By title, in natural lexical order (`Track-2` before `Track-13`).
    Title,
    /// By title, byte by byte.
    TitleBytes,
    /// By slug, in natural lexical order.
    Slug,
    /// By permalink.
    Permalink,
    /// In file order, with no `lower` and `higher`.
    #[default]
    None,
}

/// The front matter of a page (any `.md` file but `_index.md`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct PageFrontMatter {
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) date: Option<Date>,
    pub(crate) updated: Option<Date>,
    pub(crate) draft: bool,
    pub(crate) slug: Option<String>,
    pub(crate) path: Option<String>,
    pub(crate) aliases: Vec<String>,
    pub(crate) weight: Option<i64>,
    pub(crate) template: Option<String>,
    pub(crate) taxonomies: BTreeMap<String, Vec<String>>,
    /// `false`: the page is not written or listed, only reachable through `get_page`.
    pub(crate) render: Option<bool>,
    /// The page's authors, `page.authors` in templates.
    pub(crate) authors: Vec<String>,
    /// `false`: the page is left out of the search index.
    pub(crate) in_search_index: Option<bool>,
    /// `[extra]`: the author's own values, given to templates as they are.
    pub extra: FreeForm,
}

impl PageFrontMatter {
    /// True unless `render = false`.
    pub(crate) fn renders(&self) -> bool {
        self.render != Some(false)
    }
}

/// The front matter of a section (`_index.md`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SectionFrontMatter {
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) draft: bool,
    pub(crate) sort_by: SortBy,
    pub(crate) weight: Option<i64>,
    pub(crate) template: Option<String>,
    pub(crate) page_template: Option<String>,
    pub(crate) paginate_by: Option<usize>,
    /// The folder of later list pages: `/blog/page/2/`.
    pub(crate) paginate_path: Option<String>,
    /// Pagers show the pages in the reverse of the section's order.
    pub(crate) paginate_reversed: bool,
    /// The section's pages are also listed by its parent (and on up while transparent).
    pub(crate) transparent: bool,
    /// `false`: the section's own page is not written (its pages still are).
    pub(crate) render: Option<bool>,
    /// The section's page sends visitors on to this path or URL.
    pub(crate) redirect_to: Option<String>,
    /// Write feeds of this section's pages at its path.
    pub(crate) generate_feeds: bool,
    /// `false`: the section and its pages are left out of the search index.
    pub(crate) in_search_index: Option<bool>,
    pub(crate) aliases: Vec<String>,
    /// Where headings of this section and its pages get anchor links; the site's
    /// `[markdown]` setting when absent.
    pub(crate) insert_anchor_links: Option<crate::config::InsertAnchor>,
    /// `[extra]`: the author's own values, given to templates as they are.
    pub extra: FreeForm,
}

impl SectionFrontMatter {
    /// True unless `render = false`.
    pub(crate) fn renders(&self) -> bool {
        self.render != Some(false)
    }
}

/// Reads front matter of type `T`, with unknown keys as warnings; all places are in the file.
/// `None` when it does not parse, the error in `diagnostics`.
pub(crate) fn parse<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    split: &Split,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    let front_line = Location::of_offset(text, split.front_offset).line;
    let parsed = match split.format {
        Format::Toml => front_value::parse_toml::<T>(split.front),
        Format::Yaml => front_value::parse_yaml::<T>(split.front),
    };
    let parsed = parsed.map_err(|error| {
        let location = match (error.offset, error.location) {
            (Some(offset), _) => Some(Location::of_offset(text, split.front_offset + offset)),
            (None, Some(place)) => Some(Location {
                line: place.line + front_line - 1,
                column: place.column,
            }),
            // Some YAML errors carry no place: point at the start of the front matter.
            (None, None) => Some(Location::line(front_line)),
        };
        Diagnostic::error(path, format!("invalid front matter: {}", error.message))
            .at_opt(location)
            .with_hint(
                "fix the value at that place; dates look like 2026-05-01, lists like [\"a\", \"b\"]",
            )
    });
    let (value, unknown) = collect(parsed, diagnostics)?;
    diagnostics.extend(unknown.into_iter().map(|key| {
        let location = front_value::line_of_key(split.front, &key).map(|place| Location {
            line: place.line + front_line - 1,
            column: 1,
        });
        Diagnostic::warning(path, format!("unknown front matter key `{key}` is ignored"))
            .at_opt(location)
            .with_hint("check the spelling, or move custom values under [extra]")
    }));
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The front matter of `text` as `parse` reads it (`None` when it does not parse), with
    /// the diagnostics found.
    fn parsed(text: &str, split: &Split) -> (Option<PageFrontMatter>, Vec<Diagnostic>) {
        let mut diagnostics = Diagnostics::default();
        let front = parse::<PageFrontMatter>(Path::new("a.md"), text, split, &mut diagnostics);
        (front, diagnostics.into_iter().collect())
    }

    fn split_ok(text: &str) -> Split<'_> {
        split(Path::new("a.md"), text).unwrap()
    }

    #[test]
    fn toml_front_matter_is_cut_from_the_body() {
        let s = split_ok("+++\ntitle = \"A\"\n+++\nBody\n");
        assert_eq!(s.format, Format::Toml);
        assert_eq!(s.front, "title = \"A\"\n");
        assert_eq!(s.body, "Body\n");
    }

    #[test]
    fn crlf_line_endings_split_the_same_way() {
        let s = split_ok("+++\r\ntitle = \"A\"\r\n+++\r\nBody\r\n");
        assert_eq!(s.front, "title = \"A\"\r\n");
        assert_eq!(s.body, "Body\r\n");
    }

    #[test]
    fn yaml_front_matter_is_recognised() {
        let s = split_ok("---\ntitle: A\n---\n");
        assert_eq!(s.format, Format::Yaml);
        assert_eq!(s.body, "");
    }

    #[test]
    fn unterminated_front_matter_is_an_error_on_line_one() {
        let error = split(Path::new("a.md"), "+++\ntitle = \"A\"\nBody").unwrap_err();
        assert_eq!(error.location, Some(Location::line(1)));
        assert_eq!(
            error.message,
            "the front matter opened with +++ is never closed"
        );
    }

    #[test]
    fn a_file_without_front_matter_is_an_error() {
        let error = split(Path::new("a.md"), "# Hello").unwrap_err();
        assert!(error.message.starts_with("no front matter"), "{error}");
        let error = split(Path::new("a.md"), "").unwrap_err();
        assert_eq!(error.message, "no front matter: the file is empty");
    }

    #[test]
    fn toml_errors_point_at_the_line_in_the_whole_file() {
        let text = "+++\ntitle = \"A\"\ndate = 5\n+++\n";
        let s = split_ok(text);
        let (front, problems) = parsed(text, &s);
        assert!(front.is_none());
        let error = &problems[0];
        assert_eq!(error.location.map(|l| l.line), Some(3), "{error}");
    }

    #[test]
    fn yaml_errors_point_at_the_line_in_the_whole_file() {
        let text = "---\ntitle: A\ntags: [\n---\n";
        let s = split_ok(text);
        let (front, problems) = parsed(text, &s);
        assert!(front.is_none());
        let error = &problems[0];
        assert!(
            matches!(error.location.map(|l| l.line), Some(3 | 4)),
            "{error}"
        );
    }

    #[test]
    fn yaml_errors_without_a_place_point_at_the_front_matter() {
        // Found by the property tests: serde_yaml gives this error no location.
        let text = "---\n A:\n\u{1eeab}\n---\n";
        let s = split_ok(text);
        let (front, problems) = parsed(text, &s);
        assert!(front.is_none());
        let error = &problems[0];
        assert_eq!(error.location, Some(Location::line(2)), "{error}");
    }

    #[test]
    fn yaml_maps_to_the_same_keys() {
        let text = "---\ntitle: A\ndate: 2026-05-01\ntaxonomies:\n  tags: [x, y]\nextra:\n  code: 500\n---\n";
        let s = split_ok(text);
        let (fm, warnings) = parsed(text, &s);
        let fm = fm.unwrap();
        assert!(warnings.is_empty());
        assert_eq!(fm.title.as_deref(), Some("A"));
        assert_eq!(
            fm.date.map(|d| d.to_string()).as_deref(),
            Some("2026-05-01")
        );
        assert_eq!(fm.taxonomies["tags"], vec!["x", "y"]);
        assert_eq!(fm.extra.get("code"), Some(&serde_json::json!(500)));
    }

    #[test]
    fn unknown_keys_warn_with_their_line() {
        let text = "+++\ntitle = \"A\"\nauthor = \"me\"\n+++\n";
        let s = split_ok(text);
        let (fm, warnings) = parsed(text, &s);
        assert!(fm.is_some());
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].location, Some(Location::line(3)));
    }
}
