//! The checker validation walks the file with: it collects every problem (not just the
//! first), each located (`file:line:column`), naming the field path and how to fix it, and
//! reads the values people write (money, numbers, dates, choices from a list).

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_saphyr::Spanned;

use super::limits::{Bounds, MAX_TEXT_CHARS, MAX_YEARS, YEARS};
use super::raw::RawNumber;
use crate::error::InputError;
use crate::money::Money;
use crate::user_text::{is_literal_mark, is_plain_address, isolate_bidi};
use crate::vocab::Date;
use crate::yaml::nearest;

/// `text` as a message quotes it: at most 60 characters, then `…`.
pub fn quoted(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// Collects problems as validation walks the file.
pub(super) struct Checker<'a> {
    pub shown: &'a str,
    /// The file's text, to quote a value as it was written.
    pub source: &'a str,
    /// (line, column, message): sorted by place before they are shown.
    pub problems: Vec<(u64, u64, String)>,
}

impl Checker<'_> {
    pub fn report<T>(&mut self, at: &Spanned<T>, path: &str, message: impl AsRef<str>) {
        self.problems
            .push(crate::yaml::located(self.shown, at, path, message.as_ref()));
    }

    /// A number as the file spells it (`1e30`, not the float YAML read), when the value is
    /// a plain scalar on one line; otherwise the value as read.
    pub fn written(&self, value: &Spanned<RawNumber>) -> String {
        let slice = self.source_of(value).filter(|slice| {
            !slice.is_empty()
                && !slice.contains(['\n', '\r'])
                && !slice.starts_with(['"', '\'', '*', '&', '!', '[', '{', '|', '>'])
        });
        quoted(slice.unwrap_or(&value.value.text))
    }

    /// The value's text in the file, trimmed, when the parser says where it is.
    fn source_of<T>(&self, value: &Spanned<T>) -> Option<&str> {
        let span = value.referenced.span();
        span.byte_offset()
            .zip(span.byte_len())
            .and_then(|(offset, len)| {
                let start = usize::try_from(offset).ok()?;
                let end = start.checked_add(usize::try_from(len).ok()?)?;
                self.source.get(start..end)
            })
            .map(str::trim)
    }

    /// Reports a number written in quotes (`"75"`), which is text, with `hint`; `true` when
    /// it did.
    pub fn quoted_number(&mut self, value: &Spanned<RawNumber>, path: &str, hint: &str) -> bool {
        let in_quotes = value.value.as_text
            && self
                .source_of(value)
                .is_some_and(|slice| slice.starts_with(['"', '\'']));
        if in_quotes {
            self.report(
                value,
                path,
                format!(
                    "{:?} is in quotes, which makes it text; {hint}, without quotes",
                    quoted(&value.value.text)
                ),
            );
        }
        in_quotes
    }

    /// A required piece of text: trimmed, not empty, at most [`MAX_TEXT_CHARS`] as written,
    /// and isolated when it holds right-to-left script (see [`isolate_bidi`]).
    pub fn text(&mut self, value: &Spanned<String>, path: &str) -> String {
        let text = value.value.trim();
        if text.is_empty() {
            self.report(
                value,
                path,
                "is empty; write a value or remove the field if it is optional",
            );
        }
        let length = value.value.chars().count();
        if length > MAX_TEXT_CHARS {
            self.report(
                value,
                path,
                format!(
                    "is {length} characters long; a field holds at most {MAX_TEXT_CHARS}: shorten it (it starts {:?})",
                    quoted(text)
                ),
            );
        }
        if let Some(mark) = text.chars().find(|c| is_literal_mark(*c)) {
            self.report(
                value,
                path,
                format!(
                    "holds U+{:04X}, a character reserved for programs' own use; remove it",
                    u32::from(mark)
                ),
            );
        }
        isolate_bidi(text)
    }

    /// A list that may hold at most `limit` items; `false` (after reporting) when longer.
    pub fn within<U>(
        &mut self,
        list: &Spanned<Vec<U>>,
        path: &str,
        limit: usize,
        what: &str,
    ) -> bool {
        if list.value.len() > limit {
            self.report(
                list,
                path,
                format!("lists {} {what}; list at most {limit}", list.value.len()),
            );
            return false;
        }
        true
    }

    /// An optional e-mail address: a plain `name@example.com`, nothing that could end the
    /// address or start another header in an e-mail draft.
    pub fn email(&mut self, value: &Option<Spanned<String>>, path: &str) -> Option<String> {
        let value = value.as_ref()?;
        let address = value.value.trim();
        if address.is_empty() {
            self.report(
                value,
                path,
                "is empty; write an address such as name@example.com, or remove the field",
            );
            return None;
        }
        if !is_plain_address(address) {
            self.report(
                value,
                path,
                format!(
                    "{address:?} is not a plain e-mail address; write it as name@example.com, without a display name, spaces or line breaks"
                ),
            );
            return None;
        }
        Some(address.to_string())
    }

    pub fn optional_text(&mut self, value: &Option<Spanned<String>>, path: &str) -> Option<String> {
        value
            .as_ref()
            .map(|value| self.text(value, path))
            .filter(|text| !text.is_empty())
    }

    /// An amount of money; `None` (after reporting) when it is not one.
    pub fn money(&mut self, value: &Spanned<RawNumber>, path: &str) -> Option<Money> {
        match Money::parse(&value.value.text) {
            Ok(money) => Some(money),
            Err(reason) => {
                let written = self.written(value);
                self.report(
                    value,
                    path,
                    format!("{written:?} {reason}; write it as 185000, \"185k\" or \"$185,000\""),
                );
                None
            }
        }
    }

    pub fn optional_money(
        &mut self,
        value: &Option<Spanned<RawNumber>>,
        path: &str,
    ) -> Option<Money> {
        value.as_ref().and_then(|value| self.money(value, path))
    }

    pub fn money_or_zero(&mut self, value: &Option<Spanned<RawNumber>>, path: &str) -> Money {
        self.optional_money(value, path).unwrap_or(Money::ZERO)
    }

    /// A number within `bounds`, described by `hint` when it is not. It must be a YAML
    /// number: `"75"` in quotes is text (money alone is also written as text, `"185k"`),
    /// as the schema says.
    pub fn number(
        &mut self,
        value: &Spanned<RawNumber>,
        path: &str,
        bounds: Bounds,
        hint: &str,
    ) -> Option<Decimal> {
        let written = self.written(value);
        let problem = match plain_number(&value.value) {
            Ok(number) if number >= bounds.low && number <= bounds.high => return Some(number),
            Ok(_) | Err(NotANumber::TooLarge) => format!("{written} is out of range; {hint}"),
            Err(NotANumber::Text) if self.quoted_number(value, path, hint) => return None,
            Err(NotANumber::Text | NotANumber::NotFinite) => {
                format!("{written:?} is not a number; {hint}")
            }
        };
        self.report(value, path, problem);
        None
    }

    /// A whole number within `range`, written as a YAML number; `None` (without a report:
    /// the caller words it) when it is not one.
    pub fn count(
        &mut self,
        value: &Spanned<RawNumber>,
        range: std::ops::RangeInclusive<u32>,
    ) -> Option<u32> {
        use rust_decimal::prelude::ToPrimitive;
        let number = plain_number(&value.value).ok()?;
        if !number.fract().is_zero() {
            return None;
        }
        number.to_u32().filter(|n| range.contains(n))
    }

    pub fn date(&mut self, value: &Option<Spanned<String>>, path: &str) -> Option<Date> {
        let value = value.as_ref()?;
        // Digits only where YYYY-MM-DD has them (`Date::parse` would read `+1` as a month).
        let digits_in_place = value.value.trim().char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
        match Date::parse(&value.value).filter(|_| digits_in_place) {
            Some(date) if YEARS.contains(&date.year) => Some(date),
            Some(date) => {
                self.report(
                    value,
                    path,
                    format!(
                        "{date} is not a date of an offer; write a year from {} to {}, e.g. 2026-11-20",
                        YEARS.start(),
                        YEARS.end()
                    ),
                );
                None
            }
            None => {
                self.report(
                    value,
                    path,
                    format!(
                        "{:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20",
                        quoted(&value.value)
                    ),
                );
                None
            }
        }
    }

    pub fn money_list(
        &mut self,
        values: &Option<Spanned<Vec<Spanned<RawNumber>>>>,
        path: &str,
    ) -> Vec<Money> {
        let Some(values) = values else {
            return Vec::new();
        };
        if values.value.len() > MAX_YEARS {
            self.report(
                values,
                path,
                format!(
                    "lists {} years; list at most {MAX_YEARS}, one amount per year",
                    values.value.len()
                ),
            );
            return Vec::new();
        }
        values
            .value
            .iter()
            .enumerate()
            .map(|(i, value)| {
                self.money(value, &format!("{path}[{i}]"))
                    .unwrap_or(Money::ZERO)
            })
            .collect()
    }

    /// A name from a fixed list, written exactly as the list has it (as the schema's
    /// `enum` says), with the nearest one suggested.
    pub fn choice<'k>(
        &mut self,
        value: &Spanned<String>,
        path: &str,
        known: &[&'k str],
    ) -> Option<&'k str> {
        let text = value.value.as_str();
        if let Some(found) = known.iter().find(|name| **name == text) {
            return Some(found);
        }
        let hint = match nearest(text, known) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("write one of {}", known.join(", ")),
        };
        self.report(
            value,
            path,
            format!("{:?} is not allowed here; {hint}", quoted(text)),
        );
        None
    }
}

/// Why a value is not a plain number.
enum NotANumber {
    /// It was written as text (in quotes, or words).
    Text,
    /// YAML's `.inf` or `.nan`.
    NotFinite,
    /// More digits than a decimal holds.
    TooLarge,
}

/// A YAML number's value. YAML numbers reach the file's [`RawNumber`] as plain decimal
/// digits (a float as Rust prints it, never with an exponent), so this reads those.
fn plain_number(value: &RawNumber) -> Result<Decimal, NotANumber> {
    let text = value.text.trim();
    if value.as_text {
        return Err(NotANumber::Text);
    }
    Decimal::from_str(text).map_err(|_| {
        let lower = text.to_ascii_lowercase();
        if lower.contains("inf") || lower.contains("nan") {
            NotANumber::NotFinite
        } else {
            NotANumber::TooLarge
        }
    })
}

impl Checker<'_> {
    /// The problems found, in file order, as one error; `None` when there were none.
    pub fn into_error(mut self) -> Option<InputError> {
        if self.problems.is_empty() {
            return None;
        }
        self.problems
            .sort_by_key(|(line, column, _)| (*line, *column));
        Some(InputError {
            problems: self
                .problems
                .into_iter()
                .map(|(_, _, problem)| problem)
                .collect(),
        })
    }
}
