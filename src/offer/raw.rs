//! The offer file exactly as written: serde types that keep each value's source location
//! (`Spanned`) and hold numbers as their text, so that validation can report every
//! problem at once, each with its line and column.

use std::fmt;

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_saphyr::Spanned;

/// A number or an amount of money as written: `185000`, `185000.50`, `"185k"`, `"$185,000"`.
/// Parsed during validation, so a malformed value is reported with the others.
#[derive(Debug, Clone, PartialEq)]
pub struct RawNumber(pub String);

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
        Ok(RawNumber(value.to_string()))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawNumber, E> {
        Ok(RawNumber(value.to_string()))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<RawNumber, E> {
        Ok(RawNumber(value.to_string()))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<RawNumber, E> {
        Ok(RawNumber(value.to_string()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<RawNumber, E> {
        // The shortest text that reads back as the same float: `0.1` stays `0.1`.
        Ok(RawNumber(if value.is_finite() {
            format!("{value}")
        } else {
            format!("{value}").to_lowercase()
        }))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<RawNumber, E> {
        Ok(RawNumber(value.to_string()))
    }
}

/// Schema of a money field: a non-negative number, or a string people type.
fn money_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "description": "An amount of money: a number (185000, 185000.50) or a string with $, commas and a k/M suffix (\"$185,000\", \"185k\", \"1.2M\"). Never negative.",
        "anyOf": [
            { "type": "number", "minimum": 0 },
            { "type": "string", "pattern": "^\\s*\\$?\\s*[0-9][0-9,]*(\\.[0-9]+)?\\s*[kKmM]?\\s*$" }
        ]
    })
}

/// Schema of `tax.state`: a word of letters and digits, the built-in ones suggested.
fn state_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "description": "Which state and local taxes apply: auto (default: from the location), a jurisdiction of the tax tables (built in: WA, TX, CA, NY, NYC), none, or flat (with state_rate).",
        "type": "string",
        "pattern": "^\\s*[A-Za-z0-9]+\\s*$",
        "examples": ["auto", "WA", "TX", "CA", "NY", "NYC", "none", "flat"]
    })
}

/// Schema of a plain number field.
fn number_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "number" })
}

/// Schema of a whole count (months).
fn count_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "integer", "minimum": 0 })
}

/// Schema of a `YYYY-MM-DD` date.
fn date_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "A date, YYYY-MM-DD." })
}

/// The whole offer file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "offerbrief offer file",
    description = "One job offer and every revised offer after each negotiation round."
)]
pub struct RawOffer {
    /// Who is negotiating.
    pub candidate: RawCandidate,
    /// The recruiter the emails are addressed to.
    pub recruiter: Option<RawRecruiter>,
    /// The hiring company, e.g. Amazon.
    #[schemars(with = "String")]
    pub company: Spanned<String>,
    /// The role's title, e.g. Senior Software Development Engineer.
    #[schemars(with = "Option<String>")]
    pub role: Option<Spanned<String>>,
    /// The level offered, e.g. L6; looked up in the market data.
    #[schemars(with = "String")]
    pub level: Spanned<String>,
    /// Where the job is, e.g. Seattle; looked up in the market data.
    #[schemars(with = "String")]
    pub location: Spanned<String>,
    /// Currency code; default USD.
    #[schemars(with = "Option<String>")]
    pub currency: Option<Spanned<String>>,
    /// Price per share; required when a grant is given in shares.
    #[serde(default)]
    #[schemars(schema_with = "money_schema")]
    pub stock_price: Option<Spanned<RawNumber>>,
    /// The offer as revised in each round, oldest first; the last is on the table now.
    #[schemars(with = "Vec<RawRound>", length(min = 1))]
    pub rounds: Spanned<Vec<RawRound>>,
    /// What leaving the current job costs.
    pub current_job: Option<RawCurrentJob>,
    /// Real competing offers; never invented.
    #[schemars(with = "Option<Vec<RawCompeting>>")]
    pub competing_offers: Option<Spanned<Vec<RawCompeting>>>,
    /// What the candidate is aiming for.
    pub goals: Option<RawGoals>,
    /// Growth assumptions for the projections.
    pub assumptions: Option<RawAssumptions>,
    /// `builtin` (default), `none`, or a path to a market file.
    #[schemars(with = "Option<String>")]
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
#[schemars(rename = "Situation")]
pub struct RawSituation {
    /// The first-year total you already told the recruiter.
    #[serde(default)]
    #[schemars(schema_with = "money_schema")]
    pub revealed_number: Option<Spanned<RawNumber>>,
    /// True when you are moving inside the company.
    #[schemars(with = "Option<bool>")]
    pub internal_transfer: Option<Spanned<bool>>,
    /// When you accepted the offer, YYYY-MM-DD (then give `reason`).
    #[serde(default)]
    #[schemars(schema_with = "date_schema")]
    pub accepted_on: Option<Spanned<String>>,
    /// Why reopen an accepted offer: competing_offer, role_changed, life_event or
    /// start_delayed_by_company.
    #[schemars(with = "Option<crate::vocab::AfterAcceptanceReason>")]
    pub reason: Option<Spanned<String>>,
    /// The reason in your own words, as the after-acceptance draft gives it ("my partner
    /// has been offered a post in Denver"); without it the draft says only "a change in
    /// my circumstances".
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub reason_note: Option<Spanned<String>>,
}

/// The candidate.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Candidate")]
pub struct RawCandidate {
    /// Full name.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// E-mail address (the drafts' From).
    #[schemars(with = "Option<String>")]
    pub email: Option<Spanned<String>>,
    /// Field of expertise, used in the email arguments.
    #[schemars(with = "Option<String>")]
    pub domain: Option<Spanned<String>>,
    /// Achievements, used in the email arguments.
    #[schemars(with = "Option<Vec<String>>")]
    pub achievements: Option<Spanned<Vec<Spanned<String>>>>,
}

/// The recruiter.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Recruiter")]
pub struct RawRecruiter {
    #[schemars(with = "Option<String>")]
    pub name: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub email: Option<Spanned<String>>,
}

/// One round of the offer.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Round")]
pub struct RawRound {
    /// What to call the round, e.g. "Initial offer".
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// When the offer was made, YYYY-MM-DD.
    #[serde(default)]
    #[schemars(schema_with = "date_schema")]
    pub date: Option<Spanned<String>>,
    /// Overrides the top-level level for this round.
    #[schemars(with = "Option<String>")]
    pub level: Option<Spanned<String>>,
    /// Annual base salary.
    #[schemars(schema_with = "money_schema")]
    pub base: Spanned<RawNumber>,
    /// Sign-on bonus paid in year 1, year 2, ...
    #[schemars(with = "Option<Vec<MoneySchema>>")]
    pub sign_on: Option<Spanned<Vec<Spanned<RawNumber>>>>,
    /// `monthly` (default) or `lump_sum`.
    #[schemars(with = "Option<crate::vocab::SignOnPaid>")]
    pub sign_on_paid: Option<Spanned<String>>,
    /// The RSU grant.
    #[schemars(with = "Option<RawRsu>")]
    pub rsu: Option<Spanned<RawRsu>>,
    /// Cash bonus per year; default 0.
    #[serde(default)]
    #[schemars(schema_with = "money_schema")]
    pub annual_bonus: Option<Spanned<RawNumber>>,
    /// One-time relocation payment; shown, never in totals.
    #[serde(default)]
    #[schemars(schema_with = "money_schema")]
    pub relocation: Option<Spanned<RawNumber>>,
    /// Leaving before this many months means repaying the relocation in full; default 12.
    #[serde(default)]
    #[schemars(schema_with = "count_schema")]
    pub relocation_repay_months: Option<Spanned<RawNumber>>,
    /// First day, YYYY-MM-DD.
    #[serde(default)]
    #[schemars(schema_with = "date_schema")]
    pub start_date: Option<Spanned<String>>,
}

/// An RSU grant: exactly one of `value` and `shares`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Rsu")]
pub struct RawRsu {
    /// Dollars at grant.
    #[serde(default)]
    #[schemars(schema_with = "money_schema")]
    pub value: Option<Spanned<RawNumber>>,
    /// Number of shares (× stock_price).
    #[serde(default)]
    #[schemars(schema_with = "number_schema")]
    pub shares: Option<Spanned<RawNumber>>,
    /// Percent vesting per year; must sum to 100.
    #[schemars(with = "Option<Vec<f64>>")]
    pub vesting: Option<Spanned<Vec<Spanned<RawNumber>>>>,
    /// Vest events in each vesting year: 1, 2, 3, 4, 6 or 12 (equal parts, evenly spaced);
    /// default 1, 1, then 2 for the offer (Amazon's pattern), 4 for a competing offer.
    #[schemars(with = "Option<Vec<TrancheSchema>>")]
    pub tranches: Option<Spanned<Vec<Spanned<RawNumber>>>>,
}

/// The job being left.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CurrentJob")]
pub struct RawCurrentJob {
    /// The employer's name, for the comparison with staying; default "Current job".
    #[schemars(with = "Option<String>")]
    pub company: Option<Spanned<String>>,
    /// Where the job is (its state and city taxes); default: the offer's location.
    #[schemars(with = "Option<String>")]
    pub location: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(schema_with = "money_schema")]
    pub base: Option<Spanned<RawNumber>>,
    #[serde(default)]
    #[schemars(schema_with = "money_schema")]
    pub annual_bonus: Option<Spanned<RawNumber>>,
    #[serde(default)]
    #[schemars(schema_with = "money_schema")]
    pub annual_equity: Option<Spanned<RawNumber>>,
    /// Value forfeited by leaving.
    #[serde(default)]
    #[schemars(schema_with = "money_schema")]
    pub unvested_equity: Option<Spanned<RawNumber>>,
    /// Bonus lost by leaving before it pays.
    #[serde(default)]
    #[schemars(schema_with = "money_schema")]
    pub forfeited_bonus: Option<Spanned<RawNumber>>,
    /// Your last day there, YYYY-MM-DD; default the day before the start date.
    #[serde(default)]
    #[schemars(schema_with = "date_schema")]
    pub last_day: Option<Spanned<String>>,
    /// The coming vests there, in any order: what a start date forfeits.
    #[schemars(with = "Option<Vec<RawPayout>>")]
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
#[schemars(rename = "Tax")]
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
    #[schemars(schema_with = "number_schema")]
    pub state_rate: Option<Spanned<RawNumber>>,
    /// With `state: flat`: the flat state withholding on bonuses and vests, as a fraction
    /// between 0 and 0.2.
    #[serde(default)]
    #[schemars(schema_with = "number_schema")]
    pub state_supplemental_rate: Option<Spanned<RawNumber>>,
    /// Household income outside this job, per year (a spouse's pay, interest).
    #[serde(default)]
    #[schemars(schema_with = "money_schema")]
    pub other_income: Option<Spanned<RawNumber>>,
    /// Pre-tax savings per year (401(k), HSA): they lower federal taxable wages.
    #[serde(default)]
    #[schemars(schema_with = "money_schema")]
    pub pre_tax: Option<Spanned<RawNumber>>,
    /// A tax-table file to use instead of the built-in one (see inputs/tax-tables.yaml).
    #[schemars(with = "Option<String>")]
    pub tables: Option<Spanned<String>>,
}

/// A competing offer the candidate really holds.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CompetingOffer")]
pub struct RawCompeting {
    #[schemars(with = "String")]
    pub company: Spanned<String>,
    #[schemars(with = "Option<String>")]
    pub level: Option<Spanned<String>>,
    /// `expected`, `verbal` or `written`.
    #[schemars(with = "Option<crate::vocab::CompetingStatus>")]
    pub status: Option<Spanned<String>>,
    #[schemars(schema_with = "money_schema")]
    pub base: Spanned<RawNumber>,
    #[schemars(with = "Option<Vec<MoneySchema>>")]
    pub sign_on: Option<Spanned<Vec<Spanned<RawNumber>>>>,
    /// Default vesting here is [25, 25, 25, 25].
    #[schemars(with = "Option<RawRsu>")]
    pub rsu: Option<Spanned<RawRsu>>,
    #[serde(default)]
    #[schemars(schema_with = "money_schema")]
    pub annual_bonus: Option<Spanned<RawNumber>>,
    /// That company's share price, for a grant given in shares.
    #[serde(default)]
    #[schemars(schema_with = "money_schema")]
    pub stock_price: Option<Spanned<RawNumber>>,
    /// Where the job is (its state and city taxes); default: the offer's location.
    #[schemars(with = "Option<String>")]
    pub location: Option<Spanned<String>>,
    /// The first day there, YYYY-MM-DD; default: the offer's start.
    #[serde(default)]
    #[schemars(schema_with = "date_schema")]
    pub start_date: Option<Spanned<String>>,
    /// `monthly` (default) or `lump_sum`.
    #[schemars(with = "Option<crate::vocab::SignOnPaid>")]
    pub sign_on_paid: Option<Spanned<String>>,
    /// That company's yearly stock growth as a fraction; default: assumptions.stock_growth.
    #[serde(default)]
    #[schemars(schema_with = "number_schema")]
    pub stock_growth: Option<Spanned<RawNumber>>,
}

/// Goals.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Goals")]
pub struct RawGoals {
    /// Percentile to aim for, 1–99; default 75.
    #[serde(default)]
    #[schemars(schema_with = "number_schema")]
    pub target_percentile: Option<Spanned<RawNumber>>,
    /// Lowest year-1 total you would accept.
    #[serde(default)]
    #[schemars(schema_with = "money_schema")]
    pub walk_away_total: Option<Spanned<RawNumber>>,
    /// Lever order: base, rsu, sign_on.
    #[schemars(with = "Option<Vec<crate::vocab::LeverKind>>")]
    pub priorities: Option<Spanned<Vec<Spanned<String>>>>,
    /// A level to argue for in a level review.
    #[schemars(with = "Option<String>")]
    pub target_level: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(schema_with = "date_schema")]
    pub decision_deadline: Option<Spanned<String>>,
}

/// Assumptions for the projections.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Assumptions")]
pub struct RawAssumptions {
    /// Annual stock growth as a fraction; default 0.
    #[serde(default)]
    #[schemars(schema_with = "number_schema")]
    pub stock_growth: Option<Spanned<RawNumber>>,
    /// Annual base raise as a fraction; default 0.
    #[serde(default)]
    #[schemars(schema_with = "number_schema")]
    pub base_raise: Option<Spanned<RawNumber>>,
    /// Hours worked per year; default 2080.
    #[serde(default)]
    #[schemars(schema_with = "number_schema")]
    pub hours_per_year: Option<Spanned<RawNumber>>,
}

/// Schema-only stand-ins for values validated by hand.
#[derive(JsonSchema)]
#[schemars(transparent)]
#[allow(dead_code)]
#[schemars(rename = "Money")]
struct MoneySchema(#[schemars(schema_with = "money_schema")] RawNumber);

/// A year's count of vest events.
#[derive(JsonSchema)]
#[allow(dead_code)]
#[schemars(rename = "Tranches")]
#[schemars(schema_with = "tranche_schema")]
struct TrancheSchema(u32);

fn tranche_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "integer", "enum": [1, 2, 3, 4, 6, 12] })
}
