//! The figures of the seed's special situations (SPEC §9).

use serde::Serialize;

use super::figures::{Number, Percent1};
use crate::money::Money;
use crate::vocab::{AfterAcceptanceReason, Date, LeverKind};

/// `situation` in analysis.json.
#[derive(Debug, Clone, Serialize)]
pub struct SituationFigures {
    /// The first-year total already told to the recruiter.
    pub revealed_number: Option<Money>,
    /// The market target of the first-year total it is compared with (or the proposed
    /// first-year total when no band matches).
    pub revealed_against: Option<Money>,
    /// The range to re-anchor on when the revealed number is low: `[low, high]`.
    pub reset_range: Option<[Money; 2]>,
    /// Whether the range is one figure (its ends coincide): ask for that figure.
    pub reset_is_one_figure: bool,
    pub internal_transfer: bool,
    /// After an accepted offer: the reason, and whether it holds.
    pub after_acceptance: Option<AfterAcceptance>,
    /// What the situation changes, in a sentence or two (worded by `messages.j2`).
    pub summary: String,
}

/// An accepted offer's reason to reopen it.
#[derive(Debug, Clone, Serialize)]
pub struct AfterAcceptance {
    pub accepted_on: Date,
    pub reason: AfterAcceptanceReason,
    /// The reason in the candidate's own words, when the file gives them.
    pub reason_note: Option<String>,
    pub holds: bool,
    /// For `competing_offer`: the highest competing offer, how far above this one it is
    /// (percent of this offer's four-year total), and whether that is more than 30%.
    pub competing: Option<CompetingMargin>,
    /// How far above this offer, in percent of its four-year total, a competing offer
    /// must be for `competing_offer` to hold: the seed's 30.
    pub threshold_pct: Number,
    /// The component the draft asks to revisit (the first of `asks`), with its ask.
    pub revisit: Option<Revisit>,
}

/// The highest competing offer against this one.
#[derive(Debug, Clone, Serialize)]
pub struct CompetingMargin {
    pub company: String,
    pub four_year_total: Money,
    pub above_pct: Percent1,
}

/// One component to revisit.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Revisit {
    pub lever: LeverKind,
    pub offered: Money,
    pub ask: Money,
}

impl SituationFigures {
    /// Whether the revealed number is below its target (the flag `revealed_number_low`).
    pub fn revealed_low(&self) -> bool {
        self.reset_range.is_some()
    }

    /// Whether the offer was accepted already.
    pub fn accepted(&self) -> bool {
        self.after_acceptance.is_some()
    }

    /// Whether an accepted offer's reason to reopen it holds.
    pub fn reopen(&self) -> bool {
        self.after_acceptance
            .as_ref()
            .is_some_and(|after| after.holds)
    }
}
