//! The candidate's circumstances beyond the offer: the job being left (with the dated
//! vests and bonus a start date can forfeit), the `tax:` block and the `situation:`
//! block.

use std::path::Path;

use rust_decimal::Decimal;
use serde_saphyr::Spanned;

use super::check::Checker;
use super::limits::{MAX_PAYOUTS, STATE_RATE};
use super::model::*;
use super::raw::*;
use crate::vocab::{AfterAcceptanceReason, Filing};

/// `current_job`, with its dated payouts; `last_day` must come before the start date of
/// the round being built, so a round whose start is not after it is noted, not refused.
pub(super) fn validate_current_job(
    check: &mut Checker,
    job: &RawCurrentJob,
    raw_rounds: &[RawRound],
    rounds: &[Round],
) -> CurrentJob {
    let payout = |check: &mut Checker, payout: &RawPayout, path: &str| {
        let date = check.date(&Some(payout.date.clone()), &format!("{path}.date"));
        let value = check.money(&payout.value, &format!("{path}.value"));
        Some(Payout {
            date: date?,
            value: value?,
        })
    };
    let last_day = check.date(&job.last_day, "current_job.last_day");
    let mut last_day_conflicts = Vec::new();
    if let (Some(last_day), Some(spanned)) = (last_day, &job.last_day) {
        for (i, round) in rounds.iter().enumerate() {
            let Some(start) = round.start_date else {
                continue;
            };
            if last_day >= start {
                let written = raw_rounds
                    .get(i)
                    .and_then(|round| round.start_date.as_ref())
                    .map_or_else(|| start.to_string(), |date| date.value.trim().to_string());
                let (_, _, problem) = crate::yaml::located(
                    check.shown,
                    spanned,
                    "current_job.last_day",
                    &format!(
                        "{last_day} is not before rounds[{i}].start_date ({written}), the start of the round being built; the last day at the current job comes before the first day of the new one: move one of the dates"
                    ),
                );
                last_day_conflicts.push((i, problem));
            }
        }
    }
    let vests = job.vests.as_ref().map(|vests| {
        if vests.value.len() > MAX_PAYOUTS {
            check.report(
                vests,
                "current_job.vests",
                format!(
                    "lists {} vests; list at most {MAX_PAYOUTS}, the coming ones that a start date can forfeit",
                    vests.value.len()
                ),
            );
            return Vec::new();
        }
        vests
            .value
            .iter()
            .enumerate()
            .filter_map(|(i, vest)| payout(check, vest, &format!("current_job.vests[{i}]")))
            .collect()
    });
    let bonus = job
        .bonus
        .as_ref()
        .and_then(|bonus| payout(check, bonus, "current_job.bonus"));
    CurrentJob {
        company: check.optional_text(&job.company, "current_job.company"),
        location: check.optional_text(&job.location, "current_job.location"),
        base_given: job.base.is_some(),
        base: check.money_or_zero(&job.base, "current_job.base"),
        annual_bonus: check.money_or_zero(&job.annual_bonus, "current_job.annual_bonus"),
        annual_equity: check.money_or_zero(&job.annual_equity, "current_job.annual_equity"),
        unvested_equity: check.optional_money(&job.unvested_equity, "current_job.unvested_equity"),
        forfeited_bonus: check.optional_money(&job.forfeited_bonus, "current_job.forfeited_bonus"),
        last_day,
        vests,
        bonus,
        last_day_conflicts,
    }
}

/// The `tax:` block.
pub(super) fn validate_tax(check: &mut Checker, tax: &RawTax, base_dir: &Path) -> Tax {
    let filing = tax
        .filing
        .as_ref()
        .and_then(|filing| check.choice(filing, "tax.filing", &Filing::codes()))
        .and_then(Filing::from_code)
        .unwrap_or(Filing::Single);
    let mut rate = |value: &Option<Spanned<RawNumber>>, path: &str| {
        value
            .as_ref()
            .and_then(|value| {
                check.number(
                    value,
                    path,
                    STATE_RATE,
                    "write the state's rate as a fraction between 0 and 0.2, e.g. 0.093 for 9.3% (0 for no state income tax)",
                )
            })
            .unwrap_or(Decimal::ZERO)
    };
    let state_rate = rate(&tax.state_rate, "tax.state_rate");
    let state_supplemental_rate = rate(&tax.state_supplemental_rate, "tax.state_supplemental_rate");
    let state = state_choice(check, tax, state_rate, state_supplemental_rate);
    let tables = tax.tables.as_ref().map(|tables| {
        let path = tables.value.trim();
        let file = base_dir.join(path);
        if let Some(problem) = crate::yaml::not_a_file(&file) {
            let problem = problem.says();
            check.report(
                tables,
                "tax.tables",
                format!(
                    "{path:?} {problem} (looked for {}); write the path of a tax-table file relative to this offer file, or remove the line to use the built-in tables",
                    file.display()
                ),
            );
        }
        file
    });
    Tax {
        settings: TaxSettings {
            filing,
            state,
            other_income: check.money_or_zero(&tax.other_income, "tax.other_income"),
            pre_tax: check.money_or_zero(&tax.pre_tax, "tax.pre_tax"),
        },
        tables,
    }
}

/// `tax.state`: `auto` unless the file names a place or gives flat rates (which mean
/// `flat`); the flat rates only with `flat`. A code is checked against the tax tables
/// when they are read.
fn state_choice(
    check: &mut Checker,
    tax: &RawTax,
    rate: Decimal,
    supplemental_rate: Decimal,
) -> StateChoice {
    let flat_given = tax
        .state_rate
        .as_ref()
        .or(tax.state_supplemental_rate.as_ref());
    let Some(state) = &tax.state else {
        return if flat_given.is_some() {
            StateChoice::Flat {
                rate,
                supplemental_rate,
            }
        } else {
            StateChoice::Auto
        };
    };
    let written = state.value.trim();
    let choice = match written.to_ascii_lowercase().as_str() {
        "auto" => StateChoice::Auto,
        "none" => StateChoice::None,
        "flat" => {
            return StateChoice::Flat {
                rate,
                supplemental_rate,
            };
        }
        _ if !written.is_empty() && written.chars().all(|c| c.is_ascii_alphanumeric()) => {
            StateChoice::Code {
                code: written.to_ascii_uppercase(),
                at: crate::yaml::place(check.shown, state, "tax.state"),
            }
        }
        _ => {
            check.report(
                state,
                "tax.state",
                format!(
                    "`{}` is not a state; write auto (from the location), a code such as WA, TX, CA, NY or NYC, none, or flat (with state_rate)",
                    written.escape_default()
                ),
            );
            StateChoice::Auto
        }
    };
    for (given, path) in [
        (&tax.state_rate, "tax.state_rate"),
        (&tax.state_supplemental_rate, "tax.state_supplemental_rate"),
    ] {
        if let Some(given) = given {
            check.report(
                given,
                path,
                format!(
                    "is a flat rate, which only `state: flat` uses, and tax.state is {written}; remove the line, or write `state: flat` to use flat rates instead of the tables"
                ),
            );
        }
    }
    choice
}

/// The `situation:` block: `accepted_on` and `reason` go together. `None` when the block
/// names no situation (`situation: {}`, `internal_transfer: false`): the file is then an
/// ordinary negotiation, as without the block.
pub(super) fn validate_situation(
    check: &mut Checker,
    situation: &RawSituation,
) -> Option<Situation> {
    let revealed_number =
        check.optional_money(&situation.revealed_number, "situation.revealed_number");
    if let (Some(number), Some(spanned)) = (revealed_number, &situation.revealed_number)
        && number.is_zero()
    {
        check.report(
            spanned,
            "situation.revealed_number",
            "is 0; write the first-year total you told the recruiter, e.g. 250000, or remove the line",
        );
    }
    let accepted_on = check.date(&situation.accepted_on, "situation.accepted_on");
    let reason = situation.reason.as_ref().and_then(|reason| {
        check
            .choice(reason, "situation.reason", &AfterAcceptanceReason::codes())
            .and_then(AfterAcceptanceReason::from_code)
    });
    match (&situation.accepted_on, &situation.reason) {
        (Some(accepted), None) => check.report(
            accepted,
            "situation.accepted_on",
            format!(
                "an accepted offer is reopened only for a reason; add `reason:` with one of {}",
                AfterAcceptanceReason::codes().join(", ")
            ),
        ),
        (None, Some(reason)) => check.report(
            reason,
            "situation.reason",
            "a reason belongs to an offer already accepted; add `accepted_on: YYYY-MM-DD`, or remove the reason",
        ),
        _ => {}
    }
    let reason_note = situation
        .reason_note
        .as_ref()
        .map(|note| check.text(note, "situation.reason_note"))
        .filter(|note| !note.is_empty());
    if let (Some(note), None) = (&situation.reason_note, &situation.accepted_on) {
        check.report(
            note,
            "situation.reason_note",
            "explains why an accepted offer is reopened; add `accepted_on: YYYY-MM-DD` and `reason:`, or remove the note",
        );
    }
    let situation = Situation {
        revealed_number: revealed_number.filter(|number| !number.is_zero()),
        reason_note,
        internal_transfer: situation
            .internal_transfer
            .as_ref()
            .is_some_and(|transfer| transfer.value.0),
        accepted: accepted_on
            .zip(reason)
            .map(|(on, reason)| Accepted { on, reason }),
    };
    (situation.revealed_number.is_some()
        || situation.internal_transfer
        || situation.accepted.is_some())
    .then_some(situation)
}
