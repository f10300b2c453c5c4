//! The command line: clap definitions resolved into library options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
}

impl BuildArgs {
    /// The library's options. A relative --output is relative to the current folder, as in Zola.
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            output: self.output.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
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
        let Command::Build(args) = cli.command;
        let options = args.options();
        assert_eq!(options.root, PathBuf::from("."));
        assert_eq!(options.output, PathBuf::from("public"));
        assert!(!options.drafts);
    }
}
