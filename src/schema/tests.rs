use std::path::Path;

use super::*;
use crate::config::Config;

/// The schemas of a `config.toml` made of `text` and a base URL, with its other diagnostics.
fn parse(text: &str) -> (Schemas, Vec<String>) {
    let text = format!("base_url = \"https://example.org/\"\n{text}");
    let (config, problems) = Config::parse_for_tests(&text);
    let shown = problems.iter().map(ToString::to_string).collect();
    (config.unwrap().schemas, shown)
}

fn schemas(text: &str) -> Schemas {
    let (schemas, problems) = parse(text);
    assert_eq!(problems, Vec::<String>::new());
    schemas
}

/// The problems of the page at `relative_path` (under `content/`) whose text is `source`;
/// only `s5/500.md` and `s5/_index.md` exist besides it.
fn check(schemas: &Schemas, relative_path: &str, source: &str) -> Vec<String> {
    let body_offset = source.rfind("+++\n").or(source.rfind("---\n")).unwrap() + 4;
    let file = Path::new("content").join(relative_path);
    let page = PageSource {
        file: &file,
        relative_path,
        source,
        body_offset,
    };
    let exists = |path: &str| ["s5/500.md", "s5/_index.md", relative_path].contains(&path);
    let mut problems = Diagnostics::default();
    schemas.check_page(page, &exists, Severity::Error, &mut problems);
    problems.iter().map(ToString::to_string).collect()
}

const ARTICLE: &str = r#"
[schemas.article]
pages = ["s[1-9]/*.md"]
headings = ["Plot", "Cast notes"]
new = { path = "s{value:1}/{value}.md", argument = "^[1-9][0-9][0-9]$" }

[schemas.article.fields]
title = { required = true, type = "string", min_length = 1 }
"extra.number" = { required = true, type = "integer", min = 100, max = 999, equals = "{stem}" }
"extra.season" = { required = true, type = "string", equals = ["{folder}", "s{stem:1}"] }
"extra.rating" = { required = true, one_of = ["all", "teen", "adult"], default = "all" }
"extra.channel" = { type = "string", pattern = "^[a-z]+$", doc = "the channel, in lower case" }
"extra.link" = { type = "url" }
"extra.aired" = { type = "boolean" }
"extra.ratio" = { type = "float", max = 1.0 }
"extra.since" = { type = "date" }
"extra.cast" = { type = "array", items = "string", max_length = 2 }
"extra.related" = { type = "array", items = "integer", page = "s{value:1}/{value}.md" }
"#;

const GOOD: &str = "+++\ntitle = \"The Gateway\"\n[extra]\nnumber = 502\nseason = \"s5\"\nrating = \"all\"\nchannel = \"bbc\"\nlink = \"https://example.org/episodes/502\"\naired = false\nratio = 0.5\nsince = 2022-06-01\ncast = [\"Ann\"]\nrelated = [500]\n+++\n\n## Plot\n\nText.\n\n## Cast notes\n\n### Guest stars\n";

#[test]
fn declarations_are_read_in_order_with_their_rules() {
    let schemas = schemas(ARTICLE);
    let article = schemas.get("article").unwrap();
    let keys: Vec<&str> = article.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "title",
            "extra.number",
            "extra.season",
            "extra.rating",
            "extra.channel",
            "extra.link",
            "extra.aired",
            "extra.ratio",
            "extra.since",
            "extra.cast",
            "extra.related"
        ]
    );
    let number = &article.fields[1];
    assert_eq!(number.kind, Kind::Scalar(Scalar::Integer));
    assert_eq!((number.min, number.max), (Some(100.0), Some(999.0)));
    assert_eq!(number.table().as_deref(), Some("extra"));
    assert_eq!(article.fields[10].kind, Kind::Array(Some(Scalar::Integer)));
    assert!(article.covers("s5/502.md"));
    assert!(
        !article.covers("s5/_index.md"),
        "sections are never covered"
    );
    assert!(!article.covers("faq.md"));
    assert!(
        !article.covers("s5/deep/502.md"),
        "`*` stays within a folder"
    );
    assert_eq!(
        schemas.for_argument("418").map(|s| s.name.as_str()),
        Some("article")
    );
    assert!(schemas.for_argument("post").is_none());
}

#[test]
fn unknown_rule_names_are_warnings_at_their_line() {
    let (_, problems) =
        parse("[schemas.a]\npages = [\"*.md\"]\n[schemas.a.fields]\ntitle = { requird = true }\n");
    assert_eq!(
        problems,
        [
            "warning: config.toml:5:11: unknown setting `schemas.a.fields.title.requird` is ignored\n  hint: check the spelling, or move free-form settings under [extra]"
        ]
    );
}

#[test]
fn broken_rules_are_errors_at_their_field_in_the_config() {
    let (schemas, problems) = parse(
        "[schemas.a]\npages = [\"*.md\"]\n[schemas.a.fields]\ntitle = { type = \"text\" }\n\"extra.number\" = { pattern = \"(\" }\n\"extra.b\" = { equals = \"{number}\" }\n\n[schemas.b]\nheadings = []\n",
    );
    insta::assert_snapshot!(problems.join("\n"));
    assert!(schemas.get("a").is_none() && schemas.get("b").is_none());
}

#[test]
fn a_page_keeping_every_rule_passes() {
    assert_eq!(
        check(&schemas(ARTICLE), "s5/502.md", GOOD),
        Vec::<String>::new()
    );
}

#[test]
fn pages_outside_the_schema_are_not_checked() {
    let schemas = schemas(ARTICLE);
    assert_eq!(
        check(&schemas, "faq.md", "+++\n+++\n"),
        Vec::<String>::new()
    );
    assert_eq!(
        check(&schemas, "s5/_index.md", "+++\n+++\n"),
        Vec::<String>::new()
    );
}

#[test]
fn every_broken_rule_is_placed_at_its_key_with_a_hint() {
    let page = "+++\ntitle = \"\"\n[extra]\nnumber = 503\nseason = \"s4\"\nrating = \"gory\"\nchannel = \"BBC\"\nlink = \"javascript:alert(1)\"\naired = \"no\"\nratio = 1.5\nsince = \"last year\"\ncast = [\"A\", 2, \"C\"]\nrelated = [500, 999]\n+++\n\n## Cast notes\n";
    insta::assert_snapshot!(check(&schemas(ARTICLE), "s5/502.md", page).join("\n"));
}

#[test]
fn missing_keys_point_at_their_table_and_say_what_to_add() {
    let page = "+++\n\n[extra]\nnumber = 502\n+++\n## Plot\n## Cast notes\n";
    assert_eq!(
        check(&schemas(ARTICLE), "s5/502.md", page),
        [
            "error: content/s5/502.md:1:1: `title` is missing\n  hint: the schema `article` wants title = \"...\"",
            "error: content/s5/502.md:3:2: `extra.season` is missing under [extra]\n  hint: the schema `article` wants season = \"s5\" under [extra]",
            "error: content/s5/502.md:3:2: `extra.rating` is missing under [extra]\n  hint: the schema `article` wants rating = \"all\" under [extra]",
        ]
    );
}

#[test]
fn a_value_that_is_no_table_cannot_hold_keys() {
    let page = "+++\ntitle = \"A\"\nextra = 5\n+++\n## Plot\n## Cast notes\n";
    let found = check(&schemas(ARTICLE), "s5/502.md", page);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with(
            "error: content/s5/502.md:3:1: `extra` is an integer, so it cannot hold `extra.number`"
        ),
        "{found:#?}"
    );
}

#[test]
fn urls_must_be_absolute_http_or_https() {
    let schemas =
        schemas("[schemas.u]\npages = [\"*.md\"]\nfields = { link = { type = \"url\" } }\n");
    let with = |url: &str| check(&schemas, "a.md", &format!("+++\nlink = \"{url}\"\n+++\n"));
    for good in [
        "https://example.org/",
        "http://localhost:8080/x?a=1",
        "HTTPS://EXAMPLE.ORG",
    ] {
        assert_eq!(with(good), Vec::<String>::new(), "{good}");
    }
    for bad in [
        "javascript:alert(1)",
        "JavaScript://x.org/%0Aalert(1)",
        "/relative/",
        "https://",
        "https:///x",
        "data:text/html,hi",
        "https://x.org/a b",
        "ftp://x.org/",
    ] {
        assert_eq!(with(bad).len(), 1, "{bad} was accepted");
    }
}

#[test]
fn headings_must_be_the_schemas_in_order() {
    let schemas = schemas(ARTICLE);
    let front = GOOD.split_inclusive("+++\n").take(2).collect::<String>();
    let with = |body: &str| check(&schemas, "s5/502.md", &format!("{front}{body}"));
    assert_eq!(
        with("\n## Plot\n\n## Cast notes\n\n```\n## not a heading\n```\n"),
        Vec::<String>::new()
    );
    let lines = front.lines().count();
    assert_eq!(
        with("\n## Cast notes\n"),
        [format!(
            "error: content/s5/502.md:{}:1: heading `Cast notes` where the schema wants `Plot`\n  hint: the schema `article` wants these ## headings, in order: Plot; Cast notes",
            lines + 2
        )]
    );
    assert!(
        with("## Plot\n")
            .join("")
            .contains("the heading `## Cast notes` is missing")
    );
    assert!(
        with("## Plot\n## Cast notes\n## Extra\n")
            .join("")
            .contains("heading `Extra` is not in the schema")
    );
}

#[test]
fn yaml_front_matter_is_checked_with_the_same_rules() {
    let page = "---\ntitle: The Gateway\nextra:\n  number: 503\n  season: s5\n  rating: all\n---\n## Plot\n## Cast notes\n";
    assert_eq!(
        check(&schemas(ARTICLE), "s5/502.md", page),
        [
            "error: content/s5/502.md:4:3: `extra.number = 503` does not match this file: the schema `article` wants 502 (`{stem}`)\n  hint: set number = 502, or rename the file to match"
        ]
    );
}

#[test]
fn arrays_without_an_item_type_check_each_element() {
    let schemas = schemas(
        "[schemas.t]\npages = [\"*.md\"]\n[schemas.t.fields]\ntags = { one_of = [\"a\", \"b\"], min_length = 1 }\n",
    );
    assert_eq!(
        check(&schemas, "x.md", "+++\ntags = [\"a\", \"b\"]\n+++\n"),
        Vec::<String>::new()
    );
    assert_eq!(
        check(&schemas, "x.md", "+++\ntags = [\"a\",\n  \"c\"]\n+++\n"),
        [
            "error: content/x.md:3:3: `tags = \"c\"` is not one of \"a\" or \"b\"\n  hint: the schema `t` wants one of \"a\" or \"b\""
        ]
    );
    assert_eq!(check(&schemas, "x.md", "+++\ntags = []\n+++\n").len(), 1);
}

#[test]
fn the_readme_example_compiles() {
    let readme = include_str!("../../README.md");
    let section = &readme[readme.find("## Front matter schemas").unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let schemas = schemas(example);
    let recipe = schemas.get("recipe").unwrap();
    assert_eq!(recipe.fields.len(), 7);
    assert_eq!(recipe.new_path.to_string(), "recipes/{slug}.md");
    let page = "+++\ntitle = \"Soup\"\ndate = 2026-05-01\n[extra]\nserves = 4\nslug = \"soup\"\nsee_also = [\"soup\"]\n+++\n## Ingredients\n## Method\n";
    assert_eq!(
        check(&schemas, "recipes/soup.md", page),
        Vec::<String>::new()
    );
}
