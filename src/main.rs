//! The `quire` binary: parses the command line, runs the library, prints diagnostics.

#![cfg_attr(test, allow(clippy::panic))]

#[cfg(feature = "count-allocations")]
mod alloc_count;
mod cli;

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

use cli::{Cli, Command};
use quire::error::{Diagnostic, Diagnostics};
use quire::progress::BuildProgress;

/// mimalloc reuses freed memory without handing it back to the system and faulting it in
/// again, which the serve loop's repeated list renders otherwise spend most of their time on
/// (a one-page rebuild at 10,000 pages: 155 ms with glibc's allocator, 70-90 ms with it).
#[cfg(not(feature = "count-allocations"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "count-allocations")]
#[global_allocator]
static ALLOCATOR: alloc_count::Counting = alloc_count::Counting;

/// Tunes memory for `serve`, whose edits render the same lists again and again:
/// - It never hands freed memory back to the system (`purge_delay = -1`): memory handed
///   back is faulted in and zeroed again when next used, which the repeated list renders
///   spent a fifth of their time on (a summary edit at 10,000 pages: 38-65 ms before, 26-43
///   ms after). Builds keep mimalloc's default, which gives back what a phase freed and so
///   peaks lower (a cold build at 50,000 pages: 900 MiB, against 952 MiB with this option).
/// - The process gets no transparent huge pages (`prctl(PR_SET_THP_DISABLE)`, Linux only;
///   mimalloc's own `allow_thp` option is read only at its start): the first edit after the
///   initial build takes memory no thread had used, and faulting it in 2 MiB at a time, each
///   zeroed whole, was two thirds of that edit (a summary edit at 10,000 pages: the first
///   112-158 ms with huge pages, 65-84 ms without; the initial build 3.1-4.7 s, 2.5-2.9 s).
///   A cold `quire build` is faster with them (11.9-12.5 s against 13.6-13.7 s), so it keeps
///   them.
fn tune_allocator_for_serve() {
    // `mi_option_purge_delay` in mimalloc.h's `mi_option_e`, the same in mimalloc 2 and 3;
    // libmimalloc-sys names no constant for it.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets one of mimalloc's options, which it reads atomically from any thread.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
    // Only a speed-up: serve works the same when the kernel refuses.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::new().filter_or("QUIRE_LOG", "warn")).init();
    let cli = Cli::parse();
    let root = cli.root.as_path();
    let status = match &cli.command {
        Command::Build(args) => build(args, root),
        Command::Check(args) => check(args, root),
        Command::New(args) => new(args, root),
        Command::Serve(args) => {
            tune_allocator_for_serve();
            serve(args, root)
        }
        Command::Init(args) => init(args),
    };
    #[cfg(feature = "count-allocations")]
    alloc_count::report();
    status
}

fn init(args: &cli::InitArgs) -> ExitCode {
    let site = args.new_site(&mut Terminal);
    match site.write() {
        Ok(()) => {
            println!(
                "Made a new site in {}; build it with `quire --root {} build`, or serve it with `quire serve`",
                site.dir.display(),
                site.dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostic) => {
            print_diagnostics(&[diagnostic]);
            ExitCode::FAILURE
        }
    }
}

/// Asks `quire init`'s questions on a terminal; elsewhere every answer is the default.
struct Terminal;

impl Terminal {
    fn ask(question: &str, default: &str) -> Option<String> {
        use std::io::{IsTerminal, Write};
        if !std::io::stdin().is_terminal() {
            return None;
        }
        print!("{question} ({default}): ");
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).ok()?;
        let line = line.trim();
        (!line.is_empty()).then(|| line.to_string())
    }
}

impl cli::Ask for Terminal {
    fn text(&mut self, question: &str, default: &str) -> String {
        Terminal::ask(question, default).unwrap_or_else(|| default.to_string())
    }

    fn yes_no(&mut self, question: &str, default: bool) -> bool {
        let shown = if default { "Y/n" } else { "y/N" };
        loop {
            match Terminal::ask(question, shown).map(|a| a.to_lowercase()) {
                None => return default,
                Some(answer) if answer == "y" || answer == "yes" => return true,
                Some(answer) if answer == "n" || answer == "no" => return false,
                Some(_) => println!("Answer y or n"),
            }
        }
    }
}

fn serve(args: &cli::ServeArgs, root: &std::path::Path) -> ExitCode {
    let options = args.options(root);
    if args.open {
        let url = format!("http://{}:{}/", options.interface, options.port);
        open_browser(&url);
    }
    match quire::serve::run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(diagnostic) => {
            print_diagnostics(&[diagnostic]);
            ExitCode::FAILURE
        }
    }
}

/// A line on a terminal's stderr that shows what a long build is doing (`Rendering pages
/// 1200/50000… 3.5 s`); nothing when stderr is not a terminal or the build ends within half a
/// second.
struct Progress {
    done: std::sync::mpsc::Sender<()>,
    ticker: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start(stages: Arc<BuildProgress>) -> Progress {
        use std::io::{IsTerminal, Write};
        let (done, finished) = std::sync::mpsc::channel::<()>();
        let ticker = std::io::stderr().is_terminal().then(|| {
            std::thread::spawn(move || {
                let started = std::time::Instant::now();
                let mut shown = false;
                let tick = std::time::Duration::from_millis(500);
                while matches!(
                    finished.recv_timeout(tick),
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout)
                ) {
                    eprint!(
                        "\r\x1b[2K{}… {:.1} s",
                        stages.describe(),
                        started.elapsed().as_secs_f32()
                    );
                    let _ = std::io::stderr().flush();
                    shown = true;
                }
                if shown {
                    eprint!("\r\x1b[2K");
                }
            })
        });
        Progress { done, ticker }
    }

    /// Stops the ticker and clears its line.
    fn finish(self) {
        let _ = self.done.send(());
        if let Some(ticker) = self.ticker {
            let _ = ticker.join();
        }
    }
}

/// Asks the desktop to open `url`; the site is served either way.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("warning: could not open a browser; visit {url}");
    }
}

fn check(args: &cli::CheckArgs, root: &std::path::Path) -> ExitCode {
    let external = args.external.then(quire::check::ExternalOptions::default);
    let mut diagnostics = Diagnostics::default();
    quire::check::check_site(&args.options(root), external.as_ref(), &mut diagnostics);
    let diagnostics = diagnostics.into_sorted();
    print_diagnostics(&diagnostics);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors == 0 {
        println!(
            "Checked the site: no errors, {warnings} warning{}",
            plural(warnings)
        );
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "Check found {errors} error{} and {warnings} warning{}",
            plural(errors),
            plural(warnings)
        );
        ExitCode::FAILURE
    }
}

fn new(args: &cli::NewArgs, root: &std::path::Path) -> ExitCode {
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let mut diagnostics = Diagnostics::default();
    match args.page().write(root, &today, &mut diagnostics) {
        Some(path) => {
            println!(
                "Wrote {} (a draft: set draft = false to publish it)",
                path.display()
            );
            ExitCode::SUCCESS
        }
        None => {
            print_diagnostics(&diagnostics.into_sorted());
            ExitCode::FAILURE
        }
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

fn build(args: &cli::BuildArgs, root: &std::path::Path) -> ExitCode {
    // Ctrl+C or SIGTERM: remove the half-written staging folder, then end as a shell expects
    // of an interrupted command. Exiting from the handler is the one way to stop threads
    // that are rendering; the old output is never touched.
    let handler = ctrlc::set_handler(|| {
        quire::output::interrupt::abandon_staging();
        eprintln!("\ninterrupted: the output was left as it was");
        std::process::exit(130);
    });
    if let Err(error) = handler {
        log::warn!("Ctrl+C will not clean up the build's temporary folder: {error}");
    }
    let stages = Arc::new(BuildProgress::default());
    let options = quire::site::BuildOptions {
        progress: Some(Arc::clone(&stages)),
        ..args.options(root)
    };
    let progress = Progress::start(stages);
    let mut diagnostics = Diagnostics::default();
    let report = quire::site::build(&options, &mut diagnostics);
    progress.finish();
    let diagnostics = diagnostics.into_sorted();
    print_diagnostics(&diagnostics);
    match report {
        Some(report) => {
            let cache = report.cache;
            let cached = match cache.hits + cache.misses {
                0 => String::new(),
                blocks => format!(
                    "; {} of {blocks} code block{} from the cache",
                    cache.hits,
                    plural(blocks)
                ),
            };
            println!(
                "Built {} pages and {} sections into {} ({} files, {} unchanged) in {} ms{cached}",
                report.pages,
                report.sections,
                options.output.display(),
                report.files,
                report.unchanged,
                report.elapsed.as_millis()
            );
            ExitCode::SUCCESS
        }
        None => {
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "Build failed with {errors} error{}; {} was left as it was.",
                plural(errors),
                options.output.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// Prints diagnostics on stderr with the offending source line, in colour on a terminal
/// unless `NO_COLOR` is set.
fn print_diagnostics(diagnostics: &[Diagnostic]) {
    use std::io::IsTerminal;
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    // Diagnostics come sorted by file: each file is read and indexed once, not once per
    // diagnostic (40,000 broken links in one file read it 40,000 times).
    for same_file in diagnostics.chunk_by(|a, b| a.origin == b.origin) {
        let source = same_file
            .iter()
            .any(|d| d.location.is_some())
            .then(|| same_file[0].origin.file())
            .flatten()
            .and_then(|file| std::fs::read_to_string(file).ok());
        let lines = source.as_deref().map(quire::error::LineIndex::new);
        for diagnostic in same_file {
            eprintln!("{}", diagnostic.render_in(lines.as_ref(), color));
        }
    }
}
