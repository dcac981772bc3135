//! The offer file exactly as written: serde types that keep each value's source location
//! (`Spanned`) and hold numbers as their text, so that validation can report every
//! problem at once, each with its line and column.

use std::fmt;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_saphyr::Spanned;

use super::limits::*;
use crate::money::{MAX_AMOUNT, Money};

/// A number or an amount of money as written: `185000`, `185000.50`, `"185k"`, `"$185,000"`,
/// and whether it was written as text (a quoted string, or words) rather than as a YAML
/// number. Parsed during validation, so a malformed value is reported with the others.
#[derive(Debug, Clone, PartialEq)]
pub struct RawNumber {
    /// The value's text: a YAML number as Rust prints it, or the text as written.
    pub text: String,
    /// Whether it was written as text (`"75"`, `185k`) rather than as a YAML number.
    pub as_text: bool,
}

impl RawNumber {
    /// A value written as a YAML number.
    fn number(text: String) -> RawNumber {
        RawNumber {
            text,
            as_text: false,
        }
    }
}

impl<'de> Deserialize<'de> for RawNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawNumberVisitor)
    }
}

struct RawNumberVisitor;

impl Visitor<'_> for RawNumberVisitor {
    type Value = RawNumber;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number such as 185000, or a string such as \"185k\" or \"$185,000\"")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<RawNumber, E> {
        Ok(RawNumber::number(value.to_string()))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawNumber, E> {
        Ok(RawNumber::number(value.to_string()))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<RawNumber, E> {
        Ok(RawNumber::number(value.to_string()))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<RawNumber, E> {
        Ok(RawNumber::number(value.to_string()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<RawNumber, E> {
        // The shortest text that reads back as the same float: `0.1` stays `0.1`.
        Ok(RawNumber::number(if value.is_finite() {
            format!("{value}")
        } else {
            format!("{value}").to_lowercase()
        }))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<RawNumber, E> {
        // YAML's `.inf` and `.nan` arrive as their text (see `yaml::options`): numbers
        // that are not finite, not text.
        let lower = value.trim().to_ascii_lowercase();
        let not_finite = matches!(lower.trim_start_matches(['+', '-']), ".inf" | ".nan");
        Ok(RawNumber {
            text: value.to_string(),
            as_text: !not_finite,
        })
    }
}

/// `true` or `false` written as a YAML boolean (not `"true"` in quotes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawBool(pub bool);

impl<'de> Deserialize<'de> for RawBool {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BoolVisitor;
        impl Visitor<'_> for BoolVisitor {
            type Value = RawBool;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true or false, without quotes")
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<RawBool, E> {
                Ok(RawBool(value))
            }
        }
        deserializer.deserialize_any(BoolVisitor)
    }
}

// The schema of each kind of value. Each states the limits of `super::limits` that
// validation enforces, so that a file the schema passes is one `check` passes, and the
// other way round, wherever a JSON Schema can say the rule (not: a vesting that sums to
// 100, shares × price within the largest amount, tranches no more than vesting years, a
// last day before the start, a tax.state the tax tables know, a market or tax-table
// path that exists).

/// A JSON number for a limit: whole numbers without a decimal point.
fn json_number(value: Decimal) -> serde_json::Value {
    if value.fract().is_zero()
        && let Some(whole) = value.to_i64()
    {
        return serde_json::Value::from(whole);
    }
    value
        .to_f64()
        .map_or(serde_json::Value::Null, serde_json::Value::from)
}

/// `schema`, or `null` (an optional field written with no value, which counts as absent).
fn or_null(mut schema: serde_json::Value) -> serde_json::Value {
    if let Some(branches) = schema.get_mut("anyOf").and_then(|any| any.as_array_mut()) {
        branches.push(serde_json::json!({ "type": "null" }));
        return schema;
    }
    match schema.get_mut("type") {
        Some(kind @ serde_json::Value::String(_)) => {
            *kind = serde_json::json!([kind.clone(), "null"]);
        }
        Some(serde_json::Value::Array(kinds)) => kinds.push("null".into()),
        _ => {
            return serde_json::json!({ "anyOf": [schema, { "type": "null" }] });
        }
    }
    schema
}

/// A schema from its JSON (always an object here).
fn into_schema(value: serde_json::Value) -> schemars::Schema {
    schemars::Schema::try_from(value).unwrap_or_default()
}

/// Text: any scalar (a number such as `level: 6` is read as text), not blank, at most
/// [`MAX_TEXT_CHARS`] as written, without the marks the documents reserve.
fn text_value() -> serde_json::Value {
    use crate::user_text::{LITERAL_END, LITERAL_START};
    let mark = format!(
        "\\u{:04X}\\u{:04X}",
        u32::from(LITERAL_START),
        u32::from(LITERAL_END)
    );
    serde_json::json!({
        "type": ["string", "number", "boolean"],
        "pattern": format!("^[^{mark}]*[^\\s{mark}][^{mark}]*$"),
        "maxLength": MAX_TEXT_CHARS,
    })
}

fn text_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(text_value())
}

fn optional_text_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(or_null(text_value()))
}

/// Text that names something the file does not hold (a market or tax-table file):
/// not blank ([`NOT_BLANK`]).
fn optional_name_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(serde_json::json!({ "type": ["string", "null"], "pattern": NOT_BLANK }))
}

/// A plain e-mail address, `name@example.com`: nothing that could end the address or
/// start another header in a draft (see `user_text::is_plain_address`).
fn optional_email_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let part = r#"[^@\s\x00-\x1F\x7F-\x9F<>,;:"()\[\]\\\u202A-\u202E\u2066-\u2069]+"#;
    into_schema(serde_json::json!({
        "description": "A plain address, name@example.com: no display name, spaces or line breaks.",
        "type": ["string", "null"],
        "pattern": format!(r"^\s*{part}@{part}\s*$"),
    }))
}

/// `currency`: USD, the one offerbrief works in.
fn currency_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(serde_json::json!({
        "description": "USD (the default): offerbrief works in US dollars.",
        "type": ["string", "null"],
        "pattern": r"^\s*[Uu][Ss][Dd]\s*$",
    }))
}

/// The least an amount of money may be.
#[derive(Debug, Clone, Copy)]
enum Least {
    Zero,
    /// More than zero: a price, a number told.
    AboveZero,
    /// [`MIN_BASE`]: the annual base.
    Base,
}

/// An amount of money: a number, or text as people type it (`"$185,000"`, `"185k"`), from
/// `least` up to the largest amount.
fn money_value(least: Least) -> serde_json::Value {
    let mut number = serde_json::json!({ "type": "number", "maximum": json_number(MAX_AMOUNT) });
    let mut patterns = vec![
        serde_json::json!({ "pattern": MONEY_PATTERN }),
        serde_json::json!({ "pattern": at_most_pattern(Money(MAX_AMOUNT)) }),
    ];
    let (floor, text_floor) = match least {
        Least::Zero => (("minimum", json_number(Decimal::ZERO)), None),
        Least::AboveZero => (
            ("exclusiveMinimum", json_number(Decimal::ZERO)),
            Some(NONZERO_PATTERN),
        ),
        Least::Base => (("minimum", json_number(MIN_BASE.0)), Some(MIN_BASE_PATTERN)),
    };
    if let Some(fields) = number.as_object_mut() {
        fields.insert(floor.0.into(), floor.1);
    }
    patterns.extend(text_floor.map(|pattern| serde_json::json!({ "pattern": pattern })));
    serde_json::json!({
        "description": format!(
            "An amount of money up to {}: a number (185000, 185000.50) or text with $, commas and a k/M suffix (\"$185,000\", \"185k\", \"1.2M\").",
            Money(MAX_AMOUNT)
        ),
        "anyOf": [number, { "type": "string", "allOf": patterns }]
    })
}

fn money_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(money_value(Least::Zero))
}

fn optional_money_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(or_null(money_value(Least::Zero)))
}

/// A price or a total that is not zero.
fn optional_positive_money_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(or_null(money_value(Least::AboveZero)))
}

/// The annual base: at least [`MIN_BASE`].
fn base_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(money_value(Least::Base))
}

/// Amounts per year: at most [`MAX_YEARS`].
fn optional_money_list_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(serde_json::json!({
        "type": ["array", "null"],
        "maxItems": MAX_YEARS,
        "items": money_value(Least::Zero),
    }))
}

/// A YAML number within `bounds`.
fn number_value(bounds: Bounds) -> serde_json::Value {
    serde_json::json!({
        "type": "number",
        "minimum": json_number(bounds.low),
        "maximum": json_number(bounds.high),
    })
}

fn optional_percentile_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(or_null(number_value(PERCENTILE)))
}

fn optional_growth_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(or_null(number_value(GROWTH)))
}

fn optional_hours_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(or_null(number_value(HOURS)))
}

fn optional_state_rate_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(or_null(number_value(STATE_RATE)))
}

fn optional_shares_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(or_null(number_value(SHARES)))
}

/// A whole number of months.
fn optional_months_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(serde_json::json!({
        "type": ["integer", "null"],
        "minimum": RELOCATION_REPAY_MONTHS.start(),
        "maximum": RELOCATION_REPAY_MONTHS.end(),
    }))
}

/// Yearly percentages: 1 to [`MAX_YEARS`] of them (that sum to 100, which a schema cannot
/// say).
fn optional_vesting_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(serde_json::json!({
        "description": "Percent vesting per year, oldest first; they must sum to 100.",
        "type": ["array", "null"],
        "minItems": 1,
        "maxItems": MAX_YEARS,
        "items": number_value(VESTING_PERCENT),
    }))
}

/// Vest events per vesting year, each one of [`TRANCHE_CHOICES`] (no more of them than
/// vesting years, which a schema cannot say).
fn optional_tranches_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(serde_json::json!({
        "description": "Vest events in each vesting year: 1, 2, 3, 4, 6 or 12 (equal parts, evenly spaced); at most one per vesting year. Default 1, 1, then 2 for the offer (Amazon's pattern), 4 for a competing offer.",
        "type": ["array", "null"],
        "maxItems": MAX_YEARS,
        "items": { "enum": TRANCHE_CHOICES },
    }))
}

/// A `YYYY-MM-DD` date that is on the calendar, in the years of `limits::YEARS`.
fn date_value() -> serde_json::Value {
    serde_json::json!({
        "description": format!("A date, YYYY-MM-DD, from {} to {}.", YEARS.start(), YEARS.end()),
        "type": "string",
        "pattern": DATE_PATTERN,
    })
}

fn date_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(date_value())
}

fn optional_date_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(or_null(date_value()))
}

/// Schema of `tax.state`: a word of letters and digits, the built-in ones suggested.
fn state_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(serde_json::json!({
        "description": "Which state and local taxes apply: auto (default: from the location), a jurisdiction of the tax tables (built in: WA, TX, CA, NY, NYC), none, or flat (with state_rate).",
        "type": ["string", "null"],
        "pattern": "^\\s*[A-Za-z0-9]+\\s*$",
        "examples": ["auto", "WA", "TX", "CA", "NY", "NYC", "none", "flat"]
    }))
}

/// A list of `T` of at most `max` items (`null` when optional).
fn list_of<T: JsonSchema>(
    generator: &mut schemars::SchemaGenerator,
    min: usize,
    max: usize,
    optional: bool,
) -> schemars::Schema {
    let items = generator.subschema_for::<T>();
    let mut schema = serde_json::json!({
        "type": "array",
        "minItems": min,
        "maxItems": max,
        "items": items,
    });
    if optional {
        schema = or_null(schema);
    }
    into_schema(schema)
}

fn rounds_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    list_of::<RawRound>(generator, 1, MAX_ROUNDS, false)
}

fn competing_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    list_of::<RawCompeting>(generator, 0, MAX_COMPETING, true)
}

fn vests_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    list_of::<RawPayout>(generator, 0, MAX_PAYOUTS, true)
}

fn achievements_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    into_schema(serde_json::json!({
        "type": ["array", "null"],
        "maxItems": MAX_ACHIEVEMENTS,
        "items": text_value(),
    }))
}

/// Lever names, each at most once.
fn priorities_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let lever = generator.subschema_for::<crate::vocab::LeverKind>();
    into_schema(serde_json::json!({
        "type": ["array", "null"],
        "uniqueItems": true,
        "items": lever,
    }))
}

/// `field` is given a value (not left out, not `null`).
fn given(field: &str) -> serde_json::Value {
    serde_json::json!({
        "required": [field],
        "properties": { field: { "not": { "type": "null" } } }
    })
}

/// An object holding an `rsu` with `shares`.
fn grant_in_shares() -> serde_json::Value {
    serde_json::json!({
        "type": "object",
        "required": ["rsu"],
        "properties": { "rsu": { "type": "object", "allOf": [given("shares")] } }
    })
}

/// The offer file: a round's grant in shares needs the top-level `stock_price`.
fn offer_rules(schema: &mut schemars::Schema) {
    schema.insert(
        "if".into(),
        serde_json::json!({
            "required": ["rounds"],
            "properties": { "rounds": { "type": "array", "contains": grant_in_shares() } }
        }),
    );
    schema.insert("then".into(), given("stock_price"));
}

/// An `rsu`: exactly one of `value` and `shares`.
fn rsu_rules(schema: &mut schemars::Schema) {
    schema.insert(
        "oneOf".into(),
        serde_json::json!([given("value"), given("shares")]),
    );
}

/// A competing offer: a grant in shares needs that company's `stock_price`, above 0.
fn competing_rules(schema: &mut schemars::Schema) {
    schema.insert("if".into(), grant_in_shares());
    schema.insert(
        "then".into(),
        serde_json::json!({
            "required": ["stock_price"],
            "properties": { "stock_price": money_value(Least::AboveZero) }
        }),
    );
}

/// `tax`: the flat rates only with `state: flat` (or with no `state`, which then means it).
fn tax_rules(schema: &mut schemars::Schema) {
    schema.insert(
        "if".into(),
        serde_json::json!({
            "required": ["state"],
            "properties": {
                "state": { "type": "string", "not": { "pattern": "^\\s*[Ff][Ll][Aa][Tt]\\s*$" } }
            }
        }),
    );
    schema.insert(
        "then".into(),
        serde_json::json!({
            "properties": {
                "state_rate": { "type": "null" },
                "state_supplemental_rate": { "type": "null" }
            }
        }),
    );
}

/// `situation`: `accepted_on` and `reason` go together, and `reason_note` with them.
fn situation_rules(schema: &mut schemars::Schema) {
    let needs =
        |field: &str, other: &str| serde_json::json!({ "if": given(field), "then": given(other) });
    schema.insert(
        "allOf".into(),
        serde_json::json!([
            needs("accepted_on", "reason"),
            needs("reason", "accepted_on"),
            needs("reason_note", "accepted_on"),
        ]),
    );
}

/// The whole offer file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "offerbrief offer file",
    description = "One job offer and every revised offer after each negotiation round.",
    transform = offer_rules
)]
pub struct RawOffer {
    /// Who is negotiating.
    pub candidate: RawCandidate,
    /// The recruiter the emails are addressed to.
    pub recruiter: Option<RawRecruiter>,
    /// The hiring company, e.g. Amazon.
    #[schemars(schema_with = "text_schema")]
    pub company: Spanned<String>,
    /// The role's title, e.g. Senior Software Development Engineer.
    #[serde(default)]
    #[schemars(schema_with = "optional_text_schema")]
    pub role: Option<Spanned<String>>,
    /// The level offered, e.g. L6; looked up in the market data.
    #[schemars(schema_with = "text_schema")]
    pub level: Spanned<String>,
    /// Where the job is, e.g. Seattle; looked up in the market data.
    #[schemars(schema_with = "text_schema")]
    pub location: Spanned<String>,
    /// Currency code; default USD.
    #[serde(default)]
    #[schemars(schema_with = "currency_schema")]
    pub currency: Option<Spanned<String>>,
    /// Price per share, above 0; required when a grant is given in shares.
    #[serde(default)]
    #[schemars(schema_with = "optional_positive_money_schema")]
    pub stock_price: Option<Spanned<RawNumber>>,
    /// The offer as revised in each round, oldest first; the last is on the table now.
    #[schemars(schema_with = "rounds_schema")]
    pub rounds: Spanned<Vec<RawRound>>,
    /// What leaving the current job costs.
    pub current_job: Option<RawCurrentJob>,
    /// Real competing offers; never invented.
    #[serde(default)]
    #[schemars(schema_with = "competing_schema")]
    pub competing_offers: Option<Spanned<Vec<RawCompeting>>>,
    /// What the candidate is aiming for.
    pub goals: Option<RawGoals>,
    /// Growth assumptions for the projections.
    pub assumptions: Option<RawAssumptions>,
    /// `builtin` (default), `none`, or a path to a market file.
    #[serde(default)]
    #[schemars(schema_with = "optional_name_schema")]
    pub market: Option<Spanned<String>>,
    /// A tax estimate by calendar year (SPEC §8); without it, no tax figures.
    pub tax: Option<RawTax>,
    /// A special situation beside the ordinary rounds (SPEC §9).
    pub situation: Option<RawSituation>,
}

/// The `situation:` block: a number revealed too early, an internal transfer, or an
/// offer already accepted.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Situation", transform = situation_rules)]
pub struct RawSituation {
    /// The first-year total you already told the recruiter.
    #[serde(default)]
    #[schemars(schema_with = "optional_positive_money_schema")]
    pub revealed_number: Option<Spanned<RawNumber>>,
    /// True when you are moving inside the company.
    #[schemars(with = "Option<bool>")]
    pub internal_transfer: Option<Spanned<RawBool>>,
    /// When you accepted the offer, YYYY-MM-DD (then give `reason`).
    #[serde(default)]
    #[schemars(schema_with = "optional_date_schema")]
    pub accepted_on: Option<Spanned<String>>,
    /// Why reopen an accepted offer: competing_offer, role_changed, life_event or
    /// start_delayed_by_company.
    #[schemars(with = "Option<crate::vocab::AfterAcceptanceReason>")]
    pub reason: Option<Spanned<String>>,
    /// The reason in your own words, as the after-acceptance draft gives it ("my partner
    /// has been offered a post in Denver"); without it the draft says only "a change in
    /// my circumstances".
    #[serde(default)]
    #[schemars(schema_with = "optional_text_schema")]
    pub reason_note: Option<Spanned<String>>,
}

/// The candidate.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Candidate")]
pub struct RawCandidate {
    /// Full name.
    #[schemars(schema_with = "text_schema")]
    pub name: Spanned<String>,
    /// E-mail address (the drafts' From).
    #[serde(default)]
    #[schemars(schema_with = "optional_email_schema")]
    pub email: Option<Spanned<String>>,
    /// Field of expertise, used in the email arguments.
    #[serde(default)]
    #[schemars(schema_with = "optional_text_schema")]
    pub domain: Option<Spanned<String>>,
    /// Achievements, used in the email arguments.
    #[serde(default)]
    #[schemars(schema_with = "achievements_schema")]
    pub achievements: Option<Spanned<Vec<Spanned<String>>>>,
}

/// The recruiter.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Recruiter")]
pub struct RawRecruiter {
    #[serde(default)]
    #[schemars(schema_with = "optional_text_schema")]
    pub name: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(schema_with = "optional_email_schema")]
    pub email: Option<Spanned<String>>,
}

/// One round of the offer.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Round")]
pub struct RawRound {
    /// What to call the round, e.g. "Initial offer".
    #[schemars(schema_with = "text_schema")]
    pub name: Spanned<String>,
    /// When the offer was made, YYYY-MM-DD.
    #[serde(default)]
    #[schemars(schema_with = "optional_date_schema")]
    pub date: Option<Spanned<String>>,
    /// Overrides the top-level level for this round.
    #[serde(default)]
    #[schemars(schema_with = "optional_text_schema")]
    pub level: Option<Spanned<String>>,
    /// Annual base salary, at least $1,000.
    #[schemars(schema_with = "base_schema")]
    pub base: Spanned<RawNumber>,
    /// Sign-on bonus paid in year 1, year 2, ...
    #[serde(default)]
    #[schemars(schema_with = "optional_money_list_schema")]
    pub sign_on: Option<Spanned<Vec<Spanned<RawNumber>>>>,
    /// `monthly` (default) or `lump_sum`.
    #[schemars(with = "Option<crate::vocab::SignOnPaid>")]
    pub sign_on_paid: Option<Spanned<String>>,
    /// The RSU grant.
    #[schemars(with = "Option<RawRsu>")]
    pub rsu: Option<Spanned<RawRsu>>,
    /// Cash bonus per year; default 0.
    #[serde(default)]
    #[schemars(schema_with = "optional_money_schema")]
    pub annual_bonus: Option<Spanned<RawNumber>>,
    /// One-time relocation payment; shown, never in totals.
    #[serde(default)]
    #[schemars(schema_with = "optional_money_schema")]
    pub relocation: Option<Spanned<RawNumber>>,
    /// Leaving before this many months means repaying the relocation in full; default 12.
    #[serde(default)]
    #[schemars(schema_with = "optional_months_schema")]
    pub relocation_repay_months: Option<Spanned<RawNumber>>,
    /// First day, YYYY-MM-DD.
    #[serde(default)]
    #[schemars(schema_with = "optional_date_schema")]
    pub start_date: Option<Spanned<String>>,
}

/// An RSU grant: exactly one of `value` and `shares`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Rsu", transform = rsu_rules)]
pub struct RawRsu {
    /// Dollars at grant.
    #[serde(default)]
    #[schemars(schema_with = "optional_money_schema")]
    pub value: Option<Spanned<RawNumber>>,
    /// Number of shares, 0 to 1,000,000,000 (× stock_price, at most $1,000,000,000,000).
    #[serde(default)]
    #[schemars(schema_with = "optional_shares_schema")]
    pub shares: Option<Spanned<RawNumber>>,
    /// Percent vesting per year; must sum to 100.
    #[serde(default)]
    #[schemars(schema_with = "optional_vesting_schema")]
    pub vesting: Option<Spanned<Vec<Spanned<RawNumber>>>>,
    /// Vest events in each vesting year: 1, 2, 3, 4, 6 or 12 (equal parts, evenly spaced);
    /// default 1, 1, then 2 for the offer (Amazon's pattern), 4 for a competing offer.
    #[serde(default)]
    #[schemars(schema_with = "optional_tranches_schema")]
    pub tranches: Option<Spanned<Vec<Spanned<RawNumber>>>>,
}

/// The job being left.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CurrentJob")]
pub struct RawCurrentJob {
    /// The employer's name, for the comparison with staying; default "Current job".
    #[serde(default)]
    #[schemars(schema_with = "optional_text_schema")]
    pub company: Option<Spanned<String>>,
    /// Where the job is (its state and city taxes); default: the offer's location.
    #[serde(default)]
    #[schemars(schema_with = "optional_text_schema")]
    pub location: Option<Spanned<String>>,
    /// The base salary there.
    #[serde(default)]
    #[schemars(schema_with = "optional_money_schema")]
    pub base: Option<Spanned<RawNumber>>,
    /// The cash bonus there, per year.
    #[serde(default)]
    #[schemars(schema_with = "optional_money_schema")]
    pub annual_bonus: Option<Spanned<RawNumber>>,
    /// The stock that vests there, per year.
    #[serde(default)]
    #[schemars(schema_with = "optional_money_schema")]
    pub annual_equity: Option<Spanned<RawNumber>>,
    /// Value forfeited by leaving.
    #[serde(default)]
    #[schemars(schema_with = "optional_money_schema")]
    pub unvested_equity: Option<Spanned<RawNumber>>,
    /// Bonus lost by leaving before it pays.
    #[serde(default)]
    #[schemars(schema_with = "optional_money_schema")]
    pub forfeited_bonus: Option<Spanned<RawNumber>>,
    /// Your last day there, YYYY-MM-DD, before the start date; default the day before it.
    #[serde(default)]
    #[schemars(schema_with = "optional_date_schema")]
    pub last_day: Option<Spanned<String>>,
    /// The coming vests there, in any order: what a start date forfeits.
    #[serde(default)]
    #[schemars(schema_with = "vests_schema")]
    pub vests: Option<Spanned<Vec<RawPayout>>>,
    /// The next bonus payout there, if any.
    pub bonus: Option<RawPayout>,
}

/// A dated payout at the current job.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Payout")]
pub struct RawPayout {
    /// When it pays, YYYY-MM-DD.
    #[schemars(schema_with = "date_schema")]
    pub date: Spanned<String>,
    /// How much.
    #[schemars(schema_with = "money_schema")]
    pub value: Spanned<RawNumber>,
}

/// The `tax:` block: what a tax estimate needs beyond the offer.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Tax", transform = tax_rules)]
pub struct RawTax {
    /// `single` (default) or `married_joint`.
    #[schemars(with = "Option<crate::vocab::Filing>")]
    pub filing: Option<Spanned<String>>,
    /// `auto` (default: from the location), a jurisdiction of the tax tables (`WA`,
    /// `TX`, `CA`, `NY`, `NYC`), `none`, or `flat` (the flat rates below).
    #[serde(default)]
    #[schemars(schema_with = "state_schema")]
    pub state: Option<Spanned<String>>,
    /// With `state: flat`: the flat state income tax on all wages, as a fraction between
    /// 0 and 0.2 (e.g. 0.093). Given without `state`, it means `flat`.
    #[serde(default)]
    #[schemars(schema_with = "optional_state_rate_schema")]
    pub state_rate: Option<Spanned<RawNumber>>,
    /// With `state: flat`: the flat state withholding on bonuses and vests, as a fraction
    /// between 0 and 0.2.
    #[serde(default)]
    #[schemars(schema_with = "optional_state_rate_schema")]
    pub state_supplemental_rate: Option<Spanned<RawNumber>>,
    /// Household income outside this job, per year (a spouse's pay, interest).
    #[serde(default)]
    #[schemars(schema_with = "optional_money_schema")]
    pub other_income: Option<Spanned<RawNumber>>,
    /// Pre-tax savings per year (401(k), HSA): they lower federal taxable wages.
    #[serde(default)]
    #[schemars(schema_with = "optional_money_schema")]
    pub pre_tax: Option<Spanned<RawNumber>>,
    /// A tax-table file to use instead of the built-in one (see inputs/tax-tables.yaml).
    #[serde(default)]
    #[schemars(schema_with = "optional_name_schema")]
    pub tables: Option<Spanned<String>>,
}

/// A competing offer the candidate really holds.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CompetingOffer", transform = competing_rules)]
pub struct RawCompeting {
    /// The company making it.
    #[schemars(schema_with = "text_schema")]
    pub company: Spanned<String>,
    /// The level it is at.
    #[serde(default)]
    #[schemars(schema_with = "optional_text_schema")]
    pub level: Option<Spanned<String>>,
    /// `expected`, `verbal` or `written`.
    #[schemars(with = "Option<crate::vocab::CompetingStatus>")]
    pub status: Option<Spanned<String>>,
    /// Its annual base salary.
    #[schemars(schema_with = "money_schema")]
    pub base: Spanned<RawNumber>,
    /// Its sign-on bonus per year.
    #[serde(default)]
    #[schemars(schema_with = "optional_money_list_schema")]
    pub sign_on: Option<Spanned<Vec<Spanned<RawNumber>>>>,
    /// Default vesting here is [25, 25, 25, 25].
    #[schemars(with = "Option<RawRsu>")]
    pub rsu: Option<Spanned<RawRsu>>,
    /// Its cash bonus per year.
    #[serde(default)]
    #[schemars(schema_with = "optional_money_schema")]
    pub annual_bonus: Option<Spanned<RawNumber>>,
    /// That company's share price, for a grant given in shares.
    #[serde(default)]
    #[schemars(schema_with = "optional_money_schema")]
    pub stock_price: Option<Spanned<RawNumber>>,
    /// Where the job is (its state and city taxes); default: the offer's location.
    #[serde(default)]
    #[schemars(schema_with = "optional_text_schema")]
    pub location: Option<Spanned<String>>,
    /// The first day there, YYYY-MM-DD; default: the offer's start.
    #[serde(default)]
    #[schemars(schema_with = "optional_date_schema")]
    pub start_date: Option<Spanned<String>>,
    /// `monthly` (default) or `lump_sum`.
    #[schemars(with = "Option<crate::vocab::SignOnPaid>")]
    pub sign_on_paid: Option<Spanned<String>>,
    /// That company's yearly stock growth as a fraction; default: assumptions.stock_growth.
    #[serde(default)]
    #[schemars(schema_with = "optional_growth_schema")]
    pub stock_growth: Option<Spanned<RawNumber>>,
}

/// Goals.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Goals")]
pub struct RawGoals {
    /// Percentile to aim for, 1–99; default 75.
    #[serde(default)]
    #[schemars(schema_with = "optional_percentile_schema")]
    pub target_percentile: Option<Spanned<RawNumber>>,
    /// Lowest year-1 total you would accept.
    #[serde(default)]
    #[schemars(schema_with = "optional_money_schema")]
    pub walk_away_total: Option<Spanned<RawNumber>>,
    /// Lever order: base, rsu, sign_on, each at most once.
    #[serde(default)]
    #[schemars(schema_with = "priorities_schema")]
    pub priorities: Option<Spanned<Vec<Spanned<String>>>>,
    /// A level to argue for in a level review.
    #[serde(default)]
    #[schemars(schema_with = "optional_text_schema")]
    pub target_level: Option<Spanned<String>>,
    /// When you will decide, YYYY-MM-DD.
    #[serde(default)]
    #[schemars(schema_with = "optional_date_schema")]
    pub decision_deadline: Option<Spanned<String>>,
}

/// Assumptions for the projections.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Assumptions")]
pub struct RawAssumptions {
    /// Annual stock growth as a fraction, -0.9 to 1; default 0.
    #[serde(default)]
    #[schemars(schema_with = "optional_growth_schema")]
    pub stock_growth: Option<Spanned<RawNumber>>,
    /// Annual base raise as a fraction, -0.9 to 1; default 0.
    #[serde(default)]
    #[schemars(schema_with = "optional_growth_schema")]
    pub base_raise: Option<Spanned<RawNumber>>,
    /// Hours worked per year, 1 to 8784; default 2080.
    #[serde(default)]
    #[schemars(schema_with = "optional_hours_schema")]
    pub hours_per_year: Option<Spanned<RawNumber>>,
}
