//! The tax-table file as it is written: serde types with the place of every value, checked
//! by [`super::check`].

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub tables: Spanned<Vec<RawTable>>,
    pub salt: Option<Spanned<RawSalt>>,
    pub places: Option<Spanned<Vec<Spanned<RawPlace>>>>,
    pub jurisdictions: Option<Spanned<Vec<Spanned<RawJurisdiction>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTable {
    pub year: Spanned<RawNumber>,
    pub source: Spanned<String>,
    pub brackets: RawByFiling<Spanned<Vec<Spanned<RawBracket>>>>,
    pub standard_deduction: RawByFiling<Spanned<RawNumber>>,
    pub social_security: RawSocialSecurity,
    pub medicare: RawMedicare,
    pub supplemental: RawSupplemental,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawByFiling<T> {
    pub single: T,
    pub married_joint: T,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBracket {
    pub up_to: Option<Spanned<RawNumber>>,
    pub rate: Spanned<RawNumber>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSocialSecurity {
    pub rate: Spanned<RawNumber>,
    pub wage_base: Spanned<RawNumber>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMedicare {
    pub rate: Spanned<RawNumber>,
    pub additional_rate: Spanned<RawNumber>,
    pub additional_threshold: RawByFiling<Spanned<RawNumber>>,
    pub additional_withholding_threshold: Spanned<RawNumber>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSupplemental {
    pub rate: Spanned<RawNumber>,
    pub threshold: Spanned<RawNumber>,
    pub rate_above: Spanned<RawNumber>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSalt {
    pub source: Spanned<String>,
    pub phase_down_rate: Spanned<RawNumber>,
    pub floor: Spanned<RawNumber>,
    pub years: Spanned<Vec<Spanned<RawSaltYear>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSaltYear {
    pub year: Spanned<RawNumber>,
    pub cap: Spanned<RawNumber>,
    pub threshold: Option<Spanned<RawNumber>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPlace {
    pub location: Spanned<String>,
    #[serde(default)]
    pub also: Vec<Spanned<String>>,
    pub state: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawJurisdiction {
    pub code: Spanned<String>,
    pub name: Spanned<String>,
    pub within: Option<Spanned<String>>,
    #[serde(default)]
    pub not_counted: Vec<Spanned<String>>,
    pub years: Spanned<Vec<Spanned<RawJurisdictionYear>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawJurisdictionYear {
    pub year: Spanned<RawNumber>,
    pub official: Spanned<bool>,
    pub source: Spanned<String>,
    pub income_tax: Option<Spanned<RawIncomeTax>>,
    pub payroll: Option<Spanned<Vec<Spanned<RawPayroll>>>>,
    pub supplemental_withholding: Option<Spanned<RawNumber>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIncomeTax {
    pub brackets: RawByFiling<Spanned<Vec<Spanned<RawBracket>>>>,
    pub standard_deduction: RawByFiling<Spanned<RawNumber>>,
    #[serde(default)]
    pub surtaxes: Vec<Spanned<RawSurtax>>,
    pub recapture: Option<Spanned<RawRecapture>>,
    #[serde(default)]
    pub credits: Vec<Spanned<RawCredit>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSurtax {
    pub name: Spanned<String>,
    pub rate: Spanned<RawNumber>,
    pub over: Spanned<RawNumber>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRecapture {
    pub min_agi: Spanned<RawNumber>,
    pub phase_in: Spanned<RawNumber>,
    pub whole_income_over: Spanned<RawNumber>,
    pub single: Spanned<Vec<Spanned<RawRecaptureRow>>>,
    pub married_joint: Spanned<Vec<Spanned<RawRecaptureRow>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRecaptureRow {
    pub from: Spanned<RawNumber>,
    pub base: Spanned<RawNumber>,
    pub benefit: Spanned<RawNumber>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCredit {
    pub name: Spanned<String>,
    pub income_up_to: Spanned<RawNumber>,
    pub brackets: RawByFiling<Spanned<Vec<Spanned<RawBracket>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPayroll {
    pub name: Spanned<String>,
    pub rate: Spanned<RawNumber>,
    pub employee_share: Option<Spanned<RawNumber>>,
    pub wage_cap: Option<Spanned<RawNumber>>,
    pub max_contribution: Option<Spanned<RawNumber>>,
}

/// A number as the file holds it, or the text that is not one: checked with its place
/// (a plain `Decimal` would fail the whole parse with serde's wording).
#[derive(Debug)]
pub(super) struct RawNumber(pub Result<Decimal, String>);

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
