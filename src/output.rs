//! Writing outputs: the round folder's name, `analysis.json`, and atomic writes. This is
//! the only module that writes files.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result};

use crate::error::InputError;
use crate::fingerprint::fnv1a;

/// The longest slug of one name.
const SLUG_LIMIT: usize = 48;

/// A folder-name part made from any text: ASCII letters and digits, words joined by `-`,
/// lower case, at most 48 characters, never empty (so never `.` or `..`). Accents are
/// dropped (`José` → `jose`); a name with letters that have no ASCII form (`李小龍`) gets a
/// short hash of the whole name, so that two such names do not share a folder.
pub fn slug(text: &str) -> String {
    slug_within(text, SLUG_LIMIT)
}

/// The folder of one offer's briefings under `--out`: `<candidate-slug>-<company-slug>`.
pub fn briefing_folder(candidate: &str, company: &str) -> String {
    format!("{}-{}", slug(candidate), slug(company))
}

/// A briefing folder's name made safe once more, so that no caller can name a folder
/// outside `--out`; a folder made by [`briefing_folder`] comes through unchanged.
pub fn slug_within_out(folder: &str) -> String {
    slug_within(folder, 2 * SLUG_LIMIT + 1)
}

fn slug_within(text: &str, limit: usize) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;

    let mut words = String::new();
    let mut lost_letters = false;
    let separate = |words: &mut String| {
        if !words.is_empty() && !words.ends_with('-') {
            words.push('-');
        }
    };
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_ascii_alphanumeric() {
            words.push(c.to_ascii_lowercase());
        } else if let Some(ascii) = ascii_letter(c) {
            words.push_str(ascii);
        } else {
            lost_letters |= c.is_alphanumeric();
            separate(&mut words);
        }
    }
    let mut slug = String::new();
    if words.trim_end_matches('-').is_empty() {
        slug.push_str("offer");
    } else {
        slug.push_str(words.trim_end_matches('-'));
    }
    if lost_letters {
        let hash = format!("-{:06x}", fnv1a(&[text.trim()]) & 0xff_ffff);
        let keep = limit.saturating_sub(hash.len());
        slug = slug.chars().take(keep).collect::<String>();
        slug = slug.trim_end_matches('-').to_string();
        slug.push_str(&hash);
        return slug;
    }
    let mut slug: String = slug.chars().take(limit).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Latin letters that do not decompose into an ASCII letter and a mark.
fn ascii_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'ł' | 'Ł' => "l",
        'þ' | 'Þ' => "th",
        'ı' => "i",
        _ => return None,
    })
}

/// Tells apart the temporary folders of builds running at once in one process.
static STAGING_COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A name no other build uses: the process id and a counter.
fn unique_suffix() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        STAGING_COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Write a round folder atomically: the files go into a temporary folder beside
/// `out/<folder>/round-<N>`, which then replaces it in one rename. A failure leaves the
/// earlier output as it was; other rounds are never touched.
pub fn write_round(
    out: &Path,
    folder: &str,
    round: usize,
    files: &[(String, Vec<u8>)],
) -> Result<PathBuf> {
    let staging = Staging::begin(out, folder, round)?;
    staging.write(files)?;
    staging.commit()
}

/// A round folder being written: files go into a temporary folder beside
/// `out/<folder>/round-<N>`, and [`Staging::commit`] swaps it into place in one rename.
/// Dropped without a commit, the temporary folder is removed and the earlier output
/// stays as it was. Files can be added in several steps, so that a build writes its
/// text documents while typst is still compiling the PDF.
pub struct Staging {
    staging: PathBuf,
    target: PathBuf,
    /// The folders `begin` created above the temporary one, deepest first: removed again
    /// (when still empty) if nothing is committed, so a failed build leaves no trace.
    created: Vec<PathBuf>,
    committed: bool,
}

/// `out/<folder>/round-<N>`, the folder a round is written to.
pub fn round_folder(out: &Path, folder: &str, round: usize) -> PathBuf {
    // Slugged again so that no caller can name a folder outside `out`; a folder made by
    // `briefing_folder` comes through unchanged.
    out.join(slug_within_out(folder))
        .join(format!("round-{round}"))
}

/// Refuses a round folder, or the briefing folder above it, that is a symbolic link: the
/// build would write, and replace a round, somewhere outside `--out`.
fn refuse_symlinks(target: &Path) -> Result<()> {
    for place in target.ancestors().take(2) {
        if place
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            return Err(InputError::new(format!(
                "{} is a symbolic link: offerbrief never writes through one, so that nothing outside --out is replaced; remove the link or build into another --out folder",
                place.display()
            ))
            .into());
        }
    }
    Ok(())
}

/// The files of a round folder as last written, byte for byte: what lets a rebuild in
/// watch mode rewrite only the files it changes.
#[derive(Debug, Clone)]
pub struct Written {
    /// The round folder.
    pub folder: PathBuf,
    /// (path inside the round folder, bytes), in the briefing's order.
    pub files: Vec<(String, Vec<u8>)>,
    /// Which of them were typeset (written after the others).
    pub typeset: Vec<String>,
    /// The typst project written with `--emit-typ`.
    pub project: Option<Vec<(String, Vec<u8>)>>,
}

impl Written {
    /// Whether a build that writes `quick` (the files that are not typeset) into `target`
    /// can update the files written last in place: the same folder, still there, and the
    /// same files.
    pub fn can_update(&self, target: &Path, quick: &[(String, Vec<u8>)]) -> bool {
        let before = self
            .files
            .iter()
            .filter(|(name, _)| !self.typeset.contains(name))
            .map(|(name, _)| name);
        self.folder == target && target.is_dir() && before.eq(quick.iter().map(|(name, _)| name))
    }
}

/// What a build wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rewrite {
    /// The whole round folder (another round or folder, or other files than before).
    Whole,
    /// Only these files, in place; none when the build changed nothing they hold.
    Files(Vec<String>),
}

/// A round folder being written, in two steps (the quick files while typst typesets,
/// then the PDFs) and committed at once: either whole, through a staging folder, or file
/// by file over what was written last.
pub enum Stage<'a> {
    /// A new round folder, swapped into place on commit.
    Whole(Staging),
    /// Changed files of the folder written last, renamed into place on commit.
    Update {
        target: PathBuf,
        previous: &'a Written,
        update: FileUpdate,
    },
}

impl<'a> Stage<'a> {
    /// Starts a whole round folder with `files`.
    pub fn whole(
        out: &Path,
        folder: &str,
        round: usize,
        files: &[(String, Vec<u8>)],
    ) -> Result<Stage<'a>> {
        let staging = Staging::begin(out, folder, round)?;
        staging.write(files)?;
        Ok(Stage::Whole(staging))
    }

    /// Starts an update of the folder `previous` describes, with `files`.
    pub fn update(
        target: &Path,
        previous: &'a Written,
        files: &[(String, Vec<u8>)],
    ) -> Result<Stage<'a>> {
        Ok(Stage::Update {
            target: target.to_path_buf(),
            previous,
            update: FileUpdate::stage(target, &previous.files, files)?,
        })
    }

    /// Adds more files.
    pub fn add(&mut self, files: &[(String, Vec<u8>)]) -> Result<()> {
        match self {
            Stage::Whole(staging) => staging.write(files),
            Stage::Update {
                target,
                previous,
                update,
            } => update.add(target, &previous.files, files),
        }
    }

    /// Puts everything in place; returns the round folder and what was written.
    pub fn commit(self) -> Result<(PathBuf, Rewrite)> {
        match self {
            Stage::Whole(staging) => Ok((staging.commit()?, Rewrite::Whole)),
            Stage::Update { target, update, .. } => {
                let replaced = update.commit()?;
                Ok((target, Rewrite::Files(replaced)))
            }
        }
    }
}

/// Files of a round folder written earlier being replaced in place, one by one: each
/// changed file is first written to a temporary file beside it, and
/// [`FileUpdate::commit`] renames them over the old ones. Dropped without a commit, the
/// temporary files are removed and the folder stays as it was.
pub struct FileUpdate {
    /// (temporary file, file it replaces, name inside the round folder).
    staged: Vec<(PathBuf, PathBuf, String)>,
}

impl FileUpdate {
    /// Writes, beside their old versions in the round folder `target`, the `files` whose
    /// bytes differ from what `previous` says was written there last, or that are no
    /// longer on disk as written.
    pub fn stage(
        target: &Path,
        previous: &[(String, Vec<u8>)],
        files: &[(String, Vec<u8>)],
    ) -> Result<FileUpdate> {
        let mut update = FileUpdate { staged: Vec::new() };
        update.add(target, previous, files)?;
        Ok(update)
    }

    /// Stages more files, as [`FileUpdate::stage`] does.
    pub fn add(
        &mut self,
        target: &Path,
        previous: &[(String, Vec<u8>)],
        files: &[(String, Vec<u8>)],
    ) -> Result<()> {
        refuse_symlinks(target)?;
        for (name, bytes) in files {
            let path = inside(target, name)?;
            let before = previous
                .iter()
                .find(|(written, _)| written == name)
                .map(|(_, bytes)| bytes);
            let on_disk = before.is_some_and(|before| {
                path.symlink_metadata()
                    .is_ok_and(|m| m.is_file() && m.len() == before.len() as u64)
            });
            if before == Some(bytes) && on_disk {
                continue;
            }
            if let Some(folder) = path.parent() {
                fs::create_dir_all(folder)
                    .with_context(|| format!("creating the folder {}", folder.display()))?;
            }
            let temporary = path.with_file_name(format!(".offerbrief-{}.tmp", unique_suffix()));
            let written = fs::write(&temporary, bytes);
            self.staged.push((temporary, path.clone(), name.clone()));
            written.with_context(|| format!("writing {}", path.display()))?;
        }
        Ok(())
    }

    /// Puts the staged files in place; returns their names, in order.
    pub fn commit(mut self) -> Result<Vec<String>> {
        let mut names = Vec::new();
        let mut outcome = Ok(());
        for (temporary, path, name) in std::mem::take(&mut self.staged) {
            if outcome.is_ok() {
                match fs::rename(&temporary, &path) {
                    Ok(()) => {
                        names.push(name);
                        continue;
                    }
                    Err(error) => {
                        outcome = Err(error).with_context(|| format!("writing {}", path.display()));
                    }
                }
            }
            let _ = fs::remove_file(&temporary);
        }
        outcome.map(|()| names)
    }
}

impl Drop for FileUpdate {
    fn drop(&mut self) {
        for (temporary, _, _) in &self.staged {
            let _ = fs::remove_file(temporary);
        }
    }
}

impl Staging {
    /// Creates the temporary folder for round `round` of `out/<folder>`.
    pub fn begin(out: &Path, folder: &str, round: usize) -> Result<Staging> {
        let target = round_folder(out, folder, round);
        refuse_symlinks(&target)?;
        let parent = target
            .parent()
            .map_or_else(|| out.to_path_buf(), Path::to_path_buf);
        if target.is_dir() {
            check_replaceable(&target)?;
        }
        let created: Vec<PathBuf> = parent
            .ancestors()
            .take_while(|folder| !folder.as_os_str().is_empty() && !folder.exists())
            .map(Path::to_path_buf)
            .collect();
        fs::create_dir_all(&parent)
            .with_context(|| format!("creating the folder {}", parent.display()))?;
        let staging = parent.join(format!(".round-{round}.partial-{}", unique_suffix()));
        if staging.exists() {
            fs::remove_dir_all(&staging)
                .with_context(|| format!("clearing {}", staging.display()))?;
        }
        let staged = Staging {
            staging,
            target,
            created,
            committed: false,
        };
        fs::create_dir_all(&staged.staging)
            .with_context(|| format!("creating the folder {}", staged.staging.display()))?;
        Ok(staged)
    }

    /// Writes `files` (relative paths with `/`) into the temporary folder.
    pub fn write(&self, files: &[(String, Vec<u8>)]) -> Result<()> {
        write_tree(&self.staging, files)
    }

    /// Puts the temporary folder in place of the round folder; returns the round folder.
    pub fn commit(mut self) -> Result<PathBuf> {
        replace_dir(&self.staging, &self.target)?;
        self.committed = true;
        Ok(self.target.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
            for folder in &self.created {
                // Only an empty folder goes: another build may be writing beside it.
                let _ = fs::remove_dir(folder);
            }
        }
    }
}

/// Fails, before anything is written, when the round folder `target` could not be
/// removed once replaced: a folder in it that the user may not change. A probe file is
/// created and removed in each folder, which is what removing it needs.
fn check_replaceable(target: &Path) -> Result<()> {
    let mut folders = vec![target.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let probe = folder.join(format!(".offerbrief-probe-{}", unique_suffix()));
        let writable = fs::File::create(&probe).is_ok() && fs::remove_file(&probe).is_ok();
        if !writable {
            return Err(anyhow::anyhow!(
                "{} cannot be replaced: the folder {} is not writable; make it writable (chmod -R u+w {}) or build into another --out folder",
                target.display(),
                folder.display(),
                target.display()
            ));
        }
        let entries =
            fs::read_dir(&folder).with_context(|| format!("reading {}", folder.display()))?;
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                folders.push(entry.path());
            }
        }
    }
    Ok(())
}

/// Put `staging` where `target` is, keeping the old `target` until the swap succeeded.
fn replace_dir(staging: &Path, target: &Path) -> Result<()> {
    let retired = target.with_file_name(format!(
        ".{}.previous-{}",
        target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        unique_suffix()
    ));
    let had_previous = target.exists();
    if had_previous {
        fs::rename(target, &retired)
            .with_context(|| format!("moving the previous {} aside", target.display()))?;
    }
    if let Err(error) = fs::rename(staging, target) {
        if had_previous {
            let _ = fs::rename(&retired, target);
        }
        return Err(error)
            .with_context(|| format!("moving the new output into {}", target.display()));
    }
    if had_previous && let Err(error) = fs::remove_dir_all(&retired) {
        // Put the previous round back whole, and report the failure.
        let _ = fs::rename(target, staging);
        if fs::rename(&retired, target).is_err() {
            return Err(error).with_context(|| {
                format!(
                    "removing the previous output {} (it is kept there)",
                    retired.display()
                )
            });
        }
        return Err(error)
            .with_context(|| format!("replacing {}; it is left as it was", target.display()));
    }
    Ok(())
}

/// Write `files` (relative paths with `/`) under `dir`, creating folders as needed.
/// A path that would leave `dir` is refused.
pub fn write_tree(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("creating the folder {}", dir.display()))?;
    for (name, bytes) in files {
        let path = inside(dir, name)?;
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder)
                .with_context(|| format!("creating the folder {}", folder.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// `dir/name` for a relative path with `/`; a name that would leave `dir` is refused.
fn inside(dir: &Path, name: &str) -> Result<PathBuf> {
    let relative = Path::new(name);
    let safe = relative
        .components()
        .all(|part| matches!(part, Component::Normal(_)));
    anyhow::ensure!(
        safe && !name.is_empty(),
        "refusing to write {name:?} outside {}",
        dir.display()
    );
    Ok(dir.join(relative))
}

/// Write a new file (and its missing folders), refusing to overwrite one that exists.
pub fn write_new_file(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(folder)
            .with_context(|| format!("creating the folder {}", folder.display()))?;
    }
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(InputError::new(format!("{}: the file exists already; offerbrief never overwrites it — pick another name or move it away", path.display())).into());
        }
        Err(error) => return Err(error).with_context(|| format!("creating {}", path.display())),
    };
    file.write_all(bytes)
        .with_context(|| format!("writing {}", path.display()))
}

/// What `templates export` did: the files written and the ones kept because they exist.
#[derive(Debug, Default)]
pub struct Exported {
    pub written: usize,
    pub kept: Vec<PathBuf>,
}

/// Write every built-in template (not the fonts) under `dir`, keeping files that exist.
pub fn export_templates(dir: &Path) -> Result<Exported> {
    let mut exported = Exported::default();
    for (name, bytes) in crate::render::templates::BUILTIN
        .iter()
        .filter(|(name, _)| !name.starts_with("fonts/"))
    {
        let path = dir.join(name);
        if path.exists() {
            exported.kept.push(path);
            continue;
        }
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder)
                .with_context(|| format!("creating the folder {}", folder.display()))?;
        }
        write_new_file(&path, bytes)?;
        exported.written += 1;
    }
    Ok(exported)
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
        assert_eq!(slug("José García-Núñez"), "jose-garcia-nunez");
        assert_eq!(slug("Søren Łukasz Straße"), "soren-lukasz-strasse");
        let chinese = slug("李小龍");
        assert!(
            chinese.starts_with("offer-") && chinese.len() == 12,
            "{chinese}"
        );
        assert_ne!(chinese, slug("王小明"));
        assert_eq!(chinese, slug(" 李小龍 "));
        let mixed = slug(&format!("{} 李", "a".repeat(100)));
        assert_eq!(mixed.len(), 48, "{mixed}");
        assert_eq!(slug(&"a".repeat(300)).len(), 48);
        assert_eq!(slug("-.-"), "offer");
    }

    #[test]
    fn a_long_candidate_keeps_the_company_in_the_folder() {
        let folder = briefing_folder(&"Alexandra ".repeat(10), "Amazon");
        assert!(folder.ends_with("-amazon"), "{folder}");
        assert_eq!(slug_within(&folder, 2 * SLUG_LIMIT + 1), folder);
    }

    #[test]
    fn a_staging_folder_dropped_without_commit_leaves_no_trace() {
        let out = std::env::temp_dir().join(format!("offerbrief-out-{}", unique_suffix()));
        let staging = Staging::begin(&out, "jo-amazon", 1).unwrap();
        staging
            .write(&[("emails/a.md".to_string(), b"a".to_vec())])
            .unwrap();
        assert!(out.join("jo-amazon").is_dir());
        drop(staging);
        assert!(!out.exists(), "the folders it created are gone");

        let files = vec![("a.txt".to_string(), b"old".to_vec())];
        let round = write_round(&out, "jo-amazon", 1, &files).unwrap();
        let staging = Staging::begin(&out, "jo-amazon", 1).unwrap();
        staging
            .write(&[("a.txt".to_string(), b"new".to_vec())])
            .unwrap();
        drop(staging);
        assert_eq!(fs::read(round.join("a.txt")).unwrap(), b"old");
        let entries = fs::read_dir(out.join("jo-amazon")).unwrap().count();
        assert_eq!(entries, 1, "only round-1 is left");
        fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn write_round_stays_inside_out_whatever_the_folder_says() {
        let out = std::env::temp_dir().join(format!("offerbrief-out-{}", unique_suffix()));
        let files = vec![("a.txt".to_string(), b"a".to_vec())];
        let written = write_round(&out, "../../x", 1, &files).unwrap();
        assert_eq!(written, out.join("x").join("round-1"));
        let written = write_round(&out, "..", 2, &files).unwrap();
        assert_eq!(written, out.join("offer").join("round-2"));
        fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn a_write_that_fails_halfway_keeps_the_previous_round() {
        let out = std::env::temp_dir().join(format!("offerbrief-out-{}", unique_suffix()));
        let old = vec![("a.txt".to_string(), b"old".to_vec())];
        let round = write_round(&out, "jo-amazon", 1, &old).unwrap();
        let broken = vec![
            ("a.txt".to_string(), b"new".to_vec()),
            ("../escape.txt".to_string(), b"x".to_vec()),
        ];
        assert!(write_round(&out, "jo-amazon", 1, &broken).is_err());
        assert_eq!(fs::read(round.join("a.txt")).unwrap(), b"old");
        let left: Vec<_> = fs::read_dir(out.join("jo-amazon"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["round-1"], "the temporary folder is removed");
        assert!(!out.join("jo-amazon/escape.txt").exists());
        fs::remove_dir_all(&out).unwrap();
    }
}
