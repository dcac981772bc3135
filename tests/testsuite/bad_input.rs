//! Protects offerbrief from every bad offer file in `tests/bad_input/`: `check` and
//! `build` both exit 1 with a message that names the file, the line and column where the
//! YAML has one, the field, and how to fix it — no panic, no backtrace, and `--out` left
//! exactly as it was. `expected-fields.json` maps each file's stem to a fragment of the
//! field path (or of the message) that must appear.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{output as offerbrief, snapshot};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input")
}

/// Stem → the fragment the message must contain.
fn expected_fields() -> BTreeMap<String, String> {
    let text = fs::read_to_string(corpus_dir().join("expected-fields.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every bad offer file, sorted.
fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(corpus_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// Files whose problem is the file as a whole (its bytes, its size, that it is empty):
/// there is no line and column to give. Problems in a market file name that file and the
/// band's path.
const NO_LOCATION: &[&str] = &[
    "binary",
    "empty-file",
    "market-band-reversed",
    "market-band-too-large",
    "market-band-too-narrow",
    "only-comments",
    "png-image",
    "utf16",
    "whitespace-only",
];

/// Offer files whose problem is in the market or tax-table file they name: the message
/// is located in that file.
const DATA_FILES: &[(&str, &str)] = &[
    ("market-not-a-market-file", "money-letters.yaml"),
    (
        "tax-tables-brackets-out-of-order",
        "tax-tables/brackets-out-of-order.yaml",
    ),
    (
        "tax-tables-filing-missing",
        "tax-tables/filing-missing.yaml",
    ),
    ("tax-tables-rate-one", "tax-tables/rate-one.yaml"),
];

/// An `--out` folder holding a previous build, as a user's would.
fn previous_output(root: &Path) -> PathBuf {
    let out = root.join("out");
    let round = out.join("jordan-lee-amazon/round-1");
    fs::create_dir_all(round.join("emails")).unwrap();
    fs::write(round.join("analysis.json"), "{\"previous\": true}\n").unwrap();
    fs::write(
        round.join("emails/01-round-1-counter.md"),
        "Subject: kept\n",
    )
    .unwrap();
    out
}

/// What is wrong with one run's stderr, if anything.
fn problems_with(stderr: &str, shown: &str, fragment: &str, located: bool) -> Vec<String> {
    let mut wrong = Vec::new();
    for marker in ["panicked", "RUST_BACKTRACE", "stack backtrace", "\u{1b}"] {
        if stderr.contains(marker) {
            wrong.push(format!("contains {marker:?}"));
        }
    }
    if !stderr.contains(fragment) {
        wrong.push(format!("does not contain {fragment:?}"));
    }
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        wrong.push("is empty".into());
    }
    for line in &lines {
        // Each problem ends with advice: "; " and a few words on how to fix it.
        let advice = line.split_once("; ").map(|(_, advice)| advice);
        if advice.is_none_or(|advice| advice.split_whitespace().count() < 2) {
            wrong.push(format!("has no fix in {line:?}"));
        }
    }
    if located {
        let starts_located = lines.first().is_some_and(|first| {
            first
                .strip_prefix(shown)
                .and_then(|rest| rest.strip_prefix(':'))
                .and_then(|rest| {
                    let mut parts = rest.splitn(3, ':');
                    let line: u64 = parts.next()?.parse().ok()?;
                    let column: u64 = parts.next()?.parse().ok()?;
                    Some(line > 0 && column > 0)
                })
                .unwrap_or(false)
        });
        if !starts_located {
            wrong.push(format!("does not start with {shown}:line:column"));
        }
    }
    wrong
}

#[test]
fn the_corpus_is_large_and_every_file_has_an_expected_field() {
    let fields = expected_fields();
    let files = corpus();
    assert!(files.len() >= 40, "only {} bad files", files.len());
    for file in &files {
        let stem = file.file_stem().unwrap().to_string_lossy();
        assert!(
            fields.contains_key(stem.as_ref()),
            "add {stem} to expected-fields.json"
        );
    }
    for stem in fields.keys() {
        assert!(
            corpus_dir().join(format!("{stem}.yaml")).is_file(),
            "expected-fields.json names {stem}, which has no file"
        );
    }
}

#[test]
fn every_bad_file_fails_check_and_build_with_a_located_fixable_message() {
    let fields = expected_fields();
    let temp = assert_fs::TempDir::new().unwrap();
    let mut failures = Vec::new();
    for file in corpus() {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let fragment = fields.get(&stem).cloned().unwrap_or_default();
        let located = !NO_LOCATION.contains(&stem.as_str());
        let shown = DATA_FILES
            .iter()
            .find(|(offer, _)| *offer == stem)
            .map_or(name.clone(), |(_, market)| market.to_string());

        let check = offerbrief(&corpus_dir(), &["check", &name]);
        let check_stderr = String::from_utf8_lossy(&check.stderr).into_owned();
        if check.status.code() != Some(1) {
            failures.push(format!("{name}: check exited {:?}", check.status.code()));
        }
        for wrong in problems_with(&check_stderr, &shown, &fragment, located) {
            failures.push(format!("{name}: check's message {wrong}:\n{check_stderr}"));
        }

        // A fresh --out must not be created; an existing one must be left as it was.
        let run = temp.path().join(&stem);
        fs::create_dir_all(&run).unwrap();
        let fresh = run.join("fresh-out");
        let build = offerbrief(
            &corpus_dir(),
            &["build", &name, "--out", fresh.to_str().unwrap()],
        );
        let build_stderr = String::from_utf8_lossy(&build.stderr).into_owned();
        if build.status.code() != Some(1) {
            failures.push(format!("{name}: build exited {:?}", build.status.code()));
        }
        if build_stderr != check_stderr {
            failures.push(format!(
                "{name}: build says\n{build_stderr}\nbut check says\n{check_stderr}"
            ));
        }
        if fresh.exists() {
            failures.push(format!("{name}: build created --out"));
        }
        let existing = previous_output(&run);
        let before = snapshot(&existing);
        let build = offerbrief(
            &corpus_dir(),
            &["build", &name, "--out", existing.to_str().unwrap()],
        );
        if build.status.code() != Some(1) || snapshot(&existing) != before {
            failures.push(format!("{name}: build changed an existing --out"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_message_quotes_the_value_and_the_place_as_the_issue_shows() {
    let output = offerbrief(&corpus_dir(), &["check", "money-letters.yaml"]);
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "money-letters.yaml:8:11: rounds[0].base: \"12abc\" is not an amount of money; write it as 185000, \"185k\" or \"$185,000\"\n"
    );
    // The number as written, not the float YAML read it as.
    let output = offerbrief(&corpus_dir(), &["check", "money-huge.yaml"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("money-huge.yaml:8:11: rounds[0].base: \"1e30\" is too large"),
        "{stderr}"
    );
    for (file, expected) in [
        (
            "misspelt-vesting.yaml",
            "misspelt-vesting.yaml:9:21: rounds[0].rsu.vestng: unknown field `vestng`; did you mean `vesting`?",
        ),
        (
            "vesting-sum-90.yaml",
            "vesting-sum-90.yaml:9:33: rounds[0].rsu.vesting: sums to 90, not 100",
        ),
        (
            "rsu-value-and-shares.yaml",
            "rsu-value-and-shares.yaml:10:32: rounds[0].rsu.shares: an rsu has either `value` or `shares`, not both",
        ),
        (
            "shares-without-price.yaml",
            "shares-without-price.yaml:9:19: rounds[0].rsu.shares: a grant in shares needs `stock_price`",
        ),
        (
            "type-rsu-value-is-list.yaml",
            "rounds[0].rsu.value: expected a number",
        ),
        (
            "not-utf8.yaml",
            "not-utf8.yaml:7:14: the file is not UTF-8 text",
        ),
        (
            "syntax-tab-indent.yaml",
            "syntax-tab-indent.yaml:7:11: rounds[0]: a tab indents this line",
        ),
    ] {
        let output = offerbrief(&corpus_dir(), &["check", file]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{file}: {stderr}");
    }
}

#[test]
fn several_problems_in_one_file_are_all_reported() {
    let output = offerbrief(&corpus_dir(), &["check", "several-problems.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expected = [
        "several-problems.yaml:8:11: rounds[0].base:",
        "several-problems.yaml:9:15: rounds[0].sign_on[0]:",
        "several-problems.yaml:10:33: rounds[0].rsu.vesting: sums to 90",
        "several-problems.yaml:11:11: rounds[1].name: is empty",
        "several-problems.yaml:12:11: rounds[1].base: is 0",
        "several-problems.yaml:13:28: goals.target_percentile:",
    ];
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), expected.len(), "{stderr}");
    for (line, expected) in lines.iter().zip(expected) {
        assert!(
            line.starts_with(expected),
            "{line:?} should start {expected:?}"
        );
    }
}

#[test]
fn a_fifty_megabyte_file_is_refused_without_reading_it_all() {
    let dir = assert_fs::TempDir::new().unwrap();
    let mut text = String::from(
        "company: Amazon\nlevel: L6\nlocation: Seattle\nrounds:\n  - name: Initial offer\n    base: 185000\ncandidate:\n  name: Jordan Lee\n  achievements:\n",
    );
    let line = format!("    - \"{}\"\n", "x".repeat(90));
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&line);
    }
    fs::write(dir.path().join("huge.yaml"), &text).unwrap();
    let out = dir.path().join("out");
    for args in [
        vec!["check", "huge.yaml"],
        vec!["build", "huge.yaml", "--out", out.to_str().unwrap()],
    ] {
        let output = offerbrief(dir.path(), &args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.starts_with("huge.yaml: the file is larger than 1024 KiB; "),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"));
    }
    assert!(!out.exists());
}

#[test]
fn a_round_out_of_range_is_an_input_error_that_leaves_out_alone() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/l6-seattle-first-offer.yaml");
    let rounds = {
        let text = fs::read_to_string(&file).unwrap();
        text.lines().filter(|l| l.starts_with("  - name:")).count()
    };
    let temp = assert_fs::TempDir::new().unwrap();
    let out = previous_output(temp.path());
    let before = snapshot(&out);
    let too_many = (rounds + 1).to_string();
    for round in ["0", too_many.as_str()] {
        for command in ["build", "analyze"] {
            let mut args = vec![command, file.to_str().unwrap(), "--round", round];
            if command == "build" {
                args.extend(["--out", out.to_str().unwrap()]);
            }
            let output = offerbrief(temp.path(), &args);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
            assert!(
                stderr.contains(&format!("--round {round}: the file has {rounds} round")),
                "{stderr}"
            );
            assert!(stderr.contains("; pick a number from 1 to"), "{stderr}");
            assert!(!stderr.contains("panicked"), "{stderr}");
        }
    }
    assert_eq!(snapshot(&out), before, "--out changed");
}
