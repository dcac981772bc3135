//! The alternatives and the way forward (SPEC §4 "Competing offers", "Walk-away", "Next
//! step"): competing offers computed like this one, the best alternative, and what to send
//! next with the rule of thumb for what the coming round yields.

use rust_decimal::Decimal;

use super::model::situation::SituationFigures;
use super::model::{CompetingSummary, NextStep, WalkAway, YearRow};
use super::schedule::breakeven_growth;
use super::years::{StockPath, four_year_total, project};
use crate::money::{Money, Signed};
use crate::offer::{Offer, Package};
use crate::vocab::{EmailKind, LeverKind};

/// Each competing offer, computed as the offer is, with its difference from it and the
/// stock growth at which the analysed round (`this_years`) matches it.
pub(super) fn competing(
    offer: &Offer,
    this: &Package,
    this_years: &[YearRow],
    this_four_year_total: Money,
) -> Vec<CompetingSummary> {
    offer
        .competing_offers
        .iter()
        .map(|other| {
            let years = project(&other.package, &offer.assumptions, StockPath::Assumed);
            let total = four_year_total(&years);
            CompetingSummary {
                company: other.company.clone(),
                level: other.level.clone(),
                status: other.status,
                base: other.package.base,
                sign_on_total: other.package.sign_on_total(),
                grant: other.package.grant,
                annual_bonus: other.package.annual_bonus,
                years,
                four_year_total: total,
                four_year_average: total / Decimal::from(4),
                difference: Signed(total - this_four_year_total),
                breakeven: breakeven_growth(this_years, this.grant, &this.vesting, total),
            }
        })
        .collect()
}

/// The offer against the walk-away number and the best alternative.
pub(super) fn walk_away(
    offer: &Offer,
    year_1_total: Money,
    four_year_average: Money,
    competing: &[CompetingSummary],
) -> WalkAway {
    let current_job_total = offer
        .current_job
        .as_ref()
        .map(|job| job.base + job.annual_bonus + job.annual_equity);
    let mut best: Option<(Money, String)> =
        current_job_total.map(|total| (total, "current job".to_string()));
    for other in competing {
        if best
            .as_ref()
            .is_none_or(|(amount, _)| other.four_year_average > *amount)
        {
            best = Some((other.four_year_average, other.company.clone()));
        }
    }
    let walk_away_total = offer.goals.walk_away_total;
    WalkAway {
        walk_away_total,
        vs_walk_away: walk_away_total.map(|floor| Signed(year_1_total - floor)),
        current_job_total,
        best_alternative: best.as_ref().map(|(amount, _)| *amount),
        best_alternative_source: best.as_ref().map(|(_, source)| source.clone()),
        vs_best_alternative: best.map(|(amount, _)| Signed(four_year_average - amount)),
    }
}

/// The email to send after `rounds_so_far` rounds, its levers and the expected range.
/// After an accepted offer the round emails give way to the after-acceptance draft when
/// the reason to reopen it holds (asking for the first of `asks`), and to nothing when it
/// does not; a low number revealed before the first counter is reset first.
pub(super) fn next_step(
    rounds_so_far: usize,
    asks: &[LeverKind],
    four_year_total: Money,
    situation: Option<&SituationFigures>,
) -> NextStep {
    let (email, levers) = match (rounds_so_far, asks.first(), situation) {
        (_, first, Some(situation)) if situation.accepted() => match first {
            Some(first) if situation.reopen() => (Some(EmailKind::AfterAcceptance), vec![*first]),
            _ => (None, Vec::new()),
        },
        (_, None, _) => (Some(EmailKind::Acceptance), Vec::new()),
        (1, _, Some(situation)) if situation.revealed_low() => {
            (Some(EmailKind::ResetExpectations), asks.to_vec())
        }
        (1, _, _) => (Some(EmailKind::Round1Counter), asks.to_vec()),
        (2, Some(first), _) => (Some(EmailKind::Round2Followup), vec![*first]),
        (_, Some(first), _) => (Some(EmailKind::FinalAsk), vec![*first]),
    };
    // After acceptance there is no coming round to expect anything of (SPEC §12.3).
    let accepted = situation.is_some_and(SituationFigures::accepted);
    let range_pct = match rounds_so_far {
        _ if accepted => None,
        1 => Some([10, 20]),
        2 => Some([5, 10]),
        _ => None,
    };
    let expected_range = range_pct.map(|pct: [u32; 2]| {
        pct.map(|p| four_year_total * (Decimal::ONE + Decimal::from(p) / Decimal::from(100)))
    });
    NextStep {
        round: rounds_so_far,
        email,
        levers,
        expected_range,
        expected_range_pct: range_pct,
    }
}
