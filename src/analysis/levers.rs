//! Levers and asks (SPEC §4 "Levers and asks"): a target per lever from the market, the
//! competing offers and what leaving costs; the ask, its four-year gain, and the order.

use rust_decimal::Decimal;

use super::model::Leaving;
use super::model::{ApprovalStep, Cap, Evidence, ForfeitParts, Lever, Number};
use super::years::package_four_year_total;
use crate::money::{Money, Signed};
use crate::offer::{Assumptions, CompetingOffer, Package};
use crate::vocab::{Approval, CompetingStatus, LeverKind, LeverStatus};

/// The most an RSU ask may be, as a multiple of the offered grant (SPEC §4).
const GRANT_CAP_MULTIPLE: Decimal = Decimal::from_parts(15, 0, 0, false, 1);

/// The most any ask may be, as a multiple of the offer's first-year total. A target comes
/// from a market band, a competing offer or what leaving forfeits; one past ten years of
/// this offer's first-year pay on a single lever comes from a band that cannot describe a
/// market (`[0, 1e12]` read as the 1st and 99th percentiles) or from a figure typed wrong,
/// never from a negotiation. Ten leaves the asks the built-in bands make untouched even
/// at their widest: an L7 Bay Area offer of base alone at the band's low end, aimed at the
/// 99th percentile, asks for a grant of eight times its first-year total.
pub const ASK_LIMIT_MULTIPLE: i64 = 10;

/// The ask limit for an offer whose first-year total is `year_1_total`: [`ASK_LIMIT_MULTIPLE`]
/// times it, down to whole thousands (so that a target held to it rounds to it).
pub fn ask_limit(year_1_total: Money) -> Money {
    let thousands =
        (year_1_total.0 * Decimal::from(ASK_LIMIT_MULTIPLE) / Decimal::from(1000)).floor();
    Money(thousands * Decimal::from(1000))
}

/// Where a lever's target came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetSource {
    /// The market band at the target percentile.
    Market,
    /// The competing offer at this index of `competing_offers`.
    Competing(usize),
    /// What leaving the current job forfeits.
    Forfeit,
}

/// A lever whose target went past the ask limit, and was held to it.
#[derive(Debug, Clone, Copy)]
pub struct OverLimit {
    pub lever: LeverKind,
    /// The target before the limit.
    pub target: Money,
    pub source: TargetSource,
}

/// What the lever targets are computed from.
pub struct LeverInputs<'a> {
    pub package: &'a Package,
    pub assumptions: &'a Assumptions,
    /// Market targets (whole dollars) and bands, when a band matched.
    pub market: Option<MarketTargets>,
    /// The level's base cap, when a band matched.
    pub base_cap: Option<Money>,
    pub competing: &'a [CompetingOffer],
    /// What leaving the current job forfeits, when the file has a current job.
    pub leaving: Option<Leaving>,
    pub target_percentile: Decimal,
    /// No ask goes past this (see [`ask_limit`]).
    pub ask_limit: Money,
}

/// The market's low, high and target for the three lever components.
#[derive(Debug, Clone, Copy)]
pub struct MarketTargets {
    pub base: (Money, Money, Money),
    pub equity_4yr: (Money, Money, Money),
    pub signing: (Money, Money, Money),
}

/// Every lever, unordered (base, rsu, sign_on), and those whose target was held to the
/// ask limit.
pub fn levers(inputs: &LeverInputs) -> (Vec<Lever>, Vec<OverLimit>) {
    let four_year_total = package_four_year_total(inputs.package, inputs.assumptions);
    let gain =
        |changed: &Package| package_four_year_total(changed, inputs.assumptions) - four_year_total;
    let mut levers = Vec::new();
    let mut over = Vec::new();
    let mut within_limit = |lever: LeverKind, target: Money, source: TargetSource| {
        if target > inputs.ask_limit {
            over.push(OverLimit {
                lever,
                target,
                source,
            });
            inputs.ask_limit
        } else {
            target
        }
    };

    // Base.
    let offered = inputs.package.base;
    let mut evidence = Vec::new();
    let mut held_to = None;
    let market_target = inputs.market.map(|m| m.base.2).unwrap_or(Money::ZERO);
    if let Some(market) = inputs.market {
        evidence.extend(market_evidence(
            market.base,
            inputs.target_percentile,
            offered,
        ));
    }
    let best_competing = best_by(inputs.competing, |p| p.base);
    let (target, source) = larger(market_target, best_competing.as_ref());
    evidence.extend(best_competing.and_then(|best| best.evidence(offered)));
    let (ask, status) = match inputs.base_cap {
        Some(cap) if offered >= cap => (offered, LeverStatus::AtCap),
        cap => {
            let rounded = within_limit(LeverKind::Base, target, source).round_to_thousand();
            let capped = match cap {
                Some(cap) if rounded > cap => {
                    held_to = Some(Cap::BaseCap { cap });
                    cap
                }
                _ => rounded,
            };
            let ask = offered.max(capped);
            (ask, status_of(ask, offered))
        }
    };
    let changed = Package {
        base: ask,
        ..inputs.package.clone()
    };
    let mut base = lever(
        LeverKind::Base,
        offered,
        ask,
        gain(&changed),
        status,
        target,
        evidence,
        None,
    );
    base.held_to = held_to;
    levers.push(base);

    // RSU grant.
    let offered = inputs.package.grant;
    let mut evidence = Vec::new();
    let mut held_to = None;
    let market_target = inputs.market.map(|m| m.equity_4yr.2).unwrap_or(Money::ZERO);
    if let Some(market) = inputs.market {
        evidence.extend(market_evidence(
            market.equity_4yr,
            inputs.target_percentile,
            offered,
        ));
    }
    let best_competing = best_by(inputs.competing, |p| p.grant);
    let (wanted, source) = larger(market_target, best_competing.as_ref());
    evidence.extend(best_competing.and_then(|best| best.evidence(offered)));
    let target = if offered.is_zero() {
        wanted
    } else {
        let limit = offered * GRANT_CAP_MULTIPLE;
        if wanted > limit {
            held_to = Some(Cap::GrantCap {
                limit,
                multiple: Number(GRANT_CAP_MULTIPLE),
            });
        }
        wanted.min(limit)
    };
    let ask = offered.max(within_limit(LeverKind::Rsu, target, source).round_to_thousand());
    let changed = Package {
        grant: ask,
        ..inputs.package.clone()
    };
    let mut rsu = lever(
        LeverKind::Rsu,
        offered,
        ask,
        gain(&changed),
        status_of(ask, offered),
        target,
        evidence,
        None,
    );
    rsu.held_to = held_to;
    levers.push(rsu);

    // Sign-on.
    let offered = inputs.package.sign_on_total();
    let mut evidence = Vec::new();
    let market_target = inputs.market.map(|m| m.signing.2).unwrap_or(Money::ZERO);
    if let Some(market) = inputs.market {
        evidence.extend(market_evidence(
            market.signing,
            inputs.target_percentile,
            offered,
        ));
    }
    let forfeit = inputs.leaving.map(Leaving::total).unwrap_or(Money::ZERO);
    // What leaving forfeits argues for a larger sign-on only when it is more than the
    // sign-on offered (SPEC §12.1).
    if let Some(job) = inputs.leaving.filter(|_| forfeit > offered) {
        evidence.push(Evidence::Forfeit {
            unvested_equity: job.unvested_equity,
            forfeited_bonus: job.forfeited_bonus,
            total: forfeit,
            parts: match (job.unvested_equity.is_zero(), job.forfeited_bonus.is_zero()) {
                (false, false) => ForfeitParts::Both,
                (false, true) => ForfeitParts::Equity,
                _ => ForfeitParts::Bonus,
            },
        });
    }
    let (target, source) = if forfeit > market_target {
        (forfeit, TargetSource::Forfeit)
    } else {
        (market_target, TargetSource::Market)
    };
    let ask = offered.max(within_limit(LeverKind::SignOn, target, source).round_to_thousand());
    let status = status_of(ask, offered);
    let ask_by_year = if status == LeverStatus::Ask {
        sign_on_split(ask, &inputs.package.sign_on)
    } else {
        inputs.package.sign_on.clone()
    };
    let ask = if status == LeverStatus::Ask {
        ask_by_year.iter().copied().sum()
    } else {
        ask
    };
    let changed = Package {
        sign_on: ask_by_year.clone(),
        ..inputs.package.clone()
    };
    let mut sign_on = lever(
        LeverKind::SignOn,
        offered,
        ask,
        gain(&changed),
        status,
        target,
        evidence,
        Some(ask_by_year),
    );
    sign_on.offered_by_year = Some(inputs.package.sign_on.clone());
    levers.push(sign_on);
    (levers, over)
}

/// The larger of the market target and the best competing offer's figure, and where it
/// came from (the market on a tie).
fn larger(market_target: Money, best_competing: Option<&Best>) -> (Money, TargetSource) {
    match best_competing {
        Some(best) if best.amount > market_target => {
            (best.amount, TargetSource::Competing(best.index))
        }
        _ => (market_target, TargetSource::Market),
    }
}

#[allow(clippy::too_many_arguments)]
fn lever(
    kind: LeverKind,
    offered: Money,
    ask: Money,
    gap_4yr: Money,
    status: LeverStatus,
    target: Money,
    evidence: Vec<Evidence>,
    ask_by_year: Option<Vec<Money>>,
) -> Lever {
    Lever {
        lever: kind,
        offered,
        none_offered: offered.is_zero(),
        ask,
        gap_4yr: Signed(gap_4yr),
        status,
        target,
        evidence,
        held_to: None,
        ask_by_year,
        offered_by_year: None,
    }
}

fn status_of(ask: Money, offered: Money) -> LeverStatus {
    if ask > offered {
        LeverStatus::Ask
    } else {
        LeverStatus::NoGap
    }
}

/// The market band as evidence, when its target is above what is offered (SPEC §12.1).
fn market_evidence(
    (low, high, target): (Money, Money, Money),
    target_percentile: Decimal,
    offered: Money,
) -> Option<Evidence> {
    (target > offered).then(|| Evidence::Market {
        low,
        high,
        target,
        target_percentile: Number(target_percentile),
        about_low: low.round_to_thousand(),
        about_high: high.round_to_thousand(),
        about_target: target.round_to_thousand(),
    })
}

/// The competing offer with the largest `component`, first listed on ties, as evidence.
fn best_by(competing: &[CompetingOffer], component: impl Fn(&Package) -> Money) -> Option<Best> {
    competing
        .iter()
        .enumerate()
        .map(|(index, offer)| Best {
            index,
            company: offer.company.clone(),
            amount: component(&offer.package),
            status: offer.status,
        })
        .reduce(|best, next| {
            if next.amount > best.amount {
                next
            } else {
                best
            }
        })
        .filter(|best| !best.amount.is_zero())
}

/// The competing offer a lever's target comes from.
struct Best {
    /// Its place in `competing_offers`.
    index: usize,
    company: String,
    amount: Money,
    status: Option<CompetingStatus>,
}

impl Best {
    /// The competing offer as evidence, when its figure is above what is offered (SPEC
    /// §12.1): citing a lower one would argue against the ask.
    fn evidence(&self, offered: Money) -> Option<Evidence> {
        (self.amount > offered).then(|| Evidence::Competing {
            company: self.company.clone(),
            amount: self.amount,
            status: self.status,
        })
    }
}

/// The asks with evidence to argue from: a market band, a competing offer or what leaving
/// forfeits, each above the offer. The drafts argue every ask; one without evidence is
/// argued from the role's scope and the candidate's achievements.
pub fn argued(levers: &[Lever], asks: &[LeverKind], cite_competing: bool) -> Vec<LeverKind> {
    asks.iter()
        .copied()
        .filter(|kind| {
            levers.iter().any(|lever| {
                lever.lever == *kind
                    && lever.evidence.iter().any(|evidence| match evidence {
                        Evidence::Market { .. } | Evidence::Forfeit { .. } => true,
                        Evidence::Competing { .. } => cite_competing,
                    })
            })
        })
        .collect()
}

/// The offer with every lever in `asks` at its ask.
pub fn proposed_package(package: &Package, levers: &[Lever], asks: &[LeverKind]) -> Package {
    let mut proposed = package.clone();
    for lever in levers.iter().filter(|l| asks.contains(&l.lever)) {
        match lever.lever {
            LeverKind::Base => proposed.base = lever.ask,
            LeverKind::Rsu => proposed.grant = lever.ask,
            LeverKind::SignOn => proposed.sign_on = lever.ask_by_year.clone().unwrap_or_default(),
        }
    }
    proposed
}

/// Split a sign-on ask over the offered years in the offered proportions (two equal years
/// when none was offered): each year but the last is R(ask · share), the last takes the rest.
pub fn sign_on_split(ask: Money, offered: &[Money]) -> Vec<Money> {
    let total: Money = offered.iter().copied().sum();
    let shares: Vec<Decimal> = if total.is_zero() {
        vec![Decimal::new(5, 1), Decimal::new(5, 1)]
    } else {
        offered.iter().map(|year| year.0 / total.0).collect()
    };
    let leading = shares
        .split_last()
        .map(|(_, leading)| leading)
        .unwrap_or_default();
    let mut split: Vec<Money> = leading
        .iter()
        .map(|share| (ask * *share).round_to_thousand())
        .collect();
    let so_far: Money = split.iter().copied().sum();
    if so_far <= ask {
        split.push(ask - so_far);
        return at_least_offered(split, offered);
    }
    // Rounding each year up could leave the last year negative (three or more years):
    // round the running total instead, which keeps every year at or above zero.
    let mut split = Vec::with_capacity(shares.len());
    let (mut cumulative, mut paid) = (Decimal::ZERO, Money::ZERO);
    for share in leading {
        cumulative += *share;
        let running = (ask * cumulative).round_to_thousand().min(ask);
        split.push(running - paid);
        paid = running;
    }
    split.push(ask - paid);
    at_least_offered(split, offered)
}

/// An ask never pays a year less than the offer did: rounding a tiny year's share to
/// thousands could move its money past year 4. Years below their offer are raised to it
/// (the ask then grows by those few dollars).
fn at_least_offered(mut split: Vec<Money>, offered: &[Money]) -> Vec<Money> {
    for (year, offered) in split.iter_mut().zip(offered) {
        *year = (*year).max(*offered);
    }
    split
}

/// Levers in negotiation order: the file's priorities first, then the largest four-year
/// gain first (ties: base, rsu, sign_on).
pub fn order(mut levers: Vec<Lever>, priorities: &[LeverKind]) -> Vec<Lever> {
    levers.sort_by(|a, b| {
        let rank = |lever: &Lever| {
            priorities
                .iter()
                .position(|p| *p == lever.lever)
                .unwrap_or(usize::MAX)
        };
        rank(a)
            .cmp(&rank(b))
            .then_with(|| b.gap_4yr.cmp(&a.gap_4yr))
            .then_with(|| a.lever.cmp(&b.lever))
    });
    levers
}

/// The seed's approval ladder: who signs off an increase of up to each percentage of the
/// four-year total (the last rung has no limit).
const APPROVAL_LADDER: [(Approval, Option<i64>); 4] = [
    (Approval::Recruiter, Some(10)),
    (Approval::HiringManager, Some(20)),
    (Approval::Director, Some(30)),
    (Approval::VpCompensationCommittee, None),
];

/// Who approves an increase of `increase_pct` (unrounded): the first rung it fits under.
pub fn approval(increase_pct: Decimal) -> Approval {
    APPROVAL_LADDER
        .iter()
        .find(|(_, limit)| limit.is_none_or(|limit| increase_pct <= Decimal::from(limit)))
        .map_or(Approval::VpCompensationCommittee, |(approval, _)| *approval)
}

/// The ladder as analysis.json and the documents show it.
pub fn approval_ladder() -> Vec<ApprovalStep> {
    APPROVAL_LADDER
        .iter()
        .map(|(approval, limit)| ApprovalStep {
            approval: *approval,
            up_to_pct: limit.map(|limit| Number(Decimal::from(limit))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_split_never_pays_a_year_less_than_offered() {
        let cents = Money(Decimal::new(1, 2));
        let offered = [Money::ZERO, cents, Money::dollars(2_000_000)];
        let split = sign_on_split(Money::dollars(3_000_000), &offered);
        assert!(
            split.iter().zip(&offered).all(|(ask, offer)| ask >= offer),
            "{split:?}"
        );
    }

    #[test]
    fn sign_on_split_keeps_proportions_and_the_total() {
        let split = sign_on_split(
            Money::dollars(176_000),
            &[Money::dollars(75_000), Money::dollars(60_000)],
        );
        // 176000 × 75/135 = 97777.8 → 98000; the last year takes the remainder.
        assert_eq!(split, vec![Money::dollars(98_000), Money::dollars(78_000)]);
        assert_eq!(
            sign_on_split(Money::dollars(101_000), &[]),
            vec![Money::dollars(51_000), Money::dollars(50_000)]
        );
        assert_eq!(
            sign_on_split(Money::dollars(90_000), &[Money::dollars(10)]),
            vec![Money::dollars(90_000)]
        );
        let halves = [Money::dollars(50_000), Money::dollars(50_000), Money::ZERO];
        let split = sign_on_split(Money::dollars(101_000), &halves);
        assert_eq!(
            split.iter().copied().sum::<Money>(),
            Money::dollars(101_000)
        );
        assert!(split.iter().all(|year| *year >= Money::ZERO), "{split:?}");
    }

    #[test]
    fn approval_follows_the_ladder_on_unrounded_values() {
        assert_eq!(approval(Decimal::from(10)), Approval::Recruiter);
        assert_eq!(approval(Decimal::new(10_001, 3)), Approval::HiringManager);
        assert_eq!(approval(Decimal::from(30)), Approval::Director);
        assert_eq!(
            approval(Decimal::new(30_001, 3)),
            Approval::VpCompensationCommittee
        );
    }

    #[test]
    fn priorities_come_first_then_the_largest_gain() {
        let make = |kind, gain| {
            lever(
                kind,
                Money::ZERO,
                Money::ZERO,
                Money::dollars(gain),
                LeverStatus::Ask,
                Money::ZERO,
                Vec::new(),
                None,
            )
        };
        let ordered = order(
            vec![
                make(LeverKind::Base, 10),
                make(LeverKind::Rsu, 30),
                make(LeverKind::SignOn, 10),
            ],
            &[LeverKind::SignOn],
        );
        let kinds: Vec<LeverKind> = ordered.iter().map(|l| l.lever).collect();
        assert_eq!(kinds, [LeverKind::SignOn, LeverKind::Rsu, LeverKind::Base]);
    }
}
