//! The figures of SPEC §4, computed at full precision from a validated [`Offer`]; each
//! is rounded once, when it is written (see the `Serialize` impls in [`model`]).

mod levers;
pub mod model;
mod other_levers;
mod years;

use rust_decimal::Decimal;

pub use model::*;
pub use years::{StockPath, four_year_total, power, project};

use crate::market::{Bands, Market};
use crate::money::{Money, round_half_away};
use crate::offer::{Offer, Package, Round};
use levers::{LeverInputs, MarketTargets};

/// Analyse round `round_index` (0-based) of `offer` against `market`.
///
/// The caller checks that the round exists; rounds after it are never read.
pub fn analyse(offer: &Offer, market: Option<&Market>, round_index: usize) -> Analysis {
    let round_index = round_index.min(offer.rounds.len().saturating_sub(1));
    let rounds = &offer.rounds[..=round_index];
    let round = &rounds[round_index];
    let package = &round.package;
    let assumptions = &offer.assumptions;
    let level = round.level.clone().unwrap_or_else(|| offer.level.clone());

    let years = project(package, assumptions, StockPath::Assumed);
    let four_year_total = four_year_total(&years);
    let four_year_average = four_year_total / Decimal::from(4);
    let year_1_total = years[0].total;

    let bands = market.and_then(|market| market.bands(&level, &offer.location));
    let target_percentile = offer.goals.target_percentile;
    let position =
        bands.map(|bands| market_position(bands, package, year_1_total, target_percentile));
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
        current_job: offer.current_job.as_ref(),
        target_percentile,
    };
    let levers = levers::order(levers::levers(&lever_inputs), &offer.goals.priorities);
    let asks: Vec<LeverKind> = levers
        .iter()
        .filter(|l| l.status == LeverStatus::Ask)
        .take(3)
        .map(|l| l.lever)
        .collect();

    let proposed_package = proposed_package(package, &levers, &asks);
    let proposed_years = project(&proposed_package, assumptions, StockPath::Assumed);
    let proposed_total = years::four_year_total(&proposed_years);
    let ask_increase = proposed_total - four_year_total;
    let ask_increase_pct = percent_of(ask_increase, four_year_total);
    let proposed = Proposed {
        base: proposed_package.base,
        sign_on_total: proposed_package.sign_on_total(),
        sign_on: proposed_package.sign_on,
        rsu_grant: proposed_package.grant,
        years: proposed_years,
        four_year_total: proposed_total,
    };

    let competing: Vec<CompetingSummary> = offer
        .competing_offers
        .iter()
        .map(|other| {
            let years = project(&other.package, assumptions, StockPath::Assumed);
            let total = years::four_year_total(&years);
            CompetingSummary {
                company: other.company.clone(),
                level: other.level.clone(),
                status: other.status.clone(),
                base: other.package.base,
                sign_on_total: other.package.sign_on_total(),
                grant: other.package.grant,
                annual_bonus: other.package.annual_bonus,
                years,
                four_year_total: total,
                four_year_average: total / Decimal::from(4),
                difference: total - four_year_total,
            }
        })
        .collect();

    let market_percentile = position.as_ref().map(|p| p.total_year_1.percentile);
    let flags = flags::flags(&flags::FlagInputs {
        offer,
        package,
        level: &level,
        years: &years,
        four_year_total,
        position: position.as_ref(),
        bands,
        competing: &competing,
    });

    let round_summaries = round_summaries(rounds, assumptions);
    let first_total = round_summaries
        .first()
        .map(|r| r.four_year_total)
        .unwrap_or(four_year_total);
    let improvement = Improvement {
        amount: four_year_total - first_total,
        pct: Percent1(percent_of(four_year_total - first_total, first_total)),
        typical_low_pct: 15,
        typical_high_pct: 35,
    };

    let scenario = |path| years::four_year_total(&project(package, assumptions, path));
    let scenarios = Scenarios {
        down_30: scenario(StockPath::Constant(Decimal::new(7, 1))),
        flat: scenario(StockPath::Constant(Decimal::ONE)),
        up_15_per_year: scenario(StockPath::Growth(Decimal::new(15, 2))),
    };
    let hourly = Hourly {
        year_1: year_1_total / assumptions.hours_per_year,
        four_year_average: four_year_average / assumptions.hours_per_year,
        hours_per_year: Number(assumptions.hours_per_year),
    };
    let walk_away = walk_away(offer, year_1_total, four_year_average, &competing);
    let next_step = next_step(round_index + 1, &asks, four_year_total);
    let other_levers =
        other_levers::other_levers(offer, round, &level, market, package, year_1_total);

    Analysis {
        offer: offer_facts(offer, round, round_index, &level),
        years,
        four_year_total,
        four_year_average,
        market: position.map(|p| p.into_model()),
        market_percentile,
        levers,
        asks,
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
        warnings,
    }
}

mod flags;

/// (part / whole) × 100, unrounded; 0 when `whole` is 0.
fn percent_of(part: Money, whole: Money) -> Decimal {
    if whole.is_zero() {
        Decimal::ZERO
    } else {
        part.0 / whole.0 * Decimal::from(100)
    }
}

/// The market comparison before it becomes the serialised model.
struct Position {
    base: BandPosition,
    equity_4yr: BandPosition,
    signing: BandPosition,
    total_year_1: BandPosition,
    bands: Bands,
}

impl Position {
    fn into_model(self) -> MarketPosition {
        MarketPosition {
            base: self.base,
            equity_4yr: self.equity_4yr,
            signing: self.signing,
            total_year_1: self.total_year_1,
            base_cap: self.bands.base_cap,
            band_level: self.bands.level,
            band_location: self.bands.location,
        }
    }
}

fn market_position(
    bands: &Bands,
    package: &Package,
    year_1_total: Money,
    target_percentile: Decimal,
) -> Position {
    let place = |band: &crate::market::Band, value: Money| {
        let target = band.value_at(target_percentile).whole_dollars();
        BandPosition {
            value,
            low: band.low,
            high: band.high,
            percentile: Percent1(band.percentile(value)),
            target,
            gap: (target - value).max(Money::ZERO),
        }
    };
    Position {
        base: place(&bands.base, package.base),
        equity_4yr: place(&bands.equity_4yr, package.grant),
        signing: place(&bands.signing, package.sign_on_total()),
        total_year_1: place(&bands.total_year_1, year_1_total),
        bands: bands.clone(),
    }
}

/// The offer with every lever in `asks` at its ask.
fn proposed_package(package: &Package, levers: &[Lever], asks: &[LeverKind]) -> Package {
    let mut proposed = package.clone();
    for lever in levers.iter().filter(|l| asks.contains(&l.lever)) {
        match lever.lever {
            LeverKind::Base => proposed.base = lever.ask,
            LeverKind::Rsu => proposed.grant = lever.ask,
            LeverKind::SignOn => proposed.sign_on = lever.ask_by_year.clone().unwrap_or_default(),
        }
    }
    proposed
}

fn round_summaries(rounds: &[Round], assumptions: &crate::offer::Assumptions) -> Vec<RoundSummary> {
    let mut summaries: Vec<RoundSummary> = Vec::with_capacity(rounds.len());
    for (index, round) in rounds.iter().enumerate() {
        let years = project(&round.package, assumptions, StockPath::Assumed);
        let mut summary = RoundSummary {
            number: index + 1,
            name: round.name.clone(),
            date: round.date.map(|d| d.to_string()),
            base: round.package.base,
            sign_on_total: round.package.sign_on_total(),
            grant: round.package.grant,
            year_1_total: years[0].total,
            four_year_total: years::four_year_total(&years),
            change_from_previous: None,
            change_from_first: None,
        };
        if index > 0 {
            summary.change_from_previous = Some(round_change(&summaries[index - 1], &summary));
            summary.change_from_first = Some(round_change(&summaries[0], &summary));
        }
        summaries.push(summary);
    }
    summaries
}

fn round_change(old: &RoundSummary, new: &RoundSummary) -> RoundChange {
    let change = |old: Money, new: Money| Change {
        amount: new - old,
        pct: (!old.is_zero()).then(|| Percent1(percent_of(new - old, old))),
    };
    RoundChange {
        base: change(old.base, new.base),
        sign_on_total: change(old.sign_on_total, new.sign_on_total),
        grant: change(old.grant, new.grant),
        four_year_total: change(old.four_year_total, new.four_year_total),
    }
}

fn walk_away(
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
        vs_walk_away: walk_away_total.map(|floor| year_1_total - floor),
        current_job_total,
        best_alternative: best.as_ref().map(|(amount, _)| *amount),
        best_alternative_source: best.as_ref().map(|(_, source)| source.clone()),
        vs_best_alternative: best.map(|(amount, _)| four_year_average - amount),
    }
}

fn next_step(rounds_so_far: usize, asks: &[LeverKind], four_year_total: Money) -> NextStep {
    let (email, levers) = match (rounds_so_far, asks.first()) {
        (_, None) => (EmailKind::Acceptance, Vec::new()),
        (1, _) => (EmailKind::Round1Counter, asks.to_vec()),
        (2, Some(first)) => (EmailKind::Round2Followup, vec![*first]),
        (_, Some(first)) => (EmailKind::FinalAsk, vec![*first]),
    };
    let range_pct = match rounds_so_far {
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

fn offer_facts(offer: &Offer, round: &Round, round_index: usize, level: &str) -> OfferFacts {
    let package = &round.package;
    OfferFacts {
        candidate: CandidateFacts {
            name: offer.candidate.name.clone(),
            email: offer.candidate.email.clone(),
            domain: offer.candidate.domain.clone(),
            achievements: offer.candidate.achievements.clone(),
        },
        recruiter: offer.recruiter.as_ref().map(|r| RecruiterFacts {
            name: r.name.clone(),
            email: r.email.clone(),
        }),
        company: offer.company.clone(),
        role: offer.role.clone(),
        level: level.to_string(),
        location: offer.location.clone(),
        currency: offer.currency.clone(),
        stock_price: offer.stock_price,
        round: RoundFacts {
            number: round_index + 1,
            name: round.name.clone(),
            date: round.date.map(|d| d.to_string()),
            base: package.base,
            sign_on: package.sign_on.clone(),
            sign_on_total: package.sign_on_total(),
            sign_on_paid: round.sign_on_paid,
            rsu_grant: package.grant,
            rsu_shares: package.shares.map(Number),
            vesting: package.vesting.iter().copied().map(Number).collect(),
            annual_bonus: package.annual_bonus,
            relocation: round.relocation,
            start_date: round.start_date.map(|d| d.to_string()),
            reply_after: round.date.map(|d| d.plus_days(2).to_string()),
        },
        rounds_in_file: offer.rounds.len(),
        goals: GoalFacts {
            target_percentile: Number(offer.goals.target_percentile),
            walk_away_total: offer.goals.walk_away_total,
            target_level: offer.goals.target_level.clone(),
            decision_deadline: offer.goals.decision_deadline.map(|d| d.to_string()),
            priorities: offer.goals.priorities.clone(),
        },
        current_job: offer.current_job.as_ref().map(|job| CurrentJobFacts {
            base: job.base,
            annual_bonus: job.annual_bonus,
            annual_equity: job.annual_equity,
            unvested_equity: job.unvested_equity,
            forfeited_bonus: job.forfeited_bonus,
            annual_total: job.base + job.annual_bonus + job.annual_equity,
            forfeit_total: job.unvested_equity + job.forfeited_bonus,
        }),
        assumptions: AssumptionFacts {
            stock_growth: Number(offer.assumptions.stock_growth),
            base_raise: Number(offer.assumptions.base_raise),
            hours_per_year: Number(offer.assumptions.hours_per_year),
        },
    }
}

/// A percentile as people read it: one decimal.
pub fn format_percent(value: Decimal) -> String {
    format!("{:.1}", round_half_away(value, 1))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::offer::parse_offer;

    fn analysed(yaml: &str) -> Analysis {
        let offer = parse_offer(yaml, "test.yaml", Path::new(".")).unwrap();
        let market = Market::for_choice(&offer.market).unwrap();
        analyse(&offer, market.as_ref(), offer.rounds.len() - 1)
    }

    const HEAD: &str = "candidate: {name: A}\ncompany: Amazon\nlevel: L6\nlocation: Seattle\n";

    fn codes(analysis: &Analysis) -> Vec<FlagCode> {
        analysis.flags.iter().map(|f| f.code).collect()
    }

    #[test]
    fn a_front_loaded_offer_has_a_year_three_cliff() {
        let a = analysed(&format!(
            "{HEAD}rounds:\n  - {{name: R, base: 180000, sign_on: [150000, 100000], rsu: {{value: 100000}}}}\n"
        ));
        assert!(a.years[2].total < a.years[0].total);
        assert!(codes(&a).contains(&FlagCode::Year3Cliff));
    }

    #[test]
    fn a_base_at_the_cap_is_not_asked_for() {
        let a = analysed(&format!(
            "{HEAD}rounds:\n  - {{name: R, base: 230000, rsu: {{value: 300000}}}}\n"
        ));
        let base = a
            .levers
            .iter()
            .find(|l| l.lever == LeverKind::Base)
            .unwrap();
        assert_eq!(base.status, LeverStatus::AtCap);
        assert_eq!(base.ask, Money::dollars(230_000));
        assert!(codes(&a).contains(&FlagCode::BaseAtCap));
        assert!(!a.asks.contains(&LeverKind::Base));
    }

    #[test]
    fn the_base_ask_never_passes_the_cap() {
        let yaml = format!(
            "{HEAD}rounds:\n  - {{name: R, base: 200000}}\ncompeting_offers:\n  - {{company: X, base: 260000}}\n"
        );
        let a = analysed(&yaml);
        let base = a
            .levers
            .iter()
            .find(|l| l.lever == LeverKind::Base)
            .unwrap();
        assert_eq!(base.ask, Money::dollars(220_000));
    }

    #[test]
    fn the_rsu_ask_is_held_to_one_and_a_half_times_the_grant() {
        let a = analysed(&format!(
            "{HEAD}rounds:\n  - {{name: R, base: 200000, rsu: {{value: 100000}}}}\n"
        ));
        let rsu = a.levers.iter().find(|l| l.lever == LeverKind::Rsu).unwrap();
        assert_eq!(rsu.ask, Money::dollars(150_000));
    }

    #[test]
    fn no_market_band_means_no_market_and_a_warning() {
        let a = analysed(
            "candidate: {name: A}\ncompany: Amazon\nlevel: L9\nlocation: Mars\nrounds:\n  - {name: R, base: 200000, rsu: {value: 100000}}\n",
        );
        assert!(a.market.is_none());
        assert!(a.market_percentile.is_none());
        assert_eq!(codes(&a), vec![FlagCode::NoMarketBand]);
        assert!(!a.warnings.is_empty());
        assert!(
            a.asks.is_empty(),
            "with no market and no competing offer there is nothing to argue"
        );
        assert_eq!(a.next_step.email, EmailKind::Acceptance);
    }

    #[test]
    fn next_step_follows_the_round_count() {
        let one = analysed(&format!("{HEAD}rounds:\n  - {{name: R1, base: 180000}}\n"));
        assert_eq!(one.next_step.email, EmailKind::Round1Counter);
        assert_eq!(
            one.next_step.expected_range.map(|r| r[0]),
            Some(one.four_year_total * Decimal::new(110, 2))
        );
        let three = analysed(&format!(
            "{HEAD}rounds:\n  - {{name: R1, base: 180000}}\n  - {{name: R2, base: 185000}}\n  - {{name: R3, base: 190000}}\n"
        ));
        assert_eq!(three.next_step.email, EmailKind::FinalAsk);
        assert_eq!(three.next_step.levers.len(), 1);
        assert!(three.next_step.expected_range.is_none());
        let change = three.rounds[2].change_from_first.as_ref().unwrap();
        assert_eq!(change.base.amount, Money::dollars(10_000));
    }

    #[test]
    fn walk_away_compares_with_the_best_alternative() {
        let a = analysed(&format!(
            "{HEAD}rounds:\n  - {{name: R, base: 200000}}\ncurrent_job: {{base: 150000, annual_bonus: 10000, annual_equity: 40000}}\n"
        ));
        assert_eq!(a.walk_away.best_alternative, Some(Money::dollars(200_000)));
        assert_eq!(
            a.walk_away.vs_best_alternative,
            Some(a.four_year_average - Money::dollars(200_000))
        );
        let none = analysed(&format!("{HEAD}rounds:\n  - {{name: R, base: 200000}}\n"));
        assert!(
            none.walk_away.best_alternative.is_none()
                && none.walk_away.vs_best_alternative.is_none()
        );
    }

    #[test]
    fn later_rounds_never_change_an_earlier_analysis() {
        let yaml = format!(
            "{HEAD}rounds:\n  - {{name: R1, base: 180000}}\n  - {{name: R2, base: 200000}}\n"
        );
        let offer = parse_offer(&yaml, "t.yaml", Path::new(".")).unwrap();
        let market = Market::builtin();
        let first = analyse(&offer, Some(&market), 0);
        let mut only_first = offer.clone();
        only_first.rounds.truncate(1);
        let alone = analyse(&only_first, Some(&market), 0);
        assert_eq!(first.four_year_total, alone.four_year_total);
        assert_eq!(first.rounds.len(), 1);
        assert_eq!(first.asks, alone.asks);
    }
}
