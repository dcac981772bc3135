//! Glyphs into words, words into lines.

use crate::{Glyph, Rect};

/// A gap wider than this fraction of the font size between two glyphs separates words
/// (pdftotext's `minWordBreakSpace`).
const WORD_GAP: f32 = 0.1;

/// Two baselines closer than this fraction of the font size are one line.
const SAME_LINE: f32 = 0.5;

/// A run of glyphs with no gap between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The glyphs' text, in drawing order.
    pub text: String,
    /// The box covering every glyph's box.
    pub rect: Rect,
    /// The y of the first glyph's baseline (top-down).
    pub baseline: f32,
    /// The font of the first glyph.
    pub font: String,
    /// The largest font size among the glyphs.
    pub size: f32,
    /// Whether a space came before it (a space glyph, or one in an `/ActualText`).
    space_before: bool,
    /// Whether a space came after it.
    space_after: bool,
}

/// The height of a word's core above its baseline, as a fraction of its size: about the
/// height of a capital letter in most fonts (Inter's is 0.727).
const CORE_HEIGHT: f32 = 0.7;

impl Word {
    /// The part of the word's box that its letters ink whatever they are: across, the
    /// whole word; down, from its baseline up to about a capital's height. Glyph boxes
    /// ([`Word::rect`]) run from the font's ascent to its descent, so that the boxes of
    /// two lines set close together overlap a little; their cores never do.
    pub fn core(&self) -> Rect {
        Rect::new(
            self.rect.x0,
            self.baseline - CORE_HEIGHT * self.size,
            self.rect.x1,
            self.baseline,
        )
    }
}

/// Glyphs into words, in drawing order.
pub(crate) fn words(glyphs: &[Glyph]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    // The last glyph added to the last word, while that word may go on.
    let mut last: Option<&Glyph> = None;
    // Whether the last glyph was, or ended with, a space.
    let mut after_space = false;
    for glyph in glyphs {
        let text = glyph.text.trim();
        let space_before = after_space || glyph.text.starts_with(char::is_whitespace);
        after_space = text.is_empty() || glyph.text.ends_with(char::is_whitespace);
        if text.is_empty() || space_before {
            // A space (or a glyph with no text) ends the word.
            last = None;
            if let Some(word) = words.last_mut() {
                word.space_after |= space_before || text.is_empty();
            }
        }
        if text.is_empty() {
            continue;
        }
        match (words.last_mut(), last) {
            (Some(word), Some(last)) if continues(word, last, glyph) => {
                word.text.push_str(text);
                word.rect = word.rect.union(&glyph.rect);
                word.size = word.size.max(glyph.size);
            }
            _ => words.push(Word {
                text: text.to_string(),
                rect: glyph.rect,
                baseline: glyph.baseline,
                font: glyph.font.clone(),
                size: glyph.size,
                space_before,
                space_after: false,
            }),
        }
        // A glyph whose text ends with a space (an `/ActualText`) ends the word too.
        last = (!after_space).then_some(glyph);
        if after_space && let Some(word) = words.last_mut() {
            word.space_after = true;
        }
    }
    words
}

/// Whether `glyph`, drawn after `last`, goes on `word`: on the same baseline (give or
/// take a superscript), not past a gap, and not back left of the last glyph (a mark
/// drawn over it is not back left).
fn continues(word: &Word, last: &Glyph, glyph: &Glyph) -> bool {
    let size = last.size.max(glyph.size);
    let gap = glyph.rect.x0 - word.rect.x1;
    let (centre, _) = glyph.rect.center();
    (glyph.baseline - last.baseline).abs() <= SAME_LINE * size
        && gap <= WORD_GAP * size
        && centre >= last.rect.x0
}

/// A visual line: words on one baseline, left to right.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub(crate) text: String,
    /// The baseline of its first word (top-down).
    baseline: f32,
    /// The largest font size in it.
    size: f32,
    /// Where it starts and ends across.
    x0: f32,
    x1: f32,
}

/// A line ending with a hyphen goes on with the next when that one is no further below
/// than this fraction of the font size (pdftotext's `maxLineSpacingDelta`: the next
/// line of the same block).
const NEXT_LINE: f32 = 1.5;

/// Words into lines, top to bottom.
pub(crate) fn lines(words: &[Word]) -> Vec<Line> {
    let mut sorted: Vec<&Word> = words.iter().collect();
    sorted.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));

    // Each line: the baseline of its first word, its largest size, its words.
    let mut grouped: Vec<(f32, f32, Vec<&Word>)> = Vec::new();
    for word in sorted {
        match grouped.last_mut() {
            Some((baseline, size, members))
                if (word.baseline - *baseline).abs() <= SAME_LINE * size.max(word.size) =>
            {
                members.push(word);
                *size = size.max(word.size);
            }
            _ => grouped.push((word.baseline, word.size, vec![word])),
        }
    }

    let visual = grouped.into_iter().map(|(baseline, size, mut members)| {
        members.sort_by(|a, b| a.rect.x0.total_cmp(&b.rect.x0));
        let mut text = String::new();
        let mut previous: Option<&Word> = None;
        let (mut x0, mut x1) = (f32::MAX, f32::MIN);
        for word in members {
            if let Some(previous) = previous {
                let gap = word.rect.x0 - previous.rect.x1;
                if gap > WORD_GAP * previous.size.min(word.size)
                    || previous.space_after
                    || word.space_before
                {
                    text.push(' ');
                }
            }
            text.push_str(&word.text);
            x0 = x0.min(word.rect.x0);
            x1 = x1.max(word.rect.x1);
            previous = Some(word);
        }
        Line {
            text: logical_order(&text),
            baseline,
            size,
            x0,
            x1,
        }
    });

    // pdftotext's dehyphenation: a line that ends with a hyphen loses it and goes on
    // with the next line of its block (here: the next line, if just below and across
    // from it).
    let mut lines: Vec<Line> = Vec::new();
    for line in visual {
        match lines.last_mut() {
            Some(last) if continues_after_hyphen(last, &line) => {
                last.text.pop();
                last.text.push_str(&line.text);
                last.baseline = line.baseline;
                last.size = line.size;
                last.x0 = last.x0.min(line.x0);
                last.x1 = last.x1.max(line.x1);
            }
            _ => lines.push(line),
        }
    }
    lines
}

/// Whether `next` goes on the hyphenated line `line`, as the next line of its block.
fn continues_after_hyphen(line: &Line, next: &Line) -> bool {
    line.text.ends_with('-')
        && next.baseline - line.baseline <= NEXT_LINE * line.size.max(next.size)
        && next.x0 < line.x1
        && line.x0 < next.x1
}

/// A line's text with each right-to-left run (from a right-to-left letter to the last
/// one before a left-to-right letter or a digit) reversed, from the order it is drawn in
/// (left to right) to the order it is read in, as pdftotext does (without its embedding
/// marks).
fn logical_order(text: &str) -> String {
    if !text.chars().any(right_to_left) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !right_to_left(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // The run: right-to-left letters and the neutral characters between them.
        let mut end = i;
        let mut j = i;
        while j < chars.len() && !left_to_right(chars[j]) {
            if right_to_left(chars[j]) {
                end = j + 1;
            }
            j += 1;
        }
        out.extend(chars[i..end].iter().rev());
        i = end;
    }
    out
}

/// Letters of the right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, N'Ko and the
/// rest up to U+08FF, and their presentation forms.
fn right_to_left(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
        && c.is_alphabetic()
}

/// What ends a right-to-left run: a letter of another script, or a digit.
fn left_to_right(c: char) -> bool {
    (c.is_alphanumeric() && !right_to_left(c)) || c.is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs of `text` set from `x` on `baseline`, each half an em wide.
    fn run(text: &str, x: f32, baseline: f32, size: f32) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| {
                let x0 = x + i as f32 * size / 2.0;
                Glyph {
                    text: c.to_string(),
                    rect: Rect::new(
                        x0,
                        baseline - 0.9 * size,
                        x0 + size / 2.0,
                        baseline + 0.2 * size,
                    ),
                    baseline,
                    font: "Test".to_string(),
                    size,
                }
            })
            .collect()
    }

    fn text(glyphs: &[Glyph]) -> Vec<String> {
        lines(&words(glyphs)).into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn a_space_glyph_or_a_gap_separates_words() {
        let mut glyphs = run("ab c", 10.0, 100.0, 10.0);
        glyphs.extend(run("de", 40.0, 100.0, 10.0));
        let found: Vec<String> = words(&glyphs).into_iter().map(|w| w.text).collect();
        assert_eq!(found, ["ab", "c", "de"]);
        assert_eq!(text(&glyphs), ["ab c de"]);
    }

    #[test]
    fn glyphs_that_touch_are_one_word_across_fonts_and_superscripts() {
        let mut glyphs = run("10", 10.0, 100.0, 10.0);
        // A smaller superscript, raised a third of an em, right after.
        glyphs.extend(run("th", 20.0, 96.7, 7.0));
        let found = words(&glyphs);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "10th");
        assert_eq!(found[0].baseline, 100.0);
    }

    #[test]
    fn lines_go_top_down_and_words_left_to_right_whatever_the_drawing_order() {
        let mut glyphs = run("right", 200.0, 100.0, 10.0);
        glyphs.extend(run("second", 10.0, 120.0, 10.0));
        // Within 2 pt of the first baseline: the same line.
        glyphs.extend(run("left", 10.0, 101.5, 10.0));
        assert_eq!(text(&glyphs), ["left right", "second"]);
    }

    #[test]
    fn a_hyphen_at_a_line_end_joins_the_next_line_as_pdftotext_does() {
        let mut glyphs = run("nego-", 10.0, 100.0, 10.0);
        glyphs.extend(run("tiation starts", 10.0, 112.0, 10.0));
        glyphs.extend(run("done-", 10.0, 124.0, 10.0));
        assert_eq!(text(&glyphs), ["negotiation starts", "done-"]);
    }

    fn page(glyphs: Vec<Glyph>) -> crate::Page {
        crate::Page {
            width: 612.0,
            height: 792.0,
            glyphs,
        }
    }

    #[test]
    fn lines_set_close_are_not_overprinted_but_lines_drawn_over_each_other_are() {
        // Glyph boxes (0.9 em up, 0.2 em down) of lines an em apart overlap a little;
        // their cores do not.
        let mut glyphs = run("first line", 10.0, 100.0, 10.0);
        glyphs.extend(run("second line", 10.0, 110.0, 10.0));
        assert!(glyphs[0].rect.y1 > glyphs[12].rect.y0 + 0.5);
        assert!(page(glyphs.clone()).overprinted(0.5).is_empty());
        // A third line 3 points below the second: printed over it.
        glyphs.extend(run("third", 30.0, 113.0, 10.0));
        let found = page(glyphs).overprinted(0.5);
        let pairs: Vec<(&str, &str)> = found
            .iter()
            .map(|(a, b)| (a.text.as_str(), b.text.as_str()))
            .collect();
        assert_eq!(pairs, [("second", "third"), ("line", "third")]);
    }

    #[test]
    fn words_side_by_side_that_touch_are_not_overprinted() {
        // Two table cells, the right one drawn first, a space apart.
        let mut glyphs = run("$1,250,000", 63.0, 100.0, 10.0);
        glyphs.extend(run("$1,360,000", 10.0, 100.0, 10.0));
        assert_eq!(words(&glyphs).len(), 2);
        assert!(page(glyphs).overprinted(0.5).is_empty());
        // The right one eight points further left: "$1,360,$1,250,000".
        let mut glyphs = run("$1,250,000", 55.0, 100.0, 10.0);
        glyphs.extend(run("$1,360,000", 10.0, 100.0, 10.0));
        assert_eq!(page(glyphs).overprinted(0.5).len(), 1);
    }

    #[test]
    fn a_mark_drawn_over_its_letter_stays_in_the_word() {
        let mut glyphs = run("ab", 10.0, 100.0, 10.0);
        // A combining mark with no advance, over the "b".
        glyphs.push(Glyph {
            text: "\u{301}".to_string(),
            rect: Rect::new(17.0, 91.0, 17.0, 102.0),
            baseline: 100.0,
            font: "Test".to_string(),
            size: 10.0,
        });
        glyphs.extend(run("c", 20.0, 100.0, 10.0));
        assert_eq!(text(&glyphs), ["ab\u{301}c"]);
    }
}
