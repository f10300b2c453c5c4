use super::render::excerpt;
use super::*;

#[test]
fn the_line_index_agrees_with_a_scan_from_the_top() {
    for text in ["", "a", "a\n", "a\r\nbé\n\nc", "\n\n", "x\ny"] {
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 1 {
            assert_eq!(
                index.locate(offset),
                Location::of_offset(text, offset),
                "{text:?} {offset}"
            );
        }
        for number in 0..6 {
            assert_eq!(
                index.line(number),
                number.checked_sub(1).and_then(|n| text.lines().nth(n)),
                "{text:?} {number}"
            );
        }
    }
}

#[test]
fn offsets_map_to_one_based_lines_and_character_columns() {
    let text = "ab\ncdé\nf";
    assert_eq!(
        Location::of_offset(text, 0),
        Location { line: 1, column: 1 }
    );
    assert_eq!(
        Location::of_offset(text, 3),
        Location { line: 2, column: 1 }
    );
    assert_eq!(
        Location::of_offset(text, 7),
        Location { line: 2, column: 4 }
    );
    assert_eq!(
        Location::of_offset(text, 100),
        Location { line: 3, column: 2 }
    );
}

#[test]
fn an_offset_inside_a_character_is_moved_back_to_its_start() {
    let text = "é";
    assert_eq!(
        Location::of_offset(text, 1),
        Location { line: 1, column: 1 }
    );
}

#[test]
fn rendering_shows_the_line_with_a_caret_under_the_column() {
    let diagnostic = Diagnostic::error("content/a.md", "invalid front matter: expected a date")
        .at(Location { line: 3, column: 8 })
        .with_hint("write 2026-05-01");
    let source = "+++\ntitle = \"A\"\ndate = 5\n+++\n";
    assert_eq!(
        diagnostic.render(Some(source), false),
        "error: content/a.md:3:8: invalid front matter: expected a date\n   |\n 3 | date = 5\n   |        ^\n  hint: write 2026-05-01"
    );
    let coloured = diagnostic.render(Some(source), true);
    assert!(
        coloured.starts_with("\x1b[1;31merror\x1b[0m"),
        "{coloured:?}"
    );
    assert_eq!(diagnostic.render(None, false), diagnostic.to_string());
}

#[test]
fn a_long_line_is_shown_only_around_the_column() {
    let line = format!("{}X{}", "a".repeat(10_000), "b".repeat(10_000));
    let diagnostic = Diagnostic::error("a.md", "here").at(Location {
        line: 1,
        column: 10_001,
    });
    let shown = diagnostic.render(Some(&line), false);
    let expected = format!(
        "error: a.md:1:10001: here\n   |\n 1 | …{}X{}…\n   |  {}^",
        "a".repeat(60),
        "b".repeat(59),
        " ".repeat(60)
    );
    assert_eq!(shown, expected);
    assert_eq!(
        excerpt("ab\tc", 4),
        ("ab\tc".to_string(), "  \t".to_string())
    );
    assert_eq!(excerpt("", 9), (String::new(), String::new()));
}

#[test]
fn display_names_place_message_and_hint() {
    let diagnostic = Diagnostic::error("content/a.md", "bad thing")
        .at(Location { line: 3, column: 7 })
        .with_hint("do the other thing");
    assert_eq!(
        diagnostic.to_string(),
        "error: content/a.md:3:7: bad thing\n  hint: do the other thing"
    );
}

#[test]
fn origins_without_a_file_are_shown_and_sorted_as_their_pseudo_paths() {
    let builtin = Origin::BuiltinTemplate("atom.xml".into());
    assert_eq!(builtin.to_string(), "(built-in template atom.xml)");
    assert_eq!(Origin::SearchIndex.to_string(), "(search index)");
    assert_eq!(builtin.file(), None);
    assert_eq!(
        Origin::from("content/a.md").file(),
        Some(std::path::Path::new("content/a.md"))
    );
    let mut origins = vec![
        Origin::from("content/a.md"),
        Origin::SearchIndex,
        builtin.clone(),
        Origin::from("(a)"),
    ];
    origins.sort();
    assert_eq!(
        origins,
        [
            Origin::from("(a)"),
            builtin,
            Origin::SearchIndex,
            Origin::from("content/a.md")
        ]
    );
    let problem = Diagnostic::error(Origin::SearchIndex, "indexing failed").at(Location::line(1));
    assert_eq!(problem.place(), "(search index):1:1");
}
