//! The seed's levers 4–7 (SPEC §4 "Other levers"): level, start date, relocation,
//! flexibility and the cash bonus, as figures and talking points.

use rust_decimal::Decimal;

use super::format_percent;
use super::model::*;
use crate::market::{Market, level_number, next_level};
use crate::money::Money;
use crate::offer::{Offer, Package, Round};

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
    OtherLevers {
        level: Some(level_lever(offer, level, market, package, year_1_total)),
        start_date: start_date_lever(round),
        relocation: relocation_lever(round),
        flexibility: FlexibilityLever {
            options: vec!["3 days a week in the office".into(), "2 days a week in the office".into(), "1 week a month on site".into()],
            talking_point: "Hybrid schedules are common and cheap to grant: ask which one the team works, and get it in writing. Full remote is rare and can cost 5–10% of the package, so trade for it only if it matters to you.".into(),
        },
        performance_bonus: package.annual_bonus.is_zero().then(|| PerformanceBonusLever {
            talking_point: format!(
                "{} pays no cash bonus at this level as offered. Rather than a bonus, ask for guaranteed RSU refreshers (a refresh grant from year 2) so that years 3 and 4 do not depend on discretionary awards.",
                offer.company
            ),
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
    let talking_point = match (&percentiles, next_bands) {
        (Some(p), Some(bands)) if review_requested => format!(
            "You are aiming for {}. This offer's first-year total would sit at percentile {} of the {} band ({}–{}): ask for a re-assessment of the level, or a documented 12-month path to {} with milestones, in the offer letter.",
            bands.level,
            format_percent(p.total_year_1.0),
            bands.level,
            bands.total_year_1.low,
            bands.total_year_1.high,
            bands.level
        ),
        (Some(p), Some(bands)) => format!(
            "At {} this offer's first-year total would sit at percentile {} of that band ({}–{}). If your scope matches {}, a level review is worth more than any single lever.",
            bands.level,
            format_percent(p.total_year_1.0),
            bands.total_year_1.low,
            bands.total_year_1.high,
            bands.level
        ),
        _ if review_requested => format!(
            "You are aiming for {}: ask for a re-assessment of the level, or a documented 12-month path with milestones, in the offer letter.",
            target_level.as_deref().unwrap_or_default()
        ),
        _ => format!(
            "The market data has no band one level above {level} in {}; argue a level review from scope, not pay.",
            offer.location
        ),
    };
    LevelLever {
        current_level: level.to_string(),
        next_level: next_bands.map(|bands| bands.level.clone()),
        target_level,
        review_requested,
        next_level_percentiles: percentiles,
        next_level_base: next_bands.map(|bands| [bands.base.low, bands.base.high]),
        next_level_total_year_1: next_bands
            .map(|bands| [bands.total_year_1.low, bands.total_year_1.high]),
        talking_point,
    }
}

fn start_date_lever(round: &Round) -> Option<StartDateLever> {
    let start = round.start_date?;
    let weeks = round.date.map(|date| {
        Decimal::from(start.days_since_epoch() - date.days_since_epoch()) / Decimal::from(7)
    });
    let leverage = weeks.map(|weeks| match weeks {
        w if w < Decimal::from(2) => Leverage::Weakest,
        w if w < Decimal::from(4) => Leverage::None,
        w if w < Decimal::from(6) => Leverage::Some,
        w if w < Decimal::from(12) => Leverage::Strong,
        _ => Leverage::Maximum,
    });
    let talking_point = match (weeks, leverage) {
        (Some(weeks), Some(leverage)) => {
            let weeks = format_percent(weeks);
            match leverage {
                Leverage::Weakest => format!(
                    "A start {weeks} weeks after the offer is as early as it gets: the weakest position. If you can, push the date out."
                ),
                Leverage::None => format!(
                    "A start {weeks} weeks after the offer is standard notice and gives no leverage by itself."
                ),
                Leverage::Some => format!(
                    "A start {weeks} weeks after the offer shows some flexibility; offering an earlier date is a concession you can trade."
                ),
                Leverage::Strong => format!(
                    "A start {weeks} weeks after the offer is a strong position: tie the date to finishing your current commitments, and use the time to ask for the package to stay competitive."
                ),
                Leverage::Maximum => format!(
                    "A start {weeks} weeks after the offer gives the most leverage: the team is waiting for you, so the package is worth getting right."
                ),
            }
        }
        _ => format!(
            "You start on {start}. Add the round's date to see how much leverage the timeline gives."
        ),
    };
    Some(StartDateLever {
        start_date: start.to_string(),
        round_date: round.date.map(|d| d.to_string()),
        weeks: weeks.map(Number),
        leverage,
        talking_point,
    })
}

fn relocation_lever(round: &Round) -> RelocationLever {
    let (low, high) = (
        Money::dollars(RELOCATION_TYPICAL.0),
        Money::dollars(RELOCATION_TYPICAL.1),
    );
    let talking_point = match round.relocation {
        Some(offered) if offered < low => format!(
            "The relocation offered, {offered}, is below the typical {low}–{high}: list what the move costs and ask for it to be covered."
        ),
        Some(offered) => format!(
            "The relocation offered, {offered}, is within or above the typical {low}–{high}; check that it covers every item you need."
        ),
        None => format!(
            "No relocation is in the offer. Packages typically run {low}–{high}; ask even if the move is short, since moving costs and temporary housing add up."
        ),
    };
    RelocationLever {
        offered: round.relocation,
        typical_low: low,
        typical_high: high,
        items: RELOCATION_ITEMS
            .iter()
            .map(|item| item.to_string())
            .collect(),
        talking_point,
    }
}
