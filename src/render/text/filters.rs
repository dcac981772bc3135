//! The filters the text templates format figures with. Each formats a figure the
//! analysis computed; none computes one.

use std::str::FromStr;

use minijinja::value::Value;
use minijinja::{Environment, Error, ErrorKind};
use rust_decimal::Decimal;

use super::markdown::oneline;
use crate::money::{Money, fixed, round_half_away};
use crate::vocab::{Approval, Date, LeverKind};

/// Adds every filter to `env`.
pub fn register(env: &mut Environment<'static>) {
    env.add_filter("money", money);
    env.add_filter("money_cents", money_cents);
    env.add_filter("signed_money", signed_money);
    env.add_filter("percent", percent);
    env.add_filter("signed_percent", signed_percent);
    env.add_filter("number", number);
    env.add_filter("shares", shares);
    env.add_filter("count_word", count_word);
    env.add_filter("ordinal", ordinal);
    env.add_filter("lever", lever_label);
    env.add_filter("lever_title", lever_title);
    env.add_filter("approval", approval_label);
    env.add_filter("date", long_date);
    env.add_filter("weekday_date", weekday_date);
    env.add_filter("with_article", with_article);
    env.add_filter("oneline", |text: &str| oneline(text));
}

/// A template number as an exact decimal, read from its shortest decimal text (the
/// analysis serialises money already rounded to cents).
fn decimal(value: &Value, filter: &str) -> Result<Decimal, Error> {
    if let Some(whole) = value.as_i64() {
        return Ok(Decimal::from(whole));
    }
    let not_a_number = || {
        Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "|{filter} expects a number, got {} ({})",
                value.kind(),
                shown(value)
            ),
        )
    };
    if !matches!(value.kind(), minijinja::value::ValueKind::Number) {
        return Err(not_a_number());
    }
    let float = f64::try_from(value.clone()).map_err(|_| not_a_number())?;
    Decimal::from_str(&format!("{float}")).map_err(|_| not_a_number())
}

fn shown(value: &Value) -> String {
    if value.is_undefined() {
        "undefined".into()
    } else {
        value.to_string()
    }
}

/// `$185,000`: whole dollars, as every document shows money (see [`Money`]'s Display).
fn money(value: Value) -> Result<Value, Error> {
    Ok(Value::from_safe_string(
        Money(decimal(&value, "money")?).to_string(),
    ))
}

/// `$141.83`: to the cent, for the few figures that need it (pay per hour).
fn money_cents(value: Value) -> Result<Value, Error> {
    Ok(Value::from_safe_string(
        Money(decimal(&value, "money_cents")?).with_cents(),
    ))
}

/// `+$12,000`, `-$4,000`, or `$0`.
fn signed_money(value: Value) -> Result<Value, Error> {
    Ok(Value::from_safe_string(
        Money(decimal(&value, "signed_money")?).signed(),
    ))
}

/// `53.4%` (one decimal by default; `|percent(2)` for two).
fn percent(value: Value, decimals: Option<u32>) -> Result<Value, Error> {
    let decimals = decimals.unwrap_or(1).min(6);
    let shown = round_half_away(decimal(&value, "percent")?, decimals);
    Ok(Value::from_safe_string(format!(
        "{}%",
        fixed(shown, decimals)
    )))
}

/// `+5.4%`, `-2.0%`, `0.0%`.
fn signed_percent(value: Value, decimals: Option<u32>) -> Result<Value, Error> {
    let decimals = decimals.unwrap_or(1).min(6);
    Ok(Value::from_safe_string(crate::money::signed_percent(
        decimal(&value, "signed_percent")?,
        decimals,
    )))
}

/// A plain number with grouped thousands and no trailing zeros: `2,080`, `7.4`;
/// `|number(1)` rounds it to one decimal first (half away from zero).
fn number(value: Value, decimals: Option<u32>) -> Result<Value, Error> {
    let mut exact = decimal(&value, "number")?;
    if let Some(decimals) = decimals {
        exact = round_half_away(exact, decimals.min(6));
    }
    let exact = exact.normalize();
    Ok(Value::from_safe_string(fixed(exact, exact.scale())))
}

/// A count of shares, whole: `1,946` (SPEC §12.5).
fn shares(value: Value) -> Result<Value, Error> {
    let whole = round_half_away(decimal(&value, "shares")?, 0);
    Ok(Value::from_safe_string(fixed(whole, 0)))
}

/// A small whole count in words, as prose writes it ("four years"); 10 and above, or a
/// fraction, in figures.
fn count_word(value: Value) -> Result<Value, Error> {
    const WORDS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    let exact = decimal(&value, "count_word")?.normalize();
    let word = (exact.scale() == 0)
        .then(|| usize::try_from(exact.mantissa()).ok())
        .flatten()
        .and_then(|count| WORDS.get(count));
    Ok(match word {
        Some(word) => Value::from_safe_string((*word).to_string()),
        None => Value::from_safe_string(fixed(exact, exact.scale())),
    })
}

/// `75th`, `1st`, `22nd`, `12.5th`.
fn ordinal(value: Value) -> Result<Value, Error> {
    let exact = decimal(&value, "ordinal")?.normalize();
    let text = fixed(exact, exact.scale());
    let suffix = if exact.scale() > 0 {
        "th"
    } else {
        let whole = exact.abs().to_string().parse::<u64>().unwrap_or(0);
        match (whole % 10, whole % 100) {
            (_, 11..=13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        }
    };
    Ok(Value::from_safe_string(format!("{text}{suffix}")))
}

/// A lever code (`sign_on`) as prose (`sign-on bonus`).
fn lever_label(code: &str) -> Result<Value, Error> {
    Ok(Value::from_safe_string(lever(code)?.label().to_string()))
}

/// A lever code as a list heading: `RSU grant`, `Base salary`.
fn lever_title(code: &str) -> Result<Value, Error> {
    Ok(Value::from_safe_string(lever(code)?.title().to_string()))
}

fn lever(code: &str) -> Result<LeverKind, Error> {
    LeverKind::from_code(code).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("|lever: unknown lever {code:?}"),
        )
    })
}

/// An approval code (`hiring_manager`) as prose (`hiring manager`).
fn approval_label(code: &str) -> Result<Value, Error> {
    Approval::from_code(code)
        .map(|approval| Value::from_safe_string(approval.label().to_string()))
        .ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidOperation,
                format!("|approval: unknown approval level {code:?}"),
            )
        })
}

/// `2027-01-11` as `January 11, 2027`; anything else is shown as given.
/// `Monday, March 8, 2027`.
fn weekday_date(text: &str) -> Value {
    match Date::parse(text) {
        Some(date) => Value::from_safe_string(date.long_with_weekday()),
        None => Value::from(text),
    }
}

/// The printed figure with "a" or "an" before it, as the number is spoken: "an $18,000",
/// "an 8%", "a $180,000" (SPEC §12.5).
fn with_article(value: Value) -> Value {
    let text = value.to_string();
    let article = crate::user_text::indefinite_article(&text);
    let joined = format!("{article} {text}");
    if value.is_safe() {
        Value::from_safe_string(joined)
    } else {
        Value::from(joined)
    }
}

fn long_date(text: &str) -> Value {
    match Date::parse(text) {
        Some(date) => Value::from_safe_string(date.long()),
        None => Value::from(text),
    }
}
