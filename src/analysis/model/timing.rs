//! The figures of the current job's timing (SPEC §7): what the start date forfeits.

use serde::Serialize;

use crate::money::Money;
use crate::vocab::Date;

/// What kind of payout is forfeited. On the same date the bonus comes first, as SPEC §7
/// orders them (the variants' order is that order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PayoutKind {
    Bonus,
    Vest,
}

impl PayoutKind {
    /// The word for it in a sentence.
    pub fn label(self) -> &'static str {
        match self {
            PayoutKind::Bonus => "bonus",
            PayoutKind::Vest => "vest",
        }
    }
}

/// One payout that leaving on `last_day` forfeits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Forfeit {
    pub date: Date,
    pub kind: PayoutKind,
    pub value: Money,
}

/// The `current_job_timing` of `analysis.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CurrentJobTiming {
    /// The last day at the current employer.
    pub last_day: Date,
    /// The vests and bonus dated after `last_day`, in date order.
    pub forfeited: Vec<Forfeit>,
    /// Their sum.
    pub forfeited_total: Money,
    /// The first of `forfeited`.
    pub next: Option<Forfeit>,
    /// The start date that moves `last_day` onto `next`'s date.
    pub keep_next_start: Option<Date>,
    /// The start that keeps the most (SPEC §12.6): it moves `last_day` onto the latest
    /// forfeited item dated at most 90 days after it, then on to a Monday; `null` when no
    /// item is that close.
    pub suggested_start: Option<Date>,
    /// The last day that start implies.
    pub suggested_last_day: Option<Date>,
    /// What the suggested start keeps: the forfeited items dated on or before that last
    /// day, and their sum.
    pub kept_by_suggested: Option<Money>,
    pub kept: Vec<Forfeit>,
}
