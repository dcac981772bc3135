//! The terminal summary of `offerbrief analyze --format table`.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table};

use crate::analysis::{Analysis, LeverStatus, format_percent};
use crate::money::Money;

/// A readable summary within 100 columns: years, market, levers, flags, next step.
pub fn table(analysis: &Analysis) -> String {
    let offer = &analysis.offer;
    let mut out = format!(
        "{} — {} {} in {} — round {} of {}: {}\n\n",
        offer.candidate.name,
        offer.company,
        offer.level,
        offer.location,
        offer.round.number,
        offer.rounds_in_file,
        offer.round.name
    );

    let mut years = new_table(&["Year", "Base", "Sign-on", "RSU", "Bonus", "Total"]);
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
        "4-year".into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        money(analysis.four_year_total),
    ]);
    out.push_str(&years.to_string());
    out.push_str(&format!(
        "\nFour-year average {}\n\n",
        money(analysis.four_year_average)
    ));

    if let Some(market) = &analysis.market {
        let mut table = new_table(&[
            "Market",
            "Offer",
            "Low",
            "High",
            "Percentile",
            "Target",
            "Gap",
        ]);
        for (name, band) in [
            ("Base", &market.base),
            ("Equity (4 yr)", &market.equity_4yr),
            ("Sign-on", &market.signing),
            ("Year-1 total", &market.total_year_1),
        ] {
            table.add_row(vec![
                name.to_string(),
                money(band.value),
                money(band.low),
                money(band.high),
                format_percent(band.percentile.0),
                money(band.target),
                money(band.gap),
            ]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
    }

    let mut levers = new_table(&["Lever", "Offered", "Ask", "4-year gain", "Status"]);
    for lever in &analysis.levers {
        let status = match lever.status {
            LeverStatus::Ask => "ask",
            LeverStatus::NoGap => "no gap",
            LeverStatus::AtCap => "at cap",
        };
        levers.add_row(vec![
            lever.lever.label().to_string(),
            money(lever.offered),
            money(lever.ask),
            money(lever.gap_4yr),
            status.to_string(),
        ]);
    }
    out.push_str(&levers.to_string());
    out.push_str(&format!(
        "\nAll asks: +{} over four years ({}%), approved by the {}.\n",
        money(analysis.ask_increase),
        format!(
            "{:.2}",
            analysis
                .ask_increase_pct
                .0
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        ),
        analysis.approval.label()
    ));

    if !analysis.flags.is_empty() {
        out.push_str("\nFlags:\n");
        for flag in &analysis.flags {
            out.push_str(&format!("  ! {}\n", flag.message));
        }
    }
    let next = &analysis.next_step;
    let levers: Vec<&str> = next.levers.iter().map(|l| l.label()).collect();
    out.push_str(&format!("\nNext: send the {:?} draft", next.email));
    if !levers.is_empty() {
        out.push_str(&format!(" asking for the {}", levers.join(", ")));
    }
    out.push('\n');
    if let Some([low, high]) = next.expected_range {
        out.push_str(&format!(
            "Rule of thumb for the coming round: {} to {} over four years.\n",
            money(low),
            money(high)
        ));
    }
    out
}

fn new_table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(100)
        .set_header(header.to_vec());
    for index in 1..header.len() {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
}

fn money(amount: Money) -> String {
    amount.to_string()
}
