//! `analysis.json`: every figure of the round, as computed (SPEC §4, §7–§12).

use anyhow::Result;

use crate::render::seam::{Output, RenderContext, Rendered};

/// The output writing `analysis.json`.
#[derive(Default)]
pub struct AnalysisJson;

impl Output for AnalysisJson {
    fn name(&self) -> &'static str {
        "analysis.json"
    }

    fn render(&mut self, context: &RenderContext) -> Result<Rendered> {
        Ok(Rendered {
            files: vec![(
                "analysis.json".to_string(),
                context.analysis_json().as_bytes().to_vec(),
            )],
            ..Rendered::default()
        })
    }
}
