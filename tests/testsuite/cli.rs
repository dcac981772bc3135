//! Protects the command line as a user drives it, in a temporary folder: each round has
//! its own folder that later builds never touch, a failed build changes nothing, names
//! never lead outside `--out`, `new` never overwrites and its starter file builds, the
//! committed schema is current, and every command has help with an example.

use std::path::{Path, PathBuf};

use assert_fs::TempDir;
use assert_fs::prelude::*;

use crate::support::{assert_same, run, run_ok, snapshot};

/// A starter file with a second round after the first.
const SECOND_ROUND: &str = "  - name: After the first call
    date: 2026-11-25
    base: 195000
    sign_on: [80000, 60000]
    rsu:
      value: 400000

current_job:";

fn starter_with_rounds(dir: &Path, rounds: usize) -> PathBuf {
    let file = dir.join("offer.yaml");
    if !file.exists() {
        run_ok(dir, &["new", "offer.yaml"]);
    }
    let mut text = std::fs::read_to_string(&file).unwrap();
    let extra: String = (2..=rounds)
        .map(|n| {
            SECOND_ROUND
                .replace("After the first call", &format!("Round {n}"))
                .replace("195000", &format!("{}", 185000 + 5000 * n))
                .replace("\ncurrent_job:", "")
        })
        .collect::<Vec<_>>()
        .join("\n");
    if rounds > 1 {
        text = text.replacen("\ncurrent_job:", &format!("{extra}\ncurrent_job:"), 1);
    }
    std::fs::write(&file, text).unwrap();
    file
}

const FOLDER: &str = "out/alex-morgan-amazon";

#[test]
fn second_round_leaves_round_one_untouched() {
    let dir = TempDir::new().unwrap();
    starter_with_rounds(dir.path(), 1);
    run_ok(dir.path(), &["build", "offer.yaml"]);
    let round_one = snapshot(&dir.path().join(FOLDER).join("round-1"));
    assert!(round_one.contains_key("briefing.pdf"));

    starter_with_rounds(dir.path(), 2);
    run_ok(dir.path(), &["build", "offer.yaml"]);
    assert_same(
        &round_one,
        &snapshot(&dir.path().join(FOLDER).join("round-1")),
    );
    let round_two = snapshot(&dir.path().join(FOLDER).join("round-2"));
    assert!(round_two.contains_key("briefing.pdf"));
    assert_ne!(
        round_one.get("analysis.json"),
        round_two.get("analysis.json")
    );

    // Rebuilding round 2 after an edit replaces round 2 and nothing else.
    let text = std::fs::read_to_string(dir.path().join("offer.yaml")).unwrap();
    std::fs::write(
        dir.path().join("offer.yaml"),
        text.replace("value: 400000", "value: 410000"),
    )
    .unwrap();
    run_ok(dir.path(), &["build", "offer.yaml", "--round", "2"]);
    assert_same(
        &round_one,
        &snapshot(&dir.path().join(FOLDER).join("round-1")),
    );
    let rebuilt = snapshot(&dir.path().join(FOLDER).join("round-2"));
    assert_ne!(round_two.get("analysis.json"), rebuilt.get("analysis.json"));
    let parent: Vec<String> = snapshot(&dir.path().join(FOLDER))
        .into_keys()
        .filter(|name| !name.contains('/') || name.matches('/').count() == 1 && name.ends_with('/'))
        .collect();
    assert_eq!(
        parent,
        ["round-1/", "round-2/"],
        "no temporary folder is left"
    );
}

#[test]
fn a_failed_build_changes_nothing() {
    let dir = TempDir::new().unwrap();
    starter_with_rounds(dir.path(), 2);
    run_ok(dir.path(), &["build", "offer.yaml", "--round", "1"]);
    run_ok(dir.path(), &["build", "offer.yaml"]);
    let before = snapshot(&dir.path().join("out"));

    // Bad YAML: exit 1, the file and line named.
    let good = std::fs::read_to_string(dir.path().join("offer.yaml")).unwrap();
    std::fs::write(
        dir.path().join("offer.yaml"),
        good.replace("base: 195000", "base: 19x5000"),
    )
    .unwrap();
    let (code, _, stderr) = run(dir.path(), &["build", "offer.yaml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("offer.yaml:") && stderr.contains(".base"),
        "{stderr}"
    );
    assert_same(&before, &snapshot(&dir.path().join("out")));

    // A template error: exit 1, the template file named.
    std::fs::write(dir.path().join("offer.yaml"), &good).unwrap();
    run_ok(dir.path(), &["templates", "export", "mine"]);
    dir.child("mine/briefing/sections/rounds.typ")
        .write_str("#let rounds-so-far(data) = {\n  unknown-function(data)\n}\n")
        .unwrap();
    let (code, _, stderr) = run(dir.path(), &["build", "offer.yaml", "--templates", "mine"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("rounds.typ:2:"), "{stderr}");
    assert_same(&before, &snapshot(&dir.path().join("out")));

    // A --round that does not exist: exit 1.
    let (code, _, stderr) = run(dir.path(), &["build", "offer.yaml", "--round", "7"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("--round 7"), "{stderr}");
    assert_same(&before, &snapshot(&dir.path().join("out")));

    // An output folder that cannot be made: exit 3, nothing else touched.
    let (code, _, stderr) = run(
        dir.path(),
        &["build", "offer.yaml", "--out", "offer.yaml/out"],
    );
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert_same(&before, &snapshot(&dir.path().join("out")));
}

#[test]
fn hostile_names_stay_inside_out() {
    let dir = TempDir::new().unwrap();
    let names = [
        ("../../x", "../.."),
        (".", ".."),
        ("/etc/passwd", "C:\\Windows\\System32"),
        ("李小龍", "株式会社"),
        ("-rf *", "$(touch pwned)"),
    ];
    let mut files = Vec::new();
    for (index, (candidate, company)) in names.iter().enumerate() {
        let name = format!("offer-{index}.yaml");
        dir.child(&name)
            .write_str(&format!(
                "candidate:\n  name: {candidate:?}\ncompany: {company:?}\nlevel: L6\nlocation: Seattle\nrounds:\n  - name: First\n    base: 185000\n"
            ))
            .unwrap();
        files.push(name);
    }
    let mut args = vec!["build", "--out", "sub/out", "--quiet"];
    args.extend(files.iter().map(String::as_str));
    run_ok(dir.path(), &args);

    let everything = snapshot(dir.path());
    for name in everything.keys() {
        assert!(
            name.starts_with("offer-") || name == "sub/" || name.starts_with("sub/out"),
            "{name} was written outside --out"
        );
    }
    let folders: Vec<String> = std::fs::read_dir(dir.path().join("sub/out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(folders.len(), names.len(), "{folders:?}");
    for folder in &folders {
        assert!(
            !folder.is_empty()
                && folder != "."
                && folder != ".."
                && folder
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "{folder:?}"
        );
        assert!(
            dir.path()
                .join("sub/out")
                .join(folder)
                .join("round-1/briefing.pdf")
                .is_file()
        );
    }
    assert!(folders.contains(&"x-offer".to_string()), "{folders:?}");
    assert!(!dir.path().join("pwned").exists());
}

#[test]
fn new_refuses_to_overwrite() {
    let dir = TempDir::new().unwrap();
    dir.child("offer.yaml").write_str("mine\n").unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["new"]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("offer.yaml") && stderr.contains("exists"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("offer.yaml")).unwrap(),
        "mine\n"
    );
    assert!(!dir.path().join("offer.schema.json").exists());
}

#[test]
fn the_starter_file_checks_and_builds_a_full_briefing() {
    let dir = TempDir::new().unwrap();
    let stdout = run_ok(dir.path(), &["new"]);
    assert!(stdout.contains("wrote offer.yaml"), "{stdout}");
    let text = std::fs::read_to_string(dir.path().join("offer.yaml")).unwrap();
    assert!(
        text.lines()
            .next()
            .unwrap()
            .starts_with("# yaml-language-server: $schema="),
        "{text}"
    );
    // The schema the first line points at sits beside the file.
    let schema = std::fs::read_to_string(dir.path().join("offer.schema.json")).unwrap();
    assert_eq!(
        schema.trim_end(),
        run_ok(dir.path(), &["schema"]).trim_end()
    );

    let (code, stdout, stderr) = run(dir.path(), &["check", "offer.yaml"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.is_empty(), "the starter file warns: {stderr}");
    assert!(stdout.contains("ok"), "{stdout}");

    let stdout = run_ok(dir.path(), &["build", "offer.yaml"]);
    let round = dir.path().join(FOLDER).join("round-1");
    for name in ["briefing.pdf", "analysis.json", "checklist.md"] {
        assert!(round.join(name).is_file(), "no {name}");
    }
    let emails = std::fs::read_dir(round.join("emails")).unwrap().count();
    assert!(emails >= 10, "{emails} email files");
    // The summary: paths relative to the working folder, and the draft to send next.
    assert!(
        stdout.contains(&format!(
            "offer.yaml: round 1 (Initial offer) → {FOLDER}/round-1/"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "next: send {FOLDER}/round-1/emails/01-round-1-counter.md"
        )),
        "{stdout}"
    );
}

#[test]
fn build_summary_is_relative_and_quiet_prints_nothing() {
    let dir = TempDir::new().unwrap();
    starter_with_rounds(dir.path(), 1);
    let absolute_out = dir.path().join("out");
    let stdout = run_ok(
        dir.path(),
        &[
            "build",
            "offer.yaml",
            "--out",
            absolute_out.to_str().unwrap(),
        ],
    );
    assert!(stdout.contains(&format!("→ {FOLDER}/round-1/")), "{stdout}");
    assert!(
        !stdout.contains(&dir.path().display().to_string()),
        "{stdout}"
    );
    // The summary names every document, the drafts as drafts[] counts them, and the one
    // to send next.
    let analysis =
        crate::support::read_json(&dir.path().join(FOLDER).join("round-1/analysis.json"));
    let drafts = analysis["drafts"].as_array().unwrap();
    let next = drafts.iter().find(|d| d["send_next"] == true).unwrap();
    assert!(
        stdout.contains(&format!(
            "briefing.pdf, call-sheet.pdf, analysis.json, checklist.md, {} email drafts",
            drafts.len()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "next: send {FOLDER}/round-1/{}",
            next["file"].as_str().unwrap()
        )),
        "{stdout}"
    );

    let (code, stdout, stderr) = run(dir.path(), &["build", "offer.yaml", "--quiet"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!((stdout.as_str(), stderr.as_str()), ("", ""));
}

#[test]
fn the_committed_schema_is_current() {
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/offer.schema.json"),
    )
    .unwrap();
    let printed = run_ok(Path::new(env!("CARGO_MANIFEST_DIR")), &["schema"]);
    let first_difference = committed
        .lines()
        .zip(printed.lines())
        .position(|(a, b)| a != b)
        .map(|line| line + 1);
    assert!(
        committed == printed,
        "inputs/offer.schema.json is stale from line {first_difference:?}: run `offerbrief schema > inputs/offer.schema.json`"
    );
}

#[test]
fn every_command_has_help_with_an_example() {
    let dir = TempDir::new().unwrap();
    for command in [
        vec![],
        vec!["build"],
        vec!["watch"],
        vec!["check"],
        vec!["analyze"],
        vec!["new"],
        vec!["schema"],
        vec!["templates"],
        vec!["templates", "export"],
        vec!["completions"],
    ] {
        let mut args = command.clone();
        args.push("--help");
        let (code, stdout, _) = run(dir.path(), &args);
        assert_eq!(code, 0, "{args:?}");
        assert!(
            stdout.contains("Usage: offerbrief"),
            "{args:?} has no usage:\n{stdout}"
        );
        if command != ["templates"] {
            assert!(
                stdout.contains("Example"),
                "{args:?} has no example:\n{stdout}"
            );
        }
    }
    let help = run_ok(dir.path(), &["watch", "--help"]);
    for option in ["--out", "--round", "--templates", "--emit-typ", "--quiet"] {
        assert!(help.contains(option), "watch --help lacks {option}");
    }
    let version = run_ok(dir.path(), &["--version"]);
    assert_eq!(
        version.trim(),
        format!("offerbrief {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_cover_every_command() {
    let dir = TempDir::new().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let script = run_ok(dir.path(), &["completions", shell]);
        for command in ["build", "watch", "analyze", "schema", "completions"] {
            assert!(
                script.contains(command),
                "{shell} completions lack {command}"
            );
        }
    }
}

#[test]
fn usage_errors_exit_2_and_missing_files_exit_1() {
    let dir = TempDir::new().unwrap();
    for args in [
        vec!["watch"],
        vec!["build", "--bogus", "x.yaml"],
        vec!["analyze", "x.yaml", "--format", "html"],
        vec!["completions", "powershell-9"],
    ] {
        let (code, _, stderr) = run(dir.path(), &args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
    }
    for args in [
        vec!["watch", "missing.yaml"],
        vec!["build", "missing.yaml"],
        vec!["check", "missing.yaml"],
    ] {
        let (code, _, stderr) = run(dir.path(), &args);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(stderr.contains("missing.yaml"), "{args:?}: {stderr}");
    }
    starter_with_rounds(dir.path(), 1);
    let (code, _, stderr) = run(
        dir.path(),
        &["build", "offer.yaml", "--templates", "nowhere"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("--templates nowhere"), "{stderr}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn analyze_table_is_plain_within_100_columns_and_shows_the_rounds() {
    let inputs = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
    let three = run_ok(
        &inputs,
        &[
            "analyze",
            "l7-bay-area-three-rounds.yaml",
            "--format",
            "table",
        ],
    );
    for expected in [
        "Year by year",
        "Market position",
        "Percentile",
        "Ask for, in this order:",
        "Rounds so far",
        "vs round 2",
        "vs round 1",
        "Improvement since round 1: +$480,000 (+19.4%)",
        "15–35%",
        "Next step",
        "Send the final ask email, asking for the RSU grant.",
    ] {
        assert!(three.contains(expected), "no {expected:?} in\n{three}");
    }
    let first = run_ok(&inputs, &["analyze", "l6-seattle-first-offer.yaml"]);
    assert!(first.contains("First round"), "{first}");
    assert!(
        first.contains("Rule of thumb for the coming round"),
        "{first}"
    );

    // Piped output has no colour; user text cannot move the cursor or add lines.
    let dir = TempDir::new().unwrap();
    dir.child("offer.yaml")
        .write_str(&format!(
            "candidate:\n  name: \"Jo\\e[2J\\nLee {}\"\ncompany: \"{}\"\nlevel: L6\nlocation: Seattle\nrounds:\n  - name: First\n    base: 185000\n  - name: \"{}\"\n    base: 195000\n",
            "Long".repeat(40),
            "株式会社".repeat(30),
            "Second ".repeat(30)
        ))
        .unwrap();
    let hostile = run_ok(dir.path(), &["analyze", "offer.yaml"]);
    for text in [&three, &first, &hostile] {
        assert!(!text.contains('\u{1b}'), "escape codes in\n{text}");
        for line in text.lines() {
            assert!(
                unicode_columns(line) <= 100,
                "{} columns: {line}",
                unicode_columns(line)
            );
        }
    }
    assert!(hostile.contains("Jo [2J Lee"), "{hostile}");
}

/// Display columns, counting East Asian wide characters as two.
fn unicode_columns(line: &str) -> usize {
    line.chars()
        .map(|c| {
            let wide = matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6);
            if wide { 2 } else { 1 }
        })
        .sum()
}

#[test]
fn two_files_for_one_candidate_never_replace_each_other() {
    let dir = TempDir::new().unwrap();
    starter_with_rounds(dir.path(), 1);
    std::fs::copy(dir.path().join("offer.yaml"), dir.path().join("copy.yaml")).unwrap();
    let (code, _, stderr) = run(
        dir.path(),
        &[
            "build",
            "offer.yaml",
            "copy.yaml",
            "./offer.yaml",
            "--quiet",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("copy.yaml: names the same candidate and company as offer.yaml"),
        "{stderr}"
    );
    assert_eq!(
        stderr.lines().count(),
        1,
        "offer.yaml is built once: {stderr}"
    );
    assert!(
        dir.path()
            .join(FOLDER)
            .join("round-1/briefing.pdf")
            .is_file()
    );
}

#[test]
fn a_batch_writes_what_single_builds_write_and_a_bad_file_stops_no_other() {
    let dir = TempDir::new().unwrap();
    let starter = std::fs::read_to_string(starter_with_rounds(dir.path(), 2)).unwrap();
    let offers = dir.path().join("offers");
    std::fs::create_dir(&offers).unwrap();
    // Different candidates and figures, so that nothing one build memoises can stand in
    // for the next one's.
    for (name, base) in [
        ("Ada One", "201000"),
        ("Bo Two", "187500"),
        ("Cy Three", "222222"),
    ] {
        let text = starter.replace("Alex Morgan", name).replacen(
            "base: 195000",
            &format!("base: {base}"),
            1,
        );
        let file = format!("{}.yaml", name.to_lowercase().replace(' ', "-"));
        std::fs::write(offers.join(file), text).unwrap();
    }
    std::fs::write(offers.join("b-broken.yaml"), "candidate: [unclosed\n").unwrap();

    let (code, stdout, stderr) = run(dir.path(), &["build", "offers", "--out", "batch"]);
    assert_eq!(code, 1, "the broken file fails the batch: {stderr}");
    assert!(stderr.contains("b-broken.yaml"), "{stderr}");
    let built: Vec<&str> = stdout
        .lines()
        .filter(|line| line.starts_with("offers/"))
        .collect();
    assert_eq!(built.len(), 3, "{stdout}");
    assert!(
        built[0].starts_with("offers/ada-one.yaml")
            && built[1].starts_with("offers/bo-two.yaml")
            && built[2].starts_with("offers/cy-three.yaml"),
        "reported in file order: {stdout}"
    );

    for file in ["ada-one", "bo-two", "cy-three"] {
        run_ok(
            dir.path(),
            &[
                "build",
                &format!("offers/{file}.yaml"),
                "--out",
                "single",
                "--quiet",
            ],
        );
    }
    let batch = snapshot(&dir.path().join("batch"));
    assert_eq!(
        batch
            .keys()
            .filter(|name| name.ends_with("briefing.pdf"))
            .count(),
        3
    );
    assert_same(&snapshot(&dir.path().join("single")), &batch);
}

#[cfg(target_os = "linux")]
#[test]
fn help_or_version_into_a_full_stdout_fails_with_one_line() {
    for args in [vec!["--help"], vec!["check", "--help"], vec!["--version"]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        #[allow(deprecated)]
        let program = assert_cmd::cargo::cargo_bin("offerbrief");
        let output = std::process::Command::new(program)
            .args(&args)
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(3), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: cannot write the ") && stderr.contains("standard output"),
            "{args:?}: {stderr}"
        );
    }
}
