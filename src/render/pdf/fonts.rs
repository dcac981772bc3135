//! The fonts of the briefing: the faces the built-in template is set in, embedded in the
//! binary and loaded once per process, or the override folder's when it has fonts.

use std::sync::{Arc, LazyLock};

use anyhow::Result;
use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

use std::path::PathBuf;

use super::fallback;
use super::project::cow_bytes;
use super::project::list_files;
use crate::error::InputError;
use crate::render::templates::Templates;

/// The fonts the built-in template uses, by their name in the template store: the faces
/// its text is set in and nothing more (Inter for the text, DejaVu Sans Mono for file
/// names and code).
const TEMPLATE_FONTS: [&str; 4] = [
    "fonts/Inter-Regular.otf",
    "fonts/Inter-SemiBold.otf",
    "fonts/Inter-Bold.otf",
    "fonts/DejaVuSansMono.ttf",
];

/// The fonts a world offers, with the files they came from (for `--emit-typ`).
pub(super) struct FontSet {
    pub book: LazyHash<FontBook>,
    pub fonts: Vec<Font>,
    /// (project-relative path, bytes) of each font file.
    pub files: Vec<(String, Bytes)>,
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

/// Loads the built-in fonts now, if not yet loaded.
pub(super) fn prepare() {
    LazyLock::force(&BUILTIN_FONTS);
}

/// The fonts for one briefing: the template's (see [`template_fonts`]), with the fallback
/// faces its text needs; and the characters no font covers.
pub(super) fn font_set(
    templates: &Templates,
    text: &str,
    font_paths: &[PathBuf],
) -> Result<(Arc<FontSet>, Vec<char>)> {
    let base = template_fonts(templates)?;
    let found = fallback::fallbacks(
        text,
        |c| {
            base.fonts
                .iter()
                .any(|font| font.info().coverage.contains(u32::from(c)))
        },
        font_paths,
    );
    if found.files.is_empty() {
        return Ok((base, found.missing));
    }
    let mut fonts = base.fonts.clone();
    fonts.extend(found.fonts);
    let mut files = base.files.clone();
    files.extend(found.files);
    let set = FontSet {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
        files,
    };
    Ok((Arc::new(set), found.missing))
}

/// The fonts the template is set in: the shared built-ins unless the override folder
/// holds fonts.
fn template_fonts(templates: &Templates) -> Result<Arc<FontSet>> {
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
