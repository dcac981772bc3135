//! The negotiation checklist (`checklist[]` of analysis.json): the seed's items, each
//! ticked when the figures show it done. Which items appear and which are done is decided
//! in the analysis; `messages.j2` words the evidence of a done item and what to do about
//! an open one.

use serde::Serialize;

use crate::vocab::{ChecklistItem, ChecklistSection};

/// One item of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistEntry {
    pub section: ChecklistSection,
    /// Which item it is.
    pub code: ChecklistItem,
    /// The item as the checklist names it ("Calculate your walk-away number").
    pub item: String,
    pub done: bool,
    /// Why it is ticked ("$280,000 in the first year …"), for a done item.
    pub evidence: Option<String>,
    /// What to do about it, for an open item.
    pub todo: Option<String>,
}
