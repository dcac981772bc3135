//! Rendering: the analysis becomes documents. Renderers read figures from [`Analysis`]
//! and never compute one.
//!
//! [`Analysis`]: crate::analysis::Analysis

pub mod checklist;
pub mod emails;
pub mod eml;
pub mod pdf;
pub mod table;
pub mod templates;
pub mod text;
pub mod words;

use serde::Serialize;

use crate::vocab::EmailKind;
pub use text::markdown::{Block, Span};

/// One email draft, rendered: what `emails/<file_stem>.md|.eml` holds and what the PDF's
/// appendix shows.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    /// `01-round-1-counter`: the file name without extension, numbered in reading order.
    pub file_stem: String,
    /// Which draft this is.
    pub kind: EmailKind,
    /// A short human title: "Round-1 counter".
    pub title: String,
    /// The Subject line.
    pub subject: String,
    /// The body as markdown, without the Subject line: what the `.md` and `.eml` hold.
    pub body: String,
    /// The body's structure, for the PDF: paragraphs and lists of styled runs.
    pub blocks: Vec<Block>,
    /// Whether this is the draft `next_step` recommends sending now.
    pub recommended: bool,
}

/// The rendered checklist: its markdown, and the same items grouped for the PDF.
#[derive(Debug, Clone, Serialize)]
pub struct Checklist {
    /// GitHub task-list markdown, as written to `checklist.md`.
    pub markdown: String,
    /// The sections in order.
    pub sections: Vec<ChecklistSection>,
}

/// A heading of the checklist with its items.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistSection {
    pub title: String,
    pub items: Vec<ChecklistItem>,
}

/// One task: ticked when the data shows it done, with the evidence in its text.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistItem {
    pub done: bool,
    /// The item as plain text.
    pub text: String,
    /// The item as styled runs, for the PDF.
    pub spans: Vec<Span>,
}
