use std::str::FromStr;

use super::*;
use crate::fixture::flat_years;

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn dollars(amount: i64) -> Money {
    Money::dollars(amount)
}

fn percents(vesting: &[i64]) -> Vec<Decimal> {
    vesting.iter().map(|p| Decimal::from(*p)).collect()
}

fn inputs<'a>(
    start: &str,
    years: &'a [YearRow],
    vesting: &'a [Decimal],
    tranches: &'a [u32],
    sign_on_paid: SignOnPaid,
) -> ScheduleInputs<'a> {
    ScheduleInputs {
        start: date(start),
        start_assumed: false,
        years,
        vesting,
        tranches,
        sign_on_paid,
        relocation: None,
        relocation_repay_months: DEFAULT_RELOCATION_REPAY_MONTHS,
        shares: None,
    }
}

fn total_of(years: &[YearRow]) -> Money {
    years.iter().map(|year| year.total).sum()
}

#[test]
fn the_start_is_assumed_four_weeks_after_the_round() {
    assert_eq!(
        start_of(None, Some(date("2026-10-10"))),
        Some((date("2026-11-07"), true))
    );
    assert_eq!(
        start_of(Some(date("2027-01-04")), Some(date("2026-11-02"))),
        Some((date("2027-01-04"), false))
    );
    assert_eq!(start_of(None, None), None);
}

#[test]
fn default_tranches_follow_amazon_and_quarterly_competitors() {
    assert_eq!(offer_tranches(4, &[]), [1, 1, 2, 2]);
    assert_eq!(offer_tranches(5, &[4]), [4, 1, 2, 2, 2]);
    assert_eq!(offer_tranches(2, &[]), [1, 1]);
    assert_eq!(competing_tranches(4, &[]), [4, 4, 4, 4]);
    assert_eq!(competing_tranches(3, &[12, 1]), [12, 1, 4]);
}

#[test]
fn events_of_each_offer_year_add_up_to_its_total() {
    let years = flat_years(
        190_000,
        &[70_000, 50_000],
        400_000,
        &[5, 15, 40, 40],
        12_000,
    );
    let vesting = percents(&[5, 15, 40, 40]);
    let tranches = offer_tranches(4, &[]);
    for paid in [SignOnPaid::Monthly, SignOnPaid::LumpSum] {
        let events = events(&inputs("2027-03-15", &years, &vesting, &tranches, paid));
        for row in &years {
            let sum: Money = events
                .iter()
                .filter(|event| event.offer_year == row.year)
                .map(|event| event.amount)
                .sum();
            assert!(
                (sum - row.total).0.abs() < dec("0.000001"),
                "{paid:?} {}",
                row.year
            );
        }
        assert!(events.windows(2).all(|pair| pair[0].date <= pair[1].date));
        assert!(events.iter().all(|event| !event.amount.is_zero()));
    }
}

#[test]
fn a_start_on_the_31st_clamps_each_payday_to_the_month_end() {
    // Base 120,000: 10,000 a month, paid at offsets 1..48 counted from 2027-01-31.
    let years = flat_years(120_000, &[], 100_000, &[25, 25, 25, 25], 0);
    let vesting = percents(&[25, 25, 25, 25]);
    let tranches = [1, 2, 4, 12];
    let schedule = build(&inputs(
        "2027-01-31",
        &years,
        &vesting,
        &tranches,
        SignOnPaid::Monthly,
    ));
    let paydays: Vec<String> = schedule
        .events
        .iter()
        .filter(|event| event.kind == EventKind::Base)
        .take(14)
        .map(|event| event.date.to_string())
        .collect();
    assert_eq!(
        paydays,
        [
            "2027-02-28",
            "2027-03-31",
            "2027-04-30",
            "2027-05-31",
            "2027-06-30",
            "2027-07-31",
            "2027-08-31",
            "2027-09-30",
            "2027-10-31",
            "2027-11-30",
            "2027-12-31",
            "2028-01-31",
            // 2028 is a leap year, and month 14 is back on the 31st: never chained.
            "2028-02-29",
            "2028-03-31",
        ]
    );
    let leave = &schedule.leave_after;
    assert_eq!(leave[0].date, date("2027-02-28"));
    assert_eq!(leave[12].date, date("2028-02-29"));
    assert_eq!(leave[13].date, date("2028-03-31"));
    // Year 4 vests monthly: its first vest is month 37, 2030-02-28.
    let year_four: Vec<Date> = schedule
        .vests
        .iter()
        .filter(|vest| vest.year == 4)
        .map(|vest| vest.date)
        .collect();
    assert_eq!(year_four.len(), 12);
    assert_eq!(year_four.first(), Some(&date("2030-02-28")));
    assert_eq!(year_four.last(), Some(&date("2031-01-31")));
    // Calendar 2027 holds eleven paydays (February to December).
    assert_eq!(schedule.calendar_years[0].year, 2027);
    assert_eq!(schedule.calendar_years[0].base, dollars(110_000));
}

#[test]
fn custom_tranches_split_each_vesting_year() {
    // 400,000 over [25, 25, 25, 25] with tranches [1, 4, 4, 4]: one vest of 100,000 at
    // month 12, then 25,000 (6.25% of the grant) every quarter from month 15.
    let years = flat_years(200_000, &[], 400_000, &[25, 25, 25, 25], 0);
    let vesting = percents(&[25, 25, 25, 25]);
    let tranches = [1, 4, 4, 4];
    let schedule = build(&inputs(
        "2027-01-04",
        &years,
        &vesting,
        &tranches,
        SignOnPaid::Monthly,
    ));
    assert_eq!(schedule.vests.len(), 13);
    let first = schedule.vests[0];
    assert_eq!((first.date, first.year), (date("2028-01-04"), 1));
    assert_eq!(
        (first.percent.0, first.value),
        (dec("25"), dollars(100_000))
    );
    let second = schedule.vests[1];
    assert_eq!((second.date, second.year), (date("2028-04-04"), 2));
    assert_eq!(
        (second.percent.0, second.value),
        (dec("6.25"), dollars(25_000))
    );
    let offsets: Vec<u32> = schedule
        .events
        .iter()
        .filter(|event| event.kind == EventKind::Rsu)
        .map(|event| event.offset)
        .collect();
    assert_eq!(
        offsets,
        [12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48]
    );
    // Leaving after month 20 forfeits the vests of months 21 and 24 and years 3 and 4:
    // 2 × 25,000 + 200,000.
    assert_eq!(
        schedule.leave_after[19].unvested_forfeited,
        dollars(250_000)
    );
    assert_eq!(schedule.leave_after[47].unvested_forfeited, Money::ZERO);
}

#[test]
fn five_year_vesting_makes_five_offer_years() {
    let vesting_whole = [10, 20, 20, 20, 30];
    let years = flat_years(180_000, &[], 500_000, &vesting_whole, 0);
    assert_eq!(years.len(), 5);
    let vesting = percents(&vesting_whole);
    let tranches = offer_tranches(5, &[]);
    let schedule = build(&inputs(
        "2027-06-01",
        &years,
        &vesting,
        &tranches,
        SignOnPaid::Monthly,
    ));
    assert_eq!(schedule.leave_after.len(), 60);
    let vests: Vec<(u32, Money)> = schedule
        .events
        .iter()
        .filter(|event| event.kind == EventKind::Rsu)
        .map(|event| (event.offset, event.amount))
        .collect();
    assert_eq!(
        vests,
        [
            (12, dollars(50_000)),
            (24, dollars(100_000)),
            (30, dollars(50_000)),
            (36, dollars(50_000)),
            (42, dollars(50_000)),
            (48, dollars(50_000)),
            (54, dollars(75_000)),
            (60, dollars(75_000)),
        ]
    );
    let calendar_total: Money = schedule.calendar_years.iter().map(|year| year.total).sum();
    assert_eq!(calendar_total, total_of(&years));
    // 2027-07-01 … 2032-06-01: six calendar years, the first and last partial.
    let calendar: Vec<i32> = schedule
        .calendar_years
        .iter()
        .map(|year| year.year)
        .collect();
    assert_eq!(calendar, [2027, 2028, 2029, 2030, 2031, 2032]);
    let last = schedule.leave_after.last().unwrap();
    assert_eq!((last.month, last.date), (60, date("2032-06-01")));
    assert_eq!(last.received, total_of(&years));
    let after = after_vesting(&years, dollars(180_000), Decimal::ZERO, Money::ZERO).unwrap();
    assert_eq!(
        (after.year, after.total, after.drop),
        (6, dollars(180_000), dollars(150_000))
    );
}

#[test]
fn lump_sums_repay_the_unearned_months_of_their_own_year() {
    // Three sign-on years paid as lump sums at months 1, 13 and 25.
    let years = flat_years(150_000, &[30_000, 24_000, 12_000], 0, &[], 0);
    let schedule = build(&inputs("2027-01-04", &years, &[], &[], SignOnPaid::LumpSum));
    let row = |month: usize| schedule.leave_after[month - 1];
    // Month 1: 30,000 · (12 − 1) / 12 = 27,500 of year 1's lump sum is unearned.
    assert_eq!(row(1).sign_on_repay, dollars(27_500));
    assert_eq!(row(1).received, dollars(12_500 + 30_000));
    assert_eq!(row(1).net, dollars(12_500 + 2_500));
    assert_eq!(row(12).sign_on_repay, Money::ZERO);
    assert_eq!(row(13).sign_on_repay, dollars(22_000));
    assert_eq!(row(24).sign_on_repay, Money::ZERO);
    // Month 25: year 3's 12,000 was paid that day; 12,000 · (36 − 25) / 12 = 11,000.
    assert_eq!(row(25).sign_on_repay, dollars(11_000));
    assert_eq!(row(25).received, dollars(25 * 12_500 + 66_000));
    assert_eq!(row(35).sign_on_repay, dollars(1_000));
    // Year 4 has no sign-on.
    assert_eq!(row(37).sign_on_repay, Money::ZERO);
    // With the same sign-on paid monthly, leaving simply stops the payments.
    let monthly = build(&inputs("2027-01-04", &years, &[], &[], SignOnPaid::Monthly));
    assert!(
        monthly
            .leave_after
            .iter()
            .all(|row| row.sign_on_repay.is_zero())
    );
    assert_eq!(monthly.leave_after[0].received, dollars(12_500 + 2_500));
}

#[test]
fn relocation_is_repaid_before_the_repay_months() {
    let years = flat_years(150_000, &[], 0, &[], 0);
    let schedule = build(&ScheduleInputs {
        relocation: Some(dollars(15_000)),
        relocation_repay_months: 6,
        shares: None,
        ..inputs("2027-01-04", &years, &[], &[], SignOnPaid::Monthly)
    });
    let repay: Vec<Money> = schedule
        .leave_after
        .iter()
        .take(7)
        .map(|row| row.relocation_repay)
        .collect();
    assert_eq!(
        repay,
        [15_000, 15_000, 15_000, 15_000, 15_000, 0, 0].map(dollars)
    );
    // Relocation is never received, so repaying it shows as a cost.
    assert_eq!(schedule.leave_after[0].net, dollars(12_500 - 15_000));
}

#[test]
fn a_zero_vesting_year_has_no_vest_and_zero_amounts_no_event() {
    let years = flat_years(150_000, &[], 100_000, &[0, 0, 50, 50], 0);
    let vesting = percents(&[0, 0, 50, 50]);
    let tranches = offer_tranches(4, &[]);
    let schedule = build(&inputs(
        "2027-01-04",
        &years,
        &vesting,
        &tranches,
        SignOnPaid::LumpSum,
    ));
    let years_vesting: Vec<u32> = schedule.vests.iter().map(|vest| vest.year).collect();
    assert_eq!(years_vesting, [3, 3, 4, 4]);
    assert!(
        schedule
            .events
            .iter()
            .all(|event| { matches!(event.kind, EventKind::Base | EventKind::Rsu) })
    );
    assert!(
        schedule
            .calendar_years
            .iter()
            .all(|year| year.sign_on.is_zero())
    );
}

#[test]
fn a_december_start_pays_nothing_in_its_first_calendar_year() {
    // The first payday is a month after the start: starting 2026-12-01, nothing lands in
    // 2026 and four full calendar years follow.
    let years = flat_years(120_000, &[], 0, &[], 0);
    let schedule = build(&inputs("2026-12-01", &years, &[], &[], SignOnPaid::Monthly));
    let calendar: Vec<(i32, Money)> = schedule
        .calendar_years
        .iter()
        .map(|year| (year.year, year.base))
        .collect();
    assert_eq!(
        calendar,
        [2027, 2028, 2029, 2030].map(|year| (year, dollars(120_000)))
    );
    // Starting 2026-11-30, the first payday is 2026-12-30: a calendar year with one
    // month of base, and the last calendar year with eleven.
    let schedule = build(&inputs("2026-11-30", &years, &[], &[], SignOnPaid::Monthly));
    let first = schedule.calendar_years.first().unwrap();
    let last = schedule.calendar_years.last().unwrap();
    assert_eq!((first.year, first.base), (2026, dollars(10_000)));
    assert_eq!((last.year, last.base), (2030, dollars(110_000)));
}

#[test]
fn after_vesting_raises_the_base_for_year_n_plus_one() {
    // 172,000 · 1.03^4 = 193,587.51532 and a bonus of 10,000; year 4 held 300,000.
    let mut years = flat_years(0, &[], 0, &[], 0);
    years[3].total = dollars(300_000);
    let after = after_vesting(&years, dollars(172_000), dec("0.03"), dollars(10_000)).unwrap();
    assert_eq!(after.year, 5);
    assert_eq!(after.total.0, dec("203587.51532"));
    assert_eq!(after.drop.0, dec("96412.48468"));
    assert_eq!(
        after_vesting(&[], dollars(1), Decimal::ZERO, Money::ZERO),
        None
    );
}

#[test]
fn breakeven_growth_solves_for_the_competing_total() {
    // One vest of 100,000 in year 2, cash 800,000: 800,000 + 100,000 · (1 + g)² =
    // 921,000 ⇔ (1 + g)² = 1.21 ⇔ g = 10%.
    let years = flat_years(200_000, &[], 100_000, &[0, 100], 0);
    let vesting = percents(&[0, 100]);
    let found = breakeven_growth(&years, dollars(100_000), &vesting, dollars(921_000));
    assert_eq!(found.breakeven_out_of_range, None);
    let pct = found.breakeven_growth_pct.unwrap().0;
    assert!((pct - dec("10")).abs() < dec("0.0000001"), "{pct}");
    assert_eq!(
        serde_json::to_string(&found.breakeven_growth_pct).unwrap(),
        "10.0"
    );
}

#[test]
fn breakeven_growth_rounds_an_exact_midpoint_away_from_zero() {
    // One vest of 100,000 in year 1: the competing total 100,000 · 1.0285 above the cash
    // needs exactly 2.85%, shown 2.9; −2.85% is shown −2.9; a cent less, 2.8.
    let years = flat_years(200_000, &[], 100_000, &[100], 0);
    let vesting = percents(&[100]);
    let shown = |target: Money| {
        let found = breakeven_growth(&years, dollars(100_000), &vesting, target);
        serde_json::to_string(&found.breakeven_growth_pct).unwrap()
    };
    assert_eq!(shown(dollars(800_000 + 102_850)), "2.9");
    assert_eq!(shown(dollars(800_000 + 97_150)), "-2.9");
    assert_eq!(shown(Money(dec("902849.99"))), "2.8");
    assert_eq!(shown(Money(dec("897150.01"))), "-2.8");
}

#[test]
fn breakeven_growth_says_which_way_it_is_out_of_range() {
    let years = flat_years(200_000, &[], 400_000, &[25, 25, 25, 25], 0);
    let vesting = percents(&[25, 25, 25, 25]);
    let grant = dollars(400_000);
    // At −90%: 800,000 + 100,000 · (0.1 + 0.01 + 0.001 + 0.0001) = 811,110.
    let ahead = breakeven_growth(&years, grant, &vesting, dollars(811_109));
    assert_eq!(ahead.breakeven_growth_pct, None);
    assert_eq!(ahead.breakeven_out_of_range, Some(OutOfRange::Ahead));
    let floor = breakeven_growth(&years, grant, &vesting, dollars(811_110));
    assert_eq!(
        serde_json::to_string(&floor.breakeven_growth_pct).unwrap(),
        "-90.0"
    );
    // At +100%: 800,000 + 100,000 · (2 + 4 + 8 + 16) = 3,800,000.
    let behind = breakeven_growth(&years, grant, &vesting, dollars(3_800_001));
    assert_eq!(behind.breakeven_growth_pct, None);
    assert_eq!(behind.breakeven_out_of_range, Some(OutOfRange::Behind));
    let ceiling = breakeven_growth(&years, grant, &vesting, dollars(3_800_000));
    assert_eq!(
        serde_json::to_string(&ceiling.breakeven_growth_pct).unwrap(),
        "100.0"
    );
    assert_eq!(
        serde_json::to_value(behind).unwrap(),
        serde_json::json!({
            "breakeven_growth_pct": null,
            "breakeven_out_of_range": "behind",
            "breakeven_way": "behind",
            "breakeven_size_pct": null
        })
    );
}

#[test]
fn breakeven_growth_needs_a_grant_vesting_in_the_first_four_years() {
    let years = flat_years(200_000, &[], 0, &[], 0);
    let none = breakeven_growth(
        &years,
        Money::ZERO,
        &percents(&[25, 25, 25, 25]),
        dollars(1),
    );
    assert_eq!(none, Breakeven::none());
    let late = flat_years(200_000, &[], 100_000, &[0, 0, 0, 0, 100], 0);
    let found = breakeven_growth(
        &late,
        dollars(100_000),
        &percents(&[0, 0, 0, 0, 100]),
        dollars(900_000),
    );
    assert_eq!(found, Breakeven::none());
}

#[test]
fn the_schedule_serialises_with_the_spec_names() {
    let years = flat_years(120_000, &[12_000], 48_000, &[100], 0);
    let vesting = percents(&[100]);
    let schedule = build(&inputs(
        "2027-01-04",
        &years,
        &vesting,
        &[1],
        SignOnPaid::LumpSum,
    ));
    let json = serde_json::to_value(&schedule).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "start",
            "start_assumed",
            "vests",
            "calendar_years",
            "leave_after",
            "milestones",
            "largest_year",
            "largest_year_total"
        ]
    );
    assert_eq!(
        json["vests"][0],
        serde_json::json!({"date": "2028-01-04", "year": 1, "percent": 100.0, "shares": null, "value": 48000.0})
    );
    assert_eq!(
        json["milestones"],
        serde_json::json!([3, 6, 9, 12, 18, 24, 36, 48])
    );
    assert_eq!(
        json["leave_after"][0],
        serde_json::json!({
            "month": 1, "date": "2027-02-04", "received": 22000.0, "sign_on_repay": 11000.0,
            "relocation_repay": 0.0, "net": 11000.0, "unvested_forfeited": 48000.0
        })
    );
}
