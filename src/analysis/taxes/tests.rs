use std::str::FromStr;

use super::*;
use crate::analysis::schedule::{self, ScheduleInputs};
use crate::tax_tables::BUILTIN_TAX_TABLES;
use crate::vocab::Filing;
use crate::vocab::{Date, SignOnPaid};

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn dollars(amount: i64) -> Money {
    Money::dollars(amount)
}

/// Four flat offer years and their schedule: `grant` over [25, 25, 25, 25], one vest a
/// year.
fn flat_schedule(
    start: &str,
    base: i64,
    sign_on: &[i64],
    grant: i64,
    bonus: i64,
    sign_on_paid: SignOnPaid,
) -> (Vec<YearRow>, Schedule) {
    let years = crate::fixture::flat_years(base, sign_on, grant, &[25, 25, 25, 25], bonus);
    let vesting = [25, 25, 25, 25].map(Decimal::from);
    let built = schedule::build(&ScheduleInputs {
        start: Date::parse(start).unwrap(),
        start_assumed: false,
        years: &years,
        vesting: &vesting,
        tranches: &[1, 1, 1, 1],
        sign_on_paid,
        relocation: None,
        relocation_repay_months: schedule::DEFAULT_RELOCATION_REPAY_MONTHS,
        shares: None,
    });
    (years, built)
}

fn single() -> TaxSettings {
    TaxSettings {
        filing: Filing::Single,
        state_rate: Decimal::ZERO,
        state_supplemental_rate: Decimal::ZERO,
        other_income: Money::ZERO,
        pre_tax: Money::ZERO,
    }
}

fn cents(money: Money) -> Decimal {
    money.cents()
}

fn row(estimate: &TaxEstimate, year: i32) -> TaxYear {
    *estimate
        .taxes
        .years
        .iter()
        .find(|row| row.year == year)
        .unwrap()
}

#[test]
fn married_joint_with_state_tax_other_income_and_pre_tax() {
    // Start 2026-12-01: calendar 2027 holds twelve paydays of 20,000 and the year-1
    // bonus of 30,000 (month 12, 2027-12-01). W = 270,000, B = 240,000, S = 30,000.
    let (years, built) = flat_schedule("2026-12-01", 240_000, &[], 0, 30_000, SignOnPaid::Monthly);
    let settings = TaxSettings {
        filing: Filing::MarriedJoint,
        state_rate: dec("0.093"),
        state_supplemental_rate: dec("0.1023"),
        other_income: dollars(100_000),
        pre_tax: dollars(30_000),
    };
    let estimate = estimate(&built, &years, &settings, &TaxTables::builtin().unwrap());
    let year = row(&estimate, 2027);
    // Owed: with the job 270,000 + 100,000 − 30,000 − 32,200 = 307,800 taxable:
    //   2,480 + 9,120 + 24,332 + (307,800 − 211,400) · 24% = 59,068;
    // without it 100,000 − 32,200 = 67,800: 2,480 + 43,000 · 12% = 7,640.
    assert_eq!(cents(year.federal_owed), dec("51428"));
    // Withheld: base 240,000 − 30,000 − 32,200 = 177,800: 2,480 + 9,120 + 77,000 · 22%
    // = 28,540 a year (a twelfth on each payday), plus 22% of the 30,000 bonus.
    assert_eq!(cents(year.federal_withheld), dec("35140"));
    // 6.2% of 184,500 + 1.45% of 270,000 + 0.9% of (370,000 − 250,000).
    assert_eq!(cents(year.fica), dec("16434"));
    assert_eq!(cents(year.state_owed), dec("25110"));
    // 9.3% of 240,000 + 10.23% of 30,000.
    assert_eq!(cents(year.state_withheld), dec("25389"));
    assert_eq!(cents(year.net_pay), dec("177028"));
    // 16,288 federal − 279 state + (1,080 − 630) additional Medicare: the employer
    // withholds the 0.9% only above 200,000 of this job's wages.
    assert_eq!(cents(year.due_at_filing.0), dec("16459"));
    assert_eq!(year.table_year, 2026);
    let json = serde_json::to_value(&estimate.taxes).unwrap();
    assert_eq!(json["filing"], "married_joint");
    let keys: Vec<&str> = json["years"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "year",
            "federal_owed",
            "federal_withheld",
            "fica",
            "state_owed",
            "state_withheld",
            "net_pay",
            "due_at_filing",
            "table_year"
        ]
    );
}

#[test]
fn supplemental_wages_above_a_million_are_withheld_at_37_percent() {
    // A 6,000,000 grant vesting 1,500,000 at each anniversary: calendar 2027 holds
    // 300,000 of base and the 2027-12-01 vest.
    let (years, built) = flat_schedule(
        "2026-12-01",
        300_000,
        &[],
        6_000_000,
        0,
        SignOnPaid::Monthly,
    );
    let estimate = estimate(&built, &years, &single(), &TaxTables::builtin().unwrap());
    let year = row(&estimate, 2027);
    // Supplemental: 22% of 1,000,000 + 37% of 500,000 = 405,000. Base: 300,000 − 16,100
    // = 283,900 taxable: 58,448 through 256,225, + 27,675 · 35% = 68,134.25.
    assert_eq!(cents(year.federal_withheld), dec("473134.25"));
    // Owed on 1,783,900: 192,979.25 through 640,600, + 1,143,300 · 37% = 616,000.25.
    assert_eq!(cents(year.federal_owed), dec("616000.25"));
    // The additional Medicare tax is withheld as owed (single, no other income).
    assert_eq!(cents(year.due_at_filing.0), dec("142866"));
    assert_eq!(cents(year.fica), dec("51939"));
    // The million counts afresh in each calendar year.
    assert_eq!(
        cents(row(&estimate, 2028).federal_withheld),
        dec("473134.25")
    );
}

#[test]
fn a_partial_first_year_counts_the_deductions_in_full() {
    // Starting 2026-11-30 the first payday is 2026-12-30: 2026 holds one 10,000 payday
    // and the 50,000 lump-sum sign-on.
    let (years, built) = flat_schedule("2026-11-30", 120_000, &[50_000], 0, 0, SignOnPaid::LumpSum);
    let estimate = estimate(&built, &years, &single(), &TaxTables::builtin().unwrap());
    let year = row(&estimate, 2026);
    // Owed on 60,000 − 16,100 = 43,900: 1,240 + 31,500 · 12% = 5,020.
    assert_eq!(cents(year.federal_owed), dec("5020"));
    // Withheld: the payday as if the whole year paid 120,000 (103,900 taxable: 17,570,
    // a twelfth is 1,464.17), plus 22% of 50,000.
    assert_eq!(cents(year.federal_withheld), dec("12464.17"));
    assert_eq!(cents(year.fica), dec("4590"));
    assert_eq!(cents(year.net_pay), dec("50390"));
    // A refund.
    assert_eq!(cents(year.due_at_filing.0), dec("-7444.17"));
    // Without a 2026 payday, 2026 has no row at all.
    let (years, built) = flat_schedule("2026-12-01", 120_000, &[50_000], 0, 0, SignOnPaid::LumpSum);
    let estimate = super::estimate(&built, &years, &single(), &TaxTables::builtin().unwrap());
    assert_eq!(estimate.taxes.years.first().map(|row| row.year), Some(2027));
}

#[test]
fn every_year_adds_up_to_its_wages() {
    let (years, built) = flat_schedule(
        "2027-03-15",
        210_000,
        &[60_000, 40_000],
        480_000,
        20_000,
        SignOnPaid::LumpSum,
    );
    let settings = TaxSettings {
        state_rate: dec("0.05"),
        ..single()
    };
    let estimate = estimate(&built, &years, &settings, &TaxTables::builtin().unwrap());
    assert_eq!(estimate.taxes.years.len(), built.calendar_years.len());
    for (row, calendar) in estimate.taxes.years.iter().zip(&built.calendar_years) {
        assert_eq!(row.year, calendar.year);
        assert_eq!(
            row.net_pay + row.federal_owed + row.fica + row.state_owed,
            calendar.total
        );
    }
}

#[test]
fn years_without_their_own_table_warn_once() {
    // Tables for 2026 and 2028 (a larger standard deduction in 2028); the job runs
    // from 2025-06-01, so calendar 2025–2029.
    let later = BUILTIN_TAX_TABLES
        .split_once("tables:\n")
        .unwrap()
        .1
        .replace("year: 2026", "year: 2028")
        .replace("single: 16100", "single: 17000");
    let tables = TaxTables::parse(&format!("{BUILTIN_TAX_TABLES}{later}"), "t.yaml").unwrap();
    let (years, built) = flat_schedule("2025-06-01", 120_000, &[], 0, 0, SignOnPaid::Monthly);
    let estimate = estimate(&built, &years, &single(), &tables);
    let used: Vec<(i32, i32)> = estimate
        .taxes
        .years
        .iter()
        .map(|row| (row.year, row.table_year))
        .collect();
    assert_eq!(
        used,
        [
            (2025, 2026),
            (2026, 2026),
            (2027, 2026),
            (2028, 2028),
            (2029, 2028)
        ]
    );
    let warning = estimate.warning.clone().unwrap();
    assert!(
        warning.starts_with(
            "no tax table for 2025, 2027, 2029: the nearest table is used (2026 for 2025, 2027; 2028 for 2029);"
        ),
        "{warning}"
    );
    // 2028's deduction lowers its withholding: 120,000 − 17,000 = 103,000 taxable,
    // 1,240 + 4,560 + 52,600 · 22% = 17,372.
    assert_eq!(cents(row(&estimate, 2028).federal_withheld), dec("17372"));

    // Every year past the one built-in table: one warning naming the run.
    let estimate = super::estimate(&built, &years, &single(), &TaxTables::builtin().unwrap());
    assert_eq!(
        estimate
            .warning
            .as_deref()
            .map(|w| w.split(';').next().unwrap()),
        Some("no tax table for 2025, 2027–2029: the 2026 table is used")
    );
}

#[test]
fn year_ranges_join_runs() {
    assert_eq!(year_ranges(&[2027, 2028, 2029, 2030, 2031]), "2027–2031");
    assert_eq!(year_ranges(&[2025, 2027, 2028]), "2025, 2027–2028");
    assert_eq!(year_ranges(&[2030]), "2030");
    assert_eq!(missing_tables_warning(&[]), None);
}
