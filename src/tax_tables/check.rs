//! Checking a tax-table file: every problem found, each with its place, the field and
//! how to fix it.

use rust_decimal::Decimal;
use serde_saphyr::Spanned;

use super::raw::*;
use super::{
    Bracket, ByFiling, Credit, IncomeTax, Jurisdiction, JurisdictionYear, PayrollProgram, Place,
    Recapture, RecaptureRow, Salt, SaltYear, Surtax, TaxTable, TaxTables,
};
use crate::error::InputError;
use crate::money::{MAX_AMOUNT, Money};
use crate::yaml;

/// The tax years a table may be for: anything else is a typo.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i64> = 1900..=2200;

/// Parse and check tax-table text; a section the file leaves out is `fallback`'s (the
/// built-in file's), and required when there is none.
pub(super) fn parse(
    text: &str,
    shown: &str,
    fallback: Option<&TaxTables>,
) -> Result<TaxTables, InputError> {
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
    let missing = |section: &str| {
        format!(
            "{shown}: has no `{section}:` section; copy it from the built-in inputs/tax-tables.yaml"
        )
    };
    let mut unlocated = Vec::new();
    let salt = match (&raw.salt, fallback) {
        (Some(salt), _) => checker.salt(salt),
        (None, Some(fallback)) => Some(fallback.salt.clone()),
        (None, None) => {
            unlocated.push(missing("salt"));
            None
        }
    };
    let jurisdictions = match (&raw.jurisdictions, fallback) {
        (Some(jurisdictions), _) => checker.jurisdictions(jurisdictions),
        (None, Some(fallback)) => fallback.jurisdictions.clone(),
        (None, None) => {
            unlocated.push(missing("jurisdictions"));
            Vec::new()
        }
    };
    // The codes as written, so that a jurisdiction with a problem of its own does not
    // also make every reference to it a problem.
    let codes: Vec<(String, bool)> = match &raw.jurisdictions {
        Some(written) => written
            .value
            .iter()
            .map(|jurisdiction| {
                (
                    jurisdiction.value.code.value.trim().to_string(),
                    jurisdiction.value.within.is_some(),
                )
            })
            .collect(),
        None => jurisdictions
            .iter()
            .map(|jurisdiction| (jurisdiction.code.clone(), jurisdiction.is_city()))
            .collect(),
    };
    if let Some(written) = &raw.jurisdictions {
        checker.cities(written, &codes);
    }
    let places = match (&raw.places, fallback) {
        (Some(places), _) => checker.places(places, &codes),
        (None, Some(fallback)) => {
            // The built-in places name the built-in codes: the file's must still have them.
            for place in &fallback.places {
                if !jurisdictions
                    .iter()
                    .any(|jurisdiction| jurisdiction.code.eq_ignore_ascii_case(&place.state))
                {
                    unlocated.push(format!(
                        "{shown}: jurisdictions: has no `{}`, which the built-in places use for {}; add it, or add a `places:` section of your own",
                        place.state, place.location
                    ));
                }
            }
            fallback.places.clone()
        }
        (None, None) => {
            unlocated.push(missing("places"));
            Vec::new()
        }
    };
    if let (true, Some(salt)) = (checker.problems.is_empty() && unlocated.is_empty(), salt) {
        return Ok(TaxTables {
            tables,
            salt,
            places,
            jurisdictions,
        });
    }
    checker
        .problems
        .sort_by_key(|(line, column, _)| (*line, *column));
    Err(InputError {
        problems: unlocated
            .into_iter()
            .chain(checker.problems.into_iter().map(|(_, _, problem)| problem))
            .collect(),
    })
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

    fn salt(&mut self, raw: &Spanned<RawSalt>) -> Option<Salt> {
        let salt = &raw.value;
        self.source(&salt.source, "salt.source");
        let phase_down_rate = self.rate(&salt.phase_down_rate, "salt.phase_down_rate");
        let floor = self.amount(&salt.floor, "salt.floor");
        if salt.years.value.is_empty() {
            self.report(
                &salt.years,
                "salt.years",
                "holds no year; add one per year the statute sets, e.g. `- { year: 2026, cap: 40400, threshold: 505000 }`",
            );
        }
        let mut years: Vec<SaltYear> = Vec::new();
        let mut complete = true;
        for (index, spanned) in salt.years.value.iter().enumerate() {
            let entry = &spanned.value;
            let path = format!("salt.years[{index}]");
            let year = self.year(&entry.year, &format!("{path}.year"));
            let cap = self.amount(&entry.cap, &format!("{path}.cap"));
            let threshold = entry
                .threshold
                .as_ref()
                .map(|threshold| self.amount(threshold, &format!("{path}.threshold")));
            if let Some(year) = year
                && years.iter().any(|seen| seen.year == year)
            {
                self.report(
                    &entry.year,
                    &format!("{path}.year"),
                    format!("{year} is listed twice; keep one entry per year"),
                );
            }
            match (year, cap, threshold) {
                (Some(year), Some(cap), None) => years.push(SaltYear {
                    year,
                    cap,
                    threshold: None,
                }),
                (Some(year), Some(cap), Some(Some(threshold))) => years.push(SaltYear {
                    year,
                    cap,
                    threshold: Some(threshold),
                }),
                _ => complete = false,
            }
        }
        years.sort_by_key(|entry| entry.year);
        Some(Salt {
            source: salt.source.value.trim().to_string(),
            phase_down_rate: phase_down_rate?,
            floor: floor?,
            years,
        })
        .filter(|salt| complete && !salt.years.is_empty())
    }

    fn places(
        &mut self,
        raw: &Spanned<Vec<Spanned<RawPlace>>>,
        written: &[(String, bool)],
    ) -> Vec<Place> {
        let codes: Vec<&str> = written.iter().map(|(code, _)| code.as_str()).collect();
        let mut places = Vec::new();
        for (index, spanned) in raw.value.iter().enumerate() {
            let place = &spanned.value;
            let path = format!("places[{index}]");
            self.name(&place.location, &format!("{path}.location"), "Seattle");
            for (other, name) in place.also.iter().enumerate() {
                self.name(name, &format!("{path}.also[{other}]"), "Bellevue");
            }
            let state = place.state.value.trim();
            if !codes.is_empty() && !codes.iter().any(|code| code.eq_ignore_ascii_case(state)) {
                self.report(
                    &place.state,
                    &format!("{path}.state"),
                    format!(
                        "`{}` is not the code of a jurisdiction of this file; write one of {}",
                        state.escape_default(),
                        codes.join(", ")
                    ),
                );
            }
            places.push(Place {
                location: place.location.value.trim().to_string(),
                also: place
                    .also
                    .iter()
                    .map(|name| name.value.trim().to_string())
                    .collect(),
                state: state.to_string(),
            });
        }
        places
    }

    fn jurisdictions(&mut self, raw: &Spanned<Vec<Spanned<RawJurisdiction>>>) -> Vec<Jurisdiction> {
        let mut jurisdictions: Vec<Jurisdiction> = Vec::new();
        for (index, spanned) in raw.value.iter().enumerate() {
            let path = format!("jurisdictions[{index}]");
            let raw_jurisdiction = &spanned.value;
            let code = raw_jurisdiction.code.value.trim();
            let reserved = ["auto", "none", "flat"];
            if code.is_empty()
                || !code.chars().all(|c| c.is_ascii_alphanumeric())
                || reserved.iter().any(|word| word.eq_ignore_ascii_case(code))
            {
                self.report(
                    &raw_jurisdiction.code,
                    &format!("{path}.code"),
                    format!(
                        "`{}` cannot be a code; write letters and digits, such as CA or NYC (not auto, none or flat)",
                        code.escape_default()
                    ),
                );
            } else if let Some(first) = jurisdictions
                .iter()
                .position(|seen| seen.code.eq_ignore_ascii_case(code))
            {
                self.report(
                    &raw_jurisdiction.code,
                    &format!("{path}.code"),
                    format!(
                        "jurisdictions[{first}] is already {code}; keep one entry per jurisdiction"
                    ),
                );
            }
            self.name(
                &raw_jurisdiction.name,
                &format!("{path}.name"),
                "California",
            );
            if let Some(jurisdiction) = self.jurisdiction(raw_jurisdiction, &path) {
                jurisdictions.push(jurisdiction);
            }
        }
        jurisdictions
    }

    /// A city's state must be a state of the file.
    fn cities(&mut self, raw: &Spanned<Vec<Spanned<RawJurisdiction>>>, codes: &[(String, bool)]) {
        for (index, spanned) in raw.value.iter().enumerate() {
            let Some(within) = &spanned.value.within else {
                continue;
            };
            let state = within.value.trim();
            let found = codes
                .iter()
                .find(|(code, _)| code.eq_ignore_ascii_case(state));
            match found {
                Some((_, false)) => {}
                Some((_, true)) => self.report(
                    within,
                    &format!("jurisdictions[{index}].within"),
                    format!("`{state}` is a city itself; name the state the city is in"),
                ),
                None => self.report(
                    within,
                    &format!("jurisdictions[{index}].within"),
                    format!(
                        "`{}` is not a jurisdiction of this file; name the code of the city's state, e.g. NY",
                        state.escape_default()
                    ),
                ),
            }
        }
    }

    fn jurisdiction(&mut self, raw: &RawJurisdiction, path: &str) -> Option<Jurisdiction> {
        if raw.years.value.is_empty() {
            self.report(
                &raw.years,
                &format!("{path}.years"),
                "holds no entry; add one per year its figures changed, each with its year and source",
            );
            return None;
        }
        let mut years: Vec<JurisdictionYear> = Vec::new();
        let mut complete = true;
        for (index, spanned) in raw.years.value.iter().enumerate() {
            let entry_path = format!("{path}.years[{index}]");
            match self.jurisdiction_year(&spanned.value, &entry_path) {
                Some(entry) => {
                    if years.iter().any(|seen| seen.year == entry.year) {
                        self.report(
                            &spanned.value.year,
                            &format!("{entry_path}.year"),
                            format!("{} is listed twice; keep one entry per year", entry.year),
                        );
                    }
                    years.push(entry);
                }
                None => complete = false,
            }
        }
        years.sort_by_key(|entry| entry.year);
        complete.then(|| Jurisdiction {
            code: raw.code.value.trim().to_string(),
            name: raw.name.value.trim().to_string(),
            within: raw
                .within
                .as_ref()
                .map(|within| within.value.trim().to_string()),
            not_counted: raw
                .not_counted
                .iter()
                .map(|what| what.value.trim().to_string())
                .filter(|what| !what.is_empty())
                .collect(),
            years,
        })
    }

    fn jurisdiction_year(
        &mut self,
        raw: &RawJurisdictionYear,
        path: &str,
    ) -> Option<JurisdictionYear> {
        let year = self.year(&raw.year, &format!("{path}.year"));
        self.source(&raw.source, &format!("{path}.source"));
        let income_tax = raw
            .income_tax
            .as_ref()
            .map(|income_tax| self.income_tax(&income_tax.value, &format!("{path}.income_tax")));
        let payroll = raw.payroll.as_ref().map(|programs| {
            programs
                .value
                .iter()
                .enumerate()
                .map(|(index, program)| {
                    self.payroll(&program.value, &format!("{path}.payroll[{index}]"))
                })
                .collect::<Option<Vec<PayrollProgram>>>()
        });
        let supplemental_withholding = raw
            .supplemental_withholding
            .as_ref()
            .map(|rate| self.rate(rate, &format!("{path}.supplemental_withholding")));
        Some(JurisdictionYear {
            year: year?,
            official: raw.official.value,
            source: raw.source.value.trim().to_string(),
            income_tax: income_tax.map_or(Some(None), |tax| tax.map(Some))?,
            payroll: payroll.map_or(Some(None), |programs| programs.map(Some))?,
            supplemental_withholding: supplemental_withholding
                .map_or(Some(None), |rate| rate.map(Some))?,
        })
    }

    fn income_tax(&mut self, raw: &RawIncomeTax, path: &str) -> Option<IncomeTax> {
        let brackets = self.bands_by_filing(&raw.brackets, &format!("{path}.brackets"));
        let standard_deduction = self.by_filing(
            &raw.standard_deduction,
            &format!("{path}.standard_deduction"),
        );
        let surtaxes: Option<Vec<Surtax>> = raw
            .surtaxes
            .iter()
            .enumerate()
            .map(|(index, surtax)| {
                let surtax_path = format!("{path}.surtaxes[{index}]");
                let surtax = &surtax.value;
                self.name(
                    &surtax.name,
                    &format!("{surtax_path}.name"),
                    "Mental Health Services Tax",
                );
                let rate = self.rate(&surtax.rate, &format!("{surtax_path}.rate"));
                let over = self.amount(&surtax.over, &format!("{surtax_path}.over"));
                Some(Surtax {
                    name: surtax.name.value.trim().to_string(),
                    rate: rate?,
                    over: over?,
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        let recapture = raw
            .recapture
            .as_ref()
            .map(|recapture| self.recapture(&recapture.value, &format!("{path}.recapture")));
        let credits: Option<Vec<Credit>> = raw
            .credits
            .iter()
            .enumerate()
            .map(|(index, credit)| {
                let credit_path = format!("{path}.credits[{index}]");
                let credit = &credit.value;
                self.name(
                    &credit.name,
                    &format!("{credit_path}.name"),
                    "School tax credit",
                );
                let income_up_to =
                    self.amount(&credit.income_up_to, &format!("{credit_path}.income_up_to"));
                let brackets =
                    self.bands_by_filing(&credit.brackets, &format!("{credit_path}.brackets"));
                Some(Credit {
                    name: credit.name.value.trim().to_string(),
                    income_up_to: income_up_to?,
                    brackets: brackets?,
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        Some(IncomeTax {
            brackets: brackets?,
            standard_deduction: ByFiling {
                single: standard_deduction.single?,
                married_joint: standard_deduction.married_joint?,
            },
            surtaxes: surtaxes?,
            recapture: recapture.map_or(Some(None), |recapture| recapture.map(Some))?,
            credits: credits?,
        })
    }

    fn recapture(&mut self, raw: &RawRecapture, path: &str) -> Option<Recapture> {
        let min_agi = self.amount(&raw.min_agi, &format!("{path}.min_agi"));
        let phase_in = self.amount(&raw.phase_in, &format!("{path}.phase_in"));
        let whole_income_over =
            self.amount(&raw.whole_income_over, &format!("{path}.whole_income_over"));
        let single = self.recapture_rows(&raw.single, &format!("{path}.single"));
        let married_joint =
            self.recapture_rows(&raw.married_joint, &format!("{path}.married_joint"));
        Some(Recapture {
            min_agi: min_agi?,
            phase_in: phase_in?,
            whole_income_over: whole_income_over?,
            rows: ByFiling {
                single: single?,
                married_joint: married_joint?,
            },
        })
    }

    /// Rows lowest first, the first from 0.
    fn recapture_rows(
        &mut self,
        raw: &Spanned<Vec<Spanned<RawRecaptureRow>>>,
        path: &str,
    ) -> Option<Vec<RecaptureRow>> {
        if raw.value.is_empty() {
            self.report(
                raw,
                path,
                "has no rows; list them lowest first, e.g. `- { from: 0, base: 0, benefit: 567 }`",
            );
            return None;
        }
        let mut rows: Vec<RecaptureRow> = Vec::new();
        let mut complete = true;
        for (index, spanned) in raw.value.iter().enumerate() {
            let row_path = format!("{path}[{index}]");
            let row = &spanned.value;
            let from = self.amount(&row.from, &format!("{row_path}.from"));
            let base = self.amount(&row.base, &format!("{row_path}.base"));
            let benefit = self.amount(&row.benefit, &format!("{row_path}.benefit"));
            if let Some(from) = from {
                let expected_first = index == 0 && !from.is_zero();
                let out_of_order = rows.last().is_some_and(|before| from <= before.from);
                if expected_first {
                    self.report(
                        &row.from,
                        &format!("{row_path}.from"),
                        format!("is {from}; the first row starts at 0"),
                    );
                    complete = false;
                } else if out_of_order {
                    self.report(
                        &row.from,
                        &format!("{row_path}.from"),
                        format!(
                            "{from} is not above the row before it; list the rows lowest first"
                        ),
                    );
                    complete = false;
                }
            }
            match (from, base, benefit) {
                (Some(from), Some(base), Some(benefit)) => rows.push(RecaptureRow {
                    from,
                    base,
                    benefit,
                }),
                _ => complete = false,
            }
        }
        complete.then_some(rows)
    }

    fn payroll(&mut self, raw: &RawPayroll, path: &str) -> Option<PayrollProgram> {
        self.name(
            &raw.name,
            &format!("{path}.name"),
            "State Disability Insurance",
        );
        let rate = self.rate(&raw.rate, &format!("{path}.rate"));
        let employee_share = match &raw.employee_share {
            None => Some(Decimal::ONE),
            Some(share) => {
                let share_path = format!("{path}.employee_share");
                let value = self.number(share, &share_path, "0.7143")?;
                if value <= Decimal::ZERO || value > Decimal::ONE {
                    self.report(
                        share,
                        &share_path,
                        format!("{value} is not a share; write the employee's share of the premium as a fraction above 0 and at most 1, e.g. 0.7143"),
                    );
                    None
                } else {
                    Some(value)
                }
            }
        };
        let wage_cap = raw
            .wage_cap
            .as_ref()
            .map(|cap| self.amount(cap, &format!("{path}.wage_cap")));
        let max_contribution = raw
            .max_contribution
            .as_ref()
            .map(|most| self.amount(most, &format!("{path}.max_contribution")));
        Some(PayrollProgram {
            name: raw.name.value.trim().to_string(),
            rate: rate?,
            employee_share: employee_share?,
            wage_cap: wage_cap.map_or(Some(None), |cap| cap.map(Some))?,
            max_contribution: max_contribution.map_or(Some(None), |most| most.map(Some))?,
        })
    }

    fn bands_by_filing(
        &mut self,
        raw: &RawByFiling<Spanned<Vec<Spanned<RawBracket>>>>,
        path: &str,
    ) -> Option<ByFiling<Vec<Bracket>>> {
        let single = self.brackets(&raw.single, &format!("{path}.single"));
        let married_joint = self.brackets(&raw.married_joint, &format!("{path}.married_joint"));
        Some(ByFiling {
            single: single?,
            married_joint: married_joint?,
        })
    }

    /// A source that says something.
    fn source(&mut self, source: &Spanned<String>, path: &str) {
        if source.value.trim().is_empty() {
            self.report(
                source,
                path,
                "is empty; say where the figures come from (e.g. FTB, 2025 California Tax Rate Schedules)",
            );
        }
    }

    /// A name that is not empty.
    fn name(&mut self, name: &Spanned<String>, path: &str, example: &str) {
        if name.value.trim().is_empty() {
            self.report(
                name,
                path,
                format!("is empty; write a name, e.g. {example}"),
            );
        }
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

    /// A rate written as a fraction in [0, 1).
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
        if value >= Decimal::ONE {
            let hint = if value > Decimal::ONE && value <= Decimal::ONE_HUNDRED {
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
                    "{value} is not below 1; a rate is a fraction from 0 up to but not including 1 (0.22 for 22%){hint}"
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
