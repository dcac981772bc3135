//! The offer file (SPEC §2): read, parse, validate. What comes out is an [`Offer`] whose
//! every value has been checked; what goes wrong is an [`InputError`] listing every
//! problem found, each with file, line, column, field path and how to fix it.
//!
//! [`InputError`]: crate::error::InputError

mod check;
mod load;
pub mod raw;
mod text;
mod validate;

use std::path::PathBuf;

use rust_decimal::Decimal;

pub use load::{load, parse_offer};
pub use text::{close_bidi_controls, is_bidi_control, is_plain_address, isolate_bidi};
pub use validate::MIN_BASE;

use crate::money::Money;
use crate::vocab::{CompetingStatus, Date, LeverKind, SignOnPaid};

/// Vesting when an offer gives none: Amazon's 5/15/40/40.
pub const DEFAULT_VESTING: [i64; 4] = [5, 15, 40, 40];
/// Vesting when a competing offer gives none: 25% a year.
pub const DEFAULT_COMPETING_VESTING: [i64; 4] = [25, 25, 25, 25];
/// The most years a vesting schedule or sign-on may span.
pub const MAX_YEARS: usize = 10;

/// A validated offer file.
#[derive(Debug, Clone)]
pub struct Offer {
    pub candidate: Candidate,
    pub recruiter: Option<Recruiter>,
    pub company: String,
    pub role: Option<String>,
    pub level: String,
    pub location: String,
    pub currency: String,
    pub stock_price: Option<Money>,
    /// At least one, oldest first.
    pub rounds: Vec<Round>,
    pub current_job: Option<CurrentJob>,
    pub competing_offers: Vec<CompetingOffer>,
    pub goals: Goals,
    pub assumptions: Assumptions,
    pub market: MarketChoice,
}

/// The candidate.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub name: String,
    pub email: Option<String>,
    pub domain: Option<String>,
    pub achievements: Vec<String>,
}

/// The recruiter.
#[derive(Debug, Clone)]
pub struct Recruiter {
    pub name: Option<String>,
    pub email: Option<String>,
}

/// One round of the offer.
#[derive(Debug, Clone)]
pub struct Round {
    pub name: String,
    pub date: Option<Date>,
    /// This round's level, when it overrides the file's.
    pub level: Option<String>,
    pub package: Package,
    pub sign_on_paid: SignOnPaid,
    pub relocation: Option<Money>,
    pub start_date: Option<Date>,
}

/// The money of an offer: what the year-by-year figures are computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    pub base: Money,
    /// Per year: year 1, year 2, ...
    pub sign_on: Vec<Money>,
    /// Grant value in dollars (value, or shares × price); zero without a grant.
    pub grant: Money,
    /// Shares, when the grant was given in shares.
    pub shares: Option<Decimal>,
    /// Percent per year, summing to 100.
    pub vesting: Vec<Decimal>,
    pub annual_bonus: Money,
}

impl Package {
    /// The sign-on bonus over all years.
    pub fn sign_on_total(&self) -> Money {
        self.sign_on.iter().copied().sum()
    }
}

/// The job being left.
#[derive(Debug, Clone)]
pub struct CurrentJob {
    pub base: Money,
    pub annual_bonus: Money,
    pub annual_equity: Money,
    pub unvested_equity: Money,
    pub forfeited_bonus: Money,
}

/// A competing offer.
#[derive(Debug, Clone)]
pub struct CompetingOffer {
    pub company: String,
    pub level: Option<String>,
    pub status: Option<CompetingStatus>,
    pub package: Package,
}

/// Goals.
#[derive(Debug, Clone)]
pub struct Goals {
    pub target_percentile: Decimal,
    pub walk_away_total: Option<Money>,
    pub priorities: Vec<LeverKind>,
    pub target_level: Option<String>,
    pub decision_deadline: Option<Date>,
}

/// Projection assumptions.
#[derive(Debug, Clone)]
pub struct Assumptions {
    pub stock_growth: Decimal,
    pub base_raise: Decimal,
    pub hours_per_year: Decimal,
}

/// Which market data to compare against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarketChoice {
    Builtin,
    None,
    /// A market file, resolved against the offer file's folder.
    File(PathBuf),
}
