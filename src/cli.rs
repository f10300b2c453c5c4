//! The command line: clap definitions resolved into library options.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use quire::scaffold::NewPage;
use quire::scaffold::init::{self, NewSite};
use quire::serve::ServeOptions;
use quire::site::BuildOptions;

/// Quire builds static sites from Markdown and Tera templates.
#[derive(Debug, Parser)]
#[command(name = "quire", version, about)]
pub(crate) struct Cli {
    /// The site folder, holding zola.toml or config.toml, content/, templates/ and static/
    /// (before or after the command, as in `quire --root site build`).
    #[arg(long, short = 'r', global = true, default_value = ".")]
    pub(crate) root: PathBuf,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Build in memory and report broken links, anchors, images and front matter problems.
    Check(CheckArgs),
    /// Write a new page from the site's schema or archetype: `quire new 418`,
    /// `quire new blog "My title"`, `quire new post "My title"`.
    New(NewArgs),
    /// Build into memory, serve on 127.0.0.1, rebuild and reload pages on every change.
    Serve(ServeArgs),
    /// Make a new site in DIR (the current folder by default), as `zola init` does.
    Init(InitArgs),
}

/// Options of `quire init`: Zola's questions, asked on a terminal unless a flag answers them.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder to make the site in.
    #[arg(default_value = ".")]
    pub(crate) dir: PathBuf,
    /// Make the site even if the folder holds files.
    #[arg(long, short)]
    pub(crate) force: bool,
    /// The URL of the site (else asked; https://example.com when not on a terminal).
    #[arg(long, short = 'u')]
    pub(crate) base_url: Option<String>,
    /// Compile Sass files in sass/ (else asked; yes when not on a terminal).
    #[arg(long, value_name = "BOOL")]
    pub(crate) compile_sass: Option<bool>,
    /// Build a search index of the content (else asked; no when not on a terminal).
    #[arg(long, value_name = "BOOL")]
    pub(crate) build_search_index: Option<bool>,
}

/// Answers a question: the text shown and the default; returns the answer.
pub(crate) trait Ask {
    /// Asks for text, giving `default` when the answer is empty.
    fn text(&mut self, question: &str, default: &str) -> String;
    /// Asks yes or no.
    fn yes_no(&mut self, question: &str, default: bool) -> bool;
}

impl InitArgs {
    /// The new site, with `ask` answering what the flags leave open.
    pub(crate) fn new_site(&self, ask: &mut dyn Ask) -> NewSite {
        let base_url = self
            .base_url
            .clone()
            .unwrap_or_else(|| ask.text("> What is the URL of your site?", init::DEFAULT_BASE_URL));
        let compile_sass = self
            .compile_sass
            .unwrap_or_else(|| ask.yes_no("> Do you want to enable Sass compilation?", true));
        let build_search_index = self.build_search_index.unwrap_or_else(|| {
            ask.yes_no(
                "> Do you want to build a search index of the content?",
                false,
            )
        });
        NewSite {
            dir: self.dir.clone(),
            base_url,
            compile_sass,
            build_search_index,
            force: self.force,
        }
    }
}

/// Options of `quire serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The port to listen on.
    #[arg(long, short, default_value_t = 1111)]
    pub(crate) port: u16,
    /// The address to listen on; 0.0.0.0 shares the site with your network.
    #[arg(long, short, default_value = "127.0.0.1")]
    pub(crate) interface: IpAddr,
    /// Open the site in the default browser.
    #[arg(long, short = 'O')]
    pub(crate) open: bool,
    /// Include pages marked draft = true.
    #[arg(long)]
    pub(crate) drafts: bool,
}

impl ServeArgs {
    /// The library's options.
    pub(crate) fn options(&self, root: &Path) -> ServeOptions {
        ServeOptions {
            root: root.to_path_buf(),
            interface: self.interface,
            port: self.port,
            drafts: self.drafts,
        }
    }
}

/// Options of `quire check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Include pages marked draft = true.
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Also fetch links to other sites (a few at a time, with a timeout).
    #[arg(long, conflicts_with = "skip_external_links")]
    pub(crate) external: bool,
    /// Zola's flag: leave links to other sites unchecked, which Quire does unless --external
    /// asks.
    #[arg(long)]
    pub(crate) skip_external_links: bool,
}

impl CheckArgs {
    /// The build the check runs in memory.
    pub(crate) fn options(&self, root: &Path) -> BuildOptions {
        BuildOptions {
            drafts: self.drafts,
            mode: quire::config::Mode::Check,
            ..BuildOptions::new(root)
        }
    }
}

/// Options of `quire new`.
#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// A schema (`recipe`), a section folder (`blog`), `post` (at the top of content/), or a
    /// value a schema's `new.argument` accepts.
    pub(crate) what: String,
    /// The value or title of the new page.
    pub(crate) value: Option<String>,
}

impl NewArgs {
    /// What to write.
    pub(crate) fn page(&self) -> NewPage {
        NewPage {
            what: self.what.clone(),
            value: self.value.clone(),
        }
    }
}

/// Options of `quire build`.
#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// The folder to write the site to (replaced whole on success); public/ in the site
    /// folder by default.
    #[arg(long, short, visible_alias = "output-dir")]
    pub(crate) output: Option<PathBuf>,
    /// The base URL to build for, replacing base_url from config.toml.
    #[arg(long, short = 'u')]
    pub(crate) base_url: Option<String>,
    /// Include pages marked draft = true.
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Replace the output folder even if it is not empty and Quire did not make it.
    #[arg(long, short)]
    pub(crate) force: bool,
    /// Neither read nor fill the build cache in .quire/cache/, nor keep the replaced output.
    #[arg(long)]
    pub(crate) no_cache: bool,
}

impl BuildArgs {
    /// The library's options. A relative --output is relative to the current folder, as in
    /// Zola; without it the site goes to `public/` in the site folder.
    pub(crate) fn options(&self, root: &Path) -> BuildOptions {
        let output = match &self.output {
            Some(output) => output.clone(),
            None if root == Path::new(".") => PathBuf::from("public"),
            None => root.join("public"),
        };
        BuildOptions {
            root: root.to_path_buf(),
            output,
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            force: self.force,
            cachebust: true,
            progress: None,
            cache: !self.no_cache,
            mode: quire::config::Mode::Build,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn build_defaults_to_the_current_folder_and_public() {
        let cli = Cli::parse_from(["quire", "build"]);
        let Command::Build(args) = cli.command else {
            panic!("not a build")
        };
        let options = args.options(&cli.root);
        assert_eq!(options.root, PathBuf::from("."));
        assert_eq!(options.output, PathBuf::from("public"));
        assert!(!options.drafts);
    }

    #[test]
    fn zolas_flags_are_understood_beside_ours() {
        for args in [
            &["quire", "--root", "site", "build", "--output-dir", "out"][..],
            &["quire", "build", "--root", "site", "--output", "out"],
            &["quire", "-r", "site", "build", "-o", "out"],
        ] {
            let cli = Cli::parse_from(args);
            let Command::Build(build) = &cli.command else {
                panic!("not a build")
            };
            let options = build.options(&cli.root);
            assert_eq!(options.root, PathBuf::from("site"), "{args:?}");
            assert_eq!(options.output, PathBuf::from("out"), "{args:?}");
        }
        let cli = Cli::parse_from(["quire", "--root", "site", "build"]);
        let Command::Build(build) = &cli.command else {
            panic!("not a build")
        };
        assert_eq!(
            build.options(&cli.root).output,
            PathBuf::from("site/public")
        );
        let cli = Cli::parse_from(["quire", "check", "--skip-external-links"]);
        assert!(matches!(
            cli.command,
            Command::Check(CheckArgs {
                skip_external_links: true,
                ..
            })
        ));
        let cli = Cli::parse_from(["quire", "serve", "-i", "0.0.0.0", "-p", "8000", "-O"]);
        let Command::Serve(serve) = &cli.command else {
            panic!("not serve")
        };
        assert!(serve.open);
        assert_eq!(serve.options(&cli.root).port, 8000);
    }

    /// Answers every question with its default, recording what was asked.
    struct Defaults(Vec<String>);

    impl Ask for Defaults {
        fn text(&mut self, question: &str, default: &str) -> String {
            self.0.push(question.to_string());
            default.to_string()
        }
        fn yes_no(&mut self, question: &str, default: bool) -> bool {
            self.0.push(question.to_string());
            default
        }
    }

    #[test]
    fn init_asks_only_what_the_flags_leave_open() {
        let cli = Cli::parse_from([
            "quire",
            "init",
            "blog",
            "--base-url",
            "https://blog.example",
            "--compile-sass",
            "false",
        ]);
        let Command::Init(init) = &cli.command else {
            panic!("not init")
        };
        let mut ask = Defaults(Vec::new());
        let site = init.new_site(&mut ask);
        assert_eq!(site.base_url, "https://blog.example");
        assert!(!site.compile_sass);
        assert!(!site.build_search_index);
        assert_eq!(
            ask.0,
            vec!["> Do you want to build a search index of the content?"]
        );
    }

    #[test]
    fn new_takes_a_kind_and_an_optional_value() {
        let parse = |args: &[&str]| match Cli::parse_from(args).command {
            Command::New(new) => new.page(),
            _ => panic!("not new"),
        };
        assert_eq!(
            parse(&["quire", "new", "418"]),
            NewPage {
                what: "418".into(),
                value: None
            }
        );
        assert_eq!(
            parse(&["quire", "new", "post", "Hi there"]),
            NewPage {
                what: "post".into(),
                value: Some("Hi there".into())
            }
        );
    }
}
