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

pub mod analysis_json;
pub mod briefing_pdf;
pub mod call_sheet_pdf;
pub mod checklist;
pub mod checklist_md;
pub mod draft_eml;
pub mod draft_md;
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

/// Every output of a round folder, in the order the build summary names them. Adding an
/// output is a file beside this one and a line here.
pub fn outputs() -> Vec<Box<dyn Output>> {
    vec![
        Box::new(briefing_pdf::BriefingPdf::default()),
        Box::new(call_sheet_pdf::CallSheetPdf::default()),
        Box::new(analysis_json::AnalysisJson),
        Box::new(checklist_md::ChecklistMarkdown),
        Box::new(draft_md::DraftMarkdown),
        Box::new(draft_eml::DraftEml),
    ]
}
