//! The email drafts of SPEC §5, rendered from the minijinja templates under
//! `templates/emails/` (one per [`EmailKind`], named by its stem).
//!
//! Which drafts exist, their file names, subjects and which to send next are decided by
//! the analysis (`drafts[]`); each template renders one body. The templates only arrange
//! figures: every amount, percentile and date they show comes from [`Analysis`],
//! formatted by the filters of [`crate::render::text::filters`].

use anyhow::Result;
use minijinja::context;
use serde::Serialize;

use crate::analysis::Analysis;
use crate::analysis::model::drafts::DraftPlan;
use crate::render::templates::Templates;
use crate::render::text::markdown::{Block, blocks, plain_text, tidy, unmarked};
use crate::render::text::{analysis_context, environment, render_template};
use crate::vocab::EmailKind;

/// One email draft, rendered: what `emails/<stem>.md|.eml` holds and what the PDF's
/// appendix shows.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    /// Which draft this is.
    pub kind: EmailKind,
    /// Its file in the round folder: `emails/01-round-1-counter.md`.
    pub file: String,
    /// A short human title: "Round-1 counter".
    pub title: String,
    /// The Subject line.
    pub subject: String,
    /// Whether this is the draft to send next.
    pub send_next: bool,
    /// The body as markdown, without the Subject line: what the `.md` holds.
    pub body: String,
    /// The body as plain text, without the markdown emphasis: what the `.eml` holds.
    #[serde(skip)]
    pub plain: String,
    /// The body's structure, for the PDF: paragraphs and lists of styled runs.
    pub blocks: Vec<Block>,
}

/// The template a draft is rendered from.
pub fn draft_template_name(kind: EmailKind) -> String {
    format!("emails/{}.md.j2", kind.stem())
}

/// Render the body of every draft the analysis plans (`analysis.drafts`), in file order.
pub fn render_drafts(templates: &Templates, analysis: &Analysis) -> Result<Vec<Draft>> {
    let env = environment(templates)?;
    let base = analysis_context(analysis);
    analysis
        .drafts
        .iter()
        .map(|plan: &DraftPlan| {
            let ctx = context! {
                draft => minijinja::value::Value::from(minijinja::value::Serde(plan)),
                ..base.clone()
            };
            let marked = tidy(&render_template(
                &env,
                templates,
                &draft_template_name(plan.kind),
                ctx,
            )?);
            Ok(Draft {
                kind: plan.kind,
                file: plan.file.clone(),
                title: plan.kind.title().to_string(),
                subject: plan.subject.clone(),
                send_next: plan.send_next,
                body: unmarked(&marked),
                plain: plain_text(&marked),
                blocks: blocks(&marked),
            })
        })
        .collect()
}

/// The text of `emails/<stem>.md`: the Subject line, a blank line, the body.
pub fn draft_markdown(draft: &Draft) -> String {
    format!("Subject: {}\n\n{}", draft.subject, draft.body)
}

#[cfg(test)]
mod tests;
