//! What the typst template draws besides the analysis's printed figures: the geometry of
//! every chart (bar heights, points and gridlines as fractions of the plot, with their
//! labels printed here), and which optional columns and notes a table has. Worked out
//! from the analysis, so that the template only draws: it never scales, rounds or
//! compares a figure.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use crate::analysis::model::comparison::{AlternativeKind, AlternativeYear, Comparison};
use crate::analysis::model::schedule::{CalendarYear, LeaveAfter, Schedule};
use crate::analysis::model::taxes::TaxYear;
use crate::analysis::{Analysis, BandPosition, YearRow};
use crate::money::{Figure, MINUS, Money};
use crate::vocab::{Date, FlagCode, PayComponent};

/// `view` of data.json.
#[derive(Debug, Serialize)]
pub struct View {
    /// The offer years: the table's optional columns and the stacked bars.
    pub years: YearsView,
    /// The calendar years of the schedule, when there is one.
    pub calendar: Option<YearsView>,
    /// The cost of leaving early, when there is a schedule.
    pub leave: Option<LeaveView>,
    /// The tax table's optional columns, when there is a tax estimate.
    pub taxes: Option<TaxesView>,
    /// The chart of the alternatives by calendar year (SPEC §11), when they have
    /// calendar years.
    pub alternatives: Option<AlternativesView>,
    /// Each market component's band, when a band matches.
    pub market: Option<Vec<BandView>>,
    /// The improvement so far against the typical range, after the first round.
    pub improvement: Option<Gauge>,
    /// Whether the round has a sign-on, a grant, a bonus, growth or raises: which notes
    /// the year-by-year section writes.
    pub offer: OfferNotes,
}

/// The alternatives' chart: what each calendar year pays each of them, as bars side by
/// side, the offer's first.
#[derive(Debug, Serialize)]
pub struct AlternativesView {
    /// Whether the bars are the net (after tax) or, without a `tax:` block, the totals.
    pub after_tax: bool,
    pub ticks: Vec<Tick>,
    /// One per alternative, in the comparison's order: the legend.
    pub series: Vec<AlternativeSeries>,
    /// One group per calendar year, in order.
    pub groups: Vec<BarGroup>,
}

/// An alternative in the chart's legend.
#[derive(Debug, Serialize)]
pub struct AlternativeSeries {
    pub label: String,
    /// Which of the template's six colours (the offer's is 0).
    pub colour: usize,
}

/// The colours the alternatives' chart cycles through.
const ALTERNATIVE_COLOURS: usize = 6;

/// One calendar year of the alternatives' chart.
#[derive(Debug, Serialize)]
pub struct BarGroup {
    pub label: String,
    /// Each alternative's bar height (a fraction of the plot), `None` when it pays
    /// nothing that year.
    pub bars: Vec<Option<f64>>,
}

/// Which columns of the tax table have a figure that is not zero.
#[derive(Debug, Serialize)]
pub struct TaxesView {
    pub has_state: bool,
    pub has_city: bool,
    pub has_state_payroll: bool,
}

/// Which parts of the offer there are.
#[derive(Debug, Serialize)]
pub struct OfferNotes {
    pub has_sign_on: bool,
    pub has_grant: bool,
    pub has_bonus: bool,
    /// stock_growth or base_raise is not zero.
    pub assumes_growth: bool,
}

/// A table of years and its stacked bars.
#[derive(Debug, Serialize)]
pub struct YearsView {
    /// Whether some year has a bonus (the Bonus column).
    pub has_bonus: bool,
    pub bars: Bars,
}

/// Stacked bars on a common axis.
#[derive(Debug, Serialize)]
pub struct Bars {
    /// The series drawn, bottom first: base always, the others when some year has them.
    pub series: Vec<SeriesLabel>,
    /// Gridlines, bottom up.
    pub ticks: Vec<Tick>,
    pub bars: Vec<Bar>,
    /// A dashed line across the bars (the year-1 total when a cliff is flagged).
    pub reference: Option<Reference>,
}

/// One series of a chart.
#[derive(Debug, Serialize)]
pub struct SeriesLabel {
    /// Its code, which the template maps to a colour.
    pub key: PayComponent,
    /// Its name in the legend.
    pub label: &'static str,
}

/// A gridline at `at` (a fraction of the plot's height, 0 at the bottom).
#[derive(Debug, Serialize)]
pub struct Tick {
    pub at: f64,
    pub label: String,
    /// The zero line, drawn darker.
    pub zero: bool,
}

/// One bar: its label, its total printed above it, and its segments bottom up.
#[derive(Debug, Serialize)]
pub struct Bar {
    pub label: String,
    pub total: String,
    /// Marked (the cliff year).
    pub highlight: bool,
    pub segments: Vec<Segment>,
}

/// A part of a bar: its series and its height as a fraction of the plot.
#[derive(Debug, Serialize)]
pub struct Segment {
    pub key: PayComponent,
    pub height: f64,
}

/// A dashed line at `at` with its label.
#[derive(Debug, Serialize)]
pub struct Reference {
    pub at: f64,
    pub label: String,
}

/// The cost of leaving early: the table's rows and the chart over every month.
#[derive(Debug, Serialize)]
pub struct LeaveView {
    /// Whether anything is ever repaid (the repayment columns).
    pub repays: bool,
    /// The milestone months, printed.
    pub rows: Vec<LeaveRow>,
    pub chart: Lines,
}

/// A row of the table of leaving early, printed.
#[derive(Debug, Serialize)]
pub struct LeaveRow {
    pub month: u32,
    pub date: Date,
    pub received: Money,
    /// `−$11,000`, or `$0` when nothing is repaid.
    pub sign_on_repaid: String,
    pub relocation_repaid: String,
    pub net: Money,
    pub unvested_forfeited: Money,
}

/// Lines over months: every series a point per month.
#[derive(Debug, Serialize)]
pub struct Lines {
    pub ticks: Vec<Tick>,
    /// Where each twelfth month falls (fractions of the width) and its label.
    pub years: Vec<(f64, String)>,
    /// Each line: its name and its points as (x, y) fractions, y from the bottom.
    pub series: Vec<Line>,
}

/// One line of a chart.
#[derive(Debug, Serialize)]
pub struct Line {
    pub key: &'static str,
    pub label: &'static str,
    pub points: Vec<(f64, f64)>,
}

/// A market band drawn as a bar, every mark a fraction of the width.
#[derive(Debug, Serialize)]
pub struct BandView {
    pub key: &'static str,
    pub low: f64,
    pub high: f64,
    pub median: f64,
    pub value: f64,
    pub target: f64,
    pub value_label: String,
    pub target_label: String,
}

/// A value on a scale with a typical range shaded, as fractions of the width.
#[derive(Debug, Serialize)]
pub struct Gauge {
    pub value: f64,
    pub low: f64,
    pub high: f64,
    pub value_label: String,
    pub range_label: String,
}

/// The view of `analysis`.
pub fn view(analysis: &Analysis) -> View {
    let cliff = analysis
        .flags
        .iter()
        .any(|flag| flag.code == FlagCode::Year3Cliff);
    let round = &analysis.offer.round;
    let assumptions = &analysis.offer.assumptions;
    View {
        years: years_view(&analysis.years, cliff),
        calendar: analysis.schedule.as_ref().map(calendar_view),
        leave: analysis.schedule.as_ref().map(leave_view),
        alternatives: analysis
            .comparison
            .as_ref()
            .filter(|comparison| comparison.by_calendar_year)
            .map(alternatives_view),
        taxes: analysis.taxes.as_ref().map(|taxes| {
            let some = |figure: fn(&TaxYear) -> Money| {
                taxes.years.iter().any(|year| !figure(year).is_zero())
            };
            TaxesView {
                has_state: some(|year| year.state_owed) || some(|year| year.state_withheld),
                has_city: some(|year| year.local_owed) || some(|year| year.local_withheld),
                has_state_payroll: some(|year| year.state_payroll),
            }
        }),
        market: analysis.market.as_ref().map(|market| {
            [
                ("base", &market.base),
                ("equity_4yr", &market.equity_4yr),
                ("signing", &market.signing),
                ("total_year_1", &market.total_year_1),
            ]
            .into_iter()
            .map(|(key, position)| {
                band_view(key, position, &analysis.offer.goals.target_percentile)
            })
            .collect()
        }),
        improvement: (analysis.rounds.len() > 1).then(|| {
            let improvement = &analysis.improvement;
            gauge(
                improvement.pct.0.0,
                improvement.pct.typeset(),
                improvement.typical_low_pct,
                improvement.typical_high_pct,
            )
        }),
        offer: OfferNotes {
            has_sign_on: !round.sign_on_total.is_zero(),
            has_grant: !round.rsu_grant.is_zero(),
            has_bonus: !round.annual_bonus.is_zero(),
            assumes_growth: !assumptions.stock_growth.0.is_zero()
                || !assumptions.base_raise.0.is_zero(),
        },
    }
}

/// The parts of one year's pay.
struct Parts {
    label: String,
    base: Money,
    sign_on: Money,
    rsu: Money,
    bonus: Money,
    total: Money,
    highlight: bool,
}

impl Parts {
    fn of(&self, key: PayComponent) -> Money {
        match key {
            PayComponent::Base => self.base,
            PayComponent::SignOn => self.sign_on,
            PayComponent::Rsu => self.rsu,
            PayComponent::Bonus => self.bonus,
        }
    }
}

fn years_view(years: &[YearRow], cliff: bool) -> YearsView {
    let parts: Vec<Parts> = years
        .iter()
        .map(|year| Parts {
            label: format!("Year {}", year.year),
            base: year.base,
            sign_on: year.sign_on,
            rsu: year.rsu,
            bonus: year.bonus,
            total: year.total,
            highlight: cliff && year.year == 3,
        })
        .collect();
    let reference = years
        .first()
        .filter(|_| cliff)
        .map(|year| (year.total, format!("year-1 total {}", year.total.typeset())));
    YearsView {
        has_bonus: years.iter().any(|year| !year.bonus.is_zero()),
        bars: bars(&parts, reference),
    }
}

fn alternatives_view(comparison: &Comparison) -> AlternativesView {
    let figure = |year: &AlternativeYear| {
        if comparison.after_tax {
            year.net.unwrap_or_default()
        } else {
            year.total
        }
    };
    let mut years: Vec<i32> = comparison
        .alternatives
        .iter()
        .flat_map(|alternative| alternative.calendar_years.iter().map(|year| year.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    let values = comparison
        .alternatives
        .iter()
        .flat_map(|alternative| alternative.calendar_years.iter().map(figure).map(|m| m.0));
    let highest = values.clone().fold(Decimal::ZERO, Decimal::max);
    let lowest = values.fold(Decimal::ZERO, Decimal::min);
    let axis = Axis::new(lowest, highest);
    AlternativesView {
        after_tax: comparison.after_tax,
        ticks: axis.ticks(),
        series: comparison
            .alternatives
            .iter()
            .enumerate()
            .map(|(index, alternative)| AlternativeSeries {
                label: match alternative.kind {
                    AlternativeKind::Offer => format!("This offer ({})", alternative.name),
                    AlternativeKind::Competing => alternative.name.clone(),
                    AlternativeKind::Stay => format!("Staying at {}", alternative.name),
                },
                colour: index % ALTERNATIVE_COLOURS,
            })
            .collect(),
        groups: years
            .iter()
            .map(|year| BarGroup {
                label: year.to_string(),
                bars: comparison
                    .alternatives
                    .iter()
                    .map(|alternative| {
                        alternative
                            .calendar_years
                            .iter()
                            .find(|row| row.year == *year)
                            .map(|row| axis.height(figure(row).0))
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn calendar_view(schedule: &Schedule) -> YearsView {
    let parts: Vec<Parts> = schedule
        .calendar_years
        .iter()
        .map(|year: &CalendarYear| Parts {
            label: year.year.to_string(),
            base: year.base,
            sign_on: year.sign_on,
            rsu: year.rsu,
            bonus: year.bonus,
            total: year.total,
            highlight: false,
        })
        .collect();
    YearsView {
        has_bonus: schedule
            .calendar_years
            .iter()
            .any(|year| !year.bonus.is_zero()),
        bars: bars(&parts, None),
    }
}

/// Stacked bars of `parts` on one axis, with an optional reference line.
fn bars(parts: &[Parts], reference: Option<(Money, String)>) -> Bars {
    let series: Vec<PayComponent> = PayComponent::ALL
        .iter()
        .copied()
        .filter(|key| {
            *key == PayComponent::Base || parts.iter().any(|part| !part.of(*key).is_zero())
        })
        .collect();
    let tallest = parts
        .iter()
        .map(|part| part.total.0)
        .fold(Decimal::ONE, Decimal::max);
    let axis = Axis::new(Decimal::ZERO, tallest);
    Bars {
        series: series
            .iter()
            .map(|key| SeriesLabel {
                key: *key,
                label: key.title(),
            })
            .collect(),
        ticks: axis.ticks(),
        bars: parts
            .iter()
            .map(|part| Bar {
                label: part.label.clone(),
                total: part.total.short(),
                highlight: part.highlight,
                segments: series
                    .iter()
                    .filter(|key| part.of(**key).0 > Decimal::ZERO)
                    .map(|key| Segment {
                        key: *key,
                        height: axis.height(part.of(*key).0),
                    })
                    .collect(),
            })
            .collect(),
        reference: reference
            .filter(|(value, _)| value.0 > Decimal::ZERO)
            .map(|(value, label)| Reference {
                at: axis.at(value.0),
                label,
            }),
    }
}

fn leave_view(schedule: &Schedule) -> LeaveView {
    let repaid = |amount: Money| {
        if amount.is_zero() {
            Money::ZERO.typeset()
        } else {
            format!("{MINUS}{}", amount.typeset())
        }
    };
    let rows = schedule
        .leave_after
        .iter()
        .filter(|row| schedule.milestones.contains(&row.month))
        .map(|row: &LeaveAfter| LeaveRow {
            month: row.month,
            date: row.date,
            received: row.received,
            sign_on_repaid: repaid(row.sign_on_repay),
            relocation_repaid: repaid(row.relocation_repay),
            net: row.net,
            unvested_forfeited: row.unvested_forfeited,
        })
        .collect();
    LeaveView {
        repays: schedule
            .leave_after
            .iter()
            .any(|row| !row.sign_on_repay.is_zero() || !row.relocation_repay.is_zero()),
        rows,
        chart: leave_lines(&schedule.leave_after),
    }
}

/// What you keep and what you leave unvested, by the month you leave.
fn leave_lines(rows: &[LeaveAfter]) -> Lines {
    let values = rows
        .iter()
        .flat_map(|row| [row.net.0, row.unvested_forfeited.0]);
    let highest = values.clone().fold(Decimal::ONE, Decimal::max);
    let lowest = values.fold(Decimal::ZERO, Decimal::min);
    let axis = Axis::new(lowest, highest);
    let months = rows.len().max(1) as f64;
    let x = |month: u32| f64::from(month) / months;
    let line = |key, label, value: fn(&LeaveAfter) -> Money| Line {
        key,
        label,
        points: rows
            .iter()
            .map(|row| (x(row.month), axis.at(value(row).0)))
            .collect(),
    };
    Lines {
        ticks: axis.ticks(),
        years: (1..=rows.len() / 12)
            .map(|year| {
                let month = u32::try_from(12 * year).unwrap_or(u32::MAX);
                (x(month), format!("month {month}"))
            })
            .collect(),
        series: vec![
            line("net", "You keep", |row| row.net),
            line(
                "unvested_forfeited",
                "Unvested stock you would leave behind",
                |row| row.unvested_forfeited,
            ),
        ],
    }
}

/// One market band as a bar: the band, its median, the offer and the target, on a
/// scale padded a little beyond the lowest and highest of them.
fn band_view(
    key: &'static str,
    position: &BandPosition,
    target_percentile: &crate::analysis::Number,
) -> BandView {
    let marks = [position.low, position.high, position.value, position.target].map(|m| m.0);
    let lowest = marks.iter().copied().fold(marks[0], Decimal::min);
    let highest = marks.iter().copied().fold(marks[0], Decimal::max);
    let pad = ((highest - lowest) * Decimal::new(8, 2)).max(Decimal::ONE);
    let start = (lowest - pad).max(Decimal::ZERO);
    let end = highest + pad;
    let x = |value: Decimal| fraction(value - start, end - start);
    BandView {
        key,
        low: x(position.low.0),
        high: x(position.high.0),
        median: x((position.low.0 + position.high.0) / Decimal::TWO),
        value: x(position.value.0),
        target: x(position.target.0),
        value_label: format!("offer {}", position.value.typeset()),
        target_label: format!(
            "target P{} {}",
            target_percentile.typeset(),
            position.target.typeset()
        ),
    }
}

/// Where `value` percent sits on a scale from 0 to a little past the typical range.
fn gauge(value: Decimal, value_label: String, low: u32, high: u32) -> Gauge {
    let (low, high) = (Decimal::from(low), Decimal::from(high));
    let end = (high + Decimal::TEN).max(value + Decimal::from(5));
    let x = |v: Decimal| fraction(v.max(Decimal::ZERO).min(end), end);
    Gauge {
        value: x(value),
        low: x(low),
        high: x(high),
        value_label: format!("so far {value_label}%"),
        range_label: format!("typical {low}–{high}%"),
    }
}

/// `part / whole` as a float for drawing (0 when `whole` is 0).
fn fraction(part: Decimal, whole: Decimal) -> f64 {
    part.checked_div(whole)
        .and_then(|ratio| ratio.to_f64())
        .unwrap_or(0.0)
}

/// A vertical axis: from a round figure at or below the lowest value to one at or above
/// the highest, in at most five round steps.
struct Axis {
    min: Decimal,
    max: Decimal,
    step: Decimal,
}

impl Axis {
    fn new(lowest: Decimal, highest: Decimal) -> Axis {
        let step = nice_step(highest - lowest);
        Axis {
            min: (lowest / step).floor() * step,
            max: ((highest / step).ceil() * step).max(step),
            step,
        }
    }

    /// Where `value` falls, as a fraction of the axis (0 at the bottom).
    fn at(&self, value: Decimal) -> f64 {
        fraction(value - self.min, self.max - self.min)
    }

    /// A bar from zero to `value`, as a fraction of the axis.
    fn height(&self, value: Decimal) -> f64 {
        fraction(value, self.max - self.min)
    }

    /// The gridlines, bottom up, labelled in short money.
    fn ticks(&self) -> Vec<Tick> {
        let mut ticks = Vec::new();
        let mut value = self.min;
        while value <= self.max && ticks.len() < 64 {
            ticks.push(Tick {
                at: self.at(value),
                label: Money(value).short(),
                zero: value.is_zero(),
            });
            value += self.step;
        }
        ticks
    }
}

/// A round gridline step (1, 2, 5 × a power of ten, from $1,000) that gives at most five
/// steps over `span`.
fn nice_step(span: Decimal) -> Decimal {
    let mut step = Decimal::from(1000);
    let five = Decimal::from(5);
    let mut mantissa = Decimal::ONE;
    while span / step > five && step < Decimal::from(1_000_000_000_000_000i64) {
        (step, mantissa) = if mantissa == Decimal::ONE {
            (step * Decimal::TWO, Decimal::TWO)
        } else if mantissa == Decimal::TWO {
            (step * Decimal::new(25, 1), five)
        } else {
            (step * Decimal::TWO, Decimal::ONE)
        };
    }
    step
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_one_two_five_and_give_at_most_five_gridlines() {
        assert_eq!(nice_step(Decimal::from(4000)), Decimal::from(1000));
        assert_eq!(nice_step(Decimal::from(330_000)), Decimal::from(100_000));
        assert_eq!(nice_step(Decimal::from(1_250_000)), Decimal::from(500_000));
        let axis = Axis::new(Decimal::ZERO, Decimal::from(329_000));
        let ticks = axis.ticks();
        assert_eq!(ticks.first().map(|t| t.label.as_str()), Some("$0"));
        assert_eq!(ticks.last().map(|t| t.label.as_str()), Some("$400k"));
        assert!(ticks.len() <= 6);
        let negative = Axis::new(Decimal::from(-60_000), Decimal::from(100_000));
        assert_eq!(negative.ticks()[0].label, "\u{2212}$100k");
        assert!(negative.ticks().iter().any(|tick| tick.zero));
    }
}
