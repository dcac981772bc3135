//! The email drafts of SPEC §5, rendered from the minijinja templates under
//! `templates/emails/` (one per [`EmailKind`], named by its stem).
//!
//! Each draft template sets `subject` (`{% set subject %}…{% endset %}`) and renders the
//! body. The templates only arrange figures: every amount, percentile and date they show
//! comes from [`Analysis`], formatted by the filters of [`crate::render::text::filters`].

use anyhow::Result;
use minijinja::context;

use crate::analysis::Analysis;
use crate::render::Draft;
use crate::render::templates::Templates;
use crate::render::text::markdown::{blocks, unmarked};
use crate::render::text::{analysis_context, environment, render_with_subject};
use crate::vocab::{EmailKind, FlagCode};

/// Whether the analysis calls for a draft. The round emails and the answers to pre-offer
/// questions are written in every ordinary round (the numbering is stable whatever is left
/// out); after an accepted offer only the after-acceptance request is, and only when its
/// reason holds and there is a component to revisit.
fn wanted(kind: EmailKind, analysis: &Analysis) -> bool {
    let situation = analysis.situation.as_ref();
    if let Some(after) = situation.and_then(|s| s.after_acceptance.as_ref()) {
        return kind == EmailKind::AfterAcceptance && after.holds && after.revisit.is_some();
    }
    match kind {
        EmailKind::ResetExpectations => situation.is_some_and(|s| s.revealed_low()),
        EmailKind::AfterAcceptance => false,
        EmailKind::LevelReview => analysis
            .other_levers
            .level
            .as_ref()
            .is_some_and(|level| level.review_requested),
        EmailKind::StartDateAndRelocation => {
            analysis.offer.round.start_date.is_some()
                || analysis.offer.round.relocation.is_some()
                || analysis
                    .flags
                    .iter()
                    .any(|flag| flag.code == FlagCode::StartForfeitsVest)
        }
        _ => true,
    }
}

/// The template a draft is rendered from.
pub fn draft_template_name(kind: EmailKind) -> String {
    format!("emails/{}.md.j2", kind.stem())
}

/// Render every draft that applies to `analysis`, in file order.
pub fn render_drafts(templates: &Templates, analysis: &Analysis) -> Result<Vec<Draft>> {
    let env = environment(templates)?;
    let base = analysis_context(analysis);
    let mut drafts = Vec::new();
    for kind in EmailKind::ALL
        .iter()
        .copied()
        .filter(|kind| wanted(*kind, analysis))
    {
        let ctx = context! {
            draft => context! { file_stem => kind.stem(), title => kind.title() },
            ..base.clone()
        };
        let (subject, marked) =
            render_with_subject(&env, templates, &draft_template_name(kind), ctx)?;
        drafts.push(Draft {
            file_stem: kind.stem().to_string(),
            kind,
            title: kind.title().to_string(),
            subject,
            body: unmarked(&marked),
            blocks: blocks(&marked),
            recommended: Some(kind) == analysis.next_step.email,
        });
    }
    Ok(drafts)
}

/// The text of `emails/<file_stem>.md`: the Subject line, a blank line, the body.
pub fn draft_markdown(draft: &Draft) -> String {
    format!("Subject: {}\n\n{}", draft.subject, draft.body)
}

#[cfg(test)]
mod tests;
