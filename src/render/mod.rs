//! Rendering: the analysis becomes documents. Renderers read figures from [`Analysis`]
//! and never compute one.
//!
//! [`Analysis`]: crate::analysis::Analysis

pub mod checklist;
pub mod emails;
pub mod eml;
pub mod pdf;
pub mod templates;
