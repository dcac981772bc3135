use super::*;
use std::str::FromStr;

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
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

fn problems(text: &str) -> Vec<String> {
    TaxTables::parse(text, "t.yaml").unwrap_err().problems
}

#[test]
fn the_builtin_file_holds_the_2026_figures() {
    let tables = TaxTables::builtin().unwrap();
    let [table] = tables.tables() else {
        panic!("one table expected");
    };
    assert_eq!(table.year, 2026);
    assert!(
        table.source.contains("IRS Rev. Proc. 2025-32"),
        "{}",
        table.source
    );
    assert!(table.source.contains("184,500"), "{}", table.source);
    let tops = |filing| -> Vec<Option<Money>> {
        table
            .brackets
            .get(filing)
            .iter()
            .map(|band| band.up_to)
            .collect()
    };
    let amounts = |values: [i64; 6]| {
        let mut tops: Vec<Option<Money>> = values.map(|v| Some(Money::dollars(v))).to_vec();
        tops.push(None);
        tops
    };
    assert_eq!(
        tops(Filing::Single),
        amounts([12_400, 50_400, 105_700, 201_775, 256_225, 640_600])
    );
    assert_eq!(
        tops(Filing::MarriedJoint),
        amounts([24_800, 100_800, 211_400, 403_550, 512_450, 768_700])
    );
    let rates: Vec<Decimal> = table.brackets.single.iter().map(|band| band.rate).collect();
    assert_eq!(
        rates,
        ["0.10", "0.12", "0.22", "0.24", "0.32", "0.35", "0.37"].map(dec)
    );
    assert_eq!(table.standard_deduction.single, Money::dollars(16_100));
    assert_eq!(
        table.standard_deduction.married_joint,
        Money::dollars(32_200)
    );
    assert_eq!(table.social_security_rate, dec("0.062"));
    assert_eq!(table.social_security_wage_base, Money::dollars(184_500));
    assert_eq!(table.medicare_rate, dec("0.0145"));
    assert_eq!(table.additional_medicare_rate, dec("0.009"));
    assert_eq!(
        table.additional_medicare_threshold.single,
        Money::dollars(200_000)
    );
    assert_eq!(
        table.additional_medicare_threshold.married_joint,
        Money::dollars(250_000)
    );
    assert_eq!(
        table.additional_medicare_withholding_threshold,
        Money::dollars(200_000)
    );
    assert_eq!(table.supplemental_rate, dec("0.22"));
    assert_eq!(table.supplemental_threshold, Money::dollars(1_000_000));
    assert_eq!(table.supplemental_rate_above, dec("0.37"));
}

#[test]
fn income_tax_fills_the_bands_from_the_bottom() {
    let tables = TaxTables::builtin().unwrap();
    let table = tables.for_year(2026).unwrap();
    let tax = |filing, taxable: i64| table.income_tax(filing, Money::dollars(taxable)).0;
    // 229,150 single: 1,240 + 4,560 + 12,166 + 23,058 + (229,150 − 201,775) · 32% = 8,760.
    assert_eq!(tax(Filing::Single, 229_150), dec("49784"));
    assert_eq!(tax(Filing::Single, 12_400), dec("1240"));
    assert_eq!(tax(Filing::Single, 0), Decimal::ZERO);
    assert_eq!(tax(Filing::Single, -5), Decimal::ZERO);
    // Top band: 1,000,000 single = 192,979.25 below 640,600 + 359,400 · 37%.
    assert_eq!(tax(Filing::Single, 1_000_000), dec("325957.25"));
    assert_eq!(tax(Filing::MarriedJoint, 24_800), dec("2480"));
    // Supplemental: 22% up to 1,000,000, 37% above.
    let supplemental = |amount: i64| table.supplemental_withholding(Money::dollars(amount)).0;
    assert_eq!(supplemental(90_000), dec("19800"));
    assert_eq!(supplemental(1_500_000), dec("405000"));
}

#[test]
fn a_year_without_a_table_takes_the_latest_earlier_one() {
    let text = with_federal_table(&federal_table().replace("year: 2026", "year: 2028"));
    let tables = TaxTables::parse(&text, "t.yaml").unwrap();
    let year_of = |year| tables.for_year(year).unwrap().year;
    assert_eq!(
        [2024, 2026, 2027, 2028, 2035].map(year_of),
        [2026, 2026, 2026, 2028, 2028]
    );
}

#[test]
fn problems_are_located_and_say_how_to_fix_them() {
    let bad = BUILTIN_TAX_TABLES
        .replace("{ up_to: 50400, rate: 0.12 }", "{ up_to: 5040, rate: 12 }")
        .replace(
            "{ rate: 0.37 }\n      married_joint",
            "{ up_to: 900000, rate: 0.37 }\n      married_joint",
        )
        .replace("{ up_to: 100800, rate: 0.12 }", "{ rate: 0.12 }")
        .replacen("wage_base: 184500", "wage_base: -5", 1)
        .replace("additional_rate: 0.009", "additional_rate: \"0,9%\"");
    let found = problems(&bad);
    let expected = [
        "t.yaml:37:20: tables[0].brackets.single[1].up_to: $5,040 is not above the band before it ($12,400); list the bands lowest first, each `up_to` higher than the one before",
        "t.yaml:37:32: tables[0].brackets.single[1].rate: 12 is not below 1; a rate is a fraction from 0 up to but not including 1 (0.22 for 22%); write 12% as 0.12",
        "t.yaml:42:20: tables[0].brackets.single[6].up_to: the last band has an `up_to`; add a band without `up_to` for the income above $900,000",
        "t.yaml:45:11: tables[0].brackets.married_joint[1]: has no `up_to` but is not the last band; give it the top of its band, or move it to the end",
        "t.yaml:52:48: tables[0].social_security.wage_base: -5 is negative; write the amount in dollars, 0 or more",
        "t.yaml:55:24: tables[0].medicare.additional_rate: `0,9%` is not a number; write a plain number such as 0.22, without `$`, commas or `%`",
    ];
    assert_eq!(found, expected);
}

#[test]
fn every_table_names_one_real_year_and_its_source() {
    let twice = with_federal_table(&federal_table());
    let found = problems(&twice);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .ends_with("tables[1].year: tables[0] is already for 2026; keep one table per year"),
        "{}",
        found[0]
    );
    let found = problems(&BUILTIN_TAX_TABLES.replacen("year: 2026", "year: 20266", 1));
    assert_eq!(
        found,
        [
            "t.yaml:29:11: tables[0].year: 20266 is not a tax year; write the calendar year the table is for, e.g. 2026"
        ]
    );
    let no_source = BUILTIN_TAX_TABLES.replace(
        "source: >-\n      IRS Rev. Proc. 2025-32 (2026 brackets and standard deductions); SSA, 2026\n      Social Security wage base ($184,500); IRS Publication 15 (Medicare and\n      supplemental withholding rates)",
        "source: \"\"",
    );
    assert_ne!(no_source, BUILTIN_TAX_TABLES);
    let found = problems(&no_source);
    assert!(
        found[0].ends_with("tables[0].source: is empty; say where the figures come from (e.g. IRS Rev. Proc. 2025-32)"),
        "{found:?}"
    );
    assert_eq!(
        problems("tables: []"),
        [
            "t.yaml:1:9: tables: holds no table; add one per calendar year, as in the built-in inputs/tax-tables.yaml"
        ]
    );
}

#[test]
fn yaml_and_shape_errors_name_the_place_and_the_field() {
    let found = problems(&BUILTIN_TAX_TABLES.replace("rate_above: 0.37", "rate_abov: 0.37"));
    assert_eq!(
        found,
        [
            "t.yaml:58:53: tables[0].supplemental.rate_abov: unknown field `rate_abov`; did you mean `rate_above`? (in a tax-table file; see the built-in inputs/tax-tables.yaml for the format)"
        ]
    );
    let found = problems(&BUILTIN_TAX_TABLES.replace("    supplemental: ", "    supplementa: "));
    assert!(
        found[0].contains("tables[0].supplementa: unknown field"),
        "{found:?}"
    );
    let found = problems("tables: [");
    assert!(found[0].starts_with("t.yaml:1:"), "{found:?}");
    let found = problems("&a [*a, *a]");
    assert!(found[0].starts_with("t.yaml"), "{found:?}");
}

#[test]
fn the_builtin_file_places_the_four_hubs_and_names_their_jurisdictions() {
    let tables = TaxTables::builtin().unwrap();
    let codes = |location: &str| -> Option<Vec<String>> {
        let place = tables.place(location)?;
        Some(
            tables
                .named_by(&place.state)?
                .iter()
                .map(|jurisdiction| jurisdiction.code.clone())
                .collect(),
        )
    };
    assert_eq!(codes("Seattle"), Some(vec!["WA".to_string()]));
    assert_eq!(codes("bay_area"), Some(vec!["CA".to_string()]));
    assert_eq!(codes("San Francisco"), Some(vec!["CA".to_string()]));
    assert_eq!(
        codes("New York City"),
        Some(vec!["NY".to_string(), "NYC".to_string()])
    );
    assert_eq!(codes("Austin"), Some(vec!["TX".to_string()]));
    assert_eq!(codes("Denver"), None);
    // A code names its state too, whatever its case.
    assert_eq!(tables.named_by("nyc").map(|all| all.len()), Some(2));
    assert!(tables.named_by("OR").is_none());
    // Every entry says where its figures come from.
    for jurisdiction in tables.jurisdictions() {
        for entry in &jurisdiction.years {
            assert!(!entry.source.is_empty(), "{}", jurisdiction.code);
        }
    }
}

#[test]
fn payroll_programs_stop_at_their_cap_or_their_maximum() {
    let tables = TaxTables::builtin().unwrap();
    let payroll = |code: &str, wages: i64| -> Decimal {
        tables
            .jurisdiction(code)
            .unwrap()
            .payroll(2026)
            .unwrap()
            .value
            .iter()
            .map(|program| program.contribution(Money::dollars(wages)))
            .sum::<Money>()
            .cents()
    };
    // WA Cares on every dollar; PFML 1.13% × 71.43% on wages up to 184,500.
    assert_eq!(payroll("WA", 300_000), dec("3229.21"));
    assert_eq!(payroll("WA", 100_000), dec("1387.16"));
    // California SDI has no cap.
    assert_eq!(payroll("CA", 1_300_000), dec("16900"));
    // New York: PFL up to 411.91, disability up to 31.20.
    assert_eq!(payroll("NY", 300_000), dec("443.11"));
    assert_eq!(payroll("NY", 5_000), dec("46.60"));
    assert_eq!(payroll("TX", 300_000), Decimal::ZERO);
}

#[test]
fn a_file_of_ones_own_takes_the_sections_it_leaves_out_from_the_builtin_file() {
    let federal = BUILTIN_TAX_TABLES
        .split_once("\n# salt")
        .unwrap()
        .0
        .to_string();
    let tables = TaxTables::parse(&federal, "t.yaml").unwrap();
    let builtin = TaxTables::builtin().unwrap();
    assert_eq!(tables.jurisdictions(), builtin.jurisdictions());
    assert_eq!(tables.salt(), builtin.salt());
    // A city whose state is not in the file, a place naming no jurisdiction.
    let broken = BUILTIN_TAX_TABLES
        .replacen("    within: NY", "    within: NJ", 1)
        .replacen("state: TX }", "state: TEX }", 1);
    let found = problems(&broken);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].contains("places[3].state: `TEX` is not the code of a jurisdiction of this file; write one of WA, TX, CA, NY, NYC"), "{found:?}");
    assert!(
        found[1].contains("jurisdictions[4].within: `NJ` is not a jurisdiction of this file"),
        "{found:?}"
    );
}
