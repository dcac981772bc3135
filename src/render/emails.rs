//! The email drafts of SPEC §5, rendered from the minijinja templates under
//! `templates/emails/`, and the template environment every text renderer shares.
//!
//! Each draft template sets `subject` (`{% set subject %}…{% endset %}`) and renders the
//! body. The templates only arrange figures: every amount, percentile and date they show
//! comes from [`Analysis`], formatted by the filters registered here.

use std::str::FromStr;

use anyhow::{Context as _, Result};
use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior, context};
use rust_decimal::Decimal;

use crate::analysis::{Analysis, EmailKind, Evidence, LeverKind};
use crate::error::InputError;
use crate::money::{format_dollars, group_thousands, round_half_away};
use crate::render::Draft;
use crate::render::templates::Templates;

/// The auto-escape mode of templates whose output is GitHub markdown (the checklist):
/// printed text is escaped so that a field's text never turns into markup.
const MARKDOWN: &str = "markdown";

/// One draft offerbrief can write: its file stem (also its template name) and when.
struct DraftSpec {
    file_stem: &'static str,
    title: &'static str,
    kind: Option<EmailKind>,
    wanted: fn(&Analysis) -> bool,
}

/// Every draft in reading order; the numbering is stable whether or not the conditional
/// ones are written.
const DRAFTS: [DraftSpec; 7] = [
    DraftSpec {
        file_stem: "01-round-1-counter",
        title: "Round-1 counter",
        kind: Some(EmailKind::Round1Counter),
        wanted: always,
    },
    DraftSpec {
        file_stem: "02-round-2-follow-up",
        title: "Round-2 follow-up",
        kind: Some(EmailKind::Round2Followup),
        wanted: always,
    },
    DraftSpec {
        file_stem: "03-final-ask",
        title: "Final ask",
        kind: Some(EmailKind::FinalAsk),
        wanted: always,
    },
    DraftSpec {
        file_stem: "04-acceptance",
        title: "Acceptance",
        kind: Some(EmailKind::Acceptance),
        wanted: always,
    },
    DraftSpec {
        file_stem: "05-pre-offer-answers",
        title: "Answers to pre-offer questions",
        kind: None,
        wanted: always,
    },
    DraftSpec {
        file_stem: "06-level-review",
        title: "Level review",
        kind: None,
        wanted: level_review_requested,
    },
    DraftSpec {
        file_stem: "07-start-date-and-relocation",
        title: "Start date and relocation",
        kind: None,
        wanted: start_date_or_relocation_given,
    },
];

fn always(_: &Analysis) -> bool {
    true
}

fn level_review_requested(analysis: &Analysis) -> bool {
    analysis
        .other_levers
        .level
        .as_ref()
        .is_some_and(|level| level.review_requested)
}

fn start_date_or_relocation_given(analysis: &Analysis) -> bool {
    analysis.offer.round.start_date.is_some() || analysis.offer.round.relocation.is_some()
}

/// The template a draft is rendered from.
pub fn draft_template_name(file_stem: &str) -> String {
    format!("emails/{file_stem}.md.j2")
}

/// Render every draft that applies to `analysis`, in file order.
pub fn render_drafts(templates: &Templates, analysis: &Analysis) -> Result<Vec<Draft>> {
    let env = environment(templates)?;
    let base = analysis_context(analysis);
    let mut drafts = Vec::new();
    for spec in DRAFTS.iter().filter(|spec| (spec.wanted)(analysis)) {
        let name = draft_template_name(spec.file_stem);
        let ctx = context! {
            draft => context! { file_stem => spec.file_stem, title => spec.title },
            ..base.clone()
        };
        let (subject, body) = render_with_subject(&env, templates, &name, ctx)?;
        drafts.push(Draft {
            file_stem: spec.file_stem.to_string(),
            kind: spec.kind,
            title: spec.title.to_string(),
            subject,
            body,
            recommended: spec.kind == Some(analysis.next_step.email),
        });
    }
    Ok(drafts)
}

/// The text of `emails/<file_stem>.md`: the Subject line, a blank line, the body.
pub fn draft_markdown(draft: &Draft) -> String {
    format!("Subject: {}\n\n{}", draft.subject, draft.body)
}

/// The template environment shared by the emails and the checklist: templates loaded
/// through `templates` (so `--templates DIR` overrides a built-in by name), strict
/// undefined variables, the formatting filters, and markdown escaping for `.md.j2`
/// templates outside `emails/`.
pub fn environment(templates: &Templates) -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Debug mode makes an undefined-variable error name the expression (`offer.rol`).
    env.set_debug(true);
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .context("configuring the template syntax")?,
    );
    let store = templates.clone();
    env.set_loader(move |name| load_template(&store, name));
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".md.j2") && !name.starts_with("emails/") {
            AutoEscape::Custom(MARKDOWN.into())
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(format_value);
    env.add_filter("money", money);
    env.add_filter("signed_money", signed_money);
    env.add_filter("percent", percent);
    env.add_filter("signed_percent", signed_percent);
    env.add_filter("number", number);
    env.add_filter("ordinal", ordinal);
    env.add_filter("lever", lever_label);
    env.add_filter("lever_title", lever_title);
    env.add_filter("date", long_date);
    env.add_filter("oneline", oneline);
    Ok(env)
}

/// The analysis as template context, plus lookups that compute nothing: `approval_label`,
/// `lever_by_kind` (each lever keyed by its code, for `lever_by_kind[ask]`) and
/// `argued_asks` (the codes in `asks` whose lever has evidence to argue from: a market
/// band, a competing offer or a forfeit; a lever with none is not argued).
pub fn analysis_context(analysis: &Analysis) -> Value {
    let lever_by_kind = Value::from_pairs(
        analysis
            .levers
            .iter()
            .map(|lever| (lever.lever.code(), Value::from(Serde(lever)))),
    );
    let argued_asks: Vec<&str> = analysis
        .asks
        .iter()
        .filter(|kind| {
            analysis.levers.iter().any(|lever| {
                lever.lever == **kind
                    && lever.evidence.iter().any(|evidence| match evidence {
                        Evidence::Market { .. } => analysis.market.is_some(),
                        Evidence::Competing { .. } | Evidence::Forfeit { .. } => true,
                        Evidence::GrantCap { .. } | Evidence::BaseCap { .. } => false,
                    })
            })
        })
        .map(|kind| kind.code())
        .collect();
    context! {
        lever_by_kind => lever_by_kind,
        argued_asks => argued_asks,
        approval_label => analysis.approval.label(),
        ..Value::from(Serde(analysis))
    }
}

/// Render template `name`; a failure becomes an [`InputError`] naming the template, its
/// line and what went wrong.
pub fn render_template(
    env: &Environment<'_>,
    templates: &Templates,
    name: &str,
    ctx: Value,
) -> Result<String> {
    let template = env
        .get_template(name)
        .map_err(|err| template_error(templates, name, &err))?;
    template
        .render(ctx)
        .map_err(|err| template_error(templates, name, &err))
}

/// Render a draft template: the `subject` it sets, on one line, and its tidied body.
fn render_with_subject(
    env: &Environment<'_>,
    templates: &Templates,
    name: &str,
    ctx: Value,
) -> Result<(String, String)> {
    let template = env
        .get_template(name)
        .map_err(|err| template_error(templates, name, &err))?;
    let captured = template
        .render_captured(ctx)
        .map_err(|err| template_error(templates, name, &err))?;
    let subject = captured
        .state()
        .lookup("subject")
        .filter(|value| !value.is_undefined() && !value.is_none())
        .ok_or_else(|| {
            input_error(
                templates,
                name,
                0,
                "the template sets no subject; add `{% set subject %}…{% endset %}`",
            )
        })?;
    let subject = oneline(&subject.to_string());
    if subject.is_empty() {
        return Err(input_error(templates, name, 0, "the subject is empty"));
    }
    Ok((subject, tidy(captured.output())))
}

/// Trailing spaces off every line, at most one blank line in a row, no blank lines at
/// either end, and exactly one final newline.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() && blank_run > 0 {
            out.push('\n');
        }
        blank_run = 0;
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn load_template(store: &Templates, name: &str) -> Result<Option<String>, Error> {
    let bytes = store
        .get(name)
        .map_err(|err| Error::new(ErrorKind::InvalidOperation, format!("{err:#}")))?;
    match bytes {
        None => Ok(None),
        Some(bytes) => String::from_utf8(bytes.into_owned())
            .map(Some)
            .map_err(|_| {
                Error::new(
                    ErrorKind::InvalidOperation,
                    format!("template {name} is not UTF-8 text"),
                )
            }),
    }
}

/// A template failure as a located input error: `emails/x.md.j2:12: undefined value: …`.
fn template_error(templates: &Templates, requested: &str, err: &Error) -> anyhow::Error {
    // The innermost error with a location says where the problem is (an imported macro
    // file, say); the outer one only says which template was being rendered.
    let mut located = err;
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(err);
    while let Some(inner) = cause {
        if let Some(inner) = inner.downcast_ref::<Error>()
            && inner.name().is_some()
        {
            located = inner;
        }
        cause = inner.source();
    }
    let name = located.name().unwrap_or(requested);
    let message = match located.detail() {
        Some(detail) => format!("{}: {detail}", located.kind()),
        None => located.kind().to_string(),
    };
    input_error(templates, name, located.line().unwrap_or(0), &message)
}

fn input_error(templates: &Templates, name: &str, line: usize, message: &str) -> anyhow::Error {
    let shown = match templates.override_path(name) {
        Some(path) if path.is_file() => path.display().to_string(),
        _ => format!("templates/{name}"),
    };
    anyhow::Error::new(InputError::new(format!("{shown}:{line}: {message}")))
}

/// How a printed value is written: `none` and raw fractional numbers are refused (they
/// would put "none" or "185000.0" in a sent email), and markdown templates escape text.
fn format_value(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), Error> {
    if value.is_none() {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            "tried to print a value that is none (missing in the offer file); guard it with {% if … %}",
        ));
    }
    if matches!(value.kind(), minijinja::value::ValueKind::Number) && value.as_i64().is_none() {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            "tried to print a raw number; format it with |money, |percent or |number",
        ));
    }
    match state.auto_escape() {
        AutoEscape::Custom(mode) if mode == MARKDOWN => {
            let text = value.to_string();
            if value.is_safe() {
                out.write_str(&text).map_err(Error::from)
            } else {
                out.write_str(&escape_markdown(&text)).map_err(Error::from)
            }
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Text as literal GitHub markdown: ASCII punctuation that could start inline markup
/// (emphasis, code, links, HTML, entities, strikethrough, tables, math) or a heading gets
/// a backslash, and line breaks become spaces so the text never starts a line of its own.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in oneline(text).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '|' | '~' | '$' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Undo [`escape_markdown`]: drop a backslash before ASCII punctuation (CommonMark's rule).
pub fn unescape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(next) = chars.peek().copied()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// Text on one line: every run of whitespace and control characters becomes one space.
pub fn oneline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// A template number as an exact decimal, read from its shortest decimal text (the
/// analysis serialises money already rounded to cents).
fn decimal(value: &Value, filter: &str) -> Result<Decimal, Error> {
    if let Some(whole) = value.as_i64() {
        return Ok(Decimal::from(whole));
    }
    let not_a_number = || {
        Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "|{filter} expects a number, got {} ({})",
                value.kind(),
                shown(value)
            ),
        )
    };
    if !matches!(value.kind(), minijinja::value::ValueKind::Number) {
        return Err(not_a_number());
    }
    let float = f64::try_from(value.clone()).map_err(|_| not_a_number())?;
    Decimal::from_str(&format!("{float}")).map_err(|_| not_a_number())
}

fn shown(value: &Value) -> String {
    if value.is_undefined() {
        "undefined".into()
    } else {
        value.to_string()
    }
}

/// `$185,000`, or `$185,000.50` when there are cents.
fn money(value: Value) -> Result<Value, Error> {
    let amount = round_half_away(decimal(&value, "money")?, 2);
    Ok(Value::from_safe_string(format_dollars(amount)))
}

/// `+$12,000`, `-$4,000`, or `$0`.
fn signed_money(value: Value) -> Result<Value, Error> {
    let amount = round_half_away(decimal(&value, "signed_money")?, 2);
    let text = format_dollars(amount);
    Ok(Value::from_safe_string(if amount > Decimal::ZERO {
        format!("+{text}")
    } else {
        text
    }))
}

/// `53.4%` (one decimal by default; `|percent(2)` for two).
fn percent(value: Value, decimals: Option<u32>) -> Result<Value, Error> {
    let decimals = decimals.unwrap_or(1).min(6);
    let shown = round_half_away(decimal(&value, "percent")?, decimals);
    Ok(Value::from_safe_string(format!(
        "{}%",
        fixed(shown, decimals)
    )))
}

/// `+5.4%`, `-2.0%`, `0.0%`.
fn signed_percent(value: Value, decimals: Option<u32>) -> Result<Value, Error> {
    let decimals = decimals.unwrap_or(1).min(6);
    let shown = round_half_away(decimal(&value, "signed_percent")?, decimals);
    let sign = if shown > Decimal::ZERO { "+" } else { "" };
    Ok(Value::from_safe_string(format!(
        "{sign}{}%",
        fixed(shown, decimals)
    )))
}

/// A decimal with exactly `decimals` places and grouped thousands.
fn fixed(value: Decimal, decimals: u32) -> String {
    let mut scaled = value;
    scaled.rescale(decimals);
    let text = scaled.abs().to_string();
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole.to_string(), Some(fraction.to_string())),
        None => (text, None),
    };
    let sign = if value.is_sign_negative() && !scaled.is_zero() {
        "-"
    } else {
        ""
    };
    match fraction {
        Some(fraction) => format!("{sign}{}.{fraction}", group_thousands(&whole)),
        None => format!("{sign}{}", group_thousands(&whole)),
    }
}

/// A plain number with grouped thousands and no trailing zeros: `2,080`, `7.4`;
/// `|number(1)` rounds it to one decimal first (half away from zero).
fn number(value: Value, decimals: Option<u32>) -> Result<Value, Error> {
    let mut exact = decimal(&value, "number")?;
    if let Some(decimals) = decimals {
        exact = round_half_away(exact, decimals.min(6));
    }
    let exact = exact.normalize();
    Ok(Value::from_safe_string(fixed(exact, exact.scale())))
}

/// `75th`, `1st`, `22nd`, `12.5th`.
fn ordinal(value: Value) -> Result<Value, Error> {
    let exact = decimal(&value, "ordinal")?.normalize();
    let text = fixed(exact, exact.scale());
    let suffix = if exact.scale() > 0 {
        "th"
    } else {
        let whole = exact.abs().to_string().parse::<u64>().unwrap_or(0);
        match (whole % 10, whole % 100) {
            (_, 11..=13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        }
    };
    Ok(Value::from_safe_string(format!("{text}{suffix}")))
}

/// A lever code (`sign_on`) as prose (`sign-on bonus`).
fn lever_label(code: &str) -> Result<Value, Error> {
    LeverKind::ALL
        .into_iter()
        .find(|kind| kind.code() == code)
        .map(|kind| Value::from_safe_string(kind.label().to_string()))
        .ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidOperation,
                format!("|lever: unknown lever {code:?}"),
            )
        })
}

/// A lever code as a list heading: `RSU grant`, `Base salary`.
fn lever_title(code: &str) -> Result<Value, Error> {
    let label = lever_label(code)?.to_string();
    let mut chars = label.chars();
    let title = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => label,
    };
    Ok(Value::from_safe_string(title))
}

/// `2027-01-11` as `January 11, 2027`; anything else is shown as given.
fn long_date(text: &str) -> Value {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = text.splitn(3, '-');
    let parsed = (|| {
        let year: u32 = parts.next()?.parse().ok()?;
        let month: usize = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        let name = MONTHS.get(month.checked_sub(1)?)?;
        (1..=31)
            .contains(&day)
            .then(|| format!("{name} {day}, {year}"))
    })();
    match parsed {
        Some(long) => Value::from_safe_string(long),
        None => Value::from(text),
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    //! A hand-built analysis of the SPEC's example offer after two rounds, for tests.

    use rust_decimal::Decimal;

    use crate::analysis::*;
    use crate::money::Money;

    fn m(amount: i64) -> Money {
        Money::dollars(amount)
    }

    fn n(value: &str) -> Number {
        Number(value.parse::<Decimal>().unwrap())
    }

    fn p1(value: &str) -> Percent1 {
        Percent1(value.parse::<Decimal>().unwrap())
    }

    fn band(value: i64, low: i64, high: i64, percentile: &str, target: i64) -> BandPosition {
        BandPosition {
            value: m(value),
            low: m(low),
            high: m(high),
            percentile: p1(percentile),
            target: m(target),
            gap: m((target - value).max(0)),
        }
    }

    fn year(year: u32, base: i64, sign_on: i64, rsu: i64) -> YearRow {
        YearRow {
            year,
            base: m(base),
            sign_on: m(sign_on),
            rsu: m(rsu),
            bonus: m(0),
            total: m(base + sign_on + rsu),
        }
    }

    fn change(amount: i64, pct: Option<&str>) -> Change {
        Change {
            amount: m(amount),
            pct: pct.map(p1),
        }
    }

    /// Jordan Lee's Amazon L6 offer in Seattle, analysed at round 2, with a competing
    /// Google offer, a current job, a target level of L7, a start date and relocation.
    pub fn analysis() -> Analysis {
        let market_evidence = |low, high, target| Evidence::Market {
            low: m(low),
            high: m(high),
            target: m(target),
            target_percentile: n("75"),
        };
        Analysis {
            offer: OfferFacts {
                candidate: CandidateFacts {
                    name: "Jordan Lee".into(),
                    email: Some("jordan.lee@example.com".into()),
                    domain: Some("distributed storage".into()),
                    achievements: vec!["led the migration of a 40-node Kafka fleet".into()],
                },
                recruiter: Some(RecruiterFacts {
                    name: Some("Sam Rivera".into()),
                    email: Some("sam.rivera@example.com".into()),
                }),
                company: "Amazon".into(),
                role: Some("Senior Software Development Engineer".into()),
                level: "L6".into(),
                location: "Seattle".into(),
                currency: "USD".into(),
                stock_price: Some(Money(Decimal::new(18500, 2))),
                round: RoundFacts {
                    number: 2,
                    name: "Revised offer".into(),
                    date: Some("2026-11-25".into()),
                    base: m(195_000),
                    sign_on: vec![m(80_000), m(65_000)],
                    sign_on_total: m(145_000),
                    sign_on_paid: SignOnPaid::Monthly,
                    rsu_grant: m(400_000),
                    rsu_shares: None,
                    vesting: vec![n("5"), n("15"), n("40"), n("40")],
                    annual_bonus: m(0),
                    relocation: Some(m(15_000)),
                    start_date: Some("2027-01-11".into()),
                    reply_after: Some("2026-11-27".into()),
                },
                rounds_in_file: 2,
                goals: GoalFacts {
                    target_percentile: n("75"),
                    walk_away_total: Some(m(280_000)),
                    target_level: Some("L7".into()),
                    decision_deadline: Some("2026-12-05".into()),
                    priorities: vec![],
                },
                current_job: Some(CurrentJobFacts {
                    base: m(175_000),
                    annual_bonus: m(15_000),
                    annual_equity: m(60_000),
                    unvested_equity: m(140_000),
                    forfeited_bonus: m(15_000),
                    annual_total: m(250_000),
                    forfeit_total: m(155_000),
                }),
                assumptions: AssumptionFacts {
                    stock_growth: n("0"),
                    base_raise: n("0"),
                    hours_per_year: n("2080"),
                },
            },
            years: vec![
                year(1, 195_000, 80_000, 20_000),
                year(2, 195_000, 65_000, 60_000),
                year(3, 195_000, 0, 160_000),
                year(4, 195_000, 0, 160_000),
            ],
            four_year_total: m(1_325_000),
            four_year_average: m(331_250),
            market: Some(MarketPosition {
                base: band(195_000, 180_000, 220_000, "60.2", 210_529),
                equity_4yr: band(400_000, 300_000, 500_000, "50", 452_640),
                signing: band(145_000, 100_000, 200_000, "52.8", 176_320),
                total_year_1: band(295_000, 230_000, 320_000, "79.1", 292_686),
                base_cap: Some(m(220_000)),
                band_level: "L6".into(),
                band_location: "Seattle".into(),
            }),
            market_percentile: Some(p1("79.1")),
            levers: vec![
                Lever {
                    lever: LeverKind::Rsu,
                    offered: m(400_000),
                    ask: m(453_000),
                    gap_4yr: m(53_000),
                    status: LeverStatus::Ask,
                    target: m(452_640),
                    evidence: vec![market_evidence(300_000, 500_000, 452_640)],
                    ask_by_year: None,
                    offered_by_year: None,
                },
                Lever {
                    lever: LeverKind::SignOn,
                    offered: m(145_000),
                    ask: m(176_000),
                    gap_4yr: m(31_000),
                    status: LeverStatus::Ask,
                    target: m(176_320),
                    evidence: vec![
                        market_evidence(100_000, 200_000, 176_320),
                        Evidence::Forfeit {
                            unvested_equity: m(140_000),
                            forfeited_bonus: m(15_000),
                            total: m(155_000),
                        },
                    ],
                    ask_by_year: Some(vec![m(97_000), m(79_000)]),
                    offered_by_year: Some(vec![m(80_000), m(65_000)]),
                },
                Lever {
                    lever: LeverKind::Base,
                    offered: m(195_000),
                    ask: m(211_000),
                    gap_4yr: m(64_000),
                    status: LeverStatus::Ask,
                    target: m(211_000),
                    evidence: vec![
                        market_evidence(180_000, 220_000, 210_529),
                        Evidence::Competing {
                            company: "Google".into(),
                            amount: m(205_000),
                        },
                    ],
                    ask_by_year: None,
                    offered_by_year: None,
                },
            ],
            asks: vec![LeverKind::Base, LeverKind::Rsu, LeverKind::SignOn],
            proposed: Proposed {
                base: m(211_000),
                sign_on: vec![m(97_000), m(79_000)],
                sign_on_total: m(176_000),
                rsu_grant: m(453_000),
                years: vec![
                    year(1, 211_000, 97_000, 22_650),
                    year(2, 211_000, 79_000, 67_950),
                    year(3, 211_000, 0, 181_200),
                    year(4, 211_000, 0, 181_200),
                ],
                four_year_total: m(1_473_000),
            },
            ask_increase: m(148_000),
            ask_increase_pct: Percent2("11.17".parse().unwrap()),
            approval: Approval::HiringManager,
            flags: vec![],
            rounds: vec![
                RoundSummary {
                    number: 1,
                    name: "Initial offer".into(),
                    date: Some("2026-11-20".into()),
                    base: m(185_000),
                    sign_on_total: m(135_000),
                    grant: m(360_000),
                    year_1_total: m(278_000),
                    four_year_total: m(1_235_000),
                    change_from_previous: None,
                    change_from_first: None,
                },
                RoundSummary {
                    number: 2,
                    name: "Revised offer".into(),
                    date: Some("2026-11-25".into()),
                    base: m(195_000),
                    sign_on_total: m(145_000),
                    grant: m(400_000),
                    year_1_total: m(295_000),
                    four_year_total: m(1_325_000),
                    change_from_previous: Some(RoundChange {
                        base: change(10_000, Some("5.4")),
                        sign_on_total: change(10_000, Some("7.4")),
                        grant: change(40_000, Some("11.1")),
                        four_year_total: change(90_000, Some("7.3")),
                    }),
                    change_from_first: Some(RoundChange {
                        base: change(10_000, Some("5.4")),
                        sign_on_total: change(10_000, Some("7.4")),
                        grant: change(40_000, Some("11.1")),
                        four_year_total: change(90_000, Some("7.3")),
                    }),
                },
            ],
            improvement: Improvement {
                amount: m(90_000),
                pct: p1("7.3"),
                typical_low_pct: 15,
                typical_high_pct: 35,
            },
            competing: vec![CompetingSummary {
                company: "Google".into(),
                level: Some("L5".into()),
                status: Some("verbal".into()),
                base: m(205_000),
                sign_on_total: m(50_000),
                grant: m(380_000),
                annual_bonus: m(30_000),
                years: vec![],
                four_year_total: m(1_370_000),
                four_year_average: m(342_500),
                difference: m(45_000),
            }],
            scenarios: Scenarios {
                down_30: m(1_205_000),
                flat: m(1_325_000),
                up_15_per_year: m(1_420_000),
            },
            hourly: Hourly {
                year_1: Money("141.83".parse().unwrap()),
                four_year_average: Money("159.25".parse().unwrap()),
                hours_per_year: n("2080"),
            },
            walk_away: WalkAway {
                walk_away_total: Some(m(280_000)),
                vs_walk_away: Some(m(15_000)),
                current_job_total: Some(m(250_000)),
                best_alternative: Some(m(342_500)),
                best_alternative_source: Some("Google".into()),
                vs_best_alternative: Some(m(-11_250)),
            },
            next_step: NextStep {
                round: 2,
                email: EmailKind::Round2Followup,
                levers: vec![LeverKind::Base],
                expected_range: Some([m(1_391_250), m(1_457_500)]),
                expected_range_pct: Some([5, 10]),
            },
            other_levers: OtherLevers {
                level: Some(LevelLever {
                    current_level: "L6".into(),
                    next_level: Some("L7".into()),
                    target_level: Some("L7".into()),
                    review_requested: true,
                    next_level_percentiles: Some(NextLevelPercentiles {
                        base: p1("1"),
                        equity_4yr: p1("1"),
                        signing: p1("1"),
                        total_year_1: p1("5.2"),
                    }),
                    next_level_base: Some([m(250_000), m(350_000)]),
                    next_level_total_year_1: Some([m(350_000), m(550_000)]),
                    talking_point: "Ask to reassess the level.".into(),
                }),
                start_date: Some(StartDateLever {
                    start_date: "2027-01-11".into(),
                    round_date: Some("2026-11-25".into()),
                    weeks: Some(Percent1(Decimal::new(67, 1))),
                    leverage: Some(Leverage::Strong),
                    talking_point: "Six weeks or more is strong leverage.".into(),
                }),
                relocation: RelocationLever {
                    offered: Some(m(15_000)),
                    typical_low: m(10_000),
                    typical_high: m(50_000),
                    items: vec![
                        "Moving costs".into(),
                        "Temporary housing".into(),
                        "House hunting trips".into(),
                        "Lease breaking fees".into(),
                        "Tax gross-up".into(),
                        "Spousal job support".into(),
                    ],
                    talking_point: "Relocation is negotiable.".into(),
                },
                flexibility: FlexibilityLever {
                    options: vec![
                        "3 days office".into(),
                        "2 days office".into(),
                        "1 week per month".into(),
                    ],
                    talking_point: "Ask for a hybrid schedule.".into(),
                },
                performance_bonus: Some(PerformanceBonusLever {
                    talking_point: "Ask for guaranteed RSU refreshers.".into(),
                }),
            },
            warnings: vec![],
        }
    }

    /// The same offer at round 1, with none of the optional people or goals.
    pub fn sparse_round_one() -> Analysis {
        let mut analysis = analysis();
        analysis.offer.candidate.email = None;
        analysis.offer.candidate.domain = None;
        analysis.offer.candidate.achievements = vec![];
        analysis.offer.recruiter = None;
        analysis.offer.role = None;
        analysis.offer.round.number = 1;
        analysis.offer.round.name = "Initial offer".into();
        analysis.offer.round.date = None;
        analysis.offer.round.reply_after = None;
        analysis.offer.round.sign_on_paid = SignOnPaid::LumpSum;
        analysis.offer.round.relocation = None;
        analysis.offer.round.start_date = None;
        analysis.offer.rounds_in_file = 1;
        analysis.offer.goals.walk_away_total = None;
        analysis.offer.goals.target_level = None;
        analysis.offer.goals.decision_deadline = None;
        analysis.offer.current_job = None;
        analysis.rounds.truncate(1);
        analysis.competing = vec![];
        analysis.walk_away = WalkAway {
            walk_away_total: None,
            vs_walk_away: None,
            current_job_total: None,
            best_alternative: None,
            best_alternative_source: None,
            vs_best_alternative: None,
        };
        for lever in &mut analysis.levers {
            lever
                .evidence
                .retain(|evidence| matches!(evidence, Evidence::Market { .. }));
        }
        analysis.next_step.round = 1;
        analysis.next_step.email = EmailKind::Round1Counter;
        analysis.next_step.levers = analysis.asks.clone();
        if let Some(level) = analysis.other_levers.level.as_mut() {
            level.target_level = None;
            level.review_requested = false;
        }
        analysis.other_levers.start_date = None;
        analysis.other_levers.relocation.offered = None;
        analysis
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(source: &str, ctx: Value) -> Result<String> {
        let dir = tempdir();
        std::fs::create_dir_all(dir.join("emails")).unwrap();
        std::fs::write(dir.join("emails/t.md.j2"), source).unwrap();
        let templates = Templates::with_overrides(Some(&dir));
        let env = environment(&templates).unwrap();
        render_template(&env, &templates, "emails/t.md.j2", ctx)
    }

    fn tempdir() -> std::path::PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "offerbrief-emails-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn money_filters_format_exact_amounts() {
        let ctx = context! { a => 185000.0, b => 182474.8, c => 12000, d => -4000.0, z => 0.0 };
        let out = render(
            "{{ a|money }} {{ b|money }} {{ c|signed_money }} {{ d|signed_money }} {{ z|signed_money }}",
            ctx,
        )
        .unwrap();
        assert_eq!(out, "$185,000 $182,474.80 +$12,000 -$4,000 $0");
    }

    #[test]
    fn percent_number_ordinal_and_date_filters() {
        let ctx = context! { p => 53.4, q => 60.0, r => 11.17, w => 2080, x => 6.7, y => 7.428571, t => 75, s => "2027-01-11" };
        let out = render(
            "{{ p|percent }} {{ q|percent }} {{ r|percent(2) }} {{ x|signed_percent }} {{ w|number }} {{ x|number }} {{ y|number(1) }} {{ t|ordinal }} {{ s|date }}",
            ctx,
        )
        .unwrap();
        assert_eq!(
            out,
            "53.4% 60.0% 11.17% +6.7% 2,080 6.7 7.4 75th January 11, 2027"
        );
    }

    #[test]
    fn undefined_variable_names_template_line_and_variable() {
        let err = render(
            "Hello\n{{ offer.rol }}\n",
            context! { offer => context! { role => "x" } },
        )
        .unwrap_err();
        assert!(crate::error::is_input_error(&err));
        let message = err.to_string();
        assert!(message.contains("emails/t.md.j2:2:"), "{message}");
        assert!(message.contains("offer.rol"), "{message}");
    }

    #[test]
    fn printing_none_or_a_raw_float_is_an_error() {
        let err = render("Hi {{ name }}", context! { name => Value::from(()) }).unwrap_err();
        assert!(err.to_string().contains(":1: "), "{err}");
        assert!(err.to_string().contains("none"), "{err}");
        let err = render("{{ a }}", context! { a => 1.5 }).unwrap_err();
        assert!(err.to_string().contains("|money"), "{err}");
    }

    #[test]
    fn markdown_escaping_round_trips() {
        let text = "[x](y) *b* #1 $5 \\ <a>";
        assert_eq!(unescape_markdown(&escape_markdown(text)), text);
        assert_eq!(escape_markdown("a\nb"), "a b");
    }

    #[test]
    fn tidy_collapses_blank_lines_and_ends_with_one_newline() {
        assert_eq!(tidy("\n\na  \n\n\n\nb\n\n"), "a\n\nb\n");
    }

    #[test]
    fn drafts_are_numbered_and_the_next_step_is_recommended() {
        let drafts = render_drafts(&Templates::builtin(), &fixture::analysis()).unwrap();
        let stems: Vec<_> = drafts.iter().map(|d| d.file_stem.as_str()).collect();
        assert_eq!(
            stems,
            [
                "01-round-1-counter",
                "02-round-2-follow-up",
                "03-final-ask",
                "04-acceptance",
                "05-pre-offer-answers",
                "06-level-review",
                "07-start-date-and-relocation"
            ]
        );
        let recommended: Vec<_> = drafts
            .iter()
            .filter(|d| d.recommended)
            .map(|d| d.file_stem.as_str())
            .collect();
        assert_eq!(recommended, ["02-round-2-follow-up"]);
        for draft in &drafts {
            assert!(!draft.subject.is_empty() && !draft.subject.contains('\n'));
            assert!(draft.body.ends_with('\n') && !draft.body.ends_with("\n\n"));
            assert!(
                !draft.body.contains("none"),
                "{}:\n{}",
                draft.file_stem,
                draft.body
            );
            assert!(
                !draft.body.contains('['),
                "{}: placeholder left:\n{}",
                draft.file_stem,
                draft.body
            );
        }
    }

    #[test]
    fn conditional_drafts_are_left_out_when_the_file_gives_nothing_for_them() {
        let drafts = render_drafts(&Templates::builtin(), &fixture::sparse_round_one()).unwrap();
        let stems: Vec<_> = drafts.iter().map(|d| d.file_stem.as_str()).collect();
        assert_eq!(
            stems,
            [
                "01-round-1-counter",
                "02-round-2-follow-up",
                "03-final-ask",
                "04-acceptance",
                "05-pre-offer-answers"
            ]
        );
        assert!(drafts[0].recommended);
        assert!(
            drafts[0].body.starts_with("Hi there,"),
            "{}",
            drafts[0].body
        );
    }

    #[test]
    fn without_a_market_band_only_levers_with_other_evidence_are_argued() {
        let mut analysis = fixture::analysis();
        analysis.market = None;
        analysis.market_percentile = None;
        let drafts = render_drafts(&Templates::builtin(), &analysis).unwrap();
        let counter = &drafts[0].body;
        assert!(!counter.contains("Market data"), "{counter}");
        assert!(
            counter.contains("1. Base salary:") && counter.contains("Google"),
            "{counter}"
        );
        assert!(
            counter.contains("2. Sign-on bonus:") && counter.contains("$155,000 in all"),
            "{counter}"
        );
        assert!(
            !counter.contains("RSU grant:"),
            "an RSU ask with no evidence is argued:\n{counter}"
        );
        let answers = &drafts[4].body;
        assert!(
            answers.contains("range budgeted for this role"),
            "{answers}"
        );
        let checklist =
            crate::render::checklist::render_checklist(&Templates::builtin(), &analysis).unwrap();
        assert!(
            checklist
                .markdown
                .contains("- [ ] Research market rates for L6 in Seattle")
        );
    }

    #[test]
    fn an_offer_without_sign_on_or_grant_says_so() {
        let mut analysis = fixture::analysis();
        analysis.offer.round.sign_on = vec![];
        analysis.offer.round.sign_on_total = crate::money::Money::ZERO;
        analysis.offer.round.rsu_grant = crate::money::Money::ZERO;
        analysis.offer.recruiter.as_mut().unwrap().email = None;
        for lever in &mut analysis.levers {
            if lever.lever != LeverKind::Base {
                lever.offered = crate::money::Money::ZERO;
                lever.offered_by_year = Some(vec![]);
            }
        }
        let drafts = render_drafts(&Templates::builtin(), &analysis).unwrap();
        let counter = &drafts[0].body;
        assert!(counter.starts_with("Hi Sam Rivera,"));
        assert!(
            counter.contains("The offer does not include an RSU grant."),
            "{counter}"
        );
        assert!(
            counter.contains("The offer does not include a sign-on bonus."),
            "{counter}"
        );
        let acceptance = &drafts[3].body;
        assert!(acceptance.contains("- Sign-on bonus: none"), "{acceptance}");
        assert!(!acceptance.contains("RSU grant:"), "{acceptance}");
    }

    #[test]
    fn an_override_replaces_a_builtin_template_by_name() {
        let dir = tempdir();
        std::fs::create_dir_all(dir.join("emails")).unwrap();
        std::fs::write(
            dir.join("emails/03-final-ask.md.j2"),
            "{% set subject %}Final: {{ offer.company }}{% endset %}Base {{ offer.round.base|money }}\n",
        )
        .unwrap();
        let drafts =
            render_drafts(&Templates::with_overrides(Some(&dir)), &fixture::analysis()).unwrap();
        let final_ask = drafts
            .iter()
            .find(|d| d.file_stem == "03-final-ask")
            .unwrap();
        assert_eq!(final_ask.subject, "Final: Amazon");
        assert_eq!(final_ask.body, "Base $195,000\n");
        assert_eq!(
            draft_markdown(final_ask),
            "Subject: Final: Amazon\n\nBase $195,000\n"
        );
    }

    #[test]
    fn a_template_error_in_an_override_names_the_override_file() {
        let dir = tempdir();
        std::fs::create_dir_all(dir.join("emails")).unwrap();
        let path = dir.join("emails/04-acceptance.md.j2");
        std::fs::write(
            &path,
            "{% set subject %}x{% endset %}\n\n{{ offer.recruiter.nmae }}\n",
        )
        .unwrap();
        let err = render_drafts(&Templates::with_overrides(Some(&dir)), &fixture::analysis())
            .unwrap_err();
        assert!(crate::error::is_input_error(&err));
        let message = err.to_string();
        assert!(
            message.starts_with(&format!("{}:3: ", path.display())),
            "{message}"
        );
        assert!(message.contains("nmae"), "{message}");
    }

    /// Every round of every example in `inputs/`, analysed by the real pipeline.
    fn example_analyses() -> Vec<Analysis> {
        let mut analyses = Vec::new();
        let mut paths: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/inputs"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
            .filter(|path| path.file_name().is_some_and(|name| name != "market.yaml"))
            .collect();
        paths.sort();
        for path in paths {
            let offer = crate::offer::load(&path).unwrap();
            for round in 1..=offer.rounds.len() {
                analyses.push(crate::analyse_round(&offer, Some(round)).unwrap());
            }
        }
        analyses
    }

    #[test]
    fn every_example_round_renders_without_placeholders() {
        for analysis in example_analyses() {
            let drafts = render_drafts(&Templates::builtin(), &analysis).unwrap();
            let recommended = drafts.iter().filter(|d| d.recommended).count();
            assert_eq!(recommended, 1, "{}", analysis.offer.round.name);
            for draft in &drafts {
                for bad in ["none", "[", "{{", "  "] {
                    assert!(
                        !draft.body.contains(bad),
                        "{bad:?} in {}:\n{}",
                        draft.file_stem,
                        draft.body
                    );
                }
            }
            crate::render::checklist::render_checklist(&Templates::builtin(), &analysis).unwrap();
        }
    }

    /// `cargo test --lib print_samples -- --ignored --nocapture` shows every output.
    #[test]
    #[ignore]
    fn print_samples() {
        let mut analyses = vec![fixture::analysis(), fixture::sparse_round_one()];
        analyses.extend(example_analyses());
        for analysis in analyses {
            println!(
                "##### {} round {}",
                analysis.offer.company, analysis.offer.round.number
            );
            for draft in render_drafts(&Templates::builtin(), &analysis).unwrap() {
                println!("=== {} ===\n{}", draft.file_stem, draft_markdown(&draft));
            }
            let checklist =
                crate::render::checklist::render_checklist(&Templates::builtin(), &analysis)
                    .unwrap();
            println!("=== checklist ===\n{}", checklist.markdown);
        }
    }

    #[test]
    fn user_text_is_never_template_code() {
        let mut analysis = fixture::analysis();
        analysis.offer.candidate.name = "{{ 7*7 }} {% if true %}x{% endif %}".into();
        let drafts = render_drafts(&Templates::builtin(), &analysis).unwrap();
        assert!(
            drafts[0]
                .body
                .contains("{{ 7*7 }} {% if true %}x{% endif %}")
        );
    }
}
