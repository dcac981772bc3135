//! The offer file (SPEC §2): read, parse, validate. What comes out is an [`Offer`] whose
//! every value has been checked; what goes wrong is an [`InputError`] listing every
//! problem found, each with file, line, column, field path and how to fix it.
//!
//! [`InputError`]: crate::error::InputError

mod check;
mod circumstances;
pub mod limits;
mod load;
mod model;
pub mod raw;
mod validate;

pub use check::quoted;
pub use limits::MIN_BASE;
pub use load::{load, parse_offer};
pub use model::*;
