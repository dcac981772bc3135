//! `offerbrief build FILE...`: every file (or folder of them) built in parallel; one
//! file's error is reported with its name and does not stop the others. Two files that
//! would write the same round folder are an error for the second: nothing is lost.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result};

use offerbrief::error::{InputError, describe, is_input_error};
use offerbrief::render::pdf::{prepare_in_background, release_free_memory, trim_caches};
use offerbrief::{Briefing, BuildOptions, build_one, output};

/// How many briefings a batch builds between two trims of typst's cache. Each trim keeps
/// only what the builds since the one before used: what one offer shares with the next
/// (the templates, unchanged paragraphs). Measured on 300 offers, 2 cores: every 2 builds
/// keeping one trim's worth, 13.9 s and 81 MB peak; dropping everything instead (age 0)
/// 22.4 s and 71 MB, every build 24.4 s and 69 MB, every 4 builds 18.8 s and 89 MB.
/// Trimming every 8 builds what 10 trims left unused took 535 MB for 100 offers.
const TRIM_EVERY: usize = 2;

/// What is said about one file once it is built: its warnings and its summary. A batch
/// keeps only this per file until it reports, in file order, so its memory stays flat
/// however many files it builds.
struct Built {
    warnings: Vec<String>,
    summary: String,
}

impl Built {
    fn of(file: &Path, (briefing, folder): (Briefing, PathBuf)) -> Built {
        Built {
            summary: super::console::summary(file, &briefing, &folder),
            warnings: briefing.warnings,
        }
    }
}

pub fn execute(inputs: &[PathBuf], options: &BuildOptions) -> Result<ExitCode> {
    prepare_in_background();
    let files = expand_inputs(inputs)?;
    let outcomes = if let [file] = files.as_slice() {
        vec![build_one(file, options).map(|built| Built::of(file, built))]
    } else {
        let options = BuildOptions {
            emit_typ_per_file: true,
            ..options.clone()
        };
        build_batch(&files, &options)
    };
    let mut worst = 0;
    for (file, outcome) in files.iter().zip(outcomes) {
        worst = worst.max(report(file, outcome, options)?);
    }
    Ok(ExitCode::from(worst))
}

/// Builds and writes every file of a batch across the cores, each from start to finish
/// (so a round folder is written while the next file compiles, and no PDF waits in
/// memory for the others); the outcomes come back in file order.
fn build_batch(files: &[PathBuf], options: &BuildOptions) -> Vec<Result<Built>> {
    // First, in file order, which round folder each file writes: a second file naming the
    // same candidate, company and round is refused before anything is built.
    let targets = parallel_map(files, |file| round_target(file, options));
    let mut claimed: HashMap<(String, usize), &Path> = HashMap::new();
    let plans: Vec<Result<()>> = files
        .iter()
        .zip(targets)
        .map(|(file, target)| {
            let key = target?;
            if let Some(first) = claimed.get(&key) {
                let (folder, round) = &key;
                return Err(InputError::new(format!(
                    "{}: names the same candidate and company as {}, so its round {round} would replace the one just written to {}/round-{round}; change the candidate or company name in one of them, or build them into different --out folders",
                    file.display(),
                    first.display(),
                    options.out.join(folder).display()
                ))
                .into());
            }
            claimed.insert(key, file);
            Ok(())
        })
        .collect();

    let todo: Vec<&PathBuf> = files
        .iter()
        .zip(&plans)
        .filter(|(_, plan)| plan.is_ok())
        .map(|(file, _)| file)
        .collect();
    let count = AtomicUsize::new(0);
    let mut built = parallel_map(&todo, |file| {
        // A fault inside the typesetter fails this file, not the whole batch.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            build_one(file, options).map(|built| Built::of(file, built))
        }))
        .unwrap_or_else(|_| {
            Err(anyhow::anyhow!(
                "the typesetter failed unexpectedly (an internal error; please report it)"
            ))
        });
        // Keep typst's cache bounded over a long batch without paying for it every time.
        if count.fetch_add(1, Ordering::Relaxed) % TRIM_EVERY == TRIM_EVERY - 1 {
            trim_caches(1);
            release_free_memory();
        }
        outcome
    })
    .into_iter();
    plans
        .into_iter()
        .map(|plan| {
            plan?;
            built
                .next()
                .unwrap_or_else(|| Err(anyhow::anyhow!("the build did not run")))
        })
        .collect()
}

/// The round folder a file will write, `(<candidate>-<company>, round)`, from its offer
/// alone (a small fraction of a build).
fn round_target(file: &Path, options: &BuildOptions) -> Result<(String, usize)> {
    let offer = offerbrief::offer::load(file)?;
    let round = offer.round_number(options.round, &file.display().to_string())?;
    Ok((
        output::briefing_folder(&offer.candidate.name, &offer.company),
        round,
    ))
}

/// Says how one file's build went (its summary, or its error) and gives its exit code:
/// 0, 1 for a problem in the input, 3 otherwise.
fn report(file: &Path, outcome: Result<Built>, options: &BuildOptions) -> Result<u8> {
    match outcome {
        Ok(built) => {
            if !options.quiet {
                for warning in &built.warnings {
                    super::console::err(&format!("warning: {}: {warning}", file.display()));
                }
                super::console::out(&built.summary)?;
            }
            Ok(0)
        }
        Err(error) => {
            super::console::err(&describe(&error, file));
            Ok(if is_input_error(&error) { 1 } else { 3 })
        }
    }
}

/// Files as given, with each folder replaced by its `*.yaml`/`*.yml` files, sorted.
fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .with_context(|| format!("reading the folder {}", input.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| {
                    path.is_file() && path.extension().is_some_and(|e| e == "yaml" || e == "yml")
                })
                .filter(|path| !offerbrief::is_data_file(path))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(InputError::new(format!(
                    "{}: the folder holds no .yaml offer files",
                    input.display()
                ))
                .into());
            }
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    // The same file named twice is built once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|file| seen.insert(file.canonicalize().unwrap_or_else(|_| file.clone())));
    Ok(files)
}

/// Run `work` on every item on the threads typst lays pages out on (rayon's pool, one
/// per core), keeping the order of results. Each thread takes the next item when done
/// with one, so no build waits on another; and typst's own parallel work runs on the same
/// threads instead of competing with them.
fn parallel_map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = rayon::broadcast(|_| {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else { break };
            done.push((index, work(item)));
        }
        done
    })
    .into_iter()
    .flatten()
    .collect();
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}
