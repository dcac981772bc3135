//! Protects the arithmetic with properties over random offers: totals are sums of their
//! parts, percentiles rise with the value, an ask is never below the offer, and rounding
//! never drifts by more than a cent — for typical offers and for offers anywhere within
//! the limits the file format allows (amounts up to $1e12, 10-year schedules, growth and
//! raises from -90% to +100% a year).

use std::path::Path;

use offerbrief::analysis::{Analysis, YearRow};
use offerbrief::market::Market;
use offerbrief::money::{MAX_AMOUNT, Money};
use offerbrief::vocab::LeverStatus;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn offer_yaml(
    base: u32,
    sign_on: (u32, u32),
    grant: u32,
    vesting: [u32; 3],
    growth: i32,
    raise: i32,
    location: usize,
) -> String {
    let last = 100 - vesting.iter().sum::<u32>();
    let locations = ["Seattle", "Bay Area", "NYC", "Austin", "Nowhere"];
    format!(
        "candidate: {{name: P}}\ncompany: Amazon\nlevel: L6\nlocation: {}\nrounds:\n  - name: R\n    base: {base}\n    sign_on: [{}, {}]\n    rsu: {{value: {grant}, vesting: [{}, {}, {}, {last}]}}\nassumptions: {{stock_growth: {}, base_raise: {}}}\ncurrent_job: {{unvested_equity: 50000}}\ncompeting_offers:\n  - {{company: X, base: {}, rsu: {{value: {}}}}}\n",
        locations[location],
        sign_on.0,
        sign_on.1,
        vesting[0],
        vesting[1],
        vesting[2],
        Decimal::new(i64::from(growth), 2),
        Decimal::new(i64::from(raise), 2),
        base / 2 + 150_000,
        grant / 3 + 100_000,
    )
}

fn analysed(yaml: &str) -> Analysis {
    let offer = offerbrief::offer::parse_offer(yaml, "p.yaml", Path::new(".")).unwrap();
    offerbrief::analyse_round(
        &offer,
        None,
        &offerbrief::render::templates::Templates::builtin(),
    )
    .unwrap()
}

fn offers() -> impl Strategy<Value = String> {
    (
        50_000u32..400_000,
        (0u32..200_000, 0u32..200_000),
        0u32..2_000_000,
        (0u32..34, 0u32..33, 0u32..33),
        -30i32..30,
        0i32..10,
        0usize..5,
    )
        .prop_map(
            |(base, sign_on, grant, (a, b, c), growth, raise, location)| {
                offer_yaml(base, sign_on, grant, [a, b, c], growth, raise, location)
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn totals_are_the_sums_of_their_parts(yaml in offers()) {
        let a = analysed(&yaml);
        for year in &a.years {
            prop_assert_eq!(year.total, year.base + year.sign_on + year.rsu + year.bonus);
        }
        let four: Money = a.years.iter().take(4).map(|y| y.total).sum();
        prop_assert_eq!(a.four_year_total, four);
    }

    #[test]
    fn an_ask_is_never_below_the_offer(yaml in offers()) {
        let a = analysed(&yaml);
        for lever in &a.levers {
            prop_assert!(lever.ask >= lever.offered, "{:?}", lever);
            prop_assert_eq!(lever.status == LeverStatus::Ask, lever.ask > lever.offered);
            if let Some(split) = &lever.ask_by_year {
                prop_assert_eq!(split.iter().copied().sum::<Money>(), lever.ask);
            }
        }
        prop_assert!(a.proposed.four_year_total >= a.four_year_total);
    }

    #[test]
    fn a_higher_value_never_gets_a_lower_percentile(low in 0i64..2_000_000, step in 0i64..500_000) {
        let market = Market::builtin().unwrap();
        let bands = market.bands("L6", "Seattle").unwrap();
        for band in [&bands.base, &bands.equity_4yr, &bands.signing, &bands.total_year_1] {
            let (a, b) = (band.percentile(Money::dollars(low)), band.percentile(Money::dollars(low + step)));
            prop_assert!(b >= a);
            prop_assert!(a >= Decimal::ONE && b <= Decimal::from(99));
        }
    }

    #[test]
    fn rounding_never_drifts_by_more_than_a_cent(units in 0i64..1_000_000_000_000, scale in 0u32..6) {
        let exact = Decimal::new(units, scale);
        let rounded = Money(exact).cents();
        prop_assert!((rounded - exact).abs() <= Decimal::new(5, 3));
        prop_assert_eq!(rounded.scale().min(2), rounded.scale());
    }
}

/// An amount anywhere from $0 to the largest accepted, spread over the orders of magnitude
/// (cents included), written as the file would hold it.
fn amounts() -> impl Strategy<Value = Decimal> {
    (0u32..=12, 1i64..=999_999, 0u32..=2).prop_map(|(magnitude, digits, cents)| {
        let value = Decimal::new(digits, cents) * Decimal::from(10i64.pow(magnitude))
            / Decimal::from(1_000_000);
        value.round_dp(2).min(MAX_AMOUNT)
    })
}

/// Yearly percentages over 1–10 years that sum to exactly 100.
fn vesting() -> impl Strategy<Value = Vec<Decimal>> {
    proptest::collection::vec(0u32..=1000, 1..=10).prop_map(|weights| {
        let total: u32 = weights.iter().sum::<u32>().max(1);
        let mut percents: Vec<Decimal> = weights
            .iter()
            .map(|w| (Decimal::from(*w) * Decimal::from(100) / Decimal::from(total)).round_dp(2))
            .collect();
        let rest = Decimal::from(100) - percents.iter().copied().sum::<Decimal>();
        if let Some(first) = percents.first_mut() {
            *first += rest;
        }
        if percents.iter().any(|p| *p < Decimal::ZERO) {
            percents = vec![Decimal::from(100)];
        }
        percents
    })
}

fn list(values: &[Decimal]) -> String {
    let items: Vec<String> = values.iter().map(Decimal::to_string).collect();
    format!("[{}]", items.join(", "))
}

/// Offers anywhere within the file format's limits, with one to three rounds, a
/// competing offer and a current job.
fn wide_offers() -> impl Strategy<Value = String> {
    let round = (
        amounts().prop_map(|base| base.max(Decimal::from(1000))),
        proptest::collection::vec(amounts(), 0..=10),
        amounts(),
        vesting(),
        amounts(),
    );
    (
        proptest::collection::vec(round, 1..=3),
        (amounts(), amounts(), vesting()),
        (amounts(), amounts()),
        (-90i64..=100, -90i64..=100, 1u32..=99, 0usize..5),
    )
        .prop_map(
            |(rounds, (other_base, other_grant, other_vesting), (unvested, bonus), (growth, raise, percentile, location))| {
                let locations = ["Seattle", "Bay Area", "NYC", "Austin", "Nowhere"];
                let mut yaml = format!(
                    "candidate: {{name: P}}\ncompany: Amazon\nlevel: L6\nlocation: {}\nrounds:\n",
                    locations[location]
                );
                for (i, (base, sign_on, grant, vesting, annual_bonus)) in rounds.iter().enumerate() {
                    yaml.push_str(&format!(
                        "  - {{name: R{i}, base: {base}, sign_on: {}, rsu: {{value: {grant}, vesting: {}}}, annual_bonus: {annual_bonus}}}\n",
                        list(sign_on),
                        list(vesting)
                    ));
                }
                yaml.push_str(&format!(
                    "competing_offers:\n  - {{company: X, base: {other_base}, rsu: {{value: {other_grant}, vesting: {}}}}}\n",
                    list(&other_vesting)
                ));
                yaml.push_str(&format!(
                    "current_job: {{unvested_equity: {unvested}, forfeited_bonus: {bonus}}}\ngoals: {{target_percentile: {percentile}}}\nassumptions: {{stock_growth: {}, base_raise: {}}}\n",
                    Decimal::new(growth, 2),
                    Decimal::new(raise, 2)
                ));
                yaml
            },
        )
}

fn sums_hold(years: &[YearRow], four_year_total: Money) -> Result<(), TestCaseError> {
    for year in years {
        prop_assert_eq!(year.total, year.base + year.sign_on + year.rsu + year.bonus);
    }
    let four: Money = years.iter().take(4).map(|y| y.total).sum();
    prop_assert_eq!(four_year_total, four);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn anywhere_within_the_limits_totals_are_sums_and_asks_cover_the_offer(yaml in wide_offers()) {
        let offer = offerbrief::offer::parse_offer(&yaml, "p.yaml", Path::new(".")).unwrap();
        for round in 1..=offer.rounds.len() {
            let a = offerbrief::analyse_round(&offer, Some(round), &offerbrief::render::templates::Templates::builtin()).unwrap();
            sums_hold(&a.years, a.four_year_total)?;
            sums_hold(&a.proposed.years, a.proposed.four_year_total)?;
            for other in &a.competing {
                sums_hold(&other.years, other.four_year_total)?;
            }
            for lever in &a.levers {
                prop_assert!(lever.ask >= lever.offered, "{:?}", lever);
                if let Some(split) = &lever.ask_by_year {
                    prop_assert_eq!(split.iter().copied().sum::<Money>(), lever.ask);
                    prop_assert!(split.iter().all(|year| *year >= Money::ZERO), "{:?}", split);
                }
            }
            prop_assert!(a.proposed.four_year_total >= a.four_year_total);
            prop_assert_eq!(a.rounds.len(), round);
            // analysis.json holds the four-year total to the cent.
            let json: serde_json::Value =
                serde_json::from_str(&a.to_json().unwrap()).unwrap();
            let text = json["four_year_total"].to_string();
            let written = text.parse::<Decimal>().or_else(|_| Decimal::from_scientific(&text)).unwrap();
            let exact = a.four_year_total.cents();
            prop_assert!((written - exact).abs() <= Decimal::new(1, 2) || exact > Decimal::from(90_000_000_000_000i64), "{} vs {}", written, exact);
        }
    }

    #[test]
    fn in_any_band_a_higher_value_never_gets_a_lower_percentile(
        low in 0i64..1_000_000,
        width in 1i64..1_000_000,
        lower_percentile in 1u32..50,
        upper_percentile in 51u32..100,
        value in 0i64..3_000_000,
        step in 0i64..1_000_000,
    ) {
        let high = low + width;
        let text = format!(
            "band_percentiles: [{lower_percentile}, {upper_percentile}]\nlevels:\n  L6:\n    locations:\n      Here:\n        base: [{low}, {high}]\n        equity_4yr: [{low}, {high}]\n        signing: [{low}, {high}]\n        total_year_1: [{low}, {high}]\n"
        );
        let market = Market::parse(&text, "m.yaml").unwrap();
        let band = &market.bands("L6", "Here").unwrap().base;
        let (a, b) = (band.percentile(Money::dollars(value)), band.percentile(Money::dollars(value + step)));
        prop_assert!(b >= a, "{} then {}", a, b);
        prop_assert!(a >= Decimal::ONE && b <= Decimal::from(99));
        // The value at a percentile rises with the percentile.
        let (p, q) = (Decimal::from(lower_percentile), Decimal::from(upper_percentile));
        prop_assert!(band.value_at(q) >= band.value_at(p));
    }

    #[test]
    fn an_amount_shown_reads_back_as_its_dollars_or_cents(units in 0i64..100_000_000_000_000, scale in 0u32..6) {
        let money = Money(Decimal::new(units, scale).min(MAX_AMOUNT));
        let shown = money.to_string();
        prop_assert_eq!(Money::parse(&shown).unwrap(), money.whole_dollars(), "{}", shown);
        let shown = money.with_cents();
        prop_assert_eq!(Money::parse(&shown).unwrap().0, money.cents(), "{}", shown);
        // analysis.json writes the same cents: a JSON number that reads back exactly.
        let json = serde_json::to_string(&money).unwrap();
        let read: Decimal = json.parse().unwrap();
        prop_assert_eq!(read, money.cents(), "{}", json);
    }

    #[test]
    fn rounding_to_a_thousand_moves_at_most_five_hundred(units in 0i64..1_000_000_000_000, scale in 0u32..4) {
        let exact = Money(Decimal::new(units, scale));
        let rounded = exact.round_to_thousand();
        prop_assert!((rounded.0 - exact.0).abs() <= Decimal::from(500));
        prop_assert!((rounded.0 % Decimal::from(1000)).is_zero());
    }
}

/// A share count anywhere from 10⁻²⁸ to 10⁹, as a file could write it.
fn shares() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0.0000000000000000000000000001".to_string()),
        Just("1000000000".to_string()),
        (1u64..=1_000_000_000, 0u32..=6).prop_map(|(digits, scale)| Decimal::new(
            digits as i64,
            scale
        )
        .to_string()),
    ]
}

/// Offers at the edges of every field SPEC §7–§9 added, beside a grant in shares: tiny
/// and huge share counts next to an ordinary round, custom tranches, start dates on a
/// month's last day, the current job's vests, a tax block and a situation.
fn edge_offers() -> impl Strategy<Value = String> {
    (
        (shares(), shares(), amounts().prop_map(|p| p.max(Decimal::new(1, 2)))),
        (0usize..6, 1u32..=12, 28u32..=31, 0usize..4),
        (amounts(), amounts(), 0u32..=20, amounts()),
        (any::<bool>(), any::<bool>(), amounts()),
    )
        .prop_map(
            |((shares_1, shares_2, price), (tranche, month, day, reason), (vest, other, state, revealed), (married, transfer, pre_tax))| {
                let tranches = [1, 2, 3, 4, 6, 12][tranche];
                let reasons = ["competing_offer", "role_changed", "life_event", "start_delayed_by_company"];
                // A real date: the month's last day when `day` is past it.
                let last = match month { 2 => 28, 4 | 6 | 9 | 11 => 30, _ => 31 };
                let start = format!("2027-{month:02}-{:02}", day.min(last));
                format!(
                    "candidate: {{name: P}}\ncompany: Amazon\nlevel: L6\nlocation: Seattle\nstock_price: {price}\nrounds:\n  - {{name: R1, date: 2026-11-02, base: 185000, rsu: {{shares: {shares_1}, tranches: [{tranches}, {tranches}]}}, start_date: {start}}}\n  - {{name: R2, base: 190000, sign_on: [{other}, {other}, {other}], sign_on_paid: lump_sum, rsu: {{shares: {shares_2}}}, relocation: {vest}, start_date: {start}}}\ncurrent_job:\n  vests: [{{date: 2027-12-31, value: {vest}}}]\n  bonus: {{date: 2028-01-01, value: {other}}}\ncompeting_offers:\n  - {{company: X, base: {other}, rsu: {{value: {vest}, tranches: [4, 4, 4, 4]}}}}\ntax: {{filing: {}, state_rate: 0.{state:02}, other_income: {other}, pre_tax: {pre_tax}}}\nsituation: {{revealed_number: {revealed}, internal_transfer: {transfer}, accepted_on: 2026-12-01, reason: {}}}\n",
                    if married { "married_joint" } else { "single" },
                    reasons[reason],
                )
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn at_the_edges_every_round_analyses_and_renders_or_is_refused_with_a_located_error(yaml in edge_offers()) {
        let offer = match offerbrief::offer::parse_offer(&yaml, "p.yaml", Path::new(".")) {
            Ok(offer) => offer,
            Err(error) => {
                prop_assert!(error.problems.iter().all(|p| p.starts_with("p.yaml:")), "{:?}", error);
                return Ok(());
            }
        };
        let templates = offerbrief::render::templates::Templates::builtin();
        for round in 1..=offer.rounds.len() {
            let analysis = match offerbrief::analyse_round(&offer, Some(round), &templates) {
                Ok(analysis) => analysis,
                Err(error) => {
                    prop_assert!(offerbrief::error::is_input_error(&error), "{error:#}");
                    continue;
                }
            };
            sums_hold(&analysis.years, analysis.four_year_total)?;
            if let Some(schedule) = &analysis.schedule {
                // Monthly payments are twelfths, exact to Decimal's 28 digits: the two
                // sums agree far below a cent.
                let calendar: Money = schedule.calendar_years.iter().map(|y| y.total).sum();
                let offer_years: Money = analysis.years.iter().map(|y| y.total).sum();
                prop_assert!((calendar.0 - offer_years.0).abs() < Decimal::new(1, 10), "{calendar:?} {offer_years:?}");
            }
            offerbrief::render::emails::render_drafts(&templates, &analysis).unwrap();
            offerbrief::render::checklist::render_checklist(&templates, &analysis).unwrap();
            analysis.to_json().unwrap();
            let _ = offerbrief::render::table::table(&analysis);
        }
    }
}

#[test]
fn a_grant_of_almost_no_shares_beside_a_normal_round_is_no_fault() {
    // Found by the adversarial run: the change from 10⁻²⁸ shares to a normal grant is a
    // ratio beyond what a percentage can say; it is shown as none, not a panic.
    let yaml = "candidate: {name: P}\ncompany: Amazon\nlevel: L6\nlocation: Seattle\nstock_price: 185\nrounds:\n  - {name: R1, base: 185000, rsu: {shares: 0.0000000000000000000000000001}}\n  - {name: R2, base: 185000, rsu: {shares: 1946}}\n";
    let offer = offerbrief::offer::parse_offer(yaml, "p.yaml", Path::new(".")).unwrap();
    let analysis = offerbrief::analyse_round(
        &offer,
        None,
        &offerbrief::render::templates::Templates::builtin(),
    )
    .unwrap();
    let change = analysis.rounds[1].change_from_previous.as_ref().unwrap();
    assert!(change.grant.pct.is_none());
}
