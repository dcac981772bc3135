//! One file per command, each with a small `execute()`; this module dispatches to them.
//! What they share (the terminal, the build summary) is in [`console`].

mod analyze;
mod build;
mod check;
pub mod console;
mod new;
mod templates;
mod watch;

use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, Command, TemplatesCommand};
use console::{out, write_stdout};

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
