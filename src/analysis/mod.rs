//! The figures of SPEC §4.

pub mod model;

pub use model::*;
