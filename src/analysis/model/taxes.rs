//! The figures of the tax estimate (SPEC §8): withheld against owed, by calendar year.

use serde::Serialize;

use crate::money::{Money, Signed};
use crate::vocab::Filing;

/// The `taxes` of `analysis.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Taxes {
    pub filing: Filing,
    /// One row per calendar year of the schedule, in order.
    pub years: Vec<TaxYear>,
    /// The calendar year with the largest `due_at_filing` above zero, if any.
    pub largest_bill: Option<i32>,
    /// What is due at filing that year.
    pub largest_bill_due: Option<Money>,
    /// The tables the estimate used, with their sources.
    pub tables: Vec<TableSource>,
    /// What the figures are and are not (worded by the `messages.j2` template).
    pub notice: String,
}

/// A tax table the estimate used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableSource {
    pub year: i32,
    pub source: String,
}

/// One calendar year of the estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TaxYear {
    pub year: i32,
    /// The federal income tax this job adds to the household's.
    pub federal_owed: Money,
    /// Federal income tax withheld: the W-4 method on each base payment, the flat
    /// supplemental rates on the rest.
    pub federal_withheld: Money,
    /// Social Security and Medicare owed (withheld alike, but for the additional
    /// Medicare tax, which is withheld only on wages above its withholding threshold).
    pub fica: Money,
    pub state_owed: Money,
    pub state_withheld: Money,
    /// Wages less every tax owed.
    pub net_pay: Money,
    /// Owed less withheld, federal, state and the additional Medicare tax; negative is a
    /// refund.
    pub due_at_filing: Signed<Money>,
    /// The year of the table used.
    pub table_year: i32,
}
