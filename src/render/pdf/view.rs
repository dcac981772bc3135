//! What the typst template draws besides the analysis's printed figures: the geometry of
//! every chart (bar heights, points and gridlines as fractions of the plot, with their
//! labels printed here), and which optional columns and notes a table has. Worked out
//! from the analysis, so that the template only draws: it never scales, rounds or
//! compares a figure.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use crate::analysis::model::Lever;
use crate::analysis::model::comparison::{
    Alternative, AlternativeKind, AlternativeYear, Comparison,
};
use crate::analysis::model::schedule::{CalendarYear, LeaveAfter, Schedule};
use crate::analysis::model::taxes::TaxYear;
use crate::analysis::{Analysis, BandPosition, YearRow};
use crate::money::{Figure, MINUS, Money};
use crate::render::emails::Draft;
use crate::render::text::markdown::{Block, Span};
use crate::vocab::{Date, FlagCode, LeverStatus, LeverTag, PayComponent};

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
    /// How the table of rounds is laid out.
    pub rounds: RoundsView,
    /// The competing offers' tables: each a list of indices into `analysis.competing`,
    /// at most [`OFFERS_PER_TABLE`] to a table, so that a column stays wide enough for
    /// its figures however many offers there are.
    pub competing_tables: Vec<Vec<usize>>,
    /// How each draft of `drafts` (same order) is laid out.
    pub drafts: Vec<DraftView>,
    /// Each lever's tag in the lever plan (same order as `analysis.levers`): asked now,
    /// later, not at all once the offer is accepted, or why not.
    pub lever_tags: Vec<LeverTag>,
}

/// How the table of rounds is laid out.
#[derive(Debug, Serialize)]
pub struct RoundsView {
    /// Whether the table is short enough to keep on one page; a longer one (many
    /// rounds, or long names) breaks between rows instead, so that it never runs past
    /// the page.
    pub keep_together: bool,
    /// For each round of `analysis.rounds`: whether its name is long enough to go on a
    /// line of its own across the figures' columns, above its figures, rather than down
    /// the narrow first column (a 1,000-character name would fill a page there).
    pub name_above: Vec<bool>,
}

/// How a draft is laid out in the appendix.
#[derive(Debug, Serialize)]
pub struct DraftView {
    /// Whether its heading, subject, greeting and first paragraph are short enough to
    /// move to the next page together; a longer opening (a 1,000-character name in the
    /// subject) keeps its heading with its first lines and breaks where it must.
    pub keep_opening: bool,
}

/// The most competing offers in one table, beside this offer: five columns of figures
/// as wide as `$10,000,000` need.
pub const OFFERS_PER_TABLE: usize = 4;

/// The most alternatives the chart draws: one bar per alternative per year, each in a
/// colour of its own ([`ALTERNATIVE_COLOURS`]).
pub const CHARTED_ALTERNATIVES: usize = ALTERNATIVE_COLOURS;

/// About how many characters of the rounds table's first column fit on one of its lines
/// (names in semibold), and of a name set across the five columns of figures.
const NAME_LINE: usize = 20;
const WIDE_NAME_LINE: usize = 70;

/// A round name longer than this (three lines of the first column) goes above its
/// figures.
const NAME_ABOVE: usize = 3 * NAME_LINE;

/// The most rows, and about the most lines, of a table kept on one page: with the gaps
/// between its rows, some two thirds of a page. A longer table breaks between rows.
const KEPT_TABLE_ROWS: usize = 14;
const KEPT_TABLE_LINES: usize = 36;

/// About how many characters fit in the first page-width lines of a draft: an opening
/// no longer than this (a dozen full lines) moves to the next page whole.
const OPENING_CHARACTERS: usize = 1_200;

/// The alternatives' chart: what each calendar year pays each of them, as bars side by
/// side, the offer's first.
#[derive(Debug, Serialize)]
pub struct AlternativesView {
    /// Whether the bars are the net (after tax) or, without a `tax:` block, the totals.
    pub after_tax: bool,
    pub ticks: Vec<Tick>,
    /// One per alternative drawn, in the comparison's order: the legend. At most
    /// [`CHARTED_ALTERNATIVES`]: this offer and the others that leave the most over four
    /// years (after tax when there are figures after tax).
    pub series: Vec<AlternativeSeries>,
    /// Whether every alternative is drawn; if not, how many besides this offer are, and
    /// how many there are in all (the chart says so).
    pub all_drawn: bool,
    pub others_drawn: usize,
    pub alternatives: usize,
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
    /// Where each twelfth month falls (fractions of the width) and its label (empty for
    /// a line left unlabelled).
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

/// The view of `analysis` and its `drafts`.
/// Where `lever` stands in this round.
fn lever_tag(analysis: &Analysis, lever: &Lever) -> LeverTag {
    match lever.status {
        LeverStatus::Ask if analysis.next_step.levers.contains(&lever.lever) => LeverTag::AskNow,
        LeverStatus::Ask if analysis.accepted => LeverTag::NotAsked,
        LeverStatus::Ask => LeverTag::AskLater,
        LeverStatus::AtCap => LeverTag::AtCap,
        LeverStatus::NoGap => LeverTag::NoGap,
    }
}

pub fn view(analysis: &Analysis, drafts: &[Draft]) -> View {
    let cliff = analysis
        .flags
        .iter()
        .any(|flag| flag.code == FlagCode::Year3Cliff);
    let round = &analysis.offer.round;
    let assumptions = &analysis.offer.assumptions;
    View {
        lever_tags: analysis
            .levers
            .iter()
            .map(|lever| lever_tag(analysis, lever))
            .collect(),
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
        rounds: RoundsView {
            keep_together: analysis.rounds.len() <= KEPT_TABLE_ROWS
                && analysis
                    .rounds
                    .iter()
                    .map(|round| table_row_lines(&round.name))
                    .sum::<usize>()
                    <= KEPT_TABLE_LINES,
            name_above: analysis
                .rounds
                .iter()
                .map(|round| name_above(&round.name))
                .collect(),
        },
        competing_tables: balanced_chunks(analysis.competing.len(), OFFERS_PER_TABLE),
        drafts: drafts
            .iter()
            .map(|draft| DraftView {
                keep_opening: opening_characters(draft) <= OPENING_CHARACTERS,
            })
            .collect(),
    }
}

/// Whether a round's name goes on a line of its own above its figures.
fn name_above(name: &str) -> bool {
    name.chars().count() > NAME_ABOVE
}

/// About how many lines a row of the rounds table takes: its name wrapped in the first
/// column and its date, or the figure and its change beside them; a long name wrapped
/// across the columns of figures, above them.
fn table_row_lines(name: &str) -> usize {
    let characters = name.chars().count();
    if name_above(name) {
        characters.div_ceil(WIDE_NAME_LINE) + 2
    } else {
        (characters.div_ceil(NAME_LINE) + 1).max(2)
    }
}

/// The indices `0..count` in consecutive chunks of at most `most`, as even as can be
/// (10 in chunks of at most 4: 4, 3 and 3).
fn balanced_chunks(count: usize, most: usize) -> Vec<Vec<usize>> {
    let chunks = count.div_ceil(most.max(1));
    let mut start = 0;
    (0..chunks)
        .map(|chunk| {
            // The first `count % chunks` chunks take one more.
            let size = count / chunks + usize::from(chunk < count % chunks);
            let indices = (start..start + size).collect();
            start += size;
            indices
        })
        .collect()
}

/// The characters of a draft's heading, subject and first two blocks (the opening the
/// appendix keeps together).
fn opening_characters(draft: &Draft) -> usize {
    let spans = |spans: &[Span]| spans.iter().map(|s| s.text.chars().count()).sum::<usize>();
    let block = |block: &Block| match block {
        Block::Paragraph { lines } => lines.iter().map(|line| spans(line)).sum::<usize>(),
        Block::List { items, .. } => items.iter().map(|item| spans(item)).sum::<usize>(),
    };
    draft.title.chars().count()
        + draft.subject.chars().count()
        + draft.blocks.iter().take(2).map(block).sum::<usize>()
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
    let charted = charted_alternatives(comparison);
    let values = charted
        .iter()
        .flat_map(|alternative| alternative.calendar_years.iter().map(figure).map(|m| m.0));
    let highest = values.clone().fold(Decimal::ZERO, Decimal::max);
    let lowest = values.fold(Decimal::ZERO, Decimal::min);
    let axis = Axis::new(lowest, highest);
    AlternativesView {
        after_tax: comparison.after_tax,
        ticks: axis.ticks(),
        all_drawn: charted.len() == comparison.alternatives.len(),
        others_drawn: charted.len().saturating_sub(1),
        alternatives: comparison.alternatives.len(),
        series: charted
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
                bars: charted
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

/// The alternatives the chart draws, in the comparison's order: all of them when there
/// are at most [`CHARTED_ALTERNATIVES`], else this offer (the first) and the others that
/// leave the most over four years (after tax when there are figures after tax; of equals,
/// the first).
fn charted_alternatives(comparison: &Comparison) -> Vec<&Alternative> {
    let list = &comparison.alternatives;
    if list.len() <= CHARTED_ALTERNATIVES {
        return list.iter().collect();
    }
    let four_years = |alternative: &Alternative| {
        if comparison.after_tax {
            alternative.four_year_net.unwrap_or_default()
        } else {
            alternative.four_year_total
        }
    };
    let mut others: Vec<(usize, &Alternative)> = list.iter().enumerate().skip(1).collect();
    // Stable: of equal figures, the first in the comparison's order.
    others.sort_by_key(|(_, alternative)| std::cmp::Reverse(four_years(alternative).0));
    others.truncate(CHARTED_ALTERNATIVES - 1);
    others.sort_by_key(|(index, _)| *index);
    list.first()
        .into_iter()
        .chain(others.into_iter().map(|(_, alternative)| alternative))
        .collect()
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
        years: {
            // Past eight years (a ten-year schedule), every second year is labelled, so
            // that "month 108" and "month 120" do not run into each other at the edge.
            let count = rows.len() / 12;
            (1..=count)
                .map(|year| {
                    let month = u32::try_from(12 * year).unwrap_or(u32::MAX);
                    let label = if count > 8 && year % 2 == 1 {
                        String::new()
                    } else {
                        format!("month {month}")
                    };
                    (x(month), label)
                })
                .collect()
        },
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

    #[test]
    fn competing_offers_are_split_into_tables_as_even_as_can_be() {
        let sizes = |count| -> Vec<usize> {
            balanced_chunks(count, OFFERS_PER_TABLE)
                .iter()
                .map(Vec::len)
                .collect()
        };
        assert_eq!(sizes(0), Vec::<usize>::new());
        assert_eq!(sizes(1), [1]);
        assert_eq!(sizes(4), [4]);
        assert_eq!(sizes(5), [3, 2]);
        assert_eq!(sizes(10), [4, 3, 3]);
        assert_eq!(sizes(20), [4, 4, 4, 4, 4]);
        let all: Vec<usize> = balanced_chunks(10, 4).into_iter().flatten().collect();
        assert_eq!(all, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn the_chart_draws_this_offer_and_the_five_alternatives_that_leave_the_most() {
        let mut yaml = String::from(
            "candidate: { name: Jo Park }
company: Amazon
level: L6
location: Seattle
rounds:
  - { name: Offer, date: 2026-12-01, base: 200000, rsu: { value: 400000 }, start_date: 2027-02-01 }
current_job: { base: 150000 }
competing_offers:
",
        );
        // Nine offers with bases of $150,000 to $246,000 out of order, and staying at
        // $150,000: the five that pay the most over four years are Others 3, 6, 7, 8, 9.
        for (i, base) in [150, 170, 230, 180, 160, 210, 246, 240, 190]
            .iter()
            .enumerate()
        {
            yaml.push_str(&format!(
                "  - {{ company: Other {}, base: {base}000, start_date: 2027-02-01 }}\n",
                i + 1
            ));
        }
        let analysis = crate::fixture::analysed(&yaml);
        let comparison = analysis.comparison.as_ref().unwrap();
        assert_eq!(comparison.alternatives.len(), 11);
        let names: Vec<&str> = charted_alternatives(comparison)
            .iter()
            .map(|alternative| alternative.name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "Amazon", "Other 3", "Other 6", "Other 7", "Other 8", "Other 9"
            ]
        );
        let chart = alternatives_view(comparison);
        assert_eq!(chart.series.len(), CHARTED_ALTERNATIVES);
        assert!(!chart.all_drawn);
        assert_eq!((chart.others_drawn, chart.alternatives), (5, 11));
        assert!(chart.groups.iter().all(|group| group.bars.len() == 6));
    }

    #[test]
    fn a_rounds_table_of_long_names_may_break_across_pages() {
        assert_eq!(table_row_lines("Initial offer"), 2);
        assert!(!name_above(&"x".repeat(60)) && name_above(&"x".repeat(61)));
        assert_eq!(table_row_lines(&"x".repeat(550)), 10);
        assert_eq!(table_row_lines(&"x".repeat(1000)), 17);
        // Fourteen rounds of short names are kept on a page; four of 550 characters not.
        assert!(KEPT_TABLE_ROWS * table_row_lines("Round 14") <= KEPT_TABLE_LINES);
        assert!(4 * table_row_lines(&"x".repeat(550)) > KEPT_TABLE_LINES);
    }
}
