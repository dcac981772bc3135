//! Fonts for the characters the template's faces have no glyph for: a name written in
//! Chinese, Japanese, Korean, Devanagari, Hebrew or Arabic. Faces for those scripts are
//! embedded in the binary, compressed; one is inflated only when a briefing holds a
//! character it covers, so a Latin-only build costs nothing. A character none of them
//! covers is looked for in `--font-path` folders, then in the system's fonts; when no
//! font has it, the build warns, naming the character and the field it is in.

use std::collections::BTreeSet;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontInfo};
use typst_kit::fonts::{FontPath, FontSource};

/// One embedded face: its file name, its compressed bytes and the Unicode ranges it is
/// there for (its exact coverage is read once it is inflated).
struct Embedded {
    name: &'static str,
    deflated: &'static [u8],
    ranges: &'static [RangeInclusive<u32>],
}

/// Chinese, Japanese and Korean: ideographs, kana, Hangul and their punctuation.
const CJK: &[RangeInclusive<u32>] = &[
    0x1100..=0x11FF,
    0x2E80..=0x2FDF,
    0x3000..=0x33FF,
    0x3400..=0x4DBF,
    0x4E00..=0x9FFF,
    0xA960..=0xA97F,
    0xAC00..=0xD7FF,
    0xF900..=0xFAFF,
    0xFE30..=0xFE4F,
    0xFF00..=0xFFEF,
    0x20000..=0x2FA1F,
];
const DEVANAGARI: &[RangeInclusive<u32>] = &[0x0900..=0x097F, 0xA8E0..=0xA8FF, 0x1CD0..=0x1CFF];
const HEBREW: &[RangeInclusive<u32>] = &[0x0590..=0x05FF, 0xFB1D..=0xFB4F];
const ARABIC: &[RangeInclusive<u32>] = &[
    0x0600..=0x06FF,
    0x0750..=0x077F,
    0x0870..=0x08FF,
    0xFB50..=0xFDFF,
    0xFE70..=0xFEFF,
];

macro_rules! embedded {
    ($name:literal, $ranges:expr) => {
        Embedded {
            name: $name,
            deflated: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/", $name, ".z")),
            ranges: $ranges,
        }
    };
}

/// The embedded faces, in the order they are tried (see `fonts/README.md`).
static EMBEDDED: [Embedded; 7] = [
    embedded!("NotoSansDevanagari-Regular.ttf", DEVANAGARI),
    embedded!("NotoSansDevanagari-Bold.ttf", DEVANAGARI),
    embedded!("NotoSansHebrew-Regular.ttf", HEBREW),
    embedded!("NotoSansHebrew-Bold.ttf", HEBREW),
    embedded!("NotoSansArabic-Regular.ttf", ARABIC),
    embedded!("NotoSansArabic-Bold.ttf", ARABIC),
    embedded!("DroidSansFallback.ttf", CJK),
];

/// A font file's bytes and its faces.
type Loaded = (Bytes, Vec<Font>);

/// Each embedded face, inflated the first time a briefing needs it.
static INFLATED: [OnceLock<Option<Loaded>>; 7] = [const { OnceLock::new() }; 7];

/// The faces a briefing needs beyond the template's, and what still has no glyph.
#[derive(Default)]
pub(super) struct Fallbacks {
    /// (project-relative path, bytes) of each font file added.
    pub files: Vec<(String, Bytes)>,
    pub fonts: Vec<Font>,
    /// The characters no font covers, in order.
    pub missing: Vec<char>,
}

/// The faces that print the characters of `text` that `covered` (the template's fonts)
/// leaves out: embedded ones first, then `font_paths`, then the system's fonts.
pub(super) fn fallbacks(
    text: &str,
    covered: impl Fn(char) -> bool,
    font_paths: &[PathBuf],
) -> Fallbacks {
    let mut wanted: BTreeSet<char> = text
        .chars()
        .filter(|c| needs_glyph(*c) && !covered(*c))
        .collect();
    let mut found = Fallbacks::default();
    if wanted.is_empty() {
        return found;
    }
    // Every face of a script the text needs (regular and bold alike), whatever an earlier
    // face of the same script already covers.
    let needed = wanted.clone();
    for (embedded, slot) in EMBEDDED.iter().zip(&INFLATED) {
        let in_range = |c: &char| embedded.ranges.iter().any(|r| r.contains(&u32::from(*c)));
        if !needed.iter().any(in_range) {
            continue;
        }
        let Some((bytes, fonts)) = slot.get_or_init(|| inflate(embedded.deflated)) else {
            continue;
        };
        found.add(
            format!("fonts/fallback/{}", embedded.name),
            bytes.clone(),
            fonts.clone(),
            &mut wanted,
        );
    }
    for dir in font_paths {
        if wanted.is_empty() {
            break;
        }
        found.search(
            typst_kit::fonts::scan(dir).collect(),
            "font-path",
            &mut wanted,
        );
    }
    if !wanted.is_empty() {
        found.search(typst_kit::fonts::system().collect(), "system", &mut wanted);
    }
    found.missing = wanted.into_iter().collect();
    found
}

impl Fallbacks {
    /// Adds a font file's faces, and strikes what they cover off `wanted`.
    fn add(&mut self, name: String, bytes: Bytes, fonts: Vec<Font>, wanted: &mut BTreeSet<char>) {
        wanted.retain(|c| {
            !fonts
                .iter()
                .any(|font| font.info().coverage.contains(u32::from(*c)))
        });
        self.files.push((name, bytes));
        self.fonts.extend(fonts);
    }

    /// Adds, from `candidates` taken in path order, each face that covers a character
    /// still wanted.
    fn search(
        &mut self,
        mut candidates: Vec<(FontPath, FontInfo)>,
        folder: &str,
        wanted: &mut BTreeSet<char>,
    ) {
        candidates.sort_by(|a, b| (&a.0.path, a.0.index).cmp(&(&b.0.path, b.0.index)));
        for (path, info) in candidates {
            if !wanted.iter().any(|c| info.coverage.contains(u32::from(*c))) {
                continue;
            }
            let Some(font) = path.load() else { continue };
            let name = format!("fonts/{folder}/{}-{}", path.index, file_name(&path.path));
            let bytes = font.data().clone();
            self.add(name, bytes, vec![font], wanted);
            if wanted.is_empty() {
                break;
            }
        }
    }
}

/// A path's last part, for the name of a copied font file.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || "font".to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// An embedded face's bytes and faces; `None` when it cannot be read (a build fault, caught
/// by the tests, never a user's).
fn inflate(deflated: &[u8]) -> Option<Loaded> {
    let data = miniz_oxide::inflate::decompress_to_vec_zlib(deflated).ok()?;
    let bytes = Bytes::new(data);
    let fonts: Vec<Font> = Font::iter(bytes.clone()).collect();
    (!fonts.is_empty()).then_some((bytes, fonts))
}

/// Whether a character is drawn with a glyph: not a space, a control or an invisible
/// format character (the bidirectional isolates that fence right-to-left names, joiners,
/// variation selectors).
fn needs_glyph(c: char) -> bool {
    !(c.is_ascii()
        || c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{00AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{E0100}'..='\u{E01EF}'))
}

/// The warning for characters no font has: each with its code point, the field it first
/// appears in (`data`, the briefing's data, read to find it), and what to do.
pub(super) fn missing_warning(missing: &[char], data: &[u8]) -> Option<String> {
    let first = *missing.first()?;
    let shown: Vec<String> = missing
        .iter()
        .take(8)
        .map(|c| format!("{c} (U+{:04X})", u32::from(*c)))
        .collect();
    let more = missing.len().saturating_sub(shown.len());
    let field = serde_json::from_slice::<serde_json::Value>(data)
        .ok()
        .and_then(|value| {
            let mut paths = Vec::new();
            fields_holding(&value, first, String::new(), &mut paths);
            // The offer file's field the character came from, wherever the briefing
            // quotes it first; else the briefing's own field (a template's words).
            paths
                .iter()
                .find_map(|path| file_field(path, &value))
                .or_else(|| paths.first().cloned())
        })
        .map(|path| format!(" in {path}"))
        .unwrap_or_default();
    Some(format!(
        "the PDF has no glyph for {}{}{field}: no embedded font, font in --font-path or system font covers {}, so {} as a box; install a font that covers {} or pass its folder with --font-path DIR (the other outputs hold the text as written)",
        shown.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        },
        if missing.len() == 1 { "it" } else { "them" },
        if missing.len() == 1 {
            "it prints"
        } else {
            "they print"
        },
        if missing.len() == 1 { "it" } else { "them" },
    ))
}

/// The paths of the strings in `value` that hold `c`, in the data's order.
fn fields_holding(value: &serde_json::Value, c: char, path: String, found: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) if text.contains(c) => found.push(path),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                fields_holding(item, c, format!("{path}[{i}]"), found);
            }
        }
        serde_json::Value::Object(fields) => {
            for (key, item) in fields {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                fields_holding(item, c, path, found);
            }
        }
        _ => {}
    }
}

/// The offer file's field that the briefing data at `path` quotes as written (`rounds[1].name`
/// for the analysed round's name), or `None` for a figure or sentence the analysis made.
fn file_field(path: &str, data: &serde_json::Value) -> Option<String> {
    let analysis = path.strip_prefix("analysis.")?;
    if let Some(offer) = analysis.strip_prefix("offer.") {
        return match offer {
            "candidate.name" | "candidate.email" | "candidate.domain" | "company" | "role"
            | "level" | "location" | "goals.target_level" => Some(offer.to_string()),
            "location_in" => Some("location".to_string()),
            "recruiter.name" | "recruiter.first_name" => Some("recruiter.name".to_string()),
            "recruiter.email" => Some("recruiter.email".to_string()),
            "round.name" => {
                let number = data.pointer("/analysis/offer/round/number")?.as_u64()?;
                Some(format!("rounds[{}].name", number.checked_sub(1)?))
            }
            _ => offer
                .starts_with("candidate.achievements[")
                .then(|| offer.to_string()),
        };
    }
    if analysis == "situation.after_acceptance.reason_note" {
        return Some("situation.reason_note".to_string());
    }
    let (list, rest) = analysis.split_once('[')?;
    let (index, field) = rest.split_once("].")?;
    let index: usize = index.parse().ok()?;
    match (list, field) {
        ("rounds", "name") => Some(format!("rounds[{index}].name")),
        ("competing", "company" | "level" | "location") => {
            Some(format!("competing_offers[{index}].{field}"))
        }
        ("comparison.alternatives", "name" | "location")
            if data
                .pointer(&format!("/analysis/comparison/alternatives/{index}/kind"))
                .is_some_and(|kind| kind == "stay") =>
        {
            Some(
                if field == "name" {
                    "current_job.company"
                } else {
                    "current_job.location"
                }
                .to_string(),
            )
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_face_inflates_and_covers_its_script() {
        let samples = ['र', 'ש', 'م', '山', '김'];
        for (embedded, slot) in EMBEDDED.iter().zip(&INFLATED) {
            let (_, fonts) = slot
                .get_or_init(|| inflate(embedded.deflated))
                .as_ref()
                .unwrap_or_else(|| panic!("{} does not inflate", embedded.name));
            let sample = samples
                .iter()
                .find(|c| embedded.ranges.iter().any(|r| r.contains(&u32::from(**c))))
                .unwrap();
            assert!(
                fonts[0].info().coverage.contains(u32::from(*sample)),
                "{} lacks {sample}",
                embedded.name
            );
        }
    }

    #[test]
    fn only_the_faces_a_text_needs_are_added() {
        let latin = fallbacks(
            "Jordan Lee — Zoë",
            |c| c.is_ascii() || "—ë".contains(c),
            &[],
        );
        assert!(latin.files.is_empty() && latin.missing.is_empty());
        let hebrew = fallbacks("דנה כהן", |c| c.is_ascii(), &[]);
        let names: Vec<&str> = hebrew.files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "fonts/fallback/NotoSansHebrew-Regular.ttf",
                "fonts/fallback/NotoSansHebrew-Bold.ttf"
            ]
        );
        assert!(hebrew.missing.is_empty());
    }

    #[test]
    fn the_warning_names_the_character_and_the_field() {
        let data = br#"{"analysis": {"offer": {"candidate": {"name": "\u1200\u1208"}}}}"#;
        let warning = missing_warning(&['ሀ', 'ለ'], data).unwrap();
        assert!(
            warning
                .starts_with("the PDF has no glyph for ሀ (U+1200), ለ (U+1208) in candidate.name"),
            "{warning}"
        );
        assert!(warning.contains("--font-path DIR"));
    }

    #[test]
    fn the_warning_names_the_offer_files_field_not_the_briefings() {
        // A round's name is `rounds[N].name` in the file; the briefing data holds the
        // analysed round as `offer.round`, and quotes names in flags and evidence first.
        let data = br#"{"view": {"title": "Second \u1200"}, "analysis": {"offer": {"candidate": {"name": "Jo"}, "round": {"number": 2, "name": "Second \u1200"}}, "rounds": [{"name": "First"}, {"name": "Second \u1200"}]}}"#;
        let warning = missing_warning(&['ሀ'], data).unwrap();
        assert!(
            warning.starts_with("the PDF has no glyph for ሀ (U+1200) in rounds[1].name:"),
            "{warning}"
        );
        let data = br#"{"analysis": {"offer": {"candidate": {"name": "Jo"}}, "levers": [{"evidence": [{"company": "X\u1200"}]}], "competing": [{"company": "Y"}, {"company": "X\u1200"}]}}"#;
        let warning = missing_warning(&['ሀ'], data).unwrap();
        assert!(
            warning.contains("ሀ (U+1200) in competing_offers[1].company:"),
            "{warning}"
        );
        let data = br#"{"analysis": {"offer": {"candidate": {"name": "Jo"}}, "comparison": {"alternatives": [{"kind": "offer", "name": "Amazon"}, {"kind": "stay", "name": "Acme\u1200", "location": "Seattle"}]}}}"#;
        let warning = missing_warning(&['ሀ'], data).unwrap();
        assert!(
            warning.contains("ሀ (U+1200) in current_job.company:"),
            "{warning}"
        );
    }
}
