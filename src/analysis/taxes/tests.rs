use std::str::FromStr;

use super::*;
use crate::analysis::schedule::{self, ScheduleInputs};
use crate::offer::StateChoice;
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

/// Single, with no state or local tax: §8's federal figures alone.
fn single() -> TaxSettings {
    TaxSettings {
        filing: Filing::Single,
        state: StateChoice::None,
        other_income: Money::ZERO,
        pre_tax: Money::ZERO,
    }
}

fn flat(rate: &str, supplemental_rate: &str) -> StateChoice {
    StateChoice::Flat {
        rate: dec(rate),
        supplemental_rate: dec(supplemental_rate),
    }
}

/// The estimate in the place `settings` names (`auto`: in `location`).
fn estimate_in(
    built: &Schedule,
    years: &[YearRow],
    settings: &TaxSettings,
    location: &str,
    tables: &TaxTables,
) -> TaxEstimate {
    let (place, _) = resolve(&settings.state, location, tables, None).unwrap();
    super::estimate(built, years, settings, &place, tables)
}

/// The estimate with no location (the settings say where, or nowhere).
fn run(
    built: &Schedule,
    years: &[YearRow],
    settings: &TaxSettings,
    tables: &TaxTables,
) -> TaxEstimate {
    estimate_in(built, years, settings, "Nowhere", tables)
}

/// The built-in 2026 federal table, as written (a list item of `tables:`).
fn federal_table() -> String {
    let after = BUILTIN_TAX_TABLES.split_once("tables:\n").unwrap().1;
    after.split_once("\n# salt").unwrap().0.to_string() + "\n"
}

/// The built-in file with one more federal table.
fn with_federal_table(table: &str) -> String {
    BUILTIN_TAX_TABLES.replacen("tables:\n", &format!("tables:\n{table}"), 1)
}

fn cents(money: Money) -> Decimal {
    money.cents()
}

fn row(estimate: &TaxEstimate, year: i32) -> TaxYear {
    estimate
        .taxes
        .years
        .iter()
        .find(|row| row.year == year)
        .unwrap()
        .clone()
}

#[test]
fn married_joint_with_state_tax_other_income_and_pre_tax() {
    // Start 2026-12-01: calendar 2027 holds twelve paydays of 20,000 and the year-1
    // bonus of 30,000 (month 12, 2027-12-01). W = 270,000, B = 240,000, S = 30,000.
    let (years, built) = flat_schedule("2026-12-01", 240_000, &[], 0, 30_000, SignOnPaid::Monthly);
    let settings = TaxSettings {
        filing: Filing::MarriedJoint,
        state: flat("0.093", "0.1023"),
        other_income: dollars(100_000),
        pre_tax: dollars(30_000),
    };
    let estimate = run(&built, &years, &settings, &TaxTables::builtin().unwrap());
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
            "jurisdictions",
            "federal_owed",
            "federal_withheld",
            "fica",
            "state_owed",
            "state_withheld",
            "local_owed",
            "local_withheld",
            "state_payroll",
            "salt_deduction",
            "net_pay",
            "due_at_filing",
            "table_year",
            "state_table_year"
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
    let estimate = run(&built, &years, &single(), &TaxTables::builtin().unwrap());
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
    let estimate = run(&built, &years, &single(), &TaxTables::builtin().unwrap());
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
    let estimate = run(&built, &years, &single(), &TaxTables::builtin().unwrap());
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
        state: flat("0.05", "0"),
        ..single()
    };
    let estimate = run(&built, &years, &settings, &TaxTables::builtin().unwrap());
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
    let later = federal_table()
        .replace("year: 2026", "year: 2028")
        .replace("single: 16100", "single: 17000");
    let tables = TaxTables::parse(&with_federal_table(&later), "t.yaml").unwrap();
    let (years, built) = flat_schedule("2025-06-01", 120_000, &[], 0, 0, SignOnPaid::Monthly);
    let estimate = run(&built, &years, &single(), &tables);
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
    let warning = estimate.warning().unwrap();
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
    let estimate = run(&built, &years, &single(), &TaxTables::builtin().unwrap());
    assert_eq!(
        estimate
            .warning()
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
    assert_eq!(Borrowed::default().warning(), None);
}

/// Twelve paydays of `base` / 12 in 2026 and a lump-sum `sign_on` on the first of them:
/// a start on 2025-12-01.
fn a_2026_year(base: i64, sign_on: i64) -> (Vec<YearRow>, Schedule) {
    let sign_on: &[i64] = if sign_on == 0 { &[] } else { &[sign_on] };
    flat_schedule("2025-12-01", base, sign_on, 0, 0, SignOnPaid::LumpSum)
}

#[test]
fn a_california_year_worked_by_hand() {
    // 2026: W = 350,000 (twelve paydays of 25,000 and a 50,000 sign-on), pre-tax 20,000.
    let (years, built) = a_2026_year(300_000, 50_000);
    let settings = TaxSettings {
        pre_tax: dollars(20_000),
        ..single()
    };
    let tables = TaxTables::builtin().unwrap();
    let settings = TaxSettings {
        state: StateChoice::Auto,
        ..settings
    };
    let estimate = estimate_in(&built, &years, &settings, "Bay Area", &tables);
    let year = row(&estimate, 2026);
    assert_eq!(year.jurisdictions, ["CA"]);
    // California's 2025 brackets (the latest the FTB has published) on 330,000 − 5,706
    // = 324,294: 110.79 + 303.70 + 607.52 + 965.40 + 1,214.56 + 251,570 · 9.3%.
    assert_eq!(cents(year.state_owed), dec("26597.98"));
    assert_eq!(year.state_table_year, Some(2025));
    // Withheld: 274,294 taxable on the salary alone (21,947.98 a year, a twelfth each
    // payday) and 10.23% of the sign-on.
    assert_eq!(cents(year.state_withheld), dec("27062.98"));
    // SDI: 1.3% of every dollar in 2026.
    assert_eq!(cents(year.state_payroll), dec("4550"));
    // SALT: 26,597.98 owed, under the 40,400 cap (no phase-down at 330,000), beats the
    // 16,100 standard deduction. Federal on 303,402.02: 58,448 + 47,177.02 · 35%.
    assert_eq!(cents(year.salt_deduction), dec("26597.98"));
    assert_eq!(cents(year.federal_owed), dec("74959.96"));
    // 61,134.25 on the paydays + 22% of 50,000.
    assert_eq!(cents(year.federal_withheld), dec("72134.25"));
    assert_eq!(cents(year.fica), dec("17864"));
    assert_eq!(cents(year.local_owed), Decimal::ZERO);
    assert_eq!(cents(year.net_pay), dec("226028.06"));
    // 2,825.71 federal − 465 California.
    assert_eq!(cents(year.due_at_filing.0), dec("2360.71"));
    let sources: Vec<(String, Option<i32>)> = estimate
        .taxes
        .tables
        .iter()
        .map(|table| (table.jurisdiction.clone(), table.year))
        .collect();
    assert_eq!(
        sources,
        [
            ("Federal".to_string(), Some(2026)),
            ("California".to_string(), Some(2025)),
            ("California".to_string(), Some(2026)),
            ("SALT deduction".to_string(), None),
        ]
    );
    let warning = estimate.warning().unwrap();
    assert!(
        warning.contains("federal for 2027–2029 (the 2026 table is used); California income tax for 2026–2029 (the 2025 table is used)"),
        "{warning}"
    );
}

#[test]
fn a_new_york_city_year_worked_by_hand() {
    // Married filing jointly, a spouse's 100,000, the job's 240,000 in 2026.
    let (years, built) = a_2026_year(240_000, 0);
    let settings = TaxSettings {
        filing: Filing::MarriedJoint,
        state: StateChoice::Auto,
        other_income: dollars(100_000),
        pre_tax: Money::ZERO,
    };
    let tables = TaxTables::builtin().unwrap();
    let estimate = estimate_in(&built, &years, &settings, "New York City", &tables);
    let year = row(&estimate, 2026);
    assert_eq!(year.jurisdictions, ["NY", "NYC"]);
    // New York: 323,950 taxable with the job: 17,979.925 on the brackets, and the
    // recapture of the 323,200 row, 1,140 + 3,071 · (340,000 − 323,200) / 50,000 =
    // 2,171.856; 83,950 without it: 4,200.80 and no recapture (AGI 100,000 is under
    // 107,650).
    assert_eq!(cents(year.state_owed), dec("15950.98"));
    // The city on the same taxable income, less the school tax rate reduction (AGI and
    // taxable income under 500,000): 12,331.608 − 726.294 with the job, 3,032.6565 −
    // 179.094 without.
    assert_eq!(cents(year.local_owed), dec("8751.75"));
    // Paid Family Leave at its 411.91 maximum, disability benefits at 31.20.
    assert_eq!(cents(year.state_payroll), dec("443.11"));
    // 31,757.10 of state and city tax is under the 32,200 standard deduction.
    assert_eq!(year.salt_deduction, Money::ZERO);
    assert_eq!(cents(year.federal_owed), dec("51428"));
    assert_eq!(cents(year.state_withheld), dec("12072.80"));
    assert_eq!(cents(year.local_withheld), dec("8455.61"));
    assert_eq!(cents(year.federal_withheld), dec("35140"));
    // The additional Medicare tax on 340,000 − 250,000: the spouse's income alone owes none.
    assert_eq!(cents(year.fica), dec("15729"));
    assert_eq!(cents(year.net_pay), dec("147697.16"));
    // 16,288 + 3,878.18 + 296.14 + (810 − 360).
    assert_eq!(cents(year.due_at_filing.0), dec("20912.32"));
}

#[test]
fn the_salt_cap_phases_down_above_the_threshold_and_stops_at_the_floor() {
    let tables = TaxTables::builtin().unwrap();
    let salt = tables.salt();
    let cap = |year, magi| cents(salt.cap(year, dollars(magi)));
    assert_eq!(cap(2026, 505_000), dec("40400"));
    // 40,400 − 30% of 55,000.
    assert_eq!(cap(2026, 560_000), dec("23900"));
    assert_eq!(cap(2026, 2_000_000), dec("10000"));
    assert_eq!(cap(2028, 515_150), dec("41212.04"));
    // From 2030 the cap is 10,000 with no phase-down; before 2025 the first entry's.
    assert_eq!(cap(2031, 300_000), dec("10000"));
    assert_eq!(cap(2017, 300_000), dec("10000"));

    // A 560,000 Bay Area year: SALT capped at 23,900, more than the standard deduction.
    let (years, built) = a_2026_year(560_000, 0);
    let settings = TaxSettings {
        state: StateChoice::Auto,
        ..single()
    };
    let year = row(
        &estimate_in(&built, &years, &settings, "San Francisco", &tables),
        2026,
    );
    assert_eq!(cents(year.salt_deduction), dec("23900"));
    // Federal on 560,000 − 23,900 = 536,100: 58,448 + 279,875 · 35%.
    assert_eq!(cents(year.federal_owed), dec("156404.25"));
}

#[test]
fn the_flat_model_is_section_8_unchanged() {
    // A flat rate: no payroll programs, no SALT deduction, even with a location that
    // has tables.
    let (years, built) = a_2026_year(300_000, 50_000);
    let settings = TaxSettings {
        state: flat("0.093", "0.1023"),
        ..single()
    };
    let tables = TaxTables::builtin().unwrap();
    let year = row(
        &estimate_in(&built, &years, &settings, "Bay Area", &tables),
        2026,
    );
    assert_eq!(cents(year.state_owed), dec("32550"));
    assert_eq!(cents(year.state_withheld), dec("33015"));
    assert_eq!(year.state_payroll, Money::ZERO);
    assert_eq!(year.salt_deduction, Money::ZERO);
    assert!(year.jurisdictions.is_empty());
    assert_eq!(year.state_table_year, None);
    // Federal on 350,000 − 16,100 = 333,900: 58,448 + 77,675 · 35%.
    assert_eq!(cents(year.federal_owed), dec("85634.25"));
}

#[test]
fn pre_tax_never_exceeds_the_years_wages_and_the_added_medicare_is_the_jobs() {
    // One 10,000 payday in 2026 (a start on 2026-11-30) against 23,500 of pre-tax: only
    // 10,000 of it counts, so the year's taxable income is 0, never negative.
    let (years, built) = flat_schedule("2026-11-30", 120_000, &[], 0, 0, SignOnPaid::Monthly);
    let settings = TaxSettings {
        pre_tax: dollars(23_500),
        other_income: dollars(400_000),
        ..single()
    };
    let tables = TaxTables::builtin().unwrap();
    let year = row(&run(&built, &years, &settings, &tables), 2026);
    // With the job 400,000 + 10,000 − 10,000: the same tax as without it.
    assert_eq!(year.federal_owed, Money::ZERO);
    // Other income of 400,000 already passes the 200,000 threshold: the job adds 0.9% of
    // its own 10,000, not of the household's excess.
    assert_eq!(cents(year.fica), dec("855"));
}
