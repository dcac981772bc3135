//! Writing outputs: the round folder's name, `analysis.json`, and atomic writes. This is
//! the only module that writes files, each through [`Confined`] (never through a symbolic
//! link), and a round folder by one writer at a time ([`RoundLock`]).

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::confined::{Confined, unique_suffix};
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

/// How long a build waits for another writer (a build or a watch in another process) to
/// finish with the same round folder: many builds' worth.
pub const LOCK_WAIT: Duration = Duration::from_secs(60);

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

/// `out/<folder>/round-<N>`, the folder a round is written to.
pub fn round_folder(out: &Path, folder: &str, round: usize) -> PathBuf {
    out.join(round_relative(folder, round))
}

/// `<folder>/round-<N>` inside `--out`. The folder is slugged again so that no caller can
/// name a folder outside `out`; a folder made by `briefing_folder` comes through unchanged.
fn round_relative(folder: &str, round: usize) -> PathBuf {
    Path::new(&slug_within_out(folder)).join(format!("round-{round}"))
}

/// `--out`, below which nothing is written through a link.
fn out_root(out: &Path) -> Confined {
    Confined::new(out, format!("--out {}", out.display()))
}

/// The lock on one round folder, held while it is written, so that two writers (a watch
/// and a build, two builds) never mix their files in it: the file `.round-<N>.lock` beside
/// the folder, under the operating system's advisory lock. The system releases that lock
/// when the process ends, however it ends, so a crash leaves no lock held; the file is
/// removed on release.
#[derive(Debug)]
pub struct RoundLock {
    file: fs::File,
    path: PathBuf,
}

impl RoundLock {
    /// Locks round `round` of the briefing folder `briefing` (inside `out`), creating the
    /// folder; waits up to `wait` for another holder to release it.
    pub fn acquire(
        out: &Confined,
        briefing: &Path,
        round: usize,
        wait: Duration,
    ) -> Result<RoundLock> {
        let relative = briefing.join(format!(".round-{round}.lock"));
        let deadline = Instant::now() + wait;
        loop {
            if let Some(lock) = RoundLock::try_acquire(out, briefing, &relative)? {
                return Ok(lock);
            }
            if Instant::now() >= deadline {
                return Err(anyhow::anyhow!(
                    "{}: another offerbrief (a build or a watch) has been writing this round folder for {} s; wait until it is done and build again, or build into another --out folder",
                    out.root()
                        .join(briefing)
                        .join(format!("round-{round}"))
                        .display(),
                    wait.as_secs()
                ));
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// One attempt: the lock, or `None` while another holds it.
    fn try_acquire(out: &Confined, briefing: &Path, relative: &Path) -> Result<Option<RoundLock>> {
        out.create_dirs(briefing)?;
        let path = out.check(relative)?;
        let file = match fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
        {
            Ok(file) => file,
            // The folder was just removed by a writer that failed: make it again.
            Err(error) if error.kind() == ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(error).with_context(|| format!("creating the lock {}", path.display()));
            }
        };
        match file.try_lock() {
            // Its last holder may have removed the file after this one opened it: the lock
            // of a file no longer there locks nothing, so that is tried again.
            Ok(()) if still_there(&file, &path) => Ok(Some(RoundLock { file, path })),
            Ok(()) | Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(error)) => {
                Err(error).with_context(|| format!("locking {}", path.display()))
            }
        }
    }
}

/// Whether the file `path` names now is the one open as `file`.
#[cfg(unix)]
fn still_there(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

/// Elsewhere the lock file is never removed, so the one open is the one named.
#[cfg(not(unix))]
fn still_there(_file: &fs::File, _path: &Path) -> bool {
    true
}

impl Drop for RoundLock {
    fn drop(&mut self) {
        // Removed while still locked, then unlocked as the file closes: a writer waiting
        // on this file sees it gone and locks a new one (see `try_acquire`).
        #[cfg(unix)]
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// A round folder claimed for writing: its lock, held until dropped, and the folders made
/// to hold it, removed again (when still empty) unless something was committed.
pub struct Claim {
    out: Confined,
    /// `<folder>/round-<N>` inside `out`.
    round_dir: PathBuf,
    /// `out/<folder>/round-<N>`.
    target: PathBuf,
    lock: Option<RoundLock>,
    /// The folders made above the round folder, deepest first.
    created: Vec<PathBuf>,
}

impl Claim {
    /// Locks round `round` of `out/<folder>`, after another writer when one is at it, and
    /// checks that neither the round folder nor its briefing folder is a link.
    fn take(out: &Path, folder: &str, round: usize) -> Result<Claim> {
        let round_dir = round_relative(folder, round);
        let briefing = round_dir.parent().unwrap_or(Path::new("")).to_path_buf();
        let created = out
            .join(&briefing)
            .ancestors()
            .take_while(|folder| !folder.as_os_str().is_empty() && !folder.exists())
            .map(Path::to_path_buf)
            .collect();
        let mut claim = Claim {
            out: out_root(out),
            target: out.join(&round_dir),
            round_dir,
            lock: None,
            created,
        };
        claim.lock = Some(RoundLock::acquire(&claim.out, &briefing, round, LOCK_WAIT)?);
        claim.out.check(&claim.round_dir)?;
        Ok(claim)
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        // The lock file first: the folder it is in can then go.
        drop(self.lock.take());
        for folder in &self.created {
            // Only an empty folder goes: another build may be writing beside it.
            let _ = fs::remove_dir(folder);
        }
    }
}

/// A round folder being written: files go into a temporary folder beside
/// `out/<folder>/round-<N>`, and [`Staging::commit`] swaps it into place in one rename.
/// Dropped without a commit, the temporary folder is removed and the earlier output
/// stays as it was. Files can be added in several steps, so that a build writes its
/// text documents while typst is still compiling the PDF. The round folder stays locked
/// against other writers until then.
pub struct Staging {
    staging: Confined,
    claim: Claim,
    committed: bool,
}

impl Staging {
    /// Creates the temporary folder for round `round` of `out/<folder>`.
    pub fn begin(out: &Path, folder: &str, round: usize) -> Result<Staging> {
        Staging::within(Claim::take(out, folder, round)?)
    }

    fn within(claim: Claim) -> Result<Staging> {
        if claim.target.is_dir() {
            check_replaceable(&claim.out, &claim.target)?;
        }
        let name = format!(
            ".{}.partial-{}",
            claim
                .round_dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            unique_suffix()
        );
        let relative = claim.round_dir.with_file_name(name);
        let path = claim.out.check(&relative)?;
        // Left by a process of the same id that crashed: cleared (a link is only unlinked).
        if let Ok(metadata) = fs::symlink_metadata(&path) {
            let cleared = if metadata.is_dir() {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
            cleared.with_context(|| format!("clearing {}", path.display()))?;
        }
        claim.out.create_dirs(&relative)?;
        Ok(Staging {
            staging: Confined::new(&path, path.display().to_string()),
            claim,
            committed: false,
        })
    }

    /// Writes `files` (relative paths with `/`) into the temporary folder.
    pub fn write(&self, files: &[(String, Vec<u8>)]) -> Result<()> {
        for (name, bytes) in files {
            self.staging.replace(Path::new(name), bytes)?;
        }
        Ok(())
    }

    /// Puts the temporary folder in place of the round folder; returns the round folder.
    pub fn commit(mut self) -> Result<PathBuf> {
        replace_dir(self.staging.root(), &self.claim.target)?;
        self.committed = true;
        self.claim.created.clear();
        Ok(self.claim.target.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(self.staging.root());
        }
    }
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
    /// can update the files written last in place: the same folder, still there, the same
    /// files, and no other file in it (another writer may have put its own there since).
    pub fn can_update(&self, target: &Path, quick: &[(String, Vec<u8>)]) -> bool {
        let before = self
            .files
            .iter()
            .filter(|(name, _)| !self.typeset.contains(name))
            .map(|(name, _)| name);
        self.folder == target
            && target.is_dir()
            && before.eq(quick.iter().map(|(name, _)| name))
            && files_in(target).is_some_and(|found| {
                found
                    .iter()
                    .all(|name| self.files.iter().any(|(written, _)| written == name))
            })
    }
}

/// Every entry of `folder` that is not a folder (links included, never followed), by path
/// inside it with `/`; `None` when it cannot be read.
fn files_in(folder: &Path) -> Option<Vec<String>> {
    let mut found = Vec::new();
    let mut pending = vec![(folder.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = pending.pop() {
        for entry in fs::read_dir(&dir).ok()? {
            let entry = entry.ok()?;
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().ok()?.is_dir() {
                pending.push((entry.path(), format!("{name}/")));
            } else {
                found.push(name);
            }
        }
    }
    Some(found)
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
/// by file over what was written last. The round folder is locked against other writers
/// from [`Stage::begin`] until the stage is committed or dropped.
pub enum Stage {
    /// A new round folder, swapped into place on commit.
    Whole(Staging),
    /// Changed files of the folder written last, renamed into place on commit.
    Update {
        // Dropped before the claim: the temporary files go while the lock is held.
        update: FileUpdate,
        claim: Claim,
    },
}

impl Stage {
    /// Locks round `round` of `out/<folder>` and starts writing it with `files`: in place
    /// over what `previous` (watch mode's last build) says was written there, when the
    /// folder still holds just that, else whole.
    pub fn begin(
        out: &Path,
        folder: &str,
        round: usize,
        previous: Option<&Written>,
        files: &[(String, Vec<u8>)],
    ) -> Result<Stage> {
        let claim = Claim::take(out, folder, round)?;
        if previous.is_some_and(|previous| previous.can_update(&claim.target, files)) {
            let mut update = FileUpdate { staged: Vec::new() };
            update.add(&claim, files)?;
            return Ok(Stage::Update { update, claim });
        }
        let staging = Staging::within(claim)?;
        staging.write(files)?;
        Ok(Stage::Whole(staging))
    }

    /// Adds more files.
    pub fn add(&mut self, files: &[(String, Vec<u8>)]) -> Result<()> {
        match self {
            Stage::Whole(staging) => staging.write(files),
            Stage::Update { update, claim } => update.add(claim, files),
        }
    }

    /// Puts everything in place; returns the round folder and what was written.
    pub fn commit(self) -> Result<(PathBuf, Rewrite)> {
        match self {
            Stage::Whole(staging) => Ok((staging.commit()?, Rewrite::Whole)),
            Stage::Update { update, claim } => {
                let replaced = update.commit(&claim.target)?;
                Ok((claim.target.clone(), Rewrite::Files(replaced)))
            }
        }
    }
}

/// Files of a round folder being replaced in place, one by one: each file whose bytes on
/// disk differ from the new ones is first written to a temporary file beside it, and
/// the commit renames them over the old ones. Dropped without a commit, the
/// temporary files are removed and the folder stays as it was.
pub struct FileUpdate {
    /// (temporary file, file it replaces, name inside the round folder).
    staged: Vec<(PathBuf, PathBuf, String)>,
}

impl FileUpdate {
    /// Stages the `files` of the claimed round folder that are not on disk as they are.
    fn add(&mut self, claim: &Claim, files: &[(String, Vec<u8>)]) -> Result<()> {
        for (name, bytes) in files {
            let relative = claim.round_dir.join(name);
            let path = claim.out.check(&relative)?;
            if holds(&path, bytes) {
                continue;
            }
            let (temporary, path) = claim.out.stage_file(&relative, bytes)?;
            self.staged.push((temporary, path, name.clone()));
        }
        Ok(())
    }

    /// Puts the staged files in place; returns their names, in order. A failure after
    /// some were renamed is a [`PartlyWritten`].
    fn commit(mut self, folder: &Path) -> Result<Vec<String>> {
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
                        let error = anyhow::Error::new(error)
                            .context(format!("writing {}", path.display()));
                        outcome = Err(if names.is_empty() {
                            error
                        } else {
                            error.context(PartlyWritten {
                                folder: folder.to_path_buf(),
                                written: names.clone(),
                            })
                        });
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

/// Whether `path` is a file holding exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|on_disk| on_disk == bytes)
}

/// A round folder updated in place only in part: some of the new files were renamed into
/// it before a failure, and the others are the earlier build's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartlyWritten {
    /// The round folder.
    pub folder: PathBuf,
    /// The files of the new build in it.
    pub written: Vec<String>,
}

impl std::fmt::Display for PartlyWritten {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} holds {} of this build's files ({}) beside the earlier build's",
            self.folder.display(),
            self.written.len(),
            self.written.join(", ")
        )
    }
}

/// Fails, before anything is written, when the round folder `target` could not be
/// removed once replaced: a folder in it that the user may not change, or a symbolic
/// link, which offerbrief never replaces (nor writes through). A probe file is created
/// and removed in each folder, which is what removing it needs.
fn check_replaceable(out: &Confined, target: &Path) -> Result<()> {
    let mut folders = vec![target.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let probe = folder.join(format!(".offerbrief-probe-{}", unique_suffix()));
        let writable = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
            .is_ok()
            && fs::remove_file(&probe).is_ok();
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
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_symlink() {
                return Err(out.link_refused(&entry.path()));
            }
            if kind.is_dir() {
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

/// The typst project `--emit-typ` asked for, every path checked, ready to write.
pub struct ProjectWrite<'a> {
    root: Confined,
    files: Vec<(PathBuf, &'a [u8])>,
}

impl<'a> ProjectWrite<'a> {
    /// The project's `files` under `dir` (or its `subfolder`, slugged), every path checked
    /// now: a link in the way refuses the build before its round folder is committed.
    pub fn plan(
        dir: &Path,
        subfolder: Option<&str>,
        files: &'a [(String, Vec<u8>)],
    ) -> Result<ProjectWrite<'a>> {
        let root = Confined::new(dir, format!("--emit-typ {}", dir.display()));
        let base = subfolder.map(slug_within_out).unwrap_or_default();
        let files = files
            .iter()
            .map(|(name, bytes)| {
                let relative = Path::new(&base).join(name);
                root.check(&relative)?;
                Ok((relative, bytes.as_slice()))
            })
            .collect::<Result<_>>()?;
        Ok(ProjectWrite { root, files })
    }

    /// Writes the project, each file replaced at once.
    pub fn write(self) -> Result<()> {
        for (relative, bytes) in &self.files {
            self.root.replace(relative, bytes)?;
        }
        Ok(())
    }
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

/// Write every built-in template (not the fonts) under `dir`, keeping anything that
/// exists under a template's name (a link too: never written through). A link among the
/// folders on the way refuses the export before anything is written.
pub fn export_templates(dir: &Path) -> Result<Exported> {
    let root = Confined::new(dir, dir.display().to_string());
    let templates: Vec<(&Path, &[u8])> = crate::render::templates::BUILTIN
        .iter()
        .filter(|(name, _)| !name.starts_with("fonts/"))
        .map(|(name, bytes)| (Path::new(*name), *bytes))
        .collect();
    for (name, _) in &templates {
        root.check(name.parent().unwrap_or(Path::new("")))?;
    }
    let mut exported = Exported::default();
    for (name, bytes) in templates {
        if root.create_new(name, bytes)? {
            exported.written += 1;
        } else {
            exported.kept.push(dir.join(name));
        }
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
    fn a_second_writer_of_a_round_folder_waits_for_its_lock_and_then_gives_up() {
        let out = std::env::temp_dir().join(format!("offerbrief-out-{}", unique_suffix()));
        let root = out_root(&out);
        let briefing = Path::new("jo-amazon");
        let first = RoundLock::acquire(&root, briefing, 1, Duration::ZERO).unwrap();
        let started = Instant::now();
        let error = RoundLock::acquire(&root, briefing, 1, Duration::from_millis(200)).unwrap_err();
        assert!(started.elapsed() >= Duration::from_millis(200));
        assert!(
            error
                .to_string()
                .contains("jo-amazon/round-1: another offerbrief"),
            "{error}"
        );
        assert!(!crate::error::is_input_error(&error), "exit 3, not 1");
        // Another round of the same briefing is another lock.
        let other = RoundLock::acquire(&root, briefing, 2, Duration::ZERO).unwrap();
        drop(first);
        let again = RoundLock::acquire(&root, briefing, 1, Duration::ZERO).unwrap();
        drop((again, other));
        assert_eq!(
            fs::read_dir(out.join(briefing)).unwrap().count(),
            0,
            "the lock files are removed"
        );

        // A process that died holding the lock left its file, but no lock.
        fs::write(out.join("jo-amazon/.round-1.lock"), "").unwrap();
        let after_a_crash = RoundLock::acquire(&root, briefing, 1, Duration::ZERO).unwrap();
        drop(after_a_crash);
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
