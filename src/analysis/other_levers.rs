//! The seed's levers 4–7 (SPEC §4 "Other levers"): level, start date, relocation,
//! flexibility and the cash bonus, as figures and talking points.

use rust_decimal::Decimal;

use super::model::*;
use crate::market::{Market, level_number, next_level};
use crate::money::Money;
use crate::offer::{Offer, Package, Round};
use crate::vocab::Leverage;

/// The seed's points for an internal transfer, where there is less room to negotiate
/// than from outside.
const INTERNAL_TRANSFER_POINTS: [&str; 4] = [
    "the outside perspective you bring from your current team",
    "what it costs the company if you stay where you are",
    "an expedited promotion timeline, written down",
    "specific high-visibility projects",
];

/// The seed's typical relocation package.
const RELOCATION_TYPICAL: (i64, i64) = (10_000, 50_000);
/// What a relocation package can cover, from the seed.
const RELOCATION_ITEMS: [&str; 6] = [
    "moving costs",
    "temporary housing",
    "house-hunting trips",
    "lease-breaking fees",
    "tax gross-up",
    "spousal job support",
];

pub(super) fn other_levers(
    offer: &Offer,
    round: &Round,
    level: &str,
    market: Option<&Market>,
    package: &Package,
    year_1_total: Money,
) -> OtherLevers {
    let internal_transfer = offer
        .situation
        .as_ref()
        .filter(|situation| situation.internal_transfer)
        .map(|_| InternalTransferLever {
            points: INTERNAL_TRANSFER_POINTS.map(str::to_string).to_vec(),
            talking_point: String::new(),
        });
    OtherLevers {
        internal_transfer,
        level: Some(level_lever(offer, level, market, package, year_1_total)),
        start_date: start_date_lever(round),
        relocation: relocation_lever(round),
        flexibility: FlexibilityLever {
            options: vec![
                "3 days a week in the office".into(),
                "2 days a week in the office".into(),
                "1 week a month on site".into(),
            ],
            talking_point: String::new(),
        },
        performance_bonus: package
            .annual_bonus
            .is_zero()
            .then(|| PerformanceBonusLever {
                talking_point: String::new(),
            }),
    }
}

fn level_lever(
    offer: &Offer,
    level: &str,
    market: Option<&Market>,
    package: &Package,
    year_1_total: Money,
) -> LevelLever {
    let next = next_level(level);
    let next_bands = next
        .as_deref()
        .and_then(|next| market.and_then(|m| m.bands(next, &offer.location)));
    let target_level = offer.goals.target_level.clone();
    let review_requested = match (
        target_level.as_deref().and_then(level_number),
        level_number(level),
    ) {
        (Some(target), Some(current)) => target > current,
        _ => false,
    };
    let percentiles = next_bands.map(|bands| NextLevelPercentiles {
        base: Percent1(bands.base.percentile(package.base)),
        equity_4yr: Percent1(bands.equity_4yr.percentile(package.grant)),
        signing: Percent1(bands.signing.percentile(package.sign_on_total())),
        total_year_1: Percent1(bands.total_year_1.percentile(year_1_total)),
    });
    LevelLever {
        current_level: level.to_string(),
        next_level: next_bands.map(|bands| bands.level.clone()),
        target_level,
        review_requested,
        next_level_percentiles: percentiles,
        next_level_base: next_bands.map(|bands| [bands.base.low, bands.base.high]),
        next_level_total_year_1: next_bands
            .map(|bands| [bands.total_year_1.low, bands.total_year_1.high]),
        about_next_level_base: next_bands
            .map(|bands| [bands.base.low, bands.base.high].map(Money::round_to_thousand)),
        about_next_level_total_year_1: next_bands.map(|bands| {
            [bands.total_year_1.low, bands.total_year_1.high].map(Money::round_to_thousand)
        }),
        talking_point: String::new(),
    }
}

/// The start date as a lever, when the round gives one. A start before the round's own
/// date is a slip the file's warnings point at: no weeks and no leverage are made of it.
fn start_date_lever(round: &Round) -> Option<StartDateLever> {
    let start = round.start_date?;
    if round.date.is_some_and(|date| start < date) {
        return None;
    }
    let weeks = round
        .date
        .map(|date| Decimal::from(date.days_until(start)) / Decimal::from(7));
    let leverage = weeks.map(|weeks| match weeks {
        w if w < Decimal::from(2) => Leverage::Weakest,
        w if w < Decimal::from(4) => Leverage::None,
        w if w < Decimal::from(6) => Leverage::Some,
        w if w < Decimal::from(12) => Leverage::Strong,
        _ => Leverage::Maximum,
    });
    Some(StartDateLever {
        start_date: start,
        round_date: round.date,
        weeks: weeks.map(Percent1),
        leverage,
        talking_point: String::new(),
    })
}

fn relocation_lever(round: &Round) -> RelocationLever {
    let (low, high) = (
        Money::dollars(RELOCATION_TYPICAL.0),
        Money::dollars(RELOCATION_TYPICAL.1),
    );
    let local_move = round.relocation.is_some_and(Money::is_zero);
    RelocationLever {
        offered: round.relocation,
        local_move,
        below_typical: round.relocation.is_some_and(|offered| offered < low) && !local_move,
        typical_low: low,
        typical_high: high,
        items: RELOCATION_ITEMS
            .iter()
            .map(|item| item.to_string())
            .collect(),
        talking_point: String::new(),
    }
}
