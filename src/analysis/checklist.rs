//! The negotiation checklist (SPEC §5): the seed's before-, during- and after-negotiation
//! items, each ticked when the figures show it done. An item that would point at a draft
//! the round does not write is left out; so are the items of a negotiation that is over
//! once the offer is accepted (SPEC §12).

use super::model::checklist::ChecklistEntry;
use super::model::{Analysis, Flag};
use crate::vocab::{ChecklistItem, ChecklistSection, EmailKind, FlagCode};

/// Every item that applies to `analysis`, in the checklist's order; the words are filled
/// in by `render::words`.
pub fn items(analysis: &Analysis) -> Vec<ChecklistEntry> {
    use ChecklistItem as Item;
    use ChecklistSection::{After, Before, During};

    let drafted = |kind: EmailKind| analysis.drafts.iter().any(|draft| draft.kind == kind);
    let flagged = |code: FlagCode| analysis.flags.iter().any(|flag: &Flag| flag.code == code);
    let offer = &analysis.offer;
    let accepted = analysis
        .situation
        .as_ref()
        .is_some_and(|situation| situation.accepted());
    let negotiating = !accepted;
    // An accepted offer reopened for a competing offer still weighs the alternatives.
    let reopened_for_an_offer = analysis
        .situation
        .as_ref()
        .and_then(|situation| situation.after_acceptance.as_ref())
        .is_some_and(|after| after.reason == crate::vocab::AfterAcceptanceReason::CompetingOffer);

    // (section, item, whether it applies, whether it is done)
    let rows = [
        (
            Before,
            Item::ResearchMarket,
            true,
            analysis.market.is_some(),
        ),
        (
            Before,
            Item::WalkAway,
            negotiating,
            offer.goals.walk_away_total.is_some(),
        ),
        (
            Before,
            Item::CompetingOpportunities,
            negotiating || reopened_for_an_offer,
            !analysis.competing.is_empty(),
        ),
        (
            Before,
            Item::UniqueValue,
            negotiating,
            !offer.candidate.achievements.is_empty() || offer.candidate.domain.is_some(),
        ),
        (
            Before,
            Item::RecruiterQuestions,
            drafted(EmailKind::PreOfferAnswers),
            false,
        ),
        (
            Before,
            Item::Batna,
            negotiating || reopened_for_an_offer,
            analysis.walk_away.best_alternative.is_some(),
        ),
        (
            During,
            Item::NeverFirstNumber,
            drafted(EmailKind::PreOfferAnswers),
            false,
        ),
        (During, Item::TakeYourTime, negotiating, false),
        (During, Item::NegotiateComponents, negotiating, false),
        (
            During,
            Item::DataForEveryAsk,
            negotiating,
            !analysis.argued_asks.is_empty() && analysis.argued_asks.len() == analysis.asks.len(),
        ),
        (During, Item::PositiveTone, true, false),
        (During, Item::InWriting, true, false),
        (
            During,
            Item::TimeTheStart,
            analysis
                .current_job_timing
                .as_ref()
                .is_some_and(|timing| timing.suggested_start.is_some()),
            false,
        ),
        (
            During,
            Item::DecideBy,
            negotiating && offer.goals.decision_deadline.is_some(),
            false,
        ),
        (After, Item::FourYearTotal, true, true),
        (After, Item::HourlyRate, true, true),
        (After, Item::VestTiming, true, analysis.schedule.is_some()),
        (After, Item::TaxImplications, true, analysis.taxes.is_some()),
        (
            After,
            Item::Year3Cliff,
            true,
            !flagged(FlagCode::Year3Cliff),
        ),
        (After, Item::DocumentAgreements, true, false),
        (
            After,
            Item::AcceptanceEmail,
            drafted(EmailKind::Acceptance),
            false,
        ),
    ];
    rows.into_iter()
        .filter(|(_, _, applies, _)| *applies)
        .map(|(section, code, _, done)| ChecklistEntry {
            section,
            code,
            item: code.title().to_string(),
            done,
            evidence: None,
            todo: None,
        })
        .collect()
}
