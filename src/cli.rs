//! Command-line arguments. The `///` comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Turn a job-offer YAML file into a negotiation briefing: a PDF report, email drafts
/// and a checklist, with every figure computed from the offer and the market bands.
#[derive(Debug, Parser)]
#[command(
    name = "offerbrief",
    version,
    about,
    long_about = None,
    after_help = "Example:\n  offerbrief new offer.yaml\n  offerbrief watch offer.yaml\n  offerbrief analyze offer.yaml --format table"
)]
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
    /// Build, then rebuild whenever the offer file or a template changes (Ctrl-C stops).
    #[command(
        after_help = "Example:\n  offerbrief watch offer.yaml --out out/\n\nEdit and save the file after each recruiter call: the briefing of its last round is\nrebuilt in well under a second. A save with a mistake prints the problem and keeps\nwatching; the earlier output stays as it was."
    )]
    Watch(WatchArgs),
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
    /// Write a commented starter offer file (never overwrites).
    #[command(
        after_help = "Example:\n  offerbrief new my-offer.yaml && offerbrief build my-offer.yaml"
    )]
    New {
        /// Where to write it.
        #[arg(default_value = "offer.yaml")]
        file: PathBuf,
    },
    /// Print the JSON Schema of the offer file, for editor completion.
    #[command(after_help = "Example:\n  offerbrief schema > offer.schema.json")]
    Schema,
    /// Work with the built-in templates.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  offerbrief completions bash > ~/.local/share/bash-completion/completions/offerbrief"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// `offerbrief templates ...`
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the built-in templates to DIR for editing; never overwrites a file.
    #[command(
        after_help = "Example:\n  offerbrief templates export my-templates && offerbrief build offer.yaml --templates my-templates"
    )]
    Export {
        /// The folder to write to.
        dir: PathBuf,
    },
}

/// Arguments of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Offer files, or folders of them (*.yaml, *.yml).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub options: BuildFlags,
}

/// Arguments of `watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The offer file to build and watch.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub options: BuildFlags,
}

/// The options `build` and `watch` share.
#[derive(Debug, Args)]
pub struct BuildFlags {
    /// Where the briefing folders go.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// The round to brief, 1-based (default: the last).
    #[arg(long, value_name = "N")]
    pub round: Option<usize>,
    /// A folder whose files override the built-in templates of the same name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Also write the typst project that was compiled to this folder (one subfolder per
    /// offer when several are built).
    #[arg(long, value_name = "DIR")]
    pub emit_typ: Option<PathBuf>,
    /// A folder of fonts for characters the built-in fonts lack (may be given more than
    /// once); the system's fonts are searched after it.
    #[arg(long = "font-path", value_name = "DIR")]
    pub font_paths: Vec<PathBuf>,
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

impl From<BuildFlags> for offerbrief::BuildOptions {
    fn from(flags: BuildFlags) -> offerbrief::BuildOptions {
        offerbrief::BuildOptions {
            out: flags.out,
            round: flags.round,
            templates: flags.templates,
            emit_typ: flags.emit_typ,
            emit_typ_per_file: false,
            font_paths: flags.font_paths,
            quiet: flags.quiet,
        }
    }
}
