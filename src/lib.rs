//! offerbrief: one YAML file describing a job offer becomes a negotiation briefing.
//!
//! The pipeline reads top to bottom: [`offer`] loads and validates the file, [`analysis`]
//! computes every figure of SPEC §4, [`render`] turns the analysis into documents, and
//! [`output`] writes them to disk.

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

/// The commented starter file `offerbrief new` writes.
pub const STARTER_OFFER: &str = include_str!("../inputs/starter.yaml");

/// The JSON Schema of the offer file, generated from the parser's own types.
pub fn offer_schema() -> String {
    let schema = schemars::schema_for!(offer::raw::RawOffer);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

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
    Ok(analysis::analyse(offer, market.as_ref(), number - 1)?)
}

/// Load, analyse and render one offer file (nothing is written).
pub fn render_briefing(file: &Path, options: &BuildOptions) -> Result<Briefing> {
    let offer = offer::load(file)?;
    let analysis = analyse_round(&offer, options.round)?;
    let templates = Templates::with_overrides(options.templates.as_deref());
    let drafts = render::emails::render_drafts(&templates, &analysis)?;
    let checklist = render::checklist::render_checklist(&templates, &analysis)?;
    let pdf = render::pdf::render_pdf(&templates, &analysis, &checklist, &drafts)?;

    let mut files = vec![
        ("briefing.pdf".to_string(), pdf),
        (
            "analysis.json".to_string(),
            output::analysis_json(&analysis)?.into_bytes(),
        ),
        (
            "checklist.md".to_string(),
            checklist.markdown.clone().into_bytes(),
        ),
    ];
    let mut recommended = None;
    for draft in &drafts {
        let stem = format!("emails/{}", draft.file_stem);
        if draft.recommended {
            recommended = Some(format!("{stem}.md"));
        }
        files.push((
            format!("{stem}.md"),
            render::emails::draft_markdown(draft).into_bytes(),
        ));
        files.push((
            format!("{stem}.eml"),
            render::eml::render_eml(draft, &analysis)?,
        ));
    }
    let typst_project = match options.emit_typ {
        Some(_) => Some(render::pdf::typst_project(
            &templates, &analysis, &checklist, &drafts,
        )?),
        None => None,
    };
    let folder = format!(
        "{}-{}",
        output::slug(&offer.candidate.name),
        output::slug(&offer.company)
    );
    Ok(Briefing {
        analysis,
        folder,
        files,
        recommended,
        typst_project,
    })
}

/// Build one offer file and write its round folder; returns the folder written.
pub fn build_one(file: &Path, options: &BuildOptions) -> Result<(Briefing, PathBuf)> {
    let briefing = render_briefing(file, options)?;
    if let (Some(dir), Some(project)) = (&options.emit_typ, &briefing.typst_project) {
        output::write_tree(dir, project)?;
    }
    let round = briefing.analysis.offer.round.number;
    let written = output::write_round(&options.out, &briefing.folder, round, &briefing.files)?;
    Ok((briefing, written))
}

/// `offerbrief build FILE...`: every file (or folder of them) in parallel; one file's
/// error is reported with its name and does not stop the others.
pub fn build_command(inputs: &[PathBuf], options: &BuildOptions) -> Result<ExitCode> {
    let files = expand_inputs(inputs)?;
    let results = parallel_map(&files, |file| build_one(file, options));
    let mut worst = 0u8;
    for (file, result) in files.iter().zip(results) {
        match result {
            Ok((briefing, folder)) => {
                for warning in &briefing.analysis.warnings {
                    eprintln!("warning: {}: {warning}", file.display());
                }
                if !options.quiet {
                    println!("{}", output::summary(file, &briefing, &folder));
                }
            }
            Err(error) => {
                let code = if error::is_input_error(&error) { 1 } else { 3 };
                worst = worst.max(code);
                eprintln!("{}", error::describe(&error, file));
            }
        }
    }
    Ok(ExitCode::from(worst))
}

/// Files as given, with each folder replaced by its `*.yaml`/`*.yml` files, sorted.
fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .with_context(|| format!("reading the folder {}", input.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| {
                    path.is_file() && path.extension().is_some_and(|e| e == "yaml" || e == "yml")
                })
                .filter(|path| path.file_name().is_none_or(|n| n != "market.yaml"))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(InputError::new(format!(
                    "{}: the folder holds no .yaml offer files",
                    input.display()
                ))
                .into());
            }
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

/// Run `work` on every item across the machine's cores, keeping the order of results.
fn parallel_map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len())
        .max(1);
    if threads == 1 {
        return items.iter().map(&work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(index) else { break };
                        done.push((index, work(item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_default())
            .collect()
    });
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
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
