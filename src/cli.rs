//! Command-line arguments. The `///` comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Turn a job-offer YAML file into a negotiation briefing: a PDF report, email drafts
/// and a checklist, with every figure computed from the offer and the market bands.
#[derive(Debug, Parser)]
#[command(name = "offerbrief", version, about, long_about = None, after_help = "Example:\n  offerbrief build inputs/l6-seattle-first-offer.yaml\n  offerbrief analyze offer.yaml --format table")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate, analyse and write the briefing (PDF, emails, checklist, analysis.json).
    #[command(after_help = "Example:\n  offerbrief build offer.yaml --out out/ --round 2")]
    Build(BuildArgs),
    /// Validate an offer file and print every problem found.
    #[command(after_help = "Example:\n  offerbrief check offer.yaml")]
    Check {
        /// The offer file.
        file: PathBuf,
    },
    /// Print the analysis of one round to stdout.
    #[command(after_help = "Example:\n  offerbrief analyze offer.yaml --format json --round 1")]
    Analyze {
        /// The offer file.
        file: PathBuf,
        /// `table` for people, `json` for exactly the analysis.json that build writes.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// The round to analyse, 1-based (default: the last).
        #[arg(long, value_name = "N")]
        round: Option<usize>,
    },
}

/// Options of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Offer files, or folders of them (*.yaml, *.yml).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Where the briefing folders go.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// The round to brief, 1-based (default: the last).
    #[arg(long, value_name = "N")]
    pub round: Option<usize>,
    /// A folder whose files override the built-in templates of the same name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Also write the typst project that was compiled to this folder.
    #[arg(long, value_name = "DIR")]
    pub emit_typ: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Output formats of `analyze`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}
