//! The PDF briefing, compiled in-process by typst from the templates under
//! `templates/briefing/`.
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

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use anyhow::{Context, Result};
use serde::Serialize;
use typst::diag::{FileError, FileResult, SourceDiagnostic, Warned};
use typst::ecow::EcoVec;
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{DiagSpan, FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

use crate::analysis::Analysis;
use crate::error::InputError;
use crate::render::templates::Templates;
use crate::render::{Checklist, Draft};

/// The folder of `templates/` that holds the typst project.
const PROJECT_DIR: &str = "briefing/";
/// The main typst file, relative to the project.
const MAIN_FILE: &str = "main.typ";
/// The generated data file, relative to the project.
const DATA_FILE: &str = "data.json";
/// The generated facts of the running header and footer, relative to the project.
const PAGE_FILE: &str = "page.json";
/// The fonts the built-in template uses, by their name in the template store: the faces
/// its text is set in and nothing more (Inter for the text, DejaVu Sans Mono for file
/// names and code).
const TEMPLATE_FONTS: [&str; 4] = [
    "fonts/Inter-Regular.otf",
    "fonts/Inter-SemiBold.otf",
    "fonts/Inter-Bold.otf",
    "fonts/DejaVuSansMono.ttf",
];
/// The date `today()` returns when the analysed round has none: a constant, never the clock.
const FALLBACK_DATE: (i32, u8, u8) = (2026, 1, 1);

/// Compiles the briefing PDF from the analysis, checklist and drafts.
pub fn render_pdf(
    templates: &Templates,
    analysis: &Analysis,
    checklist: &Checklist,
    drafts: &[Draft],
) -> Result<Vec<u8>> {
    Ok(PdfCompiler::new(templates, analysis, checklist, drafts)?
        .compile()?
        .pdf)
}

/// The typst project compiled (main file, parts, data.json, fonts) as (relative path,
/// bytes), for `--emit-typ DIR`; `typst compile --font-path fonts --ignore-system-fonts
/// --ignore-embedded-fonts main.typ` on it gives the same document (same fonts, and the
/// date comes from `data.json`, not the clock).
pub fn typst_project(
    templates: &Templates,
    analysis: &Analysis,
    checklist: &Checklist,
    drafts: &[Draft],
) -> Result<Vec<(String, Vec<u8>)>> {
    PdfCompiler::new(templates, analysis, checklist, drafts)?.project()
}

/// A briefing ready to compile: the typst world with its data, fonts and cached sources.
/// Keep one alive and call [`PdfCompiler::update`] to rebuild cheaply (watch mode): typst
/// reuses what did not change.
pub struct PdfCompiler {
    world: BriefingWorld,
}

/// The result of one compilation.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The PDF bytes.
    pub pdf: Vec<u8>,
    /// typst's warnings, worded like errors (`file:line:column: message`).
    pub warnings: Vec<String>,
}

impl PdfCompiler {
    /// Prepares the world for one round's briefing.
    pub fn new(
        templates: &Templates,
        analysis: &Analysis,
        checklist: &Checklist,
        drafts: &[Draft],
    ) -> Result<PdfCompiler> {
        let data = briefing_data(analysis, checklist, drafts)?;
        Ok(PdfCompiler {
            world: BriefingWorld {
                templates: templates.clone(),
                fonts: font_set(templates)?,
                main: project_file_id(MAIN_FILE)?,
                data: Bytes::new(data),
                page: Bytes::new(page_data(analysis)?),
                today: briefing_date(analysis).datetime(),
                sources: Mutex::default(),
                files: Mutex::default(),
            },
        })
    }

    /// Replaces the data and forgets every template file read so far, so that the next
    /// compilation sees edited templates and fonts (a template whose text did not change
    /// is not parsed again: see [`shared_source`]).
    pub fn update(
        &mut self,
        analysis: &Analysis,
        checklist: &Checklist,
        drafts: &[Draft],
    ) -> Result<()> {
        self.world.data = Bytes::new(briefing_data(analysis, checklist, drafts)?);
        self.world.page = Bytes::new(page_data(analysis)?);
        self.world.today = briefing_date(analysis).datetime();
        self.world.fonts = font_set(&self.world.templates)?;
        lock(&self.world.sources).clear();
        lock(&self.world.files).clear();
        Ok(())
    }

    /// Compiles the PDF. A typst error becomes an [`InputError`] naming the template
    /// file, line and column.
    pub fn compile(&self) -> Result<Compiled> {
        let Warned { output, warnings } = typst::compile::<PagedDocument>(&self.world);
        let document = output.map_err(|errors| self.world.input_error(&errors))?;
        let pdf = typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
            .map_err(|errors| self.world.input_error(&errors))?;
        Ok(Compiled {
            pdf,
            warnings: warnings
                .iter()
                .map(|warning| self.world.describe(warning))
                .collect(),
        })
    }

    /// Every file of the typst project as (path relative to the project, bytes), sorted.
    pub fn project(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let templates = &self.world.templates;
        let mut files = Vec::new();
        for name in project_template_names(templates)? {
            let Some(relative) = name.strip_prefix(PROJECT_DIR) else {
                continue;
            };
            if relative == DATA_FILE || relative == PAGE_FILE {
                continue;
            }
            let bytes = templates
                .get(&name)?
                .with_context(|| format!("template {name} vanished"))?;
            files.push((relative.to_string(), bytes.into_owned()));
        }
        files.push((DATA_FILE.to_string(), self.world.data.as_slice().to_vec()));
        files.push((PAGE_FILE.to_string(), self.world.page.as_slice().to_vec()));
        for (name, bytes) in &self.world.fonts.files {
            files.push((name.clone(), bytes.as_slice().to_vec()));
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files.dedup_by(|a, b| a.0 == b.0);
        Ok(files)
    }
}

/// Drops what typst memoised that went unused through the last `max_age` trims, so that
/// the cache stays bounded across many builds (typst's CLI trims with 10 after each
/// compilation). It costs a few milliseconds: a process that compiles once never calls
/// it, and watch mode calls it after reporting a rebuild, not before.
pub fn trim_caches(max_age: usize) {
    typst::comemo::evict(max_age);
}

/// What `data.json` holds: the three inputs of the briefing and a few facts about it.
#[derive(Serialize)]
struct BriefingData<'a> {
    analysis: &'a Analysis,
    checklist: &'a Checklist,
    drafts: &'a [Draft],
    briefing: BriefingMeta,
}

/// Facts about the document itself.
#[derive(Serialize)]
struct BriefingMeta {
    /// The analysed round's date, for the PDF's creation date; `null` when it has none.
    date: Option<BriefingDate>,
    /// `offerbrief 0.1.0`.
    generator: String,
}

/// A calendar date as typst's `datetime(year:, month:, day:)` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
struct BriefingDate {
    year: i32,
    month: u8,
    day: u8,
}

impl BriefingDate {
    fn datetime(self) -> Option<Datetime> {
        Datetime::from_ymd(self.year, self.month, self.day)
    }
}

fn briefing_data(analysis: &Analysis, checklist: &Checklist, drafts: &[Draft]) -> Result<Vec<u8>> {
    let data = BriefingData {
        analysis,
        checklist,
        drafts,
        briefing: BriefingMeta {
            date: round_date(analysis),
            generator: format!("offerbrief {}", env!("CARGO_PKG_VERSION")),
        },
    };
    serde_json::to_vec_pretty(&data).context("serialising the briefing data for typst")
}

/// What `page.json` holds: the facts the running header and footer print.
#[derive(Serialize)]
struct PageFacts<'a> {
    candidate: &'a str,
    company: &'a str,
    level: &'a str,
    location: &'a str,
    round: PageRound<'a>,
    rounds_in_file: usize,
}

/// The analysed round, as the footer names it.
#[derive(Serialize)]
struct PageRound<'a> {
    number: usize,
    name: &'a str,
    date: Option<&'a str>,
}

fn page_data(analysis: &Analysis) -> Result<Vec<u8>> {
    let offer = &analysis.offer;
    let facts = PageFacts {
        candidate: &offer.candidate.name,
        company: &offer.company,
        level: &offer.level,
        location: &offer.location,
        round: PageRound {
            number: offer.round.number,
            name: &offer.round.name,
            date: offer.round.date.as_deref(),
        },
        rounds_in_file: offer.rounds_in_file,
    };
    serde_json::to_vec_pretty(&facts).context("serialising the page facts for typst")
}

/// The analysed round's date, when it has a valid one.
fn round_date(analysis: &Analysis) -> Option<BriefingDate> {
    let text = analysis.offer.round.date.as_deref()?;
    let mut parts = text.trim().splitn(3, '-');
    let date = BriefingDate {
        year: parts.next()?.parse().ok()?,
        month: parts.next()?.parse().ok()?,
        day: parts.next()?.parse().ok()?,
    };
    date.datetime().map(|_| date)
}

/// The date the document is "compiled on": the round's, else a constant.
fn briefing_date(analysis: &Analysis) -> BriefingDate {
    round_date(analysis).unwrap_or(BriefingDate {
        year: FALLBACK_DATE.0,
        month: FALLBACK_DATE.1,
        day: FALLBACK_DATE.2,
    })
}

fn project_file_id(path: &str) -> Result<FileId> {
    let vpath = VirtualPath::new(path)
        .map_err(|err| anyhow::anyhow!("invalid project path {path}: {err:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// Names (in the template store) of every file of the typst project: the built-ins and
/// any extra file in the override folder's `briefing/`.
fn project_template_names(templates: &Templates) -> Result<Vec<String>> {
    let mut names: Vec<String> = Templates::builtin_names(PROJECT_DIR)
        .map(str::to_string)
        .collect();
    if let Some(dir) = templates.override_dir() {
        let root = dir.join(PROJECT_DIR.trim_end_matches('/'));
        if root.is_dir() {
            let mut found = Vec::new();
            list_files(&root, &root, &mut found)?;
            names.extend(
                found
                    .into_iter()
                    .map(|relative| format!("{PROJECT_DIR}{relative}")),
            );
        }
    }
    names.sort();
    names.dedup();
    Ok(names)
}

/// Relative `/`-separated paths of the files under `dir`, recursively.
fn list_files(root: &Path, dir: &Path, found: &mut Vec<String>) -> Result<()> {
    let entries =
        fs::read_dir(dir).with_context(|| format!("listing templates in {}", dir.display()))?;
    for entry in entries {
        let path = entry
            .with_context(|| format!("listing templates in {}", dir.display()))?
            .path();
        if path.is_dir() {
            list_files(root, &path, found)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let parts: Option<Vec<&str>> = relative
                .components()
                .map(|c| c.as_os_str().to_str())
                .collect();
            if let Some(parts) = parts {
                found.push(parts.join("/"));
            }
        }
    }
    Ok(())
}

/// The fonts a world offers, with the files they came from (for `--emit-typ`).
struct FontSet {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    /// (project-relative path, bytes) of each font file.
    files: Vec<(String, Bytes)>,
}

impl FontSet {
    /// Loads the template's fonts from `templates` (overrides win) and, from an override
    /// folder, any extra font file in its `fonts/`.
    fn load(templates: &Templates) -> Result<FontSet> {
        let mut files: Vec<(String, Bytes)> = Vec::new();
        for name in TEMPLATE_FONTS {
            if let Some(bytes) = templates.get(name)? {
                files.push((name.to_string(), cow_bytes(bytes)));
            }
        }
        for name in extra_override_fonts(templates)? {
            if let Some(bytes) = templates.get(&name)? {
                files.push((name, cow_bytes(bytes)));
            }
        }
        let mut fonts = Vec::new();
        for (name, bytes) in &files {
            let before = fonts.len();
            fonts.extend(Font::iter(bytes.clone()));
            if fonts.len() == before {
                let shown = templates.override_path(name).filter(|path| path.is_file());
                let shown = shown.map_or_else(|| name.clone(), |path| path.display().to_string());
                return Err(InputError::new(format!(
                    "{shown}: not a font file that typst can read; use an OpenType (.otf) or TrueType (.ttf) font"
                ))
                .into());
            }
        }
        Ok(FontSet {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            files,
        })
    }
}

fn cow_bytes(bytes: Cow<'static, [u8]>) -> Bytes {
    match bytes {
        Cow::Borrowed(slice) => Bytes::new(slice),
        Cow::Owned(vec) => Bytes::new(vec),
    }
}

/// Font files in the override folder's `fonts/` beyond the ones the template names.
fn extra_override_fonts(templates: &Templates) -> Result<Vec<String>> {
    let Some(dir) = templates.override_dir() else {
        return Ok(Vec::new());
    };
    let fonts_dir = dir.join("fonts");
    if !fonts_dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    list_files(&fonts_dir, &fonts_dir, &mut found)?;
    let mut names: Vec<String> = found
        .into_iter()
        .filter(|name| {
            let lower = name.to_ascii_lowercase();
            [".otf", ".ttf", ".otc", ".ttc"]
                .iter()
                .any(|ext| lower.ends_with(ext))
        })
        .map(|name| format!("fonts/{name}"))
        .filter(|name| !TEMPLATE_FONTS.contains(&name.as_str()))
        .collect();
    names.sort();
    Ok(names)
}

/// The built-in fonts, loaded once per process.
static BUILTIN_FONTS: LazyLock<Result<Arc<FontSet>, String>> = LazyLock::new(|| {
    FontSet::load(&Templates::builtin())
        .map(Arc::new)
        .map_err(|err| format!("{err:#}"))
});

/// The fonts for `templates`: the shared built-ins unless the override folder holds fonts.
fn font_set(templates: &Templates) -> Result<Arc<FontSet>> {
    let overridden = TEMPLATE_FONTS.iter().any(|name| {
        templates
            .override_path(name)
            .is_some_and(|path| path.is_file())
    }) || !extra_override_fonts(templates)?.is_empty();
    if overridden {
        return Ok(Arc::new(FontSet::load(templates)?));
    }
    match &*BUILTIN_FONTS {
        Ok(fonts) => Ok(Arc::clone(fonts)),
        Err(err) => Err(anyhow::anyhow!("loading the built-in fonts: {err}")),
    }
}

/// typst's standard library, built once per process.
static LIBRARY: LazyLock<LazyHash<Library>> =
    LazyLock::new(|| LazyHash::new(Library::builder().build()));

/// The typst world of one briefing: the project's files come from the template store,
/// `data.json` from the analysis; nothing else exists.
struct BriefingWorld {
    templates: Templates,
    fonts: Arc<FontSet>,
    main: FileId,
    data: Bytes,
    page: Bytes,
    today: Option<Datetime>,
    sources: Mutex<HashMap<FileId, FileResult<Source>>>,
    files: Mutex<HashMap<FileId, FileResult<Bytes>>>,
}

/// Every template parsed in this process, by file: the builds of a batch and the rebuilds
/// of watch mode parse each template once, not once per briefing.
static PARSED: LazyLock<Mutex<HashMap<FileId, Source>>> = LazyLock::new(Mutex::default);

/// The parsed source of `text`: the one parsed before when the file's text is the same,
/// else a new parse that replaces it.
fn shared_source(id: FileId, text: &str) -> Source {
    let mut parsed = lock(&PARSED);
    if let Some(source) = parsed.get(&id)
        && source.text() == text
    {
        return source.clone();
    }
    let source = Source::new(id, text.to_string());
    parsed.insert(id, source.clone());
    source
}

/// Locks a cache; a poisoned lock still holds a usable map.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl BriefingWorld {
    /// Reads a project file: `data.json`, `page.json` or a template under `briefing/`.
    fn read(&self, id: FileId) -> FileResult<Bytes> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some(
                "packages are not available: the briefing is compiled offline from its own templates".into(),
            )));
        }
        let path = id.vpath().get_without_slash();
        if path == DATA_FILE {
            return Ok(self.data.clone());
        }
        if path == PAGE_FILE {
            return Ok(self.page.clone());
        }
        let name = format!("{PROJECT_DIR}{path}");
        match self.templates.get(&name) {
            Ok(Some(bytes)) => Ok(cow_bytes(bytes)),
            Ok(None) => Err(FileError::NotFound(PathBuf::from(path))),
            Err(err) => Err(FileError::Other(Some(format!("{err:#}").into()))),
        }
    }

    /// How a user should find a project file: the override's path, or the built-in name.
    fn display_path(&self, id: FileId) -> String {
        let path = id.vpath().get_without_slash();
        if !matches!(id.root(), VirtualRoot::Project) {
            return path.to_string();
        }
        if path == DATA_FILE || path == PAGE_FILE {
            return path.to_string();
        }
        let name = format!("{PROJECT_DIR}{path}");
        match self.templates.override_path(&name) {
            Some(override_path) if override_path.is_file() => override_path.display().to_string(),
            _ => format!("templates/{name}"),
        }
    }

    /// `file:line:column` of a span, when it points into a file.
    fn locate(&self, span: DiagSpan) -> Option<String> {
        let id = span.id()?;
        let place = self.display_path(id);
        let located = self.range(span).and_then(|range| {
            let source = self.source(id).ok()?;
            source.lines().byte_to_line_column(range.start)
        });
        Some(match located {
            Some((line, column)) => format!("{place}:{}:{}", line + 1, column + 1),
            None => place,
        })
    }

    /// One diagnostic as people read it: `file:line:column: message`, then its hints
    /// and where it was called from.
    fn describe(&self, diagnostic: &SourceDiagnostic) -> String {
        let mut text = match self.locate(diagnostic.span) {
            Some(place) => format!("{place}: {}", diagnostic.message),
            None => format!("briefing template: {}", diagnostic.message),
        };
        for hint in &diagnostic.hints {
            text.push_str("\n  hint: ");
            text.push_str(&hint.v);
            if let Some(place) = self.locate(hint.span) {
                text.push_str(&format!(" ({place})"));
            }
        }
        for point in &diagnostic.trace {
            if let Some(place) = self.locate(point.span.into()) {
                text.push_str(&format!("\n  note: {} at {place}", point.v));
            }
        }
        text
    }

    /// typst's errors as one [`InputError`], one problem per error.
    fn input_error(&self, errors: &EcoVec<SourceDiagnostic>) -> anyhow::Error {
        let mut problems: Vec<String> = errors.iter().map(|error| self.describe(error)).collect();
        if problems.is_empty() {
            problems.push("briefing template: typst failed without saying why".to_string());
        }
        anyhow::Error::new(InputError { problems }).context("compiling the PDF briefing")
    }
}

impl World for BriefingWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if let Some(source) = lock(&self.sources).get(&id) {
            return source.clone();
        }
        let source = self.file(id).and_then(|bytes| {
            let text = std::str::from_utf8(bytes.as_slice()).map_err(|_| FileError::InvalidUtf8)?;
            Ok(shared_source(
                id,
                text.strip_prefix('\u{feff}').unwrap_or(text),
            ))
        });
        lock(&self.sources).insert(id, source.clone());
        source
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = lock(&self.files).get(&id) {
            return bytes.clone();
        }
        let bytes = self.read(id);
        lock(&self.files).insert(id, bytes.clone());
        bytes
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

#[cfg(test)]
mod tests {
    use std::process::Command;
    use std::str::FromStr;

    use rust_decimal::Decimal;

    use super::*;
    use crate::analysis::*;
    use crate::money::Money;
    use crate::render::{ChecklistItem, ChecklistSection};

    fn m(dollars: i64) -> Money {
        Money::dollars(dollars)
    }

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn row(year: u32, base: i64, sign_on: i64, rsu: i64) -> YearRow {
        YearRow {
            year,
            base: m(base),
            sign_on: m(sign_on),
            rsu: m(rsu),
            bonus: Money::ZERO,
            total: m(base + sign_on + rsu),
        }
    }

    fn band(value: i64, low: i64, high: i64, percentile: &str, target: i64) -> BandPosition {
        BandPosition {
            value: m(value),
            low: m(low),
            high: m(high),
            percentile: Percent1(d(percentile)),
            target: m(target),
            gap: m((target - value).max(0)),
        }
    }

    fn change(amount: i64, pct: &str) -> Change {
        Change {
            amount: m(amount),
            pct: Some(Percent1(d(pct))),
        }
    }

    /// Jordan Lee's second round at Amazon L6 Seattle, with a competing Google offer.
    pub(crate) fn sample_analysis(name: &str) -> Analysis {
        let years = vec![
            row(1, 185_000, 75_000, 18_000),
            row(2, 185_000, 60_000, 54_000),
            row(3, 185_000, 0, 144_000),
            row(4, 185_000, 0, 144_000),
        ];
        let proposed_years = vec![
            row(1, 185_000, 95_000, 21_000),
            row(2, 185_000, 75_000, 63_000),
            row(3, 185_000, 0, 168_000),
            row(4, 185_000, 0, 168_000),
        ];
        Analysis {
            offer: OfferFacts {
                candidate: CandidateFacts {
                    name: name.to_string(),
                    email: Some("jordan.lee@example.com".into()),
                    domain: Some("distributed storage".into()),
                    achievements: vec!["led the migration of a 40-node Kafka fleet".into()],
                },
                recruiter: Some(RecruiterFacts {
                    name: Some("Sam Rivera".into()),
                    email: Some("sam.rivera@example.com".into()),
                }),
                company: "Amazon".into(),
                role: Some("Senior Software Development Engineer".into()),
                level: "L6".into(),
                location: "Seattle".into(),
                currency: "USD".into(),
                stock_price: Some(Money(d("185.00"))),
                round: RoundFacts {
                    number: 2,
                    name: "Revised offer".into(),
                    date: Some("2026-11-27".into()),
                    base: m(185_000),
                    sign_on: vec![m(75_000), m(60_000)],
                    sign_on_total: m(135_000),
                    sign_on_paid: SignOnPaid::Monthly,
                    rsu_grant: m(360_000),
                    rsu_shares: None,
                    vesting: vec![Number(d("5")), Number(d("15")), Number(d("40")), Number(d("40"))],
                    annual_bonus: Money::ZERO,
                    relocation: Some(m(15_000)),
                    start_date: Some("2027-01-11".into()),
                    reply_after: Some("2026-11-29".into()),
                },
                rounds_in_file: 2,
                goals: GoalFacts {
                    target_percentile: Number(d("75")),
                    walk_away_total: Some(m(280_000)),
                    target_level: Some("L7".into()),
                    decision_deadline: Some("2026-12-05".into()),
                    priorities: vec![],
                },
                current_job: Some(CurrentJobFacts {
                    base: m(175_000),
                    annual_bonus: m(15_000),
                    annual_equity: m(60_000),
                    unvested_equity: m(140_000),
                    forfeited_bonus: m(15_000),
                    annual_total: m(250_000),
                    forfeit_total: m(155_000),
                }),
                assumptions: AssumptionFacts {
                    stock_growth: Number(Decimal::ZERO),
                    base_raise: Number(Decimal::ZERO),
                    hours_per_year: Number(d("2080")),
                },
            },
            years: years.clone(),
            four_year_total: m(1_050_000),
            four_year_average: m(262_500),
            market: Some(MarketPosition {
                base: band(185_000, 165_000, 220_000, "45.2", 206_000),
                equity_4yr: band(360_000, 300_000, 520_000, "31.8", 455_000),
                signing: band(135_000, 60_000, 160_000, "70.1", 136_000),
                total_year_1: band(278_000, 250_000, 340_000, "37.9", 310_000),
                base_cap: Some(m(220_000)),
                band_level: "L6".into(),
                band_location: "Seattle".into(),
            }),
            market_percentile: Some(Percent1(d("37.9"))),
            levers: vec![
                Lever {
                    lever: LeverKind::Rsu,
                    offered: m(360_000),
                    ask: m(455_000),
                    gap_4yr: m(95_000),
                    status: LeverStatus::Ask,
                    target: m(455_000),
                    evidence: vec![
                        Evidence::Market {
                            low: m(300_000),
                            high: m(520_000),
                            target: m(455_000),
                            target_percentile: Number(d("75")),
                        },
                        Evidence::Competing {
                            company: "Google".into(),
                            amount: m(380_000),
                        },
                    ],
                    ask_by_year: None,
                    offered_by_year: None,
                },
                Lever {
                    lever: LeverKind::Base,
                    offered: m(185_000),
                    ask: m(206_000),
                    gap_4yr: m(84_000),
                    status: LeverStatus::Ask,
                    target: m(205_800),
                    evidence: vec![Evidence::BaseCap { cap: m(220_000) }],
                    ask_by_year: None,
                    offered_by_year: None,
                },
                Lever {
                    lever: LeverKind::SignOn,
                    offered: m(135_000),
                    ask: m(170_000),
                    gap_4yr: m(35_000),
                    status: LeverStatus::Ask,
                    target: m(155_000),
                    evidence: vec![Evidence::Forfeit {
                        unvested_equity: m(140_000),
                        forfeited_bonus: m(15_000),
                        total: m(155_000),
                    }],
                    ask_by_year: Some(vec![m(95_000), m(75_000)]),
                    offered_by_year: Some(vec![m(75_000), m(60_000)]),
                },
            ],
            asks: vec![LeverKind::Rsu, LeverKind::Base, LeverKind::SignOn],
            proposed: Proposed {
                base: m(185_000),
                sign_on: vec![m(95_000), m(75_000)],
                sign_on_total: m(170_000),
                rsu_grant: m(420_000),
                years: proposed_years,
                four_year_total: m(1_145_000),
            },
            ask_increase: m(95_000),
            ask_increase_pct: Percent2(d("9.05")),
            approval: Approval::Recruiter,
            flags: vec![
                Flag {
                    code: FlagCode::BelowMedian,
                    message: "The year-1 total of $278,000 is at the 37.9th percentile for L6 in Seattle, below the median."
                        .into(),
                },
            ],
            rounds: vec![
                RoundSummary {
                    number: 1,
                    name: "Initial offer".into(),
                    date: Some("2026-11-20".into()),
                    base: m(180_000),
                    sign_on_total: m(120_000),
                    grant: m(330_000),
                    year_1_total: m(262_500),
                    four_year_total: m(1_170_000),
                    change_from_previous: None,
                    change_from_first: None,
                },
                RoundSummary {
                    number: 2,
                    name: "Revised offer".into(),
                    date: Some("2026-11-27".into()),
                    base: m(185_000),
                    sign_on_total: m(135_000),
                    grant: m(360_000),
                    year_1_total: m(278_000),
                    four_year_total: m(1_050_000),
                    change_from_previous: Some(RoundChange {
                        base: change(5_000, "2.8"),
                        sign_on_total: change(15_000, "12.5"),
                        grant: change(30_000, "9.1"),
                        four_year_total: change(-120_000, "-10.3"),
                    }),
                    change_from_first: Some(RoundChange {
                        base: change(5_000, "2.8"),
                        sign_on_total: change(15_000, "12.5"),
                        grant: change(30_000, "9.1"),
                        four_year_total: change(-120_000, "-10.3"),
                    }),
                },
            ],
            improvement: Improvement {
                amount: m(50_000),
                pct: Percent1(d("5.0")),
                typical_low_pct: 15,
                typical_high_pct: 35,
            },
            competing: vec![CompetingSummary {
                company: "Google".into(),
                level: Some("L5".into()),
                status: Some("verbal".into()),
                base: m(205_000),
                sign_on_total: m(50_000),
                grant: m(380_000),
                annual_bonus: m(30_000),
                years: vec![
                    row(1, 205_000, 50_000, 95_000),
                    row(2, 205_000, 0, 95_000),
                    row(3, 205_000, 0, 95_000),
                    row(4, 205_000, 0, 95_000),
                ],
                four_year_total: m(1_370_000),
                four_year_average: m(342_500),
                difference: m(320_000),
            }],
            scenarios: Scenarios {
                down_30: m(942_000),
                flat: m(1_050_000),
                up_15_per_year: m(1_161_123),
            },
            hourly: Hourly {
                year_1: Money(d("133.65")),
                four_year_average: Money(d("126.20")),
                hours_per_year: Number(d("2080")),
            },
            walk_away: WalkAway {
                walk_away_total: Some(m(280_000)),
                vs_walk_away: Some(m(-2_000)),
                current_job_total: Some(m(250_000)),
                best_alternative: Some(m(342_500)),
                best_alternative_source: Some("Google".into()),
                vs_best_alternative: Some(m(-80_000)),
            },
            next_step: NextStep {
                round: 2,
                email: EmailKind::Round2Followup,
                levers: vec![LeverKind::Rsu],
                expected_range: Some([m(1_102_500), m(1_155_000)]),
                expected_range_pct: Some([5, 10]),
            },
            other_levers: OtherLevers {
                level: Some(LevelLever {
                    current_level: "L6".into(),
                    next_level: Some("L7".into()),
                    target_level: Some("L7".into()),
                    review_requested: true,
                    next_level_percentiles: Some(NextLevelPercentiles {
                        base: Percent1(d("3.1")),
                        equity_4yr: Percent1(d("1.0")),
                        signing: Percent1(d("20.4")),
                        total_year_1: Percent1(d("1.0")),
                    }),
                    next_level_base: Some([m(230_000), m(350_000)]),
                    next_level_total_year_1: Some([m(400_000), m(600_000)]),
                    talking_point: "Given the scope discussed, I'd like to understand what it would take to be considered for L7.".into(),
                }),
                start_date: Some(StartDateLever {
                    start_date: "2027-01-11".into(),
                    round_date: Some("2026-11-27".into()),
                    weeks: Some(Percent1(d("6.4"))),
                    leverage: Some(Leverage::Strong),
                    talking_point: "I can start on January 11 if we can close the gap on the grant.".into(),
                }),
                relocation: RelocationLever {
                    offered: Some(m(15_000)),
                    typical_low: m(10_000),
                    typical_high: m(50_000),
                    items: vec!["temporary housing".into(), "moving costs".into()],
                    talking_point: "Relocation packages often run to $50,000; could we look at temporary housing?".into(),
                },
                flexibility: FlexibilityLever {
                    options: vec!["remote days".into(), "hybrid schedule".into()],
                    talking_point: "A hybrid schedule would make the commute workable.".into(),
                },
                performance_bonus: Some(PerformanceBonusLever {
                    talking_point: "With no cash bonus, could we agree guaranteed RSU refreshers?".into(),
                }),
            },
            warnings: vec![],
        }
    }

    pub(crate) fn sample_checklist() -> Checklist {
        Checklist {
            markdown: String::new(),
            sections: vec![
                ChecklistSection {
                    title: "Before negotiating".into(),
                    items: vec![
                        ChecklistItem {
                            done: true,
                            text: "Set your walk-away number: $280,000".into(),
                        },
                        ChecklistItem {
                            done: false,
                            text: "Get a competing offer in writing".into(),
                        },
                    ],
                },
                ChecklistSection {
                    title: "During".into(),
                    items: vec![ChecklistItem {
                        done: false,
                        text: "Never accept on the call".into(),
                    }],
                },
            ],
        }
    }

    pub(crate) fn sample_drafts() -> Vec<Draft> {
        vec![
            Draft {
                file_stem: "01-round-2-followup".into(),
                kind: Some(EmailKind::Round2Followup),
                title: "Round-2 follow-up".into(),
                subject: "Re: Offer — RSU grant".into(),
                body: "Hi Sam,\n\nThank you for the revised offer.\nCould we bring the RSU grant to $455,000?\n\n- market: 75th percentile\n- Google: $380,000\n\nBest,\nJordan".into(),
                recommended: true,
            },
            Draft {
                file_stem: "02-acceptance".into(),
                kind: Some(EmailKind::Acceptance),
                title: "Acceptance".into(),
                subject: "Accepting the offer".into(),
                body: "Hi Sam,\n\nI am happy to accept.\n\nJordan".into(),
                recommended: false,
            },
        ]
    }

    fn compile(templates: &Templates, name: &str) -> Result<Vec<u8>> {
        render_pdf(
            templates,
            &sample_analysis(name),
            &sample_checklist(),
            &sample_drafts(),
        )
    }

    /// The PDF's text as poppler's `pdftotext` extracts it (lines unwrapped), or `None`
    /// when poppler is not installed.
    fn pdf_text(pdf: &[u8]) -> Option<String> {
        let dir = assert_fs::TempDir::new().unwrap();
        let path = dir.path().join("briefing.pdf");
        fs::write(&path, pdf).unwrap();
        let output = Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .ok()?;
        assert!(output.status.success(), "pdftotext failed on the briefing");
        Some(String::from_utf8(output.stdout).unwrap())
    }

    /// Every page's `/MediaBox`.
    fn media_boxes(pdf: &[u8]) -> Vec<String> {
        let text = String::from_utf8_lossy(pdf);
        text.match_indices("/MediaBox")
            .filter_map(|(at, _)| text[at..].split_once(']').map(|(head, _)| head.to_string()))
            .collect()
    }

    #[test]
    fn same_input_gives_identical_bytes() {
        let compiler = PdfCompiler::new(
            &Templates::builtin(),
            &sample_analysis("Jordan Lee"),
            &sample_checklist(),
            &sample_drafts(),
        )
        .unwrap();
        let compiled = compiler.compile().unwrap();
        assert!(
            compiled.warnings.is_empty(),
            "typst warned: {:?}",
            compiled.warnings
        );
        let first = compiled.pdf;
        let second = compile(&Templates::builtin(), "Jordan Lee").unwrap();
        assert!(first.starts_with(b"%PDF-"));
        assert!(first == second, "two builds of the same input differ");
        let pages = media_boxes(&first);
        assert!(
            pages.len() >= 5,
            "expected a multi-page briefing, got {} pages",
            pages.len()
        );
        assert!(
            pages.iter().all(|page| page == "/MediaBox[0 0 612 792"),
            "not all US Letter: {pages:?}"
        );
        if let Some(text) = pdf_text(&first) {
            for expected in [
                "Jordan Lee",
                "Year by year",
                "Market position",
                "Lever plan",
                "$1,050,000",
                "+$95,000",
                "\u{2212}$108,000",
                "Appendix: email drafts",
                "Could we bring the RSU grant to $455,000?",
            ] {
                assert!(text.contains(expected), "the PDF text lacks {expected:?}");
            }
        }
    }

    #[test]
    fn markup_in_user_text_prints_literally_and_long_names_wrap() {
        let hostile = "#set page(width: 1pt) ] $x$ {{ x }} <b> \\ *bold* @ref";
        let long_run = "W".repeat(200);
        let pdf = compile(&Templates::builtin(), &format!("{hostile} {long_run}")).unwrap();
        let pages = media_boxes(&pdf);
        assert!(
            pages.iter().all(|page| page == "/MediaBox[0 0 612 792"),
            "page size changed: {pages:?}"
        );
        if let Some(text) = pdf_text(&pdf) {
            assert!(text.contains(hostile), "the name is not printed as written");
            // The unbroken run wraps: no line holds all of it.
            assert!(text.contains("WWWWWWWWWW"));
            assert!(
                !text.lines().any(|line| line.contains(&long_run)),
                "a 200-character run sits on one line"
            );
        }
    }

    #[test]
    fn broken_override_template_names_file_line_and_column() {
        let dir = assert_fs::TempDir::new().unwrap();
        fs::create_dir_all(dir.path().join("briefing")).unwrap();
        fs::write(
            dir.path().join("briefing/main.typ"),
            "= Briefing\n\n#let total = (1, 2\n#undefined-thing\n",
        )
        .unwrap();
        let templates = Templates::with_overrides(Some(dir.path()));
        let err = compile(&templates, "Jordan Lee").unwrap_err();
        assert!(crate::error::is_input_error(&err));
        let message = format!("{:#}", err);
        let main = dir.path().join("briefing/main.typ").display().to_string();
        assert!(
            message.contains(&format!("{main}:3:")),
            "no file:line:column in {message}"
        );
        assert!(
            !message.contains("SourceDiagnostic"),
            "a debug dump: {message}"
        );

        fs::write(
            dir.path().join("briefing/main.typ"),
            "#let data = json(\"data.json\")\n#data.analysis.nope\n",
        )
        .unwrap();
        let message = format!("{:#}", compile(&templates, "Jordan Lee").unwrap_err());
        assert!(
            message.contains(&format!(
                "{main}:2:16: dictionary does not contain key \"nope\""
            )),
            "{message}"
        );

        fs::write(
            dir.path().join("briefing/main.typ"),
            "Hello\n  #undefined-thing\n",
        )
        .unwrap();
        let message = format!("{:#}", compile(&templates, "Jordan Lee").unwrap_err());
        assert!(
            message.contains(&format!("{main}:2:4: unknown variable: undefined-thing")),
            "{message}"
        );
        assert!(
            message.contains("\n  hint: "),
            "typst's hint is missing: {message}"
        );
    }

    #[test]
    fn project_holds_main_file_parts_data_and_fonts() {
        let files = typst_project(
            &Templates::builtin(),
            &sample_analysis("Jordan Lee"),
            &sample_checklist(),
            &sample_drafts(),
        )
        .unwrap();
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        for expected in [
            "main.typ",
            "lib/format.typ",
            "sections/summary.typ",
            "data.json",
            "page.json",
            "fonts/Inter-Regular.otf",
        ] {
            assert!(
                names.contains(&expected),
                "{expected} missing from {names:?}"
            );
        }
        assert!(
            names
                .iter()
                .any(|name| name.starts_with("fonts/DejaVuSansMono"))
        );
        let data = &files
            .iter()
            .find(|(name, _)| name == "data.json")
            .unwrap()
            .1;
        let data: serde_json::Value = serde_json::from_slice(data).unwrap();
        assert_eq!(data["analysis"]["offer"]["candidate"]["name"], "Jordan Lee");
        assert_eq!(data["briefing"]["date"]["month"], 11);
        assert_eq!(data["drafts"][0]["file_stem"], "01-round-2-followup");
    }

    #[test]
    fn world_serves_only_project_files_and_a_fixed_date() {
        let mut analysis = sample_analysis("Jordan Lee");
        let compiler = PdfCompiler::new(
            &Templates::builtin(),
            &analysis,
            &sample_checklist(),
            &sample_drafts(),
        )
        .unwrap();
        let world = &compiler.world;
        assert_eq!(world.today(None), Datetime::from_ymd(2026, 11, 27));
        assert!(world.source(world.main()).is_ok());
        assert!(world.file(project_file_id("data.json").unwrap()).is_ok());
        let page = world.file(project_file_id("page.json").unwrap()).unwrap();
        let page: serde_json::Value = serde_json::from_slice(page.as_slice()).unwrap();
        assert_eq!(page["candidate"], "Jordan Lee");
        assert_eq!(page["round"]["name"], "Revised offer");
        assert!(matches!(
            world.file(project_file_id("nope.typ").unwrap()),
            Err(FileError::NotFound(_))
        ));
        let package =
            typst::syntax::package::PackageSpec::from_str("@preview/example:0.1.0").unwrap();
        let in_package = RootedPath::new(
            VirtualRoot::Package(package),
            VirtualPath::new("lib.typ").unwrap(),
        )
        .intern();
        assert!(world.source(in_package).is_err());
        assert!(world.font(usize::MAX).is_none());
        assert!(
            world
                .book()
                .select("inter", typst::text::FontVariant::default())
                .is_some()
        );

        analysis.offer.round.date = None;
        let compiler = PdfCompiler::new(
            &Templates::builtin(),
            &analysis,
            &sample_checklist(),
            &sample_drafts(),
        )
        .unwrap();
        assert_eq!(compiler.world.today(None), Datetime::from_ymd(2026, 1, 1));
    }

    /// Writes the PDF of the offer file `OFFERBRIEF_PDF_INPUT` where `OFFERBRIEF_PDF_OUT`
    /// says, for looking at it (with the sample checklist and drafts).
    #[test]
    #[ignore]
    fn write_input_pdf() {
        let offer =
            crate::offer::load(Path::new(&std::env::var("OFFERBRIEF_PDF_INPUT").unwrap())).unwrap();
        let analysis = crate::analyse_round(&offer, None).unwrap();
        let pdf = render_pdf(
            &Templates::builtin(),
            &analysis,
            &sample_checklist(),
            &sample_drafts(),
        )
        .unwrap();
        fs::write(std::env::var("OFFERBRIEF_PDF_OUT").unwrap(), pdf).unwrap();
    }

    /// Writes the sample PDF where `OFFERBRIEF_PDF_OUT` says, for looking at it.
    #[test]
    #[ignore]
    fn write_sample_pdf() {
        let name = std::env::var("OFFERBRIEF_PDF_NAME").unwrap_or_else(|_| "Jordan Lee".into());
        let mut analysis = sample_analysis(&name);
        if std::env::var("OFFERBRIEF_PDF_CLIFF").is_ok() {
            analysis.years[0].sign_on = m(170_000);
            analysis.years[0].total = m(373_000);
            analysis.flags.insert(0, Flag {
                code: FlagCode::Year3Cliff,
                message: "Year 3 pays $329,000, less than year 1's $373,000: the sign-on ends before the larger RSU tranches vest.".into(),
            });
        }
        if std::env::var("OFFERBRIEF_PDF_WORST").is_ok() {
            let long = "Wolfeschlegelsteinhausenbergerdorff ".repeat(6);
            analysis.offer.company = format!("Company {long}");
            analysis.offer.location = format!("Location {long}");
            analysis.offer.round.name = format!("Round {long}");
            analysis.rounds[1].name = analysis.offer.round.name.clone();
            analysis.competing[0].company = format!("Rival {long}");
            analysis.next_step.levers = vec![LeverKind::Rsu, LeverKind::Base, LeverKind::SignOn];
            for code in [
                FlagCode::Year3Cliff,
                FlagCode::BelowWalkAway,
                FlagCode::SignOnShortOfForfeit,
                FlagCode::BaseAtCap,
                FlagCode::CompetingOfferHigher,
            ] {
                analysis.flags.push(Flag {
                    code,
                    message: "A warning of typical length that explains what is wrong with the offer and what to do about it in one sentence.".into(),
                });
            }
        }
        if std::env::var("OFFERBRIEF_PDF_NO_MARKET").is_ok() {
            analysis.market = None;
            analysis.market_percentile = None;
            analysis.competing.clear();
        }
        let pdf = render_pdf(
            &Templates::builtin(),
            &analysis,
            &sample_checklist(),
            &sample_drafts(),
        )
        .unwrap();
        fs::write(std::env::var("OFFERBRIEF_PDF_OUT").unwrap(), pdf).unwrap();
    }
}
