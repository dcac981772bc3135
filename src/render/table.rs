//! The terminal summary of `offerbrief analyze --format table`: the years, the market
//! percentiles, the levers and asks, the flags, the rounds so far, the next step, the
//! drafts and the checklist, within 100 columns. Colour only when asked for (a terminal without `NO_COLOR`).

use std::io::IsTerminal;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};
use unicode_width::UnicodeWidthStr;

use crate::analysis::model::comparison::AlternativeKind;
use crate::analysis::model::taxes::StateModel;
use crate::analysis::{Analysis, Change, RoundChange, RoundSummary};
use crate::money::{Money, round_half_away};
use crate::render::text::markdown::oneline;
use crate::vocab::{LeverStatus, MarketComponent};

/// The widest line the summary prints.
pub const WIDTH: usize = 100;

/// Whether stdout should get colour: it is a terminal and `NO_COLOR` is unset or empty
/// (<https://no-color.org>).
pub fn colour_wanted() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The summary without colour.
pub fn table(analysis: &Analysis) -> String {
    Report::new(false).render(analysis)
}

/// The summary, with ANSI colour when `colour` is true.
pub fn table_styled(analysis: &Analysis, colour: bool) -> String {
    Report::new(colour).render(analysis)
}

/// What a piece of text means, for its colour.
#[derive(Clone, Copy)]
enum Tone {
    Heading,
    Good,
    Bad,
    Warn,
    Strong,
    Muted,
}

impl Tone {
    fn ansi(self) -> &'static str {
        match self {
            Tone::Heading => "\x1b[1m",
            Tone::Good => "\x1b[32m",
            Tone::Bad => "\x1b[31m",
            Tone::Warn => "\x1b[33m",
            Tone::Strong => "\x1b[1;36m",
            Tone::Muted => "\x1b[2m",
        }
    }

    fn colour(self) -> Option<Color> {
        match self {
            Tone::Good => Some(Color::Green),
            Tone::Bad => Some(Color::Red),
            Tone::Warn => Some(Color::Yellow),
            Tone::Strong => Some(Color::Cyan),
            Tone::Heading | Tone::Muted => None,
        }
    }
}

struct Report {
    colour: bool,
    out: String,
}

impl Report {
    fn new(colour: bool) -> Report {
        Report {
            colour,
            out: String::new(),
        }
    }

    fn render(mut self, analysis: &Analysis) -> String {
        self.headline(analysis);
        self.years(analysis);
        self.money_in_time(analysis);
        self.alternatives(analysis);
        self.market(analysis);
        self.levers(analysis);
        self.flags(analysis);
        self.rounds(analysis);
        self.next_step(analysis);
        self.drafts(analysis);
        self.checklist(analysis);
        self.out
    }

    fn headline(&mut self, analysis: &Analysis) {
        let offer = &analysis.offer;
        let line = format!(
            "{} — {} {} in {} — round {} of {}: {}",
            oneline(&offer.candidate.name),
            oneline(&offer.company),
            oneline(&offer.level),
            oneline(&offer.location),
            offer.round.number,
            offer.rounds_in_file,
            oneline(&offer.round.name)
        );
        self.paragraph(&line, "", Some(Tone::Heading));
    }

    fn years(&mut self, analysis: &Analysis) {
        self.heading("Year by year");
        let mut years = self.new_table(&["Year", "Base", "Sign-on", "RSU", "Bonus", "Total"]);
        for year in &analysis.years {
            years.add_row(vec![
                year.year.to_string(),
                money(year.base),
                money(year.sign_on),
                money(year.rsu),
                money(year.bonus),
                money(year.total),
            ]);
        }
        years.add_row(vec![
            Cell::new("4-year"),
            Cell::new(""),
            Cell::new(""),
            Cell::new(""),
            Cell::new(""),
            self.cell(money(analysis.four_year_total), Some(Tone::Heading)),
        ]);
        self.push_table(&years);
        self.paragraph(
            &format!(
                "Four-year average {} a year; {} an hour in year 1.",
                money(analysis.four_year_average),
                analysis.hourly.year_1.0.with_cents()
            ),
            "",
            None,
        );
    }

    /// The calendar years (with net pay and the amount due at filing when the file asks
    /// for a tax estimate) and the next vest.
    fn money_in_time(&mut self, analysis: &Analysis) {
        let Some(schedule) = &analysis.schedule else {
            return;
        };
        let assumed = if schedule.start_assumed {
            " (assumed: four weeks after the offer; add start_date)"
        } else {
            ""
        };
        self.heading(&format!(
            "By calendar year, starting {}{assumed}",
            schedule.start.long()
        ));
        let taxes = analysis.taxes.as_ref();
        let mut header = vec!["Year", "Base", "Sign-on", "RSU", "Bonus", "Total"];
        if taxes.is_some() {
            header.extend(["Net pay", "Due at filing"]);
        }
        let mut table = self.new_table(&header);
        for year in &schedule.calendar_years {
            let mut row = vec![
                Cell::new(year.year.to_string()),
                Cell::new(money(year.base)),
                Cell::new(money(year.sign_on)),
                Cell::new(money(year.rsu)),
                Cell::new(money(year.bonus)),
                Cell::new(money(year.total)),
            ];
            if let Some(tax) = taxes.and_then(|t| t.years.iter().find(|t| t.year == year.year)) {
                row.push(Cell::new(money(tax.net_pay)));
                let due = tax.due_at_filing;
                let tone = (due.0 > Money::ZERO).then_some(Tone::Warn);
                row.push(self.cell(signed_money(due.0), tone));
            }
            table.add_row(row);
        }
        self.push_table(&table);
        if let Some(vest) = schedule.vests.first() {
            self.paragraph(
                &format!(
                    "Next vest: {} on {} ({}% of the grant, offer year {}).",
                    money(vest.value),
                    vest.date.long(),
                    round_half_away(vest.percent.0, 2).normalize(),
                    vest.year
                ),
                "",
                None,
            );
        }
        if let Some(taxes) = taxes {
            let names: Vec<&str> = taxes
                .jurisdictions
                .iter()
                .map(|jurisdiction| jurisdiction.name.as_str())
                .collect();
            let place = match taxes.state {
                StateModel::Tables if !names.is_empty() => {
                    format!(
                        " and the income tax and payroll programs of {}",
                        names.join(" and ")
                    )
                }
                StateModel::Flat => " and the flat state rate".to_string(),
                _ => " (no state or local tax)".to_string(),
            };
            self.paragraph(
                &format!("Net pay is the wages less federal income tax, Social Security, Medicare{place}."),
                "",
                None,
            );
            self.paragraph(&oneline(&taxes.notice), "", Some(Tone::Muted));
        }
    }

    fn market(&mut self, analysis: &Analysis) {
        let Some(market) = &analysis.market else {
            self.heading("Market position");
            self.paragraph(
                &format!(
                    "No market band for {} in {}: no percentiles or market targets.",
                    oneline(&analysis.offer.level),
                    oneline(&analysis.offer.location)
                ),
                "",
                Some(Tone::Warn),
            );
            return;
        };
        let year_1 = analysis
            .market_percentile
            .map(|p| format!(": year 1 at the {} percentile", percentile(p.0)))
            .unwrap_or_default();
        self.heading(&format!(
            "Market position ({} in {}){year_1}",
            oneline(&market.band_level),
            oneline(&market.band_location)
        ));
        let mut table = self.new_table(&[
            "Component",
            "Offer",
            "Low",
            "High",
            "Percentile",
            "Target",
            "Gap",
        ]);
        for (component, band) in [
            (MarketComponent::Base, &market.base),
            (MarketComponent::Equity4yr, &market.equity_4yr),
            (MarketComponent::Signing, &market.signing),
            (MarketComponent::TotalYear1, &market.total_year_1),
        ] {
            let below_median = band.percentile.0 < rust_decimal::Decimal::from(50);
            table.add_row(vec![
                Cell::new(component.title()),
                Cell::new(money(band.value)),
                Cell::new(money(band.low)),
                Cell::new(money(band.high)),
                self.cell(
                    percentile(band.percentile.0),
                    below_median.then_some(Tone::Warn),
                ),
                Cell::new(money(band.target)),
                Cell::new(money(band.gap)),
            ]);
        }
        self.push_table(&table);
    }

    fn levers(&mut self, analysis: &Analysis) {
        self.heading("Levers");
        let mut levers = self.new_table(&["Lever", "Offered", "Ask", "4-year gain", "Status"]);
        for lever in &analysis.levers {
            let tone = match lever.status {
                LeverStatus::Ask => Some(Tone::Strong),
                LeverStatus::NoGap | LeverStatus::AtCap => Some(Tone::Muted),
            };
            let status = lever.status.title();
            levers.add_row(vec![
                Cell::new(lever.lever.title()),
                Cell::new(money(lever.offered)),
                Cell::new(money(lever.ask)),
                Cell::new(money(lever.gap_4yr.0)),
                self.cell(status, tone),
            ]);
        }
        self.push_table(&levers);

        if analysis.asks.is_empty() {
            self.paragraph(
                "Nothing to ask for: every lever is at or above its target.",
                "",
                None,
            );
            return;
        }
        self.paragraph("Ask for, in this order:", "", None);
        for (index, kind) in analysis.asks.iter().enumerate() {
            let Some(lever) = analysis.levers.iter().find(|l| l.lever == *kind) else {
                continue;
            };
            let line = format!(
                "{}. {}: {} → {} (+{} over four years)",
                index + 1,
                lever.lever.title(),
                money(lever.offered),
                money(lever.ask),
                money(lever.gap_4yr.0)
            );
            self.paragraph(&format!("  {line}"), "     ", None);
            if let Some(split) = lever.ask_by_year.as_ref().filter(|split| split.len() > 1) {
                let years: Vec<String> = split
                    .iter()
                    .enumerate()
                    .map(|(year, amount)| format!("year {} {}", year + 1, money(*amount)))
                    .collect();
                self.paragraph(
                    &format!(
                        "     paid as {}",
                        join_words(&years.iter().map(String::as_str).collect::<Vec<_>>())
                    ),
                    "     ",
                    None,
                );
            }
        }
        let pct = round_half_away(analysis.ask_increase_pct.0.0, 2);
        self.paragraph(
            &format!(
                "All asks: +{} over four years (+{pct:.2}%), approved by the {}.",
                money(analysis.ask_increase.0),
                analysis.approval.label()
            ),
            "",
            None,
        );
    }

    fn flags(&mut self, analysis: &Analysis) {
        if analysis.flags.is_empty() {
            return;
        }
        self.heading("Flags");
        for flag in &analysis.flags {
            let line = format!("  ! {}", oneline(&flag.message));
            self.paragraph(&line, "    ", Some(Tone::Warn));
        }
    }

    fn rounds(&mut self, analysis: &Analysis) {
        self.heading("Rounds so far");
        let rounds = &analysis.rounds;
        let mut table = self.new_table(&[
            "Round",
            "Base",
            "Sign-on (total)",
            "RSU grant",
            "4-year total",
        ]);
        for round in rounds {
            table.add_row(vec![
                Cell::new(format!("{}. {}", round.number, oneline(&round.name))),
                Cell::new(money(round.base)),
                Cell::new(money(round.sign_on_total)),
                Cell::new(money(round.grant)),
                Cell::new(money(round.four_year_total)),
            ]);
            if let Some(change) = &round.change_from_previous {
                let label = format!("  vs round {}", round.number - 1);
                table.add_row(self.change_row(label, change));
            }
            if let Some(change) = round
                .change_from_first
                .as_ref()
                .filter(|_| round.number > 2)
            {
                table.add_row(self.change_row("  vs round 1".to_string(), change));
            }
        }
        self.push_table(&table);

        let improvement = &analysis.improvement;
        let typical = format!(
            "{}–{}%",
            improvement.typical_low_pct, improvement.typical_high_pct
        );
        if rounds.len() < 2 {
            self.paragraph(
                &format!(
                    "First round: after the next offer this shows what each round changed and the improvement won so far (negotiations typically gain {typical})."
                ),
                "",
                Some(Tone::Muted),
            );
        } else {
            let first = rounds.first().map(|r: &RoundSummary| r.number).unwrap_or(1);
            let tone = tone_of(improvement.amount.0);
            let line = format!(
                "Improvement since round {first}: {} ({}) over four years; negotiations typically gain {typical}.",
                signed_money(improvement.amount.0),
                signed_percent(Some(improvement.pct.0.0))
            );
            self.paragraph(&line, "", tone);
        }
    }

    fn change_row(&self, label: String, change: &RoundChange) -> Vec<Cell> {
        vec![
            self.cell(label, Some(Tone::Muted)),
            self.change_cell(&change.base),
            self.change_cell(&change.sign_on_total),
            self.change_cell(&change.grant),
            self.change_cell(&change.four_year_total),
        ]
    }

    /// `+$20,000` over `+6.7%`, green up and red down.
    fn change_cell(&self, change: &Change) -> Cell {
        let text = format!(
            "{}\n{}",
            signed_money(change.amount.0),
            signed_percent(change.pct.map(|p| p.0.0))
        );
        self.cell(text, tone_of(change.amount.0))
    }

    fn next_step(&mut self, analysis: &Analysis) {
        let next = &analysis.next_step;
        self.heading("Next step");
        let Some(email) = next.email else {
            let why = analysis
                .situation
                .as_ref()
                .map(|situation| oneline(&situation.summary))
                .unwrap_or_default();
            self.paragraph(&format!("Nothing to send. {why}"), "", Some(Tone::Strong));
            return;
        };
        let mut line = format!("Send the {} email", email.label());
        let levers: Vec<&str> = next.levers.iter().map(|l| l.label()).collect();
        if !levers.is_empty() {
            line.push_str(&format!(", asking for the {}", join_words(&levers)));
        }
        line.push('.');
        self.paragraph(&line, "", Some(Tone::Strong));
        let accepted = analysis
            .situation
            .as_ref()
            .is_some_and(|situation| situation.accepted());
        if let Some([low, high]) = next.expected_range.filter(|_| !accepted) {
            let pct = next
                .expected_range_pct
                .map(|[low, high]| format!(" (+{low}–{high}%)"))
                .unwrap_or_default();
            self.paragraph(
                &format!(
                    "Rule of thumb for the coming round{pct}: {} to {} over four years.",
                    money(low),
                    money(high)
                ),
                "",
                None,
            );
        }
    }

    /// The drafts of `drafts[]`, the one to send next marked.
    fn drafts(&mut self, analysis: &Analysis) {
        if analysis.drafts.is_empty() {
            return;
        }
        self.heading("Drafts");
        for draft in &analysis.drafts {
            let (mark, tone) = if draft.send_next {
                ("→", Some(Tone::Strong))
            } else {
                (" ", None)
            };
            let line = format!("  {mark} {} — {}", draft.file, oneline(&draft.subject));
            self.paragraph(&line, "      ", tone);
        }
    }

    /// The checklist of `checklist[]`: how much is done, and what is still open.
    fn checklist(&mut self, analysis: &Analysis) {
        let done = analysis.checklist.iter().filter(|item| item.done).count();
        self.heading(&format!(
            "Checklist: {done} of {} done",
            analysis.checklist.len()
        ));
        for item in analysis.checklist.iter().filter(|item| !item.done) {
            let line = format!(
                "  [ ] {}: {}",
                item.item,
                oneline(item.todo.as_deref().unwrap_or_default())
            );
            self.paragraph(&line, "      ", None);
        }
    }

    /// Every alternative on the same terms (SPEC §11): four-year totals and, with a tax
    /// estimate, four-year net, with the differences from the offer.
    fn alternatives(&mut self, analysis: &Analysis) {
        let Some(comparison) = &analysis.comparison else {
            return;
        };
        self.heading("Alternatives over four years, on the same terms");
        let mut header = vec!["Alternative", "Where", "4-year total", "vs offer"];
        if comparison.after_tax {
            header.extend(["4-year net", "vs offer"]);
        }
        let mut table = self.new_table(&header);
        for alternative in &comparison.alternatives {
            let name = match alternative.kind {
                AlternativeKind::Offer => format!("This offer ({})", alternative.name),
                AlternativeKind::Competing => alternative.name.clone(),
                AlternativeKind::Stay => format!("Staying at {}", alternative.name),
            };
            let difference = |value: Option<crate::money::Signed<Money>>| {
                value.map_or_else(|| "—".to_string(), |value| signed_money(value.0))
            };
            let mut row = vec![
                Cell::new(name),
                Cell::new(&alternative.location),
                Cell::new(money(alternative.four_year_total)),
                Cell::new(difference(alternative.vs_offer_total)),
            ];
            if comparison.after_tax {
                row.push(Cell::new(
                    alternative
                        .four_year_net
                        .map_or_else(|| "—".to_string(), money),
                ));
                row.push(Cell::new(difference(alternative.vs_offer_net)));
            }
            table.add_row(row);
        }
        self.push_table(&table);
        for alternative in comparison.alternatives.iter().skip(1) {
            self.paragraph(&alternative.sentence, "", None);
        }
        if !comparison.summary.is_empty() {
            let tone = comparison.after_tax_order_differs.then_some(Tone::Warn);
            self.paragraph(&comparison.summary, "", tone);
        }
    }

    fn heading(&mut self, title: &str) {
        self.out.push('\n');
        self.paragraph(title, "", Some(Tone::Heading));
    }

    /// A line of prose, wrapped at [`WIDTH`] with `indent` before each continuation.
    fn paragraph(&mut self, text: &str, indent: &str, tone: Option<Tone>) {
        for line in wrap(text, indent) {
            match tone.filter(|_| self.colour) {
                Some(tone) => self
                    .out
                    .push_str(&format!("{}{line}\x1b[0m\n", tone.ansi())),
                None => {
                    self.out.push_str(&line);
                    self.out.push('\n');
                }
            }
        }
    }

    fn push_table(&mut self, table: &Table) {
        self.out.push_str(&table.to_string());
        self.out.push('\n');
    }

    fn cell(&self, text: impl Into<String>, tone: Option<Tone>) -> Cell {
        let mut cell = Cell::new(text.into());
        if let Some(tone) = tone.filter(|_| self.colour) {
            cell = match tone {
                Tone::Heading => cell.add_attribute(Attribute::Bold),
                Tone::Muted => cell.add_attribute(Attribute::Dim),
                other => match other.colour() {
                    Some(colour) => cell.fg(colour),
                    None => cell,
                },
            };
        }
        cell
    }

    fn new_table(&self, header: &[&str]) -> Table {
        let mut table = Table::new();
        table
            .load_style(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .force_no_tty()
            .set_width(WIDTH as u16)
            .set_header(
                header
                    .iter()
                    .map(|title| self.cell(*title, Some(Tone::Heading)))
                    .collect::<Vec<_>>(),
            );
        if self.colour {
            table.enforce_styling();
        }
        for index in 1..header.len() {
            if let Some(column) = table.column_mut(index) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        table
    }
}

/// Words of `text` in lines at most [`WIDTH`] columns wide; a word wider than that is
/// cut.
fn wrap(text: &str, indent: &str) -> Vec<String> {
    let leading: String = text.chars().take_while(|c| *c == ' ').collect();
    let mut lines = Vec::new();
    let mut line = leading.clone();
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let word_width = word.width();
        let needed = if empty { word_width } else { word_width + 1 };
        if !empty && line.width() + needed > WIDTH {
            lines.push(std::mem::replace(&mut line, indent.to_string()));
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        for c in word.chars() {
            if line.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) > WIDTH {
                lines.push(std::mem::replace(&mut line, indent.to_string()));
            }
            line.push(c);
        }
        empty = false;
    }
    if !empty || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A percentile as people read it: one decimal.
fn percentile(value: rust_decimal::Decimal) -> String {
    format!("{:.1}", round_half_away(value, 1))
}

fn money(amount: Money) -> String {
    amount.to_string()
}

/// `+$20,000`, `-$5,000`, `$0`.
fn signed_money(amount: Money) -> String {
    amount.signed()
}

/// `+6.7%`, `-3.0%`, `0.0%`; `n/a` when there was nothing to compare with.
fn signed_percent(pct: Option<rust_decimal::Decimal>) -> String {
    match pct {
        None => "n/a".to_string(),
        Some(pct) => crate::money::signed_percent(pct, 1),
    }
}

fn tone_of(amount: Money) -> Option<Tone> {
    let cents = amount.cents();
    if cents.is_zero() {
        None
    } else if cents.is_sign_positive() {
        Some(Tone::Good)
    } else {
        Some(Tone::Bad)
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_every_line_within_the_width() {
        let text = format!("  ! {}", "word ".repeat(60));
        let lines = wrap(&text, "    ");
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| l.width() <= WIDTH), "{lines:?}");
        assert!(lines[0].starts_with("  ! "));
        assert!(lines[1].starts_with("    word"));
        let long = "x".repeat(250);
        assert!(wrap(&long, "").iter().all(|l| l.width() <= WIDTH));
        let wide = "李".repeat(80);
        assert!(wrap(&wide, "").iter().all(|l| l.width() <= WIDTH));
    }

    #[test]
    fn signs_show_the_direction() {
        assert_eq!(signed_money(Money::dollars(20000)), "+$20,000");
        assert_eq!(signed_money(Money::dollars(-5000)), "-$5,000");
        assert_eq!(signed_money(Money::ZERO), "$0");
        assert_eq!(signed_percent(None), "n/a");
        assert_eq!(join_words(&["a", "b", "c"]), "a, b and c");
    }
}
