//! The seed's special situations (SPEC §9): a number revealed too early (the reset range
//! to re-anchor on), an internal transfer, and an offer already accepted (whether the
//! reason given to reopen it holds).

use super::model::situation::{AfterAcceptance, CompetingMargin, Revisit, SituationFigures};
use super::model::{CompetingSummary, MarketPosition, Number, Percent1};
use crate::money::Money;
use crate::offer::Situation;
use crate::vocab::AfterAcceptanceReason;
use rust_decimal::Decimal;

/// How far above this offer a competing four-year total must be for `competing_offer` to
/// hold as a reason to reopen an accepted offer: more than 30% (of its four-year total).
const COMPETING_MARGIN_PCT: i64 = 30;

/// What the analysis needs to place the situation.
pub(super) struct SituationInputs<'a> {
    pub situation: &'a Situation,
    pub market: Option<&'a MarketPosition>,
    /// The proposed offer's first-year total (all asks granted).
    pub proposed_year_1: Money,
    pub four_year_total: Money,
    pub competing: &'a [CompetingSummary],
    /// The first lever of `asks`, when there is one.
    pub revisit: Option<Revisit>,
}

/// The figures of the situation.
pub(super) fn figures(inputs: &SituationInputs) -> SituationFigures {
    let situation = inputs.situation;
    let target = inputs
        .market
        .map_or(inputs.proposed_year_1, |market| market.total_year_1.target);
    let reset_range = situation
        .revealed_number
        .filter(|revealed| *revealed < target)
        .map(|revealed| {
            let low = revealed.max(inputs.proposed_year_1);
            let market_high = inputs
                .market
                .map_or(Money::ZERO, |market| market.total_year_1.high);
            let high = low.max(market_high);
            [low.round_to_thousand(), high.round_to_thousand()]
        });
    let after_acceptance = situation.accepted.map(|accepted| {
        let best = inputs
            .competing
            .iter()
            .max_by_key(|other| other.four_year_total)
            .map(|other| CompetingMargin {
                company: other.company.clone(),
                four_year_total: other.four_year_total,
                above_pct: Percent1(
                    (other.four_year_total.0 - inputs.four_year_total.0)
                        .checked_div(inputs.four_year_total.0)
                        .unwrap_or_default()
                        * Decimal::ONE_HUNDRED,
                ),
            });
        let holds = match accepted.reason {
            AfterAcceptanceReason::CompetingOffer => inputs.competing.iter().any(|other| {
                other.four_year_total.0
                    > inputs.four_year_total.0
                        * (Decimal::ONE + Decimal::new(COMPETING_MARGIN_PCT, 2))
            }),
            // The seed's other reasons are the user's word.
            _ => true,
        };
        AfterAcceptance {
            accepted_on: accepted.on,
            reason: accepted.reason,
            reason_note: situation.reason_note.clone(),
            holds,
            competing: best.filter(|_| accepted.reason == AfterAcceptanceReason::CompetingOffer),
            threshold_pct: Number(Decimal::from(COMPETING_MARGIN_PCT)),
            revisit: inputs.revisit,
        }
    });
    SituationFigures {
        revealed_number: situation.revealed_number,
        revealed_against: situation.revealed_number.map(|_| target),
        reset_is_one_figure: reset_range.is_some_and(|[low, high]| low == high),
        reset_range,
        internal_transfer: situation.internal_transfer,
        after_acceptance,
        summary: String::new(),
    }
}

#[cfg(test)]
mod tests;
