//! Tests of the analysis as a whole: flags, caps, the next step, walk-away, rounds.

use std::path::Path;

use super::*;
use crate::offer::parse_offer;
use crate::vocab::{EmailKind, FlagCode, LeverKind, LeverStatus};

fn analysed(yaml: &str) -> Analysis {
    let offer = parse_offer(yaml, "test.yaml", Path::new(".")).unwrap();
    let market = Market::for_choice(&offer.market).unwrap();
    analyse(&offer, market.as_ref(), None, offer.rounds.len() - 1).unwrap()
}

const HEAD: &str = "candidate: {name: A}\ncompany: Amazon\nlevel: L6\nlocation: Seattle\n";

fn codes(analysis: &Analysis) -> Vec<FlagCode> {
    analysis.flags.iter().map(|f| f.code).collect()
}

#[test]
fn a_front_loaded_offer_has_a_year_three_cliff() {
    let a = analysed(&format!(
        "{HEAD}rounds:\n  - {{name: R, base: 180000, sign_on: [150000, 100000], rsu: {{value: 100000}}}}\n"
    ));
    assert!(a.years[2].total < a.years[0].total);
    assert!(codes(&a).contains(&FlagCode::Year3Cliff));
}

#[test]
fn a_base_at_the_cap_is_not_asked_for() {
    let a = analysed(&format!(
        "{HEAD}rounds:\n  - {{name: R, base: 230000, rsu: {{value: 300000}}}}\n"
    ));
    let base = a
        .levers
        .iter()
        .find(|l| l.lever == LeverKind::Base)
        .unwrap();
    assert_eq!(base.status, LeverStatus::AtCap);
    assert_eq!(base.ask, Money::dollars(230_000));
    assert!(codes(&a).contains(&FlagCode::BaseAtCap));
    assert!(!a.asks.contains(&LeverKind::Base));
}

#[test]
fn the_base_ask_never_passes_the_cap() {
    let yaml = format!(
        "{HEAD}rounds:\n  - {{name: R, base: 200000}}\ncompeting_offers:\n  - {{company: X, base: 260000}}\n"
    );
    let a = analysed(&yaml);
    let base = a
        .levers
        .iter()
        .find(|l| l.lever == LeverKind::Base)
        .unwrap();
    assert_eq!(base.ask, Money::dollars(220_000));
}

#[test]
fn the_rsu_ask_is_held_to_one_and_a_half_times_the_grant() {
    let a = analysed(&format!(
        "{HEAD}rounds:\n  - {{name: R, base: 200000, rsu: {{value: 100000}}}}\n"
    ));
    let rsu = a.levers.iter().find(|l| l.lever == LeverKind::Rsu).unwrap();
    assert_eq!(rsu.ask, Money::dollars(150_000));
}

#[test]
fn no_market_band_means_no_market_and_a_warning() {
    let a = analysed(
        "candidate: {name: A}\ncompany: Amazon\nlevel: L9\nlocation: Mars\nrounds:\n  - {name: R, base: 200000, rsu: {value: 100000}}\n",
    );
    assert!(a.market.is_none());
    assert!(a.market_percentile.is_none());
    assert_eq!(codes(&a), vec![FlagCode::NoMarketBand]);
    assert!(!a.warnings.is_empty());
    assert!(
        a.asks.is_empty(),
        "with no market and no competing offer there is nothing to argue"
    );
    assert_eq!(a.next_step.email, Some(EmailKind::Acceptance));
}

#[test]
fn next_step_follows_the_round_count() {
    let one = analysed(&format!("{HEAD}rounds:\n  - {{name: R1, base: 180000}}\n"));
    assert_eq!(one.next_step.email, Some(EmailKind::Round1Counter));
    assert_eq!(
        one.next_step.expected_range.map(|r| r[0]),
        Some(one.four_year_total * Decimal::new(110, 2))
    );
    let three = analysed(&format!(
        "{HEAD}rounds:\n  - {{name: R1, base: 180000}}\n  - {{name: R2, base: 185000}}\n  - {{name: R3, base: 190000}}\n"
    ));
    assert_eq!(three.next_step.email, Some(EmailKind::FinalAsk));
    assert_eq!(three.next_step.levers.len(), 1);
    assert!(three.next_step.expected_range.is_none());
    let change = three.rounds[2].change_from_first.as_ref().unwrap();
    assert_eq!(change.base.amount.0, Money::dollars(10_000));
}

#[test]
fn walk_away_compares_with_the_best_alternative() {
    let a = analysed(&format!(
        "{HEAD}rounds:\n  - {{name: R, base: 200000}}\ncurrent_job: {{base: 150000, annual_bonus: 10000, annual_equity: 40000}}\n"
    ));
    assert_eq!(a.walk_away.best_alternative, Some(Money::dollars(200_000)));
    assert_eq!(
        a.walk_away.vs_best_alternative,
        Some(crate::money::Signed(
            a.four_year_average - Money::dollars(200_000)
        ))
    );
    let none = analysed(&format!("{HEAD}rounds:\n  - {{name: R, base: 200000}}\n"));
    assert!(
        none.walk_away.best_alternative.is_none() && none.walk_away.vs_best_alternative.is_none()
    );
}

#[test]
fn later_rounds_never_change_an_earlier_analysis() {
    let yaml =
        format!("{HEAD}rounds:\n  - {{name: R1, base: 180000}}\n  - {{name: R2, base: 200000}}\n");
    let offer = parse_offer(&yaml, "t.yaml", Path::new(".")).unwrap();
    let market = Market::builtin().unwrap();
    let first = analyse(&offer, Some(&market), None, 0).unwrap();
    let mut only_first = offer.clone();
    only_first.rounds.truncate(1);
    let alone = analyse(&only_first, Some(&market), None, 0).unwrap();
    assert_eq!(first.four_year_total, alone.four_year_total);
    assert_eq!(first.rounds.len(), 1);
    assert_eq!(first.asks, alone.asks);
}
