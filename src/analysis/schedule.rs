//! Money in time (SPEC §7): when each payment of the offer lands, what each calendar
//! (tax) year holds, what leaving after m months costs, the drop once the grant has
//! vested, and the stock growth at which this offer matches a competing one.
//!
//! Everything starts from the §4 offer years: the events of offer year y add up to
//! total_y exactly, so the calendar years add up to total_1 + … + total_N.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::model::schedule::{
    AfterVesting, Breakeven, CalendarYear, Event, EventKind, LeaveAfter, OutOfRange, Schedule, Vest,
};
use super::model::{Percent2, Shares, YearRow};
use super::years::power;
use crate::money::Money;
use crate::vocab::{Date, SignOnPaid};

/// Days from the round's date to the assumed start when the file gives no `start_date`.
pub const ASSUMED_START_AFTER_DAYS: i64 = 28;

pub use crate::offer::{DEFAULT_RELOCATION_REPAY_MONTHS, TRANCHE_CHOICES};

/// The lowest annual stock growth the break-even search tries: −90%.
pub const BREAKEVEN_LOWEST_GROWTH: Decimal = Decimal::from_parts(9, 0, 0, true, 1);

/// The highest annual stock growth the break-even search tries: +100%.
pub const BREAKEVEN_HIGHEST_GROWTH: Decimal = Decimal::ONE;

/// The months after which the briefing shows what leaving costs.
const MILESTONES: [u32; 8] = [3, 6, 9, 12, 18, 24, 36, 48];

/// The start of the job (SPEC §7 "The start and the calendar"): the round's `start_date`,
/// else its `date` + 28 days with `assumed` set; `None` when the round has neither.
pub fn start_of(start_date: Option<Date>, round_date: Option<Date>) -> Option<(Date, bool)> {
    match (start_date, round_date) {
        (Some(start), _) => Some((start, false)),
        (None, Some(date)) => Some((date.plus_days(ASSUMED_START_AFTER_DAYS), true)),
        (None, None) => None,
    }
}

/// The offer's vest events per vesting year: the file's `tranches`, and for the years it
/// leaves out Amazon's new-hire pattern (1, 1, then 2 a year: 5% at month 12, 15% at
/// month 24, 20% at months 30, 36, 42 and 48).
pub fn offer_tranches(vesting_years: usize, given: &[u32]) -> Vec<u32> {
    (0..vesting_years)
        .map(|index| {
            given
                .get(index)
                .copied()
                .unwrap_or(offer_default_tranches(index))
        })
        .collect()
}

/// Amazon's new-hire pattern for vesting year `index + 1`: one vest in each of the first
/// two years, then two.
fn offer_default_tranches(index: usize) -> u32 {
    if index < 2 { 1 } else { 2 }
}

/// A competing offer's vest events per vesting year: the file's `tranches`, quarterly
/// for the years it leaves out.
pub fn competing_tranches(vesting_years: usize, given: &[u32]) -> Vec<u32> {
    (0..vesting_years)
        .map(|index| given.get(index).copied().unwrap_or(4))
        .collect()
}

/// What the schedule is built from: the chosen round, already checked and projected.
#[derive(Debug, Clone, Copy)]
pub struct ScheduleInputs<'a> {
    /// The first day of work.
    pub start: Date,
    /// Whether `start` was assumed from the round's date.
    pub start_assumed: bool,
    /// The §4 offer years 1..N, unrounded.
    pub years: &'a [YearRow],
    /// Percent of the grant vesting in each vesting year.
    pub vesting: &'a [Decimal],
    /// Vest events in each vesting year, defaults applied ([`offer_tranches`]); one of
    /// [`TRANCHE_CHOICES`] each (a year missing here, or a count outside them, vests in
    /// the default pattern).
    pub tranches: &'a [u32],
    /// Monthly or lump-sum sign-on.
    pub sign_on_paid: SignOnPaid,
    /// The one-time relocation payment, if any (never part of the totals).
    pub relocation: Option<Money>,
    /// Leaving before this many months means repaying the relocation in full.
    pub relocation_repay_months: u32,
    /// The grant's shares, when it was given in shares.
    pub shares: Option<Decimal>,
}

/// Every payment of the offer, in date order (SPEC §7 "Events of the offer").
pub fn events(inputs: &ScheduleInputs<'_>) -> Vec<Event> {
    let twelve = Decimal::from(12);
    let mut events = Vec::new();
    for row in inputs.years {
        let year = row.year;
        let first = 12 * year.saturating_sub(1);
        let mut push = |offset: u32, kind: EventKind, amount: Money| {
            if !amount.is_zero() {
                events.push(Event {
                    offset,
                    date: inputs.start.add_months(offset),
                    offer_year: year,
                    kind,
                    amount,
                });
            }
        };
        for month in 1..=12 {
            push(first + month, EventKind::Base, row.base / twelve);
        }
        match inputs.sign_on_paid {
            SignOnPaid::Monthly => {
                for month in 1..=12 {
                    push(first + month, EventKind::SignOn, row.sign_on / twelve);
                }
            }
            SignOnPaid::LumpSum => push(first + 1, EventKind::SignOn, row.sign_on),
        }
        let tranches = tranches_of(inputs, year);
        for tranche in 1..=tranches {
            push(
                first + 12 * tranche / tranches,
                EventKind::Rsu,
                row.rsu / Decimal::from(tranches),
            );
        }
        push(first + 12, EventKind::Bonus, row.bonus);
    }
    events.sort_by_key(|event| (event.offset, event.kind));
    events
}

/// Offer year `year`'s vest events. A year the list leaves out takes the offer's default,
/// so a short list can never lose a vest; so does a count validation should have refused
/// (0 would lose the vest, a huge one would take forever).
fn tranches_of(inputs: &ScheduleInputs<'_>, year: u32) -> u32 {
    let index = year.saturating_sub(1) as usize;
    inputs
        .tranches
        .get(index)
        .copied()
        .filter(|tranches| TRANCHE_CHOICES.contains(tranches))
        .unwrap_or(offer_default_tranches(index))
}

/// The whole `schedule` (SPEC §7 "Figures").
pub fn build(inputs: &ScheduleInputs<'_>) -> Schedule {
    let events = events(inputs);
    let calendar_years = calendar_years(&events);
    let largest = calendar_years
        .iter()
        .reduce(|best, year| if year.total > best.total { year } else { best })
        .map(|year| (year.year, year.total));
    let months = 12 * u32::try_from(inputs.years.len()).unwrap_or(0);
    Schedule {
        start: inputs.start,
        start_assumed: inputs.start_assumed,
        vests: vests(inputs, &events),
        calendar_years,
        leave_after: leave_after(inputs, &events),
        milestones: MILESTONES.into_iter().filter(|m| *m <= months).collect(),
        largest_year: largest.map(|(year, _)| year),
        largest_year_total: largest.map(|(_, total)| total),
        events,
    }
}

/// The payments of `schedule` at offsets 1..=`months` (SPEC §11's window), with their
/// calendar years; the rest of the schedule as it is.
pub fn window(schedule: &Schedule, months: u32) -> Schedule {
    let events: Vec<Event> = schedule
        .events
        .iter()
        .filter(|event| event.offset <= months)
        .copied()
        .collect();
    Schedule {
        calendar_years: calendar_years(&events),
        events,
        ..schedule.clone()
    }
}

fn vests(inputs: &ScheduleInputs<'_>, events: &[Event]) -> Vec<Vest> {
    events
        .iter()
        .filter(|event| event.kind == EventKind::Rsu)
        .map(|event| {
            let vesting = inputs
                .vesting
                .get(event.offer_year.saturating_sub(1) as usize)
                .copied()
                .unwrap_or(Decimal::ZERO);
            let share = vesting
                / Decimal::ONE_HUNDRED
                / Decimal::from(tranches_of(inputs, event.offer_year));
            Vest {
                date: event.date,
                year: event.offer_year,
                percent: Percent2(share * Decimal::ONE_HUNDRED),
                shares: inputs.shares.map(|shares| Shares(shares * share)),
                value: event.amount,
            }
        })
        .collect()
}

fn calendar_years(events: &[Event]) -> Vec<CalendarYear> {
    let mut by_year: BTreeMap<i32, CalendarYear> = BTreeMap::new();
    for event in events {
        let year = by_year
            .entry(event.date.year)
            .or_insert_with(|| CalendarYear {
                year: event.date.year,
                base: Money::ZERO,
                sign_on: Money::ZERO,
                rsu: Money::ZERO,
                bonus: Money::ZERO,
                total: Money::ZERO,
            });
        let slot = match event.kind {
            EventKind::Base => &mut year.base,
            EventKind::SignOn => &mut year.sign_on,
            EventKind::Rsu => &mut year.rsu,
            EventKind::Bonus => &mut year.bonus,
        };
        *slot = *slot + event.amount;
    }
    by_year
        .into_values()
        .map(|year| CalendarYear {
            total: year.base + year.sign_on + year.rsu + year.bonus,
            ..year
        })
        .collect()
}

fn leave_after(inputs: &ScheduleInputs<'_>, events: &[Event]) -> Vec<LeaveAfter> {
    let months = 12 * u32::try_from(inputs.years.len()).unwrap_or(u32::MAX / 12);
    let twelve = Decimal::from(12);
    let all_vests: Money = events
        .iter()
        .filter(|event| event.kind == EventKind::Rsu)
        .map(|event| event.amount)
        .sum();
    let mut pending = events.iter().peekable();
    let mut received = Money::ZERO;
    let mut vested = Money::ZERO;
    (1..=months)
        .map(|month| {
            while let Some(event) = pending.next_if(|event| event.offset <= month) {
                received = received + event.amount;
                if event.kind == EventKind::Rsu {
                    vested = vested + event.amount;
                }
            }
            let year = month.div_ceil(12);
            let sign_on_repay = match inputs.sign_on_paid {
                // Monthly payments simply stop; nothing paid is unearned.
                SignOnPaid::Monthly => Money::ZERO,
                SignOnPaid::LumpSum => inputs
                    .years
                    .get(year.saturating_sub(1) as usize)
                    // Multiply first: a twelfth is not exact in decimal.
                    .map(|row| row.sign_on * Decimal::from(12 * year - month) / twelve)
                    .unwrap_or(Money::ZERO),
            };
            let relocation_repay = inputs
                .relocation
                .filter(|_| month < inputs.relocation_repay_months)
                .unwrap_or(Money::ZERO);
            LeaveAfter {
                month,
                date: inputs.start.add_months(month),
                received,
                sign_on_repay,
                relocation_repay,
                net: received - sign_on_repay - relocation_repay,
                unvested_forfeited: all_vests - vested,
            }
        })
        .collect()
}

/// Pay in year N + 1 (SPEC §7 "After the grant"); `None` without offer years.
pub fn after_vesting(
    years: &[YearRow],
    base: Money,
    base_raise: Decimal,
    annual_bonus: Money,
) -> Option<AfterVesting> {
    let last = years.last()?;
    let n = u32::try_from(years.len()).ok()?;
    let total = base * power(Decimal::ONE + base_raise, n) + annual_bonus;
    Some(AfterVesting {
        year: n + 1,
        total,
        drop: last.total - total,
        pay_falls: last.total > total,
    })
}

/// The one annual stock growth g in [−90%, +100%], replacing `stock_growth` for this
/// offer's grant only, at which this offer's four-year total equals `target` (SPEC §7
/// "Break-even stock growth").
///
/// `years` are this offer's §4 years (their base, sign-on and bonus stay as they are);
/// `grant` and `vesting` value the vests afresh at grant · vesting_y / 100 · (1 + g)^y.
pub fn breakeven_growth(
    years: &[YearRow],
    grant: Money,
    vesting: &[Decimal],
    target: Money,
) -> Breakeven {
    let hundred = Decimal::from(100);
    let shares: Vec<(u32, Decimal)> = years
        .iter()
        .take(4)
        .filter_map(|row| {
            let share = vesting.get(row.year.saturating_sub(1) as usize)? / hundred;
            (share > Decimal::ZERO).then_some((row.year, share))
        })
        .collect();
    if grant.is_zero() || shares.is_empty() {
        return Breakeven::none();
    }
    let cash: Money = years
        .iter()
        .take(4)
        .map(|row| row.base + row.sign_on + row.bonus)
        .sum();
    let four_year_total = |growth: Decimal| -> Money {
        let factor: Decimal = shares
            .iter()
            .map(|(year, share)| share * power(Decimal::ONE + growth, *year))
            .sum();
        cash + grant * factor
    };
    let (mut low, mut high) = (BREAKEVEN_LOWEST_GROWTH, BREAKEVEN_HIGHEST_GROWTH);
    if four_year_total(low) > target {
        return Breakeven::out_of_range(OutOfRange::Ahead);
    }
    if four_year_total(high) < target {
        return Breakeven::out_of_range(OutOfRange::Behind);
    }
    // The total rises strictly with g (every vest share is positive and 1 + g > 0), so
    // bisection closes in on the one root.
    let tolerance = Decimal::new(1, 15);
    let two = Decimal::TWO;
    // 1.9 / 2^51 < 1e-15: the cap only guards against a loop that cannot narrow.
    for _ in 0..200 {
        if high - low <= tolerance {
            break;
        }
        let middle = (low + high) / two;
        if four_year_total(middle) < target {
            low = middle;
        } else {
            high = middle;
        }
    }
    let (low_pct, high_pct) = (low * hundred, high * hundred);
    // The figure is shown to 0.1, half away from zero. When a rounding midpoint (2.85)
    // lies inside the last bracket, the bracket's middle could fall on the wrong side of
    // it; the total at the midpoint itself, exact for so short a decimal, says which side
    // the root is on.
    let (ten, half) = (Decimal::TEN, Decimal::new(5, 1));
    let midpoint = ((high_pct * ten - half).floor() + half) / ten;
    let pct = if midpoint >= low_pct {
        match four_year_total(midpoint / hundred).cmp(&target) {
            std::cmp::Ordering::Equal => midpoint,
            std::cmp::Ordering::Less => high_pct,
            std::cmp::Ordering::Greater => low_pct,
        }
    } else {
        (low_pct + high_pct) / two
    };
    Breakeven::at(pct)
}

#[cfg(test)]
mod tests;
