//! Protects the legibility of both PDFs at every documented limit: on no page of a briefing
//! or a call sheet is a word printed over another, does a word run off the page or into a
//! margin (the briefing's margins hold its running header and footer and nothing else), or
//! does a figure break across lines. Checked on every example, case and hostile offer, and
//! on offers generated at the limits: two 550-character round names, a 1,000-character
//! competing company and level, 10 and 20 competing offers. Each file is built once and
//! every check runs on what it wrote.

use std::fmt::Write as _;
use std::path::PathBuf;

use pdf_read::{Document, Page, Rect};

use crate::hostile::EXTREME_OFFERS;
use crate::support::{build, cases, examples, read_pdf, root};

/// How far (in points) a word may reach past an edge, or into another word: kerning and
/// rounding, never a line of text.
const TOLERANCE: f32 = 0.5;

/// How far a word may reach into a side margin: typst hangs a line's last punctuation
/// (the `.` of a right-aligned "16.8 pct.") past the edge, as optical alignment does.
const OVERHANG: f32 = 3.0;

/// Where text may go on the pages of one of the PDFs (the margins of `main.typ` and
/// `call-sheet.typ`, in points).
struct Sheet {
    file: &'static str,
    /// The left and right margins.
    side: f32,
    top: f32,
    bottom: f32,
    /// Whether the top and bottom margins hold a running header and footer: one line
    /// each, ending with "Negotiation briefing" (from page 2) and "Page N of M".
    running: bool,
}

const BRIEFING: Sheet = Sheet {
    file: "briefing.pdf",
    side: 61.2,
    top: 61.2,
    bottom: 61.2,
    running: true,
};

const CALL_SHEET: Sheet = Sheet {
    file: "call-sheet.pdf",
    side: 43.2,
    top: 39.6,
    bottom: 39.6,
    running: false,
};

/// A word's text as a message quotes it: at most 40 characters.
fn quoted(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        format!("{short:?}…")
    } else {
        format!("{short:?}")
    }
}

/// What is wrong with one page of `sheet`: words over words, words off the page or in a
/// margin, a running header or footer missing or doubled. Empty when the page is legible.
fn page_problems(sheet: &Sheet, page: &Page, number: usize, pages: usize) -> Vec<String> {
    let mut problems = Vec::new();
    for (a, b) in page.overprinted(TOLERANCE) {
        problems.push(format!(
            "{} at ({:.0}, {:.0}) is printed over {} at ({:.0}, {:.0})",
            quoted(&a.text),
            a.rect.x0,
            a.baseline,
            quoted(&b.text),
            b.rect.x0,
            b.baseline
        ));
    }
    let body = Rect::new(
        sheet.side - TOLERANCE,
        sheet.top - TOLERANCE,
        page.width - sheet.side + TOLERANCE,
        page.height - sheet.bottom + TOLERANCE,
    );
    let running = |baseline: f32| sheet.running && !(body.y0..=body.y1).contains(&baseline);
    for word in page.words() {
        let at = format!(
            "{} at ({:.0}, {:.0})",
            quoted(&word.text),
            word.rect.x0,
            word.baseline
        );
        if word.rect.x0 < -TOLERANCE
            || word.rect.y0 < -TOLERANCE
            || word.rect.x1 > page.width + TOLERANCE
            || word.rect.y1 > page.height + TOLERANCE
        {
            problems.push(format!("{at} runs off the page"));
        } else if word.rect.x0 < body.x0 - OVERHANG || word.rect.x1 > body.x1 + OVERHANG {
            problems.push(format!("{at} runs into the side margin"));
        } else if !running(word.baseline) && !(body.y0..=body.y1).contains(&word.baseline) {
            problems.push(format!("{at} is in the top or bottom margin"));
        }
    }
    if sheet.running {
        let header = page.text_in(Rect::new(0.0, 0.0, page.width, body.y0));
        let footer = page.text_in(Rect::new(0.0, body.y1, page.width, page.height));
        let header_lines: Vec<&str> = header.lines().collect();
        let wanted: &[&str] = if number == 1 {
            &[]
        } else {
            &["Negotiation briefing"]
        };
        if header_lines.len() != wanted.len()
            || !header_lines.iter().zip(wanted).all(|(l, w)| l.ends_with(w))
        {
            problems.push(format!("the top margin holds {header_lines:?}"));
        }
        let footer_lines: Vec<&str> = footer.lines().collect();
        let page_of = format!("Page {number} of {pages}");
        if footer_lines.len() != 1 || !footer_lines[0].ends_with(&page_of) {
            problems.push(format!(
                "the bottom margin holds {footer_lines:?}, not one line ending {page_of:?}"
            ));
        }
    }
    problems
}

/// Whether a figure breaks between two lines of PDF text: a sign or a `$` left at the end
/// of one, or digits grouped on across the break (`$350,` then `000`).
fn breaks_a_figure(line: &str, next: &str) -> bool {
    let line = line.trim_end();
    if line.ends_with(['−', '+', '$']) {
        return true;
    }
    let last = line.split_whitespace().last().unwrap_or("");
    let next_digits = next
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    last.contains('$') && last.ends_with(',') && next_digits == 3
}

/// Everything illegible in `pdf`, one line per problem, each naming its page.
fn problems(sheet: &Sheet, pdf: &Document, figures: bool) -> Vec<String> {
    let mut found = Vec::new();
    for (index, page) in pdf.pages.iter().enumerate() {
        let number = index + 1;
        for problem in page_problems(sheet, page, number, pdf.pages.len()) {
            found.push(format!("page {number}: {problem}"));
        }
        if figures {
            for pair in page.lines().windows(2) {
                if breaks_a_figure(&pair[0], &pair[1]) {
                    found.push(format!(
                        "page {number}: a figure breaks between {:?} and {:?}",
                        pair[0], pair[1]
                    ));
                }
            }
        }
    }
    found
}

/// Builds each file once and checks both PDFs of it; panics with every problem found, a
/// few per document. `figures`: also check that no figure breaks across lines (not for
/// hostile text, which may end a line with a `$` of its own).
fn assert_legible(files: &[PathBuf], figures: bool) {
    let dir = assert_fs::TempDir::new().unwrap();
    let mut report = String::new();
    let mut count = 0;
    for (index, file) in files.iter().enumerate() {
        let round = build(file, &dir.path().join(index.to_string()), &[]);
        for sheet in [&BRIEFING, &CALL_SHEET] {
            let found = problems(sheet, &read_pdf(&round.join(sheet.file)), figures);
            count += found.len();
            if !found.is_empty() {
                let name = file.file_name().unwrap().to_string_lossy();
                let _ = writeln!(report, "{name} {}: {} problems", sheet.file, found.len());
                for problem in found.iter().take(6) {
                    let _ = writeln!(report, "    {problem}");
                }
            }
        }
    }
    assert!(count == 0, "{count} problems:\n{report}");
}

#[test]
fn examples_and_cases_print_no_word_over_another_nor_off_the_page_nor_a_figure_across_lines() {
    let mut files = examples();
    files.extend(cases());
    assert_legible(&files, true);
}

/// The hostile offers of `tests/hostile/`, and those of `numbers/` at the limits of every
/// amount (trillion-dollar figures, ten-year schedules, growth of 100% a year).
#[test]
fn hostile_offers_print_no_word_over_another_nor_off_the_page() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/hostile"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    files.extend(
        EXTREME_OFFERS
            .iter()
            .map(|stem| root().join(format!("tests/hostile/numbers/{stem}.yaml"))),
    );
    assert_legible(&files, false);
}

/// An offer in Seattle with staying at the current job, a tax estimate (so that every
/// section, the comparison after tax included, is there), a round for each of
/// `round_names` and the `competing` offers (YAML list items).
fn offer_at_the_limits(round_names: &[String], competing: &[String]) -> String {
    let mut yaml = String::from(
        "candidate: { name: Priya Natarajan, email: priya@example.com }
recruiter: { name: Jordan Ellis, email: jordan@example.com }
company: Amazon
level: L6
location: Seattle
rounds:
",
    );
    for (i, name) in round_names.iter().enumerate() {
        let _ = write!(
            yaml,
            "  - name: \"{name}\"
    date: 2026-12-{:02}
    base: {}
    sign_on: [70000, 50000]
    rsu: {{ value: 440000 }}
    start_date: 2027-02-01
",
            i + 1,
            205_000 + 5_000 * i
        );
    }
    yaml.push_str(
        "current_job: { company: Contoso, location: Seattle, base: 185000, annual_bonus: 20000, annual_equity: 60000 }
tax: { filing: single, pre_tax: 23500 }
competing_offers:
",
    );
    for offer in competing {
        yaml.push_str(offer);
    }
    yaml
}

/// A competing offer as a YAML list item: the `i`th of a list, in one of four places.
fn competing_offer(i: usize, company: &str, level: &str) -> String {
    let place = ["Bay Area", "NYC", "Seattle", "Austin"][i % 4];
    let status = ["written", "verbal", "expected"][i % 3];
    format!(
        "  - company: \"{company}\"
    level: \"{level}\"
    status: {status}
    location: {place}
    start_date: 2027-02-{:02}
    base: {}
    sign_on: [{}]
    rsu: {{ value: {} }}
    annual_bonus: {}
",
        i % 28 + 1,
        200_000 + 7_000 * i,
        50_000 + 1_000 * i,
        400_000 + 13_000 * i,
        10_000 + 500 * i
    )
}

/// `n` competing offers with ordinary names.
fn competing_offers(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            competing_offer(
                i,
                &format!("Competitor {:02} Holdings", i + 1),
                &format!("L{}", 5 + i % 3),
            )
        })
        .collect()
}

/// `text` repeated to exactly `length` characters.
fn repeated(text: &str, length: usize) -> String {
    text.repeat(length / text.len() + 1)[..length]
        .trim()
        .to_string()
}

#[test]
fn offers_at_the_limits_print_no_word_over_another_nor_off_the_page() {
    let dir = assert_fs::TempDir::new().unwrap();
    let words = |length| repeated("negotiate ", length);
    let unbroken = |length| repeated("abcdefghij", length);
    let offers = [
        (
            "two-long-round-names",
            offer_at_the_limits(&[words(550), unbroken(550)], &competing_offers(1)),
        ),
        (
            "a-long-competing-company-and-level",
            offer_at_the_limits(
                &["Initial offer".to_string()],
                &[competing_offer(0, &unbroken(1000), &words(1000))],
            ),
        ),
        (
            "ten-competing-offers",
            offer_at_the_limits(&["Initial offer".to_string()], &competing_offers(10)),
        ),
        (
            "twenty-competing-offers",
            offer_at_the_limits(&["Initial offer".to_string()], &competing_offers(20)),
        ),
    ];
    let files: Vec<PathBuf> = offers
        .iter()
        .map(|(name, yaml)| {
            let file = dir.path().join(format!("{name}.yaml"));
            std::fs::write(&file, yaml).unwrap();
            file
        })
        .collect();
    assert_legible(&files, true);
}

#[test]
fn the_checks_see_a_word_over_another_or_in_a_margin_a_broken_figure_and_a_wrong_footer() {
    assert!(breaks_a_figure("the total is $350,", "000 over four years"));
    assert!(breaks_a_figure("a change of −", "$4,000"));
    assert!(!breaks_a_figure("the total is $350,000,", "and more"));
    // A briefing as typst wrote it before two fixes: "month 48" under the chart of
    // leaving early reaches into the right margin, and a band's range breaks after
    // "$350,". Nothing else is wrong with it.
    let pdf = read_pdf(&root().join("crates/pdf-read/tests/fixtures/jordan-lee.pdf"));
    let total = pdf.pages.len();
    let found = problems(&BRIEFING, &pdf, true);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].starts_with("page 4: \"month\""), "{found:?}");
    assert!(found[1].starts_with("page 4: \"48\"") && found[1].ends_with("side margin"));
    assert!(found[2].starts_with("page 5: a figure breaks"), "{found:?}");
    // Its second page, said to be the third.
    let second = &pdf.pages[1];
    assert!(page_problems(&BRIEFING, second, 3, total)[0].contains("bottom margin"));
    // Its second page with the first drawn over it again, a little lower.
    let mut doubled = second.clone();
    doubled
        .glyphs
        .extend(pdf.pages[0].glyphs.iter().cloned().map(|mut glyph| {
            glyph.rect.y0 += 3.0;
            glyph.rect.y1 += 3.0;
            glyph.baseline += 3.0;
            glyph
        }));
    let found = page_problems(&BRIEFING, &doubled, 2, total);
    assert!(
        found.iter().any(|p| p.contains("printed over")),
        "{found:?}"
    );
    assert!(found.iter().any(|p| p.contains("margin")), "{found:?}");
}
