//! The negotiation checklist (`checklist.md`): the analysis's `checklist[]` (which items,
//! which are done, their words) as GitHub task-list markdown, laid out by
//! `templates/checklist.md.j2`.

use anyhow::Result;

use crate::analysis::Analysis;
use crate::render::templates::Templates;
use crate::render::text::markdown::tidy;
use crate::render::text::{analysis_context, environment, render_template};

/// The checklist template's name.
pub const CHECKLIST_TEMPLATE: &str = "checklist.md.j2";

/// The checklist as `checklist.md` holds it: GitHub task-list markdown of the analysis's
/// `checklist[]`.
pub fn render_checklist(templates: &Templates, analysis: &Analysis) -> Result<String> {
    let env = environment(templates)?;
    let rendered = render_template(
        &env,
        templates,
        CHECKLIST_TEMPLATE,
        analysis_context(analysis),
    )?;
    Ok(tidy(&rendered))
}

#[cfg(test)]
mod tests;
