//! Zola's `ignored_content` and `ignored_static`: glob patterns of files left out of the site.

use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::Path;

use crate::error::{Diagnostic, Diagnostics};
use crate::front_value;

/// Compiled patterns, matched as Zola's `globset` does (`*` also matches `/`) against a path
/// relative to its folder, with `/` separators.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ignored {
    globs: GlobSet,
}

impl Ignored {
    /// The patterns of setting `key`, each broken one an error at its line of `text`.
    pub(crate) fn compile(
        patterns: &[String],
        key: &str,
        path: &Path,
        text: &str,
        diagnostics: &mut Diagnostics,
    ) -> Ignored {
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            match Glob::new(pattern) {
                Ok(glob) => {
                    builder.add(glob);
                }
                Err(error) => diagnostics.push(
                    Diagnostic::error(
                        path,
                        format!(
                            "`{key}`: the pattern `{pattern}` is not a glob: {}",
                            error.kind()
                        ),
                    )
                    .at_opt(front_value::line_of_key(text, key))
                    .with_hint("write globs as Zola does, such as \"*.xlsx\" or \"**/drafts\""),
                ),
            }
        }
        let globs = builder.build().unwrap_or_else(|_| GlobSet::empty());
        Ignored { globs }
    }

    /// Whether `relative` (a file under the folder) is left out: it or one of its folders
    /// matches a pattern, so `**/drafts` leaves out everything under any `drafts/`.
    pub(crate) fn contains(&self, relative: &str) -> bool {
        if self.globs.is_empty() {
            return false;
        }
        let mut at = relative.len();
        loop {
            if self.globs.is_match(&relative[..at]) {
                return true;
            }
            match relative[..at].rfind('/') {
                Some(slash) => at = slash,
                None => return false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ignored(patterns: &[&str]) -> Ignored {
        let patterns: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        let mut diagnostics = Diagnostics::default();
        let ignored = Ignored::compile(
            &patterns,
            "ignored_content",
            Path::new("config.toml"),
            "",
            &mut diagnostics,
        );
        assert!(diagnostics.into_sorted().is_empty());
        ignored
    }

    #[test]
    fn patterns_match_files_and_everything_under_a_matching_folder() {
        let set = ignored(&["*.{graphml,xlsx}", "**/temp_folder", "drafts/*.md"]);
        assert!(set.contains("data.xlsx"));
        assert!(
            set.contains("blog/deep/chart.graphml"),
            "`*` crosses folders as in Zola"
        );
        assert!(set.contains("temp_folder/a.md"));
        assert!(set.contains("blog/temp_folder/x/y.png"));
        assert!(set.contains("drafts/one.md"));
        assert!(!set.contains("blog/one.md"));
        assert!(!set.contains("temp_folder_not.md"));
        assert!(!Ignored::default().contains("anything.md"));
    }

    #[test]
    fn a_broken_pattern_is_an_error_at_its_line() {
        let mut diagnostics = Diagnostics::default();
        let text = "title = \"x\"\nignored_static = [\"a[\"]\n";
        Ignored::compile(
            &["a[".to_string()],
            "ignored_static",
            Path::new("config.toml"),
            text,
            &mut diagnostics,
        );
        let problems = diagnostics.into_sorted();
        assert_eq!(problems.len(), 1);
        let shown = problems[0].to_string();
        assert!(
            shown.contains("config.toml:2") && shown.contains("`a[`"),
            "{shown}"
        );
    }
}
