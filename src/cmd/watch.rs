//! `offerbrief watch`: build once, then rebuild on every save of the offer file or of a
//! template in `--templates`, the way `typst watch` does.
//!
//! The offer file's folder is watched rather than the file, because many editors save
//! by writing a new file and renaming it over the old one; when the offer file is a
//! symbolic link, the folder of the file it leads to is watched too. The templates folder
//! is watched with its subfolders, and the folder above it too, so that a templates folder
//! deleted and made again (exported anew) is followed again. Events are debounced, so one
//! save is one rebuild. The typst compiler is kept between builds: typst reuses whatever
//! the edit did not change, and a rebuild takes a fraction of a cold build. A rebuild
//! rewrites only the files whose bytes changed (a PDF whose layout is the same is not even
//! exported again), so a save that changes nothing printed touches no file. A build that
//! fails prints its problems and leaves the earlier output as it was; watching goes on.
//! Ctrl-C (or SIGTERM) ends the loop after the build in progress, and the command exits 0.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{Event, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::console::{relative_to_cwd, summary};
use offerbrief::error::{InputError, describe};
use offerbrief::output::{PartlyWritten, Rewrite, Written};
use offerbrief::render::Output;
use offerbrief::render::memo::memoised;
use offerbrief::{Briefing, BuildOptions};

/// How long the files must be quiet before a rebuild: long enough to see a save through,
/// short enough to feel immediate.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// What wakes the loop.
enum Signal {
    /// The watcher saw changes (or failed to).
    Changed(DebounceEventResult),
    /// Ctrl-C or SIGTERM.
    Stop,
}

/// Build `file`, then rebuild it whenever it or a template changes, until Ctrl-C.
/// Returns an error only when watching cannot start; a failed build is printed and
/// watching goes on. Installs the process's Ctrl-C handler, so it runs once per process.
pub fn execute(file: &Path, options: &BuildOptions) -> Result<ExitCode> {
    offerbrief::render::pdf::prepare_in_background();
    let mut watched = Watched::new(file, options)?;
    let (sender, signals) = mpsc::channel();

    let stopping = Arc::new(AtomicBool::new(false));
    let interrupts = AtomicUsize::new(0);
    let stop_sender = sender.clone();
    let stop_flag = Arc::clone(&stopping);
    ctrlc::set_handler(move || {
        stop_flag.store(true, Ordering::SeqCst);
        let _ = stop_sender.send(Signal::Stop);
        // A second Ctrl-C while a build hangs ends the process at once.
        if interrupts.fetch_add(1, Ordering::SeqCst) >= 1 {
            std::process::exit(130);
        }
    })
    .context("installing the Ctrl-C handler")?;

    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result| {
        let _ = sender.send(Signal::Changed(result));
    })
    .context("starting the file watcher")?;
    watched.start(&mut debouncer)?;

    let mut session = Session {
        file,
        options,
        outputs: memoised(offerbrief::render::outputs()),
        written: None,
        warned: Vec::new(),
    };
    session.build(false);
    if !options.quiet {
        let templates = options
            .templates
            .as_ref()
            .map(|dir| format!(" and the templates in {}", dir.display()))
            .unwrap_or_default();
        say(&format!(
            "watching {}{templates} for changes; press Ctrl-C to stop",
            relative_to_cwd(file).display()
        ));
    }

    while let Some(changed) = next_change(&signals, &watched, &stopping) {
        // The watches follow the files first: a templates folder made again, a link that
        // leads to another file (each a change to build).
        let followed = watched.refresh(&mut debouncer);
        if changed || followed {
            session.build(true);
            // Between saves, not while the user waits for the rebuild.
            offerbrief::render::pdf::trim_caches(10);
        }
    }
    debouncer.stop();
    if !options.quiet {
        say("stopped watching");
    }
    Ok(ExitCode::SUCCESS)
}

/// Waits for the next batch of events: `Some(true)` when one concerns the watched files
/// (later batches already queued are folded into it), `Some(false)` when none does,
/// `None` when it is time to stop.
fn next_change(
    signals: &Receiver<Signal>,
    watched: &Watched,
    stopping: &AtomicBool,
) -> Option<bool> {
    let mut changed = match signals.recv() {
        Ok(Signal::Changed(result)) => watched.concerns(result),
        Ok(Signal::Stop) | Err(_) => return None,
    };
    while let Ok(signal) = signals.try_recv() {
        match signal {
            Signal::Changed(result) => changed |= watched.concerns(result),
            Signal::Stop => return None,
        }
    }
    if stopping.load(Ordering::SeqCst) {
        return None;
    }
    Some(changed)
}

/// The file watcher, debounced.
type FileWatcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// The paths that trigger a rebuild, made absolute the way the watcher reports them, and
/// the folders watched for them.
struct Watched {
    /// The offer file's folder.
    dir: PathBuf,
    /// The offer file inside `dir`.
    file: PathBuf,
    /// The real path of the file the offer file leads to, when it is a symbolic link.
    target: Option<PathBuf>,
    /// The `--templates` folder.
    templates: Option<PathBuf>,
    /// The templates folder's identity when it was last watched; `None` while missing.
    templates_identity: Option<Identity>,
    /// Where builds write (`--out`, `--emit-typ`): never a reason to rebuild, even when
    /// it lies inside the templates folder.
    outputs: Vec<PathBuf>,
    /// The folders watched without their subfolders.
    folders: Vec<PathBuf>,
}

impl Watched {
    fn new(file: &Path, options: &BuildOptions) -> Result<Watched> {
        if file.is_dir() {
            return Err(InputError::new(format!(
                "{}: is a folder; watch takes one offer file (build takes folders)",
                file.display()
            ))
            .into());
        }
        if !file.is_file() {
            return Err(InputError::new(format!(
                "{}: no such offer file; create one with `offerbrief new {}`",
                file.display(),
                file.display()
            ))
            .into());
        }
        let name = file
            .file_name()
            .with_context(|| format!("{} names no file", file.display()))?;
        let parent = match file.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let dir = parent
            .canonicalize()
            .with_context(|| format!("finding the folder of {}", file.display()))?;
        let templates = match options.templates.as_deref() {
            Some(templates) => Some(templates.canonicalize().map_err(|_| {
                InputError::new(format!(
                    "--templates {}: no such folder; create it with `offerbrief templates export {}`",
                    templates.display(),
                    templates.display()
                ))
            })?),
            None => None,
        };
        let outputs = std::iter::once(&options.out)
            .chain(&options.emit_typ)
            .map(|path| resolved(path))
            .collect();
        Ok(Watched {
            file: dir.join(name),
            dir,
            target: None,
            templates,
            templates_identity: None,
            outputs,
            folders: Vec::new(),
        })
    }

    /// Starts watching the offer file's folder, the templates and the folder above them,
    /// and the folder of the file a linked offer file leads to.
    fn start(&mut self, debouncer: &mut FileWatcher) -> Result<()> {
        debouncer
            .watch(&self.dir, RecursiveMode::NonRecursive)
            .with_context(|| format!("watching the folder {}", self.dir.display()))?;
        self.folders.push(self.dir.clone());
        if let Some(templates) = self.templates.clone() {
            debouncer
                .watch(&templates, RecursiveMode::Recursive)
                .with_context(|| format!("watching the templates in {}", templates.display()))?;
            self.templates_identity = identity(&templates);
            if let Some(parent) = templates.parent() {
                self.watch_folder(debouncer, parent);
            }
        }
        self.follow_link(debouncer);
        Ok(())
    }

    /// Brings the watches in step with the files after a batch of events; returns whether
    /// that is a change to build: the templates folder deleted or made again, the offer
    /// file now leading to another file.
    fn refresh(&mut self, debouncer: &mut FileWatcher) -> bool {
        let mut changed = false;
        if let Some(templates) = &self.templates {
            let now = identity(templates);
            if now != self.templates_identity {
                // The old folder's watch went with it; the new one is watched afresh.
                let _ = debouncer.unwatch(templates);
                let watching = now.is_some()
                    && debouncer
                        .watch(templates, RecursiveMode::Recursive)
                        .inspect_err(|error| {
                            super::console::err(&format!(
                                "warning: watching the templates in {}: {error}",
                                templates.display()
                            ));
                        })
                        .is_ok();
                self.templates_identity = now.filter(|_| watching);
                changed = true;
            }
        }
        changed | self.follow_link(debouncer)
    }

    /// Watches the folder of the file the offer file leads to, when it is a symbolic
    /// link; returns whether that file is another than before.
    fn follow_link(&mut self, debouncer: &mut FileWatcher) -> bool {
        let target = self
            .file
            .canonicalize()
            .ok()
            .filter(|real| *real != self.file);
        if target == self.target {
            return false;
        }
        if let Some(folder) = target.as_deref().and_then(Path::parent) {
            self.watch_folder(debouncer, folder);
        }
        self.target = target;
        true
    }

    /// Watches `folder` without its subfolders, unless it is already; a folder that cannot
    /// be watched is said once and left.
    fn watch_folder(&mut self, debouncer: &mut FileWatcher, folder: &Path) {
        if self.folders.iter().any(|watched| watched == folder) {
            return;
        }
        if let Err(error) = debouncer.watch(folder, RecursiveMode::NonRecursive) {
            super::console::err(&format!(
                "warning: watching the folder {}: {error}",
                folder.display()
            ));
        }
        self.folders.push(folder.to_path_buf());
    }

    /// Whether a batch of events touches the offer file or a template. A watcher error
    /// is printed and counts as no change.
    fn concerns(&self, result: DebounceEventResult) -> bool {
        match result {
            Ok(events) => events.iter().any(|event| self.concerns_event(event)),
            Err(errors) => {
                for error in errors {
                    super::console::err(&format!("warning: watching for changes: {error}"));
                }
                false
            }
        }
    }

    fn concerns_event(&self, event: &Event) -> bool {
        // Opening and reading a file (as every build does) is no change; closing it after
        // writing is.
        if let EventKind::Access(kind) = event.kind
            && kind != AccessKind::Close(AccessMode::Write)
        {
            return false;
        }
        event.paths.iter().any(|path| {
            *path == self.file
                || self.target.as_ref() == Some(path)
                || self.templates.as_ref().is_some_and(|templates| {
                    path.starts_with(templates)
                        && !self.outputs.iter().any(|output| path.starts_with(output))
                })
        })
    }
}

/// What tells a folder from another made in its place later: device and inode.
type Identity = (u64, u64);

/// The identity of the folder `path`, `None` when there is none.
#[cfg(unix)]
fn identity(path: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_dir)
        .map(|metadata| (metadata.dev(), metadata.ino()))
}

/// Elsewhere only whether the folder is there: one deleted and made again between two
/// batches of events is not told apart.
#[cfg(not(unix))]
fn identity(path: &Path) -> Option<Identity> {
    path.is_dir().then_some((0, 0))
}

/// `path` made absolute with symlinks resolved as far as it exists, the way the watcher
/// reports paths under a canonical folder.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    resolved.extend(rest.iter().rev());
    resolved
}

/// The state kept from one build to the next.
struct Session<'a> {
    file: &'a Path,
    options: &'a BuildOptions,
    /// Every output, each remembering what it rendered last (the PDFs keep typst's world
    /// and caches too).
    outputs: Vec<Box<dyn Output>>,
    /// What the last build wrote, so that a save only rewrites the files it changes.
    written: Option<Written>,
    /// The warnings printed last.
    warned: Vec<String>,
}

impl Session<'_> {
    /// Build and write the round, and say how it went.
    fn build(&mut self, rebuild: bool) {
        let started = Instant::now();
        match self.build_and_write() {
            Ok((briefing, folder, rewrite)) => {
                if self.options.quiet {
                    return;
                }
                // A warning is said once, not again on every save that keeps it.
                if !rebuild || self.warned != briefing.warnings {
                    for warning in &briefing.warnings {
                        super::console::err(&format!(
                            "warning: {}: {warning}",
                            self.file.display()
                        ));
                    }
                }
                self.warned.clone_from(&briefing.warnings);
                let elapsed = started.elapsed().as_millis();
                if rebuild {
                    say(&rebuilt_line(&briefing, &folder, &rewrite, elapsed));
                } else {
                    say(&summary(self.file, &briefing, &folder));
                    say(&format!("  built in {elapsed} ms"));
                }
            }
            Err(error) => {
                super::console::err(&describe(&error, self.file));
                // Only an update in place can stop halfway; anything else leaves the
                // round folder as it was.
                let outcome = if error.downcast_ref::<PartlyWritten>().is_some() {
                    "not rebuilt whole; the round folder holds part of this build"
                } else if rebuild {
                    "not rebuilt; the earlier briefing is unchanged"
                } else {
                    "not built"
                };
                super::console::err(&format!(
                    "{}: {outcome}. Fix the problem and save again; still watching.",
                    relative_to_cwd(self.file).display()
                ));
            }
        }
    }

    fn build_and_write(&mut self) -> Result<(Briefing, PathBuf, Rewrite)> {
        let prepared = offerbrief::prepare(self.file, self.options)?;
        // A failed build forgets what was written: the next one writes the folder whole.
        let previous = self.written.take();
        let (briefing, folder, rewrite) = offerbrief::render_and_write(
            prepared,
            &mut self.outputs,
            self.options,
            previous.as_ref(),
        )?;
        self.written = Some(Written {
            folder: folder.clone(),
            files: briefing.files.clone(),
            typeset: briefing.typeset.clone(),
            project: briefing.typst_project.clone(),
        });
        Ok((briefing, folder, rewrite))
    }
}

/// `offer.yaml: rebuilt round 2 in 412 ms → out/jo-amazon/round-2/ (next: send …)`, with
/// what was written when it was not the whole folder.
fn rebuilt_line(briefing: &Briefing, folder: &Path, rewrite: &Rewrite, elapsed_ms: u128) -> String {
    let shown = relative_to_cwd(folder);
    let mut line = format!(
        "rebuilt round {} in {elapsed_ms} ms → {}/",
        briefing.analysis.offer.round.number,
        shown.display()
    );
    match rewrite {
        Rewrite::Whole => {}
        Rewrite::Files(replaced) => match replaced.as_slice() {
            [one] => line.push_str(&format!(" (updated {one})")),
            [one, two] => line.push_str(&format!(" (updated {one}, {two})")),
            [first, rest @ ..] => {
                line.push_str(&format!(
                    " (updated {first} and {} other files)",
                    rest.len()
                ));
            }
            [] => line.push_str(" (nothing changed; no file rewritten)"),
        },
    }
    if let Some(recommended) = briefing.recommended() {
        line.push_str(&format!("; next: send {recommended}"));
    }
    line
}

/// Print a line to stdout; a closed stdout does not stop the watch.
fn say(line: &str) {
    let _ = super::console::out(line);
}
