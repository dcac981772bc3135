//! One lever's plan (SPEC §4 "Levers and asks") and the evidence behind its target.

use serde::Serialize;

use super::figures::Number;
use crate::money::{Money, Signed};
use crate::vocab::{CompetingStatus, LeverKind, LeverStatus};

/// One lever's plan.
#[derive(Debug, Clone, Serialize)]
pub struct Lever {
    pub lever: LeverKind,
    /// Offered: base salary, grant value, or sign-on total.
    pub offered: Money,
    /// Whether nothing is offered on this lever (no grant, no sign-on).
    pub none_offered: bool,
    pub ask: Money,
    /// Four-year gain from this lever alone at its ask.
    pub gap_4yr: Signed<Money>,
    pub status: LeverStatus,
    /// The raw target before rounding and caps.
    pub target: Money,
    /// The evidence that beats the offer on this lever (SPEC §12.1): a market target, a
    /// competing offer's figure or what leaving forfeits, each above what is offered.
    /// Empty when nothing beats it: the ask is then argued from the role.
    pub evidence: Vec<Evidence>,
    /// The cap the ask was held to, when one was reached.
    pub held_to: Option<Cap>,
    /// Sign-on only: the ask split per year.
    pub ask_by_year: Option<Vec<Money>>,
    /// Offered per year (sign-on only).
    pub offered_by_year: Option<Vec<Money>>,
}

/// A reason behind a lever's target.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    /// The market band for the level and location.
    Market {
        low: Money,
        high: Money,
        target: Money,
        target_percentile: Number,
        /// The band and the target to the nearest $1,000: how a draft quotes them
        /// ("about $453,000").
        about_low: Money,
        about_high: Money,
        about_target: Money,
    },
    /// A competing offer listed in the file, with how firm it is.
    Competing {
        company: String,
        amount: Money,
        status: Option<CompetingStatus>,
    },
    /// What leaving the current job forfeits.
    Forfeit {
        unvested_equity: Money,
        forfeited_bonus: Money,
        total: Money,
        /// Which of the two there is: `equity`, `bonus` or `both`.
        parts: ForfeitParts,
    },
}

/// A cap an ask was held to.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cap {
    /// The ask was held to `multiple` × the offered grant.
    GrantCap { limit: Money, multiple: Number },
    /// The ask was held to the level's base cap.
    BaseCap { cap: Money },
}

/// What leaving the current job forfeits, in a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ForfeitParts {
    Equity,
    Bonus,
    Both,
}
