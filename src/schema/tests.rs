use std::path::Path;

use super::*;
use crate::config::Config;

/// The schemas of a `config.toml` made of `text` and a base URL, with its other diagnostics.
fn parse(text: &str) -> (Schemas, Vec<String>) {
    let text = format!("base_url = \"https://example.org/\"\n{text}");
    let (config, problems) = Config::parse(Path::new("config.toml"), &text).unwrap();
    let shown = problems.iter().map(ToString::to_string).collect();
    (config.schemas, shown)
}

fn schemas(text: &str) -> Schemas {
    let (schemas, problems) = parse(text);
    assert_eq!(problems, Vec::<String>::new());
    schemas
}

/// The problems of the page at `relative_path` (under `content/`) whose text is `source`;
/// only `5xx/500.md` and `5xx/_index.md` exist besides it.
fn check(schemas: &Schemas, relative_path: &str, source: &str) -> Vec<String> {
    let body_offset = source.rfind("+++\n").or(source.rfind("---\n")).unwrap() + 4;
    let file = Path::new("content").join(relative_path);
    let page = PageSource {
        file: &file,
        relative_path,
        source,
        body_offset,
    };
    let exists = |path: &str| ["5xx/500.md", "5xx/_index.md", relative_path].contains(&path);
    schemas
        .check_page(page, &exists, Severity::Error)
        .iter()
        .map(ToString::to_string)
        .collect()
}

const ARTICLE: &str = r#"
[schemas.article]
pages = ["[1-5]xx/*.md"]
headings = ["What it means", "How to fix it"]
new = { path = "{value:1}xx/{value}.md", argument = "^[1-5][0-9][0-9]$" }

[schemas.article.fields]
title = { required = true, type = "string", min_length = 1 }
"extra.code" = { required = true, type = "integer", min = 100, max = 599, equals = "{stem}" }
"extra.class" = { required = true, type = "string", equals = "{stem:1}xx" }
"extra.retry" = { required = true, one_of = ["yes", "no", "conditional"], default = "conditional" }
"extra.vendor" = { type = "string", pattern = "^[a-z]+$", doc = "who sends it, in lower case" }
"extra.spec_url" = { type = "url" }
"extra.cacheable" = { type = "boolean" }
"extra.ratio" = { type = "float", max = 1.0 }
"extra.since" = { type = "date" }
"extra.headers" = { type = "array", items = "string", max_length = 2 }
"extra.related" = { type = "array", items = "integer", page = "{value:1}xx/{value}.md" }
"#;

const GOOD: &str = "+++\ntitle = \"Bad Gateway\"\n[extra]\ncode = 502\nclass = \"5xx\"\nretry = \"conditional\"\nvendor = \"iana\"\nspec_url = \"https://www.rfc-editor.org/rfc/rfc9110#section-15.6.3\"\ncacheable = false\nratio = 0.5\nsince = 2022-06-01\nheaders = [\"Retry-After\"]\nrelated = [500]\n+++\n\n## What it means\n\nText.\n\n## How to fix it\n\n### On the server\n";

#[test]
fn declarations_are_read_in_order_with_their_rules() {
    let schemas = schemas(ARTICLE);
    let article = schemas.get("article").unwrap();
    let keys: Vec<&str> = article.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "title",
            "extra.code",
            "extra.class",
            "extra.retry",
            "extra.vendor",
            "extra.spec_url",
            "extra.cacheable",
            "extra.ratio",
            "extra.since",
            "extra.headers",
            "extra.related"
        ]
    );
    let code = &article.fields[1];
    assert_eq!(code.kind, Kind::Scalar(Scalar::Integer));
    assert_eq!((code.min, code.max), (Some(100.0), Some(599.0)));
    assert_eq!(code.table().as_deref(), Some("extra"));
    assert_eq!(article.fields[10].kind, Kind::Array(Some(Scalar::Integer)));
    assert!(article.covers("5xx/502.md"));
    assert!(
        !article.covers("5xx/_index.md"),
        "sections are never covered"
    );
    assert!(!article.covers("faq.md"));
    assert!(
        !article.covers("5xx/deep/502.md"),
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
        "[schemas.a]\npages = [\"*.md\"]\n[schemas.a.fields]\ntitle = { type = \"text\" }\n\"extra.code\" = { pattern = \"(\" }\n\"extra.b\" = { equals = \"{code}\" }\n\n[schemas.b]\nheadings = []\n",
    );
    insta::assert_snapshot!(problems.join("\n"));
    assert!(schemas.get("a").is_none() && schemas.get("b").is_none());
}

#[test]
fn a_page_keeping_every_rule_passes() {
    assert_eq!(
        check(&schemas(ARTICLE), "5xx/502.md", GOOD),
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
        check(&schemas, "5xx/_index.md", "+++\n+++\n"),
        Vec::<String>::new()
    );
}

#[test]
fn every_broken_rule_is_placed_at_its_key_with_a_hint() {
    let page = "+++\ntitle = \"\"\n[extra]\ncode = 503\nclass = \"4xx\"\nretry = \"maybe\"\nvendor = \"Nginx\"\nspec_url = \"javascript:alert(1)\"\ncacheable = \"no\"\nratio = 1.5\nsince = \"last year\"\nheaders = [\"A\", 2, \"C\"]\nrelated = [500, 999]\n+++\n\n## How to fix it\n";
    insta::assert_snapshot!(check(&schemas(ARTICLE), "5xx/502.md", page).join("\n"));
}

#[test]
fn missing_keys_point_at_their_table_and_say_what_to_add() {
    let page = "+++\n\n[extra]\ncode = 502\n+++\n## What it means\n## How to fix it\n";
    assert_eq!(
        check(&schemas(ARTICLE), "5xx/502.md", page),
        [
            "error: content/5xx/502.md:1:1: `title` is missing\n  hint: the schema `article` wants title = \"...\"",
            "error: content/5xx/502.md:3:2: `extra.class` is missing under [extra]\n  hint: the schema `article` wants class = \"5xx\" under [extra]",
            "error: content/5xx/502.md:3:2: `extra.retry` is missing under [extra]\n  hint: the schema `article` wants retry = \"conditional\" under [extra]",
        ]
    );
}

#[test]
fn a_value_that_is_no_table_cannot_hold_keys() {
    let page = "+++\ntitle = \"A\"\nextra = 5\n+++\n## What it means\n## How to fix it\n";
    let found = check(&schemas(ARTICLE), "5xx/502.md", page);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with(
            "error: content/5xx/502.md:3:1: `extra` is an integer, so it cannot hold `extra.code`"
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
    let with = |body: &str| check(&schemas, "5xx/502.md", &format!("{front}{body}"));
    assert_eq!(
        with("\n## What it means\n\n## How to fix it\n\n```\n## not a heading\n```\n"),
        Vec::<String>::new()
    );
    let lines = front.lines().count();
    assert_eq!(
        with("\n## How to fix it\n"),
        [format!(
            "error: content/5xx/502.md:{}:1: heading `How to fix it` where the schema wants `What it means`\n  hint: the schema `article` wants these ## headings, in order: What it means; How to fix it",
            lines + 2
        )]
    );
    assert!(
        with("## What it means\n")
            .join("")
            .contains("the heading `## How to fix it` is missing")
    );
    assert!(
        with("## What it means\n## How to fix it\n## Extra\n")
            .join("")
            .contains("heading `Extra` is not in the schema")
    );
}

#[test]
fn yaml_front_matter_is_checked_with_the_same_rules() {
    let page = "---\ntitle: Bad Gateway\nextra:\n  code: 503\n  class: 5xx\n  retry: conditional\n---\n## What it means\n## How to fix it\n";
    assert_eq!(
        check(&schemas(ARTICLE), "5xx/502.md", page),
        [
            "error: content/5xx/502.md:4:3: `extra.code = 503` does not match this file: the schema `article` wants 502 (`{stem}`)\n  hint: set code = 502, or rename the file to match"
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
