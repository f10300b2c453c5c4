//! Writes a deterministic benchmark corpus shaped like a real blog, in three flavours of the
//! same Markdown: `DIR/quire/` (Quire's config), `DIR/zola/` (Zola 0.22's config, the same
//! templates and content) and `DIR/hugo/` (Hugo's config and layouts), so every generator
//! builds like with like.
//!
//! `cargo run --release --example gen_corpus -- N DIR [SEED]`
//!
//! The shape, for N pages:
//! - `posts/`: 85% of the pages, `sort_by = "date"`, `paginate_by = 20`;
//! - the other 15% in smaller sections of mixed sizes, some nested two deep
//!   (`guides/rust/async/`), paginated by 10, sorted by date or by weight, and a `notes/`
//!   section (paginated by 20) that takes what the small sections leave;
//! - 800 to 1,200 words a page: headings, emphasis, inline code, links to other pages, lists, a
//!   table, a blockquote, a summary marker, and two fenced code blocks (rust, python, js, go,
//!   bash, yaml, sql, json; toml once Quire highlights it, see `LANGUAGES`) of 8 to 25 lines
//!   whose identifiers, string literals and numbers are drawn per line from the page's own
//!   generator, so no two blocks in the corpus are the same and no cache of highlighted blocks
//!   makes highlighting cheap;
//! - 1 to 3 of 50 tags a page (a few tags are much more common than the rest, as on real
//!   blogs), term pages paginated by 20, a feed per term, a site feed, a sitemap;
//! - templates that do what real themes do: the home lists the latest posts, section and term
//!   pages iterate `paginator.pages` with a macro (Hugo: a partial), pages show their title,
//!   date, reading time, table of contents, tags and neighbours.
//!
//! The same N and seed always write the same bytes. `DIR/newest-post` names the newest post
//! (relative to a flavour's root), the one a writer is most likely to be editing.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

const DEFAULT_SEED: u64 = 0x5EED_2026_0C0D_E001;

/// Share of the pages in `posts/`, in percent.
const POSTS_PERCENT: usize = 85;

/// The smaller sections: content folder, title, pages at full size, `paginate_by`, `sort_by`.
/// When the 15% left after `posts/` is less than their sum (144), each gets its share; what
/// is left over goes to `notes/`.
const SMALL_SECTIONS: &[(&str, &str, usize, usize, &str)] = &[
    ("talks", "Talks", 5, 10, "date"),
    ("projects", "Projects", 12, 10, "date"),
    ("projects/tools", "Tools", 8, 10, "date"),
    ("guides", "Guides", 10, 10, "weight"),
    ("guides/rust", "Rust guides", 24, 10, "weight"),
    ("guides/rust/async", "Async Rust", 15, 10, "weight"),
    ("guides/python", "Python guides", 18, 10, "weight"),
    ("guides/python/packaging", "Packaging", 7, 10, "weight"),
    ("reviews", "Reviews", 45, 10, "date"),
];

static TAGS: LazyLock<Vec<&str>> = LazyLock::new(|| {
    "rust performance http python devops databases javascript go testing linux networking \
     security observability kubernetes caching concurrency api-design postgres tooling \
     web cli async memory compilers distributed-systems queues logging css accessibility \
     static-sites packaging ci git shell sql profiling benchmarks reliability incidents \
     architecture refactoring documentation open-source career books talks hardware \
     embedded wasm typescript"
        .split_whitespace()
        .collect()
});

static NOUNS: LazyLock<Vec<&str>> = LazyLock::new(|| {
    "request response header budget token session buffer queue worker route cache entry \
     record index shard replica lease batch chunk frame packet socket stream span metric \
     counter gauge window limit quota policy rule schema field column row cursor offset \
     snapshot manifest backend client deadline event message payload checksum handler \
     thread process release version query result page commit branch build test server \
     proxy gateway node cluster"
        .split_whitespace()
        .collect()
});

static VERBS: LazyLock<Vec<&str>> = LazyLock::new(|| {
    "parse load fetch build send read write flush merge split check apply encode decode \
     render resolve compute collect drain spawn retry open close update measure sort \
     filter cache route probe"
        .split_whitespace()
        .collect()
});

static ADJECTIVES: LazyLock<Vec<&str>> = LazyLock::new(|| {
    "next last max min total pending active stale local remote raw cached default primary \
     shared current slow fast hot cold"
        .split_whitespace()
        .collect()
});

static PROSE: LazyLock<Vec<&str>> = LazyLock::new(|| {
    "the a of and to in is that it with as for on when then every each some many few we \
     you this not but only after before until because while so if one two most usually \
     rarely still again first later fast slow quiet busy careful simple clear small large \
     cheap costly returns sends reads writes checks waits fails succeeds measures logs \
     keeps drops holds grows shrinks starts stops runs blocks wakes request response \
     server client gateway proxy upstream timeout header status cache retry backoff \
     connection socket latency throughput error handler route token session origin \
     certificate handshake stream buffer queue worker thread process memory limit quota \
     budget policy config deploy release version schema field value record index query \
     result page build test compiler allocator kernel disk network team deadline incident \
     graph profile benchmark trace"
        .split_whitespace()
        .collect()
});

/// A small deterministic generator (xorshift64*), so every run writes the same corpus.
struct Rng(u64);

impl Rng {
    /// A generator for item `index` of a stream: independent of every other item's.
    fn for_item(seed: u64, stream: u64, index: usize) -> Rng {
        // splitmix64 of the inputs, never zero (xorshift's fixed point).
        let mut z = seed
            ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03)
            ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }

    /// A number as code has them: small counts, ports, sizes, timeouts.
    fn number(&mut self) -> usize {
        match self.below(4) {
            0 => self.below(10),
            1 => self.below(1_000),
            2 => self.range(1_000, 65_535),
            _ => self.range(10_000, 9_999_999),
        }
    }

    fn noun(&mut self) -> &'static str {
        self.pick(&NOUNS)
    }

    fn verb(&mut self) -> &'static str {
        self.pick(&VERBS)
    }

    fn adjective(&mut self) -> &'static str {
        self.pick(&ADJECTIVES)
    }

    /// The words of an identifier: `[max, retry]`, `[fetch, header]`, `[shard]`.
    fn ident_words(&mut self) -> Vec<&'static str> {
        match self.below(5) {
            0 => vec![self.noun()],
            1 | 2 => vec![self.adjective(), self.noun()],
            3 => vec![self.noun(), self.noun()],
            _ => vec![self.adjective(), self.noun(), self.noun()],
        }
    }

    fn snake(&mut self) -> String {
        self.ident_words().join("_")
    }

    fn camel(&mut self) -> String {
        let words = self.ident_words();
        let mut out = words[0].to_string();
        for word in &words[1..] {
            out.push_str(&capitalize(word));
        }
        out
    }

    fn pascal(&mut self) -> String {
        self.ident_words().iter().map(|w| capitalize(w)).collect()
    }

    fn upper(&mut self) -> String {
        self.snake().to_uppercase()
    }

    fn fn_name(&mut self) -> String {
        format!("{}_{}", self.verb(), self.noun())
    }

    /// A string literal's text: a few words, sometimes with a number.
    fn phrase(&mut self) -> String {
        let mut words: Vec<String> = (0..self.range(2, 5))
            .map(|_| self.pick(&PROSE).to_string())
            .collect();
        if self.chance(3) {
            words.push(self.number().to_string());
        }
        words.join(" ")
    }

    fn slug_text(&mut self) -> String {
        format!("{}-{}", self.noun(), self.noun())
    }

    fn url(&mut self) -> String {
        format!(
            "https://{}.example.com/{}/{}/{}",
            self.noun(),
            self.noun(),
            self.slug_text(),
            self.number()
        )
    }

    /// A prose sentence of `words` words, capitalized, with some inline emphasis and code.
    fn sentence(&mut self, words: usize) -> String {
        let mut text = String::new();
        for i in 0..words {
            let word = self.pick(&PROSE);
            if i == 0 {
                text.push_str(&capitalize(word));
                continue;
            }
            text.push(' ');
            match self.below(24) {
                0 => write!(text, "*{word}*").unwrap_or(()),
                1 => write!(text, "**{word}**").unwrap_or(()),
                2 => write!(text, "`{}`", self.snake()).unwrap_or(()),
                3 if i + 1 < words => write!(text, "{word},").unwrap_or(()),
                _ => text.push_str(word),
            }
        }
        text.push(if self.chance(12) { '?' } else { '.' });
        text
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn plural(noun: &str) -> String {
    if noun.ends_with('s') || noun.ends_with('x') || noun.ends_with("ch") {
        format!("{noun}es")
    } else if let Some(stem) = noun
        .strip_suffix('y')
        .filter(|stem| !stem.ends_with(['a', 'e', 'o', 'u']))
    {
        format!("{stem}ies")
    } else {
        format!("{noun}s")
    }
}

// ---------------------------------------------------------------------------------------------
// Code blocks: a header, lines drawn one at a time, a footer. Every line draws its own
// identifiers, literals and numbers.

/// Pushes statements from `statement` until `body` has `lines` lines (a statement of several
/// lines is only taken when it fits).
fn fill(
    body: &mut Vec<String>,
    lines: usize,
    rng: &mut Rng,
    statement: fn(&mut Rng) -> Vec<String>,
) {
    while body.len() < lines {
        let mut next = statement(rng);
        if body.len() + next.len() > lines {
            next.truncate(1);
        }
        body.extend(next);
    }
}

fn rust_statement(rng: &mut Rng) -> Vec<String> {
    let (a, b) = (rng.snake(), rng.snake());
    match rng.below(10) {
        0 => vec![format!(
            "    let {a} = {b}.{}({})?;",
            rng.fn_name(),
            rng.number()
        )],
        1 => vec![format!(
            "    let mut {a}: Vec<{}> = Vec::with_capacity({});",
            rng.pascal(),
            rng.number()
        )],
        2 => vec![
            format!("    if {a}.{} > {} {{", rng.snake(), rng.number()),
            format!(
                "        return Err(Error::{}(\"{}\".into()));",
                rng.pascal(),
                rng.phrase()
            ),
            "    }".to_string(),
        ],
        3 => vec![
            format!("    for {a} in {b}.iter().take({}) {{", rng.number()),
            format!("        {}.push({a}.{}());", rng.snake(), rng.fn_name()),
            "    }".to_string(),
        ],
        4 => vec![format!(
            "    log::debug!(\"{} {{}} {{}}\", {a}, {b}.len());",
            rng.phrase()
        )],
        5 => vec![format!(
            "    let {a} = Duration::from_millis({}) * {};",
            rng.number(),
            rng.below(16) + 1
        )],
        6 => vec![
            format!("    match {a}.{}() {{", rng.fn_name()),
            format!(
                "        Some({b}) if {b} > {} => {}({b}),",
                rng.number(),
                rng.fn_name()
            ),
            format!("        _ => {}::default(),", rng.pascal()),
            "    };".to_string(),
        ],
        7 => vec![format!(
            "    {a}.insert(\"{}\", {}::new({}));",
            rng.slug_text(),
            rng.pascal(),
            rng.number()
        )],
        8 => vec![format!(
            "    // {}: {}",
            capitalize(&rng.phrase()),
            rng.phrase()
        )],
        _ => vec![format!(
            "    let {a} = {b}.{}().unwrap_or({});",
            rng.fn_name(),
            rng.number()
        )],
    }
}

fn rust_block(rng: &mut Rng, lines: usize) -> Vec<String> {
    let mut out = Vec::new();
    if rng.chance(2) {
        out.push(format!("use std::{}::{};", rng.noun(), rng.pascal()));
    }
    out.push(format!(
        "pub fn {}({}: &{}, {}: u{}) -> Result<{}, Error> {{",
        rng.fn_name(),
        rng.snake(),
        rng.pascal(),
        rng.snake(),
        [16, 32, 64][rng.below(3)],
        rng.pascal()
    ));
    let body = lines.saturating_sub(out.len() + 2);
    let end = out.len() + body;
    fill(&mut out, end, rng, rust_statement);
    out.push(format!("    Ok({}.into())", rng.snake()));
    out.push("}".to_string());
    out
}

fn python_statement(rng: &mut Rng) -> Vec<String> {
    let (a, b) = (rng.snake(), rng.snake());
    match rng.below(9) {
        0 => vec![format!(
            "    {a} = {b}.get(\"{}\", {})",
            rng.snake(),
            rng.number()
        )],
        1 => vec![
            format!("    if {a} > {}:", rng.number()),
            format!("        raise ValueError(\"{}\")", rng.phrase()),
        ],
        2 => vec![
            format!("    for {a} in range({}):", rng.number()),
            format!("        {b}.append({a} * {})", rng.number()),
        ],
        3 => vec![format!(
            "    {a} = {{\"{}\": {}, \"{}\": \"{}\"}}",
            rng.snake(),
            rng.number(),
            rng.snake(),
            rng.phrase()
        )],
        4 => vec![format!("    logger.info(\"{} %s\", {a})", rng.phrase())],
        5 => vec![format!(
            "    {a} = [{} for {} in {b} if {} > {}]",
            rng.snake(),
            rng.noun(),
            rng.noun(),
            rng.number()
        )],
        6 => vec![format!("    # {}", capitalize(&rng.phrase()))],
        7 => vec![format!(
            "    {a} = await client.{}(\"{}\", timeout={})",
            rng.fn_name(),
            rng.url(),
            rng.number()
        )],
        _ => vec![format!(
            "    {a} += {b}.{}({})",
            rng.fn_name(),
            rng.number()
        )],
    }
}

fn python_block(rng: &mut Rng, lines: usize) -> Vec<String> {
    let mut out = Vec::new();
    if rng.chance(2) {
        out.push(format!("from {} import {}", rng.noun(), rng.pascal()));
    }
    let asynchronous = if rng.chance(2) { "async " } else { "" };
    out.push(format!(
        "{asynchronous}def {}({}, {}={}):",
        rng.fn_name(),
        rng.snake(),
        rng.snake(),
        rng.number()
    ));
    out.push(format!("    \"\"\"{}.\"\"\"", capitalize(&rng.phrase())));
    let body = lines.saturating_sub(out.len() + 1);
    let end = out.len() + body;
    fill(&mut out, end, rng, python_statement);
    out.push(format!("    return {}", rng.snake()));
    out
}

fn js_statement(rng: &mut Rng) -> Vec<String> {
    let (a, b) = (rng.camel(), rng.camel());
    match rng.below(9) {
        0 => vec![format!(
            "  const {a} = await fetch(`/api/{}/${{{b}}}?limit={}`);",
            rng.noun(),
            rng.number()
        )],
        1 => vec![
            format!("  if (!{a}.{}) {{", rng.camel()),
            format!("    throw new Error(\"{}\");", rng.phrase()),
            "  }".to_string(),
        ],
        2 => vec![format!(
            "  const {a} = {b}.map(({}) => {} * {});",
            rng.noun(),
            rng.noun(),
            rng.number()
        )],
        3 => vec![format!(
            "  let {a} = {{ {}: {}, {}: \"{}\" }};",
            rng.camel(),
            rng.number(),
            rng.camel(),
            rng.phrase()
        )],
        4 => vec![format!("  console.log(\"{}\", {a});", rng.phrase())],
        5 => vec![format!(
            "  {a}.set(\"{}\", {b}.filter(Boolean).length + {});",
            rng.slug_text(),
            rng.number()
        )],
        6 => vec![format!("  // {}", capitalize(&rng.phrase()))],
        7 => vec![
            format!("  for (const {a} of {b}.{}()) {{", rng.camel()),
            format!(
                "    {}.push({a}.{} ?? {});",
                rng.camel(),
                rng.camel(),
                rng.number()
            ),
            "  }".to_string(),
        ],
        _ => vec![format!(
            "  const {a} = setTimeout(() => {}({b}), {});",
            rng.camel(),
            rng.number()
        )],
    }
}

fn js_block(rng: &mut Rng, lines: usize) -> Vec<String> {
    let mut out = Vec::new();
    if rng.chance(2) {
        out.push(format!(
            "import {{ {} }} from \"./{}.js\";",
            rng.camel(),
            rng.slug_text()
        ));
    }
    out.push(format!(
        "export async function {}({}, {} = {}) {{",
        rng.camel(),
        rng.camel(),
        rng.camel(),
        rng.number()
    ));
    let body = lines.saturating_sub(out.len() + 2);
    let end = out.len() + body;
    fill(&mut out, end, rng, js_statement);
    out.push(format!("  return {};", rng.camel()));
    out.push("}".to_string());
    out
}

fn go_statement(rng: &mut Rng) -> Vec<String> {
    let (a, b) = (rng.camel(), rng.camel());
    match rng.below(8) {
        0 => vec![
            format!(
                "\t{a}, err := {}.{}(ctx, \"{}\", {})",
                rng.noun(),
                rng.pascal(),
                rng.slug_text(),
                rng.number()
            ),
            "\tif err != nil {".to_string(),
            format!("\t\treturn nil, fmt.Errorf(\"{}: %w\", err)", rng.phrase()),
            "\t}".to_string(),
        ],
        1 => vec![format!(
            "\t{a} := make([]{}, 0, {})",
            rng.pascal(),
            rng.number()
        )],
        2 => vec![
            format!("\tfor i := 0; i < {}; i++ {{", rng.number()),
            format!("\t\t{a} = append({a}, {b}[i%{}])", rng.below(64) + 1),
            "\t}".to_string(),
        ],
        3 => vec![format!("\tlog.Printf(\"{} %v\", {a})", rng.phrase())],
        4 => vec![format!(
            "\t{a} := time.Duration({}) * time.Millisecond",
            rng.number()
        )],
        5 => vec![format!("\t// {}", capitalize(&rng.phrase()))],
        6 => vec![format!(
            "\t{a}[\"{}\"] = {b}.{}({})",
            rng.slug_text(),
            rng.pascal(),
            rng.number()
        )],
        _ => vec![format!(
            "\t{a} += {b}.{}() * {}",
            rng.pascal(),
            rng.number()
        )],
    }
}

fn go_block(rng: &mut Rng, lines: usize) -> Vec<String> {
    let mut out = vec![format!(
        "func {}(ctx context.Context, {} int) (*{}, error) {{",
        rng.pascal(),
        rng.camel(),
        rng.pascal()
    )];
    let body = lines.saturating_sub(out.len() + 2);
    let end = out.len() + body;
    fill(&mut out, end, rng, go_statement);
    out.push(format!("\treturn &{}{{}}, nil", rng.pascal()));
    out.push("}".to_string());
    out
}

fn bash_statement(rng: &mut Rng) -> Vec<String> {
    match rng.below(8) {
        0 => vec![format!(
            "{}=\"${{{}:-{}}}\"",
            rng.upper(),
            rng.upper(),
            rng.number()
        )],
        1 => vec![format!(
            "curl -fsS \"{}\" -o \"/tmp/{}-{}.json\"",
            rng.url(),
            rng.noun(),
            rng.number()
        )],
        2 => {
            let v = rng.noun();
            vec![
                format!(
                    "for {v} in {} {} {}; do",
                    rng.slug_text(),
                    rng.slug_text(),
                    rng.slug_text()
                ),
                format!("  echo \"{} ${v}\"", rng.phrase()),
                "done".to_string(),
            ]
        }
        3 => vec![
            format!("if [ \"${}\" -gt {} ]; then", rng.upper(), rng.number()),
            format!("  echo \"{}\" >&2", rng.phrase()),
            "fi".to_string(),
        ],
        4 => vec![format!(
            "jq '.{}[] | select(.{} > {})' \"/tmp/{}.json\"",
            rng.snake(),
            rng.snake(),
            rng.number(),
            rng.slug_text()
        )],
        5 => vec![format!("# {}", capitalize(&rng.phrase()))],
        6 => vec![format!(
            "sleep $(( {} * {} ))",
            rng.below(10) + 1,
            rng.number()
        )],
        _ => vec![format!(
            "grep -c \"{}\" \"/var/log/{}.log\" | tee -a \"{}.txt\"",
            rng.phrase(),
            rng.slug_text(),
            rng.snake()
        )],
    }
}

fn bash_block(rng: &mut Rng, lines: usize) -> Vec<String> {
    let mut out = vec![
        "#!/usr/bin/env bash".to_string(),
        "set -euo pipefail".to_string(),
    ];
    fill(&mut out, lines, rng, bash_statement);
    out
}

fn toml_statement(rng: &mut Rng) -> Vec<String> {
    match rng.below(7) {
        0 => vec![String::new(), format!("[{}]", rng.snake())],
        1 => vec![format!("{} = {}", rng.snake(), rng.number())],
        2 => vec![format!("{} = \"{}\"", rng.snake(), rng.phrase())],
        3 => vec![format!(
            "{} = [\"{}\", \"{}\"]",
            rng.snake(),
            rng.slug_text(),
            rng.slug_text()
        )],
        4 => vec![format!("{} = {}", rng.snake(), rng.chance(2))],
        5 => vec![format!("# {}", capitalize(&rng.phrase()))],
        _ => vec![format!(
            "{} = {{ {} = {}, {} = \"{}\" }}",
            rng.snake(),
            rng.snake(),
            rng.number(),
            rng.snake(),
            rng.slug_text()
        )],
    }
}

fn toml_block(rng: &mut Rng, lines: usize) -> Vec<String> {
    let mut out = vec![format!("[{}]", rng.snake())];
    fill(&mut out, lines, rng, toml_statement);
    out
}

fn yaml_statement(rng: &mut Rng) -> Vec<String> {
    match rng.below(6) {
        0 => vec![format!("  {}: {}", rng.snake(), rng.number())],
        1 => vec![format!("  {}: \"{}\"", rng.snake(), rng.phrase())],
        2 => vec![
            format!("  {}:", rng.snake()),
            format!("    - name: {}", rng.slug_text()),
            format!("      {}: {}", rng.snake(), rng.number()),
        ],
        3 => vec![format!("  # {}", capitalize(&rng.phrase()))],
        4 => vec![format!("  {}: {}", rng.snake(), rng.chance(2))],
        _ => vec![format!("  {}: {}", rng.snake(), rng.url())],
    }
}

fn yaml_block(rng: &mut Rng, lines: usize) -> Vec<String> {
    let mut out = vec![format!("{}:", rng.snake())];
    fill(&mut out, lines, rng, yaml_statement);
    out
}

fn sql_block(rng: &mut Rng, lines: usize) -> Vec<String> {
    let table = rng.snake();
    let mut out = vec![
        format!(
            "SELECT {}, {}, COUNT(*) AS {}",
            rng.snake(),
            rng.snake(),
            rng.snake()
        ),
        format!("FROM {table} AS t"),
    ];
    let mut first = true;
    while out.len() + 3 < lines {
        match rng.below(4) {
            0 => out.push(format!(
                "JOIN {} AS {} ON {}.{} = t.{}",
                rng.snake(),
                rng.noun(),
                rng.noun(),
                rng.snake(),
                rng.snake()
            )),
            1 => out.push(format!("  -- {}", capitalize(&rng.phrase()))),
            _ => {
                let keyword = if first { "WHERE" } else { "  AND" };
                first = false;
                out.push(format!(
                    "{keyword} t.{} {} '{}'",
                    rng.snake(),
                    ["=", ">", "<>", "LIKE"][rng.below(4)],
                    rng.slug_text()
                ));
            }
        }
    }
    out.push(format!("GROUP BY {}, {}", rng.snake(), rng.snake()));
    out.push(format!("ORDER BY {} DESC", rng.snake()));
    out.push(format!("LIMIT {};", rng.number()));
    out
}

fn json_block(rng: &mut Rng, lines: usize) -> Vec<String> {
    let mut out = vec!["{".to_string()];
    let inner = lines.saturating_sub(2).max(1);
    for i in 0..inner {
        let comma = if i + 1 < inner { "," } else { "" };
        let value = match rng.below(4) {
            0 => rng.number().to_string(),
            1 => format!("\"{}\"", rng.phrase()),
            2 => format!("[{}, {}]", rng.number(), rng.number()),
            _ => rng.chance(2).to_string(),
        };
        out.push(format!("  \"{}\": {value}{comma}", rng.snake()));
    }
    out.push("}".to_string());
    out
}

/// Fence names and their generators, with weights: the languages a tech blog mostly shows.
type BlockFn = fn(&mut Rng, usize) -> Vec<String>;
const LANGUAGES: &[(&str, BlockFn, usize)] = &[
    ("rust", rust_block, 4),
    ("python", python_block, 4),
    ("js", js_block, 3),
    ("go", go_block, 3),
    ("bash", bash_block, 3),
    // Weight 0 for now: syntect's default syntaxes, which Quire uses, have no TOML grammar,
    // so Quire would copy these blocks out plain while Hugo and Zola highlight them, and the
    // corpus would flatter Quire. Set it to 2 once Quire highlights TOML.
    ("toml", toml_block, 0),
    ("yaml", yaml_block, 2),
    ("sql", sql_block, 1),
    ("json", json_block, 1),
];

fn code_block(rng: &mut Rng) -> String {
    let total: usize = LANGUAGES.iter().map(|(_, _, weight)| weight).sum();
    let mut roll = rng.below(total);
    let mut chosen = LANGUAGES[0];
    for language in LANGUAGES {
        if roll < language.2 {
            chosen = *language;
            break;
        }
        roll -= language.2;
    }
    let (name, generate, _) = chosen;
    let lines = rng.range(8, 25);
    let mut text = format!("```{name}\n");
    for line in generate(rng, lines) {
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str("```\n");
    text
}

// ---------------------------------------------------------------------------------------------
// The site model: sections and the pages in them.

struct Section {
    /// Content folder, `posts` or `guides/rust/async`.
    dir: String,
    title: String,
    paginate_by: usize,
    sort_by: &'static str,
    /// Global indices of its pages.
    pages: Vec<usize>,
}

struct PageMeta {
    section: usize,
    title: String,
    /// File stem and URL slug.
    slug: String,
    date: NaiveDateTime,
    /// Position in a section sorted by weight.
    weight: Option<usize>,
}

impl PageMeta {
    fn url_path(&self, sections: &[Section]) -> String {
        format!("/{}/{}/", sections[self.section].dir, self.slug)
    }
}

struct Model {
    sections: Vec<Section>,
    pages: Vec<PageMeta>,
}

fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

fn title(rng: &mut Rng) -> String {
    let (n1, n2, n3) = (rng.noun(), rng.noun(), rng.noun());
    let (verb, adjective) = (rng.verb(), rng.adjective());
    match rng.below(8) {
        0 => format!("How we {verb} {adjective} {}", plural(n1)),
        1 => format!("{} {} in practice", capitalize(n1), plural(n2)),
        2 => format!("Notes on {n1} {}", plural(n2)),
        3 => format!("Why {n1} {} {verb} {adjective}", plural(n2)),
        4 => {
            let article = if adjective.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "An"
            } else {
                "A"
            };
            format!("{article} {adjective} look at {n1} {}", plural(n2))
        }
        5 => format!(
            "{}, {} and {}",
            capitalize(&plural(n1)),
            plural(n2),
            plural(n3)
        ),
        6 => format!("What I learned about {n1} {}", plural(n2)),
        _ => format!("When to {verb} the {n1} {n2}"),
    }
}

fn build_model(total: usize, seed: u64) -> Model {
    let rest = total * (100 - POSTS_PERCENT) / 100;
    let small_sum: usize = SMALL_SECTIONS.iter().map(|s| s.2).sum();
    let mut sections = vec![Section {
        dir: "posts".to_string(),
        title: "Posts".to_string(),
        paginate_by: 20,
        sort_by: "date",
        pages: Vec::new(),
    }];
    let mut sizes = vec![total - rest];
    let mut used = 0;
    for &(dir, title, full, paginate_by, sort_by) in SMALL_SECTIONS {
        let size = if rest >= small_sum {
            full
        } else {
            full * rest / small_sum
        };
        used += size;
        sizes.push(size);
        sections.push(Section {
            dir: dir.to_string(),
            title: title.to_string(),
            paginate_by,
            sort_by,
            pages: Vec::new(),
        });
    }
    sections.push(Section {
        dir: "notes".to_string(),
        title: "Notes".to_string(),
        paginate_by: 20,
        sort_by: "date",
        pages: Vec::new(),
    });
    sizes.push(rest - used);

    // Posts are spread evenly over 2014-2025, one after another; other pages fall anywhere
    // in those years.
    let start = NaiveDate::from_ymd_opt(2014, 1, 1)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .unwrap_or_default();
    let span = 12 * 365 * 24 * 3600_i64;
    let mut pages = Vec::with_capacity(total);
    for (s, &size) in sizes.iter().enumerate() {
        for k in 0..size {
            let index = pages.len();
            let mut rng = Rng::for_item(seed, 1, index);
            let title = title(&mut rng);
            let slug = format!("{}-{index}", slugify(&title));
            let offset = if s == 0 {
                let step = span / size.max(1) as i64;
                k as i64 * step + (rng.next() % step.max(1) as u64) as i64
            } else {
                (rng.next() % span as u64) as i64
            };
            // Whole minutes, as people write them.
            let date = start + TimeDelta::seconds(offset / 60 * 60);
            let weight = (sections[s].sort_by == "weight").then_some(k + 1);
            sections[s].pages.push(index);
            pages.push(PageMeta {
                section: s,
                title,
                slug,
                date,
                weight,
            });
        }
    }
    Model { sections, pages }
}

/// Tags for a page: 1 to 3, skewed so a few tags are on many pages.
fn tags(rng: &mut Rng) -> Vec<&'static str> {
    let count = rng.range(1, 3);
    let mut tags: Vec<&str> = (0..count)
        .map(|_| {
            let u = (rng.next() % 1_000_000) as f64 / 1_000_000.0;
            TAGS[((u * u) * TAGS.len() as f64) as usize % TAGS.len()]
        })
        .collect();
    tags.sort_unstable();
    tags.dedup();
    tags
}

// ---------------------------------------------------------------------------------------------
// Page bodies.

#[derive(Clone, Copy)]
enum Block {
    Paragraph,
    List,
    Ordered,
    Table,
    Quote,
    Code,
}

struct Body {
    /// Before the summary marker.
    intro: String,
    /// After it.
    rest: String,
}

fn paragraph(rng: &mut Rng, model: &Model, me: usize, words: &mut usize) -> String {
    let mut text = String::new();
    let sentences = rng.range(3, 6);
    for i in 0..sentences {
        let n = rng.range(8, 20);
        *words += n;
        if i > 0 {
            text.push(' ');
        }
        text.push_str(&rng.sentence(n));
        if i == sentences / 2 && rng.chance(2) {
            // A link to another page, mostly one in the same section.
            let same = &model.sections[model.pages[me].section].pages;
            let other = if rng.chance(3) || same.len() < 2 {
                rng.below(model.pages.len())
            } else {
                same[rng.below(same.len())]
            };
            let page = &model.pages[other];
            write!(
                text,
                " See [{}]({}) for {}.",
                page.title.to_lowercase(),
                page.url_path(&model.sections),
                rng.phrase()
            )
            .unwrap_or(());
            *words += 8;
        } else if rng.chance(20) {
            write!(text, " The [upstream docs]({}) say more.", rng.url()).unwrap_or(());
            *words += 5;
        }
    }
    text.push_str("\n\n");
    text
}

fn block(rng: &mut Rng, kind: Block, model: &Model, me: usize, words: &mut usize) -> String {
    match kind {
        Block::Paragraph => paragraph(rng, model, me, words),
        Block::List | Block::Ordered => {
            let mut text = String::new();
            for i in 1..=rng.range(3, 6) {
                let n = rng.range(5, 14);
                *words += n;
                match kind {
                    Block::Ordered => writeln!(text, "{i}. {}", rng.sentence(n)),
                    _ => writeln!(text, "- {}", rng.sentence(n)),
                }
                .unwrap_or(());
            }
            text.push('\n');
            text
        }
        Block::Table => {
            let mut text = format!(
                "| {} | {} | Notes |\n|---|---:|---|\n",
                capitalize(rng.noun()),
                capitalize(rng.adjective())
            );
            for _ in 0..rng.range(3, 6) {
                writeln!(
                    text,
                    "| `{}` | {} | {} |",
                    rng.snake(),
                    rng.number(),
                    rng.sentence(5)
                )
                .unwrap_or(());
                *words += 7;
            }
            text.push('\n');
            text
        }
        Block::Quote => {
            let n = rng.range(18, 34);
            *words += n;
            format!(
                "> {}\n>\n> — {}\n\n",
                rng.sentence(n),
                capitalize(rng.noun())
            )
        }
        Block::Code => {
            let mut text = code_block(rng);
            text.push('\n');
            text
        }
    }
}

fn heading(rng: &mut Rng, level: &str, words: &mut usize) -> String {
    *words += 3;
    format!(
        "{level} {} {} {}\n\n",
        capitalize(rng.verb()),
        rng.adjective(),
        plural(rng.noun())
    )
}

fn body(model: &Model, me: usize, seed: u64) -> Body {
    let mut rng = Rng::for_item(seed, 2, me);
    let mut words = 0;
    let intro = paragraph(&mut rng, model, me, &mut words);
    let target = rng.range(700, 1050);
    // Every page has these, in a page-specific order, between paragraphs and headings.
    let mut required = vec![
        Block::Code,
        Block::Code,
        Block::Table,
        Block::Quote,
        Block::List,
        Block::Ordered,
    ];
    for i in (1..required.len()).rev() {
        required.swap(i, rng.below(i + 1));
    }
    let required_total = required.len();
    let mut rest = String::new();
    let mut since_heading = usize::MAX;
    loop {
        let more_required = !required.is_empty();
        if !more_required && words >= target {
            break;
        }
        if since_heading > 2 && (since_heading == usize::MAX || rng.chance(2)) {
            let level = if since_heading == usize::MAX || rng.chance(2) {
                "##"
            } else {
                "###"
            };
            rest.push_str(&heading(&mut rng, level, &mut words));
            since_heading = 0;
        }
        // The required blocks spread over the page: the k-th comes after k/(n+1) of the words.
        let taken = required_total - required.len();
        let kind = if more_required && words * (required_total + 1) >= target * (taken + 1) {
            required.remove(0)
        } else if rng.chance(8) {
            Block::List
        } else {
            Block::Paragraph
        };
        rest.push_str(&block(&mut rng, kind, model, me, &mut words));
        since_heading += 1;
    }
    Body { intro, rest }
}

// ---------------------------------------------------------------------------------------------
// Flavours.

const BASE_CONFIG: &str = r#"base_url = "https://bench.example.org/"
title = "Field notes"
description = "Notes on building and running software, written by a generator"
default_language = "en"
generate_feeds = true
feed_filenames = ["atom.xml"]
feed_limit = 20
taxonomies = [{ name = "tags", feed = true, paginate_by = 20 }]
"#;

const QUIRE_CONFIG_TAIL: &str = r#"
[markdown]
highlight_code = true
smart_punctuation = true

[extra]
stylesheets = ["syntax-light.css", "syntax-dark.css"]
"#;

/// Zola 0.22: highlighting moved to `[markdown.highlighting]` (Giallo); `style = "class"`
/// writes `giallo-light.css` and `giallo-dark.css`, as Quire writes one stylesheet per theme.
const ZOLA_CONFIG_TAIL: &str = r#"
[markdown]
smart_punctuation = true

[markdown.highlighting]
style = "class"
light_theme = "github-light"
dark_theme = "github-dark"
error_on_missing_language = true

[extra]
stylesheets = ["giallo-light.css", "giallo-dark.css"]
"#;

/// Tera templates, valid for Quire and Zola alike.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        r#"<!doctype html>
<html lang="{{ config.default_language }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
<meta name="description" content="{% block description %}{{ config.description }}{% endblock description %}">
{% for sheet in config.extra.stylesheets %}<link rel="stylesheet" href="{{ get_url(path=sheet) }}">
{% endfor %}<link rel="alternate" type="application/atom+xml" title="{{ config.title }}" href="{{ get_url(path='atom.xml') }}">
</head>
<body>
<header><a class="brand" href="{{ config.base_url }}">{{ config.title }}</a>
<nav>{% for name in config.extra.menu %}<a href="{{ get_url(path=name ~ '/') }}">{{ name | capitalize }}</a> {% endfor %}<a href="{{ get_url(path='tags/') }}">Tags</a></nav>
</header>
<main>{% block content %}{% endblock content %}</main>
<footer><p>{{ config.title }} · <a href="{{ get_url(path='atom.xml') }}">Feed</a></p></footer>
</body>
</html>
"#,
    ),
    (
        "macros.html",
        r#"{% macro post_item(p) %}<li class="post">
<h2><a href="{{ p.permalink | safe }}">{{ p.title }}</a></h2>
<p class="meta"><time datetime="{{ p.date }}">{{ p.date | date(format="%B %e, %Y") }}</time> · {{ p.reading_time }} min read{% if p.taxonomies.tags %} ·{% for t in p.taxonomies.tags %} <a href="{{ get_url(path='tags/' ~ t ~ '/') }}">#{{ t }}</a>{% endfor %}{% endif %}</p>
{% if p.summary %}{{ p.summary | safe }}{% else %}<p>{{ p.description }}</p>{% endif %}
</li>{% endmacro post_item %}
{% macro pager(paginator) %}<nav class="pager">{% if paginator.previous %}<a rel="prev" href="{{ paginator.previous | safe }}">← Newer</a> {% endif %}<span>Page {{ paginator.current_index }} of {{ paginator.number_pagers }}</span>{% if paginator.next %} <a rel="next" href="{{ paginator.next | safe }}">Older →</a>{% endif %}</nav>{% endmacro pager %}
"#,
    ),
    (
        "index.html",
        r#"{% extends "base.html" %}
{% import "macros.html" as macros %}
{% block content %}
<h1>{{ config.title }}</h1>
<p>{{ config.description }}</p>
{% set posts = get_section(path="posts/_index.md") %}
<h2>Latest posts</h2>
<ul class="posts">{% for p in posts.pages | slice(end=10) %}{{ macros::post_item(p=p) }}{% endfor %}</ul>
<p><a href="{{ posts.permalink | safe }}">All {{ posts.pages | length }} posts</a></p>
<h2>Elsewhere</h2>
<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink | safe }}">{{ sub.title }}</a>: {{ sub.description }}</li>{% endfor %}</ul>
{% endblock content %}
"#,
    ),
    (
        "section.html",
        r#"{% extends "base.html" %}
{% import "macros.html" as macros %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock title %}
{% block description %}{{ section.description }}{% endblock description %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
{% if section.subsections %}<ul class="subsections">{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink | safe }}">{{ sub.title }}</a></li>{% endfor %}</ul>{% endif %}
<ul class="posts">{% for p in paginator.pages %}{{ macros::post_item(p=p) }}{% endfor %}</ul>
{{ macros::pager(paginator=paginator) }}
{% endblock content %}
"#,
    ),
    (
        "page.html",
        r##"{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock title %}
{% block description %}{{ page.description }}{% endblock description %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
<p class="meta"><time datetime="{{ page.date }}">{{ page.date | date(format="%B %e, %Y") }}</time> · {{ page.word_count }} words, {{ page.reading_time }} min read</p>
{% if page.toc %}<nav class="toc"><ul>{% for h in page.toc %}<li><a href="#{{ h.id }}">{{ h.title }}</a>{% if h.children %}<ul>{% for c in h.children %}<li><a href="#{{ c.id }}">{{ c.title }}</a></li>{% endfor %}</ul>{% endif %}</li>{% endfor %}</ul></nav>{% endif %}
{{ page.content | safe }}
<p class="tags">{% for t in page.taxonomies.tags %}<a href="{{ get_url(path='tags/' ~ t ~ '/') }}">#{{ t }}</a> {% endfor %}</p>
<nav class="neighbours">{% if page.higher %}<a href="{{ page.higher.permalink | safe }}">← {{ page.higher.title }}</a>{% endif %} {% if page.lower %}<a href="{{ page.lower.permalink | safe }}">{{ page.lower.title }} →</a>{% endif %}</nav>
</article>
{% endblock content %}
"##,
    ),
    (
        "tags/list.html",
        r#"{% extends "base.html" %}
{% block title %}Tags · {{ config.title }}{% endblock title %}
{% block content %}
<h1>Tags</h1>
<ul class="terms">{% for t in terms %}<li><a href="{{ t.permalink | safe }}">{{ t.name }}</a> ({{ t.page_count }})</li>{% endfor %}</ul>
{% endblock content %}
"#,
    ),
    (
        "tags/single.html",
        r##"{% extends "base.html" %}
{% import "macros.html" as macros %}
{% block title %}#{{ term.name }} · {{ config.title }}{% endblock title %}
{% block content %}
<h1>Tagged “{{ term.name }}”</h1>
<p>{{ term.page_count }} posts · <a href="{{ term.permalink | safe }}atom.xml">Feed</a></p>
<ul class="posts">{% for p in paginator.pages %}{{ macros::post_item(p=p) }}{% endfor %}</ul>
{{ macros::pager(paginator=paginator) }}
{% endblock content %}
"##,
    ),
];

/// Hugo: the same outputs (home feed, term feeds, no section or taxonomy feeds, sitemap),
/// classes for highlighting, 20 entries a feed. Pager sizes are passed to `.Paginate` in the
/// layouts, so no pagination key is needed (it moved between Hugo versions).
const HUGO_CONFIG: &str = r#"baseURL = "https://bench.example.org/"
title = "Field notes"
languageCode = "en"
enableRobotsTXT = true

[params]
description = "Notes on building and running software, written by a generator"
menu = ["posts", "notes", "guides", "projects", "reviews", "talks"]

[taxonomies]
tag = "tags"

[services.rss]
limit = 20

[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML", "RSS"]

[markup.highlight]
noClasses = false

[markup.goldmark.extensions]
typographer = true
"#;

const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "_default/baseof.html",
        r#"<!doctype html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title>
<meta name="description" content="{{ block "description" . }}{{ .Site.Params.description }}{{ end }}">
<link rel="stylesheet" href="{{ "syntax.css" | absURL }}">
<link rel="alternate" type="application/rss+xml" title="{{ .Site.Title }}" href="{{ "index.xml" | absURL }}">
</head>
<body>
<header><a class="brand" href="{{ .Site.BaseURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Params.menu }}<a href="{{ printf "%s/" . | absURL }}">{{ . | title }}</a> {{ end }}<a href="{{ "tags/" | absURL }}">Tags</a></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>{{ .Site.Title }} · <a href="{{ "index.xml" | absURL }}">Feed</a></p></footer>
</body>
</html>
"#,
    ),
    (
        "partials/post_item.html",
        r##"<li class="post">
<h2><a href="{{ .Permalink }}">{{ .Title }}</a></h2>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "January 2, 2006" }}</time> · {{ .ReadingTime }} min read{{ with .GetTerms "tags" }} ·{{ range . }} <a href="{{ .Permalink }}">#{{ .LinkTitle }}</a>{{ end }}{{ end }}</p>
{{ if .Truncated }}{{ .Summary }}{{ else }}<p>{{ .Description }}</p>{{ end }}
</li>"##,
    ),
    (
        "partials/pager.html",
        r#"<nav class="pager">{{ with .Prev }}<a rel="prev" href="{{ .URL }}">← Newer</a> {{ end }}<span>Page {{ .PageNumber }} of {{ .TotalPages }}</span>{{ with .Next }} <a rel="next" href="{{ .URL }}">Older →</a>{{ end }}</nav>"#,
    ),
    (
        "index.html",
        r#"{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
<p>{{ .Site.Params.description }}</p>
{{ $posts := where .Site.RegularPages "Section" "posts" }}
<h2>Latest posts</h2>
<ul class="posts">{{ range first 10 $posts }}{{ partial "post_item.html" . }}{{ end }}</ul>
{{ with .Site.GetPage "/posts" }}<p><a href="{{ .Permalink }}">All {{ len $posts }} posts</a></p>{{ end }}
<h2>Elsewhere</h2>
<ul>{{ range .Sections }}<li><a href="{{ .Permalink }}">{{ .Title }}</a>: {{ .Description }}</li>{{ end }}</ul>
{{ end }}
"#,
    ),
    (
        "_default/list.html",
        r#"{{ define "title" }}{{ .Title }} · {{ .Site.Title }}{{ end }}
{{ define "description" }}{{ .Description }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ with .Sections }}<ul class="subsections">{{ range . }}<li><a href="{{ .Permalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
{{ $pager := .Paginate .RegularPages (.Params.paginate_by | default 20) }}
<ul class="posts">{{ range $pager.Pages }}{{ partial "post_item.html" . }}{{ end }}</ul>
{{ partial "pager.html" $pager }}
{{ end }}
"#,
    ),
    (
        "_default/single.html",
        r#"{{ define "title" }}{{ .Title }} · {{ .Site.Title }}{{ end }}
{{ define "description" }}{{ .Description }}{{ end }}
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "January 2, 2006" }}</time> · {{ .WordCount }} words, {{ .ReadingTime }} min read</p>
{{ .TableOfContents }}
{{ .Content }}
<p class="tags">{{ range .GetTerms "tags" }}<a href="{{ .Permalink }}">#{{ .LinkTitle }}</a> {{ end }}</p>
<nav class="neighbours">{{ with .NextInSection }}<a href="{{ .Permalink }}">← {{ .Title }}</a>{{ end }} {{ with .PrevInSection }}<a href="{{ .Permalink }}">{{ .Title }} →</a>{{ end }}</nav>
</article>
{{ end }}
"#,
    ),
    (
        "_default/terms.html",
        r#"{{ define "title" }}Tags · {{ .Site.Title }}{{ end }}
{{ define "main" }}
<h1>Tags</h1>
<ul class="terms">{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.Permalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
"#,
    ),
    (
        "_default/term.html",
        r#"{{ define "title" }}#{{ .Title }} · {{ .Site.Title }}{{ end }}
{{ define "main" }}
<h1>Tagged “{{ .Title }}”</h1>
<p>{{ len .Pages }} posts{{ with .OutputFormats.Get "rss" }} · <a href="{{ .Permalink }}">Feed</a>{{ end }}</p>
{{ $pager := .Paginate .Pages.ByDate.Reverse 20 }}
<ul class="posts">{{ range $pager.Pages }}{{ partial "post_item.html" . }}{{ end }}</ul>
{{ partial "pager.html" $pager }}
{{ end }}
"#,
    ),
    (
        // Full content in feeds, as Zola's and Quire's Atom feeds carry it, newest first as
        // theirs (Hugo's default order puts pages with a weight first).
        "_default/rss.xml",
        r#"{{- $pages := .Pages -}}
{{- if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end -}}
{{- $pages = $pages.ByDate.Reverse -}}
{{- $limit := .Site.Config.Services.RSS.Limit -}}
{{- if ge $limit 1 }}{{ $pages = $pages | first $limit }}{{ end -}}
{{- printf "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{{ if .IsHome }}{{ .Site.Title }}{{ else }}{{ .Title }} · {{ .Site.Title }}{{ end }}</title>
<link>{{ .Permalink }}</link>
<description>{{ .Site.Params.description }}</description>
<language>{{ .Site.Language.Lang }}</language>
{{ with .OutputFormats.Get "RSS" }}{{ printf "<atom:link href=%q rel=\"self\" type=%q />" .Permalink .MediaType | safeHTML }}{{ end }}
{{ range $pages }}<item>
<title>{{ .Title }}</title>
<link>{{ .Permalink }}</link>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
<guid>{{ .Permalink }}</guid>
<description>{{ .Content | html }}</description>
</item>
{{ end }}</channel>
</rss>
"#,
    ),
];

const QUIRE_MORE: &str = "<!-- more -->";
const HUGO_MORE: &str = "<!--more-->";

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}

struct Flavours {
    quire: PathBuf,
    zola: PathBuf,
    hugo: PathBuf,
}

impl Flavours {
    /// Writes the same Zola-style file to the Quire and Zola sites.
    fn write_zola_style(&self, relative: &str, text: &str) -> std::io::Result<()> {
        write(&self.quire.join(relative), text)?;
        write(&self.zola.join(relative), text)
    }
}

fn section_intro(rng: &mut Rng) -> String {
    let words = rng.range(12, 24);
    format!("{}\n", rng.sentence(words))
}

fn generate(total: usize, dir: &Path, seed: u64) -> std::io::Result<Model> {
    let model = build_model(total, seed);
    let sites = Flavours {
        quire: dir.join("quire"),
        zola: dir.join("zola"),
        hugo: dir.join("hugo"),
    };
    let menu: Vec<String> = model
        .sections
        .iter()
        .filter(|s| !s.dir.contains('/'))
        .map(|s| format!("\"{}\"", s.dir))
        .collect();
    let menu = format!("menu = [{}]\n", menu.join(", "));
    write(
        &sites.quire.join("config.toml"),
        &format!("{BASE_CONFIG}{QUIRE_CONFIG_TAIL}{menu}"),
    )?;
    write(
        &sites.zola.join("config.toml"),
        &format!("{BASE_CONFIG}{ZOLA_CONFIG_TAIL}{menu}"),
    )?;
    write(&sites.hugo.join("hugo.toml"), HUGO_CONFIG)?;
    for (name, text) in TEMPLATES {
        sites.write_zola_style(&format!("templates/{name}"), text)?;
    }
    for (name, text) in HUGO_LAYOUTS {
        write(&sites.hugo.join("layouts").join(name), text)?;
    }

    let home = "+++\ntitle = \"Home\"\n+++\n";
    sites.write_zola_style("content/_index.md", home)?;
    write(&sites.hugo.join("content/_index.md"), home)?;
    for (s, section) in model.sections.iter().enumerate() {
        let mut rng = Rng::for_item(seed, 3, s);
        let words = rng.range(6, 12);
        let description = rng.sentence(words);
        let intro = section_intro(&mut rng);
        let title = &section.title;
        let zola = format!(
            "+++\ntitle = \"{title}\"\ndescription = \"{description}\"\nsort_by = \"{}\"\npaginate_by = {}\n+++\n{intro}",
            section.sort_by, section.paginate_by
        );
        sites.write_zola_style(&format!("content/{}/_index.md", section.dir), &zola)?;
        // Hugo sorts by weight, then date (newest first): the same orders as Zola's.
        let hugo = format!(
            "+++\ntitle = \"{title}\"\ndescription = \"{description}\"\npaginate_by = {}\n+++\n{intro}",
            section.paginate_by
        );
        write(
            &sites
                .hugo
                .join(format!("content/{}/_index.md", section.dir)),
            &hugo,
        )?;
    }

    for (index, page) in model.pages.iter().enumerate() {
        let mut rng = Rng::for_item(seed, 4, index);
        let words = rng.range(10, 18);
        let description = rng.sentence(words);
        let tags = tags(&mut rng)
            .iter()
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let body = body(&model, index, seed);
        let date = page.date.format("%Y-%m-%dT%H:%M:%SZ");
        let weight = page
            .weight
            .map(|w| format!("weight = {w}\n"))
            .unwrap_or_default();
        let relative = format!(
            "content/{}/{}.md",
            model.sections[page.section].dir, page.slug
        );
        let zola = format!(
            "+++\ntitle = \"{}\"\ndescription = \"{description}\"\ndate = {date}\n{weight}[taxonomies]\ntags = [{tags}]\n+++\n{}{QUIRE_MORE}\n\n{}",
            page.title, body.intro, body.rest
        );
        let hugo = format!(
            "+++\ntitle = \"{}\"\ndescription = \"{description}\"\ndate = {date}\n{weight}tags = [{tags}]\n+++\n{}{HUGO_MORE}\n\n{}",
            page.title, body.intro, body.rest
        );
        sites.write_zola_style(&relative, &zola)?;
        write(&sites.hugo.join(&relative), &hugo)?;
    }
    if let Some(newest) = model.sections[0]
        .pages
        .iter()
        .max_by_key(|&&i| model.pages[i].date)
    {
        let page = &model.pages[*newest];
        write(
            &dir.join("newest-post"),
            &format!("content/posts/{}.md\n", page.slug),
        )?;
    }
    Ok(model)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(count), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!(
            "usage: gen_corpus N DIR [SEED]   (writes DIR/quire, DIR/zola and DIR/hugo with N pages each)"
        );
        return ExitCode::FAILURE;
    };
    let seed = match args.get(2).map(|s| s.parse::<u64>()) {
        None => DEFAULT_SEED,
        Some(Ok(seed)) => seed,
        Some(Err(_)) => {
            eprintln!("error: SEED must be a whole number");
            return ExitCode::FAILURE;
        }
    };
    match generate(count, Path::new(dir), seed) {
        Ok(model) => {
            let shape: Vec<String> = model
                .sections
                .iter()
                .map(|s| format!("{} {}", s.dir, s.pages.len()))
                .collect();
            println!(
                "Wrote {count} pages to {dir}/quire, {dir}/zola and {dir}/hugo ({})",
                shape.join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {dir}: {error}");
            ExitCode::FAILURE
        }
    }
}
