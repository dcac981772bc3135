//! `emails/<nn>-<name>.md`: each draft as plain text, a Subject line, a blank line and
//! the body, ready to paste into a mail client.

use anyhow::Result;

use crate::render::emails::draft_markdown;
use crate::render::seam::{Output, RenderContext, Rendered};

/// The output writing each draft's `.md` file.
#[derive(Default)]
pub struct DraftMarkdown;

impl Output for DraftMarkdown {
    fn name(&self) -> &'static str {
        "email drafts"
    }

    fn render(&mut self, context: &RenderContext) -> Result<Rendered> {
        let files = context
            .texts()?
            .drafts
            .iter()
            .map(|draft| (draft.file.clone(), draft_markdown(draft).into_bytes()))
            .collect();
        Ok(Rendered {
            files,
            ..Rendered::default()
        })
    }
}
