//! Which drafts a round calls for (SPEC §5, §9, §12): the round emails and the answers to
//! pre-offer questions in every ordinary round (their numbering is stable whatever is
//! left out), the level review, start-date and reset drafts when the file calls for them;
//! after an accepted offer only the after-acceptance request, and only when its reason
//! holds and there is a component to revisit.

use super::model::drafts::{DraftAbout, DraftPlan};
use super::model::situation::SituationFigures;
use super::model::{LevelLever, OfferFacts};
use crate::user_text::oneline;
use crate::vocab::EmailKind;

/// What the choice of drafts depends on.
pub struct DraftInputs<'a> {
    pub offer: &'a OfferFacts,
    pub situation: Option<&'a SituationFigures>,
    pub level: Option<&'a LevelLever>,
    /// Whether the start date forfeits a payout at the current job.
    pub start_forfeits: bool,
    /// The draft `next_step` recommends.
    pub next: Option<EmailKind>,
}

/// The drafts to write, in file order.
pub fn plan(inputs: &DraftInputs) -> Vec<DraftPlan> {
    EmailKind::ALL
        .iter()
        .copied()
        .filter_map(|kind| {
            let about = about(kind, inputs);
            wanted(kind, inputs, about).then(|| DraftPlan {
                kind,
                file: format!("emails/{}.md", kind.stem()),
                subject: oneline(&subject(kind, inputs.offer, about)),
                send_next: inputs.next == Some(kind),
                about,
            })
        })
        .collect()
}

fn about(kind: EmailKind, inputs: &DraftInputs) -> Option<DraftAbout> {
    (kind == EmailKind::StartDateAndRelocation).then(|| DraftAbout {
        start_date: inputs.offer.round.start_date.is_some() || inputs.start_forfeits,
        // A relocation of 0 is a local move: nothing to negotiate in a draft.
        relocation: inputs
            .offer
            .round
            .relocation
            .is_some_and(|relocation| !relocation.is_zero()),
    })
}

fn wanted(kind: EmailKind, inputs: &DraftInputs, about: Option<DraftAbout>) -> bool {
    let situation = inputs.situation;
    if let Some(after) = situation.and_then(|s| s.after_acceptance.as_ref()) {
        return kind == EmailKind::AfterAcceptance && after.holds && after.revisit.is_some();
    }
    match kind {
        EmailKind::ResetExpectations => situation.is_some_and(SituationFigures::revealed_low),
        EmailKind::AfterAcceptance => false,
        EmailKind::LevelReview => inputs.level.is_some_and(|level| level.review_requested),
        EmailKind::StartDateAndRelocation => {
            about.is_some_and(|about| about.start_date || about.relocation)
        }
        EmailKind::Round1Counter
        | EmailKind::Round2Followup
        | EmailKind::FinalAsk
        | EmailKind::Acceptance
        | EmailKind::PreOfferAnswers => true,
    }
}

/// The Subject line: a reply on the offer's thread, naming what the draft is about.
fn subject(kind: EmailKind, offer: &OfferFacts, about: Option<DraftAbout>) -> String {
    let thread = format!("Re: {} {} offer", offer.company, offer.level);
    match kind {
        EmailKind::Round1Counter | EmailKind::Round2Followup | EmailKind::FinalAsk => {
            format!("{thread} – {}", offer.candidate.name)
        }
        EmailKind::Acceptance => format!("{thread} – ready to accept"),
        EmailKind::PreOfferAnswers => format!(
            "Notes: answering compensation questions – {} {}",
            offer.company, offer.level
        ),
        EmailKind::LevelReview => format!("{thread} – the level of the role"),
        EmailKind::StartDateAndRelocation => {
            let topic = match about {
                Some(DraftAbout {
                    start_date: true,
                    relocation: true,
                }) => "start date and relocation",
                Some(DraftAbout {
                    relocation: true, ..
                }) => "relocation",
                _ => "start date",
            };
            format!("{thread} – {topic}")
        }
        EmailKind::ResetExpectations => format!(
            "Re: {} {} – compensation expectations",
            offer.company, offer.level
        ),
        EmailKind::AfterAcceptance => format!("{thread} – one request before I start"),
    }
}
