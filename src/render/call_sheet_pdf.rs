//! `call-sheet.pdf`: one page to have in front of you during the recruiter call, typeset
//! by typst from `templates/briefing/call-sheet.typ` (the same project, data and fonts as
//! the briefing).

use anyhow::Result;

use crate::render::pdf::typeset::Typeset;
use crate::render::seam::{Output, RenderContext, Rendered};

/// The output writing `call-sheet.pdf`.
pub struct CallSheetPdf(Typeset);

impl Default for CallSheetPdf {
    fn default() -> Self {
        CallSheetPdf(Typeset::new("call-sheet.typ", "call-sheet.pdf"))
    }
}

impl Output for CallSheetPdf {
    fn name(&self) -> &'static str {
        "call-sheet.pdf"
    }

    fn typeset(&self) -> bool {
        true
    }

    fn keep_between_builds(&mut self) {
        self.0.keep_between_builds();
    }

    fn render(&mut self, context: &RenderContext) -> Result<Rendered> {
        self.0.render(context)
    }
}
