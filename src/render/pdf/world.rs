//! The typst world of one briefing: the project's files come from the template store, the
//! generated inputs from [`Inputs`]; nothing else exists. The store serves a file of
//! `--templates` only when its real path lies inside that folder ([`Templates::get`], on
//! [`crate::confined`]), so no link there lets `read()` reach another file. It reads no
//! system font and never the clock (`today()` is the round's date), so identical input
//! gives identical bytes.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::data::Inputs;
use super::fonts::FontSet;
use super::project::{PROJECT_DIR, cow_bytes};
use crate::render::templates::Templates;

/// typst's standard library, built once per process.
static LIBRARY: LazyLock<LazyHash<Library>> =
    LazyLock::new(|| LazyHash::new(Library::builder().build()));

/// The typst world of one briefing: the project's files come from the template store,
/// generated inputs from the analysis; nothing else exists.
pub(super) struct BriefingWorld {
    pub templates: Templates,
    fonts: Arc<FontSet>,
    main: FileId,
    pub inputs: Inputs,
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

/// Readies what every typesetting needs and no input changes: typst's library and each
/// built-in template parsed (the fonts are readied by [`super::fonts`]).
pub(super) fn prepare() {
    LazyLock::force(&LIBRARY);
    for name in Templates::builtin_names(PROJECT_DIR).filter(|name| name.ends_with(".typ")) {
        let path = &name[PROJECT_DIR.len()..];
        if let (Ok(id), Some(Ok(text))) = (
            super::project::file_id(path),
            crate::render::templates::builtin(name).map(std::str::from_utf8),
        ) {
            shared_source(id, text.strip_prefix('\u{feff}').unwrap_or(text));
        }
    }
}

/// Locks a cache; a poisoned lock still holds a usable map.
pub(super) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl BriefingWorld {
    /// The world of one briefing.
    pub fn new(templates: &Templates, fonts: Arc<FontSet>, main: FileId, inputs: Inputs) -> Self {
        BriefingWorld {
            templates: templates.clone(),
            fonts,
            main,
            inputs,
            sources: Mutex::default(),
            files: Mutex::default(),
        }
    }

    /// Points the world at another briefing's inputs (and fonts), forgetting every file
    /// read so far, so that the next compilation sees edited templates and fonts (a
    /// template whose text did not change is not parsed again: see [`shared_source`]).
    pub fn update(&mut self, fonts: Arc<FontSet>, inputs: Inputs) {
        self.fonts = fonts;
        self.inputs = inputs;
        lock(&self.sources).clear();
        lock(&self.files).clear();
    }

    /// Whether a compilation with `fonts` and `inputs` would read exactly what the last
    /// one read: the same generated inputs and fonts, and the same bytes in every
    /// template file it read (an override edited since shows as different bytes). False
    /// before the first compilation.
    pub fn reads_the_same(&self, fonts: &FontSet, inputs: &Inputs) -> bool {
        let same_fonts =
            std::ptr::eq(fonts, Arc::as_ptr(&self.fonts)) || fonts.files == self.fonts.files;
        if !same_fonts
            || self.inputs.data != inputs.data
            || self.inputs.page != inputs.page
            || self.inputs.today != inputs.today
        {
            return false;
        }
        let files = lock(&self.files);
        !files.is_empty()
            && files.iter().all(|(id, bytes)| {
                let generated = inputs.file(id.vpath().get_without_slash()).is_some();
                generated || self.read(*id) == *bytes
            })
    }

    /// The font files, for `--emit-typ`.
    pub fn font_files(&self) -> &[(String, Bytes)] {
        &self.fonts.files
    }

    /// Reads a project file: a generated input or a template under `briefing/`.
    fn read(&self, id: FileId) -> FileResult<Bytes> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some(
                "packages are not available: the briefing is compiled offline from its own templates".into(),
            )));
        }
        let path = id.vpath().get_without_slash();
        if let Some(bytes) = self.inputs.file(path) {
            return Ok(bytes);
        }
        let name = format!("{PROJECT_DIR}{path}");
        match self.templates.get(&name) {
            Ok(Some(bytes)) => Ok(cow_bytes(bytes)),
            Ok(None) => Err(FileError::NotFound(PathBuf::from(path))),
            Err(err) => Err(FileError::Other(Some(format!("{err:#}").into()))),
        }
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
        self.inputs.today
    }
}
