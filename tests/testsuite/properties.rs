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
        gap in 20u32..=98,
        value in 0i64..3_000_000,
        step in 0i64..1_000_000,
    ) {
        // Percentiles at least 20 points apart, as a market file must give them.
        let upper_percentile = (lower_percentile + gap).min(99);
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

// The JSON Schema of the offer file (`offerbrief schema`) against `check`: generated
// files, valid and not, get the same verdict from both (SPEC §1; a file an editor passes
// is a file `check` passes, and the other way round).

use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::{Value, json};

/// The schema `offerbrief schema` prints.
fn offer_schema() -> Value {
    serde_json::from_str(&offerbrief::offer_schema()).unwrap()
}

thread_local! {
    /// Compiled patterns, by their text.
    static PATTERNS: RefCell<HashMap<String, regex::Regex>> = RefCell::new(HashMap::new());
}

/// Whether `text` matches the schema pattern `pattern` (unanchored, as JSON Schema reads
/// it).
fn matches(pattern: &str, text: &str) -> bool {
    PATTERNS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let regex = cache.entry(pattern.to_string()).or_insert_with(|| {
            regex::Regex::new(pattern).unwrap_or_else(|error| panic!("{pattern}: {error}"))
        });
        regex.is_match(text)
    })
}

/// Whether `value` is valid against `schema`, a subschema of `root`: the JSON Schema
/// (2020-12) keywords the offer schema uses. An unknown keyword fails the test, so that
/// nothing the schema says goes unchecked.
fn valid(root: &Value, schema: &Value, value: &Value) -> bool {
    let Some(keywords) = schema.as_object() else {
        return schema
            .as_bool()
            .unwrap_or_else(|| panic!("not a schema: {schema}"));
    };
    let number = value.as_f64();
    let text = value.as_str();
    let items = value.as_array();
    let object = value.as_object();
    keywords
        .iter()
        .all(|(keyword, rule)| match keyword.as_str() {
            "$schema" | "title" | "description" | "default" | "examples" | "$defs" | "format" => {
                true
            }
            "$ref" => {
                let name = rule.as_str().unwrap().strip_prefix("#/$defs/").unwrap();
                valid(root, &root["$defs"][name], value)
            }
            "type" => {
                let is = |kind: &str| match kind {
                    "null" => value.is_null(),
                    "boolean" => value.is_boolean(),
                    "string" => value.is_string(),
                    "number" => value.is_number(),
                    "integer" => number.is_some_and(|n| n.fract() == 0.0),
                    "array" => value.is_array(),
                    "object" => value.is_object(),
                    other => panic!("unknown type {other}"),
                };
                match rule {
                    Value::String(kind) => is(kind),
                    Value::Array(kinds) => kinds.iter().any(|kind| is(kind.as_str().unwrap())),
                    _ => panic!("type {rule}"),
                }
            }
            "enum" => rule.as_array().unwrap().contains(value),
            "const" => rule == value,
            "pattern" => text.is_none_or(|text| matches(rule.as_str().unwrap(), text)),
            "minLength" => {
                text.is_none_or(|text| text.chars().count() as u64 >= rule.as_u64().unwrap())
            }
            "maxLength" => {
                text.is_none_or(|text| text.chars().count() as u64 <= rule.as_u64().unwrap())
            }
            "minimum" => number.is_none_or(|n| n >= rule.as_f64().unwrap()),
            "maximum" => number.is_none_or(|n| n <= rule.as_f64().unwrap()),
            "exclusiveMinimum" => number.is_none_or(|n| n > rule.as_f64().unwrap()),
            "exclusiveMaximum" => number.is_none_or(|n| n < rule.as_f64().unwrap()),
            "minItems" => items.is_none_or(|items| items.len() as u64 >= rule.as_u64().unwrap()),
            "maxItems" => items.is_none_or(|items| items.len() as u64 <= rule.as_u64().unwrap()),
            "uniqueItems" => items.is_none_or(|items| {
                !rule.as_bool().unwrap()
                    || items
                        .iter()
                        .enumerate()
                        .all(|(i, item)| !items.iter().skip(i + 1).any(|other| other == item))
            }),
            "items" => items.is_none_or(|items| items.iter().all(|item| valid(root, rule, item))),
            "contains" => {
                items.is_none_or(|items| items.iter().any(|item| valid(root, rule, item)))
            }
            "properties" => object.is_none_or(|object| {
                rule.as_object().unwrap().iter().all(|(name, property)| {
                    object
                        .get(name)
                        .is_none_or(|item| valid(root, property, item))
                })
            }),
            "required" => object.is_none_or(|object| {
                rule.as_array()
                    .unwrap()
                    .iter()
                    .all(|name| object.contains_key(name.as_str().unwrap()))
            }),
            "additionalProperties" => object.is_none_or(|object| {
                let known = keywords.get("properties").and_then(Value::as_object);
                object
                    .iter()
                    .filter(|(name, _)| known.is_none_or(|known| !known.contains_key(*name)))
                    .all(|(_, item)| valid(root, rule, item))
            }),
            "anyOf" => rule
                .as_array()
                .unwrap()
                .iter()
                .any(|branch| valid(root, branch, value)),
            "allOf" => rule
                .as_array()
                .unwrap()
                .iter()
                .all(|branch| valid(root, branch, value)),
            "oneOf" => {
                rule.as_array()
                    .unwrap()
                    .iter()
                    .filter(|branch| valid(root, branch, value))
                    .count()
                    == 1
            }
            "not" => !valid(root, rule, value),
            "if" => {
                let branch = if valid(root, rule, value) {
                    "then"
                } else {
                    "else"
                };
                keywords
                    .get(branch)
                    .is_none_or(|branch| valid(root, branch, value))
            }
            "then" | "else" => true,
            other => panic!("the test's schema validator does not know `{other}`"),
        })
}

/// Whether `check` passes the offer file `text`: it validates, then analyses the last
/// round (which reads the market data and the tax tables), as `offerbrief check` does.
fn check_passes(text: &str) -> Result<(), String> {
    let offer = offerbrief::offer::parse_offer(text, "p.yaml", Path::new("."))
        .map_err(|error| error.to_string())?;
    offerbrief::analyse_round(
        &offer,
        None,
        &offerbrief::render::templates::Templates::builtin(),
    )
    .map(|_| ())
    .map_err(|error| format!("{error:#}"))
}

/// An offer file with every section, valid for the schema and for `check`.
fn full_offer() -> Value {
    json!({
        "candidate": {
            "name": "Jordan Lee",
            "email": "jordan.lee@example.com",
            "domain": "distributed storage",
            "achievements": ["led the migration of a 40-node Kafka fleet"]
        },
        "recruiter": {"name": "Sam Rivera", "email": "sam.rivera@example.com"},
        "company": "Amazon",
        "role": "Senior Software Development Engineer",
        "level": "L6",
        "location": "Seattle",
        "currency": "USD",
        "stock_price": 185,
        "rounds": [
            {
                "name": "Initial offer",
                "date": "2026-11-20",
                "level": "L6",
                "base": 185000,
                "sign_on": [75000, "60k"],
                "sign_on_paid": "monthly",
                "rsu": {"value": "$360,000", "vesting": [5, 15, 40, 40]},
                "annual_bonus": 0,
                "relocation": 15000,
                "relocation_repay_months": 12,
                "start_date": "2027-01-11"
            },
            {"name": "After the first call", "date": "2026-11-25", "base": "190k", "rsu": {"shares": 1946}}
        ],
        "current_job": {
            "company": "Acme",
            "location": "Seattle",
            "base": 175000,
            "annual_bonus": 15000,
            "annual_equity": 60000,
            "unvested_equity": 140000,
            "forfeited_bonus": 15000,
            "last_day": "2027-01-08",
            "vests": [{"date": "2027-02-15", "value": 35000}],
            "bonus": {"date": "2027-03-15", "value": "15k"}
        },
        "competing_offers": [{
            "company": "Google",
            "level": "L5",
            "status": "verbal",
            "base": 205000,
            "sign_on": [50000],
            "rsu": {"value": 380000, "vesting": [25, 25, 25, 25], "tranches": [4]},
            "annual_bonus": 30000,
            "stock_price": 170,
            "location": "Seattle",
            "start_date": "2027-01-11",
            "sign_on_paid": "lump_sum",
            "stock_growth": 0.05
        }],
        "goals": {
            "target_percentile": 75,
            "walk_away_total": 280000,
            "priorities": ["rsu", "sign_on", "base"],
            "target_level": "L7",
            "decision_deadline": "2026-12-05"
        },
        "assumptions": {"stock_growth": 0.0, "base_raise": 0.03, "hours_per_year": 2080},
        "market": "builtin",
        "tax": {"filing": "single", "state": "auto", "other_income": 0, "pre_tax": 20000},
        "situation": {"revealed_number": 250000, "internal_transfer": false}
    })
}

/// What to put at a place of the file: a value, or nothing (the field removed).
type Change = Option<Value>;

/// Values for each kind of field, valid and not, as the schema's rules and `check`'s
/// limits draw the line (none of them depends on another field in a way the schema
/// cannot say: no vesting that misses 100, no money string past the pattern's reach).
fn pool(kind: &str) -> Vec<Change> {
    let long = "x".repeat(1000);
    let values = match kind {
        "text" => vec![
            json!("Jo"),
            json!(6),
            json!(6.5),
            json!(true),
            json!(long),
            json!(format!(" {}", &long[1..])),
            json!("李小龍"),
            json!("#eval(1) {{ x }}"),
            json!(""),
            json!("   "),
            json!(format!("{long}y")),
            json!(format!("{} ", long)),
            json!("x\u{FDD0}y"),
            json!([]),
            json!({}),
            Value::Null,
        ],
        "email" => vec![
            json!("a@b.c"),
            json!(" a@b.c "),
            json!("x.y+z@example.com"),
            json!(""),
            json!("ab"),
            json!("a@@b"),
            json!("a@b@c"),
            json!("Jo <a@b.c>"),
            json!("a b@c.d"),
            json!("a@b,c"),
            json!("a@"),
            json!("@b"),
            json!("a@b\u{202E}c"),
            json!(5),
            json!(true),
        ],
        "money" => vec![
            json!(0),
            json!(185000),
            json!(185000.5),
            json!(1e12),
            json!("185k"),
            json!("$185,000"),
            json!("1.2M"),
            json!(" $ 185,000.50 k "),
            json!("0"),
            json!("1,000,000,000,000"),
            json!("1000000M"),
            json!("0.0000000001"),
            json!(-1),
            json!("-5"),
            json!("$-5"),
            json!("12abc"),
            json!("185,00"),
            json!("1.2.3k"),
            json!(""),
            json!("1000000000001"),
            json!("1,000,000.0001M"),
            json!(1000000000001u64),
            json!("1e5"),
            json!("185."),
            json!("0.00000000001"),
            json!([1]),
            json!({}),
            json!(true),
        ],
        "base" => vec![
            json!(1000),
            json!(185000),
            json!("1k"),
            json!("185k"),
            json!("$1,000"),
            json!("0.001M"),
            json!("1000000000000"),
            json!(1e12),
            json!("001,000"),
            json!(999),
            json!(0),
            json!("999"),
            json!("0.999k"),
            json!("0.0009M"),
            json!("0,999"),
            json!("1e12"),
            json!(-5),
            json!("1,000,000,000,001"),
            json!("999.99"),
        ],
        "positive money" => vec![
            json!(185),
            json!(0.01),
            json!("185.50"),
            json!("$1,000"),
            json!("0.5k"),
            json!(0),
            json!("0"),
            json!("$0.00"),
            json!("0k"),
            json!(-1),
            json!("abc"),
        ],
        "date" => vec![
            json!("2026-11-20"),
            json!("2000-02-29"),
            json!("2199-12-31"),
            json!(" 2026-11-20 "),
            json!("2026-02-30"),
            json!("1900-02-29"),
            json!("2100-02-29"),
            json!("1899-12-31"),
            json!("2200-01-01"),
            json!("2026-13-01"),
            json!("2026-1-5"),
            json!("2026-+1-05"),
            json!("20261120"),
            json!("next week"),
            json!(20261120),
            json!(""),
            json!(true),
        ],
        // Dates on either side of current_job.last_day that never cross it.
        "start date" => vec![
            json!("2027-01-09"),
            json!("2199-12-31"),
            json!("2027-02-29"),
            json!("2027-1-09"),
        ],
        "last day" => vec![
            json!("1900-01-01"),
            json!("2027-01-08"),
            json!("2027-01-32"),
            json!("08.01.2027"),
        ],
        "percentile" => vec![
            json!(1),
            json!(99),
            json!(50.5),
            json!(0),
            json!(99.5),
            json!(100),
            json!("75"),
        ],
        "fraction" => vec![
            json!(-0.9),
            json!(1),
            json!(0),
            json!(0.05),
            json!(-0.91),
            json!(1.01),
            json!("0.05"),
        ],
        "hours" => vec![
            json!(1),
            json!(8784),
            json!(2080.5),
            json!(0.5),
            json!(8785),
            json!("2080"),
        ],
        "rate" => vec![
            json!(0),
            json!(0.2),
            json!(0.093),
            json!(-0.01),
            json!(0.21),
            json!("0.05"),
        ],
        "shares" => vec![
            json!(0),
            json!(1946),
            json!(1000000000),
            json!(0.5),
            json!(-1),
            json!(1000000001u64),
            json!("1946"),
        ],
        "months" => vec![
            json!(0),
            json!(120),
            json!(12),
            json!(12.0),
            json!(-1),
            json!(121),
            json!(1.5),
            json!("12"),
        ],
        "vesting" => vec![
            json!([100]),
            json!([25, 25, 25, 25]),
            json!([5, 15, 40, 40]),
            json!([0, 0, 100]),
            json!([33.33, 33.33, 33.34]),
            Value::Array(vec![json!(10); 10]),
            json!([]),
            Value::Array(vec![json!(10); 11]),
            json!([-5, 105]),
            json!([101, -1]),
            json!(["25", 25, 25, 25]),
            json!([null]),
            json!(100),
        ],
        "tranches" => vec![
            json!([]),
            json!([1]),
            json!([12]),
            json!([6]),
            json!([5]),
            json!([0]),
            json!([13]),
            json!(["4"]),
            json!([1.5]),
            json!([null]),
        ],
        "sign_on_paid" => vec![
            json!("monthly"),
            json!("lump_sum"),
            json!("Monthly"),
            json!(" monthly"),
            json!("weekly"),
            json!(""),
            json!(1),
        ],
        "status" => vec![
            json!("expected"),
            json!("verbal"),
            json!("written"),
            json!("Written"),
            json!("signed"),
        ],
        "filing" => vec![
            json!("single"),
            json!("married_joint"),
            json!("married"),
            json!("SINGLE"),
        ],
        "reason" => vec![
            json!("competing_offer"),
            json!("life_event"),
            json!("role_changed"),
            json!("bored"),
        ],
        "priorities" => vec![
            json!(["rsu"]),
            json!([]),
            json!(["base", "rsu", "sign_on"]),
            json!(["rsu", "rsu"]),
            json!(["RSU"]),
            json!(["bonus"]),
            json!([null]),
            json!("rsu"),
        ],
        "bool" => vec![
            json!(true),
            json!(false),
            json!("true"),
            json!(1),
            json!("yes"),
        ],
        "currency" => vec![
            json!("USD"),
            json!(" usd "),
            json!("Usd"),
            json!("EUR"),
            json!(""),
            json!(5),
            json!("US D"),
        ],
        "market" => vec![
            json!("builtin"),
            json!("none"),
            json!("BuiltIn"),
            json!(" none "),
            json!(""),
            json!("  "),
        ],
        "state" => vec![
            json!("auto"),
            json!("none"),
            json!("flat"),
            json!("FLAT"),
            json!("WA"),
            json!("ca"),
            json!("NYC"),
            json!(""),
            json!("X Y"),
            json!("N.Y."),
            json!(5),
        ],
        "rsu" => vec![
            json!({"value": 1000}),
            json!({"shares": 10}),
            json!({"value": 1000, "shares": 10}),
            json!({}),
            json!({"value": null}),
            json!({"value": null, "shares": 5}),
            json!({"vesting": [100]}),
            json!({"value": 1000, "vest": [100]}),
        ],
        "situation" => vec![
            json!({}),
            json!({"internal_transfer": false}),
            json!({"accepted_on": "2026-12-01", "reason": "life_event"}),
            json!({"accepted_on": "2026-12-01"}),
            json!({"reason": "life_event"}),
            json!({"reason_note": "a move"}),
            json!({"accepted_on": "2026-12-01", "reason": "role_changed", "reason_note": "a move"}),
            json!({"accepted_on": "2026-12-01", "reason": null}),
            json!({"revealed_number": 0}),
            json!({"revealed_number": "250k", "accepted_on": null}),
        ],
        "object" => vec![json!([]), json!("x"), json!(5)],
        other => panic!("no pool {other}"),
    };
    values.into_iter().map(Some).collect()
}

/// The places the generator changes, with the kind of value each takes and whether the
/// field may be left out (then `null` and removal are tried too).
const PLACES: &[(&str, &str, bool)] = &[
    ("/candidate/name", "text", false),
    ("/candidate/email", "email", true),
    ("/candidate/domain", "text", true),
    ("/candidate/achievements/0", "text", false),
    ("/recruiter/name", "text", true),
    ("/recruiter/email", "email", true),
    ("/company", "text", false),
    ("/role", "text", true),
    ("/level", "text", false),
    ("/location", "text", false),
    ("/currency", "currency", true),
    ("/stock_price", "positive money", true),
    ("/rounds/0/name", "text", false),
    ("/rounds/0/date", "date", true),
    ("/rounds/0/level", "text", true),
    ("/rounds/0/base", "base", false),
    ("/rounds/0/sign_on/1", "money", false),
    ("/rounds/0/sign_on_paid", "sign_on_paid", true),
    ("/rounds/0/rsu", "rsu", true),
    ("/rounds/0/rsu/vesting", "vesting", true),
    ("/rounds/0/rsu/tranches", "tranches", true),
    ("/rounds/0/annual_bonus", "money", true),
    ("/rounds/0/relocation", "money", true),
    ("/rounds/0/relocation_repay_months", "months", true),
    ("/rounds/0/start_date", "start date", true),
    ("/rounds/1/base", "base", false),
    ("/rounds/1/rsu", "rsu", true),
    ("/rounds/1/rsu/shares", "shares", true),
    ("/rounds/1/start_date", "start date", true),
    ("/current_job/base", "money", true),
    ("/current_job/unvested_equity", "money", true),
    ("/current_job/last_day", "last day", true),
    ("/current_job/vests/0/date", "date", false),
    ("/current_job/vests/0/value", "money", false),
    ("/current_job/bonus", "object", true),
    ("/current_job/company", "text", true),
    ("/competing_offers/0/company", "text", false),
    ("/competing_offers/0/status", "status", true),
    ("/competing_offers/0/base", "money", false),
    ("/competing_offers/0/rsu", "rsu", true),
    ("/competing_offers/0/stock_price", "money", true),
    ("/competing_offers/0/stock_growth", "fraction", true),
    ("/competing_offers/0/start_date", "date", true),
    ("/goals/target_percentile", "percentile", true),
    ("/goals/priorities", "priorities", true),
    ("/goals/walk_away_total", "money", true),
    ("/goals/decision_deadline", "date", true),
    ("/assumptions/stock_growth", "fraction", true),
    ("/assumptions/base_raise", "fraction", true),
    ("/assumptions/hours_per_year", "hours", true),
    ("/market", "market", true),
    ("/tax/filing", "filing", true),
    ("/tax/state", "state", true),
    ("/tax/state_rate", "rate", true),
    ("/tax/state_supplemental_rate", "rate", true),
    ("/tax/pre_tax", "money", true),
    ("/situation", "situation", true),
    ("/situation/internal_transfer", "bool", true),
    ("/situation/reason", "reason", true),
    ("/situation/revealed_number", "positive money", true),
    ("/candidate", "object", false),
    ("/rounds", "object", false),
];

/// Changes beyond one field: lists at and past their limits, unknown and missing fields.
fn structural_changes() -> Vec<(String, Change)> {
    let round = json!({"name": "R", "base": 185000});
    let vest = json!({"date": "2027-02-15", "value": 1});
    let other = json!({"company": "X", "base": 1});
    vec![
        ("/rounds".into(), Some(json!([]))),
        (
            "/rounds".into(),
            Some(Value::Array(vec![round.clone(); 50])),
        ),
        ("/rounds".into(), Some(Value::Array(vec![round; 51]))),
        (
            "/candidate/achievements".into(),
            Some(Value::Array(vec![json!("a"); 20])),
        ),
        (
            "/candidate/achievements".into(),
            Some(Value::Array(vec![json!("a"); 21])),
        ),
        (
            "/competing_offers".into(),
            Some(Value::Array(vec![other.clone(); 20])),
        ),
        (
            "/competing_offers".into(),
            Some(Value::Array(vec![other; 21])),
        ),
        (
            "/current_job/vests".into(),
            Some(Value::Array(vec![vest.clone(); 60])),
        ),
        (
            "/current_job/vests".into(),
            Some(Value::Array(vec![vest; 61])),
        ),
        (
            "/rounds/0/sign_on".into(),
            Some(Value::Array(vec![json!(1); 10])),
        ),
        (
            "/rounds/0/sign_on".into(),
            Some(Value::Array(vec![json!(1); 11])),
        ),
        ("/rounds/0/sign_on".into(), None),
        ("/rounds/0/bonus".into(), Some(json!(1))),
        ("/candidate/nmae".into(), Some(json!("Jo"))),
        ("/goals/deadline".into(), Some(json!("2026-12-05"))),
        ("/tax/state_rate".into(), Some(json!(0.05))),
        ("/candidate/name".into(), None),
        ("/company".into(), None),
        ("/rounds/0/name".into(), None),
        ("/rounds/1/base".into(), None),
        ("/competing_offers/0/company".into(), None),
        ("/current_job/vests/0/date".into(), None),
        ("/stock_price".into(), None),
        ("/competing_offers/0/stock_price".into(), None),
        (
            "/competing_offers/0/rsu".into(),
            Some(json!({"shares": 10})),
        ),
    ]
}

/// Every change the generator may make: each place with each value of its kind (and
/// removal and `null` where the field is optional), and the structural changes.
fn changes() -> Vec<(String, Change)> {
    let mut all = structural_changes();
    for (place, kind, optional) in PLACES {
        for change in pool(kind) {
            all.push((place.to_string(), change));
        }
        if *optional {
            all.push((place.to_string(), None));
            all.push((place.to_string(), Some(Value::Null)));
        }
    }
    all
}

/// `offer` with `change` made at `place` (a JSON pointer whose parent exists, or is
/// created as an object when the parent of the parent does).
fn changed(mut offer: Value, place: &str, change: &Change) -> Value {
    let (parent, last) = place.rsplit_once('/').unwrap();
    let Some(container) = offer.pointer_mut(parent) else {
        return offer;
    };
    match (container, change) {
        (Value::Object(fields), Some(value)) => {
            fields.insert(last.to_string(), value.clone());
        }
        (Value::Object(fields), None) => {
            fields.remove(last);
        }
        (Value::Array(items), Some(value)) => {
            if let Some(item) = last.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                *item = value.clone();
            }
        }
        (Value::Array(items), None) => {
            if let Ok(i) = last.parse::<usize>()
                && i < items.len()
            {
                items.remove(i);
            }
        }
        _ => {}
    }
    offer
}

/// Whether the schema and `check` agree on `offer`; the message says how when they do not.
fn agree(schema: &Value, offer: &Value) -> Result<(), String> {
    let text = serde_json::to_string_pretty(offer).unwrap();
    let by_schema = valid(schema, schema, offer);
    match (by_schema, check_passes(&text)) {
        (true, Err(problem)) => Err(format!(
            "the schema accepts what check refuses ({problem}):\n{text}"
        )),
        (false, Ok(())) => Err(format!("check accepts what the schema refuses:\n{text}")),
        _ => Ok(()),
    }
}

#[test]
fn the_schema_and_check_agree_on_the_hostile_runs_files() {
    let schema = offer_schema();
    let base = full_offer();
    agree(&schema, &base).unwrap();
    for (place, change) in [
        ("/rounds/0/rsu", json!({"value": 1000, "shares": 10})),
        ("/company", json!("x".repeat(1001))),
        ("/rounds/0/base", json!(1000000000001u64)),
        ("/rounds/0/annual_bonus", json!("1000000000001")),
        ("/rounds/1/rsu/shares", json!(-1)),
        ("/rounds/1/rsu/shares", json!("1946")),
        ("/level", json!(6)),
        ("/situation", json!({})),
    ] {
        agree(&schema, &changed(base.clone(), place, &Some(change))).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    #[test]
    fn the_schema_and_check_agree_on_generated_files(picks in proptest::collection::vec(any::<proptest::sample::Index>(), 1..=3)) {
        static SCHEMA: std::sync::LazyLock<Value> = std::sync::LazyLock::new(offer_schema);
        static CHANGES: std::sync::LazyLock<Vec<(String, Change)>> = std::sync::LazyLock::new(changes);
        let mut offer = full_offer();
        for pick in &picks {
            let (place, change) = pick.get(&CHANGES);
            offer = changed(offer, place, change);
        }
        if let Err(disagreement) = agree(&SCHEMA, &offer) {
            prop_assert!(false, "{}", disagreement);
        }
    }
}

#[test]
fn the_schema_and_check_agree_on_every_single_change() {
    let schema = offer_schema();
    let mut disagreements = Vec::new();
    let mut passed = 0;
    let all = changes();
    for (place, change) in &all {
        let offer = changed(full_offer(), place, change);
        passed += usize::from(valid(&schema, &schema, &offer));
        if let Err(disagreement) = agree(&schema, &offer) {
            disagreements.push(format!("{place} = {change:?}: {disagreement}"));
        }
    }
    // Both verdicts are well represented: the changes probe each line from both sides.
    assert!(
        passed >= 150 && all.len() - passed >= 150,
        "{passed} of {} changes pass",
        all.len()
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements; the first:\n{}",
        disagreements.len(),
        disagreements
            .first()
            .map(String::as_str)
            .unwrap_or_default()
    );
}
