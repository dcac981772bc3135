//! The unit tests' fixtures: real offer files (`tests/fixtures/`) run through the same
//! pipeline as a build, so a fixture can never stop adding up.

use std::path::Path;

use rust_decimal::Decimal;

use crate::analysis::{Analysis, YearRow};
use crate::money::Money;
use crate::render::templates::Templates;

/// The offer file of [`analysis`], for tests that change one line of it.
pub const REVISED_OFFER: &str = include_str!("../tests/fixtures/revised-offer.yaml");

/// The offer file of [`sparse_round_one`].
pub const SPARSE_OFFER: &str = include_str!("../tests/fixtures/sparse-offer.yaml");

/// Jordan Lee's second round, with a verbal Google offer, a job being left and every goal.
pub fn analysis() -> Analysis {
    analysed(REVISED_OFFER)
}

/// A first round with only the required fields.
pub fn sparse_round_one() -> Analysis {
    analysed(SPARSE_OFFER)
}

/// [`REVISED_OFFER`] with `from` replaced by `to` (which must be there).
pub fn revised_with(from: &str, to: &str) -> Analysis {
    assert!(
        REVISED_OFFER.contains(from),
        "{from:?} is not in the fixture"
    );
    analysed(&REVISED_OFFER.replacen(from, to, 1))
}

/// The analysis of offer-file text, worded with the built-in templates.
pub fn analysed(yaml: &str) -> Analysis {
    let offer = crate::offer::parse_offer(yaml, "fixture.yaml", Path::new("."))
        .unwrap_or_else(|error| panic!("the fixture is a valid offer: {error}"));
    crate::analyse_round(&offer, None, &Templates::builtin())
        .unwrap_or_else(|error| panic!("the fixture analyses: {error:#}"))
}

/// §4 years with no raise and no growth: `base` and `bonus` every year, `sign_on` by
/// year, the grant split by `vesting`; N = max(4, vesting years, sign-on years).
pub fn flat_years(
    base: i64,
    sign_on: &[i64],
    grant: i64,
    vesting: &[i64],
    bonus: i64,
) -> Vec<YearRow> {
    let count = 4.max(vesting.len()).max(sign_on.len());
    (1..=count as u32)
        .map(|year| {
            let index = (year - 1) as usize;
            let sign_on = Money::dollars(sign_on.get(index).copied().unwrap_or(0));
            let rsu = Money::dollars(grant)
                * Decimal::from(vesting.get(index).copied().unwrap_or(0))
                / Decimal::from(100);
            YearRow {
                year,
                base: Money::dollars(base),
                sign_on,
                rsu,
                bonus: Money::dollars(bonus),
                total: Money::dollars(base) + sign_on + rsu + Money::dollars(bonus),
            }
        })
        .collect()
}
