//! Every alternative on the same terms (SPEC §11): the offer, each competing offer and
//! staying, each with its own start, vest calendar, place and taxes, compared over its
//! first 48 months by calendar year, before and after tax.

use rust_decimal::Decimal;

use super::alternatives::TaxContext;
use super::model::comparison::{Alternative, AlternativeKind, AlternativeYear, Comparison, Gap};
use super::model::schedule::Schedule;
use super::model::{CompetingSummary, YearRow};
use super::schedule::{self, ScheduleInputs};
use super::taxes::{self, TaxPlace};
use crate::money::{Money, Signed};
use crate::offer::{CurrentJob, Offer};
use crate::vocab::{Date, SignOnPaid};

/// The months each alternative is compared over.
pub const WINDOW_MONTHS: u32 = 48;

/// What staying is called when `current_job.company` is not given.
pub const CURRENT_JOB: &str = "Current job";

/// What the comparison is computed from.
pub(super) struct ComparisonInputs<'a> {
    pub offer: &'a Offer,
    /// The analysed round's years and four-year total.
    pub years: &'a [YearRow],
    pub four_year_total: Money,
    /// The offer's schedule, when it has a start.
    pub schedule: Option<&'a Schedule>,
    /// The offer's place, when the file has a `tax:` block.
    pub place: Option<&'a TaxPlace<'a>>,
    pub competing: &'a [CompetingSummary],
    pub tax: Option<TaxContext<'a>>,
}

/// One alternative before the comparison: what it pays and where.
struct Candidate<'a> {
    name: String,
    kind: AlternativeKind,
    location: String,
    years: Vec<YearRow>,
    four_year_total: Money,
    schedule: Option<Schedule>,
    place: Option<TaxPlace<'a>>,
}

/// The comparison, or `None` with no alternative to the offer (no competing offer and
/// no current job's base).
pub(super) fn compare(
    inputs: &ComparisonInputs<'_>,
    warnings: &mut Vec<String>,
) -> Option<Comparison> {
    let offer = inputs.offer;
    let staying = offer.current_job.as_ref().filter(|job| job.base_given);
    if inputs.competing.is_empty() && staying.is_none() {
        return None;
    }
    let mut candidates = vec![Candidate {
        name: offer.company.clone(),
        kind: AlternativeKind::Offer,
        location: offer.location.clone(),
        years: inputs.years.to_vec(),
        four_year_total: inputs.four_year_total,
        schedule: inputs.schedule.cloned(),
        place: inputs.place.cloned(),
    }];
    for (index, other) in inputs.competing.iter().enumerate() {
        let who = format!("competing_offers[{index}] ({})", other.company);
        candidates.push(Candidate {
            name: other.company.clone(),
            kind: AlternativeKind::Competing,
            location: other.location.clone(),
            years: other.years.clone(),
            four_year_total: other.four_year_total,
            schedule: other.schedule.as_ref().map(|own| own.full.clone()),
            // Its warning, if any, was given with its own taxes.
            place: inputs
                .tax
                .map(|tax| taxes::place_by_location(&other.location, tax.tables, &who).0),
        });
    }
    if let Some(job) = staying {
        candidates.push(stay(inputs, job, warnings));
    }

    let by_calendar_year = inputs.schedule.is_some();
    let after_tax = by_calendar_year && inputs.tax.is_some();
    let mut alternatives: Vec<Alternative> = candidates
        .iter()
        .map(|candidate| window(candidate, inputs.tax, by_calendar_year))
        .collect();
    let (offer_total, offer_net) = alternatives
        .first()
        .map(|offer| (offer.four_year_total, offer.four_year_net))
        .unwrap_or_default();
    for alternative in alternatives.iter_mut().skip(1) {
        let total = alternative.four_year_total - offer_total;
        alternative.vs_offer_total = Some(Signed(total));
        alternative.before_tax = Some(Gap::of(total));
        if let (Some(net), Some(offer_net)) = (alternative.four_year_net, offer_net) {
            alternative.vs_offer_net = Some(Signed(net - offer_net));
            alternative.after_tax = Some(Gap::of(net - offer_net));
        }
    }
    let after_tax_order_differs = alternatives.iter().skip(1).any(|alternative| {
        match (alternative.vs_offer_total, alternative.vs_offer_net) {
            (Some(total), Some(net)) => {
                (total.0 > Money::ZERO && net.0 < Money::ZERO)
                    || (total.0 < Money::ZERO && net.0 > Money::ZERO)
            }
            _ => false,
        }
    });
    if after_tax {
        let most_net = first_largest(&alternatives, |a| a.four_year_net.unwrap_or_default());
        if let Some(alternative) = alternatives.get_mut(most_net) {
            alternative.most_net = true;
        }
    }
    let most_total = first_largest(&alternatives, |a| a.four_year_total);
    if let Some(alternative) = alternatives.get_mut(most_total) {
        alternative.most_total = true;
    }
    Some(Comparison {
        alternatives,
        by_calendar_year,
        after_tax,
        after_tax_order_differs,
        has_most_net: after_tax,
        summary: String::new(),
    })
}

/// The index of the first alternative with the largest `figure`.
fn first_largest(alternatives: &[Alternative], figure: impl Fn(&Alternative) -> Money) -> usize {
    let mut best: Option<(usize, Money)> = None;
    for (index, alternative) in alternatives.iter().enumerate() {
        let value = figure(alternative);
        if best.is_none_or(|(_, most)| value > most) {
            best = Some((index, value));
        }
    }
    best.map_or(0, |(index, _)| index)
}

/// Staying put (SPEC §11): offer years of the current base (raised each year like the
/// offer's), the annual bonus at the end of each year and the annual equity in four
/// quarterly vests, from the offer's start, in the current job's place.
fn stay<'a>(
    inputs: &ComparisonInputs<'a>,
    job: &CurrentJob,
    warnings: &mut Vec<String>,
) -> Candidate<'a> {
    let offer = inputs.offer;
    let raise = Decimal::ONE + offer.assumptions.base_raise;
    let mut base = job.base;
    let years: Vec<YearRow> = (1..=4)
        .map(|year| {
            if year > 1 {
                base = base * raise;
            }
            YearRow {
                year,
                base,
                sign_on: Money::ZERO,
                rsu: job.annual_equity,
                bonus: job.annual_bonus,
                total: base + job.annual_equity + job.annual_bonus,
            }
        })
        .collect();
    let four_year_total = years.iter().map(|year| year.total).sum();
    let name = job
        .company
        .clone()
        .unwrap_or_else(|| CURRENT_JOB.to_string());
    let location = job
        .location
        .clone()
        .unwrap_or_else(|| offer.location.clone());
    let schedule = inputs.schedule.map(|offer_schedule| {
        stay_schedule(offer_schedule.start, offer_schedule.start_assumed, &years)
    });
    let place = inputs.tax.map(|tax| {
        let (place, unplaced) = taxes::place_by_location(
            &location,
            tax.tables,
            &format!("current_job (staying at {name})"),
        );
        warnings.extend(unplaced);
        place
    });
    Candidate {
        name,
        kind: AlternativeKind::Stay,
        location,
        years,
        four_year_total,
        schedule,
        place,
    }
}

/// Staying's payments from `start`: base monthly, equity at offsets 3, 6, 9 and 12 of
/// each year, the bonus at offset 12.
fn stay_schedule(start: Date, start_assumed: bool, years: &[YearRow]) -> Schedule {
    let quarter = Decimal::from(25);
    schedule::build(&ScheduleInputs {
        start,
        start_assumed,
        years,
        vesting: &[quarter, quarter, quarter, quarter],
        tranches: &[4, 4, 4, 4],
        sign_on_paid: SignOnPaid::Monthly,
        relocation: None,
        relocation_repay_months: schedule::DEFAULT_RELOCATION_REPAY_MONTHS,
        shares: None,
    })
}

/// One alternative over its first 48 months: by calendar year, and after tax when the
/// file has a `tax:` block.
fn window(
    candidate: &Candidate<'_>,
    tax: Option<TaxContext<'_>>,
    by_calendar_year: bool,
) -> Alternative {
    let jurisdictions = match &candidate.place {
        Some(TaxPlace::Tables(list)) => list.iter().map(|j| j.code.clone()).collect(),
        _ => Vec::new(),
    };
    let mut alternative = Alternative {
        name: candidate.name.clone(),
        kind: candidate.kind,
        location: candidate.location.clone(),
        location_in: super::facts::in_place(candidate.location.trim()),
        jurisdictions,
        start: None,
        four_year_total: candidate.four_year_total,
        calendar_years: Vec::new(),
        four_year_net: None,
        vs_offer_total: None,
        vs_offer_net: None,
        before_tax: None,
        after_tax: None,
        sentence: String::new(),
        most_net: false,
        most_total: false,
    };
    let Some(schedule) = candidate.schedule.as_ref().filter(|_| by_calendar_year) else {
        return alternative;
    };
    let window = schedule::window(schedule, WINDOW_MONTHS);
    alternative.start = Some(schedule.start);
    let taxes = match (tax, &candidate.place) {
        (Some(tax), Some(place)) => {
            Some(taxes::estimate(&window, &candidate.years, tax.settings, place, tax.tables).taxes)
        }
        _ => None,
    };
    alternative.calendar_years = window
        .calendar_years
        .iter()
        .map(|calendar| {
            let taxed = taxes
                .as_ref()
                .and_then(|taxes| taxes.years.iter().find(|row| row.year == calendar.year))
                .map(|row| {
                    row.federal_owed
                        + row.fica
                        + row.state_owed
                        + row.local_owed
                        + row.state_payroll
                });
            AlternativeYear {
                year: calendar.year,
                total: calendar.total,
                taxes: taxed,
                net: taxed.map(|taxed| calendar.total - taxed),
            }
        })
        .collect();
    if taxes.is_some() {
        alternative.four_year_net = Some(
            alternative
                .calendar_years
                .iter()
                .filter_map(|year| year.net)
                .sum(),
        );
    }
    alternative
}
