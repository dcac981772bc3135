//! The figures of SPEC §4, computed at full precision from a validated [`Offer`]; each
//! is rounded once, when it is written (see the `Serialize` impls in [`model`]). One file
//! per topic; this one runs them in order.

mod alternatives;
pub mod call_sheet;
pub mod checklist;
pub mod comparison;
pub mod drafts;
mod facts;
mod flags;
pub mod levers;
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
use crate::market::{Bands, Market};
use crate::money::{Cents, Money, Signed};
use crate::offer::{Offer, Round};
use crate::tax_tables::TaxTables;
use crate::vocab::{Date, LeverKind, LeverStatus};
use levers::{LeverInputs, MarketTargets};
use model::quotable::Quotable;
use model::schedule::Schedule;
use model::situation::SituationFigures;
use model::taxes::Taxes;
use model::timing::CurrentJobTiming;
use schedule::ScheduleInputs;
use timing::{CurrentJobPayouts, Forfeits};

/// Analyse round `round_index` (0-based) of `offer` against `market` (and the tax tables
/// when the file asks for a tax estimate). Messages, talking points and the checklist's
/// words are left empty: `render::words` writes them from the templates.
///
/// Each step below is one topic of the SPEC and reads only what the steps before it
/// computed; rounds after the analysed one are never read.
pub fn analyse(
    offer: &Offer,
    market: Option<&Market>,
    tax_tables: Option<&TaxTables>,
    round_index: usize,
) -> Result<Analysis, InputError> {
    let mut analysis = analyse_as_written(offer, market, tax_tables, round_index)?;
    let assumes_growth = !offer.assumptions.stock_growth.is_zero()
        || !offer.assumptions.base_raise.is_zero()
        || offer
            .competing_offers
            .iter()
            .any(|other| other.stock_growth.is_some_and(|growth| !growth.is_zero()));
    analysis.quotable = if assumes_growth {
        // The offer letter's terms: the same file without its assumptions (a competing
        // offer's own stock growth included).
        let mut letter = offer.clone();
        letter.assumptions.stock_growth = Decimal::ZERO;
        letter.assumptions.base_raise = Decimal::ZERO;
        for other in &mut letter.competing_offers {
            other.stock_growth = None;
        }
        let twin = analyse_as_written(&letter, market, None, round_index)?;
        quotable_of(&twin, true)
    } else {
        quotable_of(&analysis, false)
    };
    Ok(analysis)
}

/// The figures a draft may quote, from an analysis on the offer letter's terms.
fn quotable_of(letter: &Analysis, differs: bool) -> Quotable {
    Quotable {
        differs,
        year_1_total: letter.years.first().map_or(Money::ZERO, |year| year.total),
        four_year_total: letter.four_year_total,
        proposed_year_1_total: letter
            .proposed
            .years
            .first()
            .map_or(Money::ZERO, |year| year.total),
        proposed_four_year_total: letter.proposed.four_year_total,
        rounds: letter
            .rounds
            .iter()
            .map(|round| round.four_year_total)
            .collect(),
        market_total_year_1: letter.market.as_ref().map(|market| {
            [
                market.total_year_1.low.round_to_thousand(),
                market.total_year_1.high.round_to_thousand(),
            ]
        }),
        reset_range: letter
            .situation
            .as_ref()
            .and_then(|situation| situation.reset_range)
            .map(|[low, high]| {
                if low == high {
                    vec![low]
                } else {
                    vec![low, high]
                }
            }),
        competing: letter
            .competing
            .iter()
            .map(|other| other.four_year_total)
            .collect(),
        reset_within_market: letter
            .situation
            .as_ref()
            .and_then(|situation| situation.reset_range)
            .zip(letter.market.as_ref())
            .is_some_and(|([_, high], market)| high <= market.total_year_1.high),
    }
}

/// The analysis of the file as written (its assumptions included), without the
/// quotable figures.
fn analyse_as_written(
    offer: &Offer,
    market: Option<&Market>,
    tax_tables: Option<&TaxTables>,
    round_index: usize,
) -> Result<Analysis, InputError> {
    let (rounds, round) = chosen_round(offer, round_index)?;
    let mut warnings = offer.warnings.clone();
    let offered = offered_years(offer, round);
    let market_step = market_position(offer, round, market, &offered, &mut warnings);
    let time = money_in_time(offer, round, round_index, &offered, &mut warnings);
    let plan = lever_plan(
        offer,
        round,
        &offered,
        &market_step,
        time.leaving,
        &mut warnings,
    );
    // The tables that stood in for other years, over every alternative: one warning.
    let mut borrowed = taxes::Borrowed::default();
    let tax_context =
        offer
            .tax
            .as_ref()
            .zip(tax_tables)
            .map(|(tax, tables)| alternatives::TaxContext {
                settings: &tax.settings,
                tables,
            });
    let competing = alternatives::competing(
        offer,
        &alternatives::ThisOffer {
            package: &round.package,
            years: &offered.years,
            four_year_total: offered.four_year_total,
            start: time
                .schedule
                .as_ref()
                .map(|schedule| (schedule.start, schedule.start_assumed)),
        },
        tax_context,
        &mut warnings,
        &mut borrowed,
    );
    let market_position = market_step.position.map(|p| p.into_model());
    let situation = special_situation(offer, &market_position, &offered, &plan, &competing);
    let mut flags = flags::flags(&flags::FlagInputs {
        offer,
        package: &round.package,
        level: &offered.level,
        years: &offered.years,
        four_year_total: offered.four_year_total,
        market: market_position.as_ref(),
        bands: market_step.bands,
        competing: &competing,
        leaving: time.leaving,
        start: time.start,
        current_job_timing: time.current_job_timing.as_ref(),
        situation: situation.as_ref(),
    });
    let round_summaries = rounds::summaries(rounds, &offer.assumptions);
    let improvement = rounds::improvement(&round_summaries, offered.four_year_total);
    let scenarios = stock_scenarios(offer, round);
    let hourly = Hourly {
        year_1: Cents(offered.year_1_total / offer.assumptions.hours_per_year),
        four_year_average: Cents(offered.four_year_average / offer.assumptions.hours_per_year),
        hours_per_year: Number(offer.assumptions.hours_per_year),
    };
    let walk_away = alternatives::walk_away(
        offer,
        offered.year_1_total,
        offered.four_year_average,
        &competing,
    );
    let next_step = alternatives::next_step(
        round_index + 1,
        &plan.asks,
        offered.four_year_total,
        situation.as_ref(),
    );
    let other_levers = other_levers::other_levers(
        offer,
        round,
        &offered.level,
        market,
        &round.package,
        offered.year_1_total,
    );
    let after_vesting = schedule::after_vesting(
        &offered.years,
        round.package.base,
        offer.assumptions.base_raise,
        round.package.annual_bonus,
    );
    let (taxes, place) = tax_estimate(
        offer,
        &time.schedule,
        &offered.years,
        tax_tables,
        &mut warnings,
        &mut borrowed,
    )?;
    warnings.extend(borrowed.warning());
    let comparison = comparison::compare(
        &comparison::ComparisonInputs {
            offer,
            years: &offered.years,
            four_year_total: offered.four_year_total,
            schedule: time.schedule.as_ref(),
            place: place.as_ref(),
            competing: &competing,
            tax: tax_context,
        },
        &mut warnings,
    );
    flags.extend(flags::after_tax_order(offer, comparison.as_ref()));
    let facts = facts::offer_facts(
        offer,
        round,
        round_index,
        &offered.level,
        market_step.bands,
        time.leaving,
    );
    let drafts = drafts::plan(&drafts::DraftInputs {
        offer: &facts,
        situation: situation.as_ref(),
        level: other_levers.level.as_ref(),
        start_forfeits: flags
            .iter()
            .any(|flag| flag.code == crate::vocab::FlagCode::StartForfeitsVest),
        next: next_step.email,
    });

    let call_sheet = call_sheet::call_sheet(&call_sheet::CallSheetInputs {
        levers: &plan.levers,
        asks: &plan.asks,
        asking: &next_step.levers,
        cite_competing: plan.cite_competing,
        package: &round.package,
        accepted: situation.as_ref().is_some_and(SituationFigures::accepted),
        alternatives: competing.len(),
        best_named: walk_away.best_alternative.is_some() && !walk_away.best_is_current_job,
        achievements: &offer.candidate.achievements,
    });

    let mut analysis = Analysis {
        offer: facts,
        years: offered.years,
        four_year_total: offered.four_year_total,
        four_year_average: offered.four_year_average,
        market_percentile: market_position
            .as_ref()
            .map(|position| position.total_year_1.percentile),
        market: market_position,
        levers: plan.levers,
        asks: plan.asks,
        argued_asks: plan.argued_asks,
        cite_competing: plan.cite_competing,
        proposed: plan.proposed,
        ask_increase: Signed(plan.ask_increase),
        ask_increase_pct: Signed(Percent2(plan.ask_increase_pct)),
        approval: levers::approval(plan.ask_increase_pct),
        approval_ladder: levers::approval_ladder(),
        flags,
        rounds: round_summaries,
        improvement,
        competing,
        scenarios,
        hourly,
        walk_away,
        next_step,
        other_levers,
        schedule: time.schedule,
        after_vesting,
        current_job_timing: time.current_job_timing,
        taxes,
        comparison,
        accepted: situation.as_ref().is_some_and(SituationFigures::accepted),
        situation,
        // Filled in by `analyse`, from the offer letter's terms.
        quotable: Quotable::default(),
        call_sheet,
        drafts,
        checklist: Vec::new(),
        warnings,
    };
    analysis.checklist = checklist::items(&analysis);
    Ok(analysis)
}

/// The rounds up to the analysed one, and that round; an error when it does not exist.
fn chosen_round(offer: &Offer, round_index: usize) -> Result<(&[Round], &Round), InputError> {
    match (
        offer.rounds.get(..=round_index),
        offer.rounds.get(round_index),
    ) {
        (Some(rounds), Some(round)) => Ok((rounds, round)),
        _ => Err(InputError::new(format!(
            "round {} does not exist: the file has {}",
            round_index + 1,
            offer.rounds.len()
        ))),
    }
}

/// The offer as offered (SPEC §4 "Years"): its level, years and totals.
struct Offered {
    level: String,
    years: Vec<YearRow>,
    four_year_total: Money,
    four_year_average: Money,
    year_1_total: Money,
}

fn offered_years(offer: &Offer, round: &Round) -> Offered {
    let years = project(&round.package, &offer.assumptions, StockPath::Assumed);
    let four_year_total = four_year_total(&years);
    Offered {
        level: round.level.clone().unwrap_or_else(|| offer.level.clone()),
        year_1_total: years.first().map(|year| year.total).unwrap_or_default(),
        four_year_average: four_year_total / Decimal::from(4),
        four_year_total,
        years,
    }
}

/// The market step (SPEC §3, §4 "Market"): the bands of the round's level and place, and
/// the offer against them.
struct MarketStep<'m> {
    bands: Option<&'m Bands>,
    position: Option<position::Position>,
}

fn market_position<'m>(
    offer: &Offer,
    round: &Round,
    market: Option<&'m Market>,
    offered: &Offered,
    warnings: &mut Vec<String>,
) -> MarketStep<'m> {
    let bands = market.and_then(|market| market.bands(&offered.level, &offer.location));
    if bands.is_none() {
        warnings.push(match market {
            Some(_) => format!(
                "no market band for {} in {}: the market comparison is left out and market targets count as 0; add the band to a market file and point `market:` at it",
                offered.level, offer.location
            ),
            None => "`market: none`: the market comparison is left out and market targets count as 0".to_string(),
        });
    }
    MarketStep {
        bands,
        position: bands.map(|bands| {
            position::place(
                bands,
                &round.package,
                offered.year_1_total,
                offer.goals.target_percentile,
            )
        }),
    }
}

/// Money in time (SPEC §7): the start, the payments, and what the start forfeits at the
/// current job (with what leaving it costs, given or derived).
struct MoneyInTime {
    start: Option<Date>,
    schedule: Option<Schedule>,
    current_job_timing: Option<CurrentJobTiming>,
    leaving: Option<Leaving>,
}

fn money_in_time(
    offer: &Offer,
    round: &Round,
    round_index: usize,
    offered: &Offered,
    warnings: &mut Vec<String>,
) -> MoneyInTime {
    let package = &round.package;
    let start = schedule::start_of(round.start_date, round.date);
    let schedule = start.map(|(start, start_assumed)| {
        let tranches = schedule::offer_tranches(package.vesting.len(), &package.tranches);
        schedule::build(&ScheduleInputs {
            start,
            start_assumed,
            years: &offered.years,
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
    let start = start.map(|(start, _)| start);
    let payouts = offer.current_job.as_ref().map(|job| CurrentJobPayouts {
        last_day: job.last_day,
        vests: job.vests.as_deref(),
        bonus: job.bonus,
    });
    let current_job_timing = payouts
        .as_ref()
        .and_then(|payouts| timing::current_job_timing(start, payouts));
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
    MoneyInTime {
        start,
        schedule,
        current_job_timing,
        leaving,
    }
}

/// The lever plan (SPEC §4 "Levers and asks"): every lever's ask, the asks in order, the
/// offer with them granted and the increase they make.
struct LeverPlan {
    levers: Vec<Lever>,
    asks: Vec<LeverKind>,
    argued_asks: Vec<LeverKind>,
    cite_competing: bool,
    proposed: Proposed,
    ask_increase: Money,
    ask_increase_pct: Decimal,
}

fn lever_plan(
    offer: &Offer,
    round: &Round,
    offered: &Offered,
    market: &MarketStep,
    leaving: Option<Leaving>,
    warnings: &mut Vec<String>,
) -> LeverPlan {
    let package = &round.package;
    let lever_inputs = LeverInputs {
        package,
        assumptions: &offer.assumptions,
        market: market.position.as_ref().map(|p| MarketTargets {
            base: (p.base.low, p.base.high, p.base.target),
            equity_4yr: (p.equity_4yr.low, p.equity_4yr.high, p.equity_4yr.target),
            signing: (p.signing.low, p.signing.high, p.signing.target),
        }),
        base_cap: market.bands.and_then(|bands| bands.base_cap),
        competing: &offer.competing_offers,
        leaving,
        target_percentile: offer.goals.target_percentile,
        ask_limit: levers::ask_limit(offered.year_1_total),
    };
    let (levers, over_limit) = levers::levers(&lever_inputs);
    for over in &over_limit {
        warnings.push(over_limit_warning(
            offer,
            market.bands,
            over,
            lever_inputs.ask_limit,
            offered.year_1_total,
        ));
    }
    let levers = levers::order(levers, &offer.goals.priorities);
    let asks: Vec<LeverKind> = levers
        .iter()
        .filter(|l| l.status == LeverStatus::Ask)
        .take(3)
        .map(|l| l.lever)
        .collect();
    // An internal transfer brings no competing-offer pressure into the drafts (SPEC §9).
    let cite_competing = !offer
        .situation
        .as_ref()
        .is_some_and(|situation| situation.internal_transfer);
    let argued_asks = levers::argued(&levers, &asks, cite_competing);
    let proposed_package = levers::proposed_package(package, &levers, &asks);
    let proposed_years = project(&proposed_package, &offer.assumptions, StockPath::Assumed);
    let proposed_total = four_year_total(&proposed_years);
    let ask_increase = proposed_total - offered.four_year_total;
    LeverPlan {
        ask_increase_pct: percent_of(ask_increase, offered.four_year_total).unwrap_or_default(),
        ask_increase,
        proposed: Proposed {
            base: proposed_package.base,
            sign_on_total: proposed_package.sign_on_total(),
            sign_on: proposed_package.sign_on,
            rsu_grant: proposed_package.grant,
            years: proposed_years,
            four_year_total: proposed_total,
        },
        levers,
        asks,
        argued_asks,
        cite_competing,
    }
}

/// What a target held to the ask limit says: where the target came from (the field to
/// check), the target, and the ask it was held to.
fn over_limit_warning(
    offer: &Offer,
    bands: Option<&Bands>,
    over: &levers::OverLimit,
    limit: Money,
    year_1_total: Money,
) -> String {
    let lever = over.lever.label();
    let held = format!(
        "the ask is held to {limit}, {} times this offer's first-year total of {year_1_total}",
        levers::ASK_LIMIT_MULTIPLE
    );
    match over.source {
        levers::TargetSource::Market => {
            let file = match &offer.market {
                crate::offer::MarketChoice::File(path) => path.display().to_string(),
                _ => "the built-in market data".to_string(),
            };
            let band = bands.map_or_else(String::new, |bands| {
                format!(" {} band for {}", bands.level, bands.location)
            });
            format!(
                "market: the{band} in {file} puts the {lever} target at {}: {held}; check that band and band_percentiles in {file}",
                over.target
            )
        }
        levers::TargetSource::Competing(index) => format!(
            "competing_offers[{index}]: {} puts the {lever} target at {}: {held}; check that offer's figures",
            offer
                .competing_offers
                .get(index)
                .map_or("a competing offer", |other| other.company.as_str()),
            over.target
        ),
        levers::TargetSource::Forfeit => format!(
            "current_job: what leaving forfeits puts the {lever} target at {}: {held}; check unvested_equity, forfeited_bonus and vests",
            over.target
        ),
    }
}

/// The special situation the file names (SPEC §9), if any.
fn special_situation(
    offer: &Offer,
    market: &Option<MarketPosition>,
    offered: &Offered,
    plan: &LeverPlan,
    competing: &[CompetingSummary],
) -> Option<SituationFigures> {
    offer.situation.as_ref().map(|situation| {
        situation::figures(&situation::SituationInputs {
            situation,
            market: market.as_ref(),
            proposed_year_1: plan.proposed.years.first().map_or(Money::ZERO, |y| y.total),
            four_year_total: offered.four_year_total,
            competing,
            revisit: plan.asks.first().and_then(|kind| {
                plan.levers
                    .iter()
                    .find(|l| l.lever == *kind)
                    .map(|l| model::situation::Revisit {
                        lever: l.lever,
                        offered: l.offered,
                        ask: l.ask,
                    })
            }),
        })
    })
}

/// Four-year totals under three stock paths (SPEC §4 "Stock scenarios").
fn stock_scenarios(offer: &Offer, round: &Round) -> Scenarios {
    let scenario =
        |path| years::four_year_total(&project(&round.package, &offer.assumptions, path));
    let (down_30, flat, up_15_per_year) = (
        scenario(StockPath::Constant(Decimal::new(7, 1))),
        scenario(StockPath::Constant(Decimal::ONE)),
        scenario(StockPath::Growth(Decimal::new(15, 2))),
    );
    Scenarios {
        down_30,
        flat,
        up_15_per_year,
        vs_flat: ScenarioDifferences {
            down_30: Signed(down_30 - flat),
            up_15_per_year: Signed(up_15_per_year - flat),
        },
    }
}

/// The tax estimate (SPEC §8, §10), when the file has a `tax:` block and the round a
/// start, and the offer's place. The place is resolved either way: a `tax.state` the
/// tables do not have is an error, a location they do not place a warning.
fn tax_estimate<'t>(
    offer: &Offer,
    schedule: &Option<Schedule>,
    years: &[YearRow],
    tax_tables: Option<&'t TaxTables>,
    warnings: &mut Vec<String>,
    borrowed: &mut taxes::Borrowed,
) -> Result<(Option<Taxes>, Option<taxes::TaxPlace<'t>>), InputError> {
    let (Some(tax), Some(tables)) = (&offer.tax, tax_tables) else {
        return Ok((None, None));
    };
    let (place, unplaced) = taxes::resolve(&tax.settings.state, &offer.location, tables, None)?;
    warnings.extend(unplaced);
    let Some(schedule) = schedule else {
        return Ok((None, Some(place)));
    };
    let estimate = taxes::estimate(schedule, years, &tax.settings, &place, tables);
    borrowed.merge(&estimate.borrowed);
    Ok((Some(estimate.taxes), Some(place)))
}

#[cfg(test)]
mod tests;
