//! One PDF of the round folder typeset from one typst file of the project: what the
//! briefing and the call sheet share. A compiler is made on the first build and, in watch
//! mode, kept and pointed at each new analysis, so typst reuses what did not change.

use anyhow::Result;

use super::PdfCompiler;
use crate::render::seam::{RenderContext, Rendered};

/// A typst file of the project and the PDF it becomes.
pub struct Typeset {
    main: &'static str,
    file: &'static str,
    compiler: Option<PdfCompiler>,
    keep: bool,
}

impl Typeset {
    /// `main` (in `templates/briefing/`) typeset into the round folder's `file`.
    pub fn new(main: &'static str, file: &'static str) -> Typeset {
        Typeset {
            main,
            file,
            compiler: None,
            keep: false,
        }
    }

    /// Keep the compiler from one build to the next, and its last result.
    pub fn keep_between_builds(&mut self) {
        self.keep = true;
    }

    /// The PDF of `context`'s analysis.
    pub fn render(&mut self, context: &RenderContext) -> Result<Rendered> {
        let drafts = &context.texts()?.drafts;
        let compiler = match self.compiler.take() {
            Some(mut compiler) => {
                compiler.update(context.analysis, drafts)?;
                compiler
            }
            None => {
                let mut compiler = PdfCompiler::new(
                    self.main,
                    context.templates,
                    context.analysis,
                    drafts,
                    context.font_paths,
                )?;
                if self.keep {
                    compiler.reuse_unchanged_layouts();
                }
                compiler
            }
        };
        let compiled = compiler.compile();
        let project = if context.emit_project {
            compiler.project()?
        } else {
            Vec::new()
        };
        if self.keep {
            self.compiler = Some(compiler);
        }
        let compiled = compiled?;
        Ok(Rendered {
            files: vec![(self.file.to_string(), compiled.pdf)],
            warnings: compiled.warnings,
            project,
        })
    }
}
