//! Taxes by calendar year (SPEC §8, §10): what the employer withholds against what is
//! owed, from the events of the schedule (SPEC §7), federal and in the place's own state
//! and city.
//!
//! Sign-on, RSU vests and bonuses are supplemental wages, withheld at a flat 22% while a
//! senior engineer's top bracket is 32–37%; the difference arrives as a bill at filing.
//! This is an estimate of that bill (brackets, surtaxes, New York's recapture, payroll
//! programs and the SALT deduction), not tax advice: credits that phase out below these
//! incomes and itemised deductions other than state and local taxes are not counted.

mod place;

use rust_decimal::Decimal;

pub use self::place::{TaxPlace, place_by_location, resolve};
use super::model::YearRow;
use super::model::schedule::{EventKind, Schedule};
use super::model::taxes::{JurisdictionName, StateModel, TableSource, TaxYear, Taxes};
use crate::money::{Money, Signed};
pub use crate::offer::TaxSettings;
use crate::tax_tables::{Jurisdiction, JurisdictionYear, TaxTable, TaxTables};
use crate::vocab::Filing;

/// The estimate, and the calendar years it estimated with another year's table.
#[derive(Debug, Clone, PartialEq)]
pub struct TaxEstimate {
    pub taxes: Taxes,
    /// Which tables stood in for which years: one warning for all the alternatives.
    pub borrowed: Borrowed,
}

impl TaxEstimate {
    /// "no tax table for 2027–2031: the 2026 table is used; …", at most one.
    pub fn warning(&self) -> Option<String> {
        self.borrowed.warning()
    }
}

/// What one calendar year pays, for its taxes.
struct PayYear {
    year: i32,
    /// All wages W.
    wages: Money,
    /// Base B.
    base: Money,
    /// Sign-on, RSU and bonus S.
    supplemental: Money,
    /// The annual base of each monthly base payment's offer year.
    base_payments: Vec<Money>,
}

/// Estimate the taxes of each calendar year of `schedule` in `place`. `years` are the §4
/// offer years the schedule was built from (the withholding on a base payment depends on
/// its offer year's annual base).
pub fn estimate(
    schedule: &Schedule,
    years: &[YearRow],
    settings: &TaxSettings,
    place: &TaxPlace<'_>,
    tables: &TaxTables,
) -> TaxEstimate {
    let mut rows = Vec::new();
    let mut borrowed = Borrowed::default();
    let mut sources = Sources::default();
    for calendar in &schedule.calendar_years {
        let Some(federal) = tables.for_year(calendar.year) else {
            continue;
        };
        borrowed.note("federal", calendar.year, federal.year);
        sources.add("Federal", federal.year, true, &federal.source);
        let base_payments = schedule
            .events
            .iter()
            .filter(|event| event.kind == EventKind::Base && event.date.year == calendar.year)
            .map(|event| {
                years
                    .get(event.offer_year.saturating_sub(1) as usize)
                    .map_or(event.amount * Decimal::from(12), |row| row.base)
            })
            .collect();
        let pay = PayYear {
            year: calendar.year,
            wages: calendar.total,
            base: calendar.base,
            supplemental: calendar.sign_on + calendar.rsu + calendar.bonus,
            base_payments,
        };
        if let TaxPlace::Tables(jurisdictions) = place {
            for jurisdiction in jurisdictions {
                note_jurisdiction(jurisdiction, calendar.year, &mut borrowed, &mut sources);
            }
        }
        rows.push(tax_year(federal, tables, settings, place, &pay));
    }
    if rows.iter().any(|row| !row.salt_deduction.is_zero()) {
        sources.add("SALT deduction", 0, true, &tables.salt().source);
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
    let (state, jurisdictions) = match place {
        TaxPlace::Flat { .. } => (StateModel::Flat, Vec::new()),
        TaxPlace::Tables(list) if list.is_empty() => (StateModel::None, Vec::new()),
        TaxPlace::Tables(list) => (
            StateModel::Tables,
            list.iter()
                .map(|jurisdiction| JurisdictionName {
                    code: jurisdiction.code.clone(),
                    name: jurisdiction.name.clone(),
                    city: jurisdiction.is_city(),
                    income_tax: jurisdiction
                        .years
                        .iter()
                        .any(|entry| entry.income_tax.is_some()),
                })
                .collect(),
        ),
    };
    TaxEstimate {
        taxes: Taxes {
            filing: settings.filing,
            state,
            not_counted: match place {
                TaxPlace::Tables(list) => list
                    .iter()
                    .flat_map(|jurisdiction| jurisdiction.not_counted.iter().cloned())
                    .collect(),
                TaxPlace::Flat { .. } => Vec::new(),
            },
            jurisdictions,
            years: rows,
            largest_bill: largest_bill.map(|(year, _)| year),
            largest_bill_due: largest_bill.map(|(_, due)| due),
            tables: sources.0,
            notice: String::new(),
        },
        borrowed,
    }
}

/// Records which of a jurisdiction's entries calendar `year` uses.
fn note_jurisdiction(
    jurisdiction: &Jurisdiction,
    year: i32,
    borrowed: &mut Borrowed,
    sources: &mut Sources,
) {
    let mut used = |entry: &JurisdictionYear| {
        sources.add(
            &jurisdiction.name,
            entry.year,
            entry.official,
            &entry.source,
        );
    };
    if let Some(section) = jurisdiction.income_tax(year) {
        let what = format!("{} income tax", jurisdiction.name);
        borrowed.note(&what, year, section.entry.year);
        used(section.entry);
    }
    if let Some(section) = jurisdiction
        .payroll(year)
        .filter(|section| !section.value.is_empty())
    {
        let what = format!("{} payroll programs", jurisdiction.name);
        borrowed.note(&what, year, section.entry.year);
        used(section.entry);
    }
    if let Some(entry) = jurisdiction.entry_for(year) {
        used(entry);
    }
}

/// The tables used, in the order first used, each once.
#[derive(Default)]
struct Sources(Vec<TableSource>);

impl Sources {
    fn add(&mut self, jurisdiction: &str, year: i32, official: bool, source: &str) {
        let year = (year != 0).then_some(year);
        if !self
            .0
            .iter()
            .any(|table| table.jurisdiction == jurisdiction && table.year == year)
        {
            self.0.push(TableSource {
                jurisdiction: jurisdiction.to_string(),
                year,
                official,
                source: source.to_string(),
            });
        }
    }
}

/// The federal withholding on one monthly payment of an `annual_base` salary: the
/// annualised tax on the salary alone, a twelfth of it (the W-4 percentage method with
/// the standard deduction and no other adjustments but `pre_tax`).
fn federal_base_withholding(table: &TaxTable, settings: &TaxSettings, annual_base: Money) -> Money {
    let deduction = *table.standard_deduction.get(settings.filing);
    let taxable = (annual_base - settings.pre_tax - deduction).max(Money::ZERO);
    table.income_tax(settings.filing, taxable) / Decimal::from(12)
}

/// One calendar year's state and local figures.
#[derive(Default)]
struct StateYear {
    state_owed: Money,
    state_withheld: Money,
    local_owed: Money,
    local_withheld: Money,
    state_payroll: Money,
    /// The household's whole state and local income tax, with the job and without it
    /// (what the SALT deduction counts).
    full_with: Money,
    full_without: Money,
    codes: Vec<String>,
    /// The year of the state's entry used.
    table_year: Option<i32>,
}

/// The state and local taxes of one calendar year in `jurisdictions` (SPEC §10).
fn state_year(
    jurisdictions: &[&Jurisdiction],
    settings: &TaxSettings,
    pay: &PayYear,
    agi_with: Money,
    agi_without: Money,
) -> StateYear {
    let filing = settings.filing;
    let mut state = StateYear::default();
    for jurisdiction in jurisdictions {
        state.codes.push(jurisdiction.code.clone());
        if !jurisdiction.is_city() {
            state.table_year = jurisdiction.entry_for(pay.year).map(|entry| entry.year);
        }
        let (mut owed, mut withheld) = (Money::ZERO, Money::ZERO);
        if let Some(section) = jurisdiction.income_tax(pay.year) {
            let tax = section.value;
            let with = tax.tax(filing, agi_with);
            let without = tax.tax(filing, agi_without);
            state.full_with = state.full_with + with;
            state.full_without = state.full_without + without;
            owed = with - without;
            withheld = pay
                .base_payments
                .iter()
                .map(|annual_base| {
                    let taxable =
                        (*annual_base - settings.pre_tax - *tax.standard_deduction.get(filing))
                            .max(Money::ZERO);
                    tax.brackets_tax(filing, taxable) / Decimal::from(12)
                })
                .sum();
        }
        withheld = withheld + pay.supplemental * jurisdiction.supplemental_withholding(pay.year);
        if let Some(section) = jurisdiction.payroll(pay.year) {
            state.state_payroll = state.state_payroll
                + section
                    .value
                    .iter()
                    .map(|program| program.contribution(pay.wages))
                    .sum::<Money>();
        }
        if jurisdiction.is_city() {
            state.local_owed = state.local_owed + owed;
            state.local_withheld = state.local_withheld + withheld;
        } else {
            state.state_owed = state.state_owed + owed;
            state.state_withheld = state.state_withheld + withheld;
        }
    }
    state
}

/// One calendar year's figures from what it pays.
fn tax_year(
    federal: &TaxTable,
    tables: &TaxTables,
    settings: &TaxSettings,
    place: &TaxPlace<'_>,
    pay: &PayYear,
) -> TaxYear {
    let filing = settings.filing;
    let other = settings.other_income;
    let wages = pay.wages;
    // Contributions never exceed the year's wages.
    let pre_tax = settings.pre_tax.min(wages);
    let agi_with = wages + other - pre_tax;
    let agi_without = other;

    let state = match place {
        TaxPlace::Flat {
            rate,
            supplemental_rate,
        } => StateYear {
            state_owed: wages * *rate,
            state_withheld: pay.base * *rate + pay.supplemental * *supplemental_rate,
            ..StateYear::default()
        },
        TaxPlace::Tables(jurisdictions) => {
            state_year(jurisdictions, settings, pay, agi_with, agi_without)
        }
    };

    // The federal deduction: the larger of the standard deduction and the SALT
    // deduction (the household's state and local income tax, up to the year's cap), with
    // the job and without it, each its own. The flat model has no SALT deduction.
    let standard = *federal.standard_deduction.get(filing);
    let salt = |full: Money, magi: Money| -> Money {
        match place {
            TaxPlace::Flat { .. } => Money::ZERO,
            TaxPlace::Tables(_) => full.min(tables.salt().cap(pay.year, magi)),
        }
    };
    let salt_with = salt(state.full_with, agi_with);
    let salt_without = salt(state.full_without, agi_without);
    let taxable_with = (agi_with - standard.max(salt_with)).max(Money::ZERO);
    let taxable_without = (agi_without - standard.max(salt_without)).max(Money::ZERO);
    let federal_owed =
        federal.income_tax(filing, taxable_with) - federal.income_tax(filing, taxable_without);
    let federal_withheld = pay
        .base_payments
        .iter()
        .map(|annual_base| federal_base_withholding(federal, settings, *annual_base))
        .sum::<Money>()
        + federal.supplemental_withholding(pay.supplemental);

    let social_security =
        wages.min(federal.social_security_wage_base) * federal.social_security_rate;
    let medicare = wages * federal.medicare_rate;
    let (additional_owed, additional_withheld) = additional_medicare(federal, filing, wages, other);
    let fica = social_security + medicare + additional_owed;

    TaxYear {
        year: pay.year,
        jurisdictions: state.codes,
        federal_owed,
        federal_withheld,
        fica,
        state_owed: state.state_owed,
        state_withheld: state.state_withheld,
        local_owed: state.local_owed,
        local_withheld: state.local_withheld,
        state_payroll: state.state_payroll,
        salt_deduction: if salt_with > standard {
            salt_with
        } else {
            Money::ZERO
        },
        net_pay: wages
            - federal_owed
            - fica
            - state.state_owed
            - state.local_owed
            - state.state_payroll,
        due_at_filing: Signed(
            (federal_owed - federal_withheld)
                + (state.state_owed - state.state_withheld)
                + (state.local_owed - state.local_withheld)
                + (additional_owed - additional_withheld),
        ),
        table_year: federal.year,
        state_table_year: state.table_year,
    }
}

/// The additional Medicare tax this job adds (on the household's wages above the filing
/// status's threshold, less what other income alone would owe), and what the employer
/// withholds (on this job's wages above one threshold for everyone).
fn additional_medicare(
    table: &TaxTable,
    filing: Filing,
    wages: Money,
    other: Money,
) -> (Money, Money) {
    let threshold = *table.additional_medicare_threshold.get(filing);
    let above = |income: Money| (income - threshold).max(Money::ZERO);
    let owed = (above(wages + other) - above(other)) * table.additional_medicare_rate;
    let withheld = (wages - table.additional_medicare_withholding_threshold).max(Money::ZERO)
        * table.additional_medicare_rate;
    (owed, withheld)
}

/// The calendar years estimated with another year's table, by what the table is for
/// (`federal`, `California income tax`), in the order first seen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Borrowed(Vec<(String, Vec<(i32, i32)>)>);

impl Borrowed {
    /// Adds `other`'s years to these (each once, in calendar order).
    pub fn merge(&mut self, other: &Borrowed) {
        for (what, years) in &other.0 {
            for &(year, table_year) in years {
                let known = self
                    .0
                    .iter()
                    .any(|(seen, list)| seen == what && list.iter().any(|(y, _)| *y == year));
                if !known {
                    self.note(what, year, table_year);
                }
            }
        }
        for (_, years) in &mut self.0 {
            years.sort_unstable();
        }
    }

    /// Calendar `year` used the `table_year` table of `what`.
    fn note(&mut self, what: &str, year: i32, table_year: i32) {
        if year == table_year {
            return;
        }
        match self.0.iter_mut().find(|(seen, _)| seen == what) {
            Some((_, years)) => years.push((year, table_year)),
            None => self.0.push((what.to_string(), vec![(year, table_year)])),
        }
    }

    /// One warning for every calendar year estimated with another year's table, or
    /// `None`.
    pub fn warning(&self) -> Option<String> {
        const ADVICE: &str = "brackets, deductions and the wage base change every year, so treat those years as rougher estimates, or add their tables to a file given as `tax: { tables: PATH }`";
        // The federal tables first, then the jurisdictions' in the order first used.
        let mut all: Vec<&(String, Vec<(i32, i32)>)> = self.0.iter().collect();
        all.sort_by_key(|(what, _)| what != "federal");
        match all.as_slice() {
            [] => None,
            [(what, borrowed)] if what.as_str() == "federal" => Some(format!(
                "no tax table for {}: {}; {ADVICE}",
                year_ranges(&calendar_years(borrowed)),
                tables_used(borrowed)
            )),
            all => Some(format!(
                "no tax table of their own for some years, so an earlier one is used: {}; {ADVICE}",
                all.iter()
                    .map(|(what, borrowed)| format!(
                        "{what} for {} ({})",
                        year_ranges(&calendar_years(borrowed)),
                        tables_used(borrowed)
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
        }
    }
}

fn calendar_years(borrowed: &[(i32, i32)]) -> Vec<i32> {
    borrowed.iter().map(|(year, _)| *year).collect()
}

/// "the 2026 table is used", or the nearest tables by year.
fn tables_used(borrowed: &[(i32, i32)]) -> String {
    // (table year, the calendar years it stands in for), in table order.
    let mut by_table: Vec<(i32, Vec<i32>)> = Vec::new();
    for &(year, table) in borrowed {
        match by_table.iter_mut().find(|(used, _)| *used == table) {
            Some((_, years)) => years.push(year),
            None => by_table.push((table, vec![year])),
        }
    }
    by_table.sort_by_key(|(table, _)| *table);
    match by_table.as_slice() {
        [(table, _)] => format!("the {table} table is used"),
        many => format!(
            "the nearest table is used ({})",
            many.iter()
                .map(|(table, years)| format!("{table} for {}", year_ranges(years)))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
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
