//! Every alternative on the same terms (SPEC §11): the offer, each competing offer and
//! staying, each over its own first 48 months, by calendar year, before and after tax.

use serde::Serialize;

use super::schedule::{CalendarYear, Schedule, Vest};
use super::taxes::Taxes;
use crate::money::{Money, Signed};
use crate::vocab::Date;

/// The `comparison` of `analysis.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The offer first, then the competing offers in file order, then staying.
    pub alternatives: Vec<Alternative>,
    /// Whether the alternatives have calendar years (the offer has a start).
    pub by_calendar_year: bool,
    /// Whether the figures after tax are there (the file has a `tax:` block).
    pub after_tax: bool,
    /// Some alternative pays more before tax and less after, or the reverse.
    pub after_tax_order_differs: bool,
    /// Whether some alternative nets the most (there are figures after tax).
    pub has_most_net: bool,
    /// Which alternative nets the most, in a sentence (worded by the `messages.j2`
    /// template); empty without figures after tax.
    pub summary: String,
}

/// What an alternative is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlternativeKind {
    Offer,
    Competing,
    Stay,
}

/// One alternative over its first 48 months.
#[derive(Debug, Clone, Serialize)]
pub struct Alternative {
    /// The company (for staying, `current_job.company` or "Current job").
    pub name: String,
    pub kind: AlternativeKind,
    pub location: String,
    /// "in Seattle", "in the Bay Area".
    pub location_in: String,
    /// The codes of the jurisdictions its taxes follow (empty: none, or a flat rate).
    pub jurisdictions: Vec<String>,
    /// Its first day (the offer's start for staying); `None` without a start.
    pub start: Option<Date>,
    pub four_year_total: Money,
    /// Offsets 1..48 by calendar year; empty without a start.
    pub calendar_years: Vec<AlternativeYear>,
    /// Σ net; `None` without a `tax:` block or a start.
    pub four_year_net: Option<Money>,
    /// Its figure minus the offer's; `None` for the offer itself.
    pub vs_offer_total: Option<Signed<Money>>,
    pub vs_offer_net: Option<Signed<Money>>,
    /// The differences from the offer as a sentence says them: rounded to $1,000.
    pub before_tax: Option<Gap>,
    pub after_tax: Option<Gap>,
    /// One plain sentence (worded by the `messages.j2` template); empty for the offer.
    pub sentence: String,
    /// The largest `four_year_net` of all (the first of equals).
    pub most_net: bool,
    /// The largest `four_year_total` of all (the first of equals).
    pub most_total: bool,
}

/// One calendar year of an alternative's window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AlternativeYear {
    pub year: i32,
    pub total: Money,
    /// federal_owed + fica + state_owed + local_owed + state_payroll; `None` without a
    /// `tax:` block.
    pub taxes: Option<Money>,
    /// total − taxes.
    pub net: Option<Money>,
}

/// A difference from the offer as a sentence says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// The size of the difference, rounded to the nearest $1,000.
    pub about: Money,
    /// `more`, `less`, or `same` when it rounds to $0.
    pub direction: Direction,
}

/// Which way a difference goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    More,
    Less,
    Same,
}

impl Gap {
    /// The gap of a signed difference.
    pub fn of(difference: Money) -> Gap {
        let about = difference.round_to_thousand();
        let direction = if about.is_zero() {
            Direction::Same
        } else if about > Money::ZERO {
            Direction::More
        } else {
            Direction::Less
        };
        Gap {
            about: about.max(Money::ZERO - about),
            direction,
        }
    }
}

/// A competing offer's own money in time (SPEC §11): its start, vests and calendar
/// years, as `competing[i].schedule`.
#[derive(Debug, Clone, Serialize)]
pub struct CompetingSchedule {
    pub start: Date,
    pub vests: Vec<Vest>,
    pub calendar_years: Vec<CalendarYear>,
    /// The whole schedule the taxes and the comparison are computed from.
    #[serde(skip)]
    pub full: Schedule,
}

/// What a competing offer's taxes are, as `competing[i].taxes`.
pub type CompetingTaxes = Taxes;
