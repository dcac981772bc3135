//! The markdown the text templates write, and its structure for the PDF.
//!
//! Drafts and the checklist are markdown: the templates write its markup (`**bold**`,
//! `- ` and `1. ` lists), and the text from the offer file is kept from ever becoming
//! markup. In the checklist it is escaped (`\_`), which is what GitHub shows as the text.
//! In a draft, which people paste into a mail client, escapes would show, so the text
//! goes in as written, marked while rendering with two noncharacters
//! ([`LITERAL_START`] … [`LITERAL_END`], which validation keeps out of every field): the
//! PDF reads what lies between them as plain text, and the marks are removed from the
//! `.md` and `.eml` files.

use serde::Serialize;

pub use crate::user_text::{LITERAL_END, LITERAL_START, is_literal_mark};

/// `text` marked as literal.
pub fn literal(text: &str) -> String {
    format!("{LITERAL_START}{text}{LITERAL_END}")
}

/// `text` without the literal marks: what the `.md` and `.eml` files hold.
pub fn unmarked(text: &str) -> String {
    text.chars().filter(|c| !is_literal_mark(*c)).collect()
}

/// `marked` as plain text, for a `text/plain` email: the emphasis the templates write
/// (`**`) is dropped, text from the offer file (between the literal marks) is kept as
/// written, and the marks go.
pub fn plain_text(marked: &str) -> String {
    let mut out = String::with_capacity(marked.len());
    let mut literal = false;
    let mut chars = marked.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            LITERAL_START => literal = true,
            LITERAL_END => literal = false,
            '*' if !literal && chars.peek() == Some(&'*') => {
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub strong: bool,
}

/// A block of a draft as the PDF sets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph; each line is set on a line of its own.
    Paragraph { lines: Vec<Vec<Span>> },
    /// A list: bulleted, or numbered from `start`.
    List {
        start: Option<u32>,
        items: Vec<Vec<Span>>,
    },
}

/// Text as literal GitHub markdown: ASCII punctuation that could start inline markup
/// (emphasis, code, links, HTML, entities, strikethrough, tables, math) or a heading gets
/// a backslash, and line breaks become spaces so the text never starts a line of its own.
pub fn escape_markdown(text: &str) -> String {
    let line = oneline(text);
    let mut out = String::with_capacity(line.len() + 8);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        // A `$` right before a digit (`$185,000`) can never close inline math (a closing
        // `$` is never followed by a digit), so an amount needs no escape.
        let amount = c == '$' && chars.peek().is_some_and(char::is_ascii_digit);
        if !amount
            && matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '|' | '~' | '$' | '&'
            )
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub use crate::user_text::oneline;

/// Text on one line without trimming it: every run of whitespace and control characters
/// becomes one space, so `" to "` stays `" to "` and `"a\nb"` becomes `"a b"`.
pub fn single_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// Trailing spaces off every line, at most one blank line in a row, no blank lines at
/// either end, and exactly one final newline.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() && blank_run > 0 {
            out.push('\n');
        }
        blank_run = 0;
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The blocks of a draft's marked markdown: paragraphs (separated by blank lines) and
/// lists (items starting `- ` or `1. `; a list goes on across blank lines).
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for paragraph in markdown
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let mut items: Vec<(Option<u32>, String)> = Vec::new();
        let mut lines = Vec::new();
        for line in paragraph.lines() {
            match list_marker(line) {
                Some((number, rest)) if lines.is_empty() => items.push((number, rest.to_string())),
                // A line after an item's first continues it, as in markdown.
                _ if !items.is_empty() => {
                    if let Some((_, item)) = items.last_mut() {
                        item.push(' ');
                        item.push_str(line.trim());
                    }
                }
                _ => lines.push(spans(line)),
            }
        }
        if items.is_empty() {
            blocks.push(Block::Paragraph { lines });
            continue;
        }
        let start = items.first().and_then(|(number, _)| *number);
        let spans_of_items = items.iter().map(|(_, text)| spans(text));
        match blocks.last_mut() {
            // A loose list: its items are separated by blank lines.
            Some(Block::List {
                start: previous,
                items,
            }) if previous.is_some() == start.is_some() => items.extend(spans_of_items),
            _ => blocks.push(Block::List {
                start,
                items: spans_of_items.collect(),
            }),
        }
    }
    blocks
}

/// A list item's marker: `- ` (no number) or `12. ` (its number), outside literal text.
fn list_marker(line: &str) -> Option<(Option<u32>, &str)> {
    if let Some(rest) = line.strip_prefix("- ") {
        return Some((None, rest));
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (number, rest) = line.split_at_checked(digits)?;
    let rest = rest.strip_prefix(". ")?;
    Some((Some(number.parse().ok()?), rest))
}

/// The inline runs of one line: `**` outside literal text turns bold on and off (an
/// unpaired one is text), a backslash before ASCII punctuation makes it text, and the
/// literal marks are dropped.
pub fn spans(line: &str) -> Vec<Span> {
    enum Token {
        Char(char),
        Toggle,
    }
    let mut tokens = Vec::new();
    let mut literal_depth = 0usize;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            LITERAL_START => literal_depth += 1,
            LITERAL_END => literal_depth = literal_depth.saturating_sub(1),
            _ if literal_depth > 0 => tokens.push(Token::Char(c)),
            '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => {
                if let Some(next) = chars.next() {
                    tokens.push(Token::Char(next));
                }
            }
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                tokens.push(Token::Toggle);
            }
            _ => tokens.push(Token::Char(c)),
        }
    }
    // An unpaired `**` (the last one, when their count is odd) is text.
    let toggles = tokens.iter().filter(|t| matches!(t, Token::Toggle)).count();
    let mut unpaired = toggles % 2 == 1;
    let mut seen = 0;
    let mut out: Vec<Span> = Vec::new();
    let mut strong = false;
    for token in tokens {
        let text = match token {
            Token::Toggle => {
                seen += 1;
                if unpaired && seen == toggles {
                    unpaired = false;
                    "**".to_string()
                } else {
                    strong = !strong;
                    continue;
                }
            }
            Token::Char(c) => c.to_string(),
        };
        match out.last_mut() {
            Some(span) if span.strong == strong => span.text.push_str(&text),
            _ => out.push(Span { text, strong }),
        }
    }
    out
}

/// The plain text of runs, without their styles.
pub fn plain(spans: &[Span]) -> String {
    spans.iter().map(|span| span.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, strong: bool) -> Span {
        Span {
            text: text.to_string(),
            strong,
        }
    }

    #[test]
    fn bold_is_read_only_outside_literal_text() {
        assert_eq!(
            spans(&format!("**Start date.** I'm {}", literal("**Jo** [x]"))),
            vec![span("Start date.", true), span(" I'm **Jo** [x]", false)]
        );
        assert_eq!(spans("a ** b"), vec![span("a ** b", false)]);
        assert_eq!(
            spans("goals.walk\\_away\\_total"),
            vec![span("goals.walk_away_total", false)]
        );
    }

    #[test]
    fn lists_and_paragraphs_are_told_apart() {
        let text = format!(
            "Hi {},\n\n1. **Base:** ask\n\n2. RSU\nmore\n\n- a\n- b\n\nBest regards,\nJo",
            literal("- not a list")
        );
        let blocks = blocks(&text);
        assert_eq!(blocks.len(), 4, "{blocks:?}");
        assert_eq!(
            blocks[0],
            Block::Paragraph {
                lines: vec![vec![span("Hi - not a list,", false)]]
            }
        );
        let Block::List { start, items } = &blocks[1] else {
            panic!("{blocks:?}")
        };
        assert_eq!(*start, Some(1));
        assert_eq!(items.len(), 2);
        assert_eq!(items[1], vec![span("RSU more", false)]);
        assert!(matches!(&blocks[2], Block::List { start: None, items } if items.len() == 2));
        assert!(matches!(&blocks[3], Block::Paragraph { lines } if lines.len() == 2));
    }

    #[test]
    fn marks_are_removed_from_the_text_files() {
        assert_eq!(unmarked(&literal("a*b")), "a*b");
    }

    #[test]
    fn plain_text_drops_the_templates_emphasis_and_keeps_the_files_text() {
        let marked = format!(
            "**Start date.** I {} and **more**.",
            literal("wrote **this**")
        );
        assert_eq!(
            plain_text(&marked),
            "Start date. I wrote **this** and more."
        );
    }

    #[test]
    fn markdown_escaping_reads_back_as_the_text() {
        let text = "[Evil](x) *co* <b> # _x_ \\ $5";
        assert_eq!(plain(&spans(&escape_markdown(text))), text);
    }

    #[test]
    fn tidy_collapses_blank_lines_and_ends_with_one_newline() {
        assert_eq!(tidy("\n\na  \n\n\n\nb\n\n"), "a\n\nb\n");
    }
}
