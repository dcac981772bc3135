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
pub mod watch;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use analysis::Analysis;
use error::InputError;
use market::Market;
use offer::Offer;
use render::pdf::PdfCompiler;
use render::templates::Templates;
use render::{Checklist, Draft};

/// The commented starter file `offerbrief new` writes.
pub const STARTER_OFFER: &str = include_str!("../inputs/starter.yaml");

/// The JSON Schema of the offer file, generated from the parser's own types.
pub fn offer_schema() -> String {
    let schema = schemars::schema_for!(offer::raw::RawOffer);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// Options of `offerbrief build` and `offerbrief watch`.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Where the briefing folders go (`--out`).
    pub out: PathBuf,
    /// The round to brief, 1-based; `None` for the last.
    pub round: Option<usize>,
    /// A folder of templates overriding the built-ins.
    pub templates: Option<PathBuf>,
    /// Where to write the typst project too.
    pub emit_typ: Option<PathBuf>,
    /// Print nothing but errors.
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

/// One round's briefing up to the PDF: the analysis and the text documents rendered from
/// it. [`Prepared::finish`] compiles the PDF and lays out the round folder; `watch` keeps
/// its [`PdfCompiler`] alive between the two so that typst reuses what did not change.
pub struct Prepared {
    /// The figures of the round.
    pub analysis: Analysis,
    /// The built-in templates with the `--templates` overrides.
    pub templates: Templates,
    /// The rendered checklist.
    pub checklist: Checklist,
    /// The rendered email drafts, in file order.
    pub drafts: Vec<Draft>,
    /// The round folder's parent: `<candidate-slug>-<company-slug>`.
    pub folder: String,
}

/// Load, analyse and render the emails and checklist of one offer file (no PDF yet,
/// nothing written).
pub fn prepare(file: &Path, options: &BuildOptions) -> Result<Prepared> {
    if let Some(dir) = &options.templates
        && !dir.is_dir()
    {
        return Err(InputError::new(format!(
            "--templates {}: no such folder; create it with `offerbrief templates export {}`",
            dir.display(),
            dir.display()
        ))
        .into());
    }
    let offer = offer::load(file)?;
    let analysis = analyse_round(&offer, options.round)?;
    let templates = Templates::with_overrides(options.templates.as_deref());
    let drafts = render::emails::render_drafts(&templates, &analysis)?;
    let checklist = render::checklist::render_checklist(&templates, &analysis)?;
    Ok(Prepared {
        folder: output::briefing_folder(&offer.candidate.name, &offer.company),
        analysis,
        templates,
        checklist,
        drafts,
    })
}

impl Prepared {
    /// A typst compiler set up for this briefing's PDF.
    pub fn pdf_compiler(&self) -> Result<PdfCompiler> {
        PdfCompiler::new(
            &self.templates,
            &self.analysis,
            &self.checklist,
            &self.drafts,
        )
    }

    /// Points a compiler kept from an earlier build (same templates) at this briefing.
    pub fn update(&self, compiler: &mut PdfCompiler) -> Result<()> {
        compiler.update(&self.analysis, &self.checklist, &self.drafts)
    }

    /// Compiles the PDF with `compiler` (set up or updated for this briefing) and lays out
    /// every file of the round folder, in memory.
    pub fn finish(self, compiler: &PdfCompiler, options: &BuildOptions) -> Result<Briefing> {
        let pdf = compiler.compile()?.pdf;
        let documents = self.documents()?;
        self.into_briefing(pdf, documents, compiler, options)
    }

    /// Compiles the PDF with `compiler` and writes the round folder under `--out`
    /// (atomically), and the typst project when asked. The text documents are written on
    /// a second thread while typst compiles, so that the slow part of writing (creating
    /// a dozen files) costs no time. Returns the briefing and the round folder written.
    pub fn finish_and_write(
        self,
        compiler: &PdfCompiler,
        options: &BuildOptions,
    ) -> Result<(Briefing, PathBuf)> {
        let documents = self.documents()?;
        let round = self.analysis.offer.round.number;
        let (pdf, staging) = std::thread::scope(|scope| {
            let writer = scope.spawn(|| {
                let staging = output::Staging::begin(&options.out, &self.folder, round)?;
                staging.write(&documents.files)?;
                Ok::<_, anyhow::Error>(staging)
            });
            let pdf = compiler.compile();
            let staging = writer
                .join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("writing the round folder failed")));
            (pdf, staging)
        });
        // A failed compile drops the staging folder: the earlier output stays whole.
        let pdf = pdf?.pdf;
        let staging = staging?;
        let briefing = self.into_briefing(pdf, documents, compiler, options)?;
        // The PDF is the briefing's first file; the others are written already.
        staging.write(briefing.files.get(..1).unwrap_or_default())?;
        write_typst_project(&briefing, options)?;
        let folder = staging.commit()?;
        Ok((briefing, folder))
    }

    /// Every file of the round folder but the PDF, and the draft to send next.
    fn documents(&self) -> Result<Documents> {
        let mut files = vec![
            (
                "analysis.json".to_string(),
                output::analysis_json(&self.analysis)?.into_bytes(),
            ),
            (
                "checklist.md".to_string(),
                self.checklist.markdown.clone().into_bytes(),
            ),
        ];
        let mut recommended = None;
        for draft in &self.drafts {
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
                render::eml::render_eml(draft, &self.analysis)?,
            ));
        }
        Ok(Documents { files, recommended })
    }

    fn into_briefing(
        self,
        pdf: Vec<u8>,
        documents: Documents,
        compiler: &PdfCompiler,
        options: &BuildOptions,
    ) -> Result<Briefing> {
        let mut files = vec![("briefing.pdf".to_string(), pdf)];
        files.extend(documents.files);
        let typst_project = match options.emit_typ {
            Some(_) => Some(compiler.project()?),
            None => None,
        };
        Ok(Briefing {
            analysis: self.analysis,
            folder: self.folder,
            files,
            recommended: documents.recommended,
            typst_project,
        })
    }
}

/// Writes the typst project to `--emit-typ DIR`, when asked.
fn write_typst_project(briefing: &Briefing, options: &BuildOptions) -> Result<()> {
    if let (Some(dir), Some(project)) = (&options.emit_typ, &briefing.typst_project) {
        output::write_tree(dir, project)?;
    }
    Ok(())
}

/// The text documents of a round folder, rendered before the PDF.
struct Documents {
    files: Vec<(String, Vec<u8>)>,
    recommended: Option<String>,
}

/// Load, analyse and render one offer file (nothing is written).
pub fn render_briefing(file: &Path, options: &BuildOptions) -> Result<Briefing> {
    let prepared = prepare(file, options)?;
    let compiler = prepared.pdf_compiler()?;
    prepared.finish(&compiler, options)
}

/// Build one offer file and write its round folder; returns the folder written.
pub fn build_one(file: &Path, options: &BuildOptions) -> Result<(Briefing, PathBuf)> {
    let prepared = prepare(file, options)?;
    let compiler = prepared.pdf_compiler()?;
    prepared.finish_and_write(&compiler, options)
}

/// `offerbrief build FILE...`: every file (or folder of them) built in parallel; one
/// file's error is reported with its name and does not stop the others. Two files that
/// would write the same round folder are an error for the second: nothing is lost.
pub fn build_command(inputs: &[PathBuf], options: &BuildOptions) -> Result<ExitCode> {
    let files = expand_inputs(inputs)?;
    if let [file] = files.as_slice() {
        return Ok(ExitCode::from(report_built(
            file,
            build_one(file, options),
            options,
        )));
    }
    let outcomes = build_batch(&files, options);

    // With several files, the typst project is the last built file's: one folder holds one.
    if let Some(briefing) = outcomes
        .iter()
        .rev()
        .find_map(|outcome| outcome.as_ref().ok())
    {
        write_typst_project(&briefing.0, options)?;
    }
    let mut worst = 0;
    for (file, outcome) in files.iter().zip(outcomes) {
        worst = worst.max(report_built(file, outcome, options));
    }
    Ok(ExitCode::from(worst))
}

/// Builds and writes every file of a batch across the cores, each from start to finish
/// (so a round folder is written while the next file compiles, and no PDF waits in
/// memory for the others); the outcomes come back in file order.
fn build_batch(files: &[PathBuf], options: &BuildOptions) -> Vec<Result<(Briefing, PathBuf)>> {
    // First, in file order, which round folder each file writes: a second file naming the
    // same candidate, company and round is refused before anything is built.
    let targets = parallel_map(files, |file| round_target(file, options));
    let mut claimed: HashMap<(String, usize), &Path> = HashMap::new();
    let plans: Vec<Result<()>> = files
        .iter()
        .zip(targets)
        .map(|(file, target)| {
            let key = target?;
            if let Some(first) = claimed.get(&key) {
                let (folder, round) = &key;
                return Err(InputError::new(format!(
                    "{}: names the same candidate and company as {}, so its round {round} would replace the one just written to {}/round-{round}; change the candidate or company name in one of them, or build them into different --out folders",
                    file.display(),
                    first.display(),
                    options.out.join(folder).display()
                ))
                .into());
            }
            claimed.insert(key, file);
            Ok(())
        })
        .collect();

    let todo: Vec<&PathBuf> = files
        .iter()
        .zip(&plans)
        .filter(|(_, plan)| plan.is_ok())
        .map(|(file, _)| file)
        .collect();
    let count = std::sync::atomic::AtomicUsize::new(0);
    let mut built = parallel_map(&todo, |file| {
        // A fault inside the typesetter fails this file, not the whole batch.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            build_and_write(file, options)
        }))
        .unwrap_or_else(|_| {
            Err(anyhow::anyhow!(
                "the typesetter failed unexpectedly (an internal error; please report it)"
            ))
        });
        // Keep typst's cache bounded over a long batch without paying for it every time.
        if count.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % TRIM_EVERY == TRIM_EVERY - 1 {
            render::pdf::trim_caches(1);
        }
        outcome
    })
    .into_iter();
    plans
        .into_iter()
        .map(|plan| {
            plan?;
            built
                .next()
                .unwrap_or_else(|| Err(anyhow::anyhow!("the build did not run")))
        })
        .collect()
}

/// Builds one file of a batch and writes its round folder, on the calling thread; only
/// the names of the files written stay in memory.
fn build_and_write(file: &Path, options: &BuildOptions) -> Result<(Briefing, PathBuf)> {
    let mut briefing = render_briefing(file, options)?;
    let folder = output::write_round(
        &options.out,
        &briefing.folder,
        briefing.analysis.offer.round.number,
        &briefing.files,
    )?;
    briefing.forget_contents();
    Ok((briefing, folder))
}

/// The round folder a file will write, `(<candidate>-<company>, round)`, from its offer
/// and analysis alone (a small fraction of a build).
fn round_target(file: &Path, options: &BuildOptions) -> Result<(String, usize)> {
    let offer = offer::load(file)?;
    let analysis = analyse_round(&offer, options.round)?;
    Ok((
        output::briefing_folder(&offer.candidate.name, &offer.company),
        analysis.offer.round.number,
    ))
}

/// Says how one file's build went (its summary, or its error) and gives its exit code:
/// 0, 1 for a problem in the input, 3 otherwise.
fn report_built(file: &Path, outcome: Result<(Briefing, PathBuf)>, options: &BuildOptions) -> u8 {
    match outcome {
        Ok((briefing, folder)) => {
            if !options.quiet {
                for warning in &briefing.analysis.warnings {
                    eprintln!("warning: {}: {warning}", file.display());
                }
                println!("{}", output::summary(file, &briefing, &folder));
            }
            0
        }
        Err(error) => {
            eprintln!("{}", error::describe(&error, file));
            if error::is_input_error(&error) { 1 } else { 3 }
        }
    }
}

/// How many briefings a batch builds between two trims of typst's cache. Each trim keeps
/// only what the builds since the one before used: what one offer shares with the next
/// (the templates, unchanged paragraphs). Every 2 builds it is as fast as trimming rarely,
/// and the batch's memory stays flat (65–80 MB for 100 offers, against 535 MB when
/// trimming every 8 builds what 10 trims left unused).
const TRIM_EVERY: usize = 2;

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
    // The same file named twice is built once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|file| seen.insert(file.canonicalize().unwrap_or_else(|_| file.clone())));
    Ok(files)
}

/// Run `work` on every item on the threads typst lays pages out on (rayon's pool, one
/// per core), keeping the order of results. Each thread takes the next item when done
/// with one, so no build waits on another; and typst's own parallel work runs on the same
/// threads instead of competing with them.
fn parallel_map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = rayon::broadcast(|_| {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(index) else { break };
            done.push((index, work(item)));
        }
        done
    })
    .into_iter()
    .flatten()
    .collect();
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

impl Briefing {
    /// Frees the files' bytes once they are written; their names stay, for the summary.
    fn forget_contents(&mut self) {
        for (_, bytes) in &mut self.files {
            *bytes = Vec::new();
        }
    }
}
