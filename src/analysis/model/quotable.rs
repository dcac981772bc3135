//! The figures a draft may quote (`quotable` of analysis.json, SPEC §12.2): on the offer
//! letter's own terms (the grant-date price, no raise), so that the recruiter can
//! reproduce every one, and market figures to the nearest $1,000.

use serde::Serialize;

use crate::money::Money;

/// The figures the drafts quote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Quotable {
    /// Whether the file's assumptions (stock growth, raises) make these differ from the
    /// briefing's figures.
    pub differs: bool,
    /// The round's year-1 and four-year totals.
    pub year_1_total: Money,
    pub four_year_total: Money,
    /// The same with every ask granted.
    pub proposed_year_1_total: Money,
    pub proposed_four_year_total: Money,
    /// Each round's four-year total so far, oldest first.
    pub rounds: Vec<Money>,
    /// The market's first-year totals, low and high, to the nearest $1,000; `null`
    /// without a band.
    pub market_total_year_1: Option<[Money; 2]>,
    /// The range to re-anchor on after a number revealed too early (SPEC §9), on the
    /// letter's terms: `[low, high]`, or `[figure]` when its ends coincide.
    pub reset_range: Option<Vec<Money>>,
    /// Each competing offer's four-year total at the grant-date price, in file order.
    pub competing: Vec<Money>,
    /// Whether the market's first-year totals reach the top of `reset_range`: only then
    /// does the reset draft cite them (SPEC §12.1: evidence that supports the ask).
    pub reset_within_market: bool,
}
