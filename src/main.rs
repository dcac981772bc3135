//! The `offerbrief` binary: parse arguments, run the command, print the error, exit with
//! the code of SPEC §1 (0 success, 1 bad input, 2 usage, 3 I/O or internal failure).

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use clap::CommandFactory;

use cli::{Cli, Command, Format, TemplatesCommand};
use offerbrief::error::is_input_error;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            let code = if is_input_error(&error) { 1 } else { 3 };
            let mut message = String::new();
            for (depth, cause) in error.chain().enumerate() {
                if depth > 0 {
                    message.push_str("\n  caused by: ");
                }
                message.push_str(&cause.to_string());
            }
            eprintln!("{}", prefixed(&message, code));
            ExitCode::from(code)
        }
    }
}

/// Problems in the input are listed as they are; other failures start with `error:`.
fn prefixed(message: &str, code: u8) -> String {
    if code == 1 {
        message.to_string()
    } else {
        format!("error: {message}")
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check { file } => {
            let offer = offerbrief::offer::load(&file)?;
            let analysis = offerbrief::analyse_round(&offer, None)?;
            for warning in &analysis.warnings {
                eprintln!("warning: {warning}");
            }
            println!(
                "{}: ok ({} round{})",
                file.display(),
                offer.rounds.len(),
                if offer.rounds.len() == 1 { "" } else { "s" }
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Analyze {
            file,
            format,
            round,
        } => {
            let offer = offerbrief::offer::load(&file)?;
            let analysis = offerbrief::analyse_round(&offer, round)?;
            let text = match format {
                Format::Json => offerbrief::output::analysis_json(&analysis)?,
                Format::Table => {
                    offerbrief::report::table_styled(&analysis, offerbrief::report::colour_wanted())
                }
            };
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::New { file } => {
            offerbrief::output::write_new_file(&file, offerbrief::STARTER_OFFER.as_bytes())?;
            println!(
                "wrote {}: edit it, then run `offerbrief build {}` (or `offerbrief watch {}` to rebuild on every save)",
                file.display(),
                file.display(),
                file.display()
            );
            let schema = file.with_file_name("offer.schema.json");
            let text = format!("{}\n", offerbrief::offer_schema());
            if !schema.exists()
                && offerbrief::output::write_new_file(&schema, text.as_bytes()).is_ok()
            {
                println!("wrote {} for editor completion", schema.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema => {
            println!("{}", offerbrief::offer_schema());
            Ok(ExitCode::SUCCESS)
        }
        Command::Templates(TemplatesCommand::Export { dir }) => {
            let written = offerbrief::output::export_templates(&dir)?;
            println!(
                "wrote {written} template files to {}; edit them and pass `--templates {}`",
                dir.display(),
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "offerbrief",
                &mut std::io::stdout(),
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Build(args) => offerbrief::build_command(&args.files, &args.options.into()),
        Command::Watch(args) => {
            offerbrief::watch::watch(&args.file, &args.options.into())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
