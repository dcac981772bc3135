//! From the file as written to a checked [`Offer`]: every rule of SPEC §2, every problem
//! collected (not just the first), each located and worded with its fix.

use std::path::Path;

use rust_decimal::Decimal;
use serde_saphyr::Spanned;

use super::check::Checker;
use super::circumstances::{validate_current_job, validate_situation, validate_tax};
use super::model::*;
use super::raw::*;
use crate::error::InputError;
use crate::money::MAX_AMOUNT;
use crate::money::Money;
use crate::vocab::{CompetingStatus, LeverKind, SignOnPaid};

use super::limits::{
    GROWTH, HOURS, MAX_ACHIEVEMENTS, MAX_COMPETING, MAX_ROUNDS, MIN_BASE, PERCENTILE,
    RELOCATION_REPAY_MONTHS, SHARES, VESTING_PERCENT,
};

/// Check the raw file and build the [`Offer`], or list every problem.
/// `source` is the file's text (values are quoted from it), `shown` its name in messages.
pub fn validate(
    raw: &RawOffer,
    source: &str,
    shown: &str,
    base_dir: &Path,
) -> Result<Offer, InputError> {
    let mut check = Checker {
        shown,
        source,
        problems: Vec::new(),
    };

    let candidate = Candidate {
        name: check.text(&raw.candidate.name, "candidate.name"),
        email: check.email(&raw.candidate.email, "candidate.email"),
        domain: check.optional_text(&raw.candidate.domain, "candidate.domain"),
        achievements: raw
            .candidate
            .achievements
            .as_ref()
            .filter(|list| {
                check.within(
                    list,
                    "candidate.achievements",
                    MAX_ACHIEVEMENTS,
                    "achievements",
                )
            })
            .iter()
            .flat_map(|list| list.value.iter())
            .enumerate()
            .map(|(i, text)| check.text(text, &format!("candidate.achievements[{i}]")))
            .filter(|text| !text.is_empty())
            .collect(),
    };
    let recruiter = raw.recruiter.as_ref().map(|recruiter| Recruiter {
        name: check.optional_text(&recruiter.name, "recruiter.name"),
        email: check.email(&recruiter.email, "recruiter.email"),
    });
    let company = check.text(&raw.company, "company");
    let role = check.optional_text(&raw.role, "role");
    let level = check.text(&raw.level, "level");
    let location = check.text(&raw.location, "location");
    let currency = match &raw.currency {
        Some(currency) if !currency.value.trim().eq_ignore_ascii_case("USD") => {
            check.report(
                currency,
                "currency",
                format!(
                    "{:?} is not supported; offerbrief works in USD: write USD or remove the field",
                    currency.value
                ),
            );
            "USD".to_string()
        }
        _ => "USD".to_string(),
    };
    let stock_price = raw.stock_price.as_ref().and_then(|price| {
        let money = check.money(price, "stock_price")?;
        if money.is_zero() {
            check.report(
                price,
                "stock_price",
                "is 0; write the price of one share, e.g. 185.00",
            );
            return None;
        }
        Some(money)
    });

    if raw.rounds.value.is_empty() {
        check.report(
            &raw.rounds,
            "rounds",
            "is empty; add at least one round with a name and a base",
        );
    }
    check.within(
        &raw.rounds,
        "rounds",
        MAX_ROUNDS,
        "rounds: keep the rounds of one negotiation, oldest first",
    );
    let rounds: Vec<Round> = raw
        .rounds
        .value
        .iter()
        .enumerate()
        .map(|(i, round)| validate_round(&mut check, round, &format!("rounds[{i}]"), stock_price))
        .collect();

    let current_job = raw
        .current_job
        .as_ref()
        .map(|job| validate_current_job(&mut check, job, &raw.rounds.value, &rounds));

    let competing_offers = raw
        .competing_offers
        .as_ref()
        .filter(|list| {
            check.within(
                list,
                "competing_offers",
                MAX_COMPETING,
                "competing offers: keep the real ones you hold",
            )
        })
        .iter()
        .flat_map(|list| list.value.iter())
        .enumerate()
        .map(|(i, offer)| validate_competing(&mut check, offer, &format!("competing_offers[{i}]")))
        .collect();

    let tax = raw
        .tax
        .as_ref()
        .map(|tax| validate_tax(&mut check, tax, base_dir));
    let situation = raw
        .situation
        .as_ref()
        .and_then(|situation| validate_situation(&mut check, situation));
    let goals = validate_goals(&mut check, raw.goals.as_ref());
    let assumptions = validate_assumptions(&mut check, raw.assumptions.as_ref());
    let market = match &raw.market {
        None => MarketChoice::Builtin,
        Some(market) => match market.value.trim() {
            "" => {
                check.report(
                    market,
                    "market",
                    "is empty; write builtin, none, or the path of a market file",
                );
                MarketChoice::Builtin
            }
            text if text.eq_ignore_ascii_case("builtin") => MarketChoice::Builtin,
            text if text.eq_ignore_ascii_case("none") => MarketChoice::None,
            path => {
                let file = base_dir.join(path);
                if let Some(problem) = crate::yaml::not_a_file(&file) {
                    let problem = problem.says();
                    check.report(
                        market,
                        "market",
                        format!(
                            "{path:?} {problem} (looked for {}); write builtin, none, or the path of a market file relative to this offer file",
                            file.display()
                        ),
                    );
                }
                MarketChoice::File(file)
            }
        },
    };

    if let Some(error) = check.into_error() {
        return Err(error);
    }
    let warnings = date_warnings(&rounds, situation.as_ref());
    Ok(Offer {
        candidate,
        recruiter,
        company,
        role,
        level,
        location,
        currency,
        stock_price,
        rounds,
        current_job,
        competing_offers,
        goals,
        assumptions,
        market,
        tax,
        situation,
        warnings,
    })
}

/// Dates that contradict each other: a round dated before the one listed above it, a start
/// before its own offer, an acceptance before the first offer. Each is a warning on the
/// later field (a slip of a digit, or rounds pasted in the wrong order), not an error: the
/// figures still compute, and no figure is made from the contradiction.
fn date_warnings(rounds: &[Round], situation: Option<&Situation>) -> Vec<String> {
    let mut warnings = Vec::new();
    let mut previous: Option<(usize, crate::vocab::Date)> = None;
    for (i, round) in rounds.iter().enumerate() {
        if let Some(date) = round.date {
            if let Some((before, earlier)) = previous.filter(|(_, earlier)| date < *earlier) {
                warnings.push(format!(
                    "rounds[{i}].date: {date} is before rounds[{before}].date ({earlier}); rounds go oldest first: correct the date or move the round"
                ));
            }
            previous = Some((i, date));
        }
        if let (Some(date), Some(start)) = (round.date, round.start_date)
            && start < date
        {
            warnings.push(format!(
                "rounds[{i}].start_date: {start} is before the round's date ({date}); a job starts after its offer: correct one of the two dates"
            ));
        }
    }
    let first_offer = rounds
        .iter()
        .enumerate()
        .find_map(|(i, round)| round.date.map(|date| (i, date)));
    if let (Some(accepted), Some((i, first))) = (
        situation.and_then(|situation| situation.accepted),
        first_offer,
    ) && accepted.on < first
    {
        warnings.push(format!(
            "situation.accepted_on: {} is before rounds[{i}].date ({first}), the first offer; an offer is accepted after it is made: correct the date",
            accepted.on
        ));
    }
    warnings
}

fn validate_round(
    check: &mut Checker,
    round: &RawRound,
    path: &str,
    stock_price: Option<Money>,
) -> Round {
    let name = check.text(&round.name, &format!("{path}.name"));
    let base = check.money(&round.base, &format!("{path}.base"));
    if base.is_some_and(Money::is_zero) {
        check.report(
            &round.base,
            &format!("{path}.base"),
            "is 0; write the annual base salary offered",
        );
    } else if base.is_some_and(|base| base < MIN_BASE) {
        let written = check.written(&round.base);
        check.report(
            &round.base,
            &format!("{path}.base"),
            format!(
                "{written:?} is less than {MIN_BASE} a year; write the annual base salary in full, e.g. 185000 or \"185k\""
            ),
        );
    }
    let base = base.unwrap_or(Money::ZERO);
    let sign_on = check.money_list(&round.sign_on, &format!("{path}.sign_on"));
    let sign_on_paid = match &round.sign_on_paid {
        None => SignOnPaid::Monthly,
        Some(paid) => check
            .choice(paid, &format!("{path}.sign_on_paid"), &SignOnPaid::codes())
            .and_then(SignOnPaid::from_code)
            .unwrap_or(SignOnPaid::Monthly),
    };
    let grant = validate_rsu(
        check,
        round.rsu.as_ref(),
        &format!("{path}.rsu"),
        stock_price,
        "stock_price",
        &DEFAULT_VESTING,
    );
    let annual_bonus = check.money_or_zero(&round.annual_bonus, &format!("{path}.annual_bonus"));
    Round {
        name,
        date: check.date(&round.date, &format!("{path}.date")),
        level: check.optional_text(&round.level, &format!("{path}.level")),
        package: Package {
            base,
            sign_on,
            grant: grant.value,
            shares: grant.shares,
            vesting: grant.vesting,
            tranches: grant.tranches,
            annual_bonus,
        },
        sign_on_paid,
        relocation: check.optional_money(&round.relocation, &format!("{path}.relocation")),
        relocation_repay_months: round
            .relocation_repay_months
            .as_ref()
            .and_then(|months| {
                let path = format!("{path}.relocation_repay_months");
                let count = check.count(months, RELOCATION_REPAY_MONTHS);
                let hint = format!(
                    "write a whole number from {} to {}, e.g. 12",
                    RELOCATION_REPAY_MONTHS.start(),
                    RELOCATION_REPAY_MONTHS.end()
                );
                if count.is_none() && !check.quoted_number(months, &path, &hint) {
                    let written = check.written(months);
                    check.report(
                        months,
                        &path,
                        format!("{written} is not a number of months; {hint}"),
                    );
                }
                count
            })
            .unwrap_or(DEFAULT_RELOCATION_REPAY_MONTHS),
        start_date: check.date(&round.start_date, &format!("{path}.start_date")),
    }
}

/// The grant value, shares, and vesting of an `rsu` (or of no grant at all).
fn validate_rsu(
    check: &mut Checker,
    rsu: Option<&Spanned<RawRsu>>,
    path: &str,
    stock_price: Option<Money>,
    price_field: &str,
    default_vesting: &[i64; 4],
) -> Grant {
    let default: Vec<Decimal> = default_vesting.iter().map(|p| Decimal::from(*p)).collect();
    let Some(rsu) = rsu else {
        return Grant {
            value: Money::ZERO,
            shares: None,
            vesting: default,
            tranches: Vec::new(),
        };
    };
    let grant = match (&rsu.value.value, &rsu.value.shares) {
        (Some(_), Some(shares)) => {
            check.report(
                shares,
                &format!("{path}.shares"),
                "an rsu has either `value` or `shares`, not both; remove one",
            );
            (Money::ZERO, None)
        }
        (None, None) => {
            check.report(
                rsu,
                path,
                "needs `value` (dollars at grant) or `shares`; add one, e.g. `value: 360000`",
            );
            (Money::ZERO, None)
        }
        (Some(value), None) => (
            check
                .money(value, &format!("{path}.value"))
                .unwrap_or(Money::ZERO),
            None,
        ),
        (None, Some(shares)) => {
            let count = check.number(
                shares,
                &format!("{path}.shares"),
                SHARES,
                "write the number of shares, e.g. 1946",
            );
            match (count, stock_price) {
                (Some(count), Some(price)) => match price.0.checked_mul(count) {
                    Some(value) if value <= MAX_AMOUNT => (Money(value), Some(count)),
                    _ => {
                        check.report(
                            shares,
                            &format!("{path}.shares"),
                            format!("{count} shares at {price} each come to more than {}; check the number of shares and `{price_field}`", Money(MAX_AMOUNT)),
                        );
                        (Money::ZERO, None)
                    }
                },
                (Some(_), None) => {
                    check.report(shares, &format!("{path}.shares"), format!("a grant in shares needs `{price_field}` (the price of one share, above 0); add it, or give the grant as `value` in dollars"));
                    (Money::ZERO, None)
                }
                (None, _) => (Money::ZERO, None),
            }
        }
    };
    let vesting = match &rsu.value.vesting {
        None => default,
        Some(vesting) => {
            validate_vesting(check, vesting, &format!("{path}.vesting")).unwrap_or(default)
        }
    };
    let tranches = rsu
        .value
        .tranches
        .as_ref()
        .map(|tranches| {
            validate_tranches(check, tranches, &format!("{path}.tranches"), vesting.len())
        })
        .unwrap_or_default();
    Grant {
        value: grant.0,
        shares: grant.1,
        vesting,
        tranches,
    }
}

/// An `rsu` as checked.
struct Grant {
    value: Money,
    shares: Option<Decimal>,
    vesting: Vec<Decimal>,
    tranches: Vec<u32>,
}

/// `tranches`: one count of vest events per vesting year, each one of
/// [`TRANCHE_CHOICES`], no more of them than vesting years.
fn validate_tranches(
    check: &mut Checker,
    tranches: &Spanned<Vec<Spanned<RawNumber>>>,
    path: &str,
    vesting_years: usize,
) -> Vec<u32> {
    if tranches.value.len() > vesting_years {
        check.report(
            tranches,
            path,
            format!(
                "lists {} years but the grant vests over {vesting_years}; give at most one count of vest events per vesting year, e.g. [1, 1, 2, 2]",
                tranches.value.len()
            ),
        );
        return Vec::new();
    }
    let choices = TRANCHE_CHOICES.map(|n| n.to_string()).join(", ");
    tranches
        .value
        .iter()
        .enumerate()
        .filter_map(|(i, count)| {
            check
                .count(count, 1..=12)
                .filter(|n| TRANCHE_CHOICES.contains(n))
                .or_else(|| {
                    let path = format!("{path}[{i}]");
                    let hint = format!("write one of {choices} (4 is quarterly)");
                    if !check.quoted_number(count, &path, &hint) {
                        let written = check.written(count);
                        check.report(
                            count,
                            &path,
                            format!("{written} is not a count of vest events a year offerbrief can spread evenly; {hint}"),
                        );
                    }
                    None
                })
        })
        .collect()
}

fn validate_vesting(
    check: &mut Checker,
    vesting: &Spanned<Vec<Spanned<RawNumber>>>,
    path: &str,
) -> Option<Vec<Decimal>> {
    if vesting.value.is_empty() || vesting.value.len() > MAX_YEARS {
        check.report(vesting, path, format!("lists {} years; give between 1 and {MAX_YEARS} yearly percentages that sum to 100, e.g. [5, 15, 40, 40]", vesting.value.len()));
        return None;
    }
    let before = check.problems.len();
    let percents: Vec<Decimal> = vesting
        .value
        .iter()
        .enumerate()
        .map(|(i, percent)| {
            check
                .number(
                    percent,
                    &format!("{path}[{i}]"),
                    VESTING_PERCENT,
                    "each year vests between 0 and 100 percent",
                )
                .unwrap_or_default()
        })
        .collect();
    if check.problems.len() > before {
        return None;
    }
    let sum: Decimal = percents.iter().sum();
    if (sum - Decimal::from(100)).abs() > Decimal::new(1, 2) {
        check.report(vesting, path, format!("sums to {sum}, not 100; make the yearly percentages add up to 100, e.g. [5, 15, 40, 40]"));
        return None;
    }
    Some(percents)
}

fn validate_competing(check: &mut Checker, offer: &RawCompeting, path: &str) -> CompetingOffer {
    let company = check.text(&offer.company, &format!("{path}.company"));
    let status = offer
        .status
        .as_ref()
        .and_then(|status| {
            check.choice(status, &format!("{path}.status"), &CompetingStatus::codes())
        })
        .and_then(CompetingStatus::from_code);
    let stock_price = offer
        .stock_price
        .as_ref()
        .and_then(|price| check.money(price, &format!("{path}.stock_price")))
        .filter(|price| !price.is_zero());
    let grant = validate_rsu(
        check,
        offer.rsu.as_ref(),
        &format!("{path}.rsu"),
        stock_price,
        &format!("{path}.stock_price"),
        &DEFAULT_COMPETING_VESTING,
    );
    let sign_on_paid = match &offer.sign_on_paid {
        None => SignOnPaid::Monthly,
        Some(paid) => check
            .choice(paid, &format!("{path}.sign_on_paid"), &SignOnPaid::codes())
            .and_then(SignOnPaid::from_code)
            .unwrap_or(SignOnPaid::Monthly),
    };
    let stock_growth = offer.stock_growth.as_ref().and_then(|growth| {
        check.number(
            growth,
            &format!("{path}.stock_growth"),
            GROWTH,
            "write that company's yearly stock growth as a fraction between -0.9 and 1, e.g. 0.05 for 5%",
        )
    });
    CompetingOffer {
        company,
        level: check.optional_text(&offer.level, &format!("{path}.level")),
        status,
        location: check.optional_text(&offer.location, &format!("{path}.location")),
        start_date: check.date(&offer.start_date, &format!("{path}.start_date")),
        sign_on_paid,
        stock_growth,
        package: Package {
            base: check
                .money(&offer.base, &format!("{path}.base"))
                .unwrap_or(Money::ZERO),
            sign_on: check.money_list(&offer.sign_on, &format!("{path}.sign_on")),
            grant: grant.value,
            shares: grant.shares,
            vesting: grant.vesting,
            tranches: grant.tranches,
            annual_bonus: check.money_or_zero(&offer.annual_bonus, &format!("{path}.annual_bonus")),
        },
    }
}

fn validate_goals(check: &mut Checker, goals: Option<&RawGoals>) -> Goals {
    let mut result = Goals {
        target_percentile: Decimal::from(75),
        walk_away_total: None,
        priorities: Vec::new(),
        target_level: None,
        decision_deadline: None,
    };
    let Some(goals) = goals else { return result };
    if let Some(percentile) = &goals.target_percentile
        && let Some(value) = check.number(
            percentile,
            "goals.target_percentile",
            PERCENTILE,
            "write a percentile between 1 and 99, e.g. 75",
        )
    {
        result.target_percentile = value;
    }
    result.walk_away_total = check.optional_money(&goals.walk_away_total, "goals.walk_away_total");
    if let Some(priorities) = &goals.priorities {
        for (i, lever) in priorities.value.iter().enumerate() {
            let path = format!("goals.priorities[{i}]");
            let Some(kind) = check
                .choice(lever, &path, &LeverKind::codes())
                .and_then(LeverKind::from_code)
            else {
                continue;
            };
            if result.priorities.contains(&kind) {
                check.report(
                    lever,
                    &path,
                    format!("`{}` is listed twice; list each lever once", kind.code()),
                );
            } else {
                result.priorities.push(kind);
            }
        }
    }
    result.target_level = check.optional_text(&goals.target_level, "goals.target_level");
    result.decision_deadline = check.date(&goals.decision_deadline, "goals.decision_deadline");
    result
}

fn validate_assumptions(check: &mut Checker, assumptions: Option<&RawAssumptions>) -> Assumptions {
    let mut result = Assumptions {
        stock_growth: Decimal::ZERO,
        base_raise: Decimal::ZERO,
        hours_per_year: Decimal::from(2080),
    };
    let Some(assumptions) = assumptions else {
        return result;
    };
    let fraction = "write a yearly fraction between -0.9 and 1, e.g. 0.10 for 10%";
    if let Some(growth) = &assumptions.stock_growth
        && let Some(value) = check.number(growth, "assumptions.stock_growth", GROWTH, fraction)
    {
        result.stock_growth = value;
    }
    if let Some(raise) = &assumptions.base_raise
        && let Some(value) = check.number(raise, "assumptions.base_raise", GROWTH, fraction)
    {
        result.base_raise = value;
    }
    if let Some(hours) = &assumptions.hours_per_year
        && let Some(value) = check.number(
            hours,
            "assumptions.hours_per_year",
            HOURS,
            "write the hours worked in a year, e.g. 2080",
        )
    {
        result.hours_per_year = value;
    }
    result
}
