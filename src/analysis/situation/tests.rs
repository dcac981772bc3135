//! The situations' figures, worked by hand from the fixture (Jordan Lee's second round:
//! four-year total $1,325,000; proposed first-year total $333,000 with every ask granted).

use crate::fixture;

/// The fixture with a `situation:` block (and `extra` lines before it).
fn with_situation(extra: &str, situation: &str) -> crate::analysis::Analysis {
    fixture::analysed(&format!(
        "{}{extra}situation:\n{situation}",
        fixture::REVISED_OFFER
    ))
}

#[test]
fn a_number_below_the_market_target_is_reset_to_the_proposed_first_year() {
    let analysis = with_situation("", "  revealed_number: 250000\n");
    let situation = analysis.situation.as_ref().unwrap();
    // The L6 Seattle target of the first-year total at P75 is $298,684; $250,000 is below.
    assert_eq!(situation.revealed_against.unwrap().0, 298_684.into());
    // low = max($250,000, proposed year 1) and high = max(low, market high $320,000).
    let proposed_year_1 = analysis.proposed.years[0].total;
    assert!(proposed_year_1.0 > 320_000.into());
    let expected = proposed_year_1.round_to_thousand();
    assert_eq!(situation.reset_range, Some([expected, expected]));
    assert!(
        analysis
            .flags
            .iter()
            .any(|f| f.code == crate::vocab::FlagCode::RevealedNumberLow)
    );
    assert_eq!(
        analysis.next_step.email,
        Some(crate::vocab::EmailKind::Round2Followup),
        "in a second round the follow-up stays the next email; the reset is drafted beside it"
    );
}

#[test]
fn a_wide_band_gives_a_reset_range_up_to_its_high_end() {
    let dir = std::env::temp_dir().join(format!("offerbrief-situation-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let market = crate::market::BUILTIN_MARKET.replacen(
        "total_year_1: [230000, 320000]",
        "total_year_1: [200000, 600000]",
        1,
    );
    std::fs::write(dir.join("wide.yaml"), market).unwrap();
    let yaml = format!(
        "{}market: {}\nsituation:\n  revealed_number: 250000\n",
        fixture::SPARSE_OFFER,
        dir.join("wide.yaml").display()
    );
    let analysis = fixture::analysed(&yaml);
    let situation = analysis.situation.unwrap();
    // Target at P75: mean $400,000 + z(0.75) 0.67449 × sd $156,060.4 = $505,261 > $250,000.
    assert_eq!(situation.revealed_against.unwrap().0, 505_261.into());
    // low = R(max($250,000, proposed year 1)); high = R($600,000).
    let low = analysis.proposed.years[0]
        .total
        .max(crate::money::Money::dollars(250_000));
    assert_eq!(
        situation.reset_range,
        Some([
            low.round_to_thousand(),
            crate::money::Money::dollars(600_000)
        ])
    );
    assert_eq!(
        analysis.next_step.email,
        Some(crate::vocab::EmailKind::ResetExpectations),
        "in round 1 the reset comes before any counter"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_number_at_or_above_the_target_needs_no_reset() {
    let analysis = with_situation("", "  revealed_number: 300000\n");
    let situation = analysis.situation.unwrap();
    assert_eq!(situation.reset_range, None);
    assert!(
        situation.summary.contains("no reset is needed"),
        "{}",
        situation.summary
    );
}

/// The fixture accepted with a competing offer whose four-year total is `total` (a base
/// paid four years, nothing else).
fn accepted_against(total: i64) -> crate::analysis::Analysis {
    let base = rust_decimal::Decimal::from(total) / rust_decimal::Decimal::from(4);
    let yaml = fixture::REVISED_OFFER.replace(
        "competing_offers:\n  - company: Google\n    level: L5\n    status: verbal\n    base: 205000\n    sign_on: [50000]\n    rsu: { value: 380000 }\n    annual_bonus: 30000\n",
        &format!("competing_offers:\n  - company: Contoso\n    base: {base}\n"),
    );
    assert!(yaml.contains("Contoso"));
    fixture::analysed(&format!(
        "{yaml}situation:\n  accepted_on: 2026-12-01\n  reason: competing_offer\n"
    ))
}

fn after_acceptance(
    analysis: &crate::analysis::Analysis,
) -> &crate::analysis::situation::AfterAcceptance {
    analysis
        .situation
        .as_ref()
        .and_then(|situation| situation.after_acceptance.as_ref())
        .unwrap()
}

#[test]
fn a_competing_offer_reopens_an_accepted_one_only_above_thirty_percent() {
    // This offer: $1,325,000 over four years. 31% above is $1,735,750; 29% is $1,709,250.
    let above = accepted_against(1_735_750);
    let after = after_acceptance(&above);
    assert!(after.holds);
    assert_eq!(
        after.competing.as_ref().unwrap().above_pct.0.round_dp(1),
        "31.0".parse().unwrap()
    );
    assert_eq!(after.revisit.unwrap().lever, above.asks[0]);
    assert_eq!(
        above.next_step.email,
        Some(crate::vocab::EmailKind::AfterAcceptance)
    );

    let below = accepted_against(1_709_250);
    let after = after_acceptance(&below);
    assert!(!after.holds);
    assert_eq!(below.next_step.email, None);
    assert!(
        below.situation.unwrap().summary.contains("does not hold"),
        "the briefing says why not"
    );
}

#[test]
fn the_other_reasons_are_the_users_word() {
    for reason in ["role_changed", "life_event", "start_delayed_by_company"] {
        let analysis = with_situation(
            "",
            &format!("  accepted_on: 2026-12-01\n  reason: {reason}\n"),
        );
        assert!(analysis.situation.unwrap().reopen(), "{reason}");
    }
}

#[test]
fn an_internal_transfer_cites_no_competing_offer_and_puts_the_level_first() {
    let analysis = with_situation("", "  internal_transfer: true\n");
    assert!(!analysis.cite_competing);
    let transfer = analysis.other_levers.internal_transfer.as_ref().unwrap();
    assert_eq!(transfer.points.len(), 4);
    assert!(transfer.talking_point.contains("title bump"));
}
