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
        // A usage error quotes the arguments as given: it is printed plain, made safe for
        // the terminal like every other line. Help and the version hold no user text.
        Err(error) if error.use_stderr() => {
            cmd::console::err(error.render().to_string().trim_end());
            return ExitCode::from(2);
        }
        Err(error) => {
            // `--help` and `--version` go to stdout, which may be a full disk or a closed
            // pipe: that is a failed command, said on one line.
            let printed = error
                .print()
                .and_then(|()| std::io::Write::flush(&mut std::io::stdout()));
            if let Err(failure) = printed {
                let what = match error.kind() {
                    clap::error::ErrorKind::DisplayVersion => "the version",
                    _ => "the help",
                };
                cmd::console::err(&format!(
                    "error: cannot write {what} to standard output: {failure}"
                ));
                return ExitCode::from(3);
            }
            return ExitCode::SUCCESS;
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
