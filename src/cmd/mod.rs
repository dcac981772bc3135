//! One file per command, each with a small `execute()`; this module dispatches to them
//! and holds what they share: writing to the terminal (a closed or full stdout is a
//! failure to report, never a panic) and the build summary line.

mod analyze;
mod build;
mod check;
mod new;
mod templates;
mod watch;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::cli::{Cli, Command, TemplatesCommand};
use offerbrief::Briefing;
use offerbrief::render::text::markdown::oneline;
use offerbrief::vocab::FlagCode;

/// Runs the command; its exit code, or the error `main` reports.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build::execute(&args.files, &args.options.into()),
        Command::Watch(args) => watch::execute(&args.file, &args.options.into()),
        Command::Check { file } => check::execute(&file),
        Command::Analyze {
            file,
            format,
            round,
        } => analyze::execute(&file, format, round),
        Command::New { file } => new::execute(&file),
        Command::Schema => {
            out(&offerbrief::offer_schema())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Templates(TemplatesCommand::Export { dir }) => templates::execute(&dir),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "offerbrief", &mut script);
            write_stdout(&script)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Prints `text` and a newline to stdout. A stdout that cannot take it (closed, a full
/// disk) is an error the caller reports, with exit code 3.
pub fn out(text: &str) -> Result<()> {
    write_stdout(format!("{text}\n").as_bytes())
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .context("writing to standard output")
}

/// Prints `text` and a newline to stderr; if even stderr is gone there is no one left
/// to tell.
pub fn err(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{text}");
}

/// What `build` prints: the folder written (relative to the working folder), the files,
/// and the draft to send next.
pub fn summary(file: &Path, briefing: &Briefing, folder: &Path) -> String {
    let shown = relative_to_cwd(folder);
    let analysis = &briefing.analysis;
    let mut text = format!(
        "{}: round {} ({}) → {}/\n  briefing.pdf, analysis.json, checklist.md, {} email draft{}",
        relative_to_cwd(file).display(),
        analysis.offer.round.number,
        oneline(&analysis.offer.round.name),
        shown.display(),
        briefing.draft_count(),
        if briefing.draft_count() == 1 { "" } else { "s" }
    );
    if let Some(recommended) = &briefing.recommended {
        text.push_str(&format!(
            "\n  next: send {}",
            shown.join(recommended).display()
        ));
    }
    if let Some(flag) = analysis
        .flags
        .iter()
        .find(|flag| flag.code == FlagCode::StartForfeitsVest)
    {
        text.push_str(&format!("\n  start date: {}", oneline(&flag.message)));
    }
    text
}

/// `path` relative to the working folder when it lies inside it, else as given.
pub fn relative_to_cwd(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}
