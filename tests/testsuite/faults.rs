//! Protects against the faults an adversarial run found (issue 16), one test per fault:
//! each failed before its fix. Output is never lost or written outside `--out`, a fault
//! is one line and an exit code, never a panic's backtrace, and no input is slow or
//! large enough to hang a build.

use std::fs;
use std::path::Path;
use std::process::{Command as Process, Stdio};

use crate::support::{bin, root, run, snapshot};

const HEAD: &str = "candidate:\n  name: Jo Lee\ncompany: Amazon\nlevel: L6\nlocation: Seattle\n";

/// An offer file in `dir` with `rest` after the head.
fn offer(dir: &Path, rest: &str) -> std::path::PathBuf {
    let file = dir.join("offer.yaml");
    fs::write(&file, format!("{HEAD}{rest}")).unwrap();
    file
}

/// Exactly one line on stderr, with no panic and no backtrace.
fn one_line(stderr: &str) {
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    for marker in ["panicked", "backtrace", "RUST_BACKTRACE"] {
        assert!(!stderr.contains(marker), "{stderr}");
    }
}

#[test]
fn almost_no_shares_beside_a_normal_round_checks_builds_and_analyses() {
    let dir = assert_fs::TempDir::new().unwrap();
    let file = offer(
        dir.path(),
        "stock_price: 185\nrounds:\n  - {name: R1, base: 185000, rsu: {shares: 0.0000000000000000000000000001}}\n  - {name: R2, base: 185000, rsu: {shares: 1946}}\n",
    );
    for args in [vec!["check"], vec!["analyze"], vec!["build", "-q"]] {
        let mut args = args;
        args.push(file.to_str().unwrap());
        let (code, _, stderr) = run(dir.path(), &args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
    }
}

#[test]
fn a_full_stdout_is_one_line_and_exit_3_and_new_still_writes_both_files() {
    let dir = assert_fs::TempDir::new().unwrap();
    let file = offer(
        dir.path(),
        "rounds:\n  - {name: R, base: 185000, start_date: 2027-01-11}\n",
    );
    let file = file.to_str().unwrap();
    for args in [
        vec!["schema"],
        vec!["completions", "bash"],
        vec!["check", file],
        vec!["new", "fresh.yaml"],
        vec!["templates", "export", "exported"],
        vec!["build", file],
        vec!["analyze", file],
    ] {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = Process::new(assert_cmd::cargo::cargo_bin("offerbrief"))
            .current_dir(dir.path())
            .args(&args)
            .stdout(Stdio::from(full))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(3), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        one_line(&stderr);
        assert!(stderr.contains("writing to standard output"), "{stderr}");
    }
    assert!(dir.path().join("fresh.yaml").is_file());
    assert!(
        dir.path().join("offer.schema.json").is_file(),
        "new writes the schema before printing"
    );
}

#[test]
fn a_text_field_of_a_mebibyte_is_refused_with_its_place_and_no_echo() {
    let dir = assert_fs::TempDir::new().unwrap();
    let long = "x".repeat(1_000_000);
    let file = dir.path().join("offer.yaml");
    fs::write(
        &file,
        format!("candidate:\n  name: \"{long}\"\ncompany: Amazon\nlevel: L6\nlocation: Seattle\nrounds:\n  - {{name: R, base: 185000}}\n"),
    )
    .unwrap();
    let (code, _, stderr) = run(dir.path(), &["build", "offer.yaml"]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("offer.yaml:2:9: candidate.name: is 1000000 characters long"),
        "{}",
        &stderr[..200.min(stderr.len())]
    );
    assert!(stderr.len() < 400, "the value is not echoed whole");
}

#[test]
fn a_symlink_in_out_is_never_written_through() {
    let dir = assert_fs::TempDir::new().unwrap();
    let elsewhere = dir.path().join("elsewhere/round-1");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::write(elsewhere.join("keep.txt"), "mine").unwrap();
    fs::create_dir_all(dir.path().join("out")).unwrap();
    std::os::unix::fs::symlink("../elsewhere", dir.path().join("out/jo-lee-amazon")).unwrap();
    let file = offer(dir.path(), "rounds:\n  - {name: R, base: 185000}\n");
    let before = snapshot(&dir.path().join("elsewhere"));
    let (code, _, stderr) = run(dir.path(), &["build", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
    assert_eq!(before, snapshot(&dir.path().join("elsewhere")));
}

#[test]
fn a_round_folder_that_cannot_be_replaced_is_left_whole() {
    let dir = assert_fs::TempDir::new().unwrap();
    let file = offer(dir.path(), "rounds:\n  - {name: R, base: 185000}\n");
    let (code, _, stderr) = run(dir.path(), &["build", "-q", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let round = dir.path().join("out/jo-lee-amazon/round-1");
    let mut permissions = fs::metadata(&round).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o555);
    fs::set_permissions(&round, permissions).unwrap();
    // Root may write anywhere: run the build as nobody, in a folder nobody owns.
    let as_root = Process::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    if as_root {
        let chown = Process::new("chown")
            .args(["-R", "nobody"])
            .arg(dir.path())
            .status()
            .unwrap();
        assert!(chown.success());
        // Every folder above must be open to nobody.
        let mut parent = dir.path().parent();
        while let Some(folder) = parent {
            let mut p = fs::metadata(folder).unwrap().permissions();
            let mode = std::os::unix::fs::PermissionsExt::mode(&p);
            std::os::unix::fs::PermissionsExt::set_mode(&mut p, mode | 0o005);
            let _ = fs::set_permissions(folder, p);
            parent = folder.parent();
        }
    }
    let before = snapshot(&dir.path().join("out"));
    let mut command = if as_root {
        let mut runuser = Process::new("runuser");
        runuser
            .args(["-u", "nobody", "--"])
            .arg(assert_cmd::cargo::cargo_bin("offerbrief"));
        runuser
    } else {
        Process::new(assert_cmd::cargo::cargo_bin("offerbrief"))
    };
    let output = command
        .current_dir(dir.path())
        .args(["build", "offer.yaml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    one_line(&stderr);
    assert!(stderr.contains("cannot be replaced"), "{stderr}");
    assert_eq!(
        before,
        snapshot(&dir.path().join("out")),
        "round-1 and its folder are as they were"
    );
}

#[test]
fn a_long_checklist_item_runs_onto_the_next_page_instead_of_being_cut() {
    let dir = assert_fs::TempDir::new().unwrap();
    let achievements: String = (0..20)
        .map(|i| format!("    - \"achievement {i:02} {}\"\n", "word ".repeat(190)))
        .collect();
    let file = dir.path().join("offer.yaml");
    fs::write(
        &file,
        format!("candidate:\n  name: Jo Lee\n  achievements:\n{achievements}company: Amazon\nlevel: L6\nlocation: Seattle\nrounds:\n  - {{name: R, base: 185000}}\n"),
    )
    .unwrap();
    let (round, _) = crate::support::build_with_analysis(&file, &dir.path().join("out"));
    let text = crate::support::text_of(&round.join("briefing.pdf"));
    let checklist = &text[text
        .find("Identify your unique value")
        .expect("the item is there")..];
    assert!(
        checklist.contains("achievement 19"),
        "the end of the item is printed"
    );
}

#[test]
fn band_percentiles_too_close_are_refused_and_targets_stay_within_a_trillion() {
    let dir = assert_fs::TempDir::new().unwrap();
    let market = |percentiles: &str| {
        offerbrief::market::BUILTIN_MARKET.replacen(
            "band_percentiles: [10, 90]",
            &format!("band_percentiles: {percentiles}"),
            1,
        )
    };
    fs::write(
        dir.path().join("close.yaml"),
        market("[10, 10.0000000000001]"),
    )
    .unwrap();
    let file = offer(
        dir.path(),
        "rounds:\n  - {name: R, base: 185000}\nmarket: close.yaml\n",
    );
    let (code, _, stderr) = run(dir.path(), &["check", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("close.yaml:") && stderr.contains("band_percentiles"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("templates/"),
        "located in the market file, not a template: {stderr}"
    );

    fs::write(dir.path().join("wide.yaml"), market("[10, 11]")).unwrap();
    let file = offer(
        dir.path(),
        "rounds:\n  - {name: R, base: 185000}\nmarket: wide.yaml\n",
    );
    let (code, stdout, stderr) = run(
        dir.path(),
        &["analyze", "--format", "json", file.to_str().unwrap()],
    );
    if code == 0 {
        let analysis: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        for lever in analysis["levers"].as_array().unwrap() {
            assert!(lever["ask"].as_f64().unwrap() <= 1e12, "{lever}");
        }
    } else {
        assert_eq!(code, 1, "{stderr}");
        assert!(stderr.contains("wide.yaml:"), "{stderr}");
    }
}

#[test]
fn a_fifo_is_refused_at_once() {
    let dir = assert_fs::TempDir::new().unwrap();
    let fifo = dir.path().join("offer.yaml");
    assert!(
        Process::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let (code, _, stderr) = run(dir.path(), &["check", "offer.yaml"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("not a regular file"), "{stderr}");
}

#[test]
fn errors_in_a_market_file_name_its_line_and_column() {
    let dir = assert_fs::TempDir::new().unwrap();
    let broken = offerbrief::market::BUILTIN_MARKET.replacen(
        "base: [180000, 220000]",
        "base: [220000, 180000]",
        1,
    );
    fs::write(dir.path().join("mine.yaml"), broken).unwrap();
    let file = offer(
        dir.path(),
        "rounds:\n  - {name: R, base: 185000}\nmarket: mine.yaml\n",
    );
    let (code, _, stderr) = run(dir.path(), &["check", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    let first = stderr.lines().next().unwrap();
    let mut parts = first.split(':');
    assert!(parts.next().unwrap().ends_with("mine.yaml"), "{first}");
    assert!(
        parts.next().unwrap().parse::<u32>().is_ok(),
        "a line: {first}"
    );
    assert!(
        parts.next().unwrap().parse::<u32>().is_ok(),
        "a column: {first}"
    );
}

#[test]
fn a_round_out_of_range_in_a_batch_names_the_file() {
    let dir = assert_fs::TempDir::new().unwrap();
    let two = dir.path().join("two.yaml");
    fs::write(
        &two,
        format!("{HEAD}rounds:\n  - {{name: A, base: 185000}}\n  - {{name: B, base: 190000}}\n"),
    )
    .unwrap();
    let three = dir.path().join("three.yaml");
    fs::write(
        &three,
        "candidate:\n  name: Kim\ncompany: Amazon\nlevel: L6\nlocation: Seattle\nrounds:\n  - {name: A, base: 185000}\n  - {name: B, base: 190000}\n  - {name: C, base: 195000}\n",
    )
    .unwrap();
    let (code, _, stderr) = run(
        dir.path(),
        &["build", "-q", "two.yaml", "three.yaml", "--round", "3"],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains("two.yaml: --round 3: the file has 2 rounds"),
        "{stderr}"
    );
}

#[test]
fn old_mac_line_ends_and_a_leading_comment_are_read() {
    let dir = assert_fs::TempDir::new().unwrap();
    let file = dir.path().join("offer.yaml");
    fs::write(
        &file,
        format!("# my offer\n{HEAD}rounds:\n  - name: R\n    base: 185000\n").replace('\n', "\r"),
    )
    .unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["check", "offer.yaml"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("ok (1 round)"));
}

#[test]
fn a_date_outside_the_years_of_offers_is_refused() {
    let dir = assert_fs::TempDir::new().unwrap();
    let file = offer(
        dir.path(),
        "rounds:\n  - {name: R, base: 185000, date: 0000-01-01}\n",
    );
    let (code, _, stderr) = run(dir.path(), &["check", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(
            "rounds[0].date: 0000-01-01 is not a date of an offer; write a year from 1900 to 2199"
        ),
        "{stderr}"
    );
}

#[test]
fn messages_quote_the_value_in_plain_words_with_the_fix_for_the_field() {
    let dir = assert_fs::TempDir::new().unwrap();
    let file = offer(
        dir.path(),
        "rounds:\n  - {name: R, base: 185000, rsu: {value: 1, vesting: [.inf]}}\n",
    );
    let (_, _, stderr) = run(dir.path(), &["check", file.to_str().unwrap()]);
    assert!(stderr.contains(r#"rounds[0].rsu.vesting[0]: ".inf" is not a number; each year vests between 0 and 100 percent"#), "{stderr}");
    let file = offer(dir.path(), "rounds:\n  - {name: !!int 5, base: 185000}\n");
    let (_, _, stderr) = run(dir.path(), &["check", file.to_str().unwrap()]);
    assert!(stderr.contains("a YAML tag"), "{stderr}");
    assert!(!stderr.contains("tagged scalar"), "{stderr}");
    let file = offer(
        dir.path(),
        &format!(
            "rounds:\n  - {{name: R, base: \"{}\"}}\n",
            "9".repeat(100_000)
        ),
    );
    let (_, _, stderr) = run(dir.path(), &["check", file.to_str().unwrap()]);
    assert!(stderr.len() < 400, "{} bytes", stderr.len());
    assert!(stderr.contains('…'), "{stderr}");
}

#[test]
fn a_fault_inside_a_build_is_one_line_exit_3_and_keeps_the_earlier_output() {
    let dir = assert_fs::TempDir::new().unwrap();
    let file = offer(dir.path(), "rounds:\n  - {name: R, base: 185000}\n");
    let (code, _, _) = run(dir.path(), &["build", "-q", file.to_str().unwrap()]);
    assert_eq!(code, 0);
    let before = snapshot(&dir.path().join("out"));
    let output = bin()
        .current_dir(dir.path())
        .env("OFFERBRIEF_FAULT", "before-commit")
        .args(["build", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    one_line(&String::from_utf8_lossy(&output.stderr));
    assert_eq!(before, snapshot(&dir.path().join("out")));
}

#[test]
fn emit_typ_with_several_files_writes_one_project_each() {
    let dir = assert_fs::TempDir::new().unwrap();
    let inputs = root().join("inputs");
    let (code, _, stderr) = run(
        dir.path(),
        &[
            "build",
            "-q",
            inputs.join("l6-seattle-first-offer.yaml").to_str().unwrap(),
            inputs
                .join("l7-bay-area-three-rounds.yaml")
                .to_str()
                .unwrap(),
            "--emit-typ",
            "projects",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    for folder in ["jordan-lee-amazon", "priya-raman-amazon"] {
        assert!(
            dir.path()
                .join("projects")
                .join(folder)
                .join("main.typ")
                .is_file(),
            "{folder}"
        );
    }
}
