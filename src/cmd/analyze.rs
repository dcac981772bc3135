//! `offerbrief analyze FILE`: the analysis on stdout, as a table for people or as exactly
//! the `analysis.json` that `build` writes.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::Format;
use offerbrief::render::table;
use offerbrief::render::templates::Templates;

pub fn execute(file: &Path, format: Format, round: Option<usize>) -> Result<ExitCode> {
    let offer = offerbrief::offer::load(file)?;
    offer.round_number(round, &file.display().to_string())?;
    let analysis = offerbrief::analyse_round(&offer, round, &Templates::builtin())?;
    match format {
        Format::Json => super::console::out(analysis.to_json()?.trim_end_matches('\n'))?,
        Format::Table => {
            let colour = colour_wanted();
            let text = table::table_styled(&analysis, colour);
            let text = text.trim_end_matches('\n');
            if colour {
                super::console::out_styled(text)?;
            } else {
                super::console::out(text)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether stdout should get colour: it is a terminal and `NO_COLOR` is unset or empty
/// (<https://no-color.org>).
fn colour_wanted() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
