//! The negotiation checklist (`checklist.md`): the seed's before-, during- and
//! after-negotiation items as GitHub task-list markdown, rendered from
//! `templates/checklist.md.j2`, and the same items read back into sections for the PDF.

use anyhow::Result;

use crate::analysis::Analysis;
use crate::render::templates::Templates;
use crate::render::text::markdown::{plain, spans, tidy};
use crate::render::text::{analysis_context, environment, render_template};
use crate::render::{Checklist, ChecklistItem, ChecklistSection};

/// The checklist template's name.
pub const CHECKLIST_TEMPLATE: &str = "checklist.md.j2";

/// Render the checklist: its markdown and its sections with their items.
pub fn render_checklist(templates: &Templates, analysis: &Analysis) -> Result<Checklist> {
    let env = environment(templates)?;
    let rendered = render_template(
        &env,
        templates,
        CHECKLIST_TEMPLATE,
        analysis_context(analysis),
    )?;
    let markdown = tidy(&rendered);
    let sections = parse_sections(&markdown);
    Ok(Checklist { markdown, sections })
}

/// Read `## Heading` lines and `- [x] …` / `- [ ] …` items back as styled runs and plain
/// text (markdown escapes removed). Other lines (the title, notes) are not items.
fn parse_sections(markdown: &str) -> Vec<ChecklistSection> {
    let mut sections: Vec<ChecklistSection> = Vec::new();
    for line in markdown.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            sections.push(ChecklistSection {
                title: plain(&spans(title.trim())),
                items: Vec::new(),
            });
            continue;
        }
        let item = if let Some(text) = line
            .strip_prefix("- [x] ")
            .or_else(|| line.strip_prefix("- [X] "))
        {
            Some((true, text))
        } else {
            line.strip_prefix("- [ ] ").map(|text| (false, text))
        };
        if let Some((done, text)) = item {
            if sections.is_empty() {
                sections.push(ChecklistSection {
                    title: String::new(),
                    items: Vec::new(),
                });
            }
            if let Some(section) = sections.last_mut() {
                let spans = spans(text.trim());
                section.items.push(ChecklistItem {
                    done,
                    text: plain(&spans),
                    spans,
                });
            }
        }
    }
    sections
}

#[cfg(test)]
mod tests;
