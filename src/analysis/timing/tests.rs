use super::*;

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn payout(date_text: &str, value: i64) -> Payout {
    Payout {
        date: date(date_text),
        value: Money::dollars(value),
    }
}

#[test]
fn forfeits_what_pays_after_the_last_day_in_date_order() {
    // Listed out of order; the 2026-12-15 vest is paid before the last day.
    let vests = [
        payout("2027-05-15", 35_000),
        payout("2026-12-15", 35_000),
        payout("2027-02-15", 35_000),
    ];
    let job = CurrentJobPayouts {
        last_day: Some(date("2027-01-08")),
        vests: Some(&vests),
        bonus: Some(payout("2027-03-15", 15_000)),
    };
    let timing = current_job_timing(Some(date("2027-01-11")), &job).unwrap();
    let forfeited: Vec<(Date, PayoutKind)> = timing
        .forfeited
        .iter()
        .map(|payout| (payout.date, payout.kind))
        .collect();
    assert_eq!(
        forfeited,
        [
            (date("2027-02-15"), PayoutKind::Vest),
            (date("2027-03-15"), PayoutKind::Bonus),
            (date("2027-05-15"), PayoutKind::Vest),
        ]
    );
    assert_eq!(timing.forfeited_total, Money::dollars(85_000));
    // SPEC §7's example: 2027-01-08 → 2027-02-15 is 38 days; 2027-01-11 + 38 days is
    // 2027-02-18.
    assert_eq!(timing.keep_next_start, Some(date("2027-02-18")));
    assert!(start_forfeits_vest(&timing));
}

#[test]
fn the_last_day_defaults_to_the_day_before_the_start() {
    let vests = [payout("2027-01-04", 10_000), payout("2027-01-03", 10_000)];
    let job = CurrentJobPayouts {
        vests: Some(&vests),
        ..CurrentJobPayouts::default()
    };
    let timing = current_job_timing(Some(date("2027-01-04")), &job).unwrap();
    assert_eq!(timing.last_day, date("2027-01-03"));
    // A vest on the last day itself is paid; the start day's is not.
    assert_eq!(timing.forfeited.len(), 1);
    assert_eq!(timing.next.map(|next| next.date), Some(date("2027-01-04")));
    assert_eq!(timing.keep_next_start, Some(date("2027-01-05")));
}

#[test]
fn on_the_same_date_the_bonus_comes_before_the_vest() {
    let vests = [payout("2027-03-01", 30_000)];
    let job = CurrentJobPayouts {
        last_day: None,
        vests: Some(&vests),
        bonus: Some(payout("2027-03-01", 20_000)),
    };
    let timing = current_job_timing(Some(date("2027-01-04")), &job).unwrap();
    let kinds: Vec<PayoutKind> = timing.forfeited.iter().map(|payout| payout.kind).collect();
    assert_eq!(kinds, [PayoutKind::Bonus, PayoutKind::Vest]);
    assert_eq!(timing.next.map(|next| next.kind), Some(PayoutKind::Bonus));
    assert_eq!(timing.keep_next_start, Some(date("2027-03-02")));
}

#[test]
fn the_flag_holds_up_to_ninety_days_after_the_last_day() {
    // 2027-01-03 + 90 days = 2027-04-03.
    let start = Some(date("2027-01-04"));
    let at = |vest: &str| {
        let vests = [payout(vest, 1_000)];
        let job = CurrentJobPayouts {
            vests: Some(&vests),
            ..CurrentJobPayouts::default()
        };
        start_forfeits_vest(&current_job_timing(start, &job).unwrap())
    };
    assert!(at("2027-04-03"));
    assert!(!at("2027-04-04"));
    // Nothing forfeited: no flag, no next, no better start.
    let vests = [payout("2026-12-01", 1_000)];
    let job = CurrentJobPayouts {
        vests: Some(&vests),
        ..CurrentJobPayouts::default()
    };
    let timing = current_job_timing(start, &job).unwrap();
    assert_eq!((timing.next, timing.keep_next_start), (None, None));
    assert!(!start_forfeits_vest(&timing));
}

#[test]
fn no_timing_without_a_start_or_without_dated_payouts() {
    let vests = [payout("2027-02-15", 30_000)];
    let job = CurrentJobPayouts {
        vests: Some(&vests),
        ..CurrentJobPayouts::default()
    };
    assert_eq!(current_job_timing(None, &job), None);
    assert_eq!(
        current_job_timing(Some(date("2027-01-04")), &CurrentJobPayouts::default()),
        None
    );
}

#[test]
fn derived_forfeits_fill_only_what_the_file_leaves_out() {
    let vests = [payout("2027-02-15", 30_000), payout("2027-05-15", 30_000)];
    // The bonus pays out before the last day: kept, so forfeited_bonus is 0.
    let job = CurrentJobPayouts {
        last_day: Some(date("2027-03-31")),
        vests: Some(&vests),
        bonus: Some(payout("2027-03-15", 20_000)),
    };
    let start = Some(date("2027-04-05"));
    let timing = current_job_timing(start, &job);
    let derived = derived_forfeits(Forfeits::default(), &job, timing.as_ref());
    assert_eq!(derived.unvested_equity, Some(Money::dollars(30_000)));
    assert_eq!(derived.forfeited_bonus, Some(Money::ZERO));
    // A given figure always wins.
    let given = Forfeits {
        unvested_equity: Some(Money::dollars(140_000)),
        forfeited_bonus: None,
    };
    let derived = derived_forfeits(given, &job, timing.as_ref());
    assert_eq!(derived.unvested_equity, Some(Money::dollars(140_000)));
    assert_eq!(derived.forfeited_bonus, Some(Money::ZERO));
    // No start: both 0.
    let derived = derived_forfeits(Forfeits::default(), &job, None);
    assert_eq!(derived.unvested_equity, Some(Money::ZERO));
    assert_eq!(derived.forfeited_bonus, Some(Money::ZERO));
    // Neither given nor dated: still absent.
    let nothing = derived_forfeits(Forfeits::default(), &CurrentJobPayouts::default(), None);
    assert_eq!(nothing, Forfeits::default());
}

#[test]
fn timing_serialises_with_the_spec_names() {
    let vests = [payout("2027-02-15", 30_000)];
    let job = CurrentJobPayouts {
        vests: Some(&vests),
        ..CurrentJobPayouts::default()
    };
    let timing = current_job_timing(Some(date("2027-01-04")), &job).unwrap();
    assert_eq!(
        serde_json::to_value(&timing).unwrap(),
        serde_json::json!({
            "last_day": "2027-01-03",
            "forfeited": [{"date": "2027-02-15", "kind": "vest", "value": 30000.0}],
            "forfeited_total": 30000.0,
            "next": {"date": "2027-02-15", "kind": "vest", "value": 30000.0},
            "keep_next_start": "2027-02-16",
            "suggested_start": "2027-02-22",
            "suggested_last_day": "2027-02-21",
            "kept_by_suggested": 30000.0,
            "kept": [{"date": "2027-02-15", "kind": "vest", "value": 30000.0}],
        })
    );
}
