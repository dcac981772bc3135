//! Protects `offerbrief build` end to end: every example in inputs/ writes every output
//! of SPEC §5, the PDF's text holds the candidate and each year's total, and a rebuild
//! gives identical bytes.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::Value;

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "yaml")
                && p.file_name().is_some_and(|n| n != "market.yaml")
        })
        .collect();
    files.sort();
    assert!(files.len() >= 3);
    files
}

fn build(file: &Path, out: &Path) -> PathBuf {
    let output = Command::cargo_bin("offerbrief")
        .unwrap()
        .arg("build")
        .arg(file)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("next: send"),
        "build names the next draft: {stdout}"
    );
    let person = std::fs::read_dir(out)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut rounds: Vec<PathBuf> = std::fs::read_dir(&person)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    rounds.sort();
    rounds.pop().unwrap()
}

/// `$1,234,567`: whole dollars, half away from zero.
fn dollars(value: &Value) -> String {
    let amount = Decimal::try_from(value.as_f64().unwrap())
        .unwrap()
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let digits = amount.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("${grouped}")
}

pub fn pdf_text(pdf: &Path) -> String {
    let output = Process::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn every_example_builds_every_output() {
    for file in examples() {
        let out = assert_fs::TempDir::new().unwrap();
        let round = build(&file, out.path());
        for name in ["briefing.pdf", "analysis.json", "checklist.md"] {
            let path = round.join(name);
            assert!(
                path.is_file() && std::fs::metadata(&path).unwrap().len() > 0,
                "{} has no {name}",
                file.display()
            );
        }
        let emails: Vec<String> = std::fs::read_dir(round.join("emails"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        for stem in ["round-1-counter", "acceptance", "pre-offer"] {
            assert!(
                emails
                    .iter()
                    .any(|e| e.contains(stem) && e.ends_with(".md")),
                "{}: no {stem}.md in {emails:?}",
                file.display()
            );
            assert!(
                emails
                    .iter()
                    .any(|e| e.contains(stem) && e.ends_with(".eml")),
                "{}: no {stem}.eml in {emails:?}",
                file.display()
            );
        }

        let analysis: Value =
            serde_json::from_str(&std::fs::read_to_string(round.join("analysis.json")).unwrap())
                .unwrap();
        let text = pdf_text(&round.join("briefing.pdf"));
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let name = analysis["offer"]["candidate"]["name"].as_str().unwrap();
        assert!(
            flat.contains(name),
            "{}: the PDF does not name {name}",
            file.display()
        );
        for year in analysis["years"].as_array().unwrap() {
            let total = dollars(&year["total"]);
            assert!(
                flat.contains(&total),
                "{}: the PDF lacks year {} total {total}",
                file.display(),
                year["year"]
            );
        }
        assert!(
            flat.contains(&dollars(&analysis["four_year_total"])),
            "{}: no four-year total",
            file.display()
        );
    }
}

#[test]
fn build_writes_the_same_analysis_as_analyze() {
    let file = &examples()[0];
    let out = assert_fs::TempDir::new().unwrap();
    let round = build(file, out.path());
    let analyze = Command::cargo_bin("offerbrief")
        .unwrap()
        .args(["analyze", "--format", "json"])
        .arg(file)
        .output()
        .unwrap();
    assert_eq!(
        std::fs::read(round.join("analysis.json")).unwrap(),
        analyze.stdout
    );
}

#[test]
fn identical_input_gives_identical_bytes() {
    let file = &examples()[0];
    let (a, b) = (
        assert_fs::TempDir::new().unwrap(),
        assert_fs::TempDir::new().unwrap(),
    );
    let (first, second) = (build(file, a.path()), build(file, b.path()));
    let mut names: Vec<PathBuf> = walk(&first);
    names.sort();
    assert!(names.len() > 5);
    for name in names {
        let relative = name.strip_prefix(&first).unwrap();
        assert_eq!(
            std::fs::read(&name).unwrap(),
            std::fs::read(second.join(relative)).unwrap(),
            "{} differs",
            relative.display()
        );
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path))
        } else {
            files.push(path)
        }
    }
    files
}
