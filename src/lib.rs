//! offerbrief: one YAML file describing a job offer becomes a negotiation briefing.
//!
//! The pipeline reads top to bottom: [`offer`] loads and validates the file, [`analysis`]
//! computes every figure of SPEC §4, [`render`] turns the analysis into documents, and
//! [`output`] writes them to disk.

pub mod analysis;
pub mod error;
pub mod market;
pub mod money;
pub mod offer;
pub mod output;
pub mod render;
pub mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use analysis::Analysis;
use error::InputError;
use market::Market;
use offer::Offer;
use render::templates::Templates;

/// Options of `offerbrief build`.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub out: PathBuf,
    pub round: Option<usize>,
    pub templates: Option<PathBuf>,
    pub emit_typ: Option<PathBuf>,
    pub quiet: bool,
}

/// Analyse round `round` (1-based; default the last) against the market the file names.
pub fn analyse_round(offer: &Offer, round: Option<usize>) -> Result<Analysis> {
    let count = offer.rounds.len();
    let number = round.unwrap_or(count);
    if number == 0 || number > count {
        return Err(InputError::new(format!(
            "--round {number}: the file has {count} round{}; pick a number from 1 to {count}",
            if count == 1 { "" } else { "s" }
        ))
        .into());
    }
    let market = Market::for_choice(&offer.market)?;
    Ok(analysis::analyse(offer, market.as_ref(), number - 1))
}

/// `offerbrief build`: wired up once the renderers land.
pub fn build_command(_files: &[PathBuf], _options: &BuildOptions) -> Result<ExitCode> {
    anyhow::bail!("build is being wired up")
}

/// Everything one build produces, in memory, before anything is written.
pub struct Briefing {
    pub analysis: Analysis,
    /// The round folder's parent: `<candidate-slug>-<company-slug>`.
    pub folder: String,
    /// (path inside the round folder, bytes), in a fixed order.
    pub files: Vec<(String, Vec<u8>)>,
    /// The draft `next_step` recommends, as a path inside the round folder.
    pub recommended: Option<String>,
    /// The typst project, when `--emit-typ` asked for it.
    pub typst_project: Option<Vec<(String, Vec<u8>)>>,
}
