//! The plain figures every part of the analysis shares: a year of pay and the numbers
//! written with a fixed count of decimals. A leaf: it imports nothing of the analysis.

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::money::{
    Figure, Money, fixed, plain_number, printing, round_half_away, serialize_decimal, sign_of,
    typeset_minus,
};

/// One year of pay.
#[derive(Debug, Clone, Serialize)]
pub struct YearRow {
    pub year: u32,
    pub base: Money,
    pub sign_on: Money,
    pub rsu: Money,
    pub bonus: Money,
    pub total: Money,
}

/// A percentage, percentile or count of weeks, shown with one decimal.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Percent1(pub Decimal);

/// A percentage shown with two decimals.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Percent2(pub Decimal);

/// A plain number (vesting percent, fraction, hours), to six decimals.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Number(pub Decimal);

/// A count of shares: exact (to six decimals) in analysis.json, printed whole (`1,946`;
/// SPEC §12.5).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Shares(pub Decimal);

impl Figure for Shares {
    /// `1,946`.
    fn typeset(&self) -> String {
        plain_number(round_half_away(self.0, 0))
    }

    fn printed_sign(&self) -> i8 {
        sign_of(round_half_away(self.0, 0))
    }
}

impl Serialize for Shares {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_figure(self, self.0, 6, serializer)
    }
}

/// Serialises a figure: a JSON number rounded to `decimals`, or inside
/// [`crate::money::printed`] the text the documents print.
fn serialize_figure<S: Serializer>(
    figure: &impl Figure,
    value: Decimal,
    decimals: u32,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if printing() {
        serializer.serialize_str(&figure.typeset())
    } else {
        serialize_decimal(round_half_away(value, decimals), serializer)
    }
}

impl Figure for Percent1 {
    /// `53.4`.
    fn typeset(&self) -> String {
        typeset_minus(fixed(self.0, 1))
    }

    fn printed_sign(&self) -> i8 {
        sign_of(round_half_away(self.0, 1))
    }
}

impl Figure for Percent2 {
    /// `19.27`.
    fn typeset(&self) -> String {
        typeset_minus(fixed(self.0, 2))
    }

    fn printed_sign(&self) -> i8 {
        sign_of(round_half_away(self.0, 2))
    }
}

impl Figure for Number {
    /// `2,080`, `0.05`.
    fn typeset(&self) -> String {
        typeset_minus(plain_number(round_half_away(self.0, 6)))
    }

    fn printed_sign(&self) -> i8 {
        sign_of(round_half_away(self.0, 6))
    }
}

impl Serialize for Percent1 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_figure(self, self.0, 1, serializer)
    }
}

impl Serialize for Percent2 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_figure(self, self.0, 2, serializer)
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_figure(self, self.0, 6, serializer)
    }
}

/// (part / whole) × 100, unrounded; `None` when `whole` is 0 or so small beside `part`
/// that the ratio is beyond what a percentage can say (a grant of 10⁻²⁸ shares, say).
pub fn percent_of(part: Money, whole: Money) -> Option<Decimal> {
    part.0
        .checked_div(whole.0)
        .and_then(|ratio| ratio.checked_mul(Decimal::from(100)))
}

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
