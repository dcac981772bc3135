//! Year-by-year pay (SPEC §4 "Years"): the one projection every other figure builds on.

use rust_decimal::Decimal;

use super::model::YearRow;
use crate::money::Money;
use crate::offer::{Assumptions, Package};

/// How each year's vest is valued against the grant-date price.
#[derive(Debug, Clone, Copy)]
pub enum StockPath {
    /// (1 + stock_growth)^y: the file's assumption.
    Assumed,
    /// A fixed factor every year (0.7 for a 30% fall, 1 for flat).
    Constant(Decimal),
    /// (1 + rate)^y.
    Growth(Decimal),
}

/// `x` to the power `n`, exactly.
pub fn power(x: Decimal, n: u32) -> Decimal {
    (0..n).fold(Decimal::ONE, |acc, _| acc * x)
}

/// Years 1..N, N = max(4, vesting years, sign-on years); unrounded.
pub fn project(package: &Package, assumptions: &Assumptions, path: StockPath) -> Vec<YearRow> {
    let years = 4.max(package.vesting.len()).max(package.sign_on.len());
    let hundred = Decimal::from(100);
    (1..=years as u32)
        .map(|year| {
            let index = (year - 1) as usize;
            let base = package.base * power(Decimal::ONE + assumptions.base_raise, year - 1);
            let sign_on = package.sign_on.get(index).copied().unwrap_or(Money::ZERO);
            let vest_share = package.vesting.get(index).copied().unwrap_or(Decimal::ZERO) / hundred;
            let factor = match path {
                StockPath::Assumed => power(Decimal::ONE + assumptions.stock_growth, year),
                StockPath::Constant(factor) => factor,
                StockPath::Growth(rate) => power(Decimal::ONE + rate, year),
            };
            let rsu = package.grant * (vest_share * factor);
            let bonus = package.annual_bonus;
            YearRow {
                year,
                base,
                sign_on,
                rsu,
                bonus,
                total: base + sign_on + rsu + bonus,
            }
        })
        .collect()
}

/// total_1 + … + total_4.
pub fn four_year_total(years: &[YearRow]) -> Money {
    years.iter().take(4).map(|year| year.total).sum()
}

/// The four-year total of a package under the file's assumptions.
pub fn package_four_year_total(package: &Package, assumptions: &Assumptions) -> Money {
    four_year_total(&project(package, assumptions, StockPath::Assumed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn package(base: i64, sign_on: &[i64], grant: i64, vesting: &[i64]) -> Package {
        Package {
            base: Money::dollars(base),
            sign_on: sign_on.iter().map(|a| Money::dollars(*a)).collect(),
            grant: Money::dollars(grant),
            shares: None,
            vesting: vesting.iter().map(|p| Decimal::from(*p)).collect(),
            tranches: Vec::new(),
            annual_bonus: Money::ZERO,
        }
    }

    fn flat() -> Assumptions {
        Assumptions {
            stock_growth: Decimal::ZERO,
            base_raise: Decimal::ZERO,
            hours_per_year: Decimal::from(2080),
        }
    }

    #[test]
    fn rsu_vests_from_the_grant_not_the_base() {
        let years = project(
            &package(185_000, &[75_000, 60_000], 360_000, &[5, 15, 40, 40]),
            &flat(),
            StockPath::Assumed,
        );
        let rsu: Vec<Money> = years.iter().map(|y| y.rsu).collect();
        assert_eq!(rsu, [18_000, 54_000, 144_000, 144_000].map(Money::dollars));
        assert_eq!(years[0].total, Money::dollars(185_000 + 75_000 + 18_000));
        assert_eq!(four_year_total(&years), Money::dollars(1_235_000));
    }

    #[test]
    fn raises_compound_from_year_two_and_growth_from_year_one() {
        let assumptions = Assumptions {
            stock_growth: dec("0.10"),
            base_raise: dec("0.03"),
            hours_per_year: Decimal::from(2080),
        };
        let years = project(
            &package(172_000, &[], 280_000, &[5, 15, 40, 40]),
            &assumptions,
            StockPath::Assumed,
        );
        assert_eq!(years[0].base, Money::dollars(172_000));
        assert_eq!(years[1].base.cents(), dec("177160.00"));
        assert_eq!(years[0].rsu.cents(), dec("15400.00"));
        assert_eq!(years[3].rsu.cents(), dec("163979.20"));
    }

    #[test]
    fn long_schedules_extend_the_years() {
        let years = project(
            &package(100_000, &[1, 2, 3, 4, 5], 0, &[20, 20, 20, 20, 20]),
            &flat(),
            StockPath::Assumed,
        );
        assert_eq!(years.len(), 5);
        assert_eq!(years[4].sign_on, Money::dollars(5));
    }

    #[test]
    fn scenario_paths_value_each_vest() {
        let years = project(
            &package(0, &[], 100_000, &[25, 25, 25, 25]),
            &flat(),
            StockPath::Constant(dec("0.7")),
        );
        assert_eq!(four_year_total(&years), Money::dollars(70_000));
        let grown = project(
            &package(0, &[], 100_000, &[100]),
            &flat(),
            StockPath::Growth(dec("0.15")),
        );
        assert_eq!(grown[0].rsu, Money::dollars(115_000));
    }
}
