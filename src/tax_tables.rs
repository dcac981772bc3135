//! Tax tables (SPEC §8): the federal brackets, standard deductions, payroll taxes and
//! supplemental withholding rates of each calendar year, read from a data file like the
//! market file, built in from `inputs/tax-tables.yaml` and overridable with
//! `tax: { tables: PATH }`.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::InputError;
use crate::money::{MAX_AMOUNT, Money};
use crate::vocab::Filing;
use crate::yaml;

/// The built-in tables, embedded from `inputs/tax-tables.yaml`.
pub const BUILTIN_TAX_TABLES: &str = include_str!("../inputs/tax-tables.yaml");

/// How the built-in file is named in messages.
/// How messages name a tax-table file.
const TAX_TABLE_FILE: yaml::FileKind = yaml::FileKind {
    a: "a tax-table file",
    instead: "point `tax.tables` at a tax-table .yaml file like inputs/tax-tables.yaml",
};

const BUILTIN_SHOWN: &str = "built-in tax tables (inputs/tax-tables.yaml)";

/// The tax years a table may be for: anything else is a typo.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i64> = 1900..=2200;

/// One figure per filing status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByFiling<T> {
    pub single: T,
    pub married_joint: T,
}

impl<T> ByFiling<T> {
    /// The figure for `filing`.
    pub fn get(&self, filing: Filing) -> &T {
        match filing {
            Filing::Single => &self.single,
            Filing::MarriedJoint => &self.married_joint,
        }
    }
}

/// One band of the federal brackets: income up to `up_to` (everything above the band
/// before, for the last band with no `up_to`) is taxed at `rate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bracket {
    pub up_to: Option<Money>,
    pub rate: Decimal,
}

/// One calendar year's tables, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxTable {
    /// The calendar year the figures are for.
    pub year: i32,
    /// Where the figures come from.
    pub source: String,
    /// The federal brackets, lowest band first; only the last has no `up_to`.
    pub brackets: ByFiling<Vec<Bracket>>,
    pub standard_deduction: ByFiling<Money>,
    pub social_security_rate: Decimal,
    /// Wages above this pay no Social Security tax.
    pub social_security_wage_base: Money,
    pub medicare_rate: Decimal,
    pub additional_medicare_rate: Decimal,
    /// Wages and other income above this owe the additional Medicare tax.
    pub additional_medicare_threshold: ByFiling<Money>,
    /// An employer withholds the additional Medicare tax on wages above this.
    pub additional_medicare_withholding_threshold: Money,
    pub supplemental_rate: Decimal,
    /// A calendar year's supplemental wages above this are withheld at
    /// `supplemental_rate_above`.
    pub supplemental_threshold: Money,
    pub supplemental_rate_above: Decimal,
}

impl TaxTable {
    /// Federal income tax on `taxable` income (nothing on a negative amount).
    pub fn income_tax(&self, filing: Filing, taxable: Money) -> Money {
        let mut tax = Money::ZERO;
        let mut floor = Money::ZERO;
        for bracket in self.brackets.get(filing) {
            if taxable <= floor {
                break;
            }
            let top = bracket.up_to.map_or(taxable, |up_to| up_to.min(taxable));
            tax = tax + (top - floor) * bracket.rate;
            floor = top;
        }
        tax
    }

    /// Federal withholding on a calendar year's `supplemental` wages at the flat rates.
    pub fn supplemental_withholding(&self, supplemental: Money) -> Money {
        let below = supplemental.min(self.supplemental_threshold);
        let above = (supplemental - self.supplemental_threshold).max(Money::ZERO);
        below * self.supplemental_rate + above * self.supplemental_rate_above
    }
}

/// Every table of a tax-table file, checked, in year order; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxTables {
    tables: Vec<TaxTable>,
}

impl TaxTables {
    /// The tables a `tax:` block asks for: its `tables` file, else the built-in ones.
    pub fn for_choice(file: Option<&std::path::Path>) -> Result<TaxTables, InputError> {
        let Some(path) = file else {
            return TaxTables::builtin();
        };
        let shown = path.display().to_string();
        let text = yaml::read(path, &shown, &TAX_TABLE_FILE)?;
        TaxTables::parse(&text, &shown)
    }

    /// The built-in tables, read once per process.
    pub fn builtin() -> Result<TaxTables, InputError> {
        static BUILTIN: std::sync::LazyLock<Result<TaxTables, InputError>> =
            std::sync::LazyLock::new(|| TaxTables::parse(BUILTIN_TAX_TABLES, BUILTIN_SHOWN));
        BUILTIN.clone()
    }

    /// Parse and check tax-table text; `shown` names the file in messages. Every problem
    /// is reported, each as `file:line:column: field.path: what is wrong; how to fix`.
    pub fn parse(text: &str, shown: &str) -> Result<TaxTables, InputError> {
        let raw: RawFile = yaml::parse(text, shown).map_err(|error| InputError {
            problems: error
                .problems
                .into_iter()
                .map(|problem| {
                    format!("{problem} (in a tax-table file; see the built-in inputs/tax-tables.yaml for the format)")
                })
                .collect(),
        })?;
        let mut checker = Checker {
            shown,
            problems: Vec::new(),
        };
        let tables = checker.tables(&raw.tables);
        if checker.problems.is_empty() {
            Ok(TaxTables { tables })
        } else {
            checker
                .problems
                .sort_by_key(|(line, column, _)| (*line, *column));
            Err(InputError {
                problems: checker
                    .problems
                    .into_iter()
                    .map(|(_, _, problem)| problem)
                    .collect(),
            })
        }
    }

    /// The table for calendar `year`: its own, else the latest earlier one, else (a year
    /// before the first table) the first.
    pub fn for_year(&self, year: i32) -> Option<&TaxTable> {
        self.tables
            .iter()
            .rev()
            .find(|table| table.year <= year)
            .or_else(|| self.tables.first())
    }

    /// Every table, in year order.
    pub fn tables(&self) -> &[TaxTable] {
        &self.tables
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    tables: Spanned<Vec<RawTable>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    year: Spanned<RawNumber>,
    source: Spanned<String>,
    brackets: RawByFiling<Spanned<Vec<Spanned<RawBracket>>>>,
    standard_deduction: RawByFiling<Spanned<RawNumber>>,
    social_security: RawSocialSecurity,
    medicare: RawMedicare,
    supplemental: RawSupplemental,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawByFiling<T> {
    single: T,
    married_joint: T,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBracket {
    up_to: Option<Spanned<RawNumber>>,
    rate: Spanned<RawNumber>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSocialSecurity {
    rate: Spanned<RawNumber>,
    wage_base: Spanned<RawNumber>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMedicare {
    rate: Spanned<RawNumber>,
    additional_rate: Spanned<RawNumber>,
    additional_threshold: RawByFiling<Spanned<RawNumber>>,
    additional_withholding_threshold: Spanned<RawNumber>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSupplemental {
    rate: Spanned<RawNumber>,
    threshold: Spanned<RawNumber>,
    rate_above: Spanned<RawNumber>,
}

/// A number as the file holds it, or the text that is not one: checked with its place
/// (a plain `Decimal` would fail the whole parse with serde's wording).
#[derive(Debug)]
struct RawNumber(Result<Decimal, String>);

impl<'de> Deserialize<'de> for RawNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<RawNumber, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = RawNumber;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("a number")
            }

            fn visit_i64<E>(self, value: i64) -> Result<RawNumber, E> {
                Ok(RawNumber(Ok(Decimal::from(value))))
            }

            fn visit_u64<E>(self, value: u64) -> Result<RawNumber, E> {
                Ok(RawNumber(Ok(Decimal::from(value))))
            }

            fn visit_f64<E>(self, value: f64) -> Result<RawNumber, E> {
                // The shortest text that reads back as `value`: 0.0145, not its binary
                // expansion.
                let text = value.to_string();
                Ok(RawNumber(Decimal::from_str(&text).map_err(|_| text)))
            }

            fn visit_str<E>(self, value: &str) -> Result<RawNumber, E> {
                Ok(RawNumber(Err(value.to_string())))
            }

            fn visit_bool<E>(self, value: bool) -> Result<RawNumber, E> {
                Ok(RawNumber(Err(value.to_string())))
            }

            fn visit_unit<E>(self) -> Result<RawNumber, E> {
                Ok(RawNumber(Err(String::new())))
            }

            fn visit_none<E>(self) -> Result<RawNumber, E> {
                Ok(RawNumber(Err(String::new())))
            }
        }

        deserializer.deserialize_any(Visitor)
    }
}

/// Collects problems as the check walks the file.
struct Checker<'a> {
    shown: &'a str,
    /// (line, column, message): sorted by place before they are shown.
    problems: Vec<(u64, u64, String)>,
}

impl Checker<'_> {
    fn report<T>(&mut self, at: &Spanned<T>, path: &str, message: impl AsRef<str>) {
        self.problems
            .push(crate::yaml::located(self.shown, at, path, message.as_ref()));
    }

    fn tables(&mut self, raw: &Spanned<Vec<RawTable>>) -> Vec<TaxTable> {
        if raw.value.is_empty() {
            self.report(
                raw,
                "tables",
                "holds no table; add one per calendar year, as in the built-in inputs/tax-tables.yaml",
            );
        }
        let mut tables: Vec<TaxTable> = Vec::new();
        let mut seen: Vec<(Decimal, usize)> = Vec::new();
        for (index, table) in raw.value.iter().enumerate() {
            let path = format!("tables[{index}]");
            if let Ok(year) = &table.year.value.0 {
                if let Some((_, first)) = seen.iter().find(|(seen, _)| seen == year) {
                    self.report(
                        &table.year,
                        &format!("{path}.year"),
                        format!("tables[{first}] is already for {year}; keep one table per year"),
                    );
                }
                seen.push((*year, index));
            }
            if let Some(table) = self.table(table, &path) {
                tables.push(table);
            }
        }
        tables.sort_by_key(|table| table.year);
        tables
    }

    fn table(&mut self, raw: &RawTable, path: &str) -> Option<TaxTable> {
        let year = self.year(&raw.year, &format!("{path}.year"));
        if raw.source.value.trim().is_empty() {
            self.report(
                &raw.source,
                &format!("{path}.source"),
                "is empty; say where the figures come from (e.g. IRS Rev. Proc. 2025-32)",
            );
        }
        let brackets = ByFiling {
            single: self.brackets(&raw.brackets.single, &format!("{path}.brackets.single")),
            married_joint: self.brackets(
                &raw.brackets.married_joint,
                &format!("{path}.brackets.married_joint"),
            ),
        };
        let standard_deduction = self.by_filing(
            &raw.standard_deduction,
            &format!("{path}.standard_deduction"),
        );
        let social = &raw.social_security;
        let social_path = format!("{path}.social_security");
        let social_security_rate = self.rate(&social.rate, &format!("{social_path}.rate"));
        let social_security_wage_base =
            self.amount(&social.wage_base, &format!("{social_path}.wage_base"));
        let medicare = &raw.medicare;
        let medicare_path = format!("{path}.medicare");
        let medicare_rate = self.rate(&medicare.rate, &format!("{medicare_path}.rate"));
        let additional_medicare_rate = self.rate(
            &medicare.additional_rate,
            &format!("{medicare_path}.additional_rate"),
        );
        let additional_medicare_threshold = self.by_filing(
            &medicare.additional_threshold,
            &format!("{medicare_path}.additional_threshold"),
        );
        let additional_medicare_withholding_threshold = self.amount(
            &medicare.additional_withholding_threshold,
            &format!("{medicare_path}.additional_withholding_threshold"),
        );
        let supplemental = &raw.supplemental;
        let supplemental_path = format!("{path}.supplemental");
        let supplemental_rate = self.rate(&supplemental.rate, &format!("{supplemental_path}.rate"));
        let supplemental_threshold = self.amount(
            &supplemental.threshold,
            &format!("{supplemental_path}.threshold"),
        );
        let supplemental_rate_above = self.rate(
            &supplemental.rate_above,
            &format!("{supplemental_path}.rate_above"),
        );
        Some(TaxTable {
            year: year?,
            source: raw.source.value.trim().to_string(),
            brackets: ByFiling {
                single: brackets.single?,
                married_joint: brackets.married_joint?,
            },
            standard_deduction: ByFiling {
                single: standard_deduction.single?,
                married_joint: standard_deduction.married_joint?,
            },
            social_security_rate: social_security_rate?,
            social_security_wage_base: social_security_wage_base?,
            medicare_rate: medicare_rate?,
            additional_medicare_rate: additional_medicare_rate?,
            additional_medicare_threshold: ByFiling {
                single: additional_medicare_threshold.single?,
                married_joint: additional_medicare_threshold.married_joint?,
            },
            additional_medicare_withholding_threshold: additional_medicare_withholding_threshold?,
            supplemental_rate: supplemental_rate?,
            supplemental_threshold: supplemental_threshold?,
            supplemental_rate_above: supplemental_rate_above?,
        })
    }

    fn year(&mut self, year: &Spanned<RawNumber>, path: &str) -> Option<i32> {
        let value = self.number(year, path, "2026")?;
        let checked = Some(value)
            .filter(|value| value.fract().is_zero())
            .and_then(|value| i64::try_from(value).ok())
            .filter(|value| PLAUSIBLE_YEARS.contains(value))
            .and_then(|value| i32::try_from(value).ok());
        if checked.is_none() {
            self.report(
                year,
                path,
                format!(
                    "{value} is not a tax year; write the calendar year the table is for, e.g. 2026"
                ),
            );
        }
        checked
    }

    /// The value of a number, or a problem when the file holds something else.
    fn number(
        &mut self,
        number: &Spanned<RawNumber>,
        path: &str,
        example: &str,
    ) -> Option<Decimal> {
        match &number.value.0 {
            Ok(value) => Some(*value),
            Err(text) => {
                let found = if text.trim().is_empty() {
                    "nothing".to_string()
                } else {
                    format!("`{}`", text.escape_default())
                };
                self.report(
                    number,
                    path,
                    format!(
                        "{found} is not a number; write a plain number such as {example}, without `$`, commas or `%`"
                    ),
                );
                None
            }
        }
    }

    /// A rate written as a fraction between 0 and 1.
    fn rate(&mut self, rate: &Spanned<RawNumber>, path: &str) -> Option<Decimal> {
        let value = self.number(rate, path, "0.22")?;
        if value < Decimal::ZERO {
            self.report(
                rate,
                path,
                format!("{value} is negative; a rate is a fraction between 0 and 1"),
            );
            return None;
        }
        if value > Decimal::ONE {
            let hint = if value <= Decimal::ONE_HUNDRED {
                format!(
                    "; write {value}% as {}",
                    (value / Decimal::ONE_HUNDRED).normalize()
                )
            } else {
                String::new()
            };
            self.report(
                rate,
                path,
                format!(
                    "{value} is above 1; a rate is a fraction between 0 and 1 (0.22 for 22%){hint}"
                ),
            );
            return None;
        }
        Some(value)
    }

    /// An amount of dollars between 0 and [`MAX_AMOUNT`].
    fn amount(&mut self, amount: &Spanned<RawNumber>, path: &str) -> Option<Money> {
        let value = self.number(amount, path, "184500")?;
        if value < Decimal::ZERO {
            self.report(
                amount,
                path,
                format!("{value} is negative; write the amount in dollars, 0 or more"),
            );
            return None;
        }
        if value > MAX_AMOUNT {
            self.report(
                amount,
                path,
                format!(
                    "{value} is too large: amounts stop at {}; check the figure",
                    Money(MAX_AMOUNT)
                ),
            );
            return None;
        }
        Some(Money(value))
    }

    fn by_filing(
        &mut self,
        raw: &RawByFiling<Spanned<RawNumber>>,
        path: &str,
    ) -> ByFiling<Option<Money>> {
        ByFiling {
            single: self.amount(&raw.single, &format!("{path}.single")),
            married_joint: self.amount(&raw.married_joint, &format!("{path}.married_joint")),
        }
    }

    /// Bands lowest first, each `up_to` above the one before, only the last open-ended.
    fn brackets(
        &mut self,
        raw: &Spanned<Vec<Spanned<RawBracket>>>,
        path: &str,
    ) -> Option<Vec<Bracket>> {
        if raw.value.is_empty() {
            self.report(
                raw,
                path,
                "has no bands; list them lowest first, e.g. `- { up_to: 12400, rate: 0.10 }`, the last one without `up_to`",
            );
            return None;
        }
        let last = raw.value.len() - 1;
        let mut brackets = Vec::with_capacity(raw.value.len());
        let mut complete = true;
        let mut floor = Money::ZERO;
        for (index, spanned) in raw.value.iter().enumerate() {
            let band = &spanned.value;
            let band_path = format!("{path}[{index}]");
            let rate = self.rate(&band.rate, &format!("{band_path}.rate"));
            let up_to = match (&band.up_to, index == last) {
                (None, true) => None,
                (None, false) => {
                    self.report(
                        spanned,
                        &band_path,
                        "has no `up_to` but is not the last band; give it the top of its band, or move it to the end",
                    );
                    complete = false;
                    None
                }
                (Some(up_to), true) => {
                    let above = match &up_to.value.0 {
                        Ok(value) => Money(*value).to_string(),
                        Err(text) => text.escape_default().to_string(),
                    };
                    self.report(
                        up_to,
                        &format!("{band_path}.up_to"),
                        format!(
                            "the last band has an `up_to`; add a band without `up_to` for the income above {above}"
                        ),
                    );
                    complete = false;
                    None
                }
                (Some(up_to), false) => {
                    let up_to_path = format!("{band_path}.up_to");
                    let amount = self.amount(up_to, &up_to_path);
                    if let Some(amount) = amount.filter(|amount| *amount <= floor) {
                        self.report(
                            up_to,
                            &up_to_path,
                            format!(
                                "{} is not above the band before it ({}); list the bands lowest first, each `up_to` higher than the one before",
                                amount, floor
                            ),
                        );
                        complete = false;
                    }
                    if let Some(amount) = amount {
                        floor = floor.max(amount);
                    } else {
                        complete = false;
                    }
                    amount
                }
            };
            match rate {
                Some(rate) => brackets.push(Bracket { up_to, rate }),
                None => complete = false,
            }
        }
        complete.then_some(brackets)
    }
}

#[cfg(test)]
mod tests;
