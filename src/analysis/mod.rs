//! The figures of SPEC §4, computed at full precision from a validated [`Offer`]; each
//! is rounded once, when it is written (see the `Serialize` impls in [`model`]). One file
//! per topic; this one runs them in order.

mod alternatives;
mod facts;
mod flags;
mod levers;
pub mod model;
mod other_levers;
mod position;
mod rounds;
pub mod schedule;
pub mod situation;
pub mod taxes;
pub mod timing;
mod years;

use rust_decimal::Decimal;

pub use model::*;
pub use years::{StockPath, four_year_total, power, project};

use crate::error::InputError;
use crate::market::Market;
use crate::money::Money;
use crate::offer::Offer;
use crate::tax_tables::TaxTables;
use crate::vocab::{LeverKind, LeverStatus};
use levers::{LeverInputs, MarketTargets};
use schedule::ScheduleInputs;
use timing::{CurrentJobPayouts, Forfeits};

/// What leaving the current job forfeits (SPEC §4), as the file gives it or as SPEC §7
/// derives it from the coming vests and bonus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leaving {
    pub unvested_equity: Money,
    pub forfeited_bonus: Money,
}

impl Leaving {
    /// unvested_equity + forfeited_bonus.
    pub fn total(self) -> Money {
        self.unvested_equity + self.forfeited_bonus
    }
}

/// Analyse round `round_index` (0-based) of `offer` against `market` (and the tax tables
/// when the file asks for a tax estimate). Messages and talking points are left empty:
/// `render::words` writes them from the templates.
///
/// The caller checks that the round exists; rounds after it are never read.
pub fn analyse(
    offer: &Offer,
    market: Option<&Market>,
    tax_tables: Option<&TaxTables>,
    round_index: usize,
) -> Result<Analysis, InputError> {
    let (Some(rounds), Some(round)) = (
        offer.rounds.get(..=round_index),
        offer.rounds.get(round_index),
    ) else {
        return Err(InputError::new(format!(
            "round {} does not exist: the file has {}",
            round_index + 1,
            offer.rounds.len()
        )));
    };
    let package = &round.package;
    let assumptions = &offer.assumptions;
    let level = round.level.clone().unwrap_or_else(|| offer.level.clone());

    let years = project(package, assumptions, StockPath::Assumed);
    let four_year_total = four_year_total(&years);
    let four_year_average = four_year_total / Decimal::from(4);
    let year_1_total = years.first().map(|year| year.total).unwrap_or_default();

    let bands = market.and_then(|market| market.bands(&level, &offer.location));
    let target_percentile = offer.goals.target_percentile;
    let position =
        bands.map(|bands| position::place(bands, package, year_1_total, target_percentile));
    let mut warnings = Vec::new();
    if bands.is_none() {
        warnings.push(match market {
            Some(_) => format!(
                "no market band for {level} in {}: the market comparison is left out and market targets count as 0; add the band to a market file and point `market:` at it",
                offer.location
            ),
            None => "`market: none`: the market comparison is left out and market targets count as 0".to_string(),
        });
    }

    // Money in time (SPEC §7): the start, the payments, and what the start forfeits.
    let start = schedule::start_of(round.start_date, round.date);
    let schedule = start.map(|(start, start_assumed)| {
        let tranches = schedule::offer_tranches(package.vesting.len(), &package.tranches);
        schedule::build(&ScheduleInputs {
            start,
            start_assumed,
            years: &years,
            vesting: &package.vesting,
            tranches: &tranches,
            sign_on_paid: round.sign_on_paid,
            relocation: round.relocation,
            relocation_repay_months: round.relocation_repay_months,
            shares: package.shares,
        })
    });
    if schedule.is_none() {
        warnings.push(format!(
            "rounds[{round_index}] has neither `start_date` nor `date`: the money-in-time figures (vest dates, calendar years, leaving early{}) are left out; add `start_date: YYYY-MM-DD` to the round",
            if offer.tax.is_some() { ", taxes" } else { "" }
        ));
    }
    let payouts = offer.current_job.as_ref().map(|job| CurrentJobPayouts {
        last_day: job.last_day,
        vests: job.vests.as_deref(),
        bonus: job.bonus,
    });
    let current_job_timing = payouts
        .as_ref()
        .and_then(|payouts| timing::current_job_timing(start.map(|(start, _)| start), payouts));
    let leaving = offer
        .current_job
        .as_ref()
        .zip(payouts.as_ref())
        .map(|(job, payouts)| {
            let given = Forfeits {
                unvested_equity: job.unvested_equity,
                forfeited_bonus: job.forfeited_bonus,
            };
            let derived = timing::derived_forfeits(given, payouts, current_job_timing.as_ref());
            Leaving {
                unvested_equity: derived.unvested_equity.unwrap_or_default(),
                forfeited_bonus: derived.forfeited_bonus.unwrap_or_default(),
            }
        });

    let lever_inputs = LeverInputs {
        package,
        assumptions,
        market: position.as_ref().map(|p| MarketTargets {
            base: (p.base.low, p.base.high, p.base.target),
            equity_4yr: (p.equity_4yr.low, p.equity_4yr.high, p.equity_4yr.target),
            signing: (p.signing.low, p.signing.high, p.signing.target),
        }),
        base_cap: bands.and_then(|bands| bands.base_cap),
        competing: &offer.competing_offers,
        leaving,
        target_percentile,
    };
    let levers = levers::order(levers::levers(&lever_inputs), &offer.goals.priorities);
    let asks: Vec<LeverKind> = levers
        .iter()
        .filter(|l| l.status == LeverStatus::Ask)
        .take(3)
        .map(|l| l.lever)
        .collect();
    // An internal transfer brings no competing-offer pressure into the drafts (SPEC §9).
    let internal_transfer = offer
        .situation
        .as_ref()
        .is_some_and(|situation| situation.internal_transfer);
    let cite_competing = !internal_transfer;
    let argued_asks = levers::argued(&levers, &asks, cite_competing);

    let proposed_package = levers::proposed_package(package, &levers, &asks);
    let proposed_years = project(&proposed_package, assumptions, StockPath::Assumed);
    let proposed_total = years::four_year_total(&proposed_years);
    let ask_increase = proposed_total - four_year_total;
    let ask_increase_pct = percent_of(ask_increase, four_year_total).unwrap_or_default();
    let proposed = Proposed {
        base: proposed_package.base,
        sign_on_total: proposed_package.sign_on_total(),
        sign_on: proposed_package.sign_on,
        rsu_grant: proposed_package.grant,
        years: proposed_years,
        four_year_total: proposed_total,
    };

    let competing = alternatives::competing(offer, package, &years, four_year_total);
    let market_percentile = position.as_ref().map(|p| p.total_year_1.percentile);
    let market_position = position.map(|p| p.into_model());
    let situation = offer.situation.as_ref().map(|situation| {
        situation::figures(&situation::SituationInputs {
            situation,
            market: market_position.as_ref(),
            proposed_year_1: proposed.years.first().map_or(Money::ZERO, |y| y.total),
            four_year_total,
            competing: &competing,
            revisit: asks.first().and_then(|kind| {
                levers
                    .iter()
                    .find(|l| l.lever == *kind)
                    .map(|l| situation::Revisit {
                        lever: l.lever,
                        offered: l.offered,
                        ask: l.ask,
                    })
            }),
        })
    });
    let flags = flags::flags(&flags::FlagInputs {
        offer,
        package,
        level: &level,
        years: &years,
        four_year_total,
        market: market_position.as_ref(),
        bands,
        competing: &competing,
        leaving,
        start: start.map(|(start, _)| start),
        current_job_timing: current_job_timing.as_ref(),
        situation: situation.as_ref(),
    });

    let round_summaries = rounds::summaries(rounds, assumptions);
    let improvement = rounds::improvement(&round_summaries, four_year_total);

    let scenario = |path| years::four_year_total(&project(package, assumptions, path));
    let (down_30, flat, up_15_per_year) = (
        scenario(StockPath::Constant(Decimal::new(7, 1))),
        scenario(StockPath::Constant(Decimal::ONE)),
        scenario(StockPath::Growth(Decimal::new(15, 2))),
    );
    let scenarios = Scenarios {
        down_30,
        flat,
        up_15_per_year,
        vs_flat: ScenarioDifferences {
            down_30: down_30 - flat,
            up_15_per_year: up_15_per_year - flat,
        },
    };
    let hourly = Hourly {
        year_1: year_1_total / assumptions.hours_per_year,
        four_year_average: four_year_average / assumptions.hours_per_year,
        hours_per_year: Number(assumptions.hours_per_year),
    };
    let walk_away = alternatives::walk_away(offer, year_1_total, four_year_average, &competing);
    let next_step =
        alternatives::next_step(round_index + 1, &asks, four_year_total, situation.as_ref());
    let other_levers =
        other_levers::other_levers(offer, round, &level, market, package, year_1_total);
    let after_vesting = schedule::after_vesting(
        &years,
        package.base,
        assumptions.base_raise,
        package.annual_bonus,
    );
    let taxes = match (&offer.tax, &schedule, tax_tables) {
        (Some(tax), Some(schedule), Some(tables)) => {
            let estimate = taxes::estimate(schedule, &years, &tax.settings, tables);
            warnings.extend(estimate.warning);
            Some(estimate.taxes)
        }
        _ => None,
    };

    Ok(Analysis {
        offer: facts::offer_facts(offer, round, round_index, &level, bands, leaving),
        years,
        four_year_total,
        four_year_average,
        market: market_position,
        market_percentile,
        levers,
        asks,
        argued_asks,
        cite_competing,
        proposed,
        ask_increase,
        ask_increase_pct: Percent2(ask_increase_pct),
        approval: levers::approval(ask_increase_pct),
        flags,
        rounds: round_summaries,
        improvement,
        competing,
        scenarios,
        hourly,
        walk_away,
        next_step,
        other_levers,
        schedule,
        after_vesting,
        current_job_timing,
        taxes,
        situation,
        warnings,
    })
}

/// (part / whole) × 100, unrounded; `None` when `whole` is 0 or so small beside `part`
/// that the ratio is beyond what a percentage can say (a grant of 10⁻²⁸ shares, say).
fn percent_of(part: Money, whole: Money) -> Option<Decimal> {
    part.0
        .checked_div(whole.0)
        .and_then(|ratio| ratio.checked_mul(Decimal::from(100)))
}

#[cfg(test)]
mod tests;
