//! What the commands share: writing to the terminal (a closed or full stdout is a failure
//! to report, never a panic; every line made safe by [`for_terminal`], so that no field,
//! path or argument can act on the terminal) and the summary of a build.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use offerbrief::Briefing;
use offerbrief::render::text::markdown::oneline;
use offerbrief::user_text::for_terminal;
use offerbrief::vocab::FlagCode;

/// Prints `text` and a newline to stdout, made safe for the terminal. A stdout that
/// cannot take it (closed, a full disk) is an error the caller reports, with exit code 3.
pub fn out(text: &str) -> Result<()> {
    write_stdout(format!("{}\n", for_terminal(text, false)).as_bytes())
}

/// [`out`] for text that carries offerbrief's own colours (the analysis table): its
/// colour sequences are kept, every other control character is shown as an escape.
pub fn out_styled(text: &str) -> Result<()> {
    write_stdout(format!("{}\n", for_terminal(text, true)).as_bytes())
}

/// Writes bytes to stdout as they are: only for output that holds no user text (the
/// shell completion script); everything else goes through [`out`].
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .context("writing to standard output")
}

/// Prints `text` and a newline to stderr, made safe for the terminal; if even stderr is
/// gone there is no one left to tell.
pub fn err(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{}", for_terminal(text, false));
}

/// What `build` prints: the folder written (relative to the working folder), the files,
/// and the draft to send next, all as the analysis's `drafts[]` says.
pub fn summary(file: &Path, briefing: &Briefing, folder: &Path) -> String {
    let shown = relative_to_cwd(folder);
    let analysis = &briefing.analysis;
    let drafts = analysis.drafts.len();
    let mut documents: Vec<&str> = briefing
        .files
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| !name.contains('/'))
        .collect();
    documents.dedup();
    let mut text = format!(
        "{}: round {} ({}) → {}/\n  {}, {drafts} email draft{}",
        relative_to_cwd(file).display(),
        analysis.offer.round.number,
        oneline(&analysis.offer.round.name),
        shown.display(),
        documents.join(", "),
        if drafts == 1 { "" } else { "s" }
    );
    if let Some(recommended) = briefing.recommended() {
        text.push_str(&format!(
            "\n  next: send {}",
            shown.join(recommended).display()
        ));
    }
    if let Some(flag) = analysis
        .flags
        .iter()
        .find(|flag| flag.code == FlagCode::StartForfeitsVest)
    {
        text.push_str(&format!("\n  start date: {}", oneline(&flag.message)));
    }
    text
}

/// `path` relative to the working folder when it lies inside it, else as given.
pub fn relative_to_cwd(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}
