//! One offer file's briefing, stage by stage: [`Prepared`] holds the analysis and the
//! text documents; compiling the PDF turns it into a [`Briefing`], every file of the
//! round folder in memory, which [`Prepared::finish_and_write`] writes atomically.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::analysis::Analysis;
use crate::error::InputError;
use crate::output;
use crate::render::pdf::{Compiled, PdfCompiler};
use crate::render::templates::Templates;
use crate::render::{self, Checklist, Draft};

/// The PDF's name in the round folder, the first of its files.
const PDF_FILE: &str = "briefing.pdf";

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
    /// `--font-path` folders.
    pub font_paths: Vec<PathBuf>,
}

/// Everything one build produces, in memory, before anything is written.
#[derive(Clone)]
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
    /// What the build wants the user to know: the analysis's warnings, then the PDF's
    /// (characters no font could print, typst's own).
    pub warnings: Vec<String>,
}

impl Briefing {
    /// Writes the typst project where `--emit-typ` asked for it; nothing without it.
    pub fn write_project(&self, options: &BuildOptions) -> Result<()> {
        if let (Some(dir), Some(project)) = (&options.emit_typ, &self.typst_project) {
            let dir = if options.emit_typ_per_file {
                dir.join(output::slug_within_out(&self.folder))
            } else {
                dir.clone()
            };
            output::write_tree(&dir, project)?;
        }
        Ok(())
    }

    /// How many email drafts the round folder holds.
    pub fn draft_count(&self) -> usize {
        self.files
            .iter()
            .filter(|(name, _)| name.ends_with(".md") && name.starts_with("emails/"))
            .count()
    }
}

/// The files of a round folder as last written, byte for byte: what lets a rebuild in
/// watch mode rewrite only the files it changes.
pub struct Written {
    /// The round folder.
    pub folder: PathBuf,
    /// (path inside the round folder, bytes), in the briefing's order.
    pub files: Vec<(String, Vec<u8>)>,
    /// The typst project written with `--emit-typ`.
    pub project: Option<Vec<(String, Vec<u8>)>>,
}

impl Written {
    /// What `briefing` wrote to `folder`.
    pub fn of(briefing: &Briefing, folder: &Path) -> Written {
        Written {
            folder: folder.to_path_buf(),
            files: briefing.files.clone(),
            project: briefing.typst_project.clone(),
        }
    }
}

/// The drafts and checklist a watch session rendered last (see [`Prepared::new`]).
#[derive(Default)]
pub struct TextMemo {
    last: Option<Rendered>,
    /// Whether the last [`Prepared::new`] found the analysis it kept.
    reused: bool,
}

impl TextMemo {
    /// The analysis the last [`Prepared::new`] made, as `analysis.json` holds it, when it
    /// was the same as the one before it: the build that follows can then only repeat
    /// the last one's output, if that one was written.
    pub fn repeated_analysis(&self) -> Option<&str> {
        self.last
            .as_ref()
            .filter(|_| self.reused)
            .map(|last| last.key.as_str())
    }

    /// The analysis the texts were last rendered from, as `analysis.json` holds it.
    pub fn analysis(&self) -> Option<&str> {
        self.last.as_ref().map(|last| last.key.as_str())
    }
}

struct Rendered {
    /// The analysis they were rendered from, as `analysis.json` holds it.
    key: String,
    drafts: Vec<Draft>,
    checklist: Checklist,
}

/// What a rebuild wrote.
pub enum Rewrite {
    /// The whole round folder (another round or folder, or other files than before).
    Whole,
    /// Only these files, in place; none when the save changed nothing they hold.
    Files(Vec<String>),
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

/// The text documents of a round folder, rendered before the PDF.
struct Documents {
    files: Vec<(String, Vec<u8>)>,
    recommended: Option<String>,
}

impl Prepared {
    /// Load, analyse and render the emails and checklist of `file`. With a `memo` (watch
    /// mode), an analysis the same as the last one reuses the drafts and checklist
    /// rendered then: a save that changes only a comment renders neither again.
    pub fn new(
        file: &Path,
        options: &BuildOptions,
        memo: Option<&mut TextMemo>,
    ) -> Result<Prepared> {
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
        PdfCompiler::check_font_paths(&options.font_paths)?;
        let offer = crate::offer::load(file)?;
        crate::round_number(&offer, options.round, &file.display().to_string())?;
        let templates = Templates::with_overrides(options.templates.as_deref());
        let analysis = crate::analyse_round(&offer, options.round, &templates)?;
        // The drafts and the checklist are rendered from the analysis as it serialises,
        // so the same serialisation gives the same text. The memo holds only for the
        // built-in templates: an override folder's files may change between two builds.
        let (drafts, checklist) = match memo.filter(|_| templates.override_dir().is_none()) {
            Some(memo) => {
                let key = output::analysis_json(&analysis)?;
                memo.reused = memo.last.as_ref().is_some_and(|last| last.key == key);
                match &memo.last {
                    Some(last) if memo.reused => (last.drafts.clone(), last.checklist.clone()),
                    _ => {
                        let (drafts, checklist) = Self::render_texts(&templates, &analysis)?;
                        memo.last = Some(Rendered {
                            key,
                            drafts: drafts.clone(),
                            checklist: checklist.clone(),
                        });
                        (drafts, checklist)
                    }
                }
            }
            None => Self::render_texts(&templates, &analysis)?,
        };
        Ok(Prepared {
            folder: output::briefing_folder(&offer.candidate.name, &offer.company),
            analysis,
            templates,
            checklist,
            drafts,
            font_paths: options.font_paths.clone(),
        })
    }

    /// A typst compiler set up for this briefing's PDF.
    pub fn pdf_compiler(&self) -> Result<PdfCompiler> {
        PdfCompiler::new(
            &self.templates,
            &self.analysis,
            &self.checklist,
            &self.drafts,
            &self.font_paths,
        )
    }

    /// Points a compiler kept from an earlier build (same templates) at this briefing.
    pub fn update(&self, compiler: &mut PdfCompiler) -> Result<()> {
        compiler.update(&self.analysis, &self.checklist, &self.drafts)
    }

    /// Compiles the PDF with `compiler` (set up or updated for this briefing) and lays out
    /// every file of the round folder, in memory.
    pub fn finish(self, compiler: &PdfCompiler, options: &BuildOptions) -> Result<Briefing> {
        let compiled = compiler.compile()?;
        let documents = self.documents()?;
        self.into_briefing(compiled, documents, compiler, options)
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
        let pdf = pdf?;
        let staging = staging?;
        let briefing = self.into_briefing(pdf, documents, compiler, options)?;
        // The PDF is the briefing's first file; the others are written already.
        staging.write(briefing.files.get(..1).unwrap_or_default())?;
        briefing.write_project(options)?;
        fault_point("before-commit");
        let folder = staging.commit()?;
        Ok((briefing, folder))
    }

    /// Like [`Prepared::finish_and_write`], for a round folder written before with
    /// `previous`: only the files whose bytes changed are replaced, each atomically, and
    /// none when nothing changed. The changed text documents are written to temporary
    /// files while typst compiles and put in place once the PDF is done, so a failed
    /// compilation leaves the folder as it was. Another folder or other files than before
    /// are written whole, as a first build does.
    pub fn finish_and_update(
        self,
        compiler: &PdfCompiler,
        options: &BuildOptions,
        previous: &Written,
    ) -> Result<(Briefing, PathBuf, Rewrite)> {
        let round = self.analysis.offer.round.number;
        let target = output::round_folder(&options.out, &self.folder, round);
        let documents = self.documents()?;
        let names = |files: &[(String, Vec<u8>)]| -> Vec<String> {
            files.iter().map(|(name, _)| name.clone()).collect()
        };
        let previous_texts = match previous.files.split_first() {
            Some(((name, _), texts))
                if name == PDF_FILE
                    && previous.folder == target
                    && target.is_dir()
                    && names(texts) == names(&documents.files) =>
            {
                texts
            }
            _ => {
                return self
                    .finish_and_write(compiler, options)
                    .map(|(briefing, folder)| (briefing, folder, Rewrite::Whole));
            }
        };
        let (pdf, texts) = std::thread::scope(|scope| {
            let writer = scope
                .spawn(|| output::FileUpdate::stage(&target, previous_texts, &documents.files));
            let pdf = compiler.compile();
            let texts = writer
                .join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("writing the round folder failed")));
            (pdf, texts)
        });
        let pdf = pdf?;
        let texts = texts?;
        let briefing = self.into_briefing(pdf, documents, compiler, options)?;
        let pdf = output::FileUpdate::stage(
            &target,
            previous.files.get(..1).unwrap_or_default(),
            briefing.files.get(..1).unwrap_or_default(),
        )?;
        let mut replaced = pdf.commit()?;
        replaced.extend(texts.commit()?);
        if briefing.typst_project != previous.project {
            briefing.write_project(options)?;
        }
        Ok((briefing, target, Rewrite::Files(replaced)))
    }

    /// The drafts and the checklist of `analysis`.
    fn render_texts(templates: &Templates, analysis: &Analysis) -> Result<(Vec<Draft>, Checklist)> {
        let drafts = render::emails::render_drafts(templates, analysis)?;
        let checklist = render::checklist::render_checklist(templates, analysis)?;
        Ok((drafts, checklist))
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
        compiled: Compiled,
        documents: Documents,
        compiler: &PdfCompiler,
        options: &BuildOptions,
    ) -> Result<Briefing> {
        let mut files = vec![(PDF_FILE.to_string(), compiled.pdf)];
        files.extend(documents.files);
        let typst_project = match options.emit_typ {
            Some(_) => Some(compiler.project()?),
            None => None,
        };
        let mut warnings = self.analysis.warnings.clone();
        warnings.extend(compiled.warnings);
        Ok(Briefing {
            warnings,
            analysis: self.analysis,
            folder: self.folder,
            files,
            recommended: documents.recommended,
            typst_project,
        })
    }
}
