//! Writes a deterministic benchmark corpus of N pages, once for Quire (Zola-style front matter)
//! and once for Hugo (the same Markdown with Hugo's front matter and layouts), so both
//! generators build like with like.
//!
//! `cargo run --release --example gen_corpus -- N DIR` writes `DIR/quire/` and `DIR/hugo/`.
//! Pages have 800 to 1,200 words of varied Markdown (headings, emphasis, links between pages,
//! lists, a table, a blockquote, two fenced code blocks), dates, descriptions and 1 to 3 of 50
//! tags; sections hold 100 pages each and paginate by 20.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

const PAGES_PER_SECTION: usize = 100;
const TAGS: usize = 50;

const WORDS: &[&str] = &[
    "request",
    "response",
    "server",
    "client",
    "gateway",
    "proxy",
    "upstream",
    "timeout",
    "header",
    "status",
    "cache",
    "retry",
    "backoff",
    "connection",
    "socket",
    "latency",
    "throughput",
    "error",
    "handler",
    "route",
    "token",
    "session",
    "cookie",
    "origin",
    "certificate",
    "handshake",
    "stream",
    "buffer",
    "queue",
    "worker",
    "thread",
    "process",
    "memory",
    "limit",
    "quota",
    "budget",
    "policy",
    "rule",
    "config",
    "deploy",
    "release",
    "version",
    "schema",
    "field",
    "value",
    "record",
    "index",
    "query",
    "result",
    "page",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "that",
    "it",
    "with",
    "as",
    "for",
    "on",
    "when",
    "then",
    "every",
    "each",
    "some",
    "many",
    "few",
    "fast",
    "slow",
    "quiet",
    "busy",
    "careful",
    "simple",
    "clear",
    "returns",
    "sends",
    "reads",
    "writes",
    "checks",
    "waits",
    "fails",
    "succeeds",
    "measures",
    "logs",
];

const LANGUAGES: &[(&str, &str)] = &[
    (
        "rust",
        "fn retry(attempt: u32) -> Duration {\n    let base = Duration::from_millis(100);\n    base * 2u32.pow(attempt.min(6))\n}\n",
    ),
    (
        "bash",
        "for i in 1 2 3; do\n  curl -fsS https://api.example.com/health && break\n  sleep $((i * 2))\ndone\n",
    ),
    (
        "json",
        "{\n  \"status\": 503,\n  \"retry_after\": 30,\n  \"errors\": [\"upstream unavailable\"]\n}\n",
    ),
    (
        "python",
        "def backoff(attempt):\n    delay = min(60, 2 ** attempt)\n    return delay * random.uniform(0.5, 1.5)\n",
    ),
    (
        "html",
        "<!doctype html>\n<html lang=\"en\">\n  <body><h1>Service unavailable</h1></body>\n</html>\n",
    ),
];

/// A small deterministic generator (xorshift64*), so every run writes the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut text = String::new();
        for i in 0..words {
            let word = self.word();
            if i == 0 {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    text.extend(first.to_uppercase());
                    text.push_str(chars.as_str());
                }
            } else {
                text.push(' ');
                match self.below(14) {
                    0 => write!(text, "*{word}*").unwrap_or(()),
                    1 => write!(text, "**{word}**").unwrap_or(()),
                    2 => write!(text, "`{word}`").unwrap_or(()),
                    _ => text.push_str(word),
                }
            }
        }
        text.push('.');
        text
    }
}

/// One page: front matter fields and the Markdown body, shared by both flavours.
struct PageText {
    title: String,
    description: String,
    date: String,
    tags: Vec<String>,
    body: String,
}

fn page_text(index: usize, total: usize, rng: &mut Rng) -> PageText {
    let title = format!("{} {} {index}", capitalize(rng.word()), rng.word());
    let description = rng.sentence(14);
    let day = index % 28 + 1;
    let month = index / 28 % 12 + 1;
    let year = 2020 + index / (28 * 12) % 6;
    let date = format!("{year:04}-{month:02}-{day:02}");
    let tag_count = 1 + rng.below(3);
    let mut tags: Vec<String> = (0..tag_count)
        .map(|_| format!("tag-{:02}", rng.below(TAGS)))
        .collect();
    tags.sort();
    tags.dedup();
    let target_words = 800 + rng.below(401);
    let mut body = String::new();
    let mut words = 0;
    let mut block = 0;
    while words < target_words {
        match block % 9 {
            0 | 4 => {
                let heading = format!("{} {}", capitalize(rng.word()), rng.word());
                let level = if block % 9 == 0 { "##" } else { "###" };
                writeln!(body, "{level} {heading}\n").unwrap_or(());
                words += 2;
            }
            2 => {
                for _ in 0..4 {
                    let n = 6 + rng.below(6);
                    writeln!(body, "- {}", rng.sentence(n)).unwrap_or(());
                    words += n;
                }
                body.push('\n');
            }
            5 => {
                body.push_str("| Setting | Default | Effect |\n|---|---:|---|\n");
                for _ in 0..3 {
                    writeln!(
                        body,
                        "| `{}` | {} | {} |",
                        rng.word(),
                        rng.below(1000),
                        rng.sentence(5)
                    )
                    .unwrap_or(());
                    words += 8;
                }
                body.push('\n');
            }
            6 => {
                let n = 20 + rng.below(10);
                writeln!(body, "> {}\n", rng.sentence(n)).unwrap_or(());
                words += n;
            }
            7 | 3 if block < 12 => {
                let (language, code) = LANGUAGES[rng.below(LANGUAGES.len())];
                writeln!(body, "```{language}\n{code}```\n").unwrap_or(());
                words += 20;
            }
            _ => {
                let mut paragraph = String::new();
                for _ in 0..4 {
                    let n = 10 + rng.below(12);
                    paragraph.push_str(&rng.sentence(n));
                    paragraph.push(' ');
                    words += n;
                }
                let other = rng.below(total);
                writeln!(
                    paragraph,
                    "See [page {other}](/s{:03}/p{other:05}/).",
                    other / PAGES_PER_SECTION
                )
                .unwrap_or(());
                writeln!(body, "{paragraph}").unwrap_or(());
            }
        }
        block += 1;
    }
    PageText {
        title,
        description,
        date,
        tags,
        body,
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}

const QUIRE_CONFIG: &str = "base_url = \"https://bench.example.org/\"\ntitle = \"Benchmark\"\ndescription = \"A generated corpus\"\ntaxonomies = [{ name = \"tags\", feed = true }]\ngenerate_feeds = true\nfeed_limit = 20\n\n[markdown]\nhighlight_code = true\n";

const QUIRE_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{% block title %}{{ config.title }}{% endblock %}</title><link rel=\"stylesheet\" href=\"{{ get_url(path='syntax-light.css') }}\"></head>\n<body><main>{% block content %}{% endblock %}</main></body></html>\n",
    ),
    (
        "index.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ config.title }}</h1><ul>{% for s in section.subsections %}{% set sub = get_section(path=s) %}<li><a href=\"{{ sub.permalink }}\">{{ sub.title }}</a></li>{% endfor %}</ul>{% endblock %}",
    ),
    (
        "section.html",
        "{% extends \"base.html\" %}{% block title %}{{ section.title }}{% endblock %}{% block content %}<h1>{{ section.title }}</h1><ul>{% for p in paginator.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a> {{ p.date }}<p>{{ p.description }}</p></li>{% endfor %}</ul>{% if paginator.next %}<a href=\"{{ paginator.next }}\">Next</a>{% endif %}{% endblock %}",
    ),
    (
        "page.html",
        "{% extends \"base.html\" %}{% block title %}{{ page.title }}{% endblock %}{% block content %}<article><h1>{{ page.title }}</h1><p>{{ page.date }} · {{ page.reading_time }} min</p>{{ page.content | safe }}<p>{% for t in page.taxonomies.tags %}<a href=\"{{ config.base_url }}/tags/{{ t }}/\">{{ t }}</a> {% endfor %}</p></article>{% endblock %}",
    ),
    (
        "tags/list.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Tags</h1><ul>{% for t in terms %}<li><a href=\"{{ t.permalink }}\">{{ t.name }}</a> ({{ t.page_count }})</li>{% endfor %}</ul>{% endblock %}",
    ),
    (
        "tags/single.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ term.name }}</h1><ul>{% for p in paginator.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}",
    ),
];

const HUGO_CONFIG: &str = "baseURL = \"https://bench.example.org/\"\ntitle = \"Benchmark\"\ndisableKinds = []\n[taxonomies]\ntag = \"tags\"\n[pagination]\npagerSize = 20\n[markup.highlight]\nnoClasses = false\n[outputs]\nhome = [\"HTML\", \"RSS\"]\nsection = [\"HTML\"]\ntaxonomy = [\"HTML\"]\nterm = [\"HTML\", \"RSS\"]\n";

const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "_default/baseof.html",
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ block \"title\" . }}{{ .Site.Title }}{{ end }}</title></head>\n<body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    ),
    (
        "index.html",
        "{{ define \"main\" }}<h1>{{ .Site.Title }}</h1><ul>{{ range .Sections }}<li><a href=\"{{ .Permalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}",
    ),
    (
        "_default/list.html",
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href=\"{{ .Permalink }}\">{{ .Title }}</a> {{ .Date.Format \"2006-01-02\" }}<p>{{ .Description }}</p></li>{{ end }}</ul>{{ with .Paginator.Next }}<a href=\"{{ .URL }}\">Next</a>{{ end }}{{ end }}",
    ),
    (
        "_default/single.html",
        "{{ define \"title\" }}{{ .Title }}{{ end }}{{ define \"main\" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format \"2006-01-02\" }} · {{ .ReadingTime }} min</p>{{ .Content }}<p>{{ range .Params.tags }}<a href=\"/tags/{{ . }}/\">{{ . }}</a> {{ end }}</p></article>{{ end }}",
    ),
    (
        "_default/taxonomy.html",
        "{{ define \"main\" }}<h1>Tags</h1><ul>{{ range .Data.Terms }}<li><a href=\"{{ .Page.Permalink }}\">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}",
    ),
    (
        "_default/term.html",
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href=\"{{ .Permalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}",
    ),
];

fn generate(pages: usize, dir: &Path) -> std::io::Result<()> {
    let quire = dir.join("quire");
    let hugo = dir.join("hugo");
    write(&quire.join("config.toml"), QUIRE_CONFIG)?;
    write(&hugo.join("hugo.toml"), HUGO_CONFIG)?;
    for (name, text) in QUIRE_TEMPLATES {
        write(&quire.join("templates").join(name), text)?;
    }
    for (name, text) in HUGO_LAYOUTS {
        write(&hugo.join("layouts").join(name), text)?;
    }
    write(
        &quire.join("content/_index.md"),
        "+++\ntitle = \"Home\"\n+++\n",
    )?;
    write(
        &hugo.join("content/_index.md"),
        "+++\ntitle = \"Home\"\n+++\n",
    )?;
    let sections = pages.div_ceil(PAGES_PER_SECTION);
    for s in 0..sections {
        let quire_index =
            format!("+++\ntitle = \"Section {s}\"\nsort_by = \"date\"\npaginate_by = 20\n+++\n");
        write(
            &quire.join(format!("content/s{s:03}/_index.md")),
            &quire_index,
        )?;
        write(
            &hugo.join(format!("content/s{s:03}/_index.md")),
            &format!("+++\ntitle = \"Section {s}\"\n+++\n"),
        )?;
    }
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    for index in 0..pages {
        let page = page_text(index, pages, &mut rng);
        let tags = page
            .tags
            .iter()
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let relative = format!("content/s{:03}/p{index:05}.md", index / PAGES_PER_SECTION);
        let quire_text = format!(
            "+++\ntitle = \"{}\"\ndescription = \"{}\"\ndate = {}\n[taxonomies]\ntags = [{tags}]\n+++\n{}",
            page.title, page.description, page.date, page.body
        );
        let hugo_text = format!(
            "+++\ntitle = \"{}\"\ndescription = \"{}\"\ndate = {}\ntags = [{tags}]\n+++\n{}",
            page.title, page.description, page.date, page.body
        );
        write(&quire.join(&relative), &quire_text)?;
        write(&hugo.join(&relative), &hugo_text)?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(count), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: gen_corpus N DIR   (writes DIR/quire and DIR/hugo with N pages each)");
        return ExitCode::FAILURE;
    };
    match generate(count, Path::new(dir)) {
        Ok(()) => {
            println!("Wrote {count} pages to {dir}/quire and {dir}/hugo");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {dir}: {error}");
            ExitCode::FAILURE
        }
    }
}
