//! The limits on the work a template may make offerbrief do, all in one place. A template
//! given with `--templates` is code: a loop over a huge range, text that doubles until it
//! fills the memory, a typst loop that never ends must stop with one clear line that names
//! the template (exit code 1), not hang or crash. The built-in templates stay far inside
//! every limit.

use std::time::Duration;

use anyhow::Result;

use crate::error::InputError;

/// The fuel of one minijinja render (a draft, the checklist, the messages): a unit per
/// instruction and one per 64 bytes of text a template makes, checked before a string is
/// built (minijinja's `fuel`). The largest built-in render (a first counter e-mail) uses
/// about 1 300; a million is a fraction of a second of work and at most about 64 MB of
/// text, so that `range(100000)` nested twice or a string doubled 31 times stops at once.
pub const TEMPLATE_FUEL: u64 = 1_000_000;

/// About the most text [`TEMPLATE_FUEL`] lets a render make, in MB, as messages say it.
pub const TEMPLATE_TEXT_MB: u64 = TEMPLATE_FUEL * 64 / 1_000_000;

/// The environment variable that sets [`typeset_time`], in whole seconds.
pub const TYPESET_SECONDS_VAR: &str = "OFFERBRIEF_TYPESET_SECONDS";
/// The environment variable that sets [`typeset_memory_mb`], in MB.
pub const TYPESET_MEMORY_VAR: &str = "OFFERBRIEF_TYPESET_MEMORY_MB";

/// How long typst may take to typeset one PDF: 60 s unless [`TYPESET_SECONDS_VAR`] says
/// otherwise. A briefing takes well under a second; typst cannot be interrupted, so a
/// template that runs longer is left behind and the build fails.
pub fn typeset_time() -> Result<Duration> {
    Ok(Duration::from_secs(setting(
        TYPESET_SECONDS_VAR,
        60,
        "seconds",
    )?))
}

/// How much memory (resident, in MB) offerbrief may hold while typst typesets: 2 048
/// unless [`TYPESET_MEMORY_VAR`] says otherwise. A build holds about 60 MB and a batch of
/// 300 offers about 80 MB, so only a template building something enormous (`range` of a
/// billion) reaches it.
pub fn typeset_memory_mb() -> Result<u64> {
    setting(TYPESET_MEMORY_VAR, 2_048, "megabytes")
}

/// A whole number above zero from the environment variable `name`, else `default`.
fn setting(name: &str, default: u64, unit: &str) -> Result<u64> {
    let Some(value) = std::env::var_os(name) else {
        return Ok(default);
    };
    match value.to_str().and_then(|text| text.trim().parse::<u64>().ok()) {
        Some(number) if number > 0 => Ok(number),
        _ => Err(InputError::new(format!(
            "{name}={}: is not a whole number of {unit}; unset it (the default is {default}) or give a number such as {}",
            value.to_string_lossy(),
            default * 2
        ))
        .into()),
    }
}
