//! `briefing.pdf`: the report to take into the call, typeset by typst from
//! `templates/briefing/main.typ`.

use anyhow::Result;

use crate::render::pdf::typeset::Typeset;
use crate::render::seam::{Output, RenderContext, Rendered};

/// The output writing `briefing.pdf`.
pub struct BriefingPdf(Typeset);

impl Default for BriefingPdf {
    fn default() -> Self {
        BriefingPdf(Typeset::new("main.typ", "briefing.pdf"))
    }
}

impl Output for BriefingPdf {
    fn name(&self) -> &'static str {
        "briefing.pdf"
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
