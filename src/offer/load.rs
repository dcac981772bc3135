//! Reading an offer file: size and encoding checks, YAML parsing with budgets against
//! bombs, and serde errors rewritten for people (with the nearest known field name).

use std::fs;
use std::io::Read;
use std::path::Path;

use anyhow::Result;
use serde_saphyr::{Budget, Options};

use super::Offer;
use super::raw::RawOffer;
use super::validate::validate;
use crate::error::InputError;

/// The largest offer file read: one mebibyte is hundreds of rounds.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Read and validate the offer file at `path`.
pub fn load(path: &Path) -> Result<Offer> {
    let shown = path.display().to_string();
    let text = read_text(path, &shown)?;
    let base_dir = path.parent().unwrap_or(Path::new("."));
    Ok(parse_offer(&text, &shown, base_dir)?)
}

/// Read a file as UTF-8 text no larger than [`MAX_FILE_BYTES`], with user-facing errors.
pub fn read_text(path: &Path, shown: &str) -> Result<String, InputError> {
    let file = fs::File::open(path).map_err(|error| {
        InputError::new(format!(
            "{shown}: cannot open the file: {}; check the path",
            plain_io(&error)
        ))
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| {
            InputError::new(format!(
                "{shown}: cannot read the file: {}",
                plain_io(&error)
            ))
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(InputError::new(format!(
            "{shown}: the file is larger than {} KiB; an offer file is a few kilobytes of YAML — check that this is the right file",
            MAX_FILE_BYTES / 1024
        )));
    }
    if bytes.contains(&0) {
        return Err(InputError::new(format!(
            "{shown}: this is a binary file, not YAML text; pass the offer's .yaml file"
        )));
    }
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let before = &error.as_bytes()[..offset];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let column = offset
            - before
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        InputError::new(format!(
            "{shown}:{line}:{column}: the file is not UTF-8 text; save it as UTF-8 in your editor"
        ))
    })
}

fn plain_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a folder".into(),
        _ => error.to_string(),
    }
}

/// Parse and validate offer-file text; `shown` names the file in messages and
/// `base_dir` resolves a relative `market:` path.
pub fn parse_offer(text: &str, shown: &str, base_dir: &Path) -> Result<Offer, InputError> {
    if text.trim().is_empty()
        || text
            .lines()
            .all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'))
    {
        return Err(InputError::new(format!(
            "{shown}: the file is empty; run `offerbrief new {shown}` for a commented starter file"
        )));
    }
    let raw = parse_raw(text, shown)?;
    validate(&raw, shown, base_dir)
}

/// YAML options: tight budgets so an alias bomb or deep nesting fails fast.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_depth = 32;
    budget.max_nodes = 100_000;
    budget.max_events = 200_000;
    budget.max_documents = 1;
    budget.max_total_scalar_bytes = 2 * 1024 * 1024;
    budget.max_recorded_anchor_events = 10_000;
    budget.max_recorded_anchor_bytes = 1024 * 1024;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    options
}

fn parse_raw(text: &str, shown: &str) -> Result<RawOffer, InputError> {
    let mut path = String::new();
    let result =
        serde_saphyr::with_deserializer_from_str_with_options(text, options(), |deserializer| {
            serde_path_to_error::deserialize(deserializer).map_err(|error| {
                path = error.path().to_string();
                error.into_inner()
            })
        });
    result.map_err(|error| InputError::new(describe_yaml_error(&error, &path, shown)))
}

/// `file:line:column: path: message; how to fix`.
fn describe_yaml_error(error: &serde_saphyr::Error, path: &str, shown: &str) -> String {
    let location = error
        .location()
        .filter(|location| location.line() > 0)
        .map(|location| format!(":{}:{}", location.line(), location.column()))
        .unwrap_or_default();
    let path = clean_path(path);
    let field = if path.is_empty() || path == "." {
        String::new()
    } else {
        format!("{path}: ")
    };
    format!("{shown}{location}: {field}{}", humanize(error))
}

/// serde_path_to_error names the fields of `Spanned` wrappers; keep the file's own names.
fn clean_path(path: &str) -> String {
    path.replace(".value", "").replace('?', "")
}

/// Rewrite serde's messages in plain words with a fix.
fn humanize(error: &serde_saphyr::Error) -> String {
    let mut inner = error;
    while let serde_saphyr::Error::WithSnippet { error, .. } = inner {
        inner = error;
    }
    match inner {
        serde_saphyr::Error::SerdeUnknownField {
            field, expected, ..
        } => match nearest(field, expected) {
            Some(best) => format!("unknown field `{field}`; did you mean `{best}`?"),
            None if expected.is_empty() => format!("unknown field `{field}`; remove it"),
            None => format!(
                "unknown field `{field}`; remove it, or use one of: {}",
                expected.join(", ")
            ),
        },
        serde_saphyr::Error::SerdeMissingField { field, .. } => {
            format!("the required field `{field}` is missing; add it")
        }
        _ => {
            let message = inner.to_string();
            let first_line = message.lines().next().unwrap_or_default();
            let message = first_line.split(" at line ").next().unwrap_or(first_line);
            if message.contains("budget") || message.contains("limit") {
                format!(
                    "{message}; the file nests too deeply or repeats aliases too often to be an offer file"
                )
            } else {
                format!("{message}; check the YAML syntax and indentation here")
            }
        }
    }
}

/// The known name closest to `field`, when it is close enough to be a typo.
pub(crate) fn nearest<'a>(field: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|name| (strsim::jaro_winkler(&field.to_lowercase(), name), *name))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_field() {
        assert_eq!(nearest("bse", &["base", "sign_on", "rsu"]), Some("base"));
        assert_eq!(
            nearest("vestng", &["value", "shares", "vesting"]),
            Some("vesting")
        );
        assert_eq!(nearest("zzzzzz", &["base", "rsu"]), None);
    }
}
