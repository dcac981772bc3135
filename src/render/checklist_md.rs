//! `checklist.md`: the negotiation checklist as GitHub task-list markdown.

use anyhow::Result;

use crate::render::seam::{Output, RenderContext, Rendered};

/// The output writing `checklist.md`.
#[derive(Default)]
pub struct ChecklistMarkdown;

impl Output for ChecklistMarkdown {
    fn name(&self) -> &'static str {
        "checklist.md"
    }

    fn render(&mut self, context: &RenderContext) -> Result<Rendered> {
        Ok(Rendered {
            files: vec![(
                "checklist.md".to_string(),
                context.texts()?.checklist.clone().into_bytes(),
            )],
            ..Rendered::default()
        })
    }
}
