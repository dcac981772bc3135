//! `offerbrief templates export DIR`: the built-in templates written out for editing.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

pub fn execute(dir: &Path) -> Result<ExitCode> {
    let exported = offerbrief::output::export_templates(dir)?;
    for kept in &exported.kept {
        super::console::err(&format!("kept {} (exists already)", kept.display()));
    }
    super::console::out(&format!(
        "wrote {} template files to {}; edit them and pass `--templates {}`",
        exported.written,
        dir.display(),
        dir.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}
