//! `offerbrief check FILE`: validate and analyse, print every problem or `ok`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use offerbrief::render::templates::Templates;

pub fn execute(file: &Path) -> Result<ExitCode> {
    let offer = offerbrief::offer::load(file)?;
    let analysis = offerbrief::analyse_round(&offer, None, &Templates::builtin())?;
    for warning in &analysis.warnings {
        super::console::err(&format!("warning: {}: {warning}", file.display()));
    }
    let count = offer.rounds.len();
    super::console::out(&format!(
        "{}: ok ({count} round{})",
        file.display(),
        if count == 1 { "" } else { "s" }
    ))?;
    Ok(ExitCode::SUCCESS)
}
