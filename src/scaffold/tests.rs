use super::*;

const CONFIG: &str = r#"base_url = "https://example.org/"
taxonomies = [{ name = "tags" }]

[schemas.recipe]
pages = ["recipes/*.md"]
headings = ["Ingredients", "Method"]

[schemas.recipe.fields]
title = { required = true, type = "string" }
"extra.serves" = { type = "integer", min = 1, doc = "how many people" }
"extra.course" = { one_of = ["starter", "main"] }
"extra.source" = { type = "url" }
"extra.stem" = { type = "string", equals = "{stem}" }

[schemas.episode]
pages = ["s[1-9]/*.md"]
new = { path = "s{value:1}/{value}.md", argument = "^[1-9][0-9][0-9]$" }
fields = { "extra.number" = { type = "integer", equals = "{stem}" }, weight = { type = "integer", default = "{value}" } }
"#;

fn config() -> Config {
    let (config, problems) = Config::parse_for_tests(CONFIG);
    assert!(problems.is_empty(), "{problems:?}");
    config.unwrap()
}

fn plan_with(
    what: &str,
    value: Option<&str>,
    archetypes: &[(&str, &str)],
) -> Result<Planned, Diagnostic> {
    let archetype = |name: &str| {
        archetypes
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, text)| {
                (
                    PathBuf::from(format!("archetypes/{n}.md")),
                    text.to_string(),
                )
            })
    };
    let is_section = |folder: &str| folder == "recipes" || folder == "blog";
    let files = SiteFiles {
        archetype: &archetype,
        is_section: &is_section,
        content_dir: Path::new("content"),
    };
    let page = NewPage {
        what: what.to_string(),
        value: value.map(str::to_string),
    };
    page.plan(&config(), &files, "2026-11-25")
}

fn plan(what: &str, value: Option<&str>) -> Result<Planned, Diagnostic> {
    plan_with(what, value, &[])
}

#[test]
fn a_schema_page_gets_its_fields_in_order_and_its_headings() {
    let planned = plan("recipe", Some("Onion soup")).unwrap();
    assert_eq!(planned.relative_path, "recipes/onion-soup.md");
    insta::assert_snapshot!(planned.text);
}

#[test]
fn a_value_matching_a_schema_argument_picks_the_schema() {
    let planned = plan("418", None).unwrap();
    assert_eq!(planned.relative_path, "s4/418.md");
    assert_eq!(
        planned.text,
        "+++\ntitle = \"418\"\nweight = 418\ndescription = \"\"\ndate = 2026-11-25\ndraft = true\n\n[taxonomies]\ntags = []\n\n[extra]\nnumber = 418\n+++\n\nWrite the first paragraph here.\n"
    );
    assert!(plan("42", None).is_err(), "no schema takes 42");
}

#[test]
fn a_section_page_takes_the_schema_covering_it() {
    let planned = plan("recipes", Some("Pie")).unwrap();
    assert_eq!(planned.relative_path, "recipes/pie.md");
    assert!(
        planned.text.contains("\n## Ingredients\n"),
        "{}",
        planned.text
    );
    let post = plan("blog", Some("Why \"Pie\" again?")).unwrap();
    assert_eq!(post.relative_path, "blog/why-pie-again.md");
    assert!(
        post.text
            .starts_with("+++\ntitle = \"Why \\\"Pie\\\" again?\"\n"),
        "{}",
        post.text
    );
    assert_eq!(plan("post", Some("Hi")).unwrap().relative_path, "hi.md");
}

#[test]
fn an_archetype_file_wins_over_the_schema() {
    let archetypes = [(
        "recipe",
        "+++\ntitle = \"{{ title }}\"\ndate = {{ date }}\n+++\n{{ stem }} in {{ folder }}\n",
    )];
    let planned = plan_with("recipe", Some("Pie"), &archetypes).unwrap();
    assert_eq!(
        planned.text,
        "+++\ntitle = \"Pie\"\ndate = 2026-11-25\n+++\npie in recipes\n"
    );
    let fallback = [("default", "{{ path }}")];
    assert_eq!(
        plan_with("blog", Some("A b"), &fallback).unwrap().text,
        "blog/a-b.md"
    );
    let broken = [("default", "{{ nope(")];
    let error = plan_with("blog", Some("A"), &broken).unwrap_err();
    assert!(
        error.message.starts_with("archetypes/default.md: "),
        "{error}"
    );
}

#[test]
fn bad_requests_are_refused_with_a_reason() {
    assert!(
        plan("teapot", None)
            .unwrap_err()
            .message
            .contains("schemas: episode, recipe")
    );
    assert!(
        plan("recipe", None)
            .unwrap_err()
            .message
            .contains("quire new recipe VALUE")
    );
    assert!(plan("post", None).is_err());
    assert!(
        plan("post", Some("!!!"))
            .unwrap_err()
            .message
            .contains("letter or digit")
    );
    assert!(
        plan("episode", Some("../../x"))
            .unwrap_err()
            .message
            .contains("not a .md file under content/")
    );
}

#[test]
fn existing_files_are_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), CONFIG).unwrap();
    let page = NewPage {
        what: "599".to_string(),
        value: None,
    };
    let first = page
        .write(dir.path(), "2026-11-25", &mut Diagnostics::default())
        .unwrap();
    assert_eq!(first, dir.path().join("content/s5/599.md"));
    std::fs::write(&first, "mine").unwrap();
    let mut error = Diagnostics::default();
    assert_eq!(page.write(dir.path(), "2026-11-25", &mut error), None);
    let error: Vec<Diagnostic> = error.into_iter().collect();
    assert!(error[0].message.contains("exists already"), "{error:?}");
    assert_eq!(std::fs::read_to_string(first).unwrap(), "mine");
}
