//! Tax tables (SPEC §8, §10): the federal brackets, standard deductions, payroll taxes and
//! supplemental withholding rates of each calendar year; the federal deduction for state
//! and local taxes (SALT); the places the data knows; and each state's and city's income
//! tax, payroll programs and withholding. Read from a data file like the market file,
//! built in from `inputs/tax-tables.yaml` and overridable with `tax: { tables: PATH }`.

mod check;
mod raw;

use rust_decimal::Decimal;

use crate::error::InputError;
use crate::money::Money;
use crate::vocab::Filing;
use crate::yaml;

/// The built-in tables, embedded from `inputs/tax-tables.yaml`.
pub const BUILTIN_TAX_TABLES: &str = include_str!("../inputs/tax-tables.yaml");

/// How messages name a tax-table file.
const TAX_TABLE_FILE: yaml::FileKind = yaml::FileKind {
    a: "a tax-table file",
    instead: "point `tax.tables` at a tax-table .yaml file like inputs/tax-tables.yaml",
};

const BUILTIN_SHOWN: &str = "built-in tax tables (inputs/tax-tables.yaml)";

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

/// One band of a bracket schedule: income up to `up_to` (everything above the band
/// before, for the last band with no `up_to`) is taxed at `rate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bracket {
    pub up_to: Option<Money>,
    pub rate: Decimal,
}

/// The tax of a bracket schedule on `taxable` income (nothing on a negative amount).
pub fn bands_tax(bands: &[Bracket], taxable: Money) -> Money {
    let mut tax = Money::ZERO;
    let mut floor = Money::ZERO;
    for bracket in bands {
        if taxable <= floor {
            break;
        }
        let top = bracket.up_to.map_or(taxable, |up_to| up_to.min(taxable));
        tax = tax + (top - floor) * bracket.rate;
        floor = top;
    }
    tax
}

/// One calendar year's federal tables, checked.
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
        bands_tax(self.brackets.get(filing), taxable)
    }

    /// Federal withholding on a calendar year's `supplemental` wages at the flat rates.
    pub fn supplemental_withholding(&self, supplemental: Money) -> Money {
        let below = supplemental.min(self.supplemental_threshold);
        let above = (supplemental - self.supplemental_threshold).max(Money::ZERO);
        below * self.supplemental_rate + above * self.supplemental_rate_above
    }
}

/// The federal deduction for state and local income taxes (SALT): the statute's cap of
/// each year, reduced above a threshold of modified AGI, never below a floor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Salt {
    pub source: String,
    /// The share of modified AGI above the threshold that reduces the cap.
    pub phase_down_rate: Decimal,
    /// The phase-down never takes the cap below this.
    pub floor: Money,
    /// In year order; never empty.
    pub years: Vec<SaltYear>,
}

/// One year's SALT cap, as the statute sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaltYear {
    pub year: i32,
    pub cap: Money,
    /// Modified AGI above this reduces the cap; `None`: no phase-down.
    pub threshold: Option<Money>,
}

impl Salt {
    /// The SALT cap of calendar `year` for a household whose modified AGI is `magi`: the
    /// statute's entry for the year (the latest earlier one; the first for a year before
    /// it), less the phase-down, never below the floor (a cap below the floor stays).
    pub fn cap(&self, year: i32, magi: Money) -> Money {
        let entry = self
            .years
            .iter()
            .rev()
            .find(|entry| entry.year <= year)
            .or_else(|| self.years.first());
        let Some(entry) = entry else {
            return Money::ZERO;
        };
        match entry.threshold {
            None => entry.cap,
            Some(threshold) => {
                let reduced =
                    entry.cap - (magi - threshold).max(Money::ZERO) * self.phase_down_rate;
                reduced.max(self.floor.min(entry.cap))
            }
        }
    }
}

/// A place the data knows, and the jurisdiction code its taxes follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub location: String,
    /// Other names of the place.
    pub also: Vec<String>,
    /// The code of a jurisdiction (a city brings its state).
    pub state: String,
}

/// A state or a city, with its tables by year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jurisdiction {
    /// What `tax.state` names: `CA`, `NYC`.
    pub code: String,
    /// `California`, `New York City`.
    pub name: String,
    /// For a city, the code of its state.
    pub within: Option<String>,
    /// What the estimate leaves out of this jurisdiction's tax (credits that phase out
    /// below these incomes), as the notice names it.
    pub not_counted: Vec<String>,
    /// In year order; never empty.
    pub years: Vec<JurisdictionYear>,
}

/// One year's entry of a jurisdiction; a section it leaves out is the latest earlier
/// entry's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JurisdictionYear {
    pub year: i32,
    /// Whether the figures were published for this year.
    pub official: bool,
    pub source: String,
    pub income_tax: Option<IncomeTax>,
    pub payroll: Option<Vec<PayrollProgram>>,
    pub supplemental_withholding: Option<Decimal>,
}

/// A section of a jurisdiction's tables as used for some calendar year, with the entry
/// it comes from.
#[derive(Debug, Clone, Copy)]
pub struct Section<'a, T> {
    pub entry: &'a JurisdictionYear,
    pub value: &'a T,
}

impl Jurisdiction {
    /// Whether this is a city (its tax is the local tax).
    pub fn is_city(&self) -> bool {
        self.within.is_some()
    }

    /// The latest entry for `year` (or before it) with the section `pick` finds; the
    /// first entry that has it for a year before them all; `None` when no entry has it.
    fn section<'a, T>(
        &'a self,
        year: i32,
        pick: impl Fn(&'a JurisdictionYear) -> Option<&'a T>,
    ) -> Option<Section<'a, T>> {
        let with = |entry: &'a JurisdictionYear| pick(entry).map(|value| Section { entry, value });
        self.years
            .iter()
            .rev()
            .filter(|entry| entry.year <= year)
            .find_map(with)
            .or_else(|| self.years.iter().find_map(with))
    }

    /// The income tax used for calendar `year`, if the jurisdiction has one.
    pub fn income_tax(&self, year: i32) -> Option<Section<'_, IncomeTax>> {
        self.section(year, |entry| entry.income_tax.as_ref())
    }

    /// The payroll programs used for calendar `year`.
    pub fn payroll(&self, year: i32) -> Option<Section<'_, Vec<PayrollProgram>>> {
        self.section(year, |entry| entry.payroll.as_ref())
    }

    /// The supplemental withholding rate used for calendar `year` (0 when none is given).
    pub fn supplemental_withholding(&self, year: i32) -> Decimal {
        self.section(year, |entry| entry.supplemental_withholding.as_ref())
            .map_or(Decimal::ZERO, |section| *section.value)
    }

    /// The entry that stands for calendar `year` as a whole: its income tax's when it has
    /// one, else its payroll programs', else the latest entry up to `year` (the first
    /// before them all).
    pub fn entry_for(&self, year: i32) -> Option<&JurisdictionYear> {
        if let Some(section) = self.income_tax(year) {
            return Some(section.entry);
        }
        if let Some(section) = self
            .payroll(year)
            .filter(|section| !section.value.is_empty())
        {
            return Some(section.entry);
        }
        self.years
            .iter()
            .rev()
            .find(|entry| entry.year <= year)
            .or_else(|| self.years.first())
    }
}

/// A jurisdiction's income tax: T(x) of a household whose AGI is x.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomeTax {
    pub brackets: ByFiling<Vec<Bracket>>,
    pub standard_deduction: ByFiling<Money>,
    pub surtaxes: Vec<Surtax>,
    pub recapture: Option<Recapture>,
    pub credits: Vec<Credit>,
}

impl IncomeTax {
    /// Taxable income of a household whose AGI is `agi`.
    pub fn taxable(&self, filing: Filing, agi: Money) -> Money {
        (agi - *self.standard_deduction.get(filing)).max(Money::ZERO)
    }

    /// The brackets alone on `taxable` income (what withholding uses).
    pub fn brackets_tax(&self, filing: Filing, taxable: Money) -> Money {
        bands_tax(self.brackets.get(filing), taxable)
    }

    /// The household's tax when its AGI is `agi`: brackets, surtaxes and recapture on
    /// its taxable income, less the credits it qualifies for.
    pub fn tax(&self, filing: Filing, agi: Money) -> Money {
        let taxable = self.taxable(filing, agi);
        let main = self.brackets_tax(filing, taxable);
        let surtaxes: Money = self
            .surtaxes
            .iter()
            .map(|surtax| (taxable - surtax.over).max(Money::ZERO) * surtax.rate)
            .sum();
        let recapture = self.recapture.as_ref().map_or(Money::ZERO, |recapture| {
            recapture.tax(filing, agi, taxable, main, self.brackets.get(filing))
        });
        let credits: Money = self
            .credits
            .iter()
            .filter(|credit| agi <= credit.income_up_to && taxable <= credit.income_up_to)
            .map(|credit| bands_tax(credit.brackets.get(filing), taxable))
            .sum();
        (main + surtaxes + recapture - credits).max(Money::ZERO)
    }
}

/// A tax on taxable income above a threshold (California's Mental Health Services Tax).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surtax {
    pub name: String,
    pub rate: Decimal,
    pub over: Money,
}

/// New York's supplemental tax: the recapture of the lower brackets' benefit at high
/// incomes, as the IT-201 tax computation worksheets define it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recapture {
    /// No recapture phases in below this AGI.
    pub min_agi: Money,
    /// The benefit of a row phases in over this much AGI.
    pub phase_in: Money,
    /// Above this AGI the whole taxable income is taxed at the top rate.
    pub whole_income_over: Money,
    /// Rows by taxable income, lowest first, the first `from` 0.
    pub rows: ByFiling<Vec<RecaptureRow>>,
}

/// A row of the recapture: taxable income from `from` recaptures `base`, plus `benefit`
/// as it phases in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecaptureRow {
    pub from: Money,
    pub base: Money,
    pub benefit: Money,
}

impl Recapture {
    /// The supplemental tax of a household with `agi` and `taxable` income, whose tax on
    /// the `bands` is `main`.
    fn tax(
        &self,
        filing: Filing,
        agi: Money,
        taxable: Money,
        main: Money,
        bands: &[Bracket],
    ) -> Money {
        if agi > self.whole_income_over {
            let top = bands.last().map_or(Decimal::ZERO, |band| band.rate);
            return (taxable * top - main).max(Money::ZERO);
        }
        let Some(row) = self
            .rows
            .get(filing)
            .iter()
            .rev()
            .find(|row| row.from <= taxable)
        else {
            return Money::ZERO;
        };
        // The floor of the bracket the taxable income falls in.
        let floor = std::iter::once(Money::ZERO)
            .chain(bands.iter().filter_map(|band| band.up_to))
            .filter(|bottom| *bottom <= taxable)
            .fold(Money::ZERO, Money::max);
        let applicable = (agi - floor.max(self.min_agi)).max(Money::ZERO);
        let fraction = if self.phase_in.is_zero() {
            Decimal::ONE
        } else {
            (applicable.0 / self.phase_in.0).min(Decimal::ONE)
        };
        row.base + row.benefit * fraction
    }
}

/// A credit at bracket rates on taxable income, for households whose AGI and taxable
/// income are at most `income_up_to` (New York City's school tax credit, rate reduction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credit {
    pub name: String,
    pub income_up_to: Money,
    pub brackets: ByFiling<Vec<Bracket>>,
}

/// An employee payroll program (California SDI, WA Cares, New York Paid Family Leave).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayrollProgram {
    pub name: String,
    pub rate: Decimal,
    /// The employee's share of a premium `rate` (1 when the employee pays all of it).
    pub employee_share: Decimal,
    /// Wages above this pay nothing.
    pub wage_cap: Option<Money>,
    /// At most this much a year.
    pub max_contribution: Option<Money>,
}

impl PayrollProgram {
    /// What the employee pays on a calendar year's `wages`.
    pub fn contribution(&self, wages: Money) -> Money {
        let counted = self.wage_cap.map_or(wages, |cap| wages.min(cap));
        let owed = counted * self.rate * self.employee_share;
        self.max_contribution.map_or(owed, |most| owed.min(most))
    }
}

/// Every table of a tax-table file, checked; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxTables {
    /// The federal tables, in year order.
    tables: Vec<TaxTable>,
    salt: Salt,
    places: Vec<Place>,
    jurisdictions: Vec<Jurisdiction>,
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
            std::sync::LazyLock::new(|| check::parse(BUILTIN_TAX_TABLES, BUILTIN_SHOWN, None));
        BUILTIN.clone()
    }

    /// Parse and check tax-table text; `shown` names the file in messages. A section the
    /// file leaves out (`salt`, `places`, `jurisdictions`) is the built-in file's. Every
    /// problem is reported, each as `file:line:column: field.path: what is wrong; how to
    /// fix`.
    pub fn parse(text: &str, shown: &str) -> Result<TaxTables, InputError> {
        let builtin = TaxTables::builtin()?;
        check::parse(text, shown, Some(&builtin))
    }

    /// The federal table for calendar `year`: its own, else the latest earlier one, else
    /// (a year before the first table) the first.
    pub fn for_year(&self, year: i32) -> Option<&TaxTable> {
        self.tables
            .iter()
            .rev()
            .find(|table| table.year <= year)
            .or_else(|| self.tables.first())
    }

    /// Every federal table, in year order.
    pub fn tables(&self) -> &[TaxTable] {
        &self.tables
    }

    /// The SALT deduction's caps.
    pub fn salt(&self) -> &Salt {
        &self.salt
    }

    /// Every jurisdiction, in the file's order.
    pub fn jurisdictions(&self) -> &[Jurisdiction] {
        &self.jurisdictions
    }

    /// The jurisdiction with `code` (case does not matter).
    pub fn jurisdiction(&self, code: &str) -> Option<&Jurisdiction> {
        self.jurisdictions
            .iter()
            .find(|jurisdiction| jurisdiction.code.eq_ignore_ascii_case(code.trim()))
    }

    /// The jurisdictions that `code` names, state first: a city brings its state.
    pub fn named_by(&self, code: &str) -> Option<Vec<&Jurisdiction>> {
        let named = self.jurisdiction(code)?;
        let mut all = Vec::new();
        if let Some(state) = named
            .within
            .as_deref()
            .and_then(|state| self.jurisdiction(state))
        {
            all.push(state);
        }
        all.push(named);
        Some(all)
    }

    /// The place `location` is, when the data knows it (by its name or another name).
    pub fn place(&self, location: &str) -> Option<&Place> {
        self.places.iter().find(|place| {
            crate::market::same_name(&place.location, location)
                || place
                    .also
                    .iter()
                    .any(|name| crate::market::same_name(name, location))
        })
    }

    /// Every place the data knows.
    pub fn places(&self) -> &[Place] {
        &self.places
    }
}

#[cfg(test)]
mod tests;
