//! What the call sheet says that the rest of the analysis does not (`call_sheet` of
//! analysis.json): the asks in the order to say them, each with the one piece of evidence
//! to argue it with, and what one lever is worth in another.

use serde::Serialize;

use super::figures::Percent2;
use super::levers::Evidence;
use crate::money::{Money, Signed};
use crate::vocab::LeverKind;

/// The call sheet's figures.
#[derive(Debug, Clone, Serialize)]
pub struct CallSheet {
    /// The asks to make now, in the order to say them (`next_step.levers`).
    pub asks: Vec<CallAsk>,
    /// The offer with those asks granted, on the offer letter's terms: what to say when
    /// asked for a number. `null` with nothing to ask.
    pub with_asks: Option<CallPackage>,
    /// What a step on one lever is worth on another, over four years, on the offer
    /// letter's terms (the grant-date price, no raise): two or three of them.
    pub tradeoffs: Vec<Tradeoff>,
    /// Whether the asks said now are all the round's asks, in a negotiation still open:
    /// then their sum (`ask_increase`) and who approves it are said too.
    pub all_asks: bool,
    /// The alternatives the briefing holds beyond the best one the sheet names.
    pub more_alternatives: usize,
    /// The candidate's achievements the sheet has room for: the first three.
    pub achievements: Vec<String>,
    /// How many more the briefing holds.
    pub more_achievements: usize,
}

/// A package's year-1 and four-year totals, and what the asks add to the offer's four
/// years, all on the letter's terms.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CallPackage {
    pub year_1_total: Money,
    pub four_year_total: Money,
    pub increase: Signed<Money>,
    pub increase_pct: Signed<Percent2>,
}

/// One ask to say on the call.
#[derive(Debug, Clone, Serialize)]
pub struct CallAsk {
    pub lever: LeverKind,
    pub offered: Money,
    pub ask: Money,
    /// What this ask alone adds over four years.
    pub gain_4yr: Signed<Money>,
    /// The evidence to argue it with (a competing offer first, then what leaving
    /// forfeits, then the market); `null` when none is citable: argue it from the role.
    pub argument: Option<Evidence>,
}

/// `more` on one lever is worth `worth` over four years, as much as `equal` on another.
#[derive(Debug, Clone, Serialize)]
pub struct Tradeoff {
    pub lever: LeverKind,
    pub more: Money,
    pub worth: Money,
    pub other: LeverKind,
    pub equal: Money,
}
