//! Market position (SPEC §4 "Market"): each component against its band, with the value at
//! the target percentile and the gap to it.

use rust_decimal::Decimal;

use super::model::{BandPosition, MarketPosition, Percent1};
use crate::market::{Band, Bands};
use crate::money::Money;
use crate::offer::Package;

/// The market comparison before it becomes the serialised model.
pub(super) struct Position {
    pub base: BandPosition,
    pub equity_4yr: BandPosition,
    pub signing: BandPosition,
    pub total_year_1: BandPosition,
    bands: Bands,
}

impl Position {
    pub fn into_model(self) -> MarketPosition {
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

/// The offer's four components placed in `bands`.
pub(super) fn place(
    bands: &Bands,
    package: &Package,
    year_1_total: Money,
    target_percentile: Decimal,
) -> Position {
    let place = |band: &Band, value: Money| {
        let target = band.value_at(target_percentile).whole_dollars();
        BandPosition {
            value,
            low: band.low,
            high: band.high,
            percentile: Percent1(band.percentile(value)),
            target,
            gap: (target - value).max(Money::ZERO),
            below_target: value < target,
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
