//! Flags (SPEC §4): warnings about the offer, compared on unrounded values, each with the
//! figures its message quotes (the message itself is worded by the `messages.j2`
//! template).

use super::model::Leaving;
use super::model::MarketPosition;
use super::model::comparison::Comparison;
use super::model::situation::SituationFigures;
use super::model::timing::CurrentJobTiming;
use super::model::{CompetingSummary, Flag, FlagFigures, YearRow};
use super::timing::start_forfeits_vest;
use crate::market::Bands;
use crate::money::Money;
use crate::offer::{Offer, Package};
use crate::vocab::{Date, FlagCode};

/// What the flags look at.
pub(super) struct FlagInputs<'a> {
    pub offer: &'a Offer,
    /// The analysed round's package.
    pub package: &'a Package,
    pub level: &'a str,
    pub years: &'a [YearRow],
    pub four_year_total: Money,
    pub market: Option<&'a MarketPosition>,
    pub bands: Option<&'a Bands>,
    pub competing: &'a [CompetingSummary],
    /// What leaving the current job forfeits, when the file has a current job.
    pub leaving: Option<Leaving>,
    /// The first day of work, when the round has a date.
    pub start: Option<Date>,
    pub current_job_timing: Option<&'a CurrentJobTiming>,
    pub situation: Option<&'a SituationFigures>,
}

/// Every flag that applies, in a fixed order.
pub(super) fn flags(inputs: &FlagInputs) -> Vec<Flag> {
    let mut flags = Vec::new();
    let mut flag = |code, figures| {
        flags.push(Flag {
            code,
            figures,
            message: String::new(),
        })
    };
    let year_1 = inputs
        .years
        .first()
        .map(|year| year.total)
        .unwrap_or_default();
    let offer = inputs.offer;
    let location = || {
        inputs
            .bands
            .map_or_else(|| offer.location.clone(), |bands| bands.location.clone())
    };

    if let Some(year_3) = inputs
        .years
        .get(2)
        .map(|y| y.total)
        .filter(|total| *total < year_1)
    {
        flag(
            FlagCode::Year3Cliff,
            FlagFigures::Year3Cliff { year_1, year_3 },
        );
    }
    if let Some(position) = inputs
        .market
        .filter(|p| p.total_year_1.percentile.0 < 50.into())
    {
        flag(
            FlagCode::BelowMedian,
            FlagFigures::BelowMedian {
                percentile: position.total_year_1.percentile,
                level: inputs.level.to_string(),
                location: location(),
            },
        );
    }
    if let Some(walk_away) = offer.goals.walk_away_total.filter(|floor| year_1 < *floor) {
        flag(
            FlagCode::BelowWalkAway,
            FlagFigures::BelowWalkAway { year_1, walk_away },
        );
    }
    if let Some(leaving) = inputs.leaving {
        let forfeit = leaving.total();
        let sign_on = inputs.package.sign_on_total();
        if sign_on < forfeit {
            flag(
                FlagCode::SignOnShortOfForfeit,
                FlagFigures::SignOnShortOfForfeit { sign_on, forfeit },
            );
        }
    }
    if let Some(cap) = inputs.bands.and_then(|b| b.base_cap) {
        let base = inputs.package.base;
        if base >= cap {
            flag(
                FlagCode::BaseAtCap,
                FlagFigures::BaseAtCap {
                    base,
                    cap,
                    level: inputs.level.to_string(),
                },
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
            FlagFigures::CompetingOfferHigher {
                company: best.company.clone(),
                four_year_total: best.four_year_total,
                difference: best.four_year_total - inputs.four_year_total,
            },
        );
    }
    if let (Some(timing), Some(start)) = (inputs.current_job_timing, inputs.start)
        && let Some(next) = timing.next.filter(|_| start_forfeits_vest(timing))
    {
        flag(
            FlagCode::StartForfeitsVest,
            FlagFigures::StartForfeitsVest {
                start,
                next,
                keep_next_start: timing.keep_next_start,
                suggested_start: timing.suggested_start,
                kept: timing.kept.clone(),
            },
        );
    }
    if let Some(situation) = inputs.situation
        && let (Some(revealed), Some(target), Some([reset_low, reset_high])) = (
            situation.revealed_number,
            situation.revealed_against,
            situation.reset_range,
        )
    {
        flag(
            FlagCode::RevealedNumberLow,
            FlagFigures::RevealedNumberLow {
                revealed,
                target,
                reset_low,
                reset_high,
                reset_is_one_figure: reset_low == reset_high,
            },
        );
    }
    if inputs.bands.is_none() {
        flag(
            FlagCode::NoMarketBand,
            FlagFigures::NoMarketBand {
                level: inputs.level.to_string(),
                location: offer.location.clone(),
            },
        );
    }
    flags
}

/// `after_tax_order_differs` (SPEC §11), once: the first alternative that pays more than
/// the offer before tax and less after, or the reverse.
pub(super) fn after_tax_order(offer: &Offer, comparison: Option<&Comparison>) -> Option<Flag> {
    let comparison = comparison.filter(|comparison| comparison.after_tax_order_differs)?;
    let flipped = comparison.alternatives.iter().skip(1).find(|alternative| {
        match (alternative.vs_offer_total, alternative.vs_offer_net) {
            (Some(total), Some(net)) => {
                (total.0 > Money::ZERO && net.0 < Money::ZERO)
                    || (total.0 < Money::ZERO && net.0 > Money::ZERO)
            }
            _ => false,
        }
    })?;
    Some(Flag {
        code: FlagCode::AfterTaxOrderDiffers,
        figures: FlagFigures::AfterTaxOrderDiffers {
            name: flipped.name.clone(),
            location_in: flipped.location_in.clone(),
            kind: flipped.kind,
            before_tax: flipped.before_tax?,
            after_tax: flipped.after_tax?,
            offer_location_in: comparison
                .alternatives
                .first()
                .map_or_else(|| offer.location.clone(), |first| first.location_in.clone()),
        },
        message: String::new(),
    })
}
