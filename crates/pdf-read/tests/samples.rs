//! pdf-read against poppler on typst-made PDFs (offerbrief briefings).
//!
//! `tests/fixtures` holds each PDF with what poppler 22.12 said of it, so that these
//! tests need no poppler: `NAME.pdfinfo.txt` (`pdfinfo -isodates -f 1 -l 999`),
//! `NAME.pdffonts.txt` (`pdffonts`), `NAME.pdftotext.txt` (`pdftotext -enc UTF-8`) and
//! `NAME.body.txt` (the same with `-x 0 -y 62 -W 612 -H 668`). `jordan-lee.pdf` and
//! `scripts.pdf` are briefings as typst 0.15 wrote them; `twenty-two-pages.pdf` is two
//! more joined by `pdfunite`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use pdf_read::{Document, Rect};

const SAMPLES: [&str; 3] = ["jordan-lee", "scripts", "twenty-two-pages"];

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn pdf_bytes(sample: &str) -> Vec<u8> {
    std::fs::read(fixture(&format!("{sample}.pdf"))).unwrap()
}

fn read(sample: &str) -> Document {
    pdf_read::read(&pdf_bytes(sample)).unwrap()
}

fn poppler(sample: &str, tool: &str) -> String {
    std::fs::read_to_string(fixture(&format!("{sample}.{tool}.txt"))).unwrap()
}

/// Text with every run of white space as one space.
fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The bidi embedding and isolate marks pdftotext adds or keeps around right-to-left
/// text (it wraps each right-to-left run in U+202B … U+202C).
fn bidi_mark(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn right_to_left(text: &str) -> bool {
    text.chars().any(|c| matches!(c, '\u{0590}'..='\u{08FF}'))
}

/// The words of a text, counted.
fn word_counts(text: &str) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for word in text.split_whitespace() {
        *counts.entry(word).or_default() += 1;
    }
    counts
}

/// The characters of a text but white space and bidi marks, counted.
fn char_counts(text: &str) -> BTreeMap<char, usize> {
    let mut counts = BTreeMap::new();
    for c in text
        .chars()
        .filter(|c| !c.is_whitespace() && !bidi_mark(*c))
    {
        *counts.entry(c).or_default() += 1;
    }
    counts
}

/// How a page's text compares with pdftotext's.
#[derive(Debug, PartialEq)]
enum Agreement {
    /// The same, white space folded.
    Same,
    /// The same words, and each line pdftotext writes is whole in one of ours: only
    /// the order of table columns and side-by-side blocks differs.
    SameLinesOtherOrder,
    /// On a page with right-to-left text: the same letters (pdftotext's bidi marks
    /// aside), and the lines without right-to-left text as above.
    SameLetters,
}

/// Compares one page's text (`ours`, as lines) with pdftotext's; panics on any other
/// difference.
fn agreement(context: &str, ours: &[String], theirs: &str) -> Agreement {
    let ours_text = ours.join("\n");
    if folded(&ours_text) == folded(theirs) {
        return Agreement::Same;
    }
    let our_lines: Vec<String> = ours.iter().map(|line| folded(line)).collect();
    for line in theirs.lines().map(folded) {
        if line.is_empty() || right_to_left(&line) {
            continue;
        }
        assert!(
            our_lines.iter().any(|ours| ours.contains(&line)),
            "{context}: pdftotext's line {line:?} is not whole in any line of ours:\n{ours_text}"
        );
    }
    if right_to_left(theirs) {
        assert_eq!(
            char_counts(&ours_text),
            char_counts(theirs),
            "{context}: other letters"
        );
        return Agreement::SameLetters;
    }
    assert_eq!(
        word_counts(&ours_text),
        word_counts(theirs),
        "{context}: other words"
    );
    Agreement::SameLinesOtherOrder
}

#[test]
fn page_count_and_sizes_are_pdfinfos() {
    for sample in SAMPLES {
        let pdf = read(sample);
        let info = poppler(sample, "pdfinfo");
        let pages: usize = info
            .lines()
            .find_map(|line| line.strip_prefix("Pages:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert_eq!(pdf.pages.len(), pages, "{sample}");
        let sizes: Vec<String> = info
            .lines()
            .filter(|line| line.starts_with("Page ") && line.contains(" size:"))
            .map(|line| {
                let size = line.split_once("size:").unwrap().1.trim();
                size.split(" pts").next().unwrap().to_string()
            })
            .collect();
        assert_eq!(sizes.len(), pages, "{sample}");
        for (page, size) in pdf.pages.iter().zip(sizes) {
            assert_eq!(
                format!("{} x {}", page.width, page.height),
                size,
                "{sample}"
            );
        }
    }
}

#[test]
fn the_document_information_is_pdfinfos() {
    for sample in ["jordan-lee", "scripts"] {
        let pdf = read(sample);
        let info = poppler(sample, "pdfinfo");
        let field = |name: &str| {
            info.lines()
                .find_map(|line| line.strip_prefix(&format!("{name}:")))
                .map(|value| value.trim().to_string())
        };
        assert_eq!(pdf.info.title, field("Title"), "{sample}");
        assert_eq!(pdf.info.author, field("Author"), "{sample}");
        assert_eq!(pdf.info.subject, field("Subject"), "{sample}");
        assert_eq!(pdf.info.keywords, field("Keywords"), "{sample}");
        assert_eq!(pdf.info.creator, field("Creator"), "{sample}");
        assert_eq!(pdf.info.producer, field("Producer"), "{sample}");
        // pdfinfo -isodates: 2026-11-20T00:00:00Z; the PDF's own form: D:20261120000000Z.
        let iso = |date: &str| {
            let d = date.strip_prefix("D:").unwrap();
            format!(
                "{}-{}-{}T{}:{}:{}{}",
                &d[0..4],
                &d[4..6],
                &d[6..8],
                &d[8..10],
                &d[10..12],
                &d[12..14],
                &d[14..]
            )
        };
        assert_eq!(
            pdf.info.creation_date.as_deref().map(iso),
            field("CreationDate"),
            "{sample}"
        );
        assert_eq!(
            pdf.info.mod_date.as_deref().map(iso),
            field("ModDate"),
            "{sample}"
        );
    }
}

#[test]
fn without_an_info_title_the_xmp_title_is_taken() {
    let mut bytes = pdf_bytes("jordan-lee");
    // Rename the Info dictionary's /Title key (same length: the offsets still hold).
    let at = bytes
        .windows(13)
        .position(|w| w == b"<</Title<FEFF")
        .unwrap();
    bytes[at + 3] = b'X';
    let pdf = pdf_read::read(&bytes).unwrap();
    assert_eq!(
        pdf.info.title.as_deref(),
        Some("Offer briefing \u{2014} Jordan Lee \u{2014} Amazon L6")
    );
}

#[test]
fn fonts_are_pdffonts_rows() {
    for sample in SAMPLES {
        let pdf = read(sample);
        let listing = poppler(sample, "pdffonts");
        let rows: Vec<&str> = listing.lines().skip(2).collect();
        assert_eq!(pdf.fonts.len(), rows.len(), "{sample}: {:?}", pdf.fonts);
        for (font, row) in pdf.fonts.iter().zip(rows) {
            // name, type (may have spaces), encoding, emb, sub, uni, object number, generation.
            let columns: Vec<&str> = row.split_whitespace().collect();
            let n = columns.len();
            assert_eq!(font.name, columns[0], "{sample}: {row}");
            assert_eq!(font.kind, columns[1..n - 6].join(" "), "{sample}: {row}");
            assert_eq!(font.encoding, columns[n - 6], "{sample}: {row}");
            let yes = |column: &str| column == "yes";
            assert_eq!(font.embedded, yes(columns[n - 5]), "{sample}: {row}");
            assert_eq!(font.subset, yes(columns[n - 4]), "{sample}: {row}");
            assert_eq!(font.to_unicode, yes(columns[n - 3]), "{sample}: {row}");
        }
    }
}

#[test]
fn each_page_has_pdftotexts_text_but_for_the_order_of_columns() {
    // Pages whose text is the same as pdftotext's, white space folded (the others have
    // tables or side-by-side blocks, which pdftotext gives column by column, or
    // right-to-left text).
    let expected_same = [("jordan-lee", 4), ("scripts", 0), ("twenty-two-pages", 7)];
    for (sample, same) in expected_same {
        let pdf = read(sample);
        let pdftotext = poppler(sample, "pdftotext");
        let theirs: Vec<&str> = pdftotext.split('\u{c}').collect();
        // pdftotext ends every page with a form feed.
        assert_eq!(theirs.len(), pdf.pages.len() + 1, "{sample}");
        let mut count = 0;
        for (n, (page, theirs)) in pdf.pages.iter().zip(&theirs).enumerate() {
            let context = format!("{sample} page {}", n + 1);
            if agreement(&context, &page.lines(), theirs) == Agreement::Same {
                count += 1;
            }
        }
        assert_eq!(count, same, "{sample}: pages the same as pdftotext's");
    }
}

#[test]
fn the_document_text_is_laid_out_as_pdftotexts() {
    let pdf = read("jordan-lee");
    let text = pdf.text();
    assert_eq!(text.matches('\u{c}').count(), pdf.pages.len());
    assert!(text.ends_with("\n\u{c}"));
    let last = pdf.pages.last().unwrap().text();
    assert!(text.ends_with(&format!("{last}\n\u{c}")));
}

#[test]
fn the_text_in_an_area_is_pdftotexts_with_the_same_crop() {
    let body = Rect::from_xywh(0.0, 62.0, 612.0, 668.0);
    for sample in SAMPLES {
        let pdf = read(sample);
        let cropped = poppler(sample, "body");
        for (n, (page, theirs)) in pdf.pages.iter().zip(cropped.split('\u{c}')).enumerate() {
            let context = format!("{sample} page {} (cropped)", n + 1);
            let ours: Vec<String> = page.text_in(body).lines().map(str::to_string).collect();
            agreement(&context, &ours, theirs);
        }
    }
}

#[test]
fn the_running_header_and_footer_are_outside_the_body() {
    let pdf = read("jordan-lee");
    let page = &pdf.pages[1];
    let header = page.text_in(Rect::from_xywh(0.0, 0.0, 612.0, 62.0));
    let footer = page.text_in(Rect::from_xywh(0.0, 730.0, 612.0, 62.0));
    assert_eq!(
        header,
        "Jordan Lee · Amazon L6 · Seattle Negotiation briefing"
    );
    assert_eq!(
        footer,
        "Round 1 of 1: Initial offer · 2026-11-20 Page 2 of 10"
    );
    let body = page.text_in(Rect::from_xywh(0.0, 62.0, 612.0, 668.0));
    assert!(!body.contains("Negotiation briefing") && !body.contains("Page 2 of 10"));
    assert!(page.text().starts_with(&header) && page.text().ends_with(&footer));
}

#[test]
fn words_have_pdftotexts_bounding_boxes() {
    // `pdftotext -f 1 -l 2 -bbox`: a word's box from its glyphs' advances and the font's
    // ascent and descent.
    let pdf = read("jordan-lee");
    let html = std::fs::read_to_string(fixture("jordan-lee.bbox.html")).unwrap();
    let mut total = 0;
    let mut found = 0;
    for (page, html) in pdf.pages.iter().zip(html.split("<page ").skip(1)) {
        let words = page.words();
        for line in html.lines().filter(|line| line.contains("<word ")) {
            let number = |name: &str| -> f32 {
                let from = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                line[from..].split('"').next().unwrap().parse().unwrap()
            };
            let rect = Rect::new(
                number("xMin"),
                number("yMin"),
                number("xMax"),
                number("yMax"),
            );
            let text = line.split('>').nth(1).unwrap().split('<').next().unwrap();
            total += 1;
            let close = |a: f32, b: f32| (a - b).abs() < 0.01;
            if words.iter().any(|word| {
                word.text == text
                    && close(word.rect.x0, rect.x0)
                    && close(word.rect.y0, rect.y0)
                    && close(word.rect.x1, rect.x1)
                    && close(word.rect.y1, rect.y1)
            }) {
                found += 1;
            }
        }
    }
    assert!(total > 400);
    assert_eq!(found, total, "words with pdftotext's text and box");
}

#[test]
fn words_carry_their_font_and_size_and_do_not_overlap_on_a_line() {
    let pdf = read("jordan-lee");
    // "Jordan Lee", the candidate's name, is the largest text on the first page.
    let name = pdf.pages[0]
        .words()
        .into_iter()
        .find(|word| word.text == "Jordan")
        .unwrap();
    assert!(name.font.ends_with("+Inter-Bold-Identity-H"), "{name:?}");
    assert!((name.size - 22.0).abs() < 0.01, "{name:?}");
    for page in &pdf.pages {
        let words = page.words();
        for (i, a) in words.iter().enumerate() {
            for b in &words[i + 1..] {
                if (a.baseline - b.baseline).abs() < 1.0 {
                    let across = a.rect.x1.min(b.rect.x1) - a.rect.x0.max(b.rect.x0);
                    assert!(across < 0.5, "{a:?} overlaps {b:?}");
                }
            }
        }
    }
}

#[test]
fn no_word_of_a_typst_briefing_is_printed_over_another() {
    for sample in SAMPLES {
        for (number, page) in read(sample).pages.iter().enumerate() {
            let found = page.overprinted(0.5);
            assert!(found.is_empty(), "{sample} page {}: {found:?}", number + 1);
        }
    }
}

#[test]
fn ligatures_give_their_letters() {
    let pdf = read("jordan-lee");
    let text = pdf.text();
    for word in ["first", "offer", "flat"] {
        assert!(text.contains(word), "no {word:?}");
    }
    assert!(!text.contains('\u{FB01}') && !text.contains('\u{FB02}'));
}

#[test]
fn actual_text_and_right_to_left_runs_come_out_in_reading_order() {
    let pdf = read("scripts");
    // The name is "山田 太郎 دنا": the Arabic is drawn left to right, read right to left.
    assert!(
        pdf.pages[0].lines()[1].contains("山田 太郎 دنا"),
        "{:?}",
        pdf.pages[0].lines()
    );
    // The running header has the name in bidi isolates, given as /ActualText.
    let header = pdf.pages[1].text_in(Rect::from_xywh(0.0, 0.0, 612.0, 62.0));
    assert!(
        header.starts_with("山田 太郎 دنا\u{2069} · Amazon L6"),
        "{header:?}"
    );
}

#[test]
fn not_a_pdf_is_an_error() {
    assert!(pdf_read::read(b"").is_err());
    assert!(pdf_read::read(b"hello, world").is_err());
    let mut cut = pdf_bytes("jordan-lee");
    cut.truncate(1000);
    // A cut file may or may not be readable, but it does not panic.
    let _ = pdf_read::read(&cut);
}
