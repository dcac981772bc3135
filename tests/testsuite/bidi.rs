//! Protects the order of what surrounds user text (SPEC §6): whatever a field holds —
//! right-to-left script, a right-to-left mark, a stray or unbalanced bidirectional
//! control — the words, dates and figures printed before and after it keep their places,
//! in `analysis.json`, the drafts, the checklist, the terminal and the PDF (where the
//! running footer cuts long names short and long runs are set in boxes).

use std::fs;
use std::path::PathBuf;

use serde_json::Value;
use unicode_bidi::{BidiInfo, Level};

use crate::support::{files_under, read_pdf, root, run};

/// The hostile offers whose text holds right-to-left script or bidirectional controls.
const BIDI_OFFERS: [&str; 4] = [
    "bidi-stray-isolate-company",
    "bidi-rlm-round-name",
    "bidi-long-rtl-name",
    "scripts-and-emoji",
];

fn hostile(stem: &str) -> PathBuf {
    root().join("tests/hostile").join(format!("{stem}.yaml"))
}

/// What a document prints before and after a piece of text in the tests below: words,
/// a date and figures, which no text between them may move.
const BEFORE: &str = "Round 2: ";
const AFTER: &str = " · 2026-11-02 · $1,000 (+5%)";

/// `text` as a left-to-right line shows it, in visual order (Unicode's bidirectional
/// algorithm, as typst and mail clients apply it).
fn visual(text: &str) -> String {
    let info = BidiInfo::new(text, Some(Level::ltr()));
    info.paragraphs
        .iter()
        .map(|paragraph| info.reorder_line(paragraph, paragraph.range.clone()))
        .collect::<Vec<_>>()
        .join("")
}

/// Whether `text`, printed between [`BEFORE`] and [`AFTER`], leaves both where they are.
fn keeps_its_surroundings(text: &str) -> bool {
    let shown = visual(&format!("{BEFORE}{text}{AFTER}"));
    shown.starts_with(BEFORE) && shown.ends_with(AFTER)
}

fn strings(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::String(text) => found.push(text.clone()),
        Value::Array(items) => items.iter().for_each(|item| strings(item, found)),
        Value::Object(map) => map.values().for_each(|item| strings(item, found)),
        _ => {}
    }
}

fn assert_keeps_surroundings(stem: &str, place: &str, texts: &[String]) {
    for text in texts {
        assert!(
            keeps_its_surroundings(text),
            "{stem}: {place}: {text:?} moves what is printed around it: {:?}",
            visual(&format!("{BEFORE}{text}{AFTER}"))
        );
    }
}

#[test]
fn the_bidi_oracle_sees_a_name_that_moves_a_date() {
    // The check below is only as good as this: an isolated name keeps the date after it,
    // a bare right-to-left mark or a stray isolate closer does not.
    assert!(keeps_its_surroundings("Initial offer"));
    assert!(keeps_its_surroundings("\u{2068}שלום\u{2069}"));
    assert!(!keeps_its_surroundings("Initial offer\u{200F}-"));
    assert!(!keeps_its_surroundings("\u{2068}\u{2069}שלום\u{2069}"));
}

#[test]
fn no_field_moves_the_words_and_figures_around_it_in_any_text_output() {
    for stem in BIDI_OFFERS {
        let dir = assert_fs::TempDir::new().unwrap();
        let file = hostile(stem);
        let out = dir.path().join("out");
        let (code, stdout, stderr) = run(
            dir.path(),
            &[
                "build",
                file.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 0, "{stem}: {stderr}");
        // The terminal: every line of the summary and the warnings.
        let lines: Vec<String> = stdout
            .lines()
            .chain(stderr.lines())
            .map(str::to_string)
            .collect();
        assert_keeps_surroundings(stem, "the terminal", &lines);

        let round = files_under(&out)
            .into_iter()
            .filter(|path| path.ends_with("analysis.json"))
            .map(|path| out.join(path))
            .max()
            .unwrap();
        let round = round.parent().unwrap();
        let analysis: Value =
            serde_json::from_str(&fs::read_to_string(round.join("analysis.json")).unwrap())
                .unwrap();
        let mut texts = Vec::new();
        strings(&analysis, &mut texts);
        assert_keeps_surroundings(stem, "analysis.json", &texts);

        for file in files_under(round) {
            if file.extension().is_some_and(|e| e == "md") {
                let text = fs::read_to_string(round.join(&file)).unwrap();
                let lines: Vec<String> = text.lines().map(str::to_string).collect();
                assert_keeps_surroundings(stem, &file.display().to_string(), &lines);
            }
        }
    }
}

/// Hebrew letters.
fn is_hebrew(text: &str) -> bool {
    text.chars().any(|c| ('\u{0590}'..='\u{05FF}').contains(&c))
}

/// Builds `stem` and reads back its last round's `document`.
fn built_pdf(stem: &str, document: &str) -> pdf_read::Document {
    let dir = assert_fs::TempDir::new().unwrap();
    let out = dir.path().join("out");
    let (code, _, stderr) = run(
        dir.path(),
        &[
            "build",
            hostile(stem).to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(code, 0, "{stem}: {stderr}");
    let pdf = files_under(&out)
        .into_iter()
        .filter(|path| path.ends_with(document))
        .max()
        .unwrap();
    read_pdf(&out.join(pdf))
}

/// The words on the line (baseline) of the first word that is `anchor`.
fn line_of(page: &pdf_read::Page, anchor: &str) -> Option<Vec<pdf_read::Word>> {
    let words = page.words();
    let baseline = words.iter().find(|word| word.text == anchor)?.baseline;
    Some(
        words
            .into_iter()
            .filter(|word| (word.baseline - baseline).abs() < 0.5)
            .collect(),
    )
}

/// The right edge of the rightmost Hebrew glyph among `words`.
fn hebrew_right_edge(words: &[pdf_read::Word]) -> f32 {
    words
        .iter()
        .filter(|word| is_hebrew(&word.text))
        .map(|word| word.rect.x1)
        .fold(f32::MIN, f32::max)
}

#[test]
fn a_right_to_left_name_cut_short_in_the_footer_keeps_the_date_after_it() {
    for document in ["briefing.pdf", "call-sheet.pdf"] {
        let pdf = built_pdf("bidi-long-rtl-name", document);
        let mut footers = 0;
        for (number, page) in pdf.pages.iter().enumerate() {
            // The running footer (briefing) or the heading (call sheet): "Round 2 of 2:
            // <name, cut short> · November 9, 2026".
            let Some(line) = line_of(page, "November") else {
                continue;
            };
            if !line.iter().any(|word| word.text == "Round") {
                continue;
            }
            footers += 1;
            let date = line
                .iter()
                .filter(|word| word.text == "November")
                .map(|word| word.rect.x0)
                .fold(f32::MAX, f32::min);
            let name = hebrew_right_edge(&line);
            assert!(
                name > f32::MIN && date > name,
                "{document} page {}: the date ({date}) is not after the round's name ({name})",
                number + 1
            );
        }
        assert!(footers >= 1, "{document}: no line names the round");
    }
}

#[test]
fn a_company_set_in_boxes_keeps_the_level_and_place_after_it() {
    // The company ends in a 29-letter run, which the summary sets in short boxes so that
    // it can wrap: the isolation around the name must not end up inside a box.
    let pdf = built_pdf("bidi-long-rtl-name", "briefing.pdf");
    let page = &pdf.pages[0];
    let line = line_of(page, "L6").unwrap();
    let level = line.iter().find(|word| word.text == "L6").unwrap().rect.x0;
    let company = hebrew_right_edge(&line);
    assert!(
        company > f32::MIN && level > company,
        "the level ({level}) is printed before the company ({company}): {:?}",
        line.iter().map(|w| w.text.as_str()).collect::<Vec<_>>()
    );
}
