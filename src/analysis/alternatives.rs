//! The alternatives and the way forward (SPEC §4 "Competing offers", "Walk-away", "Next
//! step"): competing offers computed like this one, the best alternative, and what to send
//! next with the rule of thumb for what the coming round yields.

use rust_decimal::Decimal;

use super::model::comparison::CompetingSchedule;
use super::model::situation::SituationFigures;
use super::model::{CompetingSummary, NextStep, Number, WalkAway, YearRow};
use super::schedule::{self, ScheduleInputs, breakeven_growth};
use super::taxes;
use super::years::{StockPath, four_year_total, project};
use crate::money::{Money, Signed};
use crate::offer::{Assumptions, Offer, Package, TaxSettings};
use crate::tax_tables::TaxTables;
use crate::vocab::{Date, EmailKind, LeverKind};

/// `walk_away.best_alternative_source` when the best alternative is staying put.
const CURRENT_JOB_SOURCE: &str = "current job";

/// What the alternatives' taxes need: the file's settings and the tables.
#[derive(Clone, Copy)]
pub(super) struct TaxContext<'a> {
    pub settings: &'a TaxSettings,
    pub tables: &'a TaxTables,
}

/// The analysed round, against which each competing offer is compared.
pub(super) struct ThisOffer<'a> {
    pub package: &'a Package,
    pub years: &'a [YearRow],
    pub four_year_total: Money,
    /// Its start, and whether it was assumed; `None` without a date.
    pub start: Option<(Date, bool)>,
}

/// Each competing offer, computed as the offer is (SPEC §11): its years with its own
/// stock growth, its schedule from its own start (the offer's by default, assumed when
/// the offer's is), its taxes in its own place; with its difference from `this` round
/// and the stock growth at which that round matches it. The tables that stand in for
/// other years go to `borrowed`, for one warning over every alternative.
pub(super) fn competing(
    offer: &Offer,
    this: &ThisOffer<'_>,
    tax: Option<TaxContext<'_>>,
    warnings: &mut Vec<String>,
    borrowed: &mut taxes::Borrowed,
) -> Vec<CompetingSummary> {
    let offer_start = this.start;
    offer
        .competing_offers
        .iter()
        .enumerate()
        .map(|(index, other)| {
            let assumptions = Assumptions {
                stock_growth: other.stock_growth.unwrap_or(offer.assumptions.stock_growth),
                ..offer.assumptions.clone()
            };
            let years = project(&other.package, &assumptions, StockPath::Assumed);
            let total = four_year_total(&years);
            let location = other
                .location
                .clone()
                .unwrap_or_else(|| offer.location.clone());
            let start = match other.start_date {
                Some(start) => Some((start, false)),
                None => offer_start,
            };
            let full = start.map(|(start, start_assumed)| {
                let tranches = schedule::competing_tranches(
                    other.package.vesting.len(),
                    &other.package.tranches,
                );
                schedule::build(&ScheduleInputs {
                    start,
                    start_assumed,
                    years: &years,
                    vesting: &other.package.vesting,
                    tranches: &tranches,
                    sign_on_paid: other.sign_on_paid,
                    relocation: None,
                    relocation_repay_months: schedule::DEFAULT_RELOCATION_REPAY_MONTHS,
                    shares: other.package.shares,
                })
            });
            let who = format!("competing_offers[{index}] ({})", other.company);
            let taxes = match (tax, &full) {
                (Some(tax), Some(full)) => {
                    let (place, unplaced) = taxes::place_by_location(&location, tax.tables, &who);
                    warnings.extend(unplaced);
                    let estimate = taxes::estimate(full, &years, tax.settings, &place, tax.tables);
                    borrowed.merge(&estimate.borrowed);
                    Some(estimate.taxes)
                }
                _ => None,
            };
            CompetingSummary {
                company: other.company.clone(),
                level: other.level.clone(),
                status: other.status,
                base: other.package.base,
                sign_on_total: other.package.sign_on_total(),
                grant: other.package.grant,
                annual_bonus: other.package.annual_bonus,
                four_year_total: total,
                four_year_average: total / Decimal::from(4),
                difference: Signed(total - this.four_year_total),
                breakeven: breakeven_growth(
                    this.years,
                    this.package.grant,
                    &this.package.vesting,
                    total,
                ),
                years,
                location,
                stock_growth: Number(assumptions.stock_growth),
                schedule: full.map(|full| CompetingSchedule {
                    start: full.start,
                    vests: full.vests.clone(),
                    calendar_years: full.calendar_years.clone(),
                    full,
                }),
                taxes,
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
        current_job_total.map(|total| (total, CURRENT_JOB_SOURCE.to_string()));
    let mut best_is_current_job = best.is_some();
    for other in competing {
        if best
            .as_ref()
            .is_none_or(|(amount, _)| other.four_year_average > *amount)
        {
            best = Some((other.four_year_average, other.company.clone()));
            best_is_current_job = false;
        }
    }
    let walk_away_total = offer.goals.walk_away_total;
    WalkAway {
        walk_away_total,
        vs_walk_away: walk_away_total.map(|floor| Signed(year_1_total - floor)),
        current_job_total,
        best_alternative: best.as_ref().map(|(amount, _)| *amount),
        best_alternative_source: best.as_ref().map(|(_, source)| source.clone()),
        best_is_current_job,
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
