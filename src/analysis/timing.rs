//! Current job timing (SPEC §7): what the start date costs at the current employer — the
//! vests and bonus that pay out after the last day there — and the start date that would
//! keep the next of them.

use super::model::timing::{CurrentJobTiming, Forfeit, PayoutKind};
use crate::money::Money;
use crate::vocab::Date;

/// A payout this close after the last day (or closer) is worth moving the start for: the
/// flag `start_forfeits_vest` raises it.
pub const AT_STAKE_DAYS: i64 = 90;

pub use crate::offer::Payout;

/// The dated part of `current_job`, as checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct CurrentJobPayouts<'a> {
    /// `current_job.last_day`; the day before the start when absent.
    pub last_day: Option<Date>,
    /// `current_job.vests`, in any order; `None` when the file has no `vests`.
    pub vests: Option<&'a [Payout]>,
    /// `current_job.bonus`.
    pub bonus: Option<Payout>,
}

/// The timing for a job starting on `start`; `None` without a start, or when the current
/// job lists no vest and no bonus.
pub fn current_job_timing(
    start: Option<Date>,
    job: &CurrentJobPayouts<'_>,
) -> Option<CurrentJobTiming> {
    let start = start?;
    if job.vests.is_none() && job.bonus.is_none() {
        return None;
    }
    let last_day = job.last_day.unwrap_or(start.plus_days(-1));
    let vests = job.vests.unwrap_or_default().iter().map(|vest| Forfeit {
        date: vest.date,
        kind: PayoutKind::Vest,
        value: vest.value,
    });
    let bonus = job.bonus.map(|bonus| Forfeit {
        date: bonus.date,
        kind: PayoutKind::Bonus,
        value: bonus.value,
    });
    let mut forfeited: Vec<Forfeit> = vests
        .chain(bonus)
        .filter(|payout| payout.date > last_day)
        .collect();
    // Stable: vests on the same date keep the file's order.
    forfeited.sort_by_key(|payout| (payout.date, payout.kind));
    let next = forfeited.first().copied();
    let suggested = suggested_start(start, last_day, &forfeited);
    Some(CurrentJobTiming {
        last_day,
        forfeited_total: forfeited.iter().map(|payout| payout.value).sum(),
        next,
        keep_next_start: next.map(|next| start.plus_days(last_day.days_until(next.date))),
        suggested_start: suggested.as_ref().map(|s| s.start),
        suggested_last_day: suggested.as_ref().map(|s| s.last_day),
        kept_by_suggested: suggested
            .as_ref()
            .map(|s| s.kept.iter().map(|payout| payout.value).sum()),
        kept: suggested.map(|s| s.kept).unwrap_or_default(),
        forfeited,
    })
}

/// The start that keeps the most, its last day and what it keeps.
struct Suggested {
    start: Date,
    last_day: Date,
    kept: Vec<Forfeit>,
}

/// SPEC §12.6: the items of `forfeited` dated at most 90 days after `last_day`; the start
/// that moves `last_day` onto the latest of them, moved on to the next Monday when it is
/// not one; the last day that implies, and every forfeited item dated on or before it.
fn suggested_start(start: Date, last_day: Date, forfeited: &[Forfeit]) -> Option<Suggested> {
    let latest = forfeited
        .iter()
        .filter(|payout| last_day.days_until(payout.date) <= AT_STAKE_DAYS)
        .map(|payout| payout.date)
        .max()?;
    let suggested = start
        .plus_days(last_day.days_until(latest))
        .on_or_after_monday();
    let implied_last_day = last_day.plus_days(start.days_until(suggested));
    Some(Suggested {
        start: suggested,
        last_day: implied_last_day,
        kept: forfeited
            .iter()
            .filter(|payout| payout.date <= implied_last_day)
            .copied()
            .collect(),
    })
}

/// Whether the flag `start_forfeits_vest` holds: the next forfeited payout (a vest or the
/// bonus) is dated at most [`AT_STAKE_DAYS`] days after the last day.
pub fn start_forfeits_vest(timing: &CurrentJobTiming) -> bool {
    timing
        .next
        .is_some_and(|next| timing.last_day.days_until(next.date) <= AT_STAKE_DAYS)
}

/// `unvested_equity` and `forfeited_bonus` of SPEC §4, as given or derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Forfeits {
    pub unvested_equity: Option<Money>,
    pub forfeited_bonus: Option<Money>,
}

/// Fill what the file leaves out from the dated payouts (SPEC §7): the forfeited vests
/// for `unvested_equity` when `vests` is given, the bonus if forfeited (else 0) for
/// `forfeited_bonus` when `bonus` is given; both 0 when there is no start (`timing` is
/// `None`). A given figure always wins; a figure neither given nor derivable stays `None`.
pub fn derived_forfeits(
    given: Forfeits,
    job: &CurrentJobPayouts<'_>,
    timing: Option<&CurrentJobTiming>,
) -> Forfeits {
    let forfeited = |kind: PayoutKind| -> Money {
        timing
            .map(|timing| {
                timing
                    .forfeited
                    .iter()
                    .filter(|payout| payout.kind == kind)
                    .map(|payout| payout.value)
                    .sum()
            })
            .unwrap_or(Money::ZERO)
    };
    Forfeits {
        unvested_equity: given
            .unvested_equity
            .or_else(|| job.vests.map(|_| forfeited(PayoutKind::Vest))),
        forfeited_bonus: given
            .forfeited_bonus
            .or_else(|| job.bonus.map(|_| forfeited(PayoutKind::Bonus))),
    }
}

#[cfg(test)]
mod tests;
