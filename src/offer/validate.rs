//! From the file as written to a checked [`Offer`]: every rule of SPEC §2, every problem
//! collected (not just the first), each located and worded with its fix.

use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_saphyr::Spanned;

use super::load::nearest;
use super::raw::*;
use super::*;
use crate::error::InputError;
use crate::money::MAX_AMOUNT;

/// The lowest annual base salary accepted: anything below is a typo (`185` for 185k). It
/// also keeps every percentage of a four-year total within what the documents can show.
pub const MIN_BASE: Money = Money(Decimal::from_parts(1000, 0, 0, false, 0));

/// Collects problems as validation walks the file.
struct Checker<'a> {
    shown: &'a str,
    /// The file's text, to quote a value as it was written.
    source: &'a str,
    /// (line, column, message): sorted by place before they are shown.
    problems: Vec<(u64, u64, String)>,
}

impl Checker<'_> {
    fn report<T>(&mut self, at: &Spanned<T>, path: &str, message: impl AsRef<str>) {
        let location = &at.referenced;
        let place = if location.line() > 0 {
            format!("{}:{}:{}", self.shown, location.line(), location.column())
        } else {
            self.shown.to_string()
        };
        self.problems.push((
            location.line(),
            location.column(),
            format!("{place}: {path}: {}", message.as_ref()),
        ));
    }

    /// A number as the file spells it (`1e30`, not the float YAML read), when the value is
    /// a plain scalar on one line; otherwise the value as read.
    fn written(&self, value: &Spanned<RawNumber>) -> String {
        let span = value.referenced.span();
        let slice = span
            .byte_offset()
            .zip(span.byte_len())
            .and_then(|(offset, len)| {
                let start = usize::try_from(offset).ok()?;
                let end = start.checked_add(usize::try_from(len).ok()?)?;
                self.source.get(start..end)
            })
            .map(str::trim)
            .filter(|slice| {
                !slice.is_empty()
                    && !slice.contains(['\n', '\r'])
                    && !slice.starts_with(['"', '\'', '*', '&', '!', '[', '{', '|', '>'])
            });
        slice.map_or_else(|| value.value.0.clone(), str::to_string)
    }

    /// A required piece of text: trimmed, not empty, and isolated when it holds
    /// right-to-left script (see [`isolate_bidi`]).
    fn text(&mut self, value: &Spanned<String>, path: &str) -> String {
        let text = value.value.trim();
        if text.is_empty() {
            self.report(
                value,
                path,
                "is empty; write a value or remove the field if it is optional",
            );
        }
        isolate_bidi(text)
    }

    /// An optional e-mail address: a plain `name@example.com`, nothing that could end the
    /// address or start another header in an e-mail draft.
    fn email(&mut self, value: &Option<Spanned<String>>, path: &str) -> Option<String> {
        let value = value.as_ref()?;
        let address = value.value.trim();
        if address.is_empty() {
            self.report(
                value,
                path,
                "is empty; write an address such as name@example.com, or remove the field",
            );
            return None;
        }
        if !is_plain_address(address) {
            self.report(
                value,
                path,
                format!(
                    "{address:?} is not a plain e-mail address; write it as name@example.com, without a display name, spaces or line breaks"
                ),
            );
            return None;
        }
        Some(address.to_string())
    }

    fn optional_text(&mut self, value: &Option<Spanned<String>>, path: &str) -> Option<String> {
        value
            .as_ref()
            .map(|value| self.text(value, path))
            .filter(|text| !text.is_empty())
    }

    /// An amount of money; `None` (after reporting) when it is not one.
    fn money(&mut self, value: &Spanned<RawNumber>, path: &str) -> Option<Money> {
        match Money::parse(&value.value.0) {
            Ok(money) => Some(money),
            Err(reason) => {
                let written = self.written(value);
                self.report(
                    value,
                    path,
                    format!("{written:?} {reason}; write it as 185000, \"185k\" or \"$185,000\""),
                );
                None
            }
        }
    }

    fn optional_money(&mut self, value: &Option<Spanned<RawNumber>>, path: &str) -> Option<Money> {
        value.as_ref().and_then(|value| self.money(value, path))
    }

    fn money_or_zero(&mut self, value: &Option<Spanned<RawNumber>>, path: &str) -> Money {
        self.optional_money(value, path).unwrap_or(Money::ZERO)
    }

    /// A plain decimal number within `range`, described by `hint` when it is not.
    fn number(
        &mut self,
        value: &Spanned<RawNumber>,
        path: &str,
        low: Decimal,
        high: Decimal,
        hint: &str,
    ) -> Option<Decimal> {
        let text = value.value.0.trim();
        match Decimal::from_str(text).or_else(|_| Decimal::from_scientific(text)) {
            Ok(number) if number >= low && number <= high => Some(number),
            Ok(_) => {
                let written = self.written(value);
                self.report(value, path, format!("{written} is out of range; {hint}"));
                None
            }
            Err(_) => {
                let written = self.written(value);
                self.report(value, path, format!("{written:?} is not a number; {hint}"));
                None
            }
        }
    }

    fn date(&mut self, value: &Option<Spanned<String>>, path: &str) -> Option<Date> {
        let value = value.as_ref()?;
        let date = Date::parse(&value.value);
        if date.is_none() {
            self.report(
                value,
                path,
                format!(
                    "{:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20",
                    value.value
                ),
            );
        }
        date
    }

    fn money_list(
        &mut self,
        values: &Option<Spanned<Vec<Spanned<RawNumber>>>>,
        path: &str,
    ) -> Vec<Money> {
        let Some(values) = values else {
            return Vec::new();
        };
        if values.value.len() > MAX_YEARS {
            self.report(
                values,
                path,
                format!(
                    "lists {} years; list at most {MAX_YEARS}, one amount per year",
                    values.value.len()
                ),
            );
            return Vec::new();
        }
        values
            .value
            .iter()
            .enumerate()
            .map(|(i, value)| {
                self.money(value, &format!("{path}[{i}]"))
                    .unwrap_or(Money::ZERO)
            })
            .collect()
    }

    /// A name from a fixed list, with the nearest one suggested.
    fn choice<'k>(
        &mut self,
        value: &Spanned<String>,
        path: &str,
        known: &[&'k str],
    ) -> Option<&'k str> {
        let text = value.value.trim();
        if let Some(found) = known.iter().find(|name| name.eq_ignore_ascii_case(text)) {
            return Some(found);
        }
        let hint = match nearest(text, known) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("write one of {}", known.join(", ")),
        };
        self.report(value, path, format!("{text:?} is not allowed here; {hint}"));
        None
    }
}

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
            .iter()
            .flatten()
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
    let rounds: Vec<Round> = raw
        .rounds
        .value
        .iter()
        .enumerate()
        .map(|(i, round)| validate_round(&mut check, round, &format!("rounds[{i}]"), stock_price))
        .collect();

    let current_job = raw.current_job.as_ref().map(|job| CurrentJob {
        base: check.money_or_zero(&job.base, "current_job.base"),
        annual_bonus: check.money_or_zero(&job.annual_bonus, "current_job.annual_bonus"),
        annual_equity: check.money_or_zero(&job.annual_equity, "current_job.annual_equity"),
        unvested_equity: check.money_or_zero(&job.unvested_equity, "current_job.unvested_equity"),
        forfeited_bonus: check.money_or_zero(&job.forfeited_bonus, "current_job.forfeited_bonus"),
    });

    let competing_offers = raw
        .competing_offers
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, offer)| validate_competing(&mut check, offer, &format!("competing_offers[{i}]")))
        .collect();

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
                if !file.is_file() {
                    let problem = if file.is_dir() {
                        "is a folder"
                    } else {
                        "does not exist"
                    };
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

    if !check.problems.is_empty() {
        check
            .problems
            .sort_by_key(|(line, column, _)| (*line, *column));
        return Err(InputError {
            problems: check
                .problems
                .into_iter()
                .map(|(_, _, problem)| problem)
                .collect(),
        });
    }
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
    })
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
        Some(paid) => match check.choice(
            paid,
            &format!("{path}.sign_on_paid"),
            &["monthly", "lump_sum"],
        ) {
            Some("lump_sum") => SignOnPaid::LumpSum,
            _ => SignOnPaid::Monthly,
        },
    };
    let (grant, shares, vesting) = validate_rsu(
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
            grant,
            shares,
            vesting,
            annual_bonus,
        },
        sign_on_paid,
        relocation: check.optional_money(&round.relocation, &format!("{path}.relocation")),
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
) -> (Money, Option<Decimal>, Vec<Decimal>) {
    let default: Vec<Decimal> = default_vesting.iter().map(|p| Decimal::from(*p)).collect();
    let Some(rsu) = rsu else {
        return (Money::ZERO, None, default);
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
                Decimal::ZERO,
                Decimal::from(1_000_000_000),
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
    (grant.0, grant.1, vesting)
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
                    Decimal::ZERO,
                    Decimal::from(100),
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
            check.choice(
                status,
                &format!("{path}.status"),
                &["expected", "verbal", "written"],
            )
        })
        .map(str::to_string);
    let stock_price = offer
        .stock_price
        .as_ref()
        .and_then(|price| check.money(price, &format!("{path}.stock_price")))
        .filter(|price| !price.is_zero());
    let (grant, shares, vesting) = validate_rsu(
        check,
        offer.rsu.as_ref(),
        &format!("{path}.rsu"),
        stock_price,
        &format!("{path}.stock_price"),
        &DEFAULT_COMPETING_VESTING,
    );
    CompetingOffer {
        company,
        level: check.optional_text(&offer.level, &format!("{path}.level")),
        status,
        package: Package {
            base: check
                .money(&offer.base, &format!("{path}.base"))
                .unwrap_or(Money::ZERO),
            sign_on: check.money_list(&offer.sign_on, &format!("{path}.sign_on")),
            grant,
            shares,
            vesting,
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
            Decimal::ONE,
            Decimal::from(99),
            "write a percentile between 1 and 99, e.g. 75",
        )
    {
        result.target_percentile = value;
    }
    result.walk_away_total = check.optional_money(&goals.walk_away_total, "goals.walk_away_total");
    if let Some(priorities) = &goals.priorities {
        for (i, lever) in priorities.value.iter().enumerate() {
            let path = format!("goals.priorities[{i}]");
            let kind = match check.choice(lever, &path, &["base", "rsu", "sign_on"]) {
                Some("base") => LeverKind::Base,
                Some("rsu") => LeverKind::Rsu,
                Some("sign_on") => LeverKind::SignOn,
                _ => continue,
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
        && let Some(value) = check.number(
            growth,
            "assumptions.stock_growth",
            Decimal::new(-9, 1),
            Decimal::ONE,
            fraction,
        )
    {
        result.stock_growth = value;
    }
    if let Some(raise) = &assumptions.base_raise
        && let Some(value) = check.number(
            raise,
            "assumptions.base_raise",
            Decimal::new(-9, 1),
            Decimal::ONE,
            fraction,
        )
    {
        result.base_raise = value;
    }
    if let Some(hours) = &assumptions.hours_per_year
        && let Some(value) = check.number(
            hours,
            "assumptions.hours_per_year",
            Decimal::ONE,
            Decimal::from(8784),
            "write the hours worked in a year, e.g. 2080",
        )
    {
        result.hours_per_year = value;
    }
    result
}

/// Whether `address` is a plain `local@domain`, with nothing that could end the address or
/// the header in an e-mail (spaces, angle brackets, commas, quotes, control characters).
pub fn is_plain_address(address: &str) -> bool {
    let mut parts = address.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && address.chars().all(|c| {
            !c.is_whitespace()
                && !c.is_control()
                && !matches!(
                    c,
                    '<' | '>' | ',' | ';' | ':' | '"' | '(' | ')' | '[' | ']' | '\\'
                )
                && !is_bidi_control(c)
        })
}

/// Letters written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko and their
/// presentation forms, and the historic scripts of the supplementary planes).
fn is_right_to_left(c: char) -> bool {
    matches!(
        c,
        '\u{0590}'..='\u{08FF}'
            | '\u{FB1D}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFC}'
            | '\u{10800}'..='\u{10FFF}'
            | '\u{1E800}'..='\u{1EFFF}'
    )
}

/// `text` with each line that holds right-to-left script or bidirectional controls put
/// between U+2068 (first strong isolate) and U+2069 (pop directional isolate), with any
/// embedding or override it leaves open closed first. Isolated, a name like `العرض الثاني`
/// cannot pull the figures a document prints after it (`· 2026-11-27`) into its own
/// direction and show them reversed. Only invisible characters are added: the text reads
/// and copies as written.
pub fn isolate_bidi(text: &str) -> String {
    if !text
        .chars()
        .any(|c| is_right_to_left(c) || is_bidi_control(c))
    {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.split_inclusive('\n') {
        let (content, end) = match line.strip_suffix('\n') {
            Some(content) => (content, "\n"),
            None => (line, ""),
        };
        if content
            .chars()
            .any(|c| is_right_to_left(c) || is_bidi_control(c))
        {
            out.push('\u{2068}');
            out.push_str(&close_bidi_controls(content));
            out.push('\u{2069}');
        } else {
            out.push_str(content);
        }
        out.push_str(end);
    }
    out
}

/// Unicode's explicit bidirectional formatting characters (embeddings, overrides and
/// isolates, with their terminators).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every explicit bidirectional embedding, override or isolate it leaves open
/// closed at the end of its line, so that a right-to-left override in a name cannot
/// reverse the figures a document prints after it. The text itself is unchanged: only
/// the invisible terminators (U+202C, U+2069) are added.
pub fn close_bidi_controls(text: &str) -> String {
    if !text.chars().any(is_bidi_control) {
        return text.to_string();
    }
    /// What is open: an embedding or override (closed by U+202C) or an isolate (U+2069).
    #[derive(Clone, Copy, PartialEq)]
    enum Open {
        Embedding,
        Isolate,
    }
    fn close(open: &mut Vec<Open>, out: &mut String) {
        while let Some(kind) = open.pop() {
            out.push(match kind {
                Open::Embedding => '\u{202C}',
                Open::Isolate => '\u{2069}',
            });
        }
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut open = Vec::new();
    for c in text.chars() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => open.push(Open::Embedding),
            '\u{2066}'..='\u{2068}' => open.push(Open::Isolate),
            '\u{202C}' if open.last() == Some(&Open::Embedding) => {
                open.pop();
            }
            '\u{2069}' if open.contains(&Open::Isolate) => {
                while let Some(kind) = open.pop() {
                    if kind == Open::Isolate {
                        break;
                    }
                }
            }
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => close(&mut open, &mut out),
            _ => {}
        }
        out.push(c);
    }
    close(&mut open, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_addresses_only() {
        assert!(is_plain_address("jordan.lee@example.com"));
        for bad in [
            "jordan",
            "a@b@c",
            "@example.com",
            "jo@",
            "Jo <jo@example.com>",
            "jo@example.com\nBcc: x@example.com",
            "jo@example.com,x@example.com",
            "jo\u{202E}@example.com",
        ] {
            assert!(!is_plain_address(bad), "{bad:?} was accepted");
        }
    }

    #[test]
    fn right_to_left_lines_are_isolated() {
        assert_eq!(isolate_bidi("Jordan Lee"), "Jordan Lee");
        assert_eq!(isolate_bidi("العرض"), "\u{2068}العرض\u{2069}");
        assert_eq!(
            isolate_bidi("a\u{202E}b\nplain\nשלום"),
            "\u{2068}a\u{202E}b\u{202C}\u{2069}\nplain\n\u{2068}שלום\u{2069}"
        );
    }

    #[test]
    fn open_bidi_controls_are_closed_at_the_end_of_each_line() {
        assert_eq!(close_bidi_controls("plain"), "plain");
        assert_eq!(close_bidi_controls("a\u{202E}b"), "a\u{202E}b\u{202C}");
        assert_eq!(
            close_bidi_controls("a\u{202E}b\u{202C}"),
            "a\u{202E}b\u{202C}"
        );
        assert_eq!(
            close_bidi_controls("\u{2067}a\u{202B}b"),
            "\u{2067}a\u{202B}b\u{202C}\u{2069}"
        );
        assert_eq!(close_bidi_controls("\u{202E}a\nb"), "\u{202E}a\u{202C}\nb");
        // A stray terminator opens nothing and is kept as written.
        assert_eq!(
            close_bidi_controls("a\u{2069}\u{202C}"),
            "a\u{2069}\u{202C}"
        );
    }
}
