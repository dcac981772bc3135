//! offerbrief: one YAML file describing a job offer becomes a negotiation briefing.
//!
//! This file is the pipeline, top to bottom: [`prepare`] loads the offer file ([`offer`]),
//! analyses the round ([`analysis`]) and words the analysis's sentences
//! ([`render::words`]); [`render_outputs`] turns the analysis into every output of the
//! round folder, each one [`render::Output`] of [`render::outputs`]; [`output`] writes
//! them. [`vocab`] holds the words every stage shares. Nothing below this file imports it.

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
pub mod confined;
pub mod error;
pub mod fingerprint;
pub mod market;
pub mod money;
pub mod offer;
pub mod output;
pub mod render;
pub mod tax_tables;
pub mod user_text;
pub mod vocab;
pub mod yaml;

#[cfg(test)]
mod fixture;

use std::path::{Path, PathBuf};

use anyhow::Result;

use analysis::Analysis;
use error::InputError;
use market::Market;
use offer::Offer;
use output::{Rewrite, Written};
use render::templates::Templates;
use render::{Output, OutputFile, RenderContext};
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
    /// Write the typst project into a subfolder of `emit_typ` named like the briefing's
    /// folder (`<candidate>-<company>`): set when several files are built at once.
    pub emit_typ_per_file: bool,
    /// Folders of fonts for characters the embedded fonts lack (`--font-path`).
    pub font_paths: Vec<PathBuf>,
    /// Print nothing but errors.
    pub quiet: bool,
}

/// One round analysed, ready to render: the analysis (with its sentences worded) and the
/// templates it is rendered with.
pub struct Prepared {
    /// The figures of the round.
    pub analysis: Analysis,
    /// The built-in templates with the `--templates` overrides.
    pub templates: Templates,
    /// The round folder's parent: `<candidate-slug>-<company-slug>`.
    pub folder: String,
}

/// Every file of one round folder, in memory, before anything is written.
#[derive(Clone)]
pub struct Briefing {
    pub analysis: Analysis,
    /// The round folder's parent: `<candidate-slug>-<company-slug>`.
    pub folder: String,
    /// (path inside the round folder, bytes), in the order of [`render::outputs`].
    pub files: Vec<OutputFile>,
    /// The typst project, when `--emit-typ` asked for it.
    pub typst_project: Option<Vec<OutputFile>>,
    /// What the build wants the user to know: the analysis's warnings, then the outputs'
    /// (characters no font could print, typst's own).
    pub warnings: Vec<String>,
    /// The files typst typeset (the PDFs), by name.
    pub typeset: Vec<String>,
}

impl Briefing {
    /// The draft to send next, as a path inside the round folder.
    pub fn recommended(&self) -> Option<&str> {
        self.analysis
            .drafts
            .iter()
            .find(|draft| draft.send_next)
            .map(|draft| draft.file.as_str())
    }
}

/// Analyse round `round` (1-based; default the last) against the market the file names,
/// with its messages worded by `templates`.
pub fn analyse_round(
    offer: &Offer,
    round: Option<usize>,
    templates: &Templates,
) -> Result<Analysis> {
    let number = offer.round_number(round, "the offer file")?;
    let market = Market::for_choice(&offer.market)?;
    let tax_tables = match &offer.tax {
        Some(tax) => Some(TaxTables::for_choice(tax.tables.as_deref())?),
        None => None,
    };
    let mut analysis = analysis::analyse(offer, market.as_ref(), tax_tables.as_ref(), number - 1)?;
    render::words::word(templates, &mut analysis)?;
    Ok(analysis)
}

/// Load and analyse one offer file, its sentences worded (nothing rendered or written).
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
    render::pdf::PdfCompiler::check_font_paths(&options.font_paths)?;
    let offer = offer::load(file)?;
    offer.round_number(options.round, &file.display().to_string())?;
    let templates = Templates::with_overrides(options.templates.as_deref());
    let analysis = analyse_round(&offer, options.round, &templates)?;
    Ok(Prepared {
        folder: output::briefing_folder(&offer.candidate.name, &offer.company),
        analysis,
        templates,
    })
}

/// Load, analyse and render one offer file: every output in memory, nothing written.
pub fn render_briefing(file: &Path, options: &BuildOptions) -> Result<Briefing> {
    let prepared = prepare(file, options)?;
    let mut outputs = render::outputs();
    let context = context_of(&prepared, options)?;
    let mut rendered = Vec::new();
    for output in &mut outputs {
        rendered.push((output.typeset(), output.render(&context)?));
    }
    Ok(briefing_of(prepared, rendered))
}

/// Build one offer file and write its round folder; returns the briefing and the folder.
pub fn build_one(file: &Path, options: &BuildOptions) -> Result<(Briefing, PathBuf)> {
    let prepared = prepare(file, options)?;
    let (briefing, folder, _) = render_and_write(prepared, &mut render::outputs(), options, None)?;
    Ok((briefing, folder))
}

/// Renders every output of `outputs` and writes the round folder under `--out`
/// (atomically), and the typst project when asked. The quick outputs are rendered first
/// and written on a second thread while typst typesets the PDFs, so that writing costs no
/// time. With `previous`, what the last build wrote (watch mode), only the files whose
/// bytes changed are replaced, each atomically; another folder or other files than
/// before are written whole. The round folder is locked against other writers from the
/// first file staged to the commit. A failure anywhere leaves the earlier output as it was.
pub fn render_and_write(
    prepared: Prepared,
    outputs: &mut [Box<dyn Output>],
    options: &BuildOptions,
    previous: Option<&Written>,
) -> Result<(Briefing, PathBuf, Rewrite)> {
    let context = context_of(&prepared, options)?;
    let (typeset, quick): (Vec<_>, Vec<_>) = outputs
        .iter_mut()
        .enumerate()
        .partition(|(_, output)| output.typeset());
    let mut rendered: Vec<(usize, bool, render::Rendered)> = Vec::new();
    for (index, output) in quick {
        rendered.push((index, false, output.render(&context)?));
    }
    let quick_files: Vec<OutputFile> = rendered
        .iter()
        .flat_map(|(_, _, done)| done.files.iter().cloned())
        .collect();
    let round = prepared.analysis.offer.round.number;
    let (typeset, staged) = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            output::Stage::begin(
                &options.out,
                &prepared.folder,
                round,
                previous,
                &quick_files,
            )
        });
        let typeset = typeset_all(typeset, &context);
        let staged = writer
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("writing the round folder failed")));
        (typeset, staged)
    });
    // A failed typesetting drops what was staged: the earlier output stays whole.
    rendered.extend(typeset?);
    let mut staged = staged?;
    rendered.sort_by_key(|(index, _, _)| *index);
    let briefing = briefing_of(
        prepared,
        rendered
            .into_iter()
            .map(|(_, typeset, done)| (typeset, done))
            .collect(),
    );
    let typeset_files: Vec<OutputFile> = briefing
        .files
        .iter()
        .filter(|(name, _)| briefing.typeset.contains(name))
        .cloned()
        .collect();
    staged.add(&typeset_files)?;
    // Checked before the commit: a link in the project's way refuses the whole build.
    let project = match previous {
        Some(previous) if previous.project == briefing.typst_project => None,
        _ => project_of(&briefing, options)?,
    };
    fault_point("before-commit");
    let (folder, mut rewrite) = staged.commit()?;
    if let Rewrite::Files(names) = &mut rewrite {
        let position = |name: &String| briefing.files.iter().position(|(file, _)| file == name);
        names.sort_by_key(position);
    }
    if let Some(project) = project {
        project.write()?;
    }
    Ok((briefing, folder, rewrite))
}

/// Renders the typeset outputs (the PDFs) at once, each on a thread of its own but the
/// first: the call sheet typesets on the second core while the briefing does on this one.
fn typeset_all(
    outputs: Vec<(usize, &mut Box<dyn Output>)>,
    context: &RenderContext,
) -> Result<Vec<(usize, bool, render::Rendered)>> {
    let mut outputs = outputs.into_iter();
    let Some((first_index, first)) = outputs.next() else {
        return Ok(Vec::new());
    };
    std::thread::scope(|scope| {
        let others: Vec<_> = outputs
            .map(|(index, output)| (index, scope.spawn(move || output.render(context))))
            .collect();
        let mut rendered = vec![(first_index, true, first.render(context)?)];
        for (index, handle) in others {
            let done = handle
                .join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("the typesetter failed unexpectedly")))?;
            rendered.push((index, true, done));
        }
        Ok(rendered)
    })
}

/// The context every output renders from.
fn context_of<'a>(prepared: &'a Prepared, options: &'a BuildOptions) -> Result<RenderContext<'a>> {
    RenderContext::new(
        &prepared.analysis,
        &prepared.templates,
        &options.font_paths,
        options.emit_typ.is_some(),
    )
}

/// The briefing made of what the outputs rendered, in their order, each with whether it
/// was typeset.
fn briefing_of(prepared: Prepared, rendered: Vec<(bool, render::Rendered)>) -> Briefing {
    let mut warnings = prepared.analysis.warnings.clone();
    let mut files = Vec::new();
    let mut typeset = Vec::new();
    let mut project: Vec<OutputFile> = Vec::new();
    for (was_typeset, done) in rendered {
        if was_typeset {
            typeset.extend(done.files.iter().map(|(name, _)| name.clone()));
        }
        files.extend(done.files);
        for warning in done.warnings {
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
        project.extend(done.project);
    }
    project.sort_by(|a, b| a.0.cmp(&b.0));
    project.dedup_by(|a, b| a.0 == b.0);
    Briefing {
        analysis: prepared.analysis,
        folder: prepared.folder,
        files,
        typst_project: (!project.is_empty()).then_some(project),
        warnings,
        typeset,
    }
}

/// The typst project to write where `--emit-typ` asked for it; none without it.
fn project_of<'a>(
    briefing: &'a Briefing,
    options: &BuildOptions,
) -> Result<Option<output::ProjectWrite<'a>>> {
    let (Some(dir), Some(project)) = (&options.emit_typ, &briefing.typst_project) else {
        return Ok(None);
    };
    let subfolder = options
        .emit_typ_per_file
        .then_some(briefing.folder.as_str());
    output::ProjectWrite::plan(dir, subfolder, project).map(Some)
}

/// A panic on purpose where `OFFERBRIEF_FAULT` names this point: the tests' way to check
/// that a fault in the middle of a build leaves the earlier output whole and is reported
/// on one line (exit 3). Nothing sets it in normal use.
#[allow(clippy::panic)]
fn fault_point(name: &str) {
    if std::env::var_os("OFFERBRIEF_FAULT").is_some_and(|fault| fault == name) {
        panic!("a fault injected at {name} (OFFERBRIEF_FAULT)");
    }
}
