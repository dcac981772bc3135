//! Flags (SPEC §4): warnings about the offer, compared on unrounded values, each with a
//! plain-language message quoting the figures.

use super::model::{CompetingSummary, Flag, FlagCode, YearRow};
use super::{Position, format_percent};
use crate::market::Bands;
use crate::money::Money;
use crate::offer::{Offer, Package};

/// What the flags look at.
pub(super) struct FlagInputs<'a> {
    pub offer: &'a Offer,
    /// The analysed round's package.
    pub package: &'a Package,
    pub level: &'a str,
    pub years: &'a [YearRow],
    pub four_year_total: Money,
    pub position: Option<&'a Position>,
    pub bands: Option<&'a Bands>,
    pub competing: &'a [CompetingSummary],
}

/// Every flag that applies, in a fixed order.
pub(super) fn flags(inputs: &FlagInputs) -> Vec<Flag> {
    let mut flags = Vec::new();
    let mut flag = |code, message: String| flags.push(Flag { code, message });
    let year_1 = inputs.years[0].total;
    let offer = inputs.offer;

    if let Some(year_3) = inputs
        .years
        .get(2)
        .map(|y| y.total)
        .filter(|total| *total < year_1)
    {
        flag(
            FlagCode::Year3Cliff,
            format!(
                "Year 3 pays {year_3}, less than year 1's {year_1}: the sign-on bonus stops before the RSU vesting makes up for it. Plan for the drop, or ask for a larger grant."
            ),
        );
    }
    if let Some(position) = inputs
        .position
        .filter(|p| p.total_year_1.percentile.0 < 50.into())
    {
        flag(
            FlagCode::BelowMedian,
            format!(
                "The first-year total is at percentile {} of the market for {} in {}: below the median, so there is room to negotiate.",
                format_percent(position.total_year_1.percentile.0),
                inputs.level,
                offer.location
            ),
        );
    }
    if let Some(floor) = offer.goals.walk_away_total.filter(|floor| year_1 < *floor) {
        flag(
            FlagCode::BelowWalkAway,
            format!("The first-year total of {year_1} is below your walk-away number of {floor}."),
        );
    }
    if let Some(job) = &offer.current_job {
        let forfeit = job.unvested_equity + job.forfeited_bonus;
        let sign_on = inputs.package.sign_on_total();
        if sign_on < forfeit {
            flag(
                FlagCode::SignOnShortOfForfeit,
                format!(
                    "The sign-on bonus of {sign_on} does not cover the {forfeit} in unvested equity and bonus you give up by leaving."
                ),
            );
        }
    }
    if let Some(cap) = inputs.bands.and_then(|b| b.base_cap) {
        let base = inputs.package.base;
        if base >= cap {
            flag(
                FlagCode::BaseAtCap,
                format!(
                    "The base of {base} is at the {} cap of {cap}: put the asks on the RSU grant and the sign-on bonus.",
                    inputs.level
                ),
            );
        }
    }
    if let Some(best) = inputs
        .competing
        .iter()
        .filter(|c| c.four_year_total > inputs.four_year_total)
        .max_by_key(|c| c.four_year_total)
    {
        flag(
            FlagCode::CompetingOfferHigher,
            format!(
                "{}'s offer is worth {} over four years, {} more than this one.",
                best.company,
                best.four_year_total,
                best.four_year_total - inputs.four_year_total
            ),
        );
    }
    if inputs.bands.is_none() {
        flag(
            FlagCode::NoMarketBand,
            format!(
                "No market band for {} in {}: the market comparison is left out and no base cap applies.",
                inputs.level, offer.location
            ),
        );
    }
    flags
}
