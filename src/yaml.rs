//! Reading YAML input files (offers, market data, tax tables): the size and encoding
//! checks, the parser's budgets against bombs, and serde's errors reworded for people,
//! each with `file:line:column`, the field path and a fix.

use std::fs;
use std::io::Read;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{Budget, Options};

use crate::error::InputError;

/// The largest input file read: one mebibyte is hundreds of rounds.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// How messages name a kind of file.
pub struct FileKind {
    /// `an offer file`.
    pub a: &'static str,
    /// What to pass instead of a file that is not YAML text.
    pub instead: &'static str,
}

/// Read a YAML file as UTF-8 text no larger than [`MAX_FILE_BYTES`], with messages for
/// people: a missing file, a folder, a binary or UTF-16 file, a file far too large.
pub fn read(path: &Path, shown: &str, kind: &FileKind) -> Result<String, InputError> {
    match not_a_file(path) {
        Some(NotAFile::Folder) => {
            return Err(InputError::new(format!(
                "{shown}: is a folder, not {}; {}",
                kind.a, kind.instead
            )));
        }
        Some(NotAFile::Special) => {
            return Err(InputError::new(format!(
                "{shown}: {}; {}",
                NotAFile::Special.says(),
                kind.instead
            )));
        }
        // A missing file is said by the open below, with the reason the system gives.
        Some(NotAFile::Missing) | None => {}
    }
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
            "{shown}: the file is larger than {} KiB; {} is a few kilobytes of YAML — check that this is the right file",
            MAX_FILE_BYTES / 1024,
            kind.a
        )));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(InputError::new(format!(
            "{shown}: the file is UTF-16 text; save it as UTF-8 in your editor"
        )));
    }
    if bytes.contains(&0) {
        return Err(InputError::new(format!(
            "{shown}: this is a binary file, not YAML text; {}",
            kind.instead
        )));
    }
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let before = error.as_bytes().get(..offset).unwrap_or_default();
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

/// Why a path named for reading is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAFile {
    Missing,
    Folder,
    /// A pipe, socket or device: opening a FIFO for reading waits for a writer, and a
    /// device can be endless, so only a regular file is ever opened.
    Special,
}

impl NotAFile {
    /// What the path is, as a message says it after the path.
    pub fn says(self) -> &'static str {
        match self {
            NotAFile::Missing => "does not exist",
            NotAFile::Folder => "is a folder",
            NotAFile::Special => "is not a regular file (a pipe, socket or device)",
        }
    }
}

/// Why `path` cannot be read as a YAML file, or `None` when it is a regular file (or one
/// the system will not describe: opening it then says why). The one test every input
/// file's path goes through: the offer, the market file, the tax tables.
pub fn not_a_file(path: &Path) -> Option<NotAFile> {
    match fs::metadata(path) {
        Ok(metadata) if metadata.is_file() => None,
        Ok(metadata) if metadata.is_dir() => Some(NotAFile::Folder),
        Ok(_) => Some(NotAFile::Special),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Some(NotAFile::Missing),
        Err(_) => None,
    }
}

fn plain_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a folder".into(),
        _ => error.to_string(),
    }
}

/// Parse `text` as a `T`; a problem becomes an [`InputError`] that names the file
/// (`shown`), the line and column, the field path and how to fix it.
pub fn parse<T: DeserializeOwned>(text: &str, shown: &str) -> Result<T, InputError> {
    let mut path = String::new();
    let result =
        serde_saphyr::with_deserializer_from_str_with_options(text, options(), |deserializer| {
            serde_path_to_error::deserialize(deserializer).map_err(|error| {
                path = field_path(error.path());
                error.into_inner()
            })
        });
    result.map_err(|error| InputError::new(describe_yaml_error(&error, &path, shown)))
}

/// YAML options: tight budgets so an alias bomb or deep nesting fails fast. The market
/// file is read with the same ones.
pub fn options() -> Options {
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
    // `.inf` and `.nan` reach the field as text, so that validation quotes the value and
    // says what the field wants.
    options.non_finite_float_policy = serde_saphyr::options::NonFiniteFloatPolicy::AsString;
    // YAML 1.2's booleans only (`true`, `false`): `yes`, `no`, `on` and `off` are text, as
    // editors reading the offer schema take them.
    options.strict_booleans = true;
    options.with_snippet = false;
    options
}

/// `file:line:column: path: message; how to fix`.
fn describe_yaml_error(error: &serde_saphyr::Error, path: &str, shown: &str) -> String {
    // An unknown field called `value` looks like a `Spanned` wrapper to `field_path`.
    let mut path = path.to_string();
    if let serde_saphyr::Error::SerdeUnknownField { field, .. } = innermost(error) {
        let field = printable(field);
        if !path.ends_with(&field) {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&field);
        }
    }
    let location = error
        .location()
        .filter(|location| location.line() > 0)
        .map(|location| format!(":{}:{}", location.line(), location.column()))
        .unwrap_or_default();
    let field = if path.is_empty() {
        String::new()
    } else {
        format!("{path}: ")
    };
    format!("{shown}{location}: {field}{}", humanize(error))
}

/// The field path as the file names it (`rounds[0].rsu.value`). serde_path_to_error also
/// records the `value` field of every `Spanned` wrapper: that is the `value` right after a
/// field name or a list index. (The one field of the file called `value`, `rsu.value`,
/// comes right after the wrapper of `rsu`, so it is kept.)
fn field_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    let mut after_name_or_index = false;
    for segment in path.iter() {
        match segment {
            Segment::Map { key } if key == "value" && after_name_or_index => {
                after_name_or_index = false;
            }
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&printable(key));
                after_name_or_index = true;
            }
            Segment::Seq { index } => {
                out.push_str(&format!("[{index}]"));
                after_name_or_index = true;
            }
            Segment::Unknown => {}
        }
    }
    out
}

/// Text from the file made safe to print on a terminal: control characters (an escape
/// sequence in a key, say) are shown escaped, everything else as written.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The error inside any snippet wrappers.
fn innermost(error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    let mut inner = error;
    while let serde_saphyr::Error::WithSnippet { error, .. } = inner {
        inner = error;
    }
    inner
}

/// Rewrite serde's messages in plain words with a fix.
fn humanize(error: &serde_saphyr::Error) -> String {
    let inner = innermost(error);
    match inner {
        serde_saphyr::Error::SerdeUnknownField {
            field, expected, ..
        } => match nearest(field, expected).map(|best| (printable(field), best)) {
            Some((field, best)) => format!("unknown field `{field}`; did you mean `{best}`?"),
            None if expected.is_empty() => {
                format!("unknown field `{}`; remove it", printable(field))
            }
            None => format!(
                "unknown field `{}`; remove it, or use one of: {}",
                printable(field),
                expected.join(", ")
            ),
        },
        serde_saphyr::Error::DuplicateMappingKey { key: Some(key), .. } => format!(
            "`{}` appears twice in the same place; keep one of them",
            printable(key)
        ),
        serde_saphyr::Error::NullIntoString { .. } => {
            "needs a value, and it is empty (null); write the value after the colon".to_string()
        }
        serde_saphyr::Error::SerdeMissingField { field, .. } => format!(
            "the required field `{field}` is missing; add it (if it is in the file, indent it like the fields beside it)"
        ),
        serde_saphyr::Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => {
            let text = unexpected
                .strip_prefix("string ")
                .map(|text| format!("the text {text}"));
            let found = match unexpected.as_str() {
                "unit value" => "nothing (the value is empty)",
                "sequence" => "a list",
                "map" => "`field: value` lines",
                other => text.as_deref().unwrap_or(other),
            };
            format!("expected {expected}, found {found}; change the value")
        }
        _ => plain_words(&inner.to_string()),
    }
}

/// serde-saphyr's own wording, rewritten where it speaks of its internals.
fn plain_words(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or_default();
    let message = first_line.split(" at line ").next().unwrap_or(first_line);
    let rewrites: [(&str, &str); 18] = [
        (
            "tagged scalar",
            "a YAML tag (a word after `!`) is not allowed here; remove the tag and write the value plainly",
        ),
        (
            "duplicate mapping key",
            "this key appears twice in the same place; keep one of them",
        ),
        (
            "Documents",
            "the file holds more than one YAML document (a `---` line); keep one offer per file",
        ),
        (
            "non-finite float",
            "is not a finite number; write an amount such as 185000",
        ),
        (
            "expected mapping start",
            "expected `field: value` lines here; check the indentation and brackets",
        ),
        (
            "expected sequence start",
            "expected a list here; write it as [a, b, c] on one line, or as lines starting with `- ` indented under the field",
        ),
        (
            "expected string scalar",
            "expected text here, not a list or `field: value` lines; write the text after the colon, in quotes if it holds `: `, `[` or `{`",
        ),
        (
            "recursion limit",
            "the file nests too deeply to be an offer file; an offer file is a few levels deep",
        ),
        (
            "budget",
            "the file repeats aliases or nodes too often to be an offer file; write the values out",
        ),
        (
            "found a tab",
            "a tab indents this line; YAML indents with spaces only: replace the tab with spaces",
        ),
        (
            "tabs disallowed",
            "a tab indents this line; YAML indents with spaces only: replace the tab with spaces",
        ),
        (
            "unknown anchor",
            "this `*name` refers to no `&name` above it; define the anchor first, or write the value out",
        ),
        (
            "unknown escape",
            "a double-quoted value holds an escape (`\\` and a letter) that YAML does not know; write `\\\\` for a backslash, or use single quotes",
        ),
        (
            "mapping values are not allowed",
            "a `: ` here starts a field where none can start; put a value that holds `: ` in quotes, or check this line's indentation",
        ),
        (
            "unclosed quote",
            "a quoted value is never closed; add the closing quote",
        ),
        (
            "unclosed bracket",
            "a `[` or `{` is never closed; add the matching `]` or `}`",
        ),
        (
            "unexpected character",
            "a value cannot start with this character; put the value in quotes",
        ),
        (
            "did not find expected",
            "the structure breaks here; check the indentation and that every `[` and `{` is closed",
        ),
    ];
    match rewrites.iter().find(|(needle, _)| message.contains(needle)) {
        Some((_, plain)) => (*plain).to_string(),
        None => format!(
            "{}; check the YAML syntax and indentation here",
            printable(message)
        ),
    }
}

/// The known name closest to `field`, when it is close enough to be a typo.
pub fn nearest<'a>(field: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|name| (strsim::jaro_winkler(&field.to_lowercase(), name), *name))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

/// `file:line:column: path` of a value, for messages (`file: path` when the value has no
/// place, as a default does).
pub fn place<T>(shown: &str, value: &serde_saphyr::Spanned<T>, path: &str) -> String {
    let location = &value.referenced;
    if location.line() > 0 {
        format!("{shown}:{}:{}: {path}", location.line(), location.column())
    } else {
        format!("{shown}: {path}")
    }
}

/// A problem with a value, as (line, column, `file:line:column: path: message`), so that
/// a file's problems can be sorted by place before they are shown.
pub fn located<T>(
    shown: &str,
    value: &serde_saphyr::Spanned<T>,
    path: &str,
    message: &str,
) -> (u64, u64, String) {
    let location = &value.referenced;
    (
        location.line(),
        location.column(),
        format!("{}: {message}", place(shown, value, path)),
    )
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
