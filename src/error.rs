//! The two kinds of failure: a problem in what the user wrote (exit 1) and everything
//! else (exit 3). Both travel as `anyhow::Error`; `main` tells them apart by looking for
//! an [`InputError`] in the chain.

use std::fmt;

/// A problem in the user's input (offer file, market file, template), already worded
/// for people: `file:line:column: field: what is wrong; how to fix it`. One per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// Every problem found, each a complete line.
    pub problems: Vec<String>,
}

impl InputError {
    /// One problem.
    pub fn new(problem: impl Into<String>) -> InputError {
        InputError {
            problems: vec![problem.into()],
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problems.join("\n"))
    }
}

impl std::error::Error for InputError {}

/// Whether `error` (or anything it wraps) is a problem in the user's input.
pub fn is_input_error(error: &anyhow::Error) -> bool {
    error
        .chain()
        .any(|cause| cause.downcast_ref::<InputError>().is_some())
}

/// The problems of an input error, one per line (`error` must hold one).
pub fn describe_input(error: &anyhow::Error) -> String {
    error
        .chain()
        .find_map(|cause| cause.downcast_ref::<InputError>())
        .map_or_else(|| error.to_string(), ToString::to_string)
}

/// The message `main` prints for a failed build of `file`: problems in the input as they
/// are (they already name the file), anything else as `error: file: cause: cause`.
pub fn describe(error: &anyhow::Error, file: &std::path::Path) -> String {
    if let Some(input) = error
        .chain()
        .find_map(|cause| cause.downcast_ref::<InputError>())
    {
        return input.to_string();
    }
    let causes: Vec<String> = error.chain().map(ToString::to_string).collect();
    format!("error: {}: {}", file.display(), causes.join(": "))
}
