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
