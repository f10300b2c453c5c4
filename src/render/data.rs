//! `load_data` as Zola has it: a data file of the site (looked for where Zola looks), a
//! remote URL (with a timeout, fetched once per build) or a literal string, parsed as TOML,
//! JSON, CSV, YAML, XML or plain text. `required = false` gives `null` for what cannot be had.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use tera::{Tera, Value};

use super::data_formats::{Format, parse};
use super::site_files;
use super::site_files::Places;
use crate::content::Library;

/// How long a remote `load_data` may take.
const REMOTE_TIMEOUT: Duration = Duration::from_secs(10);

/// Where `load_data` reads from, and what it has read already.
struct DataFiles {
    root: PathBuf,
    /// Searched in turn: the site folder, `static/`, `content/`, the theme's `static/`.
    places: Places,
    /// Results by source and format, so a file or URL asked for by every page is read and
    /// parsed once.
    cache: Mutex<HashMap<String, Arc<Loaded>>>,
    agent: ureq::Agent,
}

/// A source's value once read, for every page that asks for it.
type Loaded = OnceLock<Result<Value, Failure>>;

/// Why a source gave no value.
enum Failure {
    /// It could not be read or fetched (`null` when not required).
    Read(String),
    /// It was read but is not valid in its format (always an error).
    Parse(String),
}

/// What to load.
enum Source {
    File(PathBuf),
    Url(String),
    Literal(String),
}

/// Registers `load_data` for the site in `root`, whose theme (if any) is `theme` and whose
/// content is `library`.
pub(super) fn register(tera: &mut Tera, root: &Path, theme: Option<&str>, library: &Library) {
    let places = site_files::places(root, theme, library);
    let agent = ureq::Agent::config_builder()
        .timeout_global(Some(REMOTE_TIMEOUT))
        .user_agent(concat!("quire/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let files = DataFiles {
        root: root.to_path_buf(),
        places,
        cache: Mutex::default(),
        agent,
    };
    tera.register_function("load_data", move |args: &HashMap<String, Value>| {
        files.load(args)
    });
}

impl DataFiles {
    fn load(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let required = match args.get("required") {
            None => true,
            Some(value) => value
                .as_bool()
                .ok_or_else(|| tera::Error::msg("`load_data`: `required` must be true or false"))?,
        };
        let source = match self.source(args)? {
            Some(source) => source,
            None if !required => return Ok(Value::Null),
            None => {
                let path = text_arg(args, "path")?.unwrap_or_default();
                return Err(tera::Error::msg(format!(
                    "`load_data`: no file `{path}` in the site folder, static/, content/ or the theme's static/"
                )));
            }
        };
        let format = match text_arg(args, "format")? {
            Some(name) => Format::named(name).ok_or_else(|| {
                tera::Error::msg(format!(
                    "`load_data`: unknown format `{name}`; use toml, json, csv, yaml, xml or plain"
                ))
            })?,
            None => match &source {
                Source::File(path) => Format::of_path(path),
                _ => Format::Plain,
            },
        };
        let cell = match self.cache.lock() {
            Ok(mut cache) => Arc::clone(cache.entry(self.cache_key(&source, format)).or_default()),
            Err(_) => Arc::default(),
        };
        // Pages rendered at once that ask for the same source wait for one read.
        let loaded = cell.get_or_init(|| match self.read(&source, format) {
            Ok(text) => parse(&text, format)
                .map_err(|why| Failure::Parse(format!("{}: {why}", self.describe(&source)))),
            Err(why) => Err(Failure::Read(why)),
        });
        match loaded {
            Ok(value) => Ok(value.clone()),
            Err(Failure::Read(_)) if !required => Ok(Value::Null),
            Err(Failure::Read(why) | Failure::Parse(why)) => {
                Err(tera::Error::msg(format!("`load_data`: {why}")))
            }
        }
    }

    /// The source the arguments name; `None` for a file that does not exist.
    fn source(&self, args: &HashMap<String, Value>) -> tera::Result<Option<Source>> {
        let given = [
            text_arg(args, "path")?,
            text_arg(args, "url")?,
            text_arg(args, "literal")?,
        ];
        match given {
            [Some(path), None, None] => site_files::find(&self.places, path, "load_data")
                .map(|found| found.map(Source::File)),
            [None, Some(url), None] => Ok(Some(Source::Url(url.to_string()))),
            [None, None, Some(literal)] => Ok(Some(Source::Literal(literal.to_string()))),
            _ => Err(tera::Error::msg(
                "`load_data` needs exactly one of `path`, `url` and `literal`",
            )),
        }
    }

    fn read(&self, source: &Source, format: Format) -> Result<String, String> {
        match source {
            Source::File(path) => std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display())),
            Source::Url(url) => self
                .agent
                .get(url)
                .header("Accept", format.mime())
                .call()
                .and_then(|mut response| response.body_mut().read_to_string())
                .map_err(|e| format!("cannot fetch {url}: {e}")),
            Source::Literal(text) => Ok(text.clone()),
        }
    }

    fn cache_key(&self, source: &Source, format: Format) -> String {
        match source {
            Source::File(path) => {
                let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
                format!("file {format:?} {} {modified:?}", path.display())
            }
            Source::Url(url) => format!("url {format:?} {url}"),
            Source::Literal(text) => format!("literal {format:?} {text}"),
        }
    }

    fn describe(&self, source: &Source) -> String {
        match source {
            Source::File(path) => path
                .strip_prefix(&self.root)
                .unwrap_or(path)
                .display()
                .to_string(),
            Source::Url(url) => url.clone(),
            Source::Literal(_) => "the literal".to_string(),
        }
    }
}

fn text_arg<'a>(args: &'a HashMap<String, Value>, name: &str) -> tera::Result<Option<&'a str>> {
    match args.get(name) {
        None => Ok(None),
        Some(value) => value
            .as_str()
            .map(Some)
            .ok_or_else(|| tera::Error::msg(format!("`load_data`: `{name}` must be a string"))),
    }
}
