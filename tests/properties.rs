//! Protects the arithmetic with properties over random offers: totals are sums of their
//! parts, percentiles rise with the value, an ask is never below the offer, and rounding
//! never drifts by more than a cent.

use std::path::Path;

use offerbrief::analysis::{Analysis, LeverStatus};
use offerbrief::market::Market;
use offerbrief::money::Money;
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
    offerbrief::analyse_round(&offer, None).unwrap()
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
