//! Checks and safe forms of the text people write: plain e-mail addresses, right-to-left
//! script and bidirectional controls isolated so that they cannot reorder what is printed
//! around them, the two characters the drafts reserve to mark text as literal, and the
//! one form of a line printed on a terminal ([`for_terminal`]). A leaf: the offer file's
//! checks, the renderers and the commands use it, and it uses none of them.

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

/// Whether `c` is written right to left or makes the neutral text after it so: a
/// right-to-left letter (Hebrew, Arabic, Syriac, Thaana, N'Ko and the rest, bidi class R
/// or AL), an Arabic-Indic digit (AN), or one of the invisible marks that count as such a
/// letter (U+200F RIGHT-TO-LEFT MARK, U+061C ARABIC LETTER MARK). Taken from Unicode's
/// own table, so that no script or mark is forgotten.
fn is_right_to_left(c: char) -> bool {
    use unicode_bidi::BidiClass::{AL, AN, R};
    matches!(unicode_bidi::bidi_class(c), R | AL | AN)
}

/// Whether `text` needs isolating: it holds right-to-left text or a bidirectional control.
fn needs_isolating(text: &str) -> bool {
    text.chars()
        .any(|c| is_right_to_left(c) || is_bidi_control(c))
}

/// `text` with each line that holds right-to-left script, a right-to-left mark or
/// bidirectional controls put between U+2068 (first strong isolate) and U+2069 (pop
/// directional isolate), with what it leaves open closed first and each closer it holds
/// without an opener given one (see [`close_bidi_controls`]), so that nothing inside
/// can end the isolate early. Isolated, a name like `العرض الثاني` or `Offer-` followed by
/// an invisible U+200F cannot pull the figures a document prints after it (`· 2026-11-27`) into its
/// own direction and show them reversed. Only invisible characters are added: the text
/// reads and copies as written.
pub fn isolate_bidi(text: &str) -> String {
    if !needs_isolating(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.split_inclusive('\n') {
        let (content, end) = match line.strip_suffix('\n') {
            Some(content) => (content, "\n"),
            None => (line, ""),
        };
        if needs_isolating(content) {
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
/// reverse the figures a document prints after it; and with every isolate closer
/// (U+2069) that has no opener before it given one (U+2068, making an empty isolate), so
/// that a stray closer cannot end an isolate the text is put in (see [`isolate_bidi`]).
/// A stray U+202C is left as it is: it cannot close an isolate. The text itself is
/// unchanged: only invisible characters are added.
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
            // A closer ends the innermost isolate and every embedding opened inside it.
            '\u{2069}' if open.contains(&Open::Isolate) => {
                while let Some(kind) = open.pop() {
                    if kind == Open::Isolate {
                        break;
                    }
                }
            }
            '\u{2069}' => out.push('\u{2068}'),
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => close(&mut open, &mut out),
            _ => {}
        }
        out.push(c);
    }
    close(&mut open, &mut out);
    out
}

/// `text` made safe to print on a terminal, line by line: every control character a
/// terminal would act on instead of printing (escape sequences, C1 controls such as CSI,
/// the bell, backspace, carriage return, DEL) shown as a visible escape (`\u{1b}`), a
/// tab as a space, and the bidirectional controls of each line closed at its end (see
/// [`close_bidi_controls`]). With `keep_colours`, the colour sequences offerbrief writes
/// itself (`ESC [ … m`, SGR) are kept: only a command that styles its own output (the
/// analysis table) passes it. The one sanitiser of every line offerbrief prints.
pub fn for_terminal(text: &str, keep_colours: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let mut shown = String::with_capacity(line.len());
        let mut rest = line;
        while let Some(c) = rest.chars().next() {
            if keep_colours
                && let Some(length) = colour_sequence(rest)
                && let Some((sequence, after)) = rest.split_at_checked(length)
            {
                shown.push_str(sequence);
                rest = after;
                continue;
            }
            if c == '\t' {
                shown.push(' ');
            } else if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                shown.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            } else {
                shown.push(c);
            }
            rest = rest.get(c.len_utf8()..).unwrap_or_default();
        }
        out.push_str(&close_bidi_controls(&shown));
    }
    out
}

/// The length in bytes of the colour sequence (`ESC [ 1;31 m`) `text` starts with.
fn colour_sequence(text: &str) -> Option<usize> {
    let parameters = text.strip_prefix("\u{1b}[")?;
    let length = parameters
        .find(|c: char| !(c.is_ascii_digit() || c == ';'))
        .filter(|end| {
            parameters
                .get(*end..)
                .is_some_and(|after| after.starts_with('m'))
        })?;
    Some(2 + length + 1)
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
        // A stray isolate closer is kept, after an opener of its own: it closes an empty
        // isolate, never one the text is put in. A stray U+202C cannot close an isolate.
        assert_eq!(
            close_bidi_controls("a\u{2069}\u{202C}"),
            "a\u{2068}\u{2069}\u{202C}"
        );
    }

    #[test]
    fn a_stray_closer_or_a_right_to_left_mark_is_isolated_whole() {
        // A right-to-left mark is an invisible right-to-left letter.
        assert_eq!(
            isolate_bidi("Initial offer\u{200F}-"),
            "\u{2068}Initial offer\u{200F}-\u{2069}"
        );
        assert_eq!(isolate_bidi("Offer\u{61C}"), "\u{2068}Offer\u{61C}\u{2069}");
        // A stray closer cannot end the isolate early.
        assert_eq!(
            isolate_bidi("\u{2069}אמזון"),
            "\u{2068}\u{2068}\u{2069}אמזון\u{2069}"
        );
        assert_eq!(isolate_bidi("Offer\u{200E}"), "Offer\u{200E}");
    }

    #[test]
    fn every_right_to_left_letter_is_caught() {
        use unicode_bidi::BidiClass::{AL, AN, R};
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if matches!(unicode_bidi::bidi_class(c), R | AL | AN) {
                assert!(
                    isolate_bidi(&c.to_string()).starts_with('\u{2068}'),
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn terminal_lines_show_control_characters_as_escapes() {
        assert_eq!(for_terminal("plain\nlines", false), "plain\nlines");
        assert_eq!(
            for_terminal("Seattle\u{1b}[2J\u{9b}1A\u{7}\u{8}\r\u{7f}x\ty", false),
            "Seattle\\u{1b}[2J\\u{9b}1A\\u{7}\\u{8}\\u{d}\\u{7f}x y"
        );
        // Colours offerbrief writes itself are kept when asked; nothing else is.
        assert_eq!(
            for_terminal("\u{1b}[1;31mred\u{1b}[0m \u{1b}[2J\u{1b}]0;t\u{7}", true),
            "\u{1b}[1;31mred\u{1b}[0m \\u{1b}[2J\\u{1b}]0;t\\u{7}"
        );
        assert_eq!(for_terminal("\u{1b}[31mred", false), "\\u{1b}[31mred");
        // An override is closed at the end of its line, not of the text.
        assert_eq!(
            for_terminal("a\u{202E}b\nc", false),
            "a\u{202E}b\u{202C}\nc"
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
