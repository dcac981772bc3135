//! The fonts of a document (what `pdffonts` lists) and, for each page, the metrics the
//! glyph boxes need.

use std::collections::{HashMap, HashSet};

use hayro_interpret::CacheKey;
use hayro_syntax::object::{Array, Dict, MaybeRef, Name, Object, Stream};
use hayro_syntax::page::Page;

use crate::Font;

/// What a page's glyphs need to know of the font they are drawn in.
#[derive(Debug, Clone)]
pub(crate) struct Metrics {
    /// The `/BaseFont` name, subset tag included.
    pub(crate) name: String,
    /// The ascent, as a fraction of the font size (positive).
    pub(crate) ascent: f32,
    /// The descent, as a fraction of the font size (negative).
    pub(crate) descent: f32,
}

/// The fonts a page can draw with, by hayro's cache key of their dictionary (which is
/// what [`hayro_interpret::font::OutlineGlyph::font_cache_key`] gives).
#[derive(Debug, Default)]
pub(crate) struct PageFonts {
    pub(crate) by_key: HashMap<u128, Metrics>,
    /// The names of the page's Type 3 fonts, each once (a Type 3 glyph does not tell
    /// its font: it is given the name when there is only one).
    pub(crate) type3: Vec<String>,
}

/// The fonts of the whole document, collected page by page as `pdffonts` does.
#[derive(Debug, Default)]
pub(crate) struct FontList {
    fonts: Vec<Font>,
    /// The font dictionaries already listed (by object number, or by content when direct).
    seen: HashSet<Identity>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Identity {
    Object(i32),
    Content(u128),
}

fn identity(dict: &Dict<'_>) -> Identity {
    match dict.obj_id() {
        Some(id) => Identity::Object(id.obj_number),
        None => Identity::Content(dict.cache_key()),
    }
}

impl FontList {
    /// Lists the fonts of `page` not listed yet, and returns the metrics of every font
    /// the page can use.
    pub(crate) fn add_page(&mut self, page: &Page<'_>) -> PageFonts {
        let mut page_fonts = PageFonts::default();
        let mut resources = Some(page.resources());
        let mut scanned = HashSet::new();
        while let Some(current) = resources {
            // The page's own resources, then those it inherits from the page tree.
            let dict_fonts = &current.fonts;
            let x_objects = &current.x_objects;
            let patterns = &current.patterns;
            self.scan_fonts(dict_fonts, &mut page_fonts);
            for holder in [x_objects, patterns] {
                self.scan_children(holder, &mut page_fonts, &mut scanned);
            }
            resources = current.parent();
        }
        if let Some(annotations) = page.raw().get::<Array<'_>>(b"Annots") {
            for annotation in annotations.iter::<Dict<'_>>() {
                let Some(appearances) = annotation.get::<Dict<'_>>(b"AP") else {
                    continue;
                };
                let normal = appearances.get::<Object<'_>>(b"N");
                let streams: Vec<Stream<'_>> = match normal {
                    Some(Object::Stream(stream)) => vec![stream],
                    Some(Object::Dict(states)) => in_order(&states)
                        .into_iter()
                        .filter_map(|key| states.get::<Stream<'_>>(key.as_ref()))
                        .collect(),
                    _ => Vec::new(),
                };
                for stream in streams {
                    if let Some(res) = stream.dict().get::<Dict<'_>>(b"Resources") {
                        self.scan_resources(&res, &mut page_fonts, &mut scanned);
                    }
                }
            }
        }
        page_fonts
    }

    /// The fonts listed.
    pub(crate) fn into_fonts(self) -> Vec<Font> {
        self.fonts
    }

    fn scan_resources(
        &mut self,
        resources: &Dict<'_>,
        page_fonts: &mut PageFonts,
        scanned: &mut HashSet<Identity>,
    ) {
        if let Some(fonts) = resources.get::<Dict<'_>>(b"Font") {
            self.scan_fonts(&fonts, page_fonts);
        }
        for key in [&b"XObject"[..], b"Pattern"] {
            if let Some(holder) = resources.get::<Dict<'_>>(key) {
                self.scan_children(&holder, page_fonts, scanned);
            }
        }
    }

    /// The forms (or patterns) of a resource dictionary, each scanned once per page.
    fn scan_children(
        &mut self,
        holder: &Dict<'_>,
        page_fonts: &mut PageFonts,
        scanned: &mut HashSet<Identity>,
    ) {
        for key in in_order(holder) {
            let Some(stream) = holder.get::<Stream<'_>>(key.as_ref()) else {
                continue;
            };
            let id = Identity::Object(stream.obj_id().obj_number);
            if !scanned.insert(id) {
                continue;
            }
            if let Some(resources) = stream.dict().get::<Dict<'_>>(b"Resources") {
                self.scan_resources(&resources, page_fonts, scanned);
            }
        }
    }

    fn scan_fonts(&mut self, fonts: &Dict<'_>, page_fonts: &mut PageFonts) {
        for key in in_order(fonts) {
            let Some(font) = fonts.get::<Dict<'_>>(key.as_ref()) else {
                continue;
            };
            let described = describe(&font);
            page_fonts
                .by_key
                .insert(font.cache_key(), metrics(&font, &described.name));
            if described.kind == "Type 3" && !page_fonts.type3.contains(&described.name) {
                page_fonts.type3.push(described.name.clone());
            }
            if self.seen.insert(identity(&font)) {
                self.fonts.push(described);
            }
        }
    }
}

/// The keys of a dictionary in the order the file writes them (hayro-syntax gives them
/// sorted), as `pdffonts` goes through them.
fn in_order<'a>(dict: &Dict<'a>) -> Vec<Name<'a>> {
    let data = dict.data();
    let mut keys: Vec<(usize, Name<'a>)> = dict
        .keys()
        .map(|key| (key_offset(data, key.as_ref()), key))
        .collect();
    keys.sort_by(|(a, ka), (b, kb)| a.cmp(b).then_with(|| ka.as_ref().cmp(kb.as_ref())));
    keys.into_iter().map(|(_, key)| key).collect()
}

/// Where `/key` first stands in `data` as a whole name (not the start of a longer one).
fn key_offset(data: &[u8], key: &[u8]) -> usize {
    let mut from = 0;
    while let Some(at) = find(&data[from..], key).map(|at| at + from) {
        let before = at.checked_sub(1).map(|i| data[i]);
        let after = data.get(at + key.len()).copied();
        let delimiter = |c: u8| c.is_ascii_whitespace() || b"/<>[]()%{}".contains(&c);
        if before == Some(b'/') && after.is_none_or(delimiter) {
            return at;
        }
        from = at + 1;
    }
    usize::MAX
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn name_of(dict: &Dict<'_>, key: &[u8]) -> Option<String> {
    dict.get::<Name<'_>>(key)
        .map(|name| name.as_str().to_string())
}

/// A font dictionary as a row of `pdffonts`.
fn describe(font: &Dict<'_>) -> Font {
    let subtype = name_of(font, b"Subtype").unwrap_or_default();
    let name = name_of(font, b"BaseFont").unwrap_or_else(|| "[none]".to_string());
    let subset = is_subset(&name);
    let to_unicode = font.contains_key(b"ToUnicode");

    let (kind, embedded, encoding) = if subtype == "Type0" {
        let descendant = font
            .get::<Array<'_>>(b"DescendantFonts")
            .and_then(|fonts| fonts.iter::<Dict<'_>>().next())
            .unwrap_or_default();
        let descriptor = descendant
            .get::<Dict<'_>>(b"FontDescriptor")
            .unwrap_or_default();
        let program = font_program(&descriptor);
        let cid_type2 = name_of(&descendant, b"Subtype").as_deref() == Some("CIDFontType2");
        let kind = match (&program, cid_type2) {
            (Some(Program::OpenTypeCff), _) => "CID Type 0C (OT)",
            (Some(Program::Cff), _) => "CID Type 0C",
            (Some(Program::OpenTypeTrueType), _) => "CID TrueType (OT)",
            (Some(Program::TrueType), _) => "CID TrueType",
            (Some(Program::Type1), _) => "CID Type 0",
            (None, true) => "CID TrueType",
            (None, false) => "CID Type 0",
        };
        let encoding = match font.get::<Object<'_>>(b"Encoding") {
            Some(Object::Name(name)) => name.as_str().to_string(),
            _ => "Custom".to_string(),
        };
        (kind.to_string(), program.is_some(), encoding)
    } else {
        let descriptor = font.get::<Dict<'_>>(b"FontDescriptor").unwrap_or_default();
        let program = font_program(&descriptor);
        let kind = match (subtype.as_str(), &program) {
            ("Type3", _) => "Type 3",
            (_, Some(Program::OpenTypeCff)) => "Type 1C (OT)",
            (_, Some(Program::Cff)) => "Type 1C",
            (_, Some(Program::OpenTypeTrueType)) => "TrueType (OT)",
            (_, Some(Program::TrueType)) => "TrueType",
            (_, Some(Program::Type1)) => "Type 1",
            ("TrueType", None) => "TrueType",
            _ => "Type 1",
        };
        let encoding = match font.get_raw::<Object<'_>>(b"Encoding") {
            Some(MaybeRef::NotRef(Object::Name(name))) => name
                .as_str()
                .strip_suffix("Encoding")
                .unwrap_or(name.as_str())
                .to_string(),
            Some(_) => "Custom".to_string(),
            None if subtype == "Type3" => "Custom".to_string(),
            // A standard font the PDF does not embed has the standard encoding.
            None if program.is_none() && subtype == "Type1" && standard_text_font(&name) => {
                "Standard".to_string()
            }
            None => "Builtin".to_string(),
        };
        (
            kind.to_string(),
            subtype == "Type3" || program.is_some(),
            encoding,
        )
    };

    Font {
        name,
        subset,
        embedded,
        kind,
        encoding,
        to_unicode,
    }
}

/// The kind of font program embedded in a font descriptor.
#[derive(Debug, PartialEq, Eq)]
enum Program {
    Type1,
    Cff,
    TrueType,
    OpenTypeCff,
    OpenTypeTrueType,
}

fn font_program(descriptor: &Dict<'_>) -> Option<Program> {
    if descriptor.contains_key(b"FontFile") {
        return Some(Program::Type1);
    }
    if descriptor.contains_key(b"FontFile2") {
        return Some(Program::TrueType);
    }
    let stream = descriptor.get::<Stream<'_>>(b"FontFile3")?;
    let subtype = name_of(stream.dict(), b"Subtype").unwrap_or_default();
    if subtype != "OpenType" {
        return Some(Program::Cff);
    }
    // An OpenType wrapper: CFF outlines start with `OTTO`, TrueType ones do not.
    let opentype_cff = stream
        .decoded()
        .map(|data| data.starts_with(b"OTTO"))
        .unwrap_or(false);
    Some(if opentype_cff {
        Program::OpenTypeCff
    } else {
        Program::OpenTypeTrueType
    })
}

/// Whether `name` is one of the standard 14 fonts with Latin text (not Symbol or Zapf
/// Dingbats, which have encodings of their own).
fn standard_text_font(name: &str) -> bool {
    ["Helvetica", "Times", "Courier"]
        .iter()
        .any(|family| name.starts_with(family))
}

/// Whether `name` starts with a subset tag: six capital letters and a `+`.
fn is_subset(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.len() > 7 && bytes[6] == b'+' && bytes[..6].iter().all(u8::is_ascii_uppercase)
}

/// Ascent and descent as `pdftotext` takes them: from the font descriptor, where sane,
/// else 0.95 and -0.35 of the font size.
fn metrics(font: &Dict<'_>, name: &str) -> Metrics {
    let descriptor = if name_of(font, b"Subtype").as_deref() == Some("Type0") {
        font.get::<Array<'_>>(b"DescendantFonts")
            .and_then(|fonts| fonts.iter::<Dict<'_>>().next())
            .and_then(|descendant| descendant.get::<Dict<'_>>(b"FontDescriptor"))
    } else {
        font.get::<Dict<'_>>(b"FontDescriptor")
    }
    .unwrap_or_default();
    let ascent = descriptor
        .get::<f32>(b"Ascent")
        .map(|a| a / 1000.0)
        .filter(|a| *a > 0.0 && *a < 3.0)
        .unwrap_or(0.95);
    let descent = descriptor
        .get::<f32>(b"Descent")
        .map(|d| d / 1000.0)
        .filter(|d| *d < 0.0 && *d > -3.0)
        .unwrap_or(-0.35);
    Metrics {
        name: name.to_string(),
        ascent,
        descent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subset_tag_is_six_capitals_and_a_plus() {
        assert!(is_subset("ABCDEF+Inter-Regular"));
        assert!(!is_subset("ABCDEf+Inter-Regular"));
        assert!(!is_subset("ABCDE+Inter-Regular"));
        assert!(!is_subset("Helvetica"));
    }

    #[test]
    fn a_key_is_found_whole_not_as_a_prefix() {
        let data = b"<</F10 5 0 R /F1 6 0 R>>";
        assert_eq!(key_offset(data, b"F1"), 14);
        assert_eq!(key_offset(data, b"F10"), 3);
        assert_eq!(key_offset(data, b"F2"), usize::MAX);
    }
}
