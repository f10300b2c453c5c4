//! The shortcode parser and expander: every argument type, code, escapes, bodies, errors.

use super::*;

fn calls(source: &str) -> Vec<Call> {
    parse(source)
        .unwrap()
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Call(call) => Some(call),
            Piece::Text(_) => None,
        })
        .collect()
}

fn error(source: &str) -> (usize, String) {
    let error = parse(source).unwrap_err();
    (error.offset, error.message)
}

#[test]
fn every_argument_type_is_read() {
    let found = calls(
        "{{ video(a=\"x, y\", b='q', c=`t`, d=3, e=-2, f=1.5, g=true, h=false, i=[1, \"two\", 3.0,]) }}",
    );
    insta::assert_debug_snapshot!(found);
}

#[test]
fn arguments_may_be_separated_by_white_space_as_zola_allows() {
    let found = calls("{{ img(src=\"a.png\" alt=\"A\", wide=true) }}");
    let names: Vec<&str> = found[0]
        .args
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(names, ["src", "alt", "wide"]);
}

#[test]
fn text_and_calls_come_with_their_spans() {
    let pieces = parse("Hi {{ a() }} and {{b(x=1)}}.").unwrap();
    insta::assert_debug_snapshot!(pieces);
}

#[test]
fn nth_counts_each_name_in_document_order() {
    let found = calls("{{ a() }} {{ b() }} {{ a() }}\n{% a() %}\n{{ b() }}\n{% end %}");
    let counted: Vec<(String, usize)> = found.iter().map(|c| (c.name.clone(), c.nth)).collect();
    assert_eq!(
        counted,
        vec![
            ("a".to_string(), 1),
            ("b".to_string(), 1),
            ("a".to_string(), 2),
            ("a".to_string(), 3)
        ]
    );
    let Some(body) = &found[3].body else {
        panic!("no body: {found:?}");
    };
    assert!(matches!(&body[0], Piece::Call(inner) if inner.name == "b" && inner.nth == 2));
}

#[test]
fn bodies_are_trimmed() {
    let found = calls("{% quote(author=\"V\") %}\n  A *quote*\n\n{% end %}after");
    assert_eq!(
        found[0].body,
        Some(vec![Piece::Text("A *quote*".to_string())])
    );
    assert_eq!(found[0].span, 0..46);
}

#[test]
fn calls_in_code_are_text() {
    let source = "`{{ a() }}`\n\n```\n{{ a() }}\n{% b() %}\n```\n\n    {{ a() }}\n";
    assert_eq!(
        parse(source).unwrap(),
        vec![Piece::Text(source.to_string())]
    );
}

#[test]
fn escapes_print_the_call_even_in_code() {
    let pieces =
        parse("{{/* a(x=1) */}} `{{/* a() */}}` {%/* b() */%}\n{{ a() }}\n{%/* end */%}").unwrap();
    assert_eq!(
        pieces,
        vec![Piece::Text(
            "{{ a(x=1) }} `{{ a() }}` {% b() %}\n{{ a() }}\n{% end %}".to_string()
        )]
    );
}

#[test]
fn things_that_are_not_calls_stay_text() {
    for source in ["{{ title }}", "{% raw %}", "{ {a()} }", "{{ 3(x=1) }}", "{"] {
        assert_eq!(
            parse(source).unwrap(),
            vec![Piece::Text(source.to_string())],
            "{source}"
        );
    }
}

/// A malformed inline call: left as text, as Zola prints it, and found for a warning.
fn malformed(source: &str) -> (usize, String) {
    let pieces = parse(source).unwrap();
    assert_eq!(pieces, [Piece::Text(source.to_string())], "{source}");
    let mut found = malformed_inline_calls(source);
    assert_eq!(found.len(), 1, "{source}");
    let error = found.remove(0);
    (error.offset, error.message)
}

#[test]
fn malformed_calls_are_found_with_their_place() {
    insta::assert_debug_snapshot!([
        malformed("ab {{ a(x=) }}"),
        malformed("{{ a(x=\"open) }}"),
        malformed("{{ a(x=1 y) }}"),
        malformed("{{ a(=1) }}"),
        malformed("{{ a(x=nope) }}"),
        malformed("{{ a(x=1) %}"),
        error("{% a() %}\nno end"),
        error("text {% end %}"),
        malformed("{{ a(x=[1, [2]]) }}"),
        error("{% a(x=) %}\n{% end %}"),
    ]);
}

#[test]
fn a_malformed_inline_call_leaves_the_calls_around_it_alone() {
    let found = calls("{{ a(x=) }} {{ b() }} {{ a() }}");
    let counted: Vec<(&str, usize)> = found.iter().map(|c| (c.name.as_str(), c.nth)).collect();
    assert_eq!(counted, [("b", 1), ("a", 1)]);
    assert!(malformed_inline_calls("{{ a() }} `{{ a(x=) }}` {{ page.title }}").is_empty());
}

#[test]
fn expansion_puts_markdown_in_and_html_behind_placeholders() {
    let pieces = parse("A {{ h() }} b.\n\n{{ h() }}\n\n{{ m(t=\"x\") }}\n\n{% q() %}\n{{ m(t=\"in\") }}\n{% end %}\n").unwrap();
    let expanded = expand::<()>(&pieces, &mut |call, body| {
        Ok(match call.name.as_str() {
            "h" => Output::Html(format!("<b>{}</b>", call.nth)),
            "m" => Output::Markdown(format!("*{}*", call.args[0].1.as_str().unwrap_or(""))),
            _ => Output::Html(format!("<q>{}</q>", body.unwrap_or(""))),
        })
    })
    .unwrap();
    insta::assert_snapshot!(expanded.source);
    let html = "<p>A quireshortcode0placeholder b.</p>\n<p>quireshortcode1placeholder</p>\n<p><em>x</em></p>\n<p>quireshortcode2placeholder</p>\n";
    insta::assert_snapshot!(expanded.splice(html.to_string()));
}

#[test]
fn offsets_map_back_to_the_original() {
    let pieces = parse("ab {{ m() }} cd").unwrap();
    let expanded = expand::<()>(&pieces, &mut |_, _| Ok(Output::Markdown("XYZW".into()))).unwrap();
    assert_eq!(expanded.source, "ab XYZW cd");
    assert_eq!(expanded.original_offset(1), 1);
    assert_eq!(expanded.original_offset(4), 3);
    assert_eq!(expanded.original_offset(8), 13);
}
