//! typst's errors and warnings as people read them: `file:line:column: message`, with
//! typst's hints and where the failing code was called from. A file is named by the
//! user's override path, or the built-in template's name.

use typst::diag::SourceDiagnostic;
use typst::ecow::EcoVec;
use typst::syntax::{DiagSpan, FileId, VirtualRoot};
use typst::{World, WorldExt};

use super::data::Inputs;
use super::project::PROJECT_DIR;
use super::world::BriefingWorld;
use crate::error::InputError;

impl BriefingWorld {
    /// How a user should find a project file: the override's path, or the built-in name.
    fn display_path(&self, id: FileId) -> String {
        let path = id.vpath().get_without_slash();
        if !matches!(id.root(), VirtualRoot::Project) {
            return path.to_string();
        }
        if Inputs::NAMES.contains(&path) {
            return path.to_string();
        }
        let name = format!("{PROJECT_DIR}{path}");
        match self.templates.override_path(&name) {
            Some(override_path) if override_path.is_file() => override_path.display().to_string(),
            _ => format!("templates/{name}"),
        }
    }

    /// `file:line:column` of a span, when it points into a file.
    fn locate(&self, span: DiagSpan) -> Option<String> {
        let id = span.id()?;
        let place = self.display_path(id);
        let located = self.range(span).and_then(|range| {
            let source = self.source(id).ok()?;
            source.lines().byte_to_line_column(range.start)
        });
        Some(match located {
            Some((line, column)) => format!("{place}:{}:{}", line + 1, column + 1),
            None => place,
        })
    }

    /// One diagnostic as people read it: `file:line:column: message`, then its hints
    /// and where it was called from.
    pub fn describe(&self, diagnostic: &SourceDiagnostic) -> String {
        let mut text = match self.locate(diagnostic.span) {
            Some(place) => format!("{place}: {}", diagnostic.message),
            None => format!("briefing template: {}", diagnostic.message),
        };
        for hint in &diagnostic.hints {
            text.push_str("\n  hint: ");
            text.push_str(&hint.v);
            if let Some(place) = self.locate(hint.span) {
                text.push_str(&format!(" ({place})"));
            }
        }
        for point in &diagnostic.trace {
            if let Some(place) = self.locate(point.span.into()) {
                text.push_str(&format!("\n  note: {} at {place}", point.v));
            }
        }
        text
    }

    /// typst's errors as one [`InputError`], one problem per error.
    pub fn input_error(&self, errors: &EcoVec<SourceDiagnostic>) -> anyhow::Error {
        let mut problems: Vec<String> = errors.iter().map(|error| self.describe(error)).collect();
        if problems.is_empty() {
            problems.push("briefing template: typst failed without saying why".to_string());
        }
        anyhow::Error::new(InputError { problems }).context("compiling the PDF briefing")
    }
}
