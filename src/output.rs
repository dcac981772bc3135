//! Writing outputs: the round folder's name, `analysis.json`, and atomic writes. This is
//! the only module that writes files.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};

use crate::Briefing;
use crate::analysis::Analysis;

/// `analysis.json`: the analysis, pretty-printed, ending in a newline.
pub fn analysis_json(analysis: &Analysis) -> Result<String> {
    let mut text = serde_json::to_string_pretty(analysis).context("serialising the analysis")?;
    text.push('\n');
    Ok(text)
}

/// A folder-name part made from any text: ASCII letters and digits, words joined by `-`,
/// lower case, at most 48 characters, never empty.
pub fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug: String = slug.trim_end_matches('-').chars().take(48).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        "offer".to_string()
    } else {
        slug
    }
}

/// Write a round folder atomically: the files go into a temporary folder beside
/// `out/<folder>/round-<N>`, which then replaces it in one rename. A failure leaves the
/// earlier output as it was; other rounds are never touched.
pub fn write_round(out: &Path, folder: &str, round: usize, files: &[(String, Vec<u8>)]) -> Result<PathBuf> {
    let parent = out.join(slug(folder));
    fs::create_dir_all(&parent).with_context(|| format!("creating the folder {}", parent.display()))?;
    let target = parent.join(format!("round-{round}"));
    let staging = parent.join(format!(".round-{round}.partial-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).with_context(|| format!("clearing {}", staging.display()))?;
    }
    let written = write_tree(&staging, files).and_then(|()| replace_dir(&staging, &target));
    if written.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    written?;
    Ok(target)
}

/// Put `staging` where `target` is, keeping the old `target` until the swap succeeded.
fn replace_dir(staging: &Path, target: &Path) -> Result<()> {
    let retired = target.with_file_name(format!(
        ".{}.previous-{}",
        target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        std::process::id()
    ));
    let had_previous = target.exists();
    if had_previous {
        fs::rename(target, &retired).with_context(|| format!("moving the previous {} aside", target.display()))?;
    }
    if let Err(error) = fs::rename(staging, target) {
        if had_previous {
            let _ = fs::rename(&retired, target);
        }
        return Err(error).with_context(|| format!("moving the new output into {}", target.display()));
    }
    if had_previous {
        fs::remove_dir_all(&retired).with_context(|| format!("removing the previous output {}", retired.display()))?;
    }
    Ok(())
}

/// Write `files` (relative paths with `/`) under `dir`, creating folders as needed.
/// A path that would leave `dir` is refused.
pub fn write_tree(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("creating the folder {}", dir.display()))?;
    for (name, bytes) in files {
        let relative = Path::new(name);
        let safe = relative.components().all(|part| matches!(part, Component::Normal(_)));
        anyhow::ensure!(safe && !name.is_empty(), "refusing to write {name:?} outside {}", dir.display());
        let path = dir.join(relative);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).with_context(|| format!("creating the folder {}", folder.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// What `build` prints: the folder written (relative to the working folder), the files,
/// and the draft to send next.
pub fn summary(file: &Path, briefing: &Briefing, folder: &Path) -> String {
    let shown = relative_to_cwd(folder);
    let analysis = &briefing.analysis;
    let mut text = format!(
        "{}: round {} ({}) → {}/\n  briefing.pdf, analysis.json, checklist.md, {} email drafts\n",
        file.display(),
        analysis.offer.round.number,
        analysis.offer.round.name,
        shown.display(),
        briefing.files.iter().filter(|(name, _)| name.ends_with(".md") && name.starts_with("emails/")).count()
    );
    if let Some(recommended) = &briefing.recommended {
        text.push_str(&format!("  next: send {}\n", shown.join(recommended).display()));
    }
    text.pop();
    text
}

fn relative_to_cwd(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_folder_names() {
        assert_eq!(slug("Jordan Lee"), "jordan-lee");
        assert_eq!(slug("Sam O'Neil"), "sam-o-neil");
        assert_eq!(slug("../../x"), "x");
        assert_eq!(slug(".."), "offer");
        assert_eq!(slug("李小龍"), "offer");
        assert_eq!(slug(&"a".repeat(300)).len(), 48);
    }
}
