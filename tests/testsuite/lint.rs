//! The draft lint (SPEC §12.9): every draft of every round of every example, case and
//! hostile file is one a candidate can send unedited. Each dollar figure is one the
//! analysis computes without the file's assumptions (a twin of the file analysed with no
//! stock growth and no raise), never an unrounded market figure; each competing figure
//! cited is above the offer's on its lever; no ISO date in prose; "a" and "an" agree
//! with the number as spoken; the greeting uses the recruiter's first name.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::Value;

use offerbrief::analysis::Analysis;
use offerbrief::render::emails::{Draft, render_drafts};
use offerbrief::render::templates::Templates;

use crate::support::{cases, examples, root};

/// `value` in whole dollars, half away from zero, as the documents print it.
fn whole(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
}

/// Every offer file the lint reads: the examples, the cases and the hostile files.
fn offer_files() -> Vec<PathBuf> {
    let mut files = examples();
    files.extend(cases());
    let hostile = root().join("tests/hostile");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&hostile)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    found.sort();
    files.extend(found);
    files
}

/// The analysis of round `round` of `offer`, and of its twin without assumptions.
fn analyses(offer: &offerbrief::offer::Offer, round: usize) -> (Analysis, Analysis) {
    let templates = Templates::builtin();
    let analysis = offerbrief::analyse_round(offer, Some(round), &templates).unwrap();
    let mut twin = offer.clone();
    twin.assumptions.stock_growth = Decimal::ZERO;
    twin.assumptions.base_raise = Decimal::ZERO;
    for other in &mut twin.competing_offers {
        other.stock_growth = None;
    }
    let twin = offerbrief::analyse_round(&twin, Some(round), &templates).unwrap();
    (analysis, twin)
}

/// Every number of `value` (whole dollars), with whether it is a market figure (a band's
/// low, high or target: quoted only rounded to the nearest $1,000).
fn numbers(value: &Value, path: &str, found: &mut Vec<(Decimal, bool)>) {
    match value {
        Value::Number(number) => {
            let last = path.rsplit('.').next().unwrap_or("");
            let market = (path.contains("market") || path.contains("evidence"))
                && matches!(last, "low" | "high" | "target" | "gap")
                || path.contains("next_level_base")
                || path.contains("next_level_total_year_1");
            let amount = whole(Decimal::from_str_exact(&number.to_string()).unwrap_or_default());
            found.push((amount, market));
        }
        Value::Array(items) => {
            for item in items {
                numbers(item, path, found);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                // Taxes and the comparison of alternatives are for the candidate alone
                // (SPEC §11): never a figure a draft may quote.
                if matches!(key.as_str(), "taxes" | "comparison") {
                    continue;
                }
                numbers(item, &format!("{path}.{key}"), found);
            }
        }
        _ => {}
    }
}

/// The dollar figures a draft may quote: every figure of the twin analysis, but market
/// figures only rounded to the nearest $1,000.
fn quotable(twin: &Analysis) -> (BTreeSet<Decimal>, BTreeSet<Decimal>) {
    let json: Value = serde_json::from_str(&twin.to_json().unwrap()).unwrap();
    let mut found = Vec::new();
    numbers(&json, "", &mut found);
    let thousand = Decimal::from(1000);
    let mut allowed = BTreeSet::new();
    let mut unrounded_market = BTreeSet::new();
    for (amount, market) in found {
        if market {
            let rounded = whole(amount / thousand) * thousand;
            allowed.insert(rounded);
            if rounded != amount {
                unrounded_market.insert(amount);
            }
        } else {
            allowed.insert(amount);
        }
    }
    (allowed, unrounded_market)
}

/// Each `$1,234` of `text`, with where it starts.
fn dollar_figures(text: &str) -> Vec<(usize, Decimal, String)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('$') {
        let digits: String = text[at + 1..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
            .collect();
        let digits = digits.trim_end_matches(['.', ',']);
        if digits.is_empty() {
            continue;
        }
        let plain: String = digits.chars().filter(|c| *c != ',').collect();
        if let Ok(amount) = plain.parse::<Decimal>() {
            found.push((at, whole(amount), format!("${digits}")));
        }
    }
    found
}

/// Whether a number, as spoken, starts with a vowel sound: eight, eleven, eighteen,
/// eighty…, eight hundred…, in the leading group of its digits.
fn spoken_with_a_vowel(number: &str) -> bool {
    let whole: String = number
        .trim_start_matches('$')
        .split('.')
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == ',')
        .collect();
    let lead = whole.split(',').next().unwrap_or("");
    lead == "8"
        || lead == "11"
        || lead == "18"
        || (lead.len() == 2 && lead.starts_with('8'))
        || (lead.len() == 3 && lead.starts_with('8'))
}

/// The sentence of `text` around byte `at`.
fn sentence_at(text: &str, at: usize) -> &str {
    let start = text[..at].rfind(['.', '\n', '?', '!']).map_or(0, |i| i + 1);
    let end = text[at..]
        .find(". ")
        .or_else(|| text[at..].find('\n'))
        .map_or(text.len(), |i| at + i);
    &text[start..end]
}

/// The problems of one draft.
fn lint_draft(
    draft: &Draft,
    analysis: &Analysis,
    allowed: &BTreeSet<Decimal>,
    unrounded_market: &BTreeSet<Decimal>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let text = format!("{}\n{}", draft.subject, draft.body);
    let name = &draft.file;

    for (at, amount, shown) in dollar_figures(&text) {
        if unrounded_market.contains(&amount) {
            problems.push(format!(
                "{name}: {shown} is an unrounded market figure: \"{}\"",
                sentence_at(&text, at).trim()
            ));
        } else if !allowed.contains(&amount) {
            problems.push(format!(
                "{name}: {shown} is not a figure of the analysis without assumptions: \"{}\"",
                sentence_at(&text, at).trim()
            ));
        }
    }

    // No figure after tax and nothing about staying reaches the recruiter (SPEC §11).
    if let Some(comparison) = &analysis.comparison {
        let after_tax: BTreeSet<Decimal> = comparison
            .alternatives
            .iter()
            .flat_map(|alternative| {
                let mut figures: Vec<Decimal> = alternative
                    .calendar_years
                    .iter()
                    .filter_map(|year| year.net.map(|net| whole(net.0)))
                    .collect();
                figures.extend(alternative.four_year_net.map(|net| whole(net.0)));
                figures.extend(alternative.vs_offer_net.map(|net| whole(net.0.0).abs()));
                figures
            })
            .collect();
        for (at, amount, shown) in dollar_figures(&text) {
            if after_tax.contains(&amount) {
                problems.push(format!(
                    "{name}: {shown} is a figure after tax: \"{}\"",
                    sentence_at(&text, at).trim()
                ));
            }
        }
        for alternative in &comparison.alternatives {
            if alternative.kind == offerbrief::analysis::model::comparison::AlternativeKind::Stay
                && !alternative.name.trim().is_empty()
                && text.contains(alternative.name.trim())
            {
                problems.push(format!(
                    "{name}: names {} (staying) in a draft",
                    alternative.name.trim()
                ));
            }
        }
        for word in ["after tax", "after-tax", "take-home", "staying"] {
            if text.to_lowercase().contains(word) {
                problems.push(format!("{name}: says {word:?} in a draft"));
            }
        }
    }

    // A competing offer is cited only for more than the offer has on that lever.
    for other in &analysis.competing {
        let company = other.company.trim();
        if company.is_empty() {
            continue;
        }
        for (at, _) in text.match_indices(company) {
            let sentence = sentence_at(&text, at);
            for (_, amount, shown) in dollar_figures(sentence) {
                let lower = sentence.to_lowercase();
                let lever = if lower.contains("base") {
                    "base"
                } else if lower.contains("grant") || lower.contains("equity") {
                    "rsu"
                } else if lower.contains("sign-on") {
                    "sign_on"
                } else {
                    continue;
                };
                let offered = analysis
                    .levers
                    .iter()
                    .find(|lever_plan| lever_plan.lever.code() == lever)
                    .map(|lever_plan| whole(lever_plan.offered.0))
                    .unwrap_or_default();
                let theirs = match lever {
                    "base" => other.base.0,
                    "rsu" => other.grant.0,
                    _ => other.sign_on_total.0,
                };
                let theirs = whole(theirs);
                if amount == theirs && theirs <= offered {
                    problems.push(format!(
                        "{name}: cites {company}'s {lever} of {shown}, not above the offer's ${offered}: \"{}\"",
                        sentence.trim()
                    ));
                }
            }
        }
    }

    // Dates in prose read "February 1, 2027".
    let bytes = text.as_bytes();
    for start in 0..bytes.len().saturating_sub(9) {
        let window = &text.as_bytes()[start..start + 10];
        let iso = window.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
        if iso {
            problems.push(format!(
                "{name}: an ISO date in prose: \"{}\"",
                sentence_at(&text, start).trim()
            ));
        }
    }

    // "a" or "an" as the number is spoken.
    let words: Vec<&str> = text.split_whitespace().collect();
    for pair in words.windows(2) {
        let (article, next) = (pair[0], pair[1]);
        let article = article.trim_start_matches(['(', '"', '“']);
        if !matches!(article, "a" | "an" | "A" | "An") {
            continue;
        }
        let figure = next.trim_start_matches(['(', '"', '“']);
        if !figure
            .trim_start_matches(['$', '+', '−', '-'])
            .starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        let wants_an = spoken_with_a_vowel(figure.trim_start_matches(['+', '−', '-']));
        let is_an = article.eq_ignore_ascii_case("an");
        if wants_an != is_an {
            problems.push(format!("{name}: \"{article} {figure}\""));
        }
    }

    // The greeting uses the recruiter's first name.
    let first_line = draft.body.lines().next().unwrap_or("");
    if first_line.starts_with("Hi ") {
        let expected = match analysis
            .offer
            .recruiter
            .as_ref()
            .and_then(|r| r.name.as_deref())
        {
            Some(name) => format!("Hi {},", first_name(name)),
            None => "Hi there,".to_string(),
        };
        if first_line != expected {
            problems.push(format!("{name}: greets {first_line:?}, not {expected:?}"));
        }
    }
    problems
}

/// The name a greeting uses: the first word of the name that is not a title.
fn first_name(name: &str) -> String {
    let titles = [
        "dr", "dr.", "mr", "mr.", "ms", "ms.", "mrs", "mrs.", "mx", "mx.", "prof", "prof.",
    ];
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect();
    words
        .iter()
        .find(|word| !titles.contains(&word.to_lowercase().as_str()))
        .or(words.first())
        .map_or(String::new(), |word| (*word).to_string())
}

/// The problems of every draft of every round of `file`.
fn lint_file(file: &Path) -> Vec<String> {
    let offer = offerbrief::offer::load(file).unwrap();
    let mut problems = Vec::new();
    // A round whose start an edited `last_day` now passes is not built (SPEC §12.7).
    for round in
        (1..=offer.rounds.len()).filter(|round| offer.round_number(Some(*round), "lint").is_ok())
    {
        let (analysis, twin) = analyses(&offer, round);
        let (allowed, unrounded_market) = quotable(&twin);
        let drafts = render_drafts(&Templates::builtin(), &analysis).unwrap();
        for draft in &drafts {
            for problem in lint_draft(draft, &analysis, &allowed, &unrounded_market) {
                problems.push(format!(
                    "{} round {round}: {problem}",
                    file.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    problems
}

#[test]
fn every_draft_of_every_file_passes_the_lint() {
    let mut problems = Vec::new();
    for file in offer_files() {
        problems.extend(lint_file(&file));
    }
    assert!(
        problems.is_empty(),
        "{} problems in the drafts:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_lint_finds_what_it_looks_for() {
    assert!(spoken_with_a_vowel("$18,000"));
    assert!(spoken_with_a_vowel("8%"));
    assert!(spoken_with_a_vowel("$80,500"));
    assert!(spoken_with_a_vowel("$800"));
    assert!(!spoken_with_a_vowel("$180,000"));
    assert!(!spoken_with_a_vowel("$1,800"));
    assert!(!spoken_with_a_vowel("$100"));
    assert_eq!(first_name("Dana Whitfield"), "Dana");
    assert_eq!(first_name("Dr. Dana Whitfield"), "Dana");
    assert_eq!(
        dollar_figures("from $1,234.50 to $5,000.")
            .iter()
            .map(|(_, amount, _)| *amount)
            .collect::<Vec<_>>(),
        [Decimal::from(1235), Decimal::from(5000)]
    );
}
