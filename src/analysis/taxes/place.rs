//! Where an alternative's state and local taxes come from (SPEC §10): `tax.state`, or the
//! location by the tax tables' places.

use rust_decimal::Decimal;

use crate::error::InputError;
use crate::offer::StateChoice;
use crate::tax_tables::{Jurisdiction, TaxTables};

/// The state and local tax model of one alternative.
#[derive(Debug, Clone)]
pub enum TaxPlace<'a> {
    /// SPEC §8's flat rates.
    Flat {
        rate: Decimal,
        supplemental_rate: Decimal,
    },
    /// The tables of these jurisdictions, state first (none: no state or local tax).
    Tables(Vec<&'a Jurisdiction>),
}

/// The place, and a warning when `location` is not one the tables know. `who` names the
/// alternative in the warning, `None` for the offer itself (whose warning names
/// `tax.state`).
pub fn resolve<'a>(
    choice: &StateChoice,
    location: &str,
    tables: &'a TaxTables,
    who: Option<&str>,
) -> Result<(TaxPlace<'a>, Option<String>), InputError> {
    match choice {
        StateChoice::Flat {
            rate,
            supplemental_rate,
        } => Ok((
            TaxPlace::Flat {
                rate: *rate,
                supplemental_rate: *supplemental_rate,
            },
            None,
        )),
        StateChoice::None => Ok((TaxPlace::Tables(Vec::new()), None)),
        StateChoice::Code { code, at } => match tables.named_by(code) {
            Some(jurisdictions) => Ok((TaxPlace::Tables(jurisdictions), None)),
            None => Err(InputError::new(format!(
                "{at}: `{code}` is not a jurisdiction of the tax tables; write auto (from the location), one of {}, none, or flat (with state_rate), or add {code} to a tax-table file given as tax.tables",
                codes(tables)
            ))),
        },
        StateChoice::Auto => {
            let place = tables
                .place(location)
                .and_then(|place| tables.named_by(&place.state));
            match place {
                Some(jurisdictions) => Ok((TaxPlace::Tables(jurisdictions), None)),
                None => Ok((
                    TaxPlace::Tables(Vec::new()),
                    Some(unplaced(location, tables, who)),
                )),
            }
        }
    }
}

/// The place of an alternative other than the offer (SPEC §10: by its location, as
/// `auto`), and a warning naming it (`who`) when the tables do not place it.
pub fn place_by_location<'a>(
    location: &str,
    tables: &'a TaxTables,
    who: &str,
) -> (TaxPlace<'a>, Option<String>) {
    match tables
        .place(location)
        .and_then(|place| tables.named_by(&place.state))
    {
        Some(jurisdictions) => (TaxPlace::Tables(jurisdictions), None),
        None => (
            TaxPlace::Tables(Vec::new()),
            Some(unplaced(location, tables, Some(who))),
        ),
    }
}

/// The codes a file may name, in the tables' order.
fn codes(tables: &TaxTables) -> String {
    tables
        .jurisdictions()
        .iter()
        .map(|jurisdiction| jurisdiction.code.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The warning for a location the tables do not place.
fn unplaced(location: &str, tables: &TaxTables, who: Option<&str>) -> String {
    let known = tables
        .places()
        .iter()
        .map(|place| place.location.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let location = crate::user_text::oneline(location);
    match who {
        None => format!(
            "tax.state: the location {location:?} is not a place the tax tables know ({known}), so no state or local tax is counted; set tax.state to the state's code ({}), to flat with state_rate, or to none",
            codes(tables)
        ),
        Some(who) => format!(
            "{who}: the location {location:?} is not a place the tax tables know ({known}), so no state or local tax is counted for it; write one of those locations for it"
        ),
    }
}
