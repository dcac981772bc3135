//! The PDF briefing, compiled in-process by typst from the templates under
//! `templates/briefing/`: [`data`] makes its input files, [`fonts`] its fonts, [`world`]
//! serves both and the templates to typst, and [`diagnostics`] words typst's errors.
//!
//! Figures and user text reach typst only as structured data: the analysis, checklist
//! and drafts are serialised to `data.json`, which [`BriefingWorld`] serves and the
//! template reads with `json("data.json")`. Nothing the user wrote is pasted into markup,
//! so a name like `#set page(width: 1pt)` prints as those characters.
//!
//! The running header and footer read the few facts they print from a file of their own,
//! `page.json`, inside their `context`: page styles then carry no offer data, so an edit
//! (or another offer in a batch) leaves every unchanged paragraph's layout in typst's
//! cache instead of invalidating the whole document.
//!
//! The world is deterministic: it reads no system font (the fonts are embedded in the
//! binary, overridable through `--templates`), and `today()` is the round's date, never
//! the clock. Identical input gives identical bytes.
//!
//! typst runs within the time and memory limits of [`crate::render::limits`] on a thread
//! of its own ([`watchdog`]): a template that loops or grows without end fails the build
//! with one line instead of hanging it.

mod data;
mod diagnostics;
mod fallback;
mod fonts;
mod project;
pub mod typeset;
pub mod view;
mod watchdog;
mod world;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use typst::World;
use typst::diag::Warned;
use typst_layout::PagedDocument;

use crate::analysis::Analysis;
use crate::error::InputError;
use crate::render::emails::Draft;
use crate::render::limits::{
    TYPESET_MEMORY_VAR, TYPESET_SECONDS_VAR, typeset_memory_mb, typeset_time,
};
use crate::render::templates::Templates;
use project::PROJECT_DIR;
use watchdog::{Limits, Stopped, within_limits};
use world::{BriefingWorld, lock};

/// A briefing ready to compile: the typst world with its data, fonts and cached sources.
/// Keep one alive and call [`PdfCompiler::update`] to rebuild cheaply (watch mode): typst
/// reuses what did not change.
pub struct PdfCompiler {
    /// Shared with the thread typst runs on.
    world: Arc<BriefingWorld>,
    /// Folders of fonts to look in for characters the embedded fonts lack.
    font_paths: Vec<PathBuf>,
    /// The warning for characters no font covers, when there are any.
    missing_glyphs: Option<String>,
    /// With [`PdfCompiler::reuse_unchanged_layouts`], the last compilation's result
    /// and the hash of its layout.
    last: Option<Mutex<Option<Kept>>>,
    /// Set by [`PdfCompiler::update`] when typst would read exactly what it read for
    /// the result kept in `last`.
    unchanged: bool,
}

/// A compilation kept for the next: its layout's hash and its result.
struct Kept {
    layout: u128,
    compiled: Compiled,
}

/// The result of one compilation.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The PDF bytes.
    pub pdf: Vec<u8>,
    /// Whether the layout was the same as the last compilation's, and its PDF reused.
    pub reused: bool,
    /// typst's warnings, worded like errors (`file:line:column: message`), and the
    /// characters no font could print.
    pub warnings: Vec<String>,
}

impl PdfCompiler {
    /// Prepares the world for one document of a round's briefing: `main` is its typst
    /// file in the project (`main.typ` for the briefing, `call-sheet.typ`).
    pub fn new(
        main: &str,
        templates: &Templates,
        analysis: &Analysis,
        drafts: &[Draft],
        font_paths: &[PathBuf],
    ) -> Result<PdfCompiler> {
        let inputs = data::Inputs::of(analysis, drafts)?;
        let (fonts, missing) = fonts::font_set(templates, &inputs.text(), font_paths)?;
        Ok(PdfCompiler {
            missing_glyphs: fallback::missing_warning(&missing, inputs.data.as_slice()),
            world: Arc::new(BriefingWorld::new(
                templates,
                fonts,
                project::file_id(main)?,
                inputs,
            )),
            font_paths: font_paths.to_vec(),
            last: None,
            unchanged: false,
        })
    }

    /// Checks that every `--font-path` names a folder.
    pub fn check_font_paths(font_paths: &[PathBuf]) -> Result<()> {
        for path in font_paths {
            if !Path::new(path).is_dir() {
                return Err(crate::error::InputError::new(format!(
                    "--font-path {}: no such folder; give a folder holding .ttf or .otf fonts",
                    path.display()
                ))
                .into());
            }
        }
        Ok(())
    }

    /// Replaces the data and forgets every template file read so far, so that the next
    /// compilation sees edited templates and fonts (a template whose text did not change
    /// is not parsed again: see [`shared_source`]).
    pub fn update(&mut self, analysis: &Analysis, drafts: &[Draft]) -> Result<()> {
        let inputs = data::Inputs::of(analysis, drafts)?;
        let (fonts, missing) =
            fonts::font_set(&self.world.templates, &inputs.text(), &self.font_paths)?;
        // The same data, fonts and template files: the next compilation can only repeat
        // the last one, so the world and its caches stay as they are.
        self.unchanged = self.last.is_some() && self.world.reads_the_same(&fonts, &inputs);
        if !self.unchanged {
            self.missing_glyphs = fallback::missing_warning(&missing, inputs.data.as_slice());
            match Arc::get_mut(&mut self.world) {
                Some(world) => world.update(fonts, inputs),
                // A compilation stopped at a limit still holds the old world.
                None => {
                    let (templates, main) = (self.world.templates.clone(), self.world.main());
                    self.world = Arc::new(BriefingWorld::new(&templates, fonts, main, inputs));
                }
            }
        }
        Ok(())
    }

    /// From now on, keeps each compilation's result, for watch mode: after an update
    /// that changes nothing typst reads, [`PdfCompiler::compile`] returns it as it is,
    /// and when the layout comes out the same as the last (an edit that changes nothing
    /// printed), it returns the PDF kept without exporting it again. Hashing the layout
    /// costs about 2% of a cold build, which a single build has no use for.
    pub fn reuse_unchanged_layouts(&mut self) {
        self.last.get_or_insert_with(Mutex::default);
    }

    /// Compiles the PDF. A typst error becomes an [`InputError`] naming the template
    /// file, line and column; a compilation past the time or memory limit, one naming
    /// the templates that ran (see [`watchdog`]).
    pub fn compile(&self) -> Result<Compiled> {
        let kept = self.last.as_ref().map(|last| lock(last));
        if let Some(Some(kept)) = kept.as_deref()
            && self.unchanged
        {
            return Ok(Compiled {
                reused: true,
                ..kept.compiled.clone()
            });
        }
        // Kept between builds, the layout is hashed: the PDF kept is as good as a new one
        // when the layout is the same, and is not exported again.
        let last_layout = kept
            .as_deref()
            .map(|kept| kept.as_ref().map(|kept| kept.layout));
        let world = Arc::clone(&self.world);
        let limits = self.limits()?;
        let exported = within_limits(limits, move || compile_and_export(&world, last_layout))
            .map_err(|stopped| self.stopped(&stopped))??;
        let warnings: Vec<String> = self
            .missing_glyphs
            .iter()
            .cloned()
            .chain(exported.warnings)
            .collect();
        let Some(mut kept) = kept else {
            return Ok(Compiled {
                pdf: exported.pdf.unwrap_or_default(),
                reused: false,
                warnings,
            });
        };
        let (pdf, reused) = match (exported.pdf, kept.as_ref()) {
            (Some(pdf), _) => (pdf, false),
            (None, Some(last)) => (last.compiled.pdf.clone(), true),
            (None, None) => anyhow::bail!("the PDF kept from the last build is gone"),
        };
        let compiled = Compiled {
            pdf,
            reused,
            warnings,
        };
        *kept = Some(Kept {
            layout: exported.layout.unwrap_or_default(),
            compiled: compiled.clone(),
        });
        Ok(compiled)
    }

    /// The limits this compilation runs within, and the exit code a runaway would end
    /// the process with: 1 when the briefing's templates are the user's (SPEC §1).
    fn limits(&self) -> Result<Limits> {
        Ok(Limits {
            time: typeset_time()?,
            memory_mb: typeset_memory_mb()?,
            exit_code: if self.user_templates()?.is_empty() {
                3
            } else {
                1
            },
        })
    }

    /// The files of the typst project that `--templates` overrides.
    fn user_templates(&self) -> Result<Vec<PathBuf>> {
        let templates = &self.world.templates;
        Ok(project::template_names(templates)?
            .iter()
            .filter_map(|name| templates.override_path(name))
            .filter(|path| path.is_file())
            .collect())
    }

    /// A compilation that did not finish, as the one line the build fails with: a problem
    /// in the user's templates when they override the briefing's, else an internal one.
    fn stopped(&self, stopped: &Stopped) -> anyhow::Error {
        let what = match stopped {
            Stopped::TookTooLong(time) => format!(
                "typesetting took longer than {} s and was stopped; look for a loop that never ends or runs over a huge range (or set {TYPESET_SECONDS_VAR} to allow longer)",
                time.as_secs()
            ),
            Stopped::TooMuchMemory(mb) => format!(
                "typesetting used more than {mb} MB of memory and was stopped; look for a huge range or array (or set {TYPESET_MEMORY_VAR} to allow more)"
            ),
            Stopped::EarlierStillRunning => "not typeset: a typesetting stopped earlier is still running; fix the template and run offerbrief again".to_string(),
            Stopped::Failed(said) => {
                return anyhow::anyhow!(
                    "the typesetter failed unexpectedly (an internal error; please report it): {said}"
                );
            }
        };
        let user = self.user_templates().unwrap_or_default();
        let main = self.world.main();
        let main = format!("{PROJECT_DIR}{}", main.vpath().get_without_slash());
        match user.as_slice() {
            [] => anyhow::anyhow!("templates/{main}: {what}"),
            [one] => InputError::new(format!("{}: {what}", one.display())).into(),
            _ => {
                let shown = self.world.templates.override_dir().map_or_else(
                    || PROJECT_DIR.to_string(),
                    |dir| dir.join(PROJECT_DIR).display().to_string(),
                );
                InputError::new(format!("{shown}: {what}")).into()
            }
        }
    }

    /// Every file of the typst project as (path relative to the project, bytes), sorted.
    pub fn project(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let templates = &self.world.templates;
        let mut files = Vec::new();
        for name in project::template_names(templates)? {
            let Some(relative) = name.strip_prefix(PROJECT_DIR) else {
                continue;
            };
            if data::Inputs::NAMES.contains(&relative) {
                continue;
            }
            let bytes = templates
                .get(&name)?
                .with_context(|| format!("template {name} vanished"))?;
            files.push((relative.to_string(), bytes.into_owned()));
        }
        for (name, bytes) in self.world.inputs.files() {
            files.push((name.to_string(), bytes.as_slice().to_vec()));
        }
        for (name, bytes) in self.world.font_files() {
            files.push((name.clone(), bytes.as_slice().to_vec()));
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files.dedup_by(|a, b| a.0 == b.0);
        Ok(files)
    }
}

/// What one compilation on typst's thread gives back.
struct Exported {
    /// The PDF, unless the layout is the one last exported (`layout` the same).
    pdf: Option<Vec<u8>>,
    /// The layout's hash, when asked for (a layout to compare with was given).
    layout: Option<u128>,
    /// typst's warnings, worded like errors.
    warnings: Vec<String>,
}

/// Compiles and exports the PDF of `world`. With `last_layout` (watch mode), hashes the
/// layout, and exports only when it differs from the last one.
fn compile_and_export(
    world: &BriefingWorld,
    last_layout: Option<Option<u128>>,
) -> Result<Exported> {
    let Warned { output, warnings } = typst::compile::<PagedDocument>(world);
    let document = output.map_err(|errors| world.input_error(&errors))?;
    let warnings = warnings
        .iter()
        .map(|warning| world.describe(warning))
        .collect();
    let layout = last_layout.map(|_| typst::utils::hash128(&document));
    let pdf = match (layout, last_layout.flatten()) {
        (Some(layout), Some(last)) if layout == last => None,
        _ => Some(
            typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
                .map_err(|errors| world.input_error(&errors))?,
        ),
    };
    Ok(Exported {
        pdf,
        layout,
        warnings,
    })
}

/// Drops what typst memoised that went unused through the last `max_age` trims, so that
/// the cache stays bounded across many builds (typst's CLI trims with 10 after each
/// compilation). It costs a few milliseconds: a process that compiles once never calls
/// it, and watch mode calls it after reporting a rebuild, not before.
/// Starts readying, on a thread of its own, what every typesetting needs and no input
/// changes (typst's library, the built-in fonts, the built-in templates parsed), so that
/// a build pays for it while it reads and analyses the offer file, not after. Whatever is
/// not ready when typst asks for it is waited for, never done twice.
pub fn prepare_in_background() {
    // Without a thread the first compilation readies them itself.
    let _ = std::thread::Builder::new()
        .name("typst-prepare".to_string())
        .spawn(|| {
            world::prepare();
            fonts::prepare();
        });
}

pub fn trim_caches(max_age: usize) {
    typst::comemo::evict(max_age);
}

/// Hands the heap's free pages back to the system. glibc keeps what a build freed in its
/// arenas for the next allocation; over a batch, with two builds at once, that is what
/// the batch's resident memory grows by. Not for watch mode, whose next rebuild would
/// fault the same pages in again. Elsewhere than glibc the allocator's policy stands.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only reads and changes the allocator's own state, under its
    // own lock; it may be called from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests;
