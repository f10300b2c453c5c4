//! Fenced code blocks: the fence's info string (`rust,linenos,hl_lines=1 3-4,name=x.rs`)
//! and the HTML of a block in each way a site can ask for it: plain (Zola's default), Quire's
//! classed markup (Zola 0.21's `highlight_theme = "css"`), or Zola 0.22's lines of spans with
//! inline colours or classes.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::RangeInclusive;

use syntect::highlighting::{Color, FontStyle, Highlighter as ThemeHighlighter, Style, Theme};
use syntect::parsing::Scope;

use super::highlight::{Highlighter, Tokens};
use super::{escape_attribute, escape_text};

/// The name Zola gives code without a language.
const PLAIN: &str = "plain";

/// How code blocks are highlighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeHighlight<'a> {
    /// Escaped text in `<pre><code>`, as Zola does without highlighting settings.
    Off,
    /// Quire's markup with `z-` classes, for stylesheets of `highlight_themes_css`.
    Classed,
    /// Zola 0.22's lines of spans (`giallo-l`).
    Lines {
        /// Classes instead of inline colours.
        classes: bool,
        /// The theme or themes to colour with.
        themes: Themes<'a>,
    },
}

/// The theme or themes of Zola 0.22's highlighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Themes<'a> {
    /// One theme for light and dark.
    Single(&'a str),
    /// A theme for each colour scheme, switched by `prefers-color-scheme`.
    Dual {
        /// The theme of the light scheme.
        light: &'a str,
        /// The theme of the dark scheme.
        dark: &'a str,
    },
}

/// What a fence's info string asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Fence {
    /// The language, empty when none is given.
    pub(crate) language: String,
    pub(crate) line_numbers: bool,
    pub(crate) line_number_start: isize,
    pub(crate) highlight_lines: Vec<RangeInclusive<usize>>,
    pub(crate) hide_lines: Vec<RangeInclusive<usize>>,
    /// Other `key=value` options (`name=mod.rs`), written as `data-` attributes.
    pub(crate) rest: BTreeMap<String, String>,
}

impl Fence {
    /// Parses an info string as Zola does: options separated by commas, the first bare word
    /// is the language, unknown options are kept and malformed values ignored.
    pub(crate) fn parse(info: &str) -> Fence {
        let mut fence = Fence {
            line_number_start: 1,
            ..Fence::default()
        };
        for token in info.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let (key, value) = match token.split_once('=') {
                Some((key, value)) => (key.trim(), Some(value.trim())),
                None => (token, None),
            };
            match (key, value) {
                ("linenos", _) => fence.line_numbers = true,
                ("linenostart", Some(value)) => {
                    if let Ok(start) = value.parse() {
                        fence.line_number_start = start;
                    }
                }
                ("hl_lines", Some(value)) => fence.highlight_lines = ranges(value),
                ("hide_lines", Some(value)) => fence.hide_lines = ranges(value),
                (key, Some(value)) => {
                    fence.rest.insert(key.to_string(), value.to_string());
                }
                (word, None) if fence.language.is_empty() => {
                    // `rust {.class}` names `rust`, as pulldown-cmark's info strings may.
                    fence.language = word
                        .split(|c: char| c.is_whitespace() || c == '{')
                        .next()
                        .unwrap_or_default()
                        .to_string();
                }
                _ => {}
            }
        }
        fence
    }
}

/// `1 3-5 9` as inclusive ranges; a reversed range is turned around, a malformed one dropped.
fn ranges(list: &str) -> Vec<RangeInclusive<usize>> {
    list.split_whitespace()
        .filter_map(|part| match part.split_once('-') {
            Some((from, to)) => {
                let (from, to): (usize, usize) = (from.parse().ok()?, to.parse().ok()?);
                Some(from.min(to)..=from.max(to))
            }
            None => part.parse().ok().map(|n| n..=n),
        })
        .collect()
}

/// The HTML of one code block.
pub(crate) fn render(
    fence: &Fence,
    code: &str,
    style: CodeHighlight,
    highlighter: &Highlighter,
) -> String {
    match style {
        CodeHighlight::Off => plain(fence, code),
        CodeHighlight::Classed => classed(fence, code, highlighter),
        CodeHighlight::Lines { classes, themes } => {
            // The markup's version is part of the key, so a change of it misses old entries.
            let options = format!("lines-v1{fence:?}{classes}{themes:?}");
            highlighter.cached(&[options.as_bytes(), code.as_bytes()], || {
                lines(fence, code, classes, themes, highlighter)
            })
        }
    }
}

/// Zola's block without highlighting.
fn plain(fence: &Fence, code: &str) -> String {
    if fence.language.is_empty() || fence.language == PLAIN {
        return format!("<pre><code>{}</code></pre>\n", escape_text(code));
    }
    format!(
        "<pre><code data-lang=\"{}\">{}</code></pre>\n",
        escape_attribute(&fence.language),
        escape_text(code)
    )
}

/// Quire's classed block: the HTML the reference site's stylesheets are written for.
fn classed(fence: &Fence, code: &str, highlighter: &Highlighter) -> String {
    let language = &fence.language;
    let highlighted = if language.is_empty() {
        None
    } else {
        highlighter.highlight(language, code)
    };
    let language_attr = escape_attribute(language);
    match highlighted {
        Some(inner) => format!(
            "<pre class=\"z-code\" data-lang=\"{language_attr}\"><code class=\"language-{language_attr}\">{inner}</code></pre>\n"
        ),
        None if language.is_empty() => format!("<pre><code>{}</code></pre>\n", escape_text(code)),
        None => format!(
            "<pre data-lang=\"{language_attr}\"><code class=\"language-{language_attr}\">{}</code></pre>\n",
            escape_text(code)
        ),
    }
}

/// The themes of a rendering, resolved to syntect's.
enum Resolved<'a> {
    Single(&'a Theme),
    Dual(&'a Theme, &'a Theme),
}

/// Zola 0.22's block: one `giallo-l` span per line (hidden lines left out), line numbers and
/// highlighted lines as asked, tokens coloured inline or by class; no newline after it, as
/// in Zola.
fn lines(
    fence: &Fence,
    code: &str,
    classes: bool,
    themes: Themes,
    highlighter: &Highlighter,
) -> String {
    let language = if fence.language.is_empty() {
        PLAIN
    } else {
        fence.language.as_str()
    };
    let tokens = highlighter.tokens(language, code);
    let language = if tokens.is_some() { language } else { PLAIN };
    let tokens = tokens.unwrap_or_else(|| Tokens::plain(code));
    let resolved = match themes {
        Themes::Single(name) => highlighter.theme(name).map(Resolved::Single),
        Themes::Dual { light, dark } => highlighter
            .theme(light)
            .zip(highlighter.theme(dark))
            .map(|(l, d)| Resolved::Dual(l, d)),
    };
    let resolved = if classes { None } else { resolved };
    let last = fence.line_number_start + tokens.lines.len().saturating_sub(1) as isize;
    let width = last.to_string().len();
    let mut rendered = Vec::with_capacity(tokens.lines.len());
    let attributes = span_attributes(&tokens, classes, themes, resolved.as_ref(), highlighter);
    for (index, line) in tokens.lines.iter().enumerate() {
        let number = index + 1;
        if fence.hide_lines.iter().any(|r| r.contains(&number)) {
            continue;
        }
        let mut html = String::new();
        let marked = fence.highlight_lines.iter().any(|r| r.contains(&number));
        html.push_str("<span class=\"giallo-l");
        if marked && classes {
            html.push_str(" z-hl");
        }
        html.push('"');
        if marked && let Some(background) = resolved.as_ref().and_then(line_background) {
            let _ = write!(html, " style=\"{background}\"");
        }
        html.push('>');
        if fence.line_numbers {
            let shown = (fence.line_number_start + index as isize).to_string();
            let _ = write!(
                html,
                "<span aria-hidden=\"true\" class=\"giallo-ln\">{shown:>width$}</span>"
            );
        }
        for token in line {
            push_token(
                &mut html,
                &code[token.text.clone()],
                &attributes[token.stack],
            );
        }
        html.push_str("</span>");
        rendered.push(html);
    }
    let mut attributes = format!("data-lang=\"{}\"", escape_attribute(language));
    for (key, value) in &fence.rest {
        let key: String = key
            .to_lowercase()
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let _ = write!(attributes, " data-{key}=\"{}\"", escape_attribute(value));
    }
    let pre = match (&resolved, classes) {
        (_, true) => "<pre class=\"giallo z-code\">".to_string(),
        (Some(Resolved::Single(theme)), _) => {
            let (fg, bg) = theme_colors(theme);
            format!(
                "<pre class=\"giallo\" style=\"color: {}; background-color: {};\">",
                hex(fg),
                hex(bg)
            )
        }
        (Some(Resolved::Dual(light, dark)), _) => {
            let ((lf, lb), (df, db)) = (theme_colors(light), theme_colors(dark));
            format!(
                "<pre class=\"giallo\" style=\"color-scheme: light dark; color: light-dark({}, {}); background-color: light-dark({}, {});\">",
                hex(lf),
                hex(df),
                hex(lb),
                hex(db)
            )
        }
        (None, false) => "<pre class=\"giallo\">".to_string(),
    };
    format!(
        "{pre}<code {attributes}>{}</code></pre>",
        rendered.join("\n")
    )
}

/// The attributes of the spans of each of the block's scope stacks: ` class="..."`,
/// ` style="..."` or nothing. They are kept across blocks, so a stack is styled once a build.
fn span_attributes(
    tokens: &Tokens,
    classes: bool,
    themes: Themes,
    resolved: Option<&Resolved>,
    highlighter: &Highlighter,
) -> Vec<std::sync::Arc<str>> {
    let way = if classes {
        "classes".to_string()
    } else {
        format!("{themes:?}")
    };
    let mut colours = None;
    highlighter.span_attributes(&way, &tokens.stacks, |scopes| match resolved {
        None => class_attribute(scopes),
        Some(resolved) => {
            // The themes' highlighters are made only when a stack is new.
            let css = colours
                .get_or_insert_with(|| Colours::new(resolved))
                .css(scopes);
            if css.is_empty() {
                css
            } else {
                format!(" style=\"{css}\"")
            }
        }
    })
}

/// The themes' own highlighters, which sort their rules once for the block's new stacks.
enum Colours<'a> {
    Single(Painter<'a>),
    Dual(Painter<'a>, Painter<'a>),
}

/// A theme and its highlighter.
struct Painter<'a> {
    theme: &'a Theme,
    highlighter: ThemeHighlighter<'a>,
}

impl<'a> Painter<'a> {
    fn new(theme: &'a Theme) -> Self {
        Painter {
            theme,
            highlighter: ThemeHighlighter::new(theme),
        }
    }

    fn style(&self, scopes: &[Scope]) -> Style {
        self.highlighter.style_for_stack(scopes)
    }

    /// The theme's text colour.
    fn foreground(&self) -> Color {
        theme_colors(self.theme).0
    }
}

impl<'a> Colours<'a> {
    fn new(themes: &Resolved<'a>) -> Self {
        match themes {
            Resolved::Single(theme) => Colours::Single(Painter::new(theme)),
            Resolved::Dual(light, dark) => Colours::Dual(Painter::new(light), Painter::new(dark)),
        }
    }
}

impl Colours<'_> {
    /// The inline CSS of a token in `scopes`; empty when it has the themes' default colours.
    fn css(&self, scopes: &[Scope]) -> String {
        match self {
            Colours::Single(painter) => {
                style_css(painter.style(scopes), theme_colors(painter.theme))
            }
            Colours::Dual(light, dark) => {
                let (l, d) = (light.style(scopes), dark.style(scopes));
                if l.foreground == light.foreground() && d.foreground == dark.foreground() {
                    return String::new();
                }
                let mut css = format!(
                    "color: light-dark({}, {});",
                    hex(l.foreground),
                    hex(d.foreground)
                );
                css.push_str(&font_css(l.font_style));
                css
            }
        }
    }
}

/// ` class="z-source z-rust ..."`: each atom of each scope once, outermost first.
fn class_attribute(scopes: &[Scope]) -> String {
    let mut names: Vec<String> = Vec::new();
    for scope in scopes {
        for atom in scope.build_string().split('.') {
            let name = format!("z-{atom}");
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    if names.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", names.join(" "))
    }
}

fn push_token(html: &mut String, text: &str, attributes: &str) {
    html.push_str("<span");
    html.push_str(attributes);
    html.push('>');
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html_body_text(&mut *html, text);
    html.push_str("</span>");
}

/// A token's inline style against the theme's default colours; empty when it has none.
fn style_css(style: Style, (fg, bg): (Color, Color)) -> String {
    let mut css = String::new();
    if style.foreground != fg {
        let _ = write!(css, "color: {};", hex(style.foreground));
    }
    if style.background != bg {
        let _ = write!(css, "background-color: {};", hex(style.background));
    }
    css.push_str(&font_css(style.font_style));
    css
}

fn font_css(font: FontStyle) -> String {
    let mut css = String::new();
    if font.contains(FontStyle::BOLD) {
        css.push_str("font-weight: bold;");
    }
    if font.contains(FontStyle::ITALIC) {
        css.push_str("font-style: italic;");
    }
    if font.contains(FontStyle::UNDERLINE) {
        css.push_str("text-decoration: underline;");
    }
    css
}

/// The theme's text and background colours.
fn theme_colors(theme: &Theme) -> (Color, Color) {
    (
        theme.settings.foreground.unwrap_or(Color::BLACK),
        theme.settings.background.unwrap_or(Color::WHITE),
    )
}

/// The inline background of a highlighted line, when the theme has one.
fn line_background(themes: &Resolved) -> Option<String> {
    match themes {
        Resolved::Single(theme) => theme
            .settings
            .line_highlight
            .map(|c| format!("background-color: {};", hex(c))),
        Resolved::Dual(light, dark) => {
            let (l, d) = (
                light.settings.line_highlight?,
                dark.settings.line_highlight?,
            );
            Some(format!(
                "background-color: light-dark({}, {});",
                hex(l),
                hex(d)
            ))
        }
    }
}

fn hex(color: Color) -> String {
    format!("#{:02X}{:02X}{:02X}", color.r, color.g, color.b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_are_read_as_zola_reads_them() {
        let fence = Fence::parse(
            "rust, linenos, linenostart=10, hl_lines=3-4 8 2-1, hide_lines=2 x, name=mod.rs",
        );
        assert_eq!(fence.language, "rust");
        assert!(fence.line_numbers);
        assert_eq!(fence.line_number_start, 10);
        assert_eq!(fence.highlight_lines, vec![3..=4, 8..=8, 1..=2]);
        assert_eq!(fence.hide_lines, vec![2..=2]);
        assert_eq!(fence.rest.get("name").map(String::as_str), Some("mod.rs"));
        assert_eq!(Fence::parse("rust {.x}").language, "rust");
        assert_eq!(Fence::parse("").language, "");
    }

    #[test]
    fn unhighlighted_blocks_are_zolas() {
        let highlighter = Highlighter::new();
        let out = render(
            &Fence::parse("rust,linenos"),
            "a < b\n",
            CodeHighlight::Off,
            &highlighter,
        );
        assert_eq!(
            out,
            "<pre><code data-lang=\"rust\">a &lt; b\n</code></pre>\n"
        );
        let out = render(&Fence::parse(""), "x\n", CodeHighlight::Off, &highlighter);
        assert_eq!(out, "<pre><code>x\n</code></pre>\n");
    }

    fn lines_of(info: &str, code: &str, classes: bool, themes: Themes) -> String {
        render(
            &Fence::parse(info),
            code,
            CodeHighlight::Lines { classes, themes },
            &Highlighter::new(),
        )
    }

    #[test]
    fn line_numbers_highlighted_and_hidden_lines_with_classes() {
        insta::assert_snapshot!(lines_of(
            "rust,linenos,linenostart=9,hl_lines=2,hide_lines=3,name=main.rs",
            "fn main() {\n    let x = 1;\n    // hidden\n}\n",
            true,
            Themes::Single("github-dark"),
        ));
    }

    #[test]
    fn inline_colours_with_one_theme() {
        insta::assert_snapshot!(lines_of(
            "rust",
            "let x = 1;\n",
            false,
            Themes::Single("github-dark"),
        ));
    }

    #[test]
    fn inline_colours_with_light_and_dark_themes() {
        insta::assert_snapshot!(lines_of(
            "rust,hl_lines=1",
            "let x = 1;\n",
            false,
            Themes::Dual {
                light: "github-light",
                dark: "github-dark"
            },
        ));
    }

    #[test]
    fn unknown_languages_are_plain_lines() {
        insta::assert_snapshot!(lines_of("nope", "<a>\nb\n", true, Themes::Single("x")));
    }
}
