//! The `offerbrief` binary: parse arguments, run the command, print the error, exit with
//! the code of SPEC §1 (0 success, 1 bad input, 2 usage, 3 I/O or internal failure).

mod cli;
mod cmd;

use std::process::ExitCode;
use std::sync::Mutex;

use clap::Parser;

use cli::Cli;
use offerbrief::error::is_input_error;

/// What a panic said, kept by the panic hook for the one-line report.
static PANIC_MESSAGE: Mutex<Option<String>> = Mutex::new(None);

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            // `--help` and `--version` go to stdout, which may be a full disk or a closed
            // pipe: that is a failed command, said on one line.
            let printed = error.print().and_then(|()| {
                if error.use_stderr() {
                    Ok(())
                } else {
                    std::io::Write::flush(&mut std::io::stdout())
                }
            });
            if let Err(failure) = printed {
                let what = match error.kind() {
                    clap::error::ErrorKind::DisplayVersion => "the version",
                    clap::error::ErrorKind::DisplayHelp
                    | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                        "the help"
                    }
                    _ => "the usage message",
                };
                let stream = if error.use_stderr() {
                    "standard error"
                } else {
                    "standard output"
                };
                cmd::console::err(&format!(
                    "error: cannot write {what} to {stream}: {failure}"
                ));
                return ExitCode::from(if code == 0 { 3 } else { code });
            }
            return ExitCode::from(code);
        }
    };
    // A bug must not print a backtrace or leave half a round folder: the panic is caught
    // here (unwinding drops the unfinished staging folder) and reported on one line.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|text| (*text).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_string());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut slot) = PANIC_MESSAGE.lock() {
            *slot = Some(format!("{message}{place}"));
        }
    }));
    match std::panic::catch_unwind(|| cmd::run(cli)) {
        Ok(Ok(code)) => code,
        Ok(Err(error)) => {
            // Problems in the input are listed as they are, one per line; any other failure
            // is one line, `error: what was being done: why`.
            if is_input_error(&error) {
                cmd::console::err(&offerbrief::error::describe_input(&error));
                return ExitCode::from(1);
            }
            let causes: Vec<String> = error.chain().map(ToString::to_string).collect();
            cmd::console::err(&format!("error: {}", causes.join(": ")));
            ExitCode::from(3)
        }
        Err(_) => {
            let said = PANIC_MESSAGE
                .lock()
                .ok()
                .and_then(|slot| slot.clone())
                .unwrap_or_default();
            cmd::console::err(&format!(
                "error: offerbrief failed unexpectedly (an internal error; please report it): {said}; earlier output is unchanged"
            ));
            ExitCode::from(3)
        }
    }
}
