//! Code highlighting with syntect: the syntax set and themes are loaded once per build.
//! Code is marked up with CSS classes (one stylesheet per theme colours every page), or cut
//! into lines of tokens with their scopes for the Zola 0.22 renderings in `code`.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap;
use syntect::easy::ScopeRangeIterator;
use syntect::highlighting::{Theme, ThemeSet};
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::contrast::{MIN_CONTRAST, with_min_contrast};
use crate::cache::{self, Cache};

/// The prefix of every highlighting class, so they never clash with a site's own classes.
const CLASS_PREFIX: &str = "z-";
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed {
    prefix: CLASS_PREFIX,
};

/// How many bytes of highlighted HTML a build keeps in memory for blocks it meets again.
const MEMORY_BUDGET: usize = 32 * 1024 * 1024;

/// The syntaxes and themes, loaded once and shared by every page render, and the blocks
/// already highlighted: sites repeat the same snippets (a `curl -i` line, a config excerpt)
/// across many pages, and highlighting is the costliest part of rendering Markdown. Blocks
/// are kept in memory up to a budget, and in the persistent cache between builds.
pub struct Highlighter {
    syntaxes: SyntaxSet,
    themes: ThemeSet,
    done: RwLock<HashMap<u64, Option<Arc<str>>>>,
    held: AtomicUsize,
    cache: Arc<Cache>,
    attributes: RwLock<SpanAttributeMemo>,
}

impl Highlighter {
    /// Loads syntect's bundled syntaxes and themes from their binary dumps.
    pub fn new() -> Highlighter {
        Highlighter::with_cache(Arc::new(Cache::disabled()))
    }

    /// A highlighter that reads and fills `cache` across builds.
    pub(crate) fn with_cache(cache: Arc<Cache>) -> Highlighter {
        Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            themes: ThemeSet::load_defaults(),
            done: RwLock::new(HashMap::new()),
            held: AtomicUsize::new(0),
            cache,
            attributes: RwLock::new(SpanAttributeMemo::default()),
        }
    }

    /// The persistent cache this highlighter uses.
    pub(crate) fn cache(&self) -> &Cache {
        &self.cache
    }

    /// The names of the themes a stylesheet can be made from.
    pub(crate) fn theme_names(&self) -> impl Iterator<Item = &str> {
        self.themes.themes.keys().map(String::as_str)
    }

    /// The stylesheet for a theme, with every colour made to meet WCAG AA contrast, or
    /// `None` when there is no theme by that name.
    pub(crate) fn stylesheet(&self, theme: &str) -> Option<String> {
        let theme = self.themes.themes.get(theme)?;
        let readable = with_min_contrast(theme, MIN_CONTRAST);
        css_for_theme_with_class_style(&readable, CLASS_STYLE).ok()
    }

    /// Highlights `code` as `language` (a fence token such as `rust` or `sh`), returning the
    /// HTML to put inside `<code>`; `None` when the language is unknown or highlighting fails.
    pub(crate) fn highlight(&self, language: &str, code: &str) -> Option<Arc<str>> {
        let key = xxhash_rust::xxh3::xxh3_64_with_seed(
            code.as_bytes(),
            xxhash_rust::xxh3::xxh3_64(language.as_bytes()),
        );
        if let Some(done) = self
            .done
            .read()
            .ok()
            .and_then(|done| done.get(&key).cloned())
        {
            return done;
        }
        let html: Option<Arc<str>> = self.highlight_persisted(language, code).map(Arc::from);
        let size = html.as_deref().map_or(0, str::len) + code.len();
        if self.held.load(Ordering::Relaxed) < MEMORY_BUDGET
            && let Ok(mut done) = self.done.write()
        {
            self.held.fetch_add(size, Ordering::Relaxed);
            done.insert(key, html.clone());
        }
        html
    }

    /// Highlights `code` through the persistent cache. Blocks in unknown languages are not
    /// cached: finding that out is cheap.
    fn highlight_persisted(&self, language: &str, code: &str) -> Option<String> {
        let key = cache::key(
            "highlight-classed",
            &[
                CLASS_PREFIX.as_bytes(),
                language.as_bytes(),
                code.as_bytes(),
            ],
        );
        let syntax = self.syntaxes.find_syntax_by_token(language)?;
        if let Some(html) = self.cache.get(key).and_then(|b| String::from_utf8(b).ok()) {
            return Some(html);
        }
        let html = self.highlight_uncached(syntax, code)?;
        self.cache.put(key, html.as_bytes());
        Some(html)
    }

    fn highlight_uncached(&self, syntax: &SyntaxReference, code: &str) -> Option<String> {
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        Some(generator.finalize())
    }
}

/// A piece of a highlighted line: where its text is in the block's code, and which of the
/// block's scope stacks it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) text: Range<usize>,
    pub(crate) stack: usize,
}

/// A block cut into lines of tokens. Tokens name their scope stack by its index in
/// `stacks`, so a stack that a hundred tokens share is kept, and styled, once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tokens {
    /// The distinct scope stacks of the block, each outermost first.
    pub(crate) stacks: Vec<Vec<Scope>>,
    pub(crate) lines: Vec<Vec<Token>>,
}

impl Tokens {
    /// Each line of `code` as one token with no scopes, for code in no known language.
    pub(crate) fn plain(code: &str) -> Tokens {
        let lines = line_starts(code)
            .map(|(start, line)| {
                let text = line.trim_end_matches(['\n', '\r']);
                vec![Token {
                    text: start..start + text.len(),
                    stack: 0,
                }]
            })
            .collect();
        Tokens {
            stacks: vec![Vec::new()],
            lines,
        }
    }
}

/// The lines of `code` with their newlines, each with the offset it starts at.
fn line_starts(code: &str) -> impl Iterator<Item = (usize, &str)> {
    LinesWithEndings::from(code).scan(0, |start, line| {
        let at = *start;
        *start += line.len();
        Some((at, line))
    })
}

/// The span attributes already worked out for each way of colouring (`classes` or themes)
/// and each scope stack: the blocks of one site share most of their stacks.
type SpanAttributeMemo = FxHashMap<String, FxHashMap<Vec<Scope>, Arc<str>>>;

impl Highlighter {
    /// The code's lines as tokens with their scope stacks; `None` when no syntax knows
    /// `language` (the caller falls back to plain text).
    pub(crate) fn tokens(&self, language: &str, code: &str) -> Option<Tokens> {
        let syntax = self.syntaxes.find_syntax_by_token(language)?;
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut known: FxHashMap<Vec<Scope>, usize> = FxHashMap::default();
        let mut stacks = Vec::new();
        let mut lines = Vec::new();
        for (start, line) in line_starts(code) {
            let ops = state.parse_line(line, &self.syntaxes).ok()?;
            let mut tokens = Vec::new();
            for (range, op) in ScopeRangeIterator::new(&ops, line) {
                stack.apply(op).ok()?;
                let text = line[range.clone()].trim_end_matches(['\n', '\r']);
                if text.is_empty() {
                    continue;
                }
                let scopes = stack.as_slice();
                let index = match known.get(scopes) {
                    Some(&index) => index,
                    None => {
                        known.insert(scopes.to_vec(), stacks.len());
                        stacks.push(scopes.to_vec());
                        stacks.len() - 1
                    }
                };
                let from = start + range.start;
                tokens.push(Token {
                    text: from..from + text.len(),
                    stack: index,
                });
            }
            lines.push(tokens);
        }
        Some(Tokens { stacks, lines })
    }

    /// The span attributes of each of `stacks` coloured in the way `way` names, from the
    /// memo or from `make` (called only for stacks not seen before in that way).
    pub(crate) fn span_attributes(
        &self,
        way: &str,
        stacks: &[Vec<Scope>],
        mut make: impl FnMut(&[Scope]) -> String,
    ) -> Vec<Arc<str>> {
        let mut found: Vec<Option<Arc<str>>> = match self.attributes.read() {
            Ok(memo) => {
                let known = memo.get(way);
                stacks
                    .iter()
                    .map(|stack| known.and_then(|known| known.get(stack.as_slice()).cloned()))
                    .collect()
            }
            Err(_) => vec![None; stacks.len()],
        };
        if found.iter().all(Option::is_some) {
            return found.into_iter().flatten().collect();
        }
        let mut made = Vec::new();
        for (stack, slot) in stacks.iter().zip(&mut found) {
            if slot.is_none() {
                let attributes: Arc<str> = Arc::from(make(stack));
                made.push((stack.clone(), attributes.clone()));
                *slot = Some(attributes);
            }
        }
        if let Ok(mut memo) = self.attributes.write() {
            memo.entry(way.to_string()).or_default().extend(made);
        }
        found.into_iter().flatten().collect()
    }

    /// The syntect theme nearest to a Zola (TextMate) theme name.
    pub(crate) fn theme(&self, zola_name: &str) -> Option<&Theme> {
        self.themes
            .themes
            .get(zola_name)
            .or_else(|| self.themes.themes.get(nearest_theme(zola_name)))
    }

    /// The HTML `make` gives, kept in the persistent cache under `parts`.
    pub(crate) fn cached(&self, parts: &[&[u8]], make: impl FnOnce() -> String) -> String {
        let key = cache::key("highlight-zola", parts);
        if let Some(html) = self.cache.get(key).and_then(|b| String::from_utf8(b).ok()) {
            return html;
        }
        let html = make();
        self.cache.put(key, html.as_bytes());
        html
    }
}

/// The bundled syntect theme closest to a Zola 0.22 theme name (Zola ships TextMate themes
/// such as `github-dark` or `catppuccin-latte`; syntect has seven).
pub(crate) fn nearest_theme(zola_name: &str) -> &'static str {
    let name = zola_name.to_ascii_lowercase();
    let light = ["light", "latte", "dawn", "day", "morning", "paper"]
        .iter()
        .any(|word| name.contains(word));
    if name.contains("solarized") {
        return if light {
            "Solarized (light)"
        } else {
            "Solarized (dark)"
        };
    }
    if name.contains("ocean") && light {
        return "base16-ocean.light";
    }
    if light {
        return "InspiredGitHub";
    }
    if name.contains("monokai") || name.contains("eighties") {
        return "base16-eighties.dark";
    }
    if name.contains("mocha") {
        return "base16-mocha.dark";
    }
    "base16-ocean.dark"
}

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter::new()
    }
}

/// The stylesheets to write, by output file name, or the unknown theme names.
pub(crate) fn stylesheets<'a>(
    highlighter: &Highlighter,
    themes: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<BTreeMap<String, String>, Vec<String>> {
    let mut sheets = BTreeMap::new();
    let mut unknown = Vec::new();
    for (theme, filename) in themes {
        match highlighter.stylesheet(theme) {
            Some(css) => {
                sheets.insert(filename.to_string(), css);
            }
            None => unknown.push(theme.to_string()),
        }
    }
    if unknown.is_empty() {
        Ok(sheets)
    } else {
        Err(unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes_and_no_inline_style() {
        let highlighter = Highlighter::new();
        let html = highlighter.highlight("rust", "fn main() {}\n").unwrap();
        assert!(html.contains("class=\"z-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn unknown_languages_are_not_highlighted() {
        assert_eq!(Highlighter::new().highlight("no-such-language", "x"), None);
    }

    #[test]
    fn repeated_blocks_come_from_the_cache_and_languages_are_kept_apart() {
        let highlighter = Highlighter::new();
        let first = highlighter.highlight("rust", "let x = 1;\n").unwrap();
        let again = highlighter.highlight("rust", "let x = 1;\n").unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        let python = highlighter.highlight("python", "let x = 1;\n").unwrap();
        assert_ne!(first, python);
    }

    #[test]
    fn tokens_carry_their_scopes_line_by_line() {
        let code = "fn main() {}\nlet x = 1;\n";
        let tokens = Highlighter::new().tokens("rust", code).unwrap();
        assert_eq!(tokens.lines.len(), 2);
        let first = &tokens.lines[0][0];
        assert_eq!(&code[first.text.clone()], "fn");
        assert!(tokens.stacks[first.stack].len() > 1, "{tokens:?}");
        for (line, tokens) in code.lines().zip(&tokens.lines) {
            let text: String = tokens.iter().map(|t| &code[t.text.clone()]).collect();
            assert_eq!(text, line, "the tokens cover the line, in order");
        }
        let stacks: std::collections::HashSet<_> = tokens.stacks.iter().collect();
        assert_eq!(stacks.len(), tokens.stacks.len(), "each stack is kept once");
    }

    #[test]
    fn span_attributes_are_made_once_per_way_and_stack() {
        let highlighter = Highlighter::new();
        let tokens = highlighter.tokens("rust", "let x = 1;\n").unwrap();
        let mut made = 0;
        let first = highlighter.span_attributes("a", &tokens.stacks, |stack| {
            made += 1;
            format!("{}", stack.len())
        });
        assert_eq!(made, tokens.stacks.len());
        let again = highlighter.span_attributes("a", &tokens.stacks, |_| unreachable!());
        assert_eq!(first, again);
        let other = highlighter.span_attributes("b", &tokens.stacks, |_| "b".to_string());
        assert!(other.iter().all(|attributes| &**attributes == "b"));
    }

    #[test]
    fn zola_theme_names_map_to_the_nearest_bundled_theme() {
        assert_eq!(nearest_theme("github-light"), "InspiredGitHub");
        assert_eq!(nearest_theme("github-dark"), "base16-ocean.dark");
        assert_eq!(nearest_theme("solarized-light"), "Solarized (light)");
        assert_eq!(nearest_theme("catppuccin-mocha"), "base16-mocha.dark");
        assert!(Highlighter::new().theme("InspiredGitHub").is_some());
    }

    #[test]
    fn stylesheets_use_the_same_class_prefix() {
        let highlighter = Highlighter::new();
        let css = highlighter.stylesheet("InspiredGitHub").unwrap();
        assert!(css.contains(".z-code"), "{css}");
        assert_eq!(highlighter.stylesheet("Nope"), None);
    }
}
