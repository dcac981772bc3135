//! What the test modules share: running the binary, the acceptance cases and examples,
//! reading a PDF back in-process, money as documents print it, and snapshots of a
//! folder. Write a helper here once; never copy one into a module.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// The project's root folder.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `offerbrief` binary, as cargo built it for the tests.
pub fn bin() -> Command {
    Command::cargo_bin("offerbrief").unwrap()
}

/// `offerbrief` run in `dir`, as a user's shell would (colour left to the command).
pub fn offerbrief(dir: &Path) -> Command {
    let mut command = bin();
    command
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env("RUST_BACKTRACE", "1");
    command
}

/// Runs `offerbrief ARGS` in `dir`; returns (exit code, stdout, stderr).
pub fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = output(dir, args);
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The raw output of `offerbrief ARGS` in `dir`.
pub fn output(dir: &Path, args: &[&str]) -> Output {
    offerbrief(dir).args(args).output().unwrap()
}

/// Runs `offerbrief ARGS` in `dir`, which must succeed; returns stdout.
pub fn run_ok(dir: &Path, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(dir, args);
    assert_eq!(code, 0, "offerbrief {args:?} failed:\n{stderr}");
    stdout
}

/// `*.yaml` files of `dir` (not market or tax-table files), sorted.
fn offer_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension().is_some_and(|e| e == "yaml") && !offerbrief::is_data_file(path)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no offer files in {}", dir.display());
    files
}

/// The acceptance cases in `tests/cases/`.
pub fn cases() -> Vec<PathBuf> {
    offer_files(&root().join("tests/cases"))
}

/// The example offers in `inputs/`.
pub fn examples() -> Vec<PathBuf> {
    offer_files(&root().join("inputs"))
}

/// `offerbrief analyze FILE --format json`, parsed.
pub fn analyze(file: &Path) -> Value {
    let output = bin()
        .args(["analyze", "--format", "json"])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Builds `file` into `out` with `extra` options; returns the round folder written.
pub fn build(file: &Path, out: &Path, extra: &[&str]) -> PathBuf {
    let output = bin()
        .arg("build")
        .arg(file)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let person = fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .unwrap();
    let mut rounds: Vec<PathBuf> = fs::read_dir(person)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    rounds.sort();
    rounds.pop().unwrap()
}

/// Builds `file` into `out`; returns the round folder and its `analysis.json`.
pub fn build_with_analysis(file: &Path, out: &Path) -> (PathBuf, Value) {
    let round = build(file, out, &[]);
    (round.clone(), read_json(&round.join("analysis.json")))
}

/// A JSON file, parsed.
pub fn read_json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// The PDF at `path`, read back in-process (pages, sizes, fonts, metadata, text).
pub fn read_pdf(path: &Path) -> pdf_read::Document {
    let bytes = fs::read(path).unwrap_or_else(|_| panic!("{} exists", path.display()));
    pdf_read::read(&bytes).unwrap_or_else(|error| panic!("{} reads: {error}", path.display()))
}

/// Text with every run of whitespace as one space: what a reader sees, whatever the line
/// breaks.
pub fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The PDF's text with every run of whitespace as one space.
pub fn text_of(pdf: &Path) -> String {
    folded(&read_pdf(pdf).text())
}

/// Every page of the PDF is US letter (612 × 792 points).
pub fn assert_letter_pages(pdf: &pdf_read::Document, what: &str) {
    assert!(!pdf.pages.is_empty(), "{what}: no page");
    for (number, page) in pdf.pages.iter().enumerate() {
        assert!(
            (page.width - 612.0).abs() < 0.01 && (page.height - 792.0).abs() < 0.01,
            "{what}: page {} is {} x {} pts",
            number + 1,
            page.width,
            page.height
        );
    }
}

/// The round folder holds exactly what its `analysis.json` says: the `.md` and `.eml` of
/// each draft of `drafts[]` and no other, at most one draft to send next, a checklist
/// whose ticks are the done items of `checklist[]`, and a call sheet of one letter page.
pub fn assert_round_matches_its_analysis(round: &Path) {
    let analysis = read_json(&round.join("analysis.json"));
    let shown = round.display();
    let drafts = analysis["drafts"].as_array().unwrap();
    let mut planned: Vec<String> = drafts
        .iter()
        .flat_map(|draft| {
            let file = draft["file"].as_str().unwrap();
            let stem = file.strip_suffix(".md").unwrap();
            [file.to_string(), format!("{stem}.eml")]
        })
        .collect();
    planned.sort();
    let mut written: Vec<String> = if round.join("emails").is_dir() {
        files_under(&round.join("emails"))
            .into_iter()
            .map(|file| format!("emails/{}", file.display()))
            .collect()
    } else {
        Vec::new()
    };
    written.sort();
    assert_eq!(written, planned, "{shown}: emails/ is not drafts[]");
    let next = drafts
        .iter()
        .filter(|draft| draft["send_next"] == true)
        .count();
    assert!(next <= 1, "{shown}: {next} drafts to send next");

    let checklist = fs::read_to_string(round.join("checklist.md")).unwrap();
    let ticks: Vec<bool> = checklist
        .lines()
        .filter_map(|line| {
            line.strip_prefix("- [x] ")
                .map(|_| true)
                .or_else(|| line.strip_prefix("- [ ] ").map(|_| false))
        })
        .collect();
    let done: Vec<bool> = analysis["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["done"].as_bool().unwrap())
        .collect();
    assert_eq!(ticks, done, "{shown}: checklist.md is not checklist[]");

    let call_sheet = read_pdf(&round.join("call-sheet.pdf"));
    assert_letter_pages(&call_sheet, &format!("{shown}/call-sheet.pdf"));
    assert_eq!(
        call_sheet.pages.len(),
        1,
        "{shown}: the call sheet runs to {} pages",
        call_sheet.pages.len()
    );
}

/// A JSON amount as the documents print it: whole dollars, `$1,234,567`.
pub fn dollars(value: &Value) -> String {
    let whole = (value.as_f64().unwrap().abs() + 0.5).floor() as u64;
    let digits = whole.to_string();
    let mut out = String::from("$");
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Every file and folder under `dir`, by path relative to it (folders end in `/`), with
/// the files' bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut found = BTreeMap::new();
    if dir.exists() {
        for path in walk(dir, true) {
            let relative = path.strip_prefix(dir).unwrap().display().to_string();
            if path.is_dir() {
                found.insert(format!("{relative}/"), None);
            } else {
                found.insert(relative, Some(fs::read(&path).unwrap()));
            }
        }
    }
    found
}

/// Asserts two snapshots are equal, naming the first path that differs.
pub fn assert_same(
    before: &BTreeMap<String, Option<Vec<u8>>>,
    after: &BTreeMap<String, Option<Vec<u8>>>,
) {
    let names = |s: &BTreeMap<String, Option<Vec<u8>>>| s.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(before), names(after), "the files changed");
    for (name, bytes) in before {
        assert!(after.get(name) == Some(bytes), "{name} changed");
    }
}

/// Every path under `dir` (folders too when `folders`), sorted.
pub fn walk(dir: &Path, folders: bool) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        let Ok(entries) = fs::read_dir(&next) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if folders {
                    found.push(path.clone());
                }
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Every file under `dir`, relative to it, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    walk(dir, false)
        .into_iter()
        .map(|path| path.strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}
