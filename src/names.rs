//! The rules every name in the output obeys, whatever made it (a page's slug or `path`, a
//! file name, a taxonomy term, a static file): one place, so that the check on `path` and the
//! check on the finished output cannot drift apart.

use unicode_normalization::UnicodeNormalization;

/// Names Windows reserves for devices, with or without an extension (`con`, `nul.txt`).
const WINDOWS_RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// True when Windows cannot have a file or folder of this name.
pub(crate) fn is_windows_reserved(segment: &str) -> bool {
    let stem = segment.split('.').next().unwrap_or(segment);
    let stem = stem.trim_end_matches([' ', '.']).to_ascii_lowercase();
    WINDOWS_RESERVED.contains(&stem.as_str())
}

/// The form in which two output paths are the same file on some file system: without case
/// (macOS, Windows) and in Unicode normalization form C (macOS stores `é` as `e` + accent,
/// so `café` written both ways is one file there).
pub(crate) fn comparable(path: &str) -> String {
    path.nfc().collect::<String>().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_names_are_found_with_any_case_or_extension() {
        for name in ["con", "CON", "nul.txt", "Com1.html", "aux.tar.gz", "lpt9"] {
            assert!(is_windows_reserved(name), "{name}");
        }
        for name in ["console", "icon", "com10", "a", "nul-1"] {
            assert!(!is_windows_reserved(name), "{name}");
        }
    }

    #[test]
    fn paths_in_nfc_and_nfd_compare_equal() {
        assert_eq!(
            comparable("caf\u{e9}/index.html"),
            comparable("cafe\u{301}/index.html")
        );
        assert_eq!(comparable("A/B"), "a/b");
    }
}
