//! The drafts a round calls for (`drafts[]` of analysis.json): which are written, under
//! which file name and subject, and the one to send next. Decided here, once; the
//! templates only word each body.

use serde::Serialize;

use crate::vocab::EmailKind;

/// One draft the round folder holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftPlan {
    pub kind: EmailKind,
    /// Its file in the round folder, `emails/01-round-1-counter.md` (the `.eml` beside it
    /// has the same stem).
    pub file: String,
    /// The Subject line.
    pub subject: String,
    /// Whether this is the draft to send next (at most one is).
    pub send_next: bool,
    /// What the start-date and relocation draft speaks of; `null` for the others.
    pub about: Option<DraftAbout>,
}

/// The topics of the start-date and relocation draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DraftAbout {
    /// The start date (a start in the file, or a vest it forfeits).
    pub start_date: bool,
    /// The relocation payment.
    pub relocation: bool,
}

impl DraftPlan {
    /// The file name without the folder and extension: `01-round-1-counter`.
    pub fn stem(&self) -> &'static str {
        self.kind.stem()
    }
}
