//! Checks and safe forms of the text people write: plain e-mail addresses, right-to-left
//! script isolated so that it cannot reorder the figures printed after it, and the two
//! characters the drafts reserve to mark text as literal. A leaf: the offer file's checks
//! and the renderers both use it, and it uses neither.

/// Starts text that is printed as written, never read as markup (U+FDD0, a noncharacter).
pub const LITERAL_START: char = '\u{FDD0}';
/// Ends it (U+FDD1).
pub const LITERAL_END: char = '\u{FDD1}';

/// Whether `c` is one of the marks, which no field may hold.
pub fn is_literal_mark(c: char) -> bool {
    c == LITERAL_START || c == LITERAL_END
}

/// Text on one line: every run of whitespace and control characters becomes one space.
pub fn oneline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// "a" or "an" before `text`, as English speaks it. For a figure (`$18,000`, `8%`,
/// `11.5%`) the article follows the number as spoken: "an" before eight, eleven,
/// eighteen, eighty… and eight hundred… in its leading group of digits. For a word, "an"
/// before a vowel letter (a rule of thumb: "an hour" and "a user" are not caught).
pub fn indefinite_article(text: &str) -> &'static str {
    let figure = text.trim_start_matches(['$', '+', '-', '\u{2212}', '(']);
    if figure.starts_with(|c: char| c.is_ascii_digit()) {
        let lead: String = figure
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .collect();
        let lead = lead.split(',').next().unwrap_or("");
        let vowel = matches!(lead, "8" | "11" | "18")
            || ((lead.len() == 2 || lead.len() == 3) && lead.starts_with('8'));
        return if vowel { "an" } else { "a" };
    }
    match text.chars().next() {
        Some(c) if "aeiouAEIOU".contains(c) => "an",
        _ => "a",
    }
}

/// Whether `address` is a plain `local@domain`, with nothing that could end the address or
/// the header in an e-mail (spaces, angle brackets, commas, quotes, control characters).
pub fn is_plain_address(address: &str) -> bool {
    let mut parts = address.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && address.chars().all(|c| {
            !c.is_whitespace()
                && !c.is_control()
                && !matches!(
                    c,
                    '<' | '>' | ',' | ';' | ':' | '"' | '(' | ')' | '[' | ']' | '\\'
                )
                && !is_bidi_control(c)
        })
}

/// Letters written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko and their
/// presentation forms, and the historic scripts of the supplementary planes).
fn is_right_to_left(c: char) -> bool {
    matches!(
        c,
        '\u{0590}'..='\u{08FF}'
            | '\u{FB1D}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFC}'
            | '\u{10800}'..='\u{10FFF}'
            | '\u{1E800}'..='\u{1EFFF}'
    )
}

/// `text` with each line that holds right-to-left script or bidirectional controls put
/// between U+2068 (first strong isolate) and U+2069 (pop directional isolate), with any
/// embedding or override it leaves open closed first. Isolated, a name like `العرض الثاني`
/// cannot pull the figures a document prints after it (`· 2026-11-27`) into its own
/// direction and show them reversed. Only invisible characters are added: the text reads
/// and copies as written.
pub fn isolate_bidi(text: &str) -> String {
    if !text
        .chars()
        .any(|c| is_right_to_left(c) || is_bidi_control(c))
    {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.split_inclusive('\n') {
        let (content, end) = match line.strip_suffix('\n') {
            Some(content) => (content, "\n"),
            None => (line, ""),
        };
        if content
            .chars()
            .any(|c| is_right_to_left(c) || is_bidi_control(c))
        {
            out.push('\u{2068}');
            out.push_str(&close_bidi_controls(content));
            out.push('\u{2069}');
        } else {
            out.push_str(content);
        }
        out.push_str(end);
    }
    out
}

/// Unicode's explicit bidirectional formatting characters (embeddings, overrides and
/// isolates, with their terminators).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every explicit bidirectional embedding, override or isolate it leaves open
/// closed at the end of its line, so that a right-to-left override in a name cannot
/// reverse the figures a document prints after it. The text itself is unchanged: only
/// the invisible terminators (U+202C, U+2069) are added.
pub fn close_bidi_controls(text: &str) -> String {
    if !text.chars().any(is_bidi_control) {
        return text.to_string();
    }
    /// What is open: an embedding or override (closed by U+202C) or an isolate (U+2069).
    #[derive(Clone, Copy, PartialEq)]
    enum Open {
        Embedding,
        Isolate,
    }
    fn close(open: &mut Vec<Open>, out: &mut String) {
        while let Some(kind) = open.pop() {
            out.push(match kind {
                Open::Embedding => '\u{202C}',
                Open::Isolate => '\u{2069}',
            });
        }
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut open = Vec::new();
    for c in text.chars() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => open.push(Open::Embedding),
            '\u{2066}'..='\u{2068}' => open.push(Open::Isolate),
            '\u{202C}' if open.last() == Some(&Open::Embedding) => {
                open.pop();
            }
            '\u{2069}' if open.contains(&Open::Isolate) => {
                while let Some(kind) = open.pop() {
                    if kind == Open::Isolate {
                        break;
                    }
                }
            }
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => close(&mut open, &mut out),
            _ => {}
        }
        out.push(c);
    }
    close(&mut open, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_addresses_only() {
        assert!(is_plain_address("jordan.lee@example.com"));
        for bad in [
            "jordan",
            "a@b@c",
            "@example.com",
            "jo@",
            "Jo <jo@example.com>",
            "jo@example.com\nBcc: x@example.com",
            "jo@example.com,x@example.com",
            "jo\u{202E}@example.com",
        ] {
            assert!(!is_plain_address(bad), "{bad:?} was accepted");
        }
    }

    #[test]
    fn right_to_left_lines_are_isolated() {
        assert_eq!(isolate_bidi("Jordan Lee"), "Jordan Lee");
        assert_eq!(isolate_bidi("العرض"), "\u{2068}العرض\u{2069}");
        assert_eq!(
            isolate_bidi("a\u{202E}b\nplain\nשלום"),
            "\u{2068}a\u{202E}b\u{202C}\u{2069}\nplain\n\u{2068}שלום\u{2069}"
        );
    }

    #[test]
    fn open_bidi_controls_are_closed_at_the_end_of_each_line() {
        assert_eq!(close_bidi_controls("plain"), "plain");
        assert_eq!(close_bidi_controls("a\u{202E}b"), "a\u{202E}b\u{202C}");
        assert_eq!(
            close_bidi_controls("a\u{202E}b\u{202C}"),
            "a\u{202E}b\u{202C}"
        );
        assert_eq!(
            close_bidi_controls("\u{2067}a\u{202B}b"),
            "\u{2067}a\u{202B}b\u{202C}\u{2069}"
        );
        assert_eq!(close_bidi_controls("\u{202E}a\nb"), "\u{202E}a\u{202C}\nb");
        // A stray terminator opens nothing and is kept as written.
        assert_eq!(
            close_bidi_controls("a\u{2069}\u{202C}"),
            "a\u{2069}\u{202C}"
        );
    }

    #[test]
    fn the_article_follows_the_number_as_spoken() {
        for (text, article) in [
            ("$18,000", "an"),
            ("$8,000", "an"),
            ("$11,500", "an"),
            ("$80,000", "an"),
            ("$800", "an"),
            ("8%", "an"),
            ("11.5%", "an"),
            ("$180,000", "a"),
            ("$1,800", "a"),
            ("$100,000", "a"),
            ("$1,100,000", "a"),
            ("offer", "an"),
            ("bonus", "a"),
        ] {
            assert_eq!(indefinite_article(text), article, "{text}");
        }
    }
}
