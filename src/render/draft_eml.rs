//! `emails/<nn>-<name>.eml`: each draft as an unsent RFC 5322 message (X-Unsent: 1),
//! addressed to the recruiter, to open in a mail client.

use anyhow::Result;

use crate::render::eml::render_eml;
use crate::render::seam::{Output, RenderContext, Rendered};

/// The output writing each draft's `.eml` file.
#[derive(Default)]
pub struct DraftEml;

impl Output for DraftEml {
    fn name(&self) -> &'static str {
        "email messages"
    }

    fn render(&mut self, context: &RenderContext) -> Result<Rendered> {
        let files = context
            .texts()?
            .drafts
            .iter()
            .map(|draft| {
                let name = match draft.file.strip_suffix(".md") {
                    Some(stem) => format!("{stem}.eml"),
                    None => format!("{}.eml", draft.file),
                };
                Ok((name, render_eml(draft, context.analysis)?))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Rendered {
            files,
            ..Rendered::default()
        })
    }
}
