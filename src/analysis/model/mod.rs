//! The figures of SPEC §4 as one plain struct: it serialises to `analysis.json` and is
//! the only input of every renderer (PDF, emails, checklist, terminal table).

pub mod call_sheet;
pub mod checklist;
pub mod comparison;
pub mod drafts;
pub mod figures;
pub mod levers;
pub mod quotable;
pub mod schedule;
pub mod situation;
pub mod taxes;
pub mod timing;

use serde::Serialize;

use crate::money::{Cents, Money, Signed};
use crate::vocab::{
    Approval, CompetingStatus, Date, EmailKind, FlagCode, LeverKind, Leverage, PayComponent,
    SignOnPaid,
};
use call_sheet::CallSheet;
use checklist::ChecklistEntry;
use drafts::DraftPlan;
pub use figures::{Leaving, Number, Percent1, Percent2, Shares, YearRow, percent_of};
pub use levers::{Cap, Evidence, ForfeitParts, Lever};
use quotable::Quotable;
use schedule::{AfterVesting, Breakeven, Schedule};
use situation::SituationFigures;
use taxes::Taxes;
use timing::{CurrentJobTiming, Forfeit};

/// Everything the briefing says about one round of one offer.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// Who, where and which round: the facts the documents quote from the offer file.
    pub offer: OfferFacts,
    /// Year-by-year pay for the analysed round (at least four years).
    pub years: Vec<YearRow>,
    /// total_1 + … + total_4.
    pub four_year_total: Money,
    /// four_year_total / 4.
    pub four_year_average: Money,
    /// The offer against the market bands; `null` when no band matches.
    pub market: Option<MarketPosition>,
    /// The percentile of the year-1 total; `null` when no band matches.
    pub market_percentile: Option<Percent1>,
    /// Every lever, in negotiation order.
    pub levers: Vec<Lever>,
    /// The levers to ask for now (at most three, in order).
    pub asks: Vec<LeverKind>,
    /// The asks with evidence to argue from (a market band, a competing offer or what
    /// leaving forfeits), in order: the drafts argue these and no others.
    pub argued_asks: Vec<LeverKind>,
    /// Whether the drafts may cite competing offers: not for an internal transfer.
    pub cite_competing: bool,
    /// The offer with every lever in `asks` at its ask.
    pub proposed: Proposed,
    /// proposed.four_year_total − four_year_total.
    pub ask_increase: Signed<Money>,
    /// The increase as a percentage of four_year_total, to 0.01.
    pub ask_increase_pct: Signed<Percent2>,
    /// Who has to approve an increase of that size.
    pub approval: Approval,
    /// The seed's approval ladder: who approves an increase up to each size.
    pub approval_ladder: Vec<ApprovalStep>,
    /// Warnings about the offer, in a fixed order.
    pub flags: Vec<Flag>,
    /// Every round up to and including the analysed one, oldest first.
    pub rounds: Vec<RoundSummary>,
    /// Cumulative change from the first round to this one, beside the seed's 15–35%.
    pub improvement: Improvement,
    /// Each competing offer computed like the offer.
    pub competing: Vec<CompetingSummary>,
    /// Four-year totals under three stock-price paths.
    pub scenarios: Scenarios,
    /// Pay per hour worked.
    pub hourly: Hourly,
    /// The offer against the best alternative.
    pub walk_away: WalkAway,
    /// What to send next and what to ask for.
    pub next_step: NextStep,
    /// The seed's levers 4–7: level, start date, relocation, flexibility, bonus.
    pub other_levers: OtherLevers,
    /// When the money arrives, by date and calendar year, and what leaving early costs
    /// (SPEC §7); `null` when the round has no date at all.
    pub schedule: Option<Schedule>,
    /// The first year after the grant has vested (SPEC §7).
    pub after_vesting: Option<AfterVesting>,
    /// What the start date forfeits at the current job (SPEC §7); `null` without its
    /// coming vests or bonus, or without a start.
    pub current_job_timing: Option<CurrentJobTiming>,
    /// Withheld against owed by calendar year (SPEC §8); `null` without a `tax:` block.
    pub taxes: Option<Taxes>,
    /// Every alternative on the same terms (SPEC §11); `null` without competing offers or
    /// a current job's base.
    pub comparison: Option<comparison::Comparison>,
    /// The special situation the file names (SPEC §9); `null` without one.
    pub situation: Option<SituationFigures>,
    /// Whether the offer is accepted already (SPEC §9): the negotiation is over, and every
    /// page, the next step and the checklist say so (SPEC §12.3).
    pub accepted: bool,
    /// The figures a draft may quote: on the offer letter's terms, market figures to the
    /// nearest $1,000 (SPEC §12.2).
    pub quotable: Quotable,
    /// The asks in the order to say them on the call, and what one lever is worth in
    /// another.
    pub call_sheet: CallSheet,
    /// The drafts the round folder holds, in file order, and the one to send next.
    pub drafts: Vec<DraftPlan>,
    /// The negotiation checklist, each item ticked when the figures show it done.
    pub checklist: Vec<ChecklistEntry>,
    /// Non-fatal notes about the input (also printed to stderr by `build`).
    pub warnings: Vec<String>,
}

/// One rung of the approval ladder: increases up to `up_to_pct` of the four-year total
/// (`null` for the top rung) are approved by `approval`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ApprovalStep {
    pub approval: Approval,
    pub up_to_pct: Option<Number>,
}

impl Analysis {
    /// `analysis.json`: the analysis, pretty-printed, ending in a newline.
    pub fn to_json(&self) -> anyhow::Result<String> {
        use anyhow::Context as _;
        let mut text = serde_json::to_string_pretty(self).context("serialising the analysis")?;
        text.push('\n');
        Ok(text)
    }
}

/// The facts from the offer file that documents quote (names, dates, the round's terms).
#[derive(Debug, Clone, Serialize)]
pub struct OfferFacts {
    pub candidate: CandidateFacts,
    pub recruiter: Option<RecruiterFacts>,
    pub company: String,
    pub role: Option<String>,
    /// The analysed round's level (its own `level`, else the file's).
    pub level: String,
    pub location: String,
    /// The location after "in", with the article English needs: "in the Bay Area".
    pub location_in: String,
    /// Whether the candidate is moving inside the company (SPEC §9): the drafts speak of
    /// "this move" and "the new role", never of joining.
    pub internal_transfer: bool,
    pub currency: String,
    /// Per-share price when the file gives one.
    pub stock_price: Option<Money>,
    /// The analysed round's terms.
    pub round: RoundFacts,
    /// How many rounds the file holds (the analysed one may be earlier).
    pub rounds_in_file: usize,
    pub goals: GoalFacts,
    pub current_job: Option<CurrentJobFacts>,
    pub assumptions: AssumptionFacts,
}

#[derive(Debug, Clone, Serialize)]
pub struct CandidateFacts {
    pub name: String,
    pub email: Option<String>,
    pub domain: Option<String>,
    pub achievements: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecruiterFacts {
    pub name: Option<String>,
    /// The name a greeting uses: "Dana" of "Dana Whitfield".
    pub first_name: Option<String>,
    pub email: Option<String>,
}

/// The analysed round as offered.
#[derive(Debug, Clone, Serialize)]
pub struct RoundFacts {
    /// 1-based.
    pub number: usize,
    pub name: String,
    pub date: Option<Date>,
    pub base: Money,
    /// Sign-on per year as offered.
    pub sign_on: Vec<Money>,
    pub sign_on_total: Money,
    /// `monthly` or `lump_sum`: wording only.
    pub sign_on_paid: SignOnPaid,
    /// RSU grant value in dollars (value, or shares × stock_price); 0 without a grant.
    pub rsu_grant: Money,
    /// Shares when the grant was given in shares.
    pub rsu_shares: Option<Shares>,
    /// Percent per year.
    pub vesting: Vec<Number>,
    pub annual_bonus: Money,
    pub relocation: Option<Money>,
    pub start_date: Option<Date>,
    /// The earliest day to reply: 48 hours after the round's date.
    pub reply_after: Option<Date>,
    /// The parts of pay the round offers: base always; sign-on, RSU grant and bonus when
    /// they are above zero.
    pub parts: Vec<PayComponent>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalFacts {
    pub target_percentile: Number,
    pub walk_away_total: Option<Money>,
    pub target_level: Option<String>,
    pub decision_deadline: Option<Date>,
    /// The lever order the file asked for (may be empty).
    pub priorities: Vec<LeverKind>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CurrentJobFacts {
    pub base: Money,
    pub annual_bonus: Money,
    pub annual_equity: Money,
    pub unvested_equity: Money,
    pub forfeited_bonus: Money,
    /// base + annual_bonus + annual_equity.
    pub annual_total: Money,
    /// unvested_equity + forfeited_bonus: what leaving costs.
    pub forfeit_total: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssumptionFacts {
    /// Annual fraction.
    pub stock_growth: Number,
    /// The same in percent.
    pub stock_growth_pct: Number,
    /// Annual fraction.
    pub base_raise: Number,
    /// The same in percent.
    pub base_raise_pct: Number,
    pub hours_per_year: Number,
}

/// The four market components of SPEC §3.
#[derive(Debug, Clone, Serialize)]
pub struct MarketPosition {
    pub base: BandPosition,
    pub equity_4yr: BandPosition,
    pub signing: BandPosition,
    pub total_year_1: BandPosition,
    /// The level's base cap, when the market file gives one.
    pub base_cap: Option<Money>,
    /// The band's level and location as the market file names them.
    pub band_level: String,
    pub band_location: String,
}

/// One component against its band.
#[derive(Debug, Clone, Serialize)]
pub struct BandPosition {
    pub value: Money,
    pub low: Money,
    pub high: Money,
    pub percentile: Percent1,
    /// The value at the target percentile, in whole dollars.
    pub target: Money,
    /// max(0, target − value).
    pub gap: Money,
    /// Whether the value is below the target (the gap is above zero).
    pub below_target: bool,
}

/// The offer with the asks granted.
#[derive(Debug, Clone, Serialize)]
pub struct Proposed {
    pub base: Money,
    pub sign_on: Vec<Money>,
    pub sign_on_total: Money,
    pub rsu_grant: Money,
    pub years: Vec<YearRow>,
    pub four_year_total: Money,
}

/// A warning: its code, the figures it quotes, and its message in plain language (worded
/// by the `messages.j2` template from the code and the figures).
#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    pub code: FlagCode,
    pub figures: FlagFigures,
    pub message: String,
}

/// The figures a flag's message quotes, by flag.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum FlagFigures {
    /// `year3_cliff`.
    Year3Cliff { year_1: Money, year_3: Money },
    /// `below_median`.
    BelowMedian {
        percentile: Percent1,
        level: String,
        location: String,
    },
    /// `below_walk_away`.
    BelowWalkAway { year_1: Money, walk_away: Money },
    /// `sign_on_short_of_forfeit`.
    SignOnShortOfForfeit { sign_on: Money, forfeit: Money },
    /// `base_at_cap`.
    BaseAtCap {
        base: Money,
        cap: Money,
        level: String,
    },
    /// `competing_offer_higher`.
    CompetingOfferHigher {
        company: String,
        four_year_total: Money,
        difference: Money,
    },
    /// `no_market_band`.
    NoMarketBand { level: String, location: String },
    /// `after_tax_order_differs`: the first alternative whose order flips after tax.
    AfterTaxOrderDiffers {
        name: String,
        /// "in the Bay Area".
        location_in: String,
        kind: comparison::AlternativeKind,
        before_tax: comparison::Gap,
        after_tax: comparison::Gap,
        /// "in Seattle".
        offer_location_in: String,
    },
    /// `revealed_number_low`.
    RevealedNumberLow {
        revealed: Money,
        target: Money,
        reset_low: Money,
        reset_high: Money,
        /// The range is one figure.
        reset_is_one_figure: bool,
    },
    /// `start_forfeits_vest`.
    StartForfeitsVest {
        start: Date,
        next: Forfeit,
        keep_next_start: Option<Date>,
        /// The start that keeps the most (SPEC §12.6), and what it keeps.
        suggested_start: Option<Date>,
        kept: Vec<Forfeit>,
    },
}

/// A round as offered, with its changes.
#[derive(Debug, Clone, Serialize)]
pub struct RoundSummary {
    pub number: usize,
    pub name: String,
    pub date: Option<Date>,
    pub base: Money,
    pub sign_on_total: Money,
    pub grant: Money,
    pub year_1_total: Money,
    pub four_year_total: Money,
    /// `null` for the first round.
    pub change_from_previous: Option<RoundChange>,
    /// `null` for the first round.
    pub change_from_first: Option<RoundChange>,
}

/// Changes per component between two rounds.
#[derive(Debug, Clone, Serialize)]
pub struct RoundChange {
    pub base: Change,
    pub sign_on_total: Change,
    pub grant: Change,
    pub four_year_total: Change,
    /// The levers the newer round raised, in lever order.
    pub raised: Vec<LeverKind>,
}

/// A change in dollars and percent (percent `null` when the old value was 0).
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub amount: Signed<Money>,
    pub pct: Option<Signed<Percent1>>,
}

/// The improvement won so far.
#[derive(Debug, Clone, Serialize)]
pub struct Improvement {
    /// Four-year total now minus in round 1.
    pub amount: Signed<Money>,
    pub pct: Signed<Percent1>,
    /// The seed's typical total improvement, percent.
    pub typical_low_pct: u32,
    pub typical_high_pct: u32,
}

/// A competing offer, computed as the offer is.
#[derive(Debug, Clone, Serialize)]
pub struct CompetingSummary {
    pub company: String,
    pub level: Option<String>,
    pub status: Option<CompetingStatus>,
    pub base: Money,
    pub sign_on_total: Money,
    pub grant: Money,
    pub annual_bonus: Money,
    pub years: Vec<YearRow>,
    pub four_year_total: Money,
    pub four_year_average: Money,
    /// This offer's four-year total minus the analysed offer's.
    pub difference: Signed<Money>,
    /// The stock growth at which the analysed offer matches this one (SPEC §7).
    #[serde(flatten)]
    pub breakeven: Breakeven,
    /// Where the job is: its own `location`, else the offer's (SPEC §11).
    pub location: String,
    /// The yearly stock growth its years assume.
    pub stock_growth: Number,
    /// Its own start, vests and calendar years; `null` without a start.
    pub schedule: Option<comparison::CompetingSchedule>,
    /// Its own taxes by calendar year (SPEC §8, §10); `null` without a `tax:` block or a
    /// start.
    pub taxes: Option<Taxes>,
}

/// Four-year totals under three stock paths.
#[derive(Debug, Clone, Serialize)]
pub struct Scenarios {
    pub down_30: Money,
    pub flat: Money,
    pub up_15_per_year: Money,
    /// Each path's four-year total minus the flat one's.
    pub vs_flat: ScenarioDifferences,
}

/// The stock paths against a flat price.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioDifferences {
    pub down_30: Signed<Money>,
    pub up_15_per_year: Signed<Money>,
}

/// Pay per hour.
#[derive(Debug, Clone, Serialize)]
pub struct Hourly {
    pub year_1: Cents,
    pub four_year_average: Cents,
    pub hours_per_year: Number,
}

/// The offer against the alternatives.
#[derive(Debug, Clone, Serialize)]
pub struct WalkAway {
    /// The lowest year-1 total the candidate would accept.
    pub walk_away_total: Option<Money>,
    /// year-1 total − walk_away_total.
    pub vs_walk_away: Option<Signed<Money>>,
    pub current_job_total: Option<Money>,
    pub best_alternative: Option<Money>,
    /// `current job` or a competing company's name.
    pub best_alternative_source: Option<String>,
    /// Whether the best alternative is staying at the current job.
    pub best_is_current_job: bool,
    pub vs_best_alternative: Option<Signed<Money>>,
}

/// What to do next.
#[derive(Debug, Clone, Serialize)]
pub struct NextStep {
    /// How many rounds are on record (the analysed round's number).
    pub round: usize,
    /// The draft to send; `null` when there is nothing to send (an accepted offer with no
    /// reason that holds to reopen it).
    pub email: Option<EmailKind>,
    pub levers: Vec<LeverKind>,
    /// Rule-of-thumb four-year totals for the coming round, `null` after round 3.
    pub expected_range: Option<[Money; 2]>,
    /// The rule of thumb as percent, e.g. [10, 20].
    pub expected_range_pct: Option<[u32; 2]>,
}

/// The seed's levers 4–7.
#[derive(Debug, Clone, Serialize)]
pub struct OtherLevers {
    /// An internal transfer's own levers (SPEC §9), first when it applies.
    pub internal_transfer: Option<InternalTransferLever>,
    pub level: Option<LevelLever>,
    pub start_date: Option<StartDateLever>,
    pub relocation: RelocationLever,
    pub flexibility: FlexibilityLever,
    pub performance_bonus: Option<PerformanceBonusLever>,
}

/// Where the offer would sit one level up.
#[derive(Debug, Clone, Serialize)]
pub struct LevelLever {
    pub current_level: String,
    /// The next level up, when the market data has it for the location.
    pub next_level: Option<String>,
    pub target_level: Option<String>,
    /// Whether the file's target level is above the offered level.
    pub review_requested: bool,
    /// Percentiles of the offer's figures in the next level's bands.
    pub next_level_percentiles: Option<NextLevelPercentiles>,
    /// The next level's bands (for the emails and the PDF).
    pub next_level_base: Option<[Money; 2]>,
    pub next_level_total_year_1: Option<[Money; 2]>,
    /// The same to the nearest $1,000, as a draft quotes them.
    pub about_next_level_base: Option<[Money; 2]>,
    pub about_next_level_total_year_1: Option<[Money; 2]>,
    pub talking_point: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NextLevelPercentiles {
    pub base: Percent1,
    pub equity_4yr: Percent1,
    pub signing: Percent1,
    pub total_year_1: Percent1,
}

/// The start date as leverage.
#[derive(Debug, Clone, Serialize)]
pub struct StartDateLever {
    pub start_date: Date,
    pub round_date: Option<Date>,
    /// Weeks from the round's date to the start date, one decimal.
    pub weeks: Option<Percent1>,
    pub leverage: Option<Leverage>,
    pub talking_point: String,
}

/// Relocation beside the typical range.
#[derive(Debug, Clone, Serialize)]
pub struct RelocationLever {
    pub offered: Option<Money>,
    /// Relocation is 0: a local move (SPEC §12; worded as a question, not an
    /// instruction).
    pub local_move: bool,
    /// Whether the amount offered is below the typical range.
    pub below_typical: bool,
    pub typical_low: Money,
    pub typical_high: Money,
    pub items: Vec<String>,
    pub talking_point: String,
}

/// Remote and hybrid options.
#[derive(Debug, Clone, Serialize)]
pub struct FlexibilityLever {
    pub options: Vec<String>,
    pub talking_point: String,
}

/// What an engineer moving inside the company can negotiate (the seed's four points), and
/// the title bump outsiders rarely get.
#[derive(Debug, Clone, Serialize)]
pub struct InternalTransferLever {
    pub points: Vec<String>,
    /// The title bump, as a talking point.
    pub talking_point: String,
}

/// Refreshers instead of a cash bonus.
#[derive(Debug, Clone, Serialize)]
pub struct PerformanceBonusLever {
    pub talking_point: String,
}
