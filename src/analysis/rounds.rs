//! The rounds so far (SPEC §4 "Rounds"): each round's terms and totals, its change from the
//! round before and from the first, and the improvement won beside the seed's typical range.

use super::model::percent_of;
use super::model::{Change, Improvement, Percent1, RoundChange, RoundSummary};
use super::years::{StockPath, four_year_total, project};
use crate::money::{Money, Signed};
use crate::offer::{Assumptions, Round};
use crate::vocab::LeverKind;

/// Every round up to the analysed one, oldest first.
pub(super) fn summaries(rounds: &[Round], assumptions: &Assumptions) -> Vec<RoundSummary> {
    let mut summaries: Vec<RoundSummary> = Vec::with_capacity(rounds.len());
    for (index, round) in rounds.iter().enumerate() {
        let years = project(&round.package, assumptions, StockPath::Assumed);
        let mut summary = RoundSummary {
            number: index + 1,
            name: round.name.clone(),
            date: round.date,
            base: round.package.base,
            sign_on_total: round.package.sign_on_total(),
            grant: round.package.grant,
            year_1_total: years.first().map(|year| year.total).unwrap_or_default(),
            four_year_total: four_year_total(&years),
            change_from_previous: None,
            change_from_first: None,
        };
        if let (Some(previous), Some(first)) = (summaries.last(), summaries.first()) {
            summary.change_from_previous = Some(change(previous, &summary));
            summary.change_from_first = Some(change(first, &summary));
        }
        summaries.push(summary);
    }
    summaries
}

fn change(old: &RoundSummary, new: &RoundSummary) -> RoundChange {
    let change = |old: Money, new: Money| Change {
        amount: Signed(new - old),
        pct: percent_of(new - old, old).map(|pct| Signed(Percent1(pct))),
    };
    let raised = [
        (LeverKind::Base, old.base, new.base),
        (LeverKind::Rsu, old.grant, new.grant),
        (LeverKind::SignOn, old.sign_on_total, new.sign_on_total),
    ]
    .into_iter()
    .filter(|(_, old, new)| new > old)
    .map(|(lever, _, _)| lever)
    .collect();
    RoundChange {
        raised,
        base: change(old.base, new.base),
        sign_on_total: change(old.sign_on_total, new.sign_on_total),
        grant: change(old.grant, new.grant),
        four_year_total: change(old.four_year_total, new.four_year_total),
    }
}

/// The four-year total now against the first round's, beside the seed's typical 15–35%.
pub(super) fn improvement(summaries: &[RoundSummary], four_year_total: Money) -> Improvement {
    let first_total = summaries
        .first()
        .map(|r| r.four_year_total)
        .unwrap_or(four_year_total);
    Improvement {
        amount: Signed(four_year_total - first_total),
        pct: Signed(Percent1(
            percent_of(four_year_total - first_total, first_total).unwrap_or_default(),
        )),
        typical_low_pct: 15,
        typical_high_pct: 35,
    }
}
