//! The `quire` binary: parses the command line, runs the library, prints diagnostics.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use quire::error::Diagnostic;

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::new().filter_or("QUIRE_LOG", "warn")).init();
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(&args),
    }
}

fn build(args: &cli::BuildArgs) -> ExitCode {
    let options = args.options();
    match quire::site::build(&options) {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            println!(
                "Built {} pages and {} sections into {} ({} files) in {} ms",
                report.pages,
                report.sections,
                options.output.display(),
                report.files,
                report.elapsed.as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "Build failed with {errors} error{}; {} was left as it was.",
                if errors == 1 { "" } else { "s" },
                options.output.display()
            );
            ExitCode::FAILURE
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}");
    }
}
