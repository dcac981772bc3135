//! The analysis's sentences: each flag's message, each other lever's talking point and
//! each checklist item's evidence or to-do, worded by the macros of `templates/messages.j2` from the codes and figures the
//! analysis computed. A template, not code, so `--templates` can reword them; and
//! written into the analysis before any document is rendered, so that `analysis.json`,
//! the PDF, the drafts and the terminal all say the same thing.

use anyhow::Result;
use minijinja::value::{Serde, Value};

use crate::analysis::Analysis;
use crate::render::templates::Templates;
use crate::render::text::markdown::oneline;
use crate::render::text::{analysis_context, environment, input_error, template_error};

/// The template holding the macros.
pub const MESSAGES_TEMPLATE: &str = "messages.j2";

/// Fills in `analysis`'s flag messages and talking points.
pub fn word(templates: &Templates, analysis: &mut Analysis) -> Result<()> {
    let env = environment(templates)?;
    let template = env
        .get_template(MESSAGES_TEMPLATE)
        .map_err(|err| template_error(templates, MESSAGES_TEMPLATE, &err))?;
    // The macros' `a` argument: the whole analysis, as the templates' context holds it.
    let whole = analysis_context(analysis);
    let mut captured = template
        .render_captured(whole.clone())
        .map_err(|err| template_error(templates, MESSAGES_TEMPLATE, &err))?;
    let mut call = |name: &str, what: &str, args: &[Value]| -> Result<String> {
        let text = captured
            .with_state_mut(|state| state.call_macro(name, args))
            .map_err(|err| template_error(templates, MESSAGES_TEMPLATE, &err))?;
        let text = oneline(&text);
        if text.is_empty() {
            return Err(input_error(
                templates,
                MESSAGES_TEMPLATE,
                0,
                &format!(
                    "the macro `{name}` says nothing for `{what}`; give it a sentence for `{what}`"
                ),
            ));
        }
        Ok(text)
    };

    let flags: Vec<Value> = analysis
        .flags
        .iter()
        .map(|f| Value::from(Serde(f)))
        .collect();
    for (flag, value) in analysis.flags.iter_mut().zip(flags) {
        flag.message = call("flag", flag.code.code(), &[value, whole.clone()])?;
    }
    let mut point = |kind: &str| call("talking_point", kind, &[Value::from(kind), whole.clone()]);
    let levers = &mut analysis.other_levers;
    if let Some(transfer) = levers.internal_transfer.as_mut() {
        transfer.talking_point = point("internal_transfer")?;
    }
    if let Some(level) = levers.level.as_mut() {
        level.talking_point = point("level")?;
    }
    if let Some(start) = levers.start_date.as_mut() {
        start.talking_point = point("start_date")?;
    }
    levers.relocation.talking_point = point("relocation")?;
    levers.flexibility.talking_point = point("flexibility")?;
    if let Some(bonus) = levers.performance_bonus.as_mut() {
        bonus.talking_point = point("performance_bonus")?;
    }
    if let Some(comparison) = analysis.comparison.as_mut() {
        let offer = comparison
            .alternatives
            .first()
            .map(|offer| Value::from(Serde(offer)))
            .unwrap_or_default();
        for alternative in comparison.alternatives.iter_mut().skip(1) {
            let value = Value::from(Serde(&*alternative));
            alternative.sentence = call("alternative", &alternative.name, &[value, offer.clone()])?;
        }
        if comparison.has_most_net {
            comparison.summary = call(
                "comparison_summary",
                "comparison",
                std::slice::from_ref(&whole),
            )?;
        }
    }
    if let Some(taxes) = analysis.taxes.as_mut() {
        taxes.notice = call("tax_notice", "taxes", std::slice::from_ref(&whole))?;
    }
    if let Some(situation) = analysis.situation.as_mut() {
        situation.summary = call("situation", "situation", std::slice::from_ref(&whole))?;
    }
    let items: Vec<Value> = analysis
        .checklist
        .iter()
        .map(|item| Value::from(Serde(item)))
        .collect();
    for (item, value) in analysis.checklist.iter_mut().zip(items) {
        let text = call("checklist", item.code.code(), &[value, whole.clone()])?;
        if item.done {
            item.evidence = Some(text);
        } else {
            item.todo = Some(text);
        }
    }
    Ok(())
}
