//! The minijinja environment every text renderer shares (drafts, checklist, messages):
//! templates loaded through the template store (so `--templates DIR` overrides a
//! built-in by name), strict undefined variables, the formatting filters of [`filters`],
//! and how printed text is kept from becoming markup (see [`markdown`]).

pub mod filters;
pub mod markdown;

use anyhow::{Context as _, Result};
use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior, context};

use crate::analysis::Analysis;
use crate::analysis::model::checklist::ChecklistEntry;
use crate::error::InputError;
use crate::render::limits::{TEMPLATE_FUEL, TEMPLATE_TEXT_MB};
use crate::render::templates::Templates;
use crate::vocab::ChecklistSection;
use markdown::{escape_markdown, literal};

/// Templates whose output is GitHub markdown (the checklist): text from the offer file is
/// escaped, so it shows as written and never as markup.
const MARKDOWN: &str = "markdown";
/// Templates whose output is a draft: text from the offer file is put on one line and
/// marked literal (see [`markdown::literal`]), never escaped.
const DRAFT: &str = "draft";

/// The shared environment, loading templates from `templates`.
pub fn environment(templates: &Templates) -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Debug mode makes an undefined-variable error name the expression (`offer.rol`).
    env.set_debug(true);
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .context("configuring the template syntax")?,
    );
    let store = templates.clone();
    env.set_loader(move |name| load_template(&store, name));
    env.set_auto_escape_callback(|name| {
        if name.starts_with("emails/") {
            AutoEscape::Custom(DRAFT.into())
        } else if name.ends_with(".md.j2") {
            AutoEscape::Custom(MARKDOWN.into())
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(format_value);
    // A user's template is code: its work and the text it makes are bounded.
    env.set_fuel(Some(TEMPLATE_FUEL));
    filters::register(&mut env);
    Ok(env)
}

/// The analysis as template context, with two lookups (not figures): `lever_by_kind`
/// (each lever keyed by its code, for `lever_by_kind[ask]`) and `checklist_sections` (the
/// checklist's items grouped under their sections, in order).
pub fn analysis_context(analysis: &Analysis) -> Value {
    let lever_by_kind = Value::from_pairs(
        analysis
            .levers
            .iter()
            .map(|lever| (lever.lever.code(), Value::from(Serde(lever)))),
    );
    context! {
        lever_by_kind => lever_by_kind,
        checklist_sections => Value::from(Serde(checklist_sections(analysis))),
        ..Value::from(Serde(analysis))
    }
}

/// A section of the checklist with its items, for the templates.
#[derive(serde::Serialize)]
pub struct ChecklistSectionView<'a> {
    pub code: ChecklistSection,
    pub title: &'static str,
    pub items: Vec<&'a ChecklistEntry>,
    /// Whether the section is short enough to keep on one page (the PDF moves it whole
    /// rather than leave a few items on a page of their own).
    pub keep_together: bool,
}

/// The most characters of items a section the PDF keeps whole may hold: about two
/// thirds of a page.
const KEEP_TOGETHER_CHARS: usize = 3_000;

/// The checklist's items grouped under their sections, in the sections' order; a section
/// without items is left out.
pub fn checklist_sections(analysis: &Analysis) -> Vec<ChecklistSectionView<'_>> {
    ChecklistSection::ALL
        .iter()
        .map(|section| {
            let items: Vec<&ChecklistEntry> = analysis
                .checklist
                .iter()
                .filter(|item| item.section == *section)
                .collect();
            let length: usize = items
                .iter()
                .map(|item| {
                    item.item.len()
                        + item
                            .evidence
                            .as_deref()
                            .or(item.todo.as_deref())
                            .map_or(0, str::len)
                })
                .sum();
            ChecklistSectionView {
                code: *section,
                title: section.title(),
                keep_together: length <= KEEP_TOGETHER_CHARS,
                items,
            }
        })
        .filter(|section| !section.items.is_empty())
        .collect()
}

/// Render template `name`; a failure becomes an [`InputError`] naming the template, its
/// line and what went wrong.
pub fn render_template(
    env: &Environment<'_>,
    templates: &Templates,
    name: &str,
    ctx: Value,
) -> Result<String> {
    let template = env
        .get_template(name)
        .map_err(|err| template_error(templates, name, &err))?;
    template
        .render(ctx)
        .map_err(|err| template_error(templates, name, &err))
}

fn load_template(store: &Templates, name: &str) -> Result<Option<String>, Error> {
    let bytes = store
        .get(name)
        .map_err(|err| Error::new(ErrorKind::InvalidOperation, format!("{err:#}")))?;
    match bytes {
        None => Ok(None),
        Some(bytes) => String::from_utf8(bytes.into_owned())
            .map(Some)
            .map_err(|_| {
                Error::new(
                    ErrorKind::InvalidOperation,
                    format!("template {name} is not UTF-8 text"),
                )
            }),
    }
}

/// A template failure as a located input error: `emails/x.md.j2:12: undefined value: …`.
pub fn template_error(templates: &Templates, requested: &str, err: &Error) -> anyhow::Error {
    // The innermost error with a location says where the problem is (an imported macro
    // file, say); the outer one only says which template was being rendered.
    let mut located = err;
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(err);
    while let Some(inner) = cause {
        if let Some(inner) = inner.downcast_ref::<Error>()
            && inner.name().is_some()
        {
            located = inner;
        }
        cause = inner.source();
    }
    let name = located.name().unwrap_or(requested);
    let message = match located.detail() {
        _ if located.kind() == ErrorKind::OutOfFuel => format!(
            "the template does too much work (over {} steps, or about {TEMPLATE_TEXT_MB} MB of text) and was stopped here; look for a loop over a large range or text that keeps doubling",
            crate::money::fixed(TEMPLATE_FUEL.into(), 0)
        ),
        Some(detail) => format!("{}: {detail}", located.kind()),
        None => located.kind().to_string(),
    };
    input_error(templates, name, located.line().unwrap_or(0), &message)
}

/// `templates/<name>:<line>: <message>`, naming the override file when there is one.
pub fn input_error(templates: &Templates, name: &str, line: usize, message: &str) -> anyhow::Error {
    let shown = match templates.override_path(name) {
        Some(path) if path.is_file() => path.display().to_string(),
        _ => format!("templates/{name}"),
    };
    anyhow::Error::new(InputError::new(format!("{shown}:{line}: {message}")))
}

/// How a printed value is written: `none` and raw fractional numbers are refused (they
/// would put "none" or "185000.0" in a sent email); text is escaped in markdown templates
/// and marked literal in drafts.
fn format_value(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), Error> {
    if value.is_none() {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            "tried to print a value that is none (missing in the offer file); guard it with {% if … %}",
        ));
    }
    if matches!(value.kind(), minijinja::value::ValueKind::Number) && value.as_i64().is_none() {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            "tried to print a raw number; format it with |money, |percent or |number",
        ));
    }
    let text = value.to_string();
    let written = match state.auto_escape() {
        _ if value.is_safe() => text,
        AutoEscape::Custom(mode) if mode == MARKDOWN => escape_markdown(&text),
        AutoEscape::Custom(mode) if mode == DRAFT => literal(&markdown::single_line(&text)),
        _ => return minijinja::escape_formatter(out, state, value),
    };
    out.write_str(&written).map_err(Error::from)
}

#[cfg(test)]
mod tests;
