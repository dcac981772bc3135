//! offerbrief: one YAML file describing a job offer becomes a negotiation briefing.
//!
//! The pipeline reads top to bottom: [`offer`] loads and validates the file, [`analysis`]
//! computes every figure of the SPEC, [`render::words`] words its messages from the
//! templates, [`render`] turns the analysis into documents, and [`output`] writes them.
//! [`vocab`] holds the words every stage shares; [`briefing`] ties the stages together
//! for one file.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod analysis;
pub mod briefing;
pub mod error;
pub mod fingerprint;
pub mod market;
pub mod money;
pub mod offer;
pub mod output;
pub mod render;
pub mod tax_tables;
pub mod vocab;
pub mod yaml;

#[cfg(test)]
mod fixture;

use std::path::{Path, PathBuf};

use anyhow::Result;

use analysis::Analysis;
pub use briefing::{Briefing, BuildOptions, Prepared};
use error::InputError;
use market::Market;
use offer::Offer;
use render::templates::Templates;
use tax_tables::TaxTables;

/// The names of the data files that sit beside offer files in `inputs/` (the built-in
/// market and tax tables): a folder given to `build` is searched for offers without them.
pub const DATA_FILE_NAMES: [&str; 2] = ["market.yaml", "tax-tables.yaml"];

/// Whether `path` names one of the [`DATA_FILE_NAMES`], not an offer.
pub fn is_data_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| DATA_FILE_NAMES.contains(&name))
}

/// The commented starter file `offerbrief new` writes.
pub const STARTER_OFFER: &str = include_str!("../inputs/starter.yaml");

/// The JSON Schema of the offer file, generated from the parser's own types.
pub fn offer_schema() -> String {
    let schema = schemars::schema_for!(offer::raw::RawOffer);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// The round `--round` names (1-based; default the last), checked against the file that
/// `shown` names.
pub fn round_number(offer: &Offer, round: Option<usize>, shown: &str) -> Result<usize, InputError> {
    let count = offer.rounds.len();
    let number = round.unwrap_or(count);
    if number == 0 || number > count {
        return Err(InputError::new(format!(
            "{shown}: --round {number}: the file has {count} round{}; pick a number from 1 to {count}",
            if count == 1 { "" } else { "s" }
        )));
    }
    Ok(number)
}

/// Analyse round `round` (1-based; default the last) against the market the file names,
/// with its messages worded by `templates`.
pub fn analyse_round(
    offer: &Offer,
    round: Option<usize>,
    templates: &Templates,
) -> Result<Analysis> {
    let number = round_number(offer, round, "the offer file")?;
    let market = Market::for_choice(&offer.market)?;
    let tax_tables = match &offer.tax {
        Some(tax) => Some(TaxTables::for_choice(tax.tables.as_deref())?),
        None => None,
    };
    let mut analysis = analysis::analyse(offer, market.as_ref(), tax_tables.as_ref(), number - 1)?;
    render::words::word(templates, &mut analysis)?;
    Ok(analysis)
}

/// Load, analyse and render the emails and checklist of one offer file (no PDF yet,
/// nothing written).
pub fn prepare(file: &Path, options: &BuildOptions) -> Result<Prepared> {
    Prepared::new(file, options, None)
}

/// Load, analyse and render one offer file (nothing is written).
pub fn render_briefing(file: &Path, options: &BuildOptions) -> Result<Briefing> {
    let prepared = prepare(file, options)?;
    let compiler = prepared.pdf_compiler()?;
    prepared.finish(&compiler, options)
}

/// Build one offer file and write its round folder; returns the briefing and the folder.
pub fn build_one(file: &Path, options: &BuildOptions) -> Result<(Briefing, PathBuf)> {
    let prepared = prepare(file, options)?;
    let compiler = prepared.pdf_compiler()?;
    prepared.finish_and_write(&compiler, options)
}
