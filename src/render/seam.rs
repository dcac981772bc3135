//! The one seam every output of a round folder sits behind (STYLE.md, after mdBook's
//! `Renderer`): each output is an [`Output`] that turns the same [`RenderContext`] into
//! its files. `build`, batch builds and `watch` all go through the list of
//! [`crate::render::outputs`]; watch keeps the outputs between builds (see
//! [`crate::render::memo`]), so an output may hold state from one build to the next (a
//! typst compiler and its caches).

use std::path::PathBuf;
use std::sync::OnceLock;

use anyhow::Result;

use crate::analysis::Analysis;
use crate::error::{InputError, is_input_error};
use crate::fingerprint::fnv1a;
use crate::render::checklist::render_checklist;
use crate::render::emails::{Draft, render_drafts};
use crate::render::templates::Templates;

/// A file of the round folder: its path inside the folder (with `/`) and its bytes.
pub type OutputFile = (String, Vec<u8>);

/// One kind of output: `briefing.pdf`, `analysis.json`, the drafts' `.md` files…
pub trait Output: Send {
    /// What the build summary calls it: `briefing.pdf`, `email drafts`.
    fn name(&self) -> &'static str;

    /// Whether it is typeset by typst: the slow outputs, rendered while the quick ones
    /// are already being written.
    fn typeset(&self) -> bool {
        false
    }

    /// Told once that it will be asked again after each save (watch mode): it may keep
    /// what it needs to answer the next request faster.
    fn keep_between_builds(&mut self) {}

    /// Its files, rendered from `context`.
    fn render(&mut self, context: &RenderContext) -> Result<Rendered>;
}

/// What an output produced.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Its files, in order.
    pub files: Vec<OutputFile>,
    /// What the user should know about them (characters no font could print, typst's
    /// own warnings).
    pub warnings: Vec<String>,
    /// The typst project it compiled, when `--emit-typ` asked for it.
    pub project: Vec<OutputFile>,
}

/// Everything an output renders from: the analysis of one round (its only source of
/// figures), the templates, and the drafts and checklist rendered from them once for all
/// outputs that need them.
pub struct RenderContext<'a> {
    /// The figures of the round.
    pub analysis: &'a Analysis,
    /// The built-in templates with the `--templates` overrides.
    pub templates: &'a Templates,
    /// `--font-path` folders.
    pub font_paths: &'a [PathBuf],
    /// Whether the typst project is wanted too (`--emit-typ`).
    pub emit_project: bool,
    /// `analysis.json`, as written.
    json: String,
    /// The drafts and checklist, rendered the first time an output asks for them.
    texts: OnceLock<Result<Texts, Failure>>,
}

/// The text documents every output shares.
#[derive(Debug, Clone)]
pub struct Texts {
    /// The drafts of `analysis.drafts`, in file order.
    pub drafts: Vec<Draft>,
    /// `checklist.md`.
    pub checklist: String,
}

/// A failure to render the texts, kept so that every output asking for them gets it.
#[derive(Debug, Clone)]
enum Failure {
    Input(InputError),
    Other(String),
}

impl<'a> RenderContext<'a> {
    /// The context of `analysis`'s outputs.
    pub fn new(
        analysis: &'a Analysis,
        templates: &'a Templates,
        font_paths: &'a [PathBuf],
        emit_project: bool,
    ) -> Result<RenderContext<'a>> {
        Ok(RenderContext {
            json: analysis.to_json()?,
            analysis,
            templates,
            font_paths,
            emit_project,
            texts: OnceLock::new(),
        })
    }

    /// `analysis.json`, as written.
    pub fn analysis_json(&self) -> &str {
        &self.json
    }

    /// The drafts and checklist, rendered on first use.
    pub fn texts(&self) -> Result<&Texts> {
        let texts = self.texts.get_or_init(|| {
            let rendered = render_drafts(self.templates, self.analysis).and_then(|drafts| {
                Ok(Texts {
                    drafts,
                    checklist: render_checklist(self.templates, self.analysis)?,
                })
            });
            rendered.map_err(|error| {
                if is_input_error(&error) {
                    Failure::Input(InputError::new(crate::error::describe_input(&error)))
                } else {
                    Failure::Other(format!("{error:#}"))
                }
            })
        });
        match texts {
            Ok(texts) => Ok(texts),
            Err(Failure::Input(error)) => Err(error.clone().into()),
            Err(Failure::Other(message)) => Err(anyhow::anyhow!("{message}")),
        }
    }

    /// What every output's files depend on, as one key, when the analysis is all they
    /// depend on: with the built-in templates and no `--font-path` (an override folder's
    /// files or a font folder may change between two builds with the same analysis).
    pub fn memo_key(&self) -> Option<(usize, u64, bool)> {
        (self.templates.override_dir().is_none() && self.font_paths.is_empty()).then(|| {
            (
                self.json.len(),
                fnv1a(&[self.json.as_str()]),
                self.emit_project,
            )
        })
    }
}
