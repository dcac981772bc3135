//! Taxes by calendar year (SPEC §8): what the employer withholds against what is owed,
//! from the events of the schedule (SPEC §7).
//!
//! Sign-on, RSU vests and bonuses are supplemental wages, withheld at a flat 22% while a
//! senior engineer's top bracket is 32–37%; the difference arrives as a bill at filing.
//! This is an estimate of that bill (federal brackets, payroll taxes, a flat state
//! rate), not tax advice: no credits, no itemised deductions, no state brackets.

use rust_decimal::Decimal;

use super::model::YearRow;
use super::model::schedule::{EventKind, Schedule};
use super::model::taxes::{TableSource, TaxYear, Taxes};
use crate::money::{Money, Signed};
pub use crate::offer::TaxSettings;
use crate::tax_tables::{TaxTable, TaxTables};

/// The estimate, and the warning when some calendar year has no table of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct TaxEstimate {
    pub taxes: Taxes,
    /// "no tax table for 2027–2031: the 2026 table is used; …", at most one.
    pub warning: Option<String>,
}

/// Estimate the taxes of each calendar year of `schedule`. `years` are the §4 offer years
/// the schedule was built from (the withholding on a base payment depends on its offer
/// year's annual base).
pub fn estimate(
    schedule: &Schedule,
    years: &[YearRow],
    settings: &TaxSettings,
    tables: &TaxTables,
) -> TaxEstimate {
    let mut rows = Vec::new();
    let mut borrowed: Vec<(i32, i32)> = Vec::new();
    for calendar in &schedule.calendar_years {
        let Some(table) = tables.for_year(calendar.year) else {
            continue;
        };
        if table.year != calendar.year {
            borrowed.push((calendar.year, table.year));
        }
        let base_withheld: Money = schedule
            .events
            .iter()
            .filter(|event| event.kind == EventKind::Base && event.date.year == calendar.year)
            .map(|event| {
                let annual_base = years
                    .get(event.offer_year.saturating_sub(1) as usize)
                    .map_or(event.amount * Decimal::from(12), |row| row.base);
                base_payment_withholding(table, settings, annual_base)
            })
            .sum();
        let supplemental = calendar.sign_on + calendar.rsu + calendar.bonus;
        rows.push(tax_year(
            table,
            settings,
            calendar.year,
            calendar.total,
            calendar.base,
            supplemental,
            base_withheld,
        ));
    }
    let largest_bill = rows
        .iter()
        .filter(|row| row.due_at_filing.0 > Money::ZERO)
        .reduce(|best, row| {
            if row.due_at_filing.0 > best.due_at_filing.0 {
                row
            } else {
                best
            }
        })
        .map(|row| (row.year, row.due_at_filing.0));
    let mut used: Vec<i32> = rows.iter().map(|row| row.table_year).collect();
    used.sort_unstable();
    used.dedup();
    let sources = used
        .into_iter()
        .filter_map(|year| tables.for_year(year))
        .map(|table| TableSource {
            year: table.year,
            source: table.source.clone(),
        })
        .collect();
    TaxEstimate {
        taxes: Taxes {
            filing: settings.filing,
            years: rows,
            largest_bill: largest_bill.map(|(year, _)| year),
            largest_bill_due: largest_bill.map(|(_, due)| due),
            tables: sources,
            notice: String::new(),
        },
        warning: missing_tables_warning(&borrowed),
    }
}

/// The federal withholding on one monthly payment of an `annual_base` salary: the
/// annualised tax on the salary alone, a twelfth of it (the W-4 percentage method with
/// the standard deduction and no other adjustments but `pre_tax`).
fn base_payment_withholding(table: &TaxTable, settings: &TaxSettings, annual_base: Money) -> Money {
    let deduction = *table.standard_deduction.get(settings.filing);
    let taxable = (annual_base - settings.pre_tax - deduction).max(Money::ZERO);
    table.income_tax(settings.filing, taxable) / Decimal::from(12)
}

/// One calendar year's figures from its wages: `wages` W in all, `base` B of them, and
/// `supplemental` S; `base_withheld` is the federal withholding on its base payments.
fn tax_year(
    table: &TaxTable,
    settings: &TaxSettings,
    year: i32,
    wages: Money,
    base: Money,
    supplemental: Money,
    base_withheld: Money,
) -> TaxYear {
    let filing = settings.filing;
    let deduction = *table.standard_deduction.get(filing);
    let other = settings.other_income;
    // The tax this job adds: the household's tax with the job less the tax without it.
    let with_job = (wages + other - settings.pre_tax - deduction).max(Money::ZERO);
    let without_job = (other - deduction).max(Money::ZERO);
    let federal_owed = table.income_tax(filing, with_job) - table.income_tax(filing, without_job);
    let federal_withheld = base_withheld + table.supplemental_withholding(supplemental);

    let social_security = wages.min(table.social_security_wage_base) * table.social_security_rate;
    let medicare = wages * table.medicare_rate;
    // Owed on the household's wages above the filing status's threshold; the employer
    // sees only this job's wages and one threshold for everyone.
    let threshold = *table.additional_medicare_threshold.get(filing);
    let additional_owed =
        (wages + other - threshold).max(Money::ZERO) * table.additional_medicare_rate;
    let additional_withheld = (wages - table.additional_medicare_withholding_threshold)
        .max(Money::ZERO)
        * table.additional_medicare_rate;
    let fica = social_security + medicare + additional_owed;

    let state_owed = wages * settings.state_rate;
    let state_withheld =
        base * settings.state_rate + supplemental * settings.state_supplemental_rate;

    TaxYear {
        year,
        federal_owed,
        federal_withheld,
        fica,
        state_owed,
        state_withheld,
        net_pay: wages - federal_owed - fica - state_owed,
        due_at_filing: Signed(
            (federal_owed - federal_withheld)
                + (state_owed - state_withheld)
                + (additional_owed - additional_withheld),
        ),
        table_year: table.year,
    }
}

/// One warning for every calendar year estimated with another year's table, or `None`.
/// `borrowed` holds (calendar year, table year) in calendar order.
fn missing_tables_warning(borrowed: &[(i32, i32)]) -> Option<String> {
    if borrowed.is_empty() {
        return None;
    }
    let years: Vec<i32> = borrowed.iter().map(|(year, _)| *year).collect();
    // (table year, the calendar years it stands in for), in table order.
    let mut by_table: Vec<(i32, Vec<i32>)> = Vec::new();
    for &(year, table) in borrowed {
        match by_table.iter_mut().find(|(used, _)| *used == table) {
            Some((_, years)) => years.push(year),
            None => by_table.push((table, vec![year])),
        }
    }
    by_table.sort_by_key(|(table, _)| *table);
    let used = match by_table.as_slice() {
        [(table, _)] => format!("the {table} table is used"),
        many => format!(
            "the nearest table is used ({})",
            many.iter()
                .map(|(table, years)| format!("{table} for {}", year_ranges(years)))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    };
    Some(format!(
        "no tax table for {}: {used}; brackets, deductions and the wage base change every year, so treat those years as rougher estimates, or add their tables to a file given as `tax: {{ tables: PATH }}`",
        year_ranges(&years)
    ))
}

/// Ascending years as runs: `2025, 2027–2031`.
fn year_ranges(years: &[i32]) -> String {
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for &year in years {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == year => *end = year,
            _ => runs.push((year, year)),
        }
    }
    runs.iter()
        .map(|(first, last)| {
            if first == last {
                first.to_string()
            } else {
                format!("{first}–{last}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests;
