//! The validated offer: what every later stage reads. A leaf of `offer/`: the loader and
//! the checks build these types, and nothing here knows how.

use std::path::PathBuf;

use rust_decimal::Decimal;

use crate::error::InputError;
use crate::money::Money;
use crate::vocab::{AfterAcceptanceReason, CompetingStatus, Date, Filing, LeverKind, SignOnPaid};

/// Vesting when an offer gives none: Amazon's 5/15/40/40.
pub const DEFAULT_VESTING: [i64; 4] = [5, 15, 40, 40];
/// Vesting when a competing offer gives none: 25% a year.
pub const DEFAULT_COMPETING_VESTING: [i64; 4] = [25, 25, 25, 25];
/// Months within which leaving means repaying the relocation, when the file does not say.
pub const DEFAULT_RELOCATION_REPAY_MONTHS: u32 = 12;
pub use super::limits::{MAX_YEARS, TRANCHE_CHOICES};

impl Offer {
    /// The round `--round` names (1-based; default the last), checked against the file
    /// that `shown` names, and the file's dates checked against that round's start.
    pub fn round_number(&self, round: Option<usize>, shown: &str) -> Result<usize, InputError> {
        let count = self.rounds.len();
        let number = round.unwrap_or(count);
        if number == 0 || number > count {
            return Err(InputError::new(format!(
                "{shown}: --round {number}: the file has {count} round{}; pick a number from 1 to {count}",
                if count == 1 { "" } else { "s" }
            )));
        }
        if let Some((_, problem)) = self.current_job.as_ref().and_then(|job| {
            job.last_day_conflicts
                .iter()
                .find(|(index, _)| *index == number - 1)
        }) {
            return Err(InputError::new(problem.clone()));
        }
        Ok(number)
    }
}

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
    /// The `tax:` block, when the file asks for an estimate.
    pub tax: Option<Tax>,
    /// The `situation:` block, when one applies.
    pub situation: Option<Situation>,
    /// What the file says that is probably a slip but not an error (dates out of order),
    /// each `field: what; how to fix`: every analysis of the file repeats them.
    pub warnings: Vec<String>,
}

/// A special situation (SPEC §9), checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Situation {
    /// The first-year total already told to the recruiter.
    pub revealed_number: Option<Money>,
    /// The reason to reopen an accepted offer, in the candidate's own words.
    pub reason_note: Option<String>,
    pub internal_transfer: bool,
    /// When the offer was accepted, with the reason to reopen it.
    pub accepted: Option<Accepted>,
}

/// An offer already accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted {
    pub on: Date,
    pub reason: AfterAcceptanceReason,
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
    /// Leaving before this many months means repaying the relocation in full.
    pub relocation_repay_months: u32,
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
    /// Vest events per vesting year as the file gives them (each 1, 2, 3, 4, 6 or 12; at
    /// most one per vesting year); the years it leaves out take the default.
    pub tranches: Vec<u32>,
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
    /// The employer's name; `None`: "Current job" (SPEC §11).
    pub company: Option<String>,
    /// Where the job is; `None`: the offer's location.
    pub location: Option<String>,
    /// Whether the file gives `base`: staying is then an alternative (SPEC §11).
    pub base_given: bool,
    pub base: Money,
    pub annual_bonus: Money,
    pub annual_equity: Money,
    /// As the file gives it; derived from `vests` when absent (SPEC §7).
    pub unvested_equity: Option<Money>,
    /// As the file gives it; derived from `bonus` when absent (SPEC §7).
    pub forfeited_bonus: Option<Money>,
    /// The last day there; the day before the start when absent.
    pub last_day: Option<Date>,
    /// The coming vests there, as listed; `None` without a `vests` list.
    pub vests: Option<Vec<Payout>>,
    /// The next bonus payout there.
    pub bonus: Option<Payout>,
    /// For each round whose start is not after `last_day`, the located problem, by round
    /// index: checked against the round being built (SPEC §12.7), so that a later round
    /// may move the start.
    pub last_day_conflicts: Vec<(usize, String)>,
}

/// A dated payout at the current employer (`current_job.vests[]`, `current_job.bonus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Payout {
    pub date: Date,
    pub value: Money,
}

/// The `tax:` block, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tax {
    pub settings: TaxSettings,
    /// The tax-table file to use instead of the built-in one, resolved against the offer
    /// file's folder.
    pub tables: Option<PathBuf>,
}

/// What the tax estimate needs beyond the offer (SPEC §8, §10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxSettings {
    pub filing: Filing,
    /// Which state and local taxes apply to the offer's place.
    pub state: StateChoice,
    /// Household income outside this job, per calendar year.
    pub other_income: Money,
    /// Pre-tax deductions per calendar year (401(k), HSA…): they lower taxable wages,
    /// not payroll taxes.
    pub pre_tax: Money,
}

/// `tax.state`: how the state and local taxes of the offer's place are found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateChoice {
    /// From the offer's location, by the tax tables' places (the default).
    Auto,
    /// No state or local tax at all.
    None,
    /// SPEC §8's flat rates: no brackets, payroll programs or SALT deduction.
    Flat {
        /// On all wages.
        rate: Decimal,
        /// Withheld on supplemental wages.
        supplemental_rate: Decimal,
    },
    /// A jurisdiction of the tax tables, by its code (`CA`, `NYC`).
    Code {
        code: String,
        /// `file:line:column: tax.state`, for a message when the tables have no such code.
        at: String,
    },
}

/// A competing offer.
#[derive(Debug, Clone)]
pub struct CompetingOffer {
    pub company: String,
    pub level: Option<String>,
    pub status: Option<CompetingStatus>,
    pub package: Package,
    /// Where the job is; `None`: the offer's location (SPEC §11).
    pub location: Option<String>,
    /// The first day there; `None`: the offer's start.
    pub start_date: Option<Date>,
    pub sign_on_paid: SignOnPaid,
    /// That company's yearly stock growth; `None`: `assumptions.stock_growth`.
    pub stock_growth: Option<Decimal>,
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
