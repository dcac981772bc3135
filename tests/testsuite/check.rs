//! Protects the messages for broken offer files: `check` exits 1 and names the file,
//! the line and column, the field and how to fix it — all problems in one run.

use crate::support::bin;
use assert_fs::prelude::*;
use predicates::prelude::*;

fn check(yaml: &str) -> (i32, String) {
    let dir = assert_fs::TempDir::new().unwrap();
    let file = dir.child("offer.yaml");
    file.write_str(yaml).unwrap();
    let output = bin()
        .current_dir(dir.path())
        .args(["check", "offer.yaml"])
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const HEAD: &str = "candidate:\n  name: Jo\ncompany: Amazon\nlevel: L6\nlocation: Seattle\n";

#[test]
fn malformed_money_names_line_column_field_and_fix() {
    let (code, stderr) = check(&format!(
        "{HEAD}rounds:\n  - name: First\n    base: \"12abc\"\n"
    ));
    assert_eq!(code, 1);
    assert!(
        stderr.contains(r#"offer.yaml:8:11: rounds[0].base: "12abc" is not an amount of money; write it as 185000, "185k" or "$185,000""#),
        "{stderr}"
    );
}

#[test]
fn a_misspelt_field_suggests_the_known_one() {
    let (code, stderr) = check(&format!(
        "{HEAD}rounds:\n  - name: First\n    base: 185000\n    rsu:\n      value: 1000\n      vestng: [25, 25, 25, 25]\n"
    ));
    assert_eq!(code, 1);
    assert!(
        stderr.contains(
            "offer.yaml:11:7: rounds[0].rsu.vestng: unknown field `vestng`; did you mean `vesting`?"
        ),
        "{stderr}"
    );
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let yaml = format!(
        "{HEAD}rounds:\n  - name: First\n    base: -5\n    rsu: {{ value: 100, vesting: [50, 40] }}\n  - name: Second\n    base: 1.2.3k\n    rsu: {{ shares: 10 }}\n"
    );
    let (code, stderr) = check(&yaml);
    assert_eq!(code, 1);
    for expected in [
        "offer.yaml:8:11: rounds[0].base:",
        "rounds[0].rsu.vesting: sums to 90, not 100",
        "offer.yaml:11:11: rounds[1].base:",
        "rounds[1].rsu.shares: a grant in shares needs `stock_price`",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    assert_eq!(stderr.lines().count(), 4, "{stderr}");
}

#[test]
fn a_missing_required_field_is_named() {
    let (code, stderr) = check(
        "candidate:\n  name: Jo\ncompany: Amazon\nlevel: L6\nrounds:\n  - name: A\n    base: 1\n",
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("`location` is missing"), "{stderr}");
}

#[test]
fn broken_yaml_and_empty_files_fail_cleanly() {
    let (code, stderr) = check("candidate: [\n");
    assert_eq!(code, 1);
    assert!(stderr.starts_with("offer.yaml:1:"), "{stderr}");
    let (code, stderr) = check("");
    assert_eq!(code, 1);
    assert!(stderr.contains("the file is empty"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn a_good_file_passes() {
    let (code, stderr) = check(&format!("{HEAD}rounds:\n  - name: First\n    base: 185k\n"));
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_round_out_of_range_is_an_input_error() {
    let dir = assert_fs::TempDir::new().unwrap();
    let file = dir.child("offer.yaml");
    file.write_str(&format!("{HEAD}rounds:\n  - name: First\n    base: 185k\n"))
        .unwrap();
    bin()
        .args(["analyze", "--round", "3"])
        .arg(file.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--round 3: the file has 1 round; pick a number from 1 to 1",
        ));
}

#[test]
fn a_usage_error_exits_2() {
    bin().args(["build", "--no-such-flag"]).assert().code(2);
}

#[test]
fn the_last_day_is_checked_against_the_round_being_built() {
    // Round 2 moved the start to February 1; the last day, January 29, comes after round
    // 1's start. The last round checks and builds; round 1 is refused, at the last day.
    let file = crate::support::root().join("inputs/l6-seattle-google-two-rounds.yaml");
    let file = file.to_str().unwrap();
    let dir = assert_fs::TempDir::new().unwrap();
    let out = dir.path().to_str().unwrap();
    let (code, _, stderr) = crate::support::run(dir.path(), &["check", file]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = crate::support::run(dir.path(), &["build", file, "--out", out]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) =
        crate::support::run(dir.path(), &["build", file, "--round", "1", "--out", out]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("l6-seattle-google-two-rounds.yaml:42:13: current_job.last_day: 2027-01-29 is not before rounds[0].start_date (2027-01-11), the start of the round being built"),
        "{stderr}"
    );
}

#[test]
fn a_location_the_tax_tables_do_not_place_is_a_warning_that_names_tax_state() {
    let offer = |location: &str, tax: &str| {
        format!(
            "candidate:\n  name: Jo\ncompany: Amazon\nlevel: L6\nlocation: {location}\nmarket: none\nrounds:\n  - name: First\n    base: 185k\n    start_date: 2027-01-11\ntax:\n  filing: single\n{tax}"
        )
    };
    let (code, stderr) = check(&offer("Denver", ""));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: offer.yaml: tax.state: the location \"Denver\" is not a place the tax tables know (Seattle, Bay Area, NYC, Austin), so no state or local tax is counted; set tax.state to the state's code (WA, TX, CA, NY, NYC), to flat with state_rate, or to none"),
        "{stderr}"
    );
    // Naming the state, or none, says where: no warning.
    for tax in ["  state: NY\n", "  state: none\n", "  state_rate: 0.04\n"] {
        let (code, stderr) = check(&offer("Denver", tax));
        assert_eq!(code, 0, "{stderr}");
        assert!(!stderr.contains("tax.state"), "{tax}: {stderr}");
    }
    // Another name of a known place is that place.
    let (code, stderr) = check(&offer("Palo Alto", ""));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("tax.state"), "{stderr}");
}

/// `check` on `offer.yaml` beside the other `files` (name, text); returns (exit code,
/// stderr).
fn check_beside(yaml: &str, files: &[(&str, &str)]) -> (i32, String) {
    let dir = assert_fs::TempDir::new().unwrap();
    for (name, text) in files {
        dir.child(name).write_str(text).unwrap();
    }
    dir.child("offer.yaml").write_str(yaml).unwrap();
    let (code, _, stderr) = crate::support::run(dir.path(), &["check", "offer.yaml"]);
    (code, stderr)
}

/// A market file with `percentiles` and one L6 location, `Seattle`, whose four bands are
/// all `band`.
fn market(percentiles: &str, band: &str) -> String {
    format!(
        "band_percentiles: {percentiles}\nlevels:\n  L6:\n    locations:\n      Seattle:\n        base: {band}\n        equity_4yr: {band}\n        signing: {band}\n        total_year_1: {band}\n"
    )
}

const ON_MARKET_FILE: &str = "candidate: {name: Jo}\ncompany: Amazon\nlevel: L6\nlocation: Seattle\nmarket: m.yaml\nrounds:\n  - {name: First, date: 2026-11-20, base: 160000}\n";

#[test]
fn an_empty_situation_is_no_situation() {
    for situation in [
        "situation: {}\n",
        "situation: { internal_transfer: false }\n",
    ] {
        let (code, stderr) = check(&format!(
            "{HEAD}rounds:\n  - {{name: First, date: 2026-11-20, base: 185k}}\n{situation}"
        ));
        assert_eq!(code, 0, "{situation}: {stderr}");
        assert!(!stderr.contains("messages.j2"), "{situation}: {stderr}");
    }
}

#[test]
fn band_percentiles_less_than_twenty_points_apart_are_refused_where_the_market_file_says_them() {
    let (code, stderr) = check_beside(
        ON_MARKET_FILE,
        &[("m.yaml", &market("[49.5, 50.5]", "[180000, 220000]"))],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.starts_with("m.yaml:1:19: band_percentiles: [49.5, 50.5] are 1 point apart;"),
        "{stderr}"
    );
    assert!(stderr.contains("at least 20 apart"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn no_ask_goes_past_ten_times_the_first_year_total_and_a_warning_names_the_band() {
    let dir = assert_fs::TempDir::new().unwrap();
    dir.child("m.yaml")
        .write_str(&market("[1, 99]", "[0, 1000000000000]"))
        .unwrap();
    dir.child("offer.yaml").write_str(ON_MARKET_FILE).unwrap();
    let stdout = crate::support::run_ok(dir.path(), &["analyze", "offer.yaml", "--format", "json"]);
    let analysis: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for lever in analysis["levers"].as_array().unwrap() {
        let ask = lever["ask"].as_f64().unwrap();
        assert!(ask <= 1_600_000.0, "{lever}");
    }
    let (code, _, stderr) = crate::support::run(dir.path(), &["check", "offer.yaml"]);
    assert_eq!(code, 0, "{stderr}");
    for lever in ["base salary", "RSU grant", "sign-on bonus"] {
        assert!(
            stderr.contains(&format!(
                "market: the L6 band for Seattle in m.yaml puts the {lever} target at"
            )),
            "{lever}: {stderr}"
        );
    }
    assert!(
        stderr.contains(
            "the ask is held to $1,600,000, 10 times this offer's first-year total of $160,000"
        ),
        "{stderr}"
    );
}

#[test]
fn dates_out_of_order_are_warnings_that_name_the_field() {
    let (code, stderr) = check(&format!(
        "{HEAD}rounds:\n  - {{name: First, date: 2026-11-20, base: 185k}}\n  - {{name: Second, date: 2026-11-01, base: 190k, start_date: 2026-01-05}}\nsituation: {{accepted_on: 1901-01-01, reason: life_event}}\n"
    ));
    assert_eq!(code, 0, "{stderr}");
    for expected in [
        "warning: offer.yaml: rounds[1].date: 2026-11-01 is before rounds[0].date (2026-11-20); rounds go oldest first: correct the date or move the round",
        "warning: offer.yaml: rounds[1].start_date: 2026-01-05 is before the round's date (2026-11-01); a job starts after its offer: correct one of the two dates",
        "warning: offer.yaml: situation.accepted_on: 1901-01-01 is before rounds[0].date (2026-11-20), the first offer; an offer is accepted after it is made: correct the date",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    // No figure is made of the contradiction: the start is not "-43.3 weeks after the offer".
    let dir = assert_fs::TempDir::new().unwrap();
    dir.child("offer.yaml")
        .write_str(&format!(
            "{HEAD}rounds:\n  - {{name: First, date: 2026-11-20, base: 185k, start_date: 2026-01-05}}\n"
        ))
        .unwrap();
    let stdout = crate::support::run_ok(dir.path(), &["analyze", "offer.yaml", "--format", "json"]);
    let analysis: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        analysis["other_levers"]["start_date"].is_null(),
        "{}",
        analysis["other_levers"]
    );
    assert!(!stdout.contains("weeks after the offer"), "{stdout}");
}

#[test]
fn a_market_alias_may_not_shadow_a_location() {
    let two_places = format!(
        "{}      Austin:\n        base: [1, 2]\n        equity_4yr: [1, 2]\n        signing: [1, 2]\n        total_year_1: [1, 2]\naliases:\n  Austin: [Seattle]\n",
        market("[10, 90]", "[180000, 220000]")
    );
    let (code, stderr) = check_beside(ON_MARKET_FILE, &[("m.yaml", &two_places)]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.starts_with("m.yaml:16:12: aliases.Austin[0]: \"Seattle\" is the name of a location (levels.L6.locations.Seattle), so it cannot also stand for Austin; remove the alias"),
        "{stderr}"
    );
}

#[test]
fn a_required_field_left_null_says_it_needs_a_value() {
    let (code, stderr) = check(
        "candidate: {name: null}\ncompany: Amazon\nlevel: L6\nlocation: Seattle\nrounds:\n  - name: First\n    base: 185k\n",
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stderr,
        "offer.yaml:1:19: candidate.name: needs a value, and it is empty (null); write the value after the colon\n"
    );
}

#[cfg(unix)]
#[test]
fn a_market_or_tax_table_path_that_is_a_pipe_is_not_a_regular_file() {
    let dir = assert_fs::TempDir::new().unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.yaml"))
        .status()
        .unwrap();
    assert!(made.success());
    for (extra, field) in [
        ("market: pipe.yaml\n", "market"),
        ("tax: {tables: pipe.yaml}\n", "tax.tables"),
    ] {
        dir.child("offer.yaml")
            .write_str(&format!(
                "{HEAD}rounds:\n  - {{name: First, base: 185k}}\n{extra}"
            ))
            .unwrap();
        let (code, _, stderr) = crate::support::run(dir.path(), &["check", "offer.yaml"]);
        assert_eq!(code, 1, "{stderr}");
        assert!(
            stderr.contains(&format!(
                ": {field}: \"pipe.yaml\" is not a regular file (a pipe, socket or device)"
            )),
            "{stderr}"
        );
    }
}
