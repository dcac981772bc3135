//! `offerbrief new [FILE]`: a commented starter offer file, and the JSON Schema beside it
//! for editor completion; never overwrites.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use offerbrief::output::write_new_file;

pub fn execute(file: &Path) -> Result<ExitCode> {
    write_new_file(file, offerbrief::STARTER_OFFER.as_bytes())?;
    // Both files are written before anything is printed: a stdout that fails cannot
    // leave the offer without its schema.
    let schema = file.with_file_name("offer.schema.json");
    let text = format!("{}\n", offerbrief::offer_schema());
    let schema_written = !schema.exists() && write_new_file(&schema, text.as_bytes()).is_ok();
    super::console::out(&format!(
        "wrote {}: edit it, then run `offerbrief build {}` (or `offerbrief watch {}` to rebuild on every save)",
        file.display(),
        file.display(),
        file.display()
    ))?;
    if schema_written {
        super::console::out(&format!("wrote {} for editor completion", schema.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
