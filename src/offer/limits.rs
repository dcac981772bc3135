//! Every limit on the offer file's values, in one place: validation enforces them and the
//! JSON Schema (`offerbrief schema`, see [`super::raw`]) states them, so that an editor
//! checking the file against the schema and `offerbrief check` draw the same lines.

use std::ops::RangeInclusive;

use rust_decimal::Decimal;

use crate::money::Money;

/// The longest piece of text a field may hold, counted as written (surrounding spaces
/// included): a name, a company, an achievement. Longer text is a paste gone wrong, and
/// would cost seconds to lay out.
pub const MAX_TEXT_CHARS: usize = 1_000;

/// The most achievements the candidate may list: the drafts cite the first few.
pub const MAX_ACHIEVEMENTS: usize = 20;
/// The most rounds a file may hold.
pub const MAX_ROUNDS: usize = 50;
/// The most competing offers a file may list.
pub const MAX_COMPETING: usize = 20;
/// The most vests `current_job.vests` may list: years of quarterly vests.
pub const MAX_PAYOUTS: usize = 60;
/// The most years a vesting schedule or sign-on may span.
pub const MAX_YEARS: usize = 10;

/// The vest events a vesting year may be split into: each divides twelve, so every vest
/// falls on a whole month.
pub const TRANCHE_CHOICES: [u32; 6] = [1, 2, 3, 4, 6, 12];

/// The earliest and latest years a date may have: an offer is dated in living memory.
/// ([`DATE_PATTERN`] spells the same years out.)
pub const YEARS: RangeInclusive<i32> = 1900..=2199;

/// The lowest annual base salary accepted: anything below is a typo (`185` for 185k). It
/// also keeps every percentage of a four-year total within what the documents can show.
/// ([`MIN_BASE_PATTERN`] says the same of the amounts written as text.)
pub const MIN_BASE: Money = Money(Decimal::from_parts(1000, 0, 0, false, 0));

/// A closed range a plain number must fall in.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub low: Decimal,
    pub high: Decimal,
}

/// `goals.target_percentile`.
pub const PERCENTILE: Bounds = Bounds {
    low: Decimal::ONE,
    high: Decimal::from_parts(99, 0, 0, false, 0),
};
/// `stock_growth` and `base_raise`, as yearly fractions: -90% to +100%.
pub const GROWTH: Bounds = Bounds {
    low: Decimal::from_parts(9, 0, 0, true, 1),
    high: Decimal::ONE,
};
/// `assumptions.hours_per_year`: up to every hour of a leap year.
pub const HOURS: Bounds = Bounds {
    low: Decimal::ONE,
    high: Decimal::from_parts(8784, 0, 0, false, 0),
};
/// `tax.state_rate` and `tax.state_supplemental_rate`: above every US state's top rate.
pub const STATE_RATE: Bounds = Bounds {
    low: Decimal::ZERO,
    high: Decimal::from_parts(2, 0, 0, false, 1),
};
/// A grant's `shares`.
pub const SHARES: Bounds = Bounds {
    low: Decimal::ZERO,
    high: Decimal::from_parts(1_000_000_000, 0, 0, false, 0),
};
/// One year of `vesting`, in percent.
pub const VESTING_PERCENT: Bounds = Bounds {
    low: Decimal::ZERO,
    high: Decimal::ONE_HUNDRED,
};
/// `relocation_repay_months`.
pub const RELOCATION_REPAY_MONTHS: RangeInclusive<u32> = 0..=120;

/// Text that is not only spaces: a path, a word.
pub const NOT_BLANK: &str = r"\S";

/// A number written as text the way `Money::parse` reads it: an optional `$`, digits with
/// optional thousands commas (three digits to a group), at most ten decimals, an optional
/// `k` or `M` suffix, spaces around.
pub const MONEY_PATTERN: &str =
    r"^\s*\$?\s*([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\.[0-9]{1,10})?\s*[kKmM]?\s*$";

/// An amount written as [`MONEY_PATTERN`] says that is not zero: it has a digit other than 0.
pub const NONZERO_PATTERN: &str = "[1-9]";

/// An amount written as [`MONEY_PATTERN`] says of at least [`MIN_BASE`] ($1,000): a whole
/// part of four significant digits or more, or at least 1 with `k`, or at least 0.001
/// with `M`.
pub const MIN_BASE_PATTERN: &str = r"^\s*\$?\s*([0-9,]*[1-9][0-9,]{3}|[0-9,]*[1-9][0-9,.]*\s*[kK]\s*$|([0-9,]*[1-9][0-9,.]*|[0-9,]*\.0{0,2}[1-9][0-9]*)\s*[mM]\s*$)";

/// A date, `YYYY-MM-DD`, that is on the calendar, in the years of [`YEARS`] (29 February
/// only in leap years: not 1900 or 2100).
pub const DATE_PATTERN: &str = r"^\s*((19|20|21)[0-9]{2}-((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31)|((19|21)([2468][048]|[13579][26]|0[48])|20([02468][048]|[13579][26]))-02-29)\s*$";

/// An amount written as [`MONEY_PATTERN`] says of at most `max` (a power of ten: the
/// largest amount): as many significant digits as a smaller amount has, or `max` itself,
/// each with its `k` and `M` forms.
pub fn at_most_pattern(max: Money) -> String {
    let digits = max.0.trunc().to_string().len().saturating_sub(1);
    let form = |zeros: usize, suffix: &str| {
        format!(
            "(([1-9](,?[0-9]){{0,{}}})?(\\.[0-9]+)?|1(,?0){{{zeros}}}(\\.0+)?){suffix}",
            zeros.saturating_sub(1)
        )
    };
    format!(
        r"^\s*\$?\s*[0,]*({}|{}|{})\s*$",
        form(digits, ""),
        form(digits.saturating_sub(3), r"\s*[kK]"),
        form(digits.saturating_sub(6), r"\s*[mM]"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_patterns_spell_the_limits_they_name() {
        // MIN_BASE_PATTERN and DATE_PATTERN are written for these values.
        assert_eq!(MIN_BASE, Money::dollars(1000));
        assert_eq!(YEARS, 1900..=2199);
        let pattern = at_most_pattern(Money(crate::money::MAX_AMOUNT));
        for (significant, zeros) in [("{0,11}", "{12}"), ("{0,8}", "{9}"), ("{0,5}", "{6}")] {
            assert!(
                pattern.contains(significant) && pattern.contains(zeros),
                "{pattern}"
            );
        }
    }
}
