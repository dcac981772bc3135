//! Rendering: the analysis becomes documents. Every output of a round folder is one
//! [`Output`] behind one seam ([`seam`]), and [`outputs`] is the one list of them that
//! `build`, batch builds and `watch` go through. Renderers read figures from the
//! analysis and never compute one.
//!
//! The outputs, one file each: [`briefing_pdf`], [`call_sheet_pdf`], [`analysis_json`],
//! [`checklist_md`], [`draft_md`], [`draft_eml`]. What they are made with: [`pdf`]
//! (typst), [`text`] (minijinja), [`emails`], [`checklist`], [`eml`]; [`words`] words the
//! analysis's sentences before any output is rendered; [`table`] is the terminal's view;
//! [`limits`] bounds the work a user's template may cause.

pub mod checklist;
pub mod emails;
pub mod eml;
pub mod limits;
pub mod memo;
pub mod pdf;
pub mod seam;
pub mod table;
pub mod templates;
pub mod text;
pub mod words;

pub use seam::{Output, OutputFile, RenderContext, Rendered};

/// Declares each output's module (a file beside this one) and [`outputs`], the list of
/// them in the order the build summary names them.
macro_rules! outputs {
    ($( $module:ident => $output:ident ),* $(,)?) => {
        $( pub mod $module; )*

        /// Every output of a round folder, in the order the build summary names them.
        pub fn outputs() -> Vec<Box<dyn Output>> {
            vec![$( Box::new($module::$output::default()) ),*]
        }
    };
}

// Adding an output is a file beside this one and a line here.
outputs! {
    briefing_pdf => BriefingPdf,
    call_sheet_pdf => CallSheetPdf,
    analysis_json => AnalysisJson,
    checklist_md => ChecklistMarkdown,
    draft_md => DraftMarkdown,
    draft_eml => DraftEml,
}
