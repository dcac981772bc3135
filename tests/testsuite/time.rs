//! Protects money in time and the tax estimate where people read them (SPEC §7, §8): the
//! PDF's "Money in time" section with its tables, charts and tax notice, the start-date
//! draft and checklist items that use the dates, the terminal's calendar years, and what
//! a file without any date is told.

use crate::support::{analyze, build_with_analysis, root, run, text_of};

fn dated_case() -> std::path::PathBuf {
    root().join("tests/cases/l6-seattle-dates-and-taxes.yaml")
}

#[test]
fn the_pdf_shows_when_the_money_arrives_what_leaving_costs_and_the_taxes() {
    let out = assert_fs::TempDir::new().unwrap();
    let (round, analysis) = build_with_analysis(&dated_case(), out.path());
    let text = text_of(&round.join("briefing.pdf"));
    for wanted in [
        "Money in time",
        "When the stock vests",
        "January 4, 2028",
        "By calendar year",
        "$268,750",
        "If you leave early",
        "$56,250",
        "After the grant has vested",
        "pay falls from $363,000 in year 4 to $195,000",
        "forfeits $110,000",
        "Starting on Monday, March 8, 2027 keeps the vest of February 15, 2027 ($30,000) and the bonus of March 1, 2027 ($20,000), $50,000 in all",
        "Taxes by calendar year, estimated",
        "2030: about $15,105 more to pay at filing than was withheld",
        "It is not tax advice.",
        "Amazon’s stock would have to rise 2.9% a year for this offer to match Microsoft’s",
    ] {
        assert!(text.contains(wanted), "the PDF lacks {wanted:?}");
    }
    assert_eq!(analysis["taxes"]["largest_bill"], 2030);
    // The start-date flag is on the summary page.
    assert!(text.contains("Starting on January 4, 2027 forfeits the $30,000 vest"));
}

#[test]
fn the_drafts_and_checklist_use_the_dates() {
    let out = assert_fs::TempDir::new().unwrap();
    let (round, _) = build_with_analysis(&dated_case(), out.path());
    let start =
        std::fs::read_to_string(round.join("emails/07-start-date-and-relocation.md")).unwrap();
    assert!(
        start.contains(
            "Could we set my start date to Monday, March 8, 2027? Starting then keeps both"
        ),
        "{start}"
    );
    assert!(
        start.contains(
            "a $30,000 stock vest on February 15, 2027 and my $20,000 bonus on March 1, 2027"
        ),
        "{start}"
    );
    let counter = std::fs::read_to_string(round.join("emails/01-round-1-counter.md")).unwrap();
    // Leaving forfeits $110,000, less than the $160,000 sign-on offered: it argues for
    // nothing more (SPEC §12.1), so the sign-on is argued from the market alone.
    assert!(
        !counter.contains("Leaving my current role")
            && counter.contains(
                "sign-on bonuses (all years together) between about $100,000 and $200,000"
            ),
        "the sign-on is argued from the market only:\n{counter}"
    );
    let checklist = std::fs::read_to_string(round.join("checklist.md")).unwrap();
    for wanted in [
        "- [x] Understand vest timing: the first vest is $21,000 on January 4, 2028; the largest calendar year is 2030 with $363,000",
        "- [x] Understand the tax implications: about $15,105 more to pay at filing than withheld in 2030",
    ] {
        assert!(checklist.contains(wanted), "{wanted:?} not in\n{checklist}");
    }
}

#[test]
fn the_terminal_shows_calendar_years_the_next_vest_and_the_tax_due() {
    let (code, stdout, _) = run(
        root(),
        &[
            "analyze",
            dated_case().to_str().unwrap(),
            "--format",
            "table",
        ],
    );
    assert_eq!(code, 0);
    for wanted in [
        "By calendar year, starting January 4, 2027",
        "Net pay",
        "Due at filing",
        "+$15,105",
        "Next vest: $21,000 on January 4, 2028",
        "not tax advice",
    ] {
        assert!(stdout.contains(wanted), "{wanted:?} not in\n{stdout}");
    }
}

#[test]
fn a_file_without_any_date_is_told_to_add_a_start_date() {
    let undated = root().join("tests/cases/l6-austin-growth.yaml");
    let analysis = analyze(&undated);
    assert!(analysis["schedule"].is_null());
    assert!(analysis["current_job_timing"].is_null());
    let warnings = analysis["warnings"].to_string();
    assert!(
        warnings.contains("add `start_date: YYYY-MM-DD`"),
        "{warnings}"
    );
    let (code, _, stderr) = run(root(), &["check", undated.to_str().unwrap()]);
    assert_eq!(code, 0, "a missing date is a warning, not an error");
    assert!(
        stderr.contains("warning:") && stderr.contains("start_date"),
        "{stderr}"
    );

    let out = assert_fs::TempDir::new().unwrap();
    let (round, _) = build_with_analysis(&undated, out.path());
    let text = text_of(&round.join("briefing.pdf"));
    assert!(text.contains("Money in time"));
    assert!(
        text.contains("Add start_date: YYYY-MM-DD to the round"),
        "the PDF says what to add"
    );
    let checklist = std::fs::read_to_string(round.join("checklist.md")).unwrap();
    assert!(checklist.contains("- [ ] Understand vest timing: add start\\_date"));
}

#[test]
fn an_assumed_start_is_said_to_be_assumed() {
    let assumed = root().join("tests/cases/l7-bay-area-three-rounds.yaml");
    let out = assert_fs::TempDir::new().unwrap();
    let (round, analysis) = build_with_analysis(&assumed, out.path());
    assert_eq!(analysis["schedule"]["start_assumed"], true);
    let text = text_of(&round.join("briefing.pdf"));
    assert!(
        text.contains(
            "The figures assume a start on November 7, 2026, four weeks after the offer’s date"
        ),
        "{}",
        &text[..400.min(text.len())]
    );
}

#[test]
fn a_tax_table_file_of_ones_own_replaces_the_built_in_tables() {
    let dir = assert_fs::TempDir::new().unwrap();
    let builtin = std::fs::read_to_string(root().join("inputs/tax-tables.yaml")).unwrap();
    // The federal tables alone: the file's other sections come from the built-in file.
    let table_2026 =
        &builtin[builtin.find("  - year: 2026").unwrap()..builtin.find("\n# salt").unwrap()];
    let table_2027 = table_2026.replace("year: 2026", "year: 2027").replacen(
        "IRS Rev. Proc. 2025-32",
        "A 2027 table of my own",
        1,
    );
    std::fs::write(
        dir.path().join("my-tables.yaml"),
        format!("tables:\n{table_2026}\n{table_2027}\n"),
    )
    .unwrap();
    let offer = std::fs::read_to_string(dated_case()).unwrap()
        + "  state_rate: 0.05\n  tables: my-tables.yaml\n";
    std::fs::write(dir.path().join("offer.yaml"), offer).unwrap();
    let analysis = analyze(&dir.path().join("offer.yaml"));
    let years = analysis["taxes"]["years"].as_array().unwrap();
    assert_eq!(years[0]["table_year"], 2027);
    assert_eq!(
        years[1]["table_year"], 2027,
        "later years take the latest earlier table"
    );
    // 5% of 2027's wages of $268,750.
    assert_eq!(years[0]["state_owed"], 13437.5);
    let warnings = analysis["warnings"].to_string();
    assert!(
        warnings.contains("federal for 2028–2031 (the 2027 table is used)"),
        "{warnings}"
    );
}
