//! SPEC §11: every alternative on the same terms. Each competing offer gets its own
//! years, start, vest calendar, place and taxes, staying is an alternative, and the
//! comparison puts them side by side over each one's first 48 months, before and after
//! tax; the briefing says in one sentence when the order flips after tax. The figures of
//! the flip case are checked against independent ones in `tests/cases/`.

use serde_json::Value;

use crate::support::{analyze, build_with_analysis, root, text_of};

/// An offer file: a Seattle offer from 2027-02-01, then `rest` (competing offers, a
/// current job, a tax block).
fn offer_with(rest: &str) -> String {
    format!(
        "candidate: {{ name: Jo Park }}
company: Amazon
level: L6
location: Seattle
rounds:
  - name: Offer
    date: 2026-12-01
    base: 200000
    sign_on: [60000, 40000]
    rsu: {{ value: 400000 }}
    start_date: 2027-02-01
{rest}"
    )
}

/// The analysis of `yaml`, and its warnings as one string.
fn analysis_of(yaml: &str) -> (Value, String) {
    let dir = assert_fs::TempDir::new().unwrap();
    let file = dir.path().join("offer.yaml");
    std::fs::write(&file, yaml).unwrap();
    let analysis = crate::support::analyze(&file);
    let warnings = analysis["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect::<Vec<_>>()
        .join("\n");
    (analysis, warnings)
}

#[test]
fn without_an_alternative_there_is_no_comparison() {
    let (analysis, _) = analysis_of(&offer_with("tax: { filing: single }\n"));
    assert!(analysis["comparison"].is_null());
    // A current job without a base is no alternative either.
    let (analysis, _) = analysis_of(&offer_with(
        "current_job: { unvested_equity: 50000 }\ntax: { filing: single }\n",
    ));
    assert!(analysis["comparison"].is_null());
}

#[test]
fn a_competing_offer_has_its_own_start_vests_place_and_taxes() {
    let (analysis, warnings) = analysis_of(&offer_with(
        "competing_offers:
  - company: Google
    location: Bay Area
    start_date: 2027-03-01
    base: 210000
    sign_on: [50000]
    sign_on_paid: lump_sum
    stock_price: 100
    stock_growth: 0.10
    rsu: { shares: 4000, vesting: [33, 33, 22, 12], tranches: [12, 12, 12, 12] }
tax: { filing: single }
",
    ));
    assert!(!warnings.contains("competing_offers"), "{warnings}");
    // One warning for the tables every alternative borrowed.
    assert_eq!(warnings.matches("no tax table").count(), 1, "{warnings}");
    assert!(
        warnings.contains("California income tax for 2027–2031 (the 2025 table is used)"),
        "{warnings}"
    );
    let google = &analysis["competing"][0];
    assert_eq!(google["location"], "Bay Area");
    let schedule = &google["schedule"];
    assert_eq!(schedule["start"], "2027-03-01");
    // Monthly vests: 48 of them, the first a month after its own start.
    let vests = schedule["vests"].as_array().unwrap();
    assert_eq!(vests.len(), 48);
    assert_eq!(vests[0]["date"], "2027-04-01");
    // Its own stock growth: year 2's vest is 33% of 400,000 grown 10% a year, twice
    // (SPEC §4: (1 + g)^y).
    assert_eq!(google["years"][1]["rsu"], 159720.0);
    // The lump-sum sign-on lands with the first payday, in 2027.
    let first = &schedule["calendar_years"][0];
    assert_eq!(first["year"], 2027);
    assert_eq!(first["sign_on"], 50000.0);
    // California's taxes, by its own calendar years.
    let taxes = &google["taxes"];
    assert_eq!(taxes["jurisdictions"][0]["code"], "CA");
    assert!(taxes["years"][0]["state_owed"].as_f64().unwrap() > 10_000.0);
    let comparison = &analysis["comparison"];
    let alternatives = comparison["alternatives"].as_array().unwrap();
    assert_eq!(alternatives.len(), 2);
    assert_eq!(alternatives[0]["kind"], "offer");
    assert_eq!(alternatives[0]["jurisdictions"][0], "WA");
    assert_eq!(alternatives[1]["kind"], "competing");
    assert_eq!(alternatives[1]["jurisdictions"][0], "CA");
    // The window is 48 months: the competing offer's total is its §4 four-year total.
    assert_eq!(
        alternatives[1]["four_year_total"],
        google["four_year_total"]
    );
    let by_year: f64 = alternatives[1]["calendar_years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|year| year["total"].as_f64().unwrap())
        .sum();
    assert!((by_year - google["four_year_total"].as_f64().unwrap()).abs() < 0.05);
}

#[test]
fn a_competing_offer_defaults_to_the_offers_place_and_start() {
    let (analysis, warnings) = analysis_of(&offer_with(
        "competing_offers:
  - company: Microsoft
    base: 210000
    rsu: { value: 300000 }
  - company: Stripe
    location: Denver
    base: 220000
tax: { filing: single }
",
    ));
    let microsoft = &analysis["competing"][0];
    assert_eq!(microsoft["location"], "Seattle");
    assert_eq!(microsoft["schedule"]["start"], "2027-02-01");
    // Quarterly vests by default for a competing offer.
    assert_eq!(microsoft["schedule"]["vests"].as_array().unwrap().len(), 16);
    // A place the tables do not know: no state tax, and a warning naming the alternative.
    assert!(
        warnings.contains("competing_offers[1] (Stripe): the location \"Denver\" is not a place the tax tables know"),
        "{warnings}"
    );
    assert_eq!(
        analysis["comparison"]["alternatives"][2]["jurisdictions"],
        serde_json::json!([])
    );
}

#[test]
fn staying_is_an_alternative_paid_from_the_offers_start() {
    let (analysis, _) = analysis_of(&offer_with(
        "current_job:
  company: Contoso
  base: 180000
  annual_bonus: 20000
  annual_equity: 40000
assumptions: { base_raise: 0.03, stock_growth: 0.5 }
tax: { filing: single }
",
    ));
    let alternatives = analysis["comparison"]["alternatives"].as_array().unwrap();
    let stay = &alternatives[1];
    assert_eq!(stay["kind"], "stay");
    assert_eq!(stay["name"], "Contoso");
    assert_eq!(stay["location"], "Seattle");
    // 4 × (bonus + equity) + base raised 3% a year; equity does not grow with the stock.
    let base: f64 = (0..4).map(|y| 180_000.0 * 1.03f64.powi(y)).sum();
    let expected = base + 4.0 * 60_000.0;
    assert!((stay["four_year_total"].as_f64().unwrap() - expected).abs() < 0.05);
    // From 2027-02-01: ten paydays (March to December), the vests of May, August and
    // November, and no bonus yet in 2027.
    let first = &stay["calendar_years"][0];
    assert_eq!(first["year"], 2027);
    let paid = 180_000.0 / 12.0 * 10.0 + 30_000.0;
    assert!(
        (first["total"].as_f64().unwrap() - paid).abs() < 0.05,
        "{first}"
    );
    assert!(stay["vs_offer_net"].as_f64().unwrap() < 0.0);
    let sentence = stay["sentence"].as_str().unwrap();
    assert!(
        sentence.starts_with("Staying at Contoso in Seattle pays about $"),
        "{sentence}"
    );
    // Without current_job.company it is "Current job".
    let (analysis, _) = analysis_of(&offer_with(
        "current_job: { base: 180000 }\ntax: { filing: single }\n",
    ));
    assert_eq!(
        analysis["comparison"]["alternatives"][1]["name"],
        "Current job"
    );
}

#[test]
fn without_taxes_or_a_start_the_comparison_says_less() {
    let competing = "competing_offers:
  - company: Google
    location: Bay Area
    base: 230000
";
    // No tax block: totals by calendar year, no net.
    let (analysis, _) = analysis_of(&offer_with(competing));
    let comparison = &analysis["comparison"];
    assert_eq!(comparison["after_tax"], false);
    assert_eq!(comparison["by_calendar_year"], true);
    let google = &comparison["alternatives"][1];
    assert!(google["four_year_net"].is_null());
    assert!(google["calendar_years"][0]["net"].is_null());
    assert!(google["sentence"].as_str().unwrap().contains("before tax"));
    assert_eq!(comparison["after_tax_order_differs"], false);
    // No start anywhere: four-year totals only.
    let yaml = offer_with(competing)
        .replace("    date: 2026-12-01\n", "")
        .replace("    start_date: 2027-02-01\n", "");
    let (analysis, _) = analysis_of(&yaml);
    let comparison = &analysis["comparison"];
    assert_eq!(comparison["by_calendar_year"], false);
    assert_eq!(
        comparison["alternatives"][1]["calendar_years"],
        serde_json::json!([])
    );
    // 4 × 230,000 against the offer's 1,300,000.
    assert_eq!(comparison["alternatives"][1]["vs_offer_total"], -380000.0);
}

#[test]
fn the_flip_reads_right_in_the_briefing() {
    let out = assert_fs::TempDir::new().unwrap();
    let file = root().join("inputs/l6-seattle-vs-bay-area.yaml");
    let (round, analysis) = build_with_analysis(&file, out.path());
    assert_eq!(analysis["comparison"]["after_tax_order_differs"], true);
    let text = text_of(&round.join("briefing.pdf"));
    let folded = crate::support::folded(&text);
    for expected in [
        "Your alternatives, side by side",
        "Google in the Bay Area pays about $124,000 more before tax and about $26,000 less after tax over four years than this offer in Seattle.",
        "Staying at Contoso in Seattle pays about $320,000 less before tax",
        "After tax this offer nets the most: $1,011,396 over four years, although Google pays the most before tax.",
        "What each leaves you, by calendar year",
        "Before tax, Google in the Bay Area pays about $124,000 more than this offer in Seattle; after tax it pays about $26,000 less",
    ] {
        assert!(
            folded.contains(&crate::support::folded(expected)),
            "the briefing does not say {expected:?}"
        );
    }
    // The terminal says it too.
    let table = crate::support::bin()
        .args(["analyze", "--format", "table"])
        .arg(&file)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(
        table.contains("Alternatives over four years, on the same terms"),
        "{table}"
    );
    assert!(table.contains("Staying at Contoso"), "{table}");
    // The same analysis as `analyze`.
    assert_eq!(analyze(&file)["comparison"], analysis["comparison"]);
}
