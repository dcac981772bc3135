//! The call sheet's own figures: the asks in the order to say them, each with the one
//! piece of evidence to lead with, and what a step on one lever is worth on another.
//!
//! The trade-offs are on the offer letter's own terms (the grant-date price, no raise),
//! so that a figure said on the call is one the recruiter can reproduce.

use rust_decimal::Decimal;

use super::levers::proposed_package;
use super::model::call_sheet::{CallAsk, CallPackage, CallSheet, Tradeoff};
use super::model::{Evidence, Lever, Percent2, percent_of};
use super::years::{StockPath, four_year_total, project};
use crate::money::{Money, Signed};
use crate::offer::{Assumptions, Package};
use crate::vocab::LeverKind;

/// The step of base salary the trade-offs start from: $10,000 a year.
const BASE_STEP: i64 = 10_000;

/// How many achievements the sheet lists; the briefing holds them all.
const ACHIEVEMENTS_SHOWN: usize = 3;

/// What the call sheet is made from.
pub struct CallSheetInputs<'a> {
    pub levers: &'a [Lever],
    /// The round's asks (SPEC §4).
    pub asks: &'a [LeverKind],
    /// The asks to make now (`next_step.levers`).
    pub asking: &'a [LeverKind],
    pub cite_competing: bool,
    pub package: &'a Package,
    pub accepted: bool,
    /// How many alternatives the briefing compares (competing offers and the current
    /// job), and whether one of them is the best the sheet names.
    pub alternatives: usize,
    pub best_named: bool,
    pub achievements: &'a [String],
}

/// The call sheet of a round.
pub fn call_sheet(inputs: &CallSheetInputs) -> CallSheet {
    let CallSheetInputs {
        levers,
        asks,
        asking,
        cite_competing,
        package,
        ..
    } = *inputs;
    let letter = Assumptions {
        stock_growth: Decimal::ZERO,
        base_raise: Decimal::ZERO,
        hours_per_year: Decimal::ONE,
    };
    let with_asks = (!asking.is_empty()).then(|| {
        let offered = four_year_total(&project(package, &letter, StockPath::Assumed));
        let years = project(
            &proposed_package(package, levers, asking),
            &letter,
            StockPath::Assumed,
        );
        let total = four_year_total(&years);
        CallPackage {
            year_1_total: years.first().map_or(Money::ZERO, |year| year.total),
            four_year_total: total,
            increase: Signed(total - offered),
            increase_pct: Signed(Percent2(
                percent_of(total - offered, offered).unwrap_or_default(),
            )),
        }
    });
    let said: Vec<CallAsk> = asking
        .iter()
        .filter_map(|kind| levers.iter().find(|lever| lever.lever == *kind))
        .map(|lever| CallAsk {
            lever: lever.lever,
            offered: lever.offered,
            ask: lever.ask,
            gain_4yr: Signed(worth_over_four_years(
                lever.lever,
                lever.ask - lever.offered,
                &package.vesting,
            )),
            argument: lead_argument(&lever.evidence, cite_competing),
        })
        .collect();
    CallSheet {
        all_asks: !inputs.accepted && !asking.is_empty() && asking.len() == asks.len(),
        tradeoffs: tradeoffs(&said, &package.vesting),
        asks: said,
        with_asks,
        more_alternatives: inputs
            .alternatives
            .saturating_sub(usize::from(inputs.best_named)),
        achievements: inputs
            .achievements
            .iter()
            .take(ACHIEVEMENTS_SHOWN)
            .cloned()
            .collect(),
        more_achievements: inputs.achievements.len().saturating_sub(ACHIEVEMENTS_SHOWN),
    }
}

/// The evidence to lead with: a competing offer (the alternative the recruiter has to
/// beat), else what leaving forfeits, else the market.
fn lead_argument(evidence: &[Evidence], cite_competing: bool) -> Option<Evidence> {
    let rank = |evidence: &Evidence| match evidence {
        Evidence::Competing { .. } if cite_competing => Some(0),
        Evidence::Forfeit { .. } => Some(1),
        Evidence::Market { .. } => Some(2),
        _ => None,
    };
    evidence
        .iter()
        .filter_map(|item| rank(item).map(|rank| (rank, item)))
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, item)| item.clone())
}

/// The part of a grant that vests in the first four years.
fn vested_in_four_years(vesting: &[Decimal]) -> Decimal {
    vesting.iter().take(4).copied().sum::<Decimal>() / Decimal::ONE_HUNDRED
}

/// What `more` on `lever` adds over the first four years on the letter's terms: four
/// years of base (no raise), the part of a grant that vests in them (the grant-date
/// price), or the sign-on itself.
fn worth_over_four_years(lever: LeverKind, more: Money, vesting: &[Decimal]) -> Money {
    match lever {
        LeverKind::Base => more * Decimal::from(4),
        LeverKind::Rsu => (more * vested_in_four_years(vesting)).whole_dollars(),
        LeverKind::SignOn => more,
    }
}

/// What the asks made now are worth on another lever, over four years on the letter's
/// terms: for a recruiter who says one lever cannot move, the same money on another. Each
/// ask is set against the lever that most often has room (a base ask against the grant,
/// a grant ask against the sign-on, a sign-on ask against the base). With fewer than two
/// asks, $10,000 of base against the grant and the sign-on fills the list up to three.
fn tradeoffs(said: &[CallAsk], vesting: &[Decimal]) -> Vec<Tradeoff> {
    let vested_in_four = vested_in_four_years(vesting);
    let grant_vests = !vested_in_four.is_zero();
    let four = Decimal::from(4);
    let worth_of = |lever: LeverKind, more: Money| worth_over_four_years(lever, more, vesting);
    // The same worth on `other`.
    let equal_on = |other: LeverKind, worth: Money| match other {
        LeverKind::Base => (worth / four).whole_dollars(),
        LeverKind::Rsu => (worth / vested_in_four).whole_dollars(),
        _ => worth,
    };
    let tradeoff = |lever: LeverKind, more: Money, other: LeverKind| {
        let worth = worth_of(lever, more);
        Tradeoff {
            lever,
            more,
            worth,
            other,
            equal: equal_on(other, worth),
        }
    };

    let mut tradeoffs: Vec<Tradeoff> = said
        .iter()
        .filter(|ask| ask.ask > ask.offered)
        .filter(|ask| ask.lever != LeverKind::Rsu || grant_vests)
        .map(|ask| {
            let other = match ask.lever {
                LeverKind::Base if grant_vests => LeverKind::Rsu,
                LeverKind::Base | LeverKind::Rsu => LeverKind::SignOn,
                _ => LeverKind::Base,
            };
            tradeoff(ask.lever, ask.ask - ask.offered, other)
        })
        .collect();
    if tradeoffs.len() < 2 {
        let base_step = Money::dollars(BASE_STEP);
        let mut general = Vec::new();
        if grant_vests {
            general.push(tradeoff(LeverKind::Base, base_step, LeverKind::Rsu));
        }
        general.push(tradeoff(LeverKind::Base, base_step, LeverKind::SignOn));
        for step in general {
            if tradeoffs.len() < 3
                && !tradeoffs
                    .iter()
                    .any(|t| t.lever == step.lever && t.other == step.other)
            {
                tradeoffs.push(step);
            }
        }
    }
    tradeoffs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(lever: LeverKind, offered: i64, ask: i64) -> CallAsk {
        CallAsk {
            lever,
            offered: Money::dollars(offered),
            ask: Money::dollars(ask),
            gain_4yr: crate::money::Signed(Money::ZERO),
            argument: None,
        }
    }

    #[test]
    fn each_ask_is_set_against_the_lever_with_room() {
        let amazon = [5, 15, 40, 40].map(Decimal::from);
        let said = [
            ask(LeverKind::Base, 195_000, 211_000),
            ask(LeverKind::Rsu, 410_000, 453_000),
            ask(LeverKind::SignOn, 150_000, 176_000),
        ];
        let found = tradeoffs(&said, &amazon);
        assert_eq!(found.len(), 3);
        // $16,000 a year of base: $64,000 over four years, a grant $64,000 larger.
        assert_eq!(
            (
                found[0].more,
                found[0].worth,
                found[0].other,
                found[0].equal
            ),
            (
                Money::dollars(16_000),
                Money::dollars(64_000),
                LeverKind::Rsu,
                Money::dollars(64_000)
            )
        );
        // $43,000 of grant, all vested in four years: $43,000 of sign-on.
        assert_eq!(
            (found[1].worth, found[1].other, found[1].equal),
            (
                Money::dollars(43_000),
                LeverKind::SignOn,
                Money::dollars(43_000)
            )
        );
        // $26,000 of sign-on: $6,500 a year of base.
        assert_eq!(
            (found[2].other, found[2].equal),
            (LeverKind::Base, Money::dollars(6_500))
        );
    }

    #[test]
    fn one_ask_is_joined_by_ten_thousand_of_base() {
        let amazon = [5, 15, 40, 40].map(Decimal::from);
        let found = tradeoffs(&[ask(LeverKind::Base, 195_000, 211_000)], &amazon);
        // The base ask against the grant, then $10,000 of base against the sign-on (the
        // same pair against the grant is there already).
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].more, Money::dollars(10_000));
        assert_eq!(found[1].other, LeverKind::SignOn);
        // A five-year grant vests 80% in four years: $40,000 of base is $50,000 of grant.
        let five_years = [20, 20, 20, 20, 20].map(Decimal::from);
        let found = tradeoffs(&[], &five_years);
        assert_eq!(found[0].equal, Money::dollars(50_000));
        // No grant: only base against sign-on.
        assert_eq!(tradeoffs(&[], &[]).len(), 1);
    }
}
