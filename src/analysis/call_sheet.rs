//! The call sheet's own figures: the asks in the order to say them, each with the one
//! piece of evidence to lead with, and what a step on one lever is worth on another.
//!
//! The trade-offs are on the offer letter's own terms (the grant-date price, no raise),
//! so that a figure said on the call is one the recruiter can reproduce.

use rust_decimal::Decimal;

use super::levers::proposed_package;
use super::model::call_sheet::{CallAsk, CallPackage, CallSheet, Tradeoff};
use super::model::{Evidence, Lever};
use super::years::{StockPath, four_year_total, project};
use crate::money::Money;
use crate::offer::{Assumptions, Package};
use crate::vocab::LeverKind;

/// The step of base salary the trade-offs start from: $10,000 a year.
const BASE_STEP: i64 = 10_000;

/// The call sheet of a round whose levers and package are these, asking for `asking`
/// now.
pub fn call_sheet(
    levers: &[Lever],
    asking: &[LeverKind],
    cite_competing: bool,
    package: &Package,
) -> CallSheet {
    let with_asks = (!asking.is_empty()).then(|| {
        let letter = Assumptions {
            stock_growth: Decimal::ZERO,
            base_raise: Decimal::ZERO,
            hours_per_year: Decimal::ONE,
        };
        let years = project(
            &proposed_package(package, levers, asking),
            &letter,
            StockPath::Assumed,
        );
        CallPackage {
            year_1_total: years.first().map_or(Money::ZERO, |year| year.total),
            four_year_total: four_year_total(&years),
        }
    });
    let asks = asking
        .iter()
        .filter_map(|kind| levers.iter().find(|lever| lever.lever == *kind))
        .map(|lever| CallAsk {
            lever: lever.lever,
            offered: lever.offered,
            ask: lever.ask,
            gain_4yr: lever.gap_4yr,
            argument: lead_argument(&lever.evidence, cite_competing),
        })
        .collect();
    CallSheet {
        asks,
        with_asks,
        tradeoffs: tradeoffs(&package.vesting),
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

/// $10,000 of base against the grant and the sign-on, and the grant against the sign-on:
/// each pair worth the same over the first four years.
fn tradeoffs(vesting: &[Decimal]) -> Vec<Tradeoff> {
    let base_step = Money::dollars(BASE_STEP);
    let four_years = base_step * Decimal::from(4);
    // The part of a grant that vests in the first four years.
    let vested_in_four: Decimal =
        vesting.iter().take(4).copied().sum::<Decimal>() / Decimal::ONE_HUNDRED;
    let mut tradeoffs = Vec::new();
    let grant_step =
        (!vested_in_four.is_zero()).then(|| (four_years / vested_in_four).whole_dollars());
    if let Some(grant_step) = grant_step {
        tradeoffs.push(Tradeoff {
            lever: LeverKind::Base,
            more: base_step,
            worth: four_years,
            other: LeverKind::Rsu,
            equal: grant_step,
        });
    }
    tradeoffs.push(Tradeoff {
        lever: LeverKind::Base,
        more: base_step,
        worth: four_years,
        other: LeverKind::SignOn,
        equal: four_years,
    });
    if let Some(grant_step) = grant_step {
        tradeoffs.push(Tradeoff {
            lever: LeverKind::Rsu,
            more: grant_step,
            worth: four_years,
            other: LeverKind::SignOn,
            equal: four_years,
        });
    }
    tradeoffs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_thousand_of_base_is_forty_thousand_of_a_grant_that_vests_in_four_years() {
        let amazon = [5, 15, 40, 40].map(Decimal::from);
        let found = tradeoffs(&amazon);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].worth, Money::dollars(40_000));
        assert_eq!(found[0].equal, Money::dollars(40_000));
        // A five-year grant vests 80% in four years: it takes $50,000 of grant.
        let five_years = [20, 20, 20, 20, 20].map(Decimal::from);
        assert_eq!(tradeoffs(&five_years)[0].equal, Money::dollars(50_000));
        // No grant: only base against sign-on.
        assert_eq!(tradeoffs(&[]).len(), 1);
    }
}
