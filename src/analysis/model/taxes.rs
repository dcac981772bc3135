//! The figures of the tax estimate (SPEC §8, §10): withheld against owed, by calendar
//! year, federal and in the place's own state and city.

use serde::Serialize;

use crate::money::{Money, Signed};
use crate::vocab::Filing;

/// The `taxes` of `analysis.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Taxes {
    pub filing: Filing,
    /// How the state and local taxes are computed.
    pub state: StateModel,
    /// The jurisdictions whose tables apply, state first; empty with `flat` or `none`.
    pub jurisdictions: Vec<JurisdictionName>,
    /// What the estimate leaves out of those jurisdictions' taxes (credits that phase out
    /// below these incomes), as the notice names them.
    pub not_counted: Vec<String>,
    /// One row per calendar year of the schedule, in order.
    pub years: Vec<TaxYear>,
    /// The calendar year with the largest `due_at_filing` above zero, if any.
    pub largest_bill: Option<i32>,
    /// What is due at filing that year.
    pub largest_bill_due: Option<Money>,
    /// The tables the estimate used, with their sources, in the order first used.
    pub tables: Vec<TableSource>,
    /// What the figures are and are not (worded by the `messages.j2` template).
    pub notice: String,
}

/// How the state and local taxes are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StateModel {
    /// The jurisdictions' tables (SPEC §10).
    Tables,
    /// A flat rate (SPEC §8).
    Flat,
    /// No state or local tax: `tax.state: none`, or a place the tables do not know.
    None,
}

/// A jurisdiction whose tables apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JurisdictionName {
    pub code: String,
    pub name: String,
    /// Whether it is a city (its tax is the local tax).
    pub city: bool,
    /// Whether it taxes income (Washington and Texas do not tax wages).
    pub income_tax: bool,
}

/// A tax table the estimate used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableSource {
    /// `Federal`, `California`, `SALT deduction`.
    pub jurisdiction: String,
    /// The year of the entry; `None` for the SALT deduction's statute (every year).
    pub year: Option<i32>,
    /// Whether the figures were published for that year.
    pub official: bool,
    pub source: String,
}

/// One calendar year of the estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaxYear {
    pub year: i32,
    /// The codes of the jurisdictions taxed, state first (`["NY", "NYC"]`).
    pub jurisdictions: Vec<String>,
    /// The federal income tax this job adds to the household's.
    pub federal_owed: Money,
    /// Federal income tax withheld: the W-4 method on each base payment, the flat
    /// supplemental rates on the rest.
    pub federal_withheld: Money,
    /// Social Security and Medicare owed (withheld alike, but for the additional
    /// Medicare tax, which is withheld only on wages above its withholding threshold).
    pub fica: Money,
    /// The state income tax this job adds.
    pub state_owed: Money,
    pub state_withheld: Money,
    /// The city income tax this job adds.
    pub local_owed: Money,
    pub local_withheld: Money,
    /// The employee's state payroll programs (SDI, WA Cares, Paid Family Leave…).
    pub state_payroll: Money,
    /// The federal SALT deduction with the job; 0 when the standard deduction is larger.
    pub salt_deduction: Money,
    /// Wages less every tax owed.
    pub net_pay: Money,
    /// Owed less withheld, federal, state, city and the additional Medicare tax;
    /// negative is a refund.
    pub due_at_filing: Signed<Money>,
    /// The year of the federal table used.
    pub table_year: i32,
    /// The year of the state's table used; `None` without state tables.
    pub state_table_year: Option<i32>,
}
