//! Word counts as Zola makes them: the Unicode words (UAX #29) of the Markdown as written,
//! leaving out fenced code blocks. Lines of plain ASCII, most of a typical post, are counted
//! by a small state machine that follows the same rules; other lines go to
//! unicode-segmentation.

use unicode_segmentation::UnicodeSegmentation;

/// The words of Markdown `source` as Zola counts them: Unicode words of the text as written
/// (markup and shortcode calls included), leaving out fenced code blocks.
pub fn word_count(source: &str) -> usize {
    source.split("```").step_by(2).map(words_in).sum()
}

/// The Unicode words of `text`. A line break always ends a word (rules WB3a and WB3b), so
/// each line is counted on its own.
fn words_in(text: &str) -> usize {
    text.split('\n')
        .map(|line| {
            if line.is_ascii() {
                ascii_words(line.as_bytes())
            } else {
                line.unicode_words().count()
            }
        })
        .sum()
}

/// The word-break property of an ASCII character, as far as word counting needs it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// `:` (MidLetter).
    MidLetter,
    /// `,` and `;` (MidNum).
    MidNum,
    /// `.` (MidNumLet).
    MidNumLet,
    /// `'` (Single_Quote).
    Quote,
    /// `_` (ExtendNumLet).
    Underscore,
    Other,
}

impl Class {
    fn of(byte: u8) -> Class {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Digit,
            b':' => Class::MidLetter,
            b',' | b';' => Class::MidNum,
            b'.' => Class::MidNumLet,
            b'\'' => Class::Quote,
            b'_' => Class::Underscore,
            _ => Class::Other,
        }
    }
}

/// The words of one ASCII line: the runs that UAX #29 keeps together and that hold a letter
/// or digit, as `unicode_words` gives them.
fn ascii_words(line: &[u8]) -> usize {
    let mut classes = line.iter().map(|&b| Class::of(b)).chain([Class::Other]);
    // A window of four: two before the boundary looked at, and one after it.
    let (mut before, mut previous) = (Class::Other, Class::Other);
    let Some(mut current) = classes.next() else {
        return 0;
    };
    let mut words = 0;
    let mut has_alphanumeric = false;
    for after in classes {
        if !joins(before, previous, current, after) {
            words += usize::from(has_alphanumeric);
            has_alphanumeric = false;
        }
        has_alphanumeric |= matches!(current, Class::Letter | Class::Digit);
        (before, previous, current) = (previous, current, after);
    }
    words + usize::from(has_alphanumeric)
}

/// True when UAX #29 puts no word boundary between `previous` and `current`, given the
/// characters either side of them (rules WB5 to WB13b; the others never apply to ASCII
/// text without line breaks, or only join spaces).
fn joins(before: Class, previous: Class, current: Class, after: Class) -> bool {
    use Class::*;
    match (previous, current) {
        // WB5, WB8, WB9, WB10.
        (Letter | Digit, Letter | Digit) => true,
        // WB13a, WB13b.
        (Letter | Digit | Underscore, Underscore) | (Underscore, Letter | Digit) => true,
        // WB6, WB7: "can't", "e.g", "a:b".
        (Letter, MidLetter | MidNumLet | Quote) => after == Letter,
        (MidLetter | MidNumLet | Quote, Letter) => before == Letter,
        // WB12, WB11: "3.14", "1,000".
        (Digit, MidNum | MidNumLet | Quote) => after == Digit,
        (MidNum | MidNumLet | Quote, Digit) => before == Digit,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unicode_count(text: &str) -> usize {
        text.unicode_words().count()
    }

    #[test]
    fn ascii_lines_count_as_unicode_segmentation_counts_them() {
        for line in [
            "",
            "one two  three",
            "can't won't 'quoted' it's.",
            "e.g. i.e. a:b a::b a.1 1.a",
            "3.14 1,000,000 1;2 1.2.3 1..2 1,,2 ,5 5,",
            "foo_bar _x x_ __ _1_ a_'b",
            "a-b a/b a\tb a\rb \"q\" (x) [y](z) `c` **b** #h @u",
            "x.'y 1'.2 a:'b 9:9 a:9",
        ] {
            assert_eq!(
                ascii_words(line.as_bytes()),
                unicode_count(line),
                "{line:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn random_ascii_lines_agree(line in "[aZ09:,;.'_ \\-\"\t\r#*@]{0,24}") {
            prop_assert_eq!(ascii_words(line.as_bytes()), unicode_count(&line));
        }

        #[test]
        fn random_text_agrees(text in "[a0:.'_ \n\réü’—]{0,40}") {
            prop_assert_eq!(words_in(&text), unicode_count(&text));
        }
    }
}
