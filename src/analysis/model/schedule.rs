//! The figures of money in time (SPEC §7): the payments, the vest calendar, the calendar
//! years, the cost of leaving early, the year after the grant and the break-even growth.

use serde::Serialize;

use super::figures::{Percent1, Percent2, Shares};
use crate::money::Figure;
use crate::money::Money;
use crate::vocab::Date;

/// What a payment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A monthly base salary payment.
    Base,
    /// A sign-on payment (monthly, or the year's lump sum).
    SignOn,
    /// An RSU vest.
    Rsu,
    /// The annual cash bonus.
    Bonus,
}

/// One payment of the offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Whole months from the start.
    pub offset: u32,
    /// The start + `offset` months.
    pub date: Date,
    /// The offer year (1-based) the payment belongs to.
    pub offer_year: u32,
    /// What is paid.
    pub kind: EventKind,
    /// How much, unrounded; never zero.
    pub amount: Money,
}

/// The `schedule` of `analysis.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Schedule {
    /// The first day of work.
    pub start: Date,
    /// Whether `start` was assumed from the round's date.
    pub start_assumed: bool,
    /// The RSU vests, in date order.
    pub vests: Vec<Vest>,
    /// Each calendar year holding a payment, in order.
    pub calendar_years: Vec<CalendarYear>,
    /// The cost of leaving after each month 1..12N.
    pub leave_after: Vec<LeaveAfter>,
    /// The months the briefing's table of leaving early shows: 3, 6, 9, 12, 18, 24, 36
    /// and 48, those within 12N.
    pub milestones: Vec<u32>,
    /// The calendar year with the largest total (the first of equals), when any.
    pub largest_year: Option<i32>,
    /// That year's total.
    pub largest_year_total: Option<Money>,
    /// Every payment, in date order (kinds in [`EventKind`] order on the same date); the
    /// tax estimate works from these.
    #[serde(skip)]
    pub events: Vec<Event>,
}

/// One RSU vest.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Vest {
    pub date: Date,
    /// The offer year it belongs to.
    pub year: u32,
    /// Percent of the grant: vesting[y−1] / tranches_y.
    pub percent: Percent2,
    /// Shares vesting, when the grant was given in shares.
    pub shares: Option<Shares>,
    pub value: Money,
}

/// What one calendar year holds, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CalendarYear {
    pub year: i32,
    pub base: Money,
    pub sign_on: Money,
    pub rsu: Money,
    pub bonus: Money,
    pub total: Money,
}

/// Leaving at the end of the day of offset `month`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LeaveAfter {
    pub month: u32,
    pub date: Date,
    /// Every payment at offsets up to `month`.
    pub received: Money,
    /// The unearned months of a lump-sum sign-on of the current offer year.
    pub sign_on_repay: Money,
    /// The whole relocation, when leaving before `relocation_repay_months`.
    pub relocation_repay: Money,
    /// `received` − `sign_on_repay` − `relocation_repay`.
    pub net: Money,
    /// The RSU vests after `month`, never received.
    pub unvested_forfeited: Money,
}

/// The `after_vesting` of `analysis.json`: the first year with no sign-on and no vest of
/// this grant.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AfterVesting {
    /// N + 1.
    pub year: u32,
    /// base_{N+1} + bonus.
    pub total: Money,
    /// total_N − `total`: what refresher grants would have to vest each year to keep pay
    /// level (negative when pay rises).
    pub drop: Money,
    /// Whether pay falls once the grant has vested (`drop` is above zero).
    pub pay_falls: bool,
}

/// Which way a competing offer lies when no growth in range makes the totals equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutOfRange {
    /// This offer is ahead even if the stock falls 90% a year.
    Ahead,
    /// This offer is behind even if the stock doubles every year.
    Behind,
}

/// The break-even stock growth against one competing offer, with its reason when there
/// is none. Made to be `#[serde(flatten)]`ed into a `competing[]` row.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Breakeven {
    /// The annual growth, in percent (one decimal when written); `None` when this offer
    /// has no grant vesting in years 1–4, or when no growth in range reaches the total.
    pub breakeven_growth_pct: Option<Percent1>,
    /// Which way the competing offer lies when no growth in range reaches it.
    pub breakeven_out_of_range: Option<OutOfRange>,
    /// What the stock would have to do, in a word, for the documents.
    pub breakeven_way: BreakevenWay,
    /// The growth without its sign (a fall of 3.2% a year is 3.2).
    pub breakeven_size_pct: Option<Percent1>,
}

/// What the stock would have to do for this offer to match a competing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakevenWay {
    /// Rise by `breakeven_size_pct` a year.
    Rise,
    /// It could fall by `breakeven_size_pct` a year and still match.
    Fall,
    /// Stay flat: the totals match at the grant-date price.
    Flat,
    /// Nothing in range: this offer is ahead even if the stock falls 90% a year.
    Ahead,
    /// Nothing in range: this offer is behind even if the stock doubles every year.
    Behind,
    /// This offer has no grant vesting in its first four years.
    NoGrant,
}

impl Breakeven {
    /// No growth can make up the difference: this offer has no grant to grow.
    pub fn none() -> Breakeven {
        Breakeven {
            breakeven_growth_pct: None,
            breakeven_out_of_range: None,
            breakeven_way: BreakevenWay::NoGrant,
            breakeven_size_pct: None,
        }
    }

    /// No growth in range reaches the competing total.
    pub fn out_of_range(side: OutOfRange) -> Breakeven {
        Breakeven {
            breakeven_growth_pct: None,
            breakeven_out_of_range: Some(side),
            breakeven_way: match side {
                OutOfRange::Ahead => BreakevenWay::Ahead,
                OutOfRange::Behind => BreakevenWay::Behind,
            },
            breakeven_size_pct: None,
        }
    }

    /// The growth `pct` (percent a year, unrounded) at which the totals match.
    pub fn at(pct: rust_decimal::Decimal) -> Breakeven {
        let shown = Percent1(pct);
        Breakeven {
            breakeven_growth_pct: Some(shown),
            breakeven_out_of_range: None,
            breakeven_way: match shown.printed_sign() {
                1 => BreakevenWay::Rise,
                -1 => BreakevenWay::Fall,
                _ => BreakevenWay::Flat,
            },
            breakeven_size_pct: Some(Percent1(pct.abs())),
        }
    }
}
