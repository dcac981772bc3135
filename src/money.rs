//! `Money`: a dollar amount held as an exact decimal, with the parsing people type
//! (`185000`, `"185k"`, `"$185,000"`, `"1.2M"`) and the display reports use (`$185,000`).

use std::cell::Cell;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Div, Mul, Sub};
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Serialize, Serializer};

/// The largest amount an offer file may hold: a trillion dollars. Anything above it is
/// a typo, and keeping amounts this small keeps every product and power far from
/// `Decimal`'s limits.
///
/// The bound the analysis relies on instead of checking each operation: every amount in an
/// offer or market file (and a grant's shares × price) is at most this; growth and raises
/// are at most 100% a year, over at most 10 years; a round's base is at least $1,000.
/// So a year's pay stays below 2^10 × 4 × 1e12 ≈ 4.1e15, every money figure below 1e17,
/// and a percentage of a four-year total (at least about $1,111) below 1e16 — far inside
/// `Decimal` (7.9e28) and inside what the PDF template turns into whole cents (an `i64`,
/// 9.2e18). `tests/hostile.rs` analyses and builds files at these extremes.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0); // 1e12

/// A dollar amount, exact to the cent and beyond; rounded only when it is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub Decimal);

impl Money {
    /// No money at all.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// A whole number of dollars.
    pub fn dollars(amount: i64) -> Money {
        Money(Decimal::from(amount))
    }

    /// The amount rounded to cents, half away from zero: the form every output shows.
    pub fn cents(self) -> Decimal {
        round_half_away(self.0, 2)
    }

    /// The amount rounded to whole dollars, half away from zero.
    pub fn whole_dollars(self) -> Money {
        Money(round_half_away(self.0, 0))
    }

    /// R(x) of SPEC §4: the amount rounded to a multiple of 1000, half away from zero.
    pub fn round_to_thousand(self) -> Money {
        let thousand = Decimal::from(1000);
        Money(round_half_away(self.0 / thousand, 0) * thousand)
    }

    /// The larger of two amounts.
    pub fn max(self, other: Money) -> Money {
        if other > self { other } else { self }
    }

    /// The smaller of two amounts.
    pub fn min(self, other: Money) -> Money {
        if other < self { other } else { self }
    }

    /// Whether the amount is exactly zero.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Parse an amount as people write it. Returns a sentence saying what is wrong
    /// when the text is not an amount of money.
    pub fn parse(text: &str) -> Result<Money, String> {
        parse_amount(text)
    }
}

/// Round `value` to `dp` decimal places, half away from zero.
pub fn round_half_away(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

fn parse_amount(text: &str) -> Result<Money, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("is empty".into());
    }
    let unsigned = trimmed.strip_prefix('$').unwrap_or(trimmed).trim_start();
    if unsigned.starts_with('-') {
        return Err("is negative; money is never negative".into());
    }
    let (digits, multiplier) = if let Some(digits) = unsigned.strip_suffix(['k', 'K']) {
        (digits, Decimal::from(1000))
    } else if let Some(digits) = unsigned.strip_suffix(['m', 'M']) {
        (digits, Decimal::from(1_000_000))
    } else {
        (unsigned, Decimal::ONE)
    };
    let digits = digits.trim_end();
    if !valid_digits(digits) {
        return Err("is not an amount of money".into());
    }
    let plain: String = digits.chars().filter(|c| *c != ',').collect();
    // Valid digits that `Decimal` cannot hold are simply far too many of them.
    let too_large = || "is too large: amounts stop at $1,000,000,000,000".to_string();
    let number = Decimal::from_str(&plain).map_err(|_| too_large())?;
    let amount = number
        .checked_mul(multiplier)
        .filter(|amount| *amount <= MAX_AMOUNT)
        .ok_or_else(too_large)?;
    Ok(Money(amount))
}

/// Digits with optional thousands commas (every group after the first exactly three
/// digits, so `185,00` is not read as 18,500) and at most one decimal point.
fn valid_digits(digits: &str) -> bool {
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    let mut groups = whole.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|first| !first.is_empty() && (!whole.contains(',') || first.len() <= 3));
    let whole_ok = first_ok
        && whole.chars().all(|c| c.is_ascii_digit() || c == ',')
        && groups.all(|group| group.len() == 3);
    let fraction_ok =
        fraction.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()));
    whole_ok && fraction_ok && fraction.is_none_or(|f| f.len() <= 10)
}

impl fmt::Display for Money {
    /// `$1,234,567`: whole dollars (half away from zero), the one rule for money in every
    /// document; `-$4,000` when negative. [`Money::with_cents`] for the few figures that
    /// need cents.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_dollars(self.whole_dollars().0))
    }
}

impl Money {
    /// `$141.83`, or `$141` when there are no cents: pay per hour.
    pub fn with_cents(self) -> String {
        format_dollars(self.cents())
    }

    /// `+$12,000`, `-$4,000`, or `$0`: a change, in whole dollars.
    pub fn signed(self) -> String {
        let whole = self.whole_dollars();
        if whole.0 > Decimal::ZERO {
            format!("+{whole}")
        } else {
            whole.to_string()
        }
    }
}

/// Format a decimal (already rounded as it should show) as `$1,234,567` or `-$1,234.50`.
fn format_dollars(value: Decimal) -> String {
    let negative = value.is_sign_negative() && !value.is_zero();
    let abs = value.abs();
    let whole = abs.trunc();
    let cents = ((abs - whole) * Decimal::from(100)).trunc();
    let mut digits = whole.to_string();
    if let Some(dot) = digits.find('.') {
        digits.truncate(dot);
    }
    let grouped = group_thousands(&digits);
    let sign = if negative { "-" } else { "" };
    if cents.is_zero() {
        format!("{sign}${grouped}")
    } else {
        format!(
            "{sign}${grouped}.{:02}",
            cents.to_string().parse::<u32>().unwrap_or(0)
        )
    }
}

/// Digits grouped by thousands with commas: `1234567` → `1,234,567`.
pub fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Serialize for Money {
    /// A JSON number in dollars, rounded to cents (SPEC §4); inside [`printed`], the
    /// text the documents print (`$1,235`).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if printing() {
            serializer.serialize_str(&self.typeset())
        } else {
            serialize_decimal(self.cents(), serializer)
        }
    }
}

thread_local! {
    /// Whether figures serialise as printed text (see [`printed`]).
    static PRINTING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `serialise` with every figure (money, percentages, numbers) serialising as the
/// text the documents print instead of as a JSON number: how the typst template gets its
/// figures already rounded and formatted, by the one formatter, so that it never rounds,
/// groups or signs one itself.
pub fn printed<R>(serialise: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            PRINTING.with(|printing| printing.set(self.0));
        }
    }
    let _restore = Restore(PRINTING.with(|printing| printing.replace(true)));
    serialise()
}

/// Whether figures are being serialised as printed text (inside [`printed`]).
pub fn printing() -> bool {
    PRINTING.with(Cell::get)
}

/// The minus sign of typeset figures (U+2212).
pub const MINUS: char = '\u{2212}';

/// A decimal with exactly `decimals` places (half away from zero) and grouped
/// thousands, `-` before a negative: `53.4`, `1,234.50`.
pub fn fixed(value: Decimal, decimals: u32) -> String {
    let mut scaled = round_half_away(value, decimals);
    scaled.rescale(decimals);
    let text = scaled.abs().to_string();
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole.to_string(), Some(fraction.to_string())),
        None => (text, None),
    };
    let sign = if scaled.is_sign_negative() && !scaled.is_zero() {
        "-"
    } else {
        ""
    };
    match fraction {
        Some(fraction) => format!("{sign}{}.{fraction}", group_thousands(&whole)),
        None => format!("{sign}{}", group_thousands(&whole)),
    }
}

/// A plain number with grouped thousands and no trailing zeros: `2,080`, `7.4`, `0.05`.
pub fn plain_number(value: Decimal) -> String {
    let exact = value.normalize();
    fixed(exact, exact.scale())
}

/// `text` with a leading `-` made the typeset minus sign.
/// A percentage with its sign, rounded half away from zero to `decimals`: `+6.7%`,
/// `-3.0%`, `0.0%`. The one spelling of a change in percent, for every output.
pub fn signed_percent(pct: Decimal, decimals: u32) -> String {
    let shown = round_half_away(pct, decimals);
    let sign = if shown > Decimal::ZERO { "+" } else { "" };
    format!("{sign}{}%", fixed(shown, decimals))
}

pub fn typeset_minus(text: String) -> String {
    match text.strip_prefix('-') {
        Some(rest) => format!("{MINUS}{rest}"),
        None => text,
    }
}

impl Money {
    /// A compact amount for chart axes: `$250k`, `$1.5M`, `$2.4B`, `$1,024T`, `−$50k`
    /// (whole dollars below a thousand).
    pub fn short(self) -> String {
        let whole = self.whole_dollars().0;
        let (scaled, suffix) = if whole.abs() >= Decimal::from(1_000_000_000_000_i64) {
            (whole / Decimal::from(1_000_000_000_000_i64), "T")
        } else if whole.abs() >= Decimal::from(1_000_000_000) {
            (whole / Decimal::from(1_000_000_000), "B")
        } else if whole.abs() >= Decimal::from(1_000_000) {
            (whole / Decimal::from(1_000_000), "M")
        } else if whole.abs() >= Decimal::from(1000) {
            (whole / Decimal::from(1000), "k")
        } else {
            (whole, "")
        };
        let shown = round_half_away(scaled, 1).normalize();
        let sign = if shown.is_sign_negative() && !shown.is_zero() {
            MINUS.to_string()
        } else {
            String::new()
        };
        format!("{sign}${}{suffix}", plain_number(shown.abs()))
    }
}

/// A figure that can say how it prints, and on which side of zero it prints.
pub trait Figure {
    /// The text the documents print, with the typeset minus sign.
    fn typeset(&self) -> String;
    /// -1, 0 or 1: the sign of the figure as printed (a figure that rounds to zero is 0).
    fn printed_sign(&self) -> i8;
}

impl Figure for Money {
    fn typeset(&self) -> String {
        typeset_minus(self.to_string())
    }

    fn printed_sign(&self) -> i8 {
        sign_of(self.whole_dollars().0)
    }
}

/// -1, 0 or 1.
pub fn sign_of(value: Decimal) -> i8 {
    if value.is_zero() {
        0
    } else if value.is_sign_negative() {
        -1
    } else {
        1
    }
}

/// A change: a figure shown with its sign (`+$12,000`, `−$4,000`, `$0`). In
/// analysis.json it is the figure itself; inside [`printed`] it is `{text, plain, sign}`
/// (with and without a `+`, and -1, 0 or 1), so a template can colour a fall without
/// comparing numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Signed<T>(pub T);

impl<T: Figure> Signed<T> {
    /// The figure with its sign: `+` before a positive one.
    pub fn typeset(&self) -> String {
        let text = self.0.typeset();
        if self.0.printed_sign() > 0 {
            format!("+{text}")
        } else {
            text
        }
    }
}

impl<T: Figure + Serialize> Serialize for Signed<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if printing() {
            use serde::ser::SerializeStruct;
            let mut printed = serializer.serialize_struct("Signed", 3)?;
            printed.serialize_field("text", &self.typeset())?;
            printed.serialize_field("plain", &self.0.typeset())?;
            printed.serialize_field("sign", &self.0.printed_sign())?;
            printed.end()
        } else {
            self.0.serialize(serializer)
        }
    }
}

/// An amount shown to the cent (pay per hour): `$141.83`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cents(pub Money);

impl Serialize for Cents {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if printing() {
            serializer.serialize_str(&typeset_minus(self.0.with_cents()))
        } else {
            self.0.serialize(serializer)
        }
    }
}

/// Serialise an already-rounded decimal as a JSON number. The conversion happens only
/// here, at the edge: a cents-rounded value far below 2^53 cents is exact as a float.
pub fn serialize_decimal<S: Serializer>(value: Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    let text = value.normalize().to_string();
    let number: f64 = text.parse().map_err(serde::ser::Error::custom)?;
    serializer.serialize_f64(number)
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl Mul<Decimal> for Money {
    type Output = Money;
    fn mul(self, rhs: Decimal) -> Money {
        Money(self.0 * rhs)
    }
}

impl Div<Decimal> for Money {
    type Output = Money;
    fn div(self, rhs: Decimal) -> Money {
        Money(self.0 / rhs)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Decimal {
        Money::parse(text).unwrap().0
    }

    #[test]
    fn short_amounts_stay_short_at_every_size() {
        let short = |amount: i64| Money(Decimal::from(amount)).short();
        assert_eq!(short(950), "$950");
        assert_eq!(short(250_000), "$250k");
        assert_eq!(short(-50_000), "\u{2212}$50k");
        assert_eq!(short(1_500_000), "$1.5M");
        assert_eq!(short(600_000_000), "$600M");
        assert_eq!(short(2_400_000_000), "$2.4B");
        assert_eq!(short(1_000_000_000_000), "$1T");
        assert_eq!(short(1_024_000_000_000_000), "$1,024T");
    }

    #[test]
    fn parses_the_forms_people_type() {
        assert_eq!(parsed("185000"), Decimal::from(185_000));
        assert_eq!(parsed("185k"), Decimal::from(185_000));
        assert_eq!(parsed("$185,000"), Decimal::from(185_000));
        assert_eq!(parsed("1.2M"), Decimal::from(1_200_000));
        assert_eq!(parsed("$1,234.50"), Decimal::from_str("1234.50").unwrap());
        assert_eq!(parsed(" 200K "), Decimal::from(200_000));
        assert_eq!(
            parsed("$1,234,567.89"),
            Decimal::from_str("1234567.89").unwrap()
        );
        assert_eq!(parsed("999,999"), Decimal::from(999_999));
    }

    #[test]
    fn rejects_what_is_not_money() {
        for text in [
            "", "12abc", "$-5", "-5", "1.2.3k", "1,,000", ",100", "k", "$", "1e30", "12.k",
            "185,00", "18,50,00", "1,85,000", "1234,567", "100,", "1,000,00",
        ] {
            assert!(Money::parse(text).is_err(), "{text:?} was accepted");
        }
        assert!(Money::parse("2000000M").unwrap_err().contains("too large"));
        // 1e30 as YAML reads it: valid digits, far too many of them.
        let thirty_one_digits = format!("1{}", "0".repeat(30));
        assert!(
            Money::parse(&thirty_one_digits)
                .unwrap_err()
                .contains("too large")
        );
    }

    #[test]
    fn displays_with_grouping_and_cents_only_when_present() {
        assert_eq!(Money::dollars(1_234_567).to_string(), "$1,234,567");
        assert_eq!(Money::dollars(0).to_string(), "$0");
        assert_eq!(
            Money(Decimal::from_str("999.995").unwrap()).with_cents(),
            "$1,000"
        );
        assert_eq!(
            Money(Decimal::from_str("182474.8").unwrap()).with_cents(),
            "$182,474.80"
        );
        assert_eq!(
            Money(Decimal::from_str("299994.75").unwrap()).to_string(),
            "$299,995"
        );
        assert_eq!(Money(Decimal::from_str("0.5").unwrap()).to_string(), "$1");
        assert_eq!(Money::dollars(-4000).to_string(), "-$4,000");
        assert_eq!(Money::dollars(12000).signed(), "+$12,000");
        assert_eq!(Money(Decimal::from_str("0.4").unwrap()).signed(), "$0");
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(
            Money(Decimal::from_str("0.125").unwrap()).cents(),
            Decimal::from_str("0.13").unwrap()
        );
        assert_eq!(
            Money(Decimal::from(210_500)).round_to_thousand(),
            Money::dollars(211_000)
        );
        assert_eq!(
            Money(Decimal::from(210_499)).round_to_thousand(),
            Money::dollars(210_000)
        );
        assert_eq!(MAX_AMOUNT, Decimal::from(1_000_000_000_000i64));
    }
}
