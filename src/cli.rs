//! The command line: clap definitions resolved into library options.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use quire::scaffold::NewArticle;
use quire::serve::ServeOptions;
use quire::site::BuildOptions;

/// Quire builds static sites from Markdown and Tera templates.
#[derive(Debug, Parser)]
#[command(name = "quire", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Build in memory and report broken links, anchors, images and front matter problems.
    Check(CheckArgs),
    /// Write a new article: `quire new 418` or `quire new post "My title"`.
    New(NewArgs),
    /// Build into memory, serve on 127.0.0.1, rebuild and reload pages on every change.
    Serve(ServeArgs),
}

/// Options of `quire serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on.
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; 0.0.0.0 shares the site with your network.
    #[arg(long, short, default_value = "127.0.0.1")]
    pub interface: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked draft = true.
    #[arg(long)]
    pub drafts: bool,
}

impl ServeArgs {
    /// The library's options.
    pub fn options(&self) -> ServeOptions {
        ServeOptions {
            root: self.root.clone(),
            interface: self.interface,
            port: self.port,
            drafts: self.drafts,
        }
    }
}

/// Options of `quire check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include pages marked draft = true.
    #[arg(long)]
    pub drafts: bool,
    /// Also fetch links to other sites (a few at a time, with a timeout).
    #[arg(long)]
    pub external: bool,
}

impl CheckArgs {
    /// The build the check runs in memory.
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            drafts: self.drafts,
            mode: quire::config::Mode::Check,
            ..BuildOptions::new(&self.root)
        }
    }
}

/// Options of `quire new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// A status code (`418`), or `post` followed by a title.
    pub what: String,
    /// The title of a post.
    pub title: Option<String>,
}

impl NewArgs {
    /// What to write, or why the arguments make no sense.
    pub fn article(&self) -> Result<NewArticle, String> {
        match (self.what.as_str(), &self.title) {
            ("post", Some(title)) => Ok(NewArticle::Post(title.clone())),
            ("post", None) => Err("give the post a title: quire new post \"My title\"".to_string()),
            (code, None) => code
                .parse::<u16>()
                .map(NewArticle::Status)
                .map_err(|_| format!("`{code}` is neither a status code nor `post`")),
            (_, Some(_)) => Err("only posts take a title: quire new post \"My title\"".to_string()),
        }
    }
}

/// Options of `quire build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site folder, holding config.toml, content/, templates/ and static/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The folder to write the site to (replaced whole on success).
    #[arg(long, short, default_value = "public")]
    pub output: PathBuf,
    /// The base URL to build for, replacing base_url from config.toml.
    #[arg(long, short = 'u')]
    pub base_url: Option<String>,
    /// Include pages marked draft = true.
    #[arg(long)]
    pub drafts: bool,
    /// Replace the output folder even if it is not empty and Quire did not make it.
    #[arg(long, short)]
    pub force: bool,
    /// Neither read nor fill the build cache in .quire/cache/.
    #[arg(long)]
    pub no_cache: bool,
}

impl BuildArgs {
    /// The library's options. A relative --output is relative to the current folder, as in Zola.
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            output: self.output.clone(),
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
        let options = args.options();
        assert_eq!(options.root, PathBuf::from("."));
        assert_eq!(options.output, PathBuf::from("public"));
        assert!(!options.drafts);
    }

    #[test]
    fn new_takes_a_code_or_a_post_title() {
        let parse = |args: &[&str]| match Cli::parse_from(args).command {
            Command::New(new) => new.article(),
            _ => panic!("not new"),
        };
        assert_eq!(parse(&["quire", "new", "418"]), Ok(NewArticle::Status(418)));
        assert_eq!(
            parse(&["quire", "new", "post", "Hi there"]),
            Ok(NewArticle::Post("Hi there".into()))
        );
        assert!(parse(&["quire", "new", "post"]).is_err());
        assert!(parse(&["quire", "new", "teapot"]).is_err());
    }
}
