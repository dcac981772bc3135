//! offerbrief: one YAML file describing a job offer becomes a negotiation briefing.
//!
//! The pipeline reads top to bottom: [`offer`] loads and validates the file, [`analysis`]
//! computes every figure of SPEC §4, [`render`] turns the analysis into documents, and
//! [`output`] writes them to disk.

pub mod analysis;
pub mod error;
pub mod market;
pub mod money;
pub mod offer;
pub mod output;
pub mod render;
