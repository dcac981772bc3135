//! Read a PDF back in-process: its pages and their sizes, the document information,
//! the fonts it uses, and the text drawn on each page with where it is.
//!
//! This crate is meant for tests that check a PDF a program wrote, without poppler's
//! command-line tools: [`Document::pages`] with [`Page::width`] and [`Page::height`] stand
//! in for `pdfinfo`'s page sizes, [`Document::info`] for its Title, Author and dates,
//! [`Document::fonts`] for `pdffonts`, and [`Page::text`] and [`Page::text_in`] for
//! `pdftotext` and `pdftotext -x -y -W -H`.
//!
//! It reads with the hayro crates (`hayro-syntax` parses the file, `hayro-interpret` runs
//! each page's content stream), which typst already depends on.
//!
//! ```no_run
//! let bytes = std::fs::read("briefing.pdf").unwrap();
//! let pdf = pdf_read::read(&bytes).unwrap();
//! assert_eq!((pdf.pages[0].width, pdf.pages[0].height), (612.0, 792.0));
//! assert!(pdf.fonts.iter().all(|font| font.embedded));
//! assert!(pdf.pages[0].text().contains("Summary"));
//! ```
//!
//! # What is approximate
//! The text of a page is rebuilt from where each glyph is drawn, the way `pdftotext`
//! does in its default mode, but more simply: glyphs form words where there is no gap
//! between them, words whose baselines agree form a line, lines go from the top of the
//! page down and words in a line from left to right. `pdftotext` also finds blocks and
//! columns and may give the cells of a table column by column; here a line is what lies
//! on one baseline across the whole page, so a table comes out row by row. Within a
//! line the words are the same: each line `pdftotext` writes is found whole in one line
//! here. `pdftotext` also wraps right-to-left runs in embedding marks (U+202B, U+202C);
//! these are not added here.
//!
//! Where the PDF says which text a run of glyphs stands for (`/ActualText`, which
//! typst writes for invisible characters such as bidi isolates), that text is used.
//!
//! Fonts that are not embedded (the 14 standard fonts) are not loaded, so their text is
//! not seen: the PDFs this crate is for (typst's) embed every font. Page rotation is
//! not applied.

#![forbid(unsafe_code)]

mod collect;
mod fonts;
mod info;
mod layout;
mod marked;

use hayro_interpret::{Context, InterpreterCache, InterpreterSettings, interpret_page};
use hayro_syntax::Pdf;

pub use layout::Word;

/// A rectangle on a page, in points, with the origin at the top-left corner of the page
/// and y growing downwards (as `pdftotext -bbox` gives it).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// The left edge.
    pub x0: f32,
    /// The top edge.
    pub y0: f32,
    /// The right edge.
    pub x1: f32,
    /// The bottom edge.
    pub y1: f32,
}

impl Rect {
    /// The rectangle with the given edges.
    pub const fn new(x0: f32, y0: f32, x1: f32, y1: f32) -> Self {
        Self { x0, y0, x1, y1 }
    }

    /// The rectangle at `(x, y)` (its top-left corner) with the given size, as
    /// `pdftotext -x -y -W -H` takes an area.
    pub const fn from_xywh(x: f32, y: f32, width: f32, height: f32) -> Self {
        Self::new(x, y, x + width, y + height)
    }

    /// The width (`x1 - x0`).
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    /// The height (`y1 - y0`).
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    /// The centre point `(x, y)`.
    pub fn center(&self) -> (f32, f32) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }

    /// Whether the point `(x, y)` is inside, edges included.
    pub fn contains(&self, (x, y): (f32, f32)) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }

    /// Whether the two rectangles share an area (touching edges do not count).
    pub fn overlaps(&self, other: &Self) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// The area both rectangles cover, if any.
    pub fn intersection(&self, other: &Self) -> Option<Self> {
        self.overlaps(other).then(|| {
            Self::new(
                self.x0.max(other.x0),
                self.y0.max(other.y0),
                self.x1.min(other.x1),
                self.y1.min(other.y1),
            )
        })
    }

    /// The smallest rectangle covering both.
    pub fn union(&self, other: &Self) -> Self {
        Self::new(
            self.x0.min(other.x0),
            self.y0.min(other.y0),
            self.x1.max(other.x1),
            self.y1.max(other.y1),
        )
    }
}

/// A PDF document as read by [`read`].
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// The document information (the trailer's `/Info` dictionary).
    pub info: Info,
    /// Every font the pages use, each once, in the order `pdffonts` lists them: page by
    /// page, each page's own fonts before those of the forms and Type 3 glyphs it draws.
    pub fonts: Vec<Font>,
}

impl Document {
    /// The text of every page as `pdftotext` writes it: each page's lines, each ending
    /// with `'\n'`, and a form feed (`'\f'`) after each page.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for page in &self.pages {
            for line in page.lines() {
                out.push_str(&line);
                out.push('\n');
            }
            out.push('\u{c}');
        }
        out
    }
}

/// The document information, as `pdfinfo` shows it.
///
/// Each entry is the text string of the `/Info` dictionary, decoded (UTF-16 or
/// `PDFDocEncoding`); `title` falls back to the XMP metadata's `dc:title` when `/Info`
/// has no `/Title`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Info {
    /// `/Title`, or the XMP `dc:title`.
    pub title: Option<String>,
    /// `/Author`.
    pub author: Option<String>,
    /// `/Subject`.
    pub subject: Option<String>,
    /// `/Keywords`.
    pub keywords: Option<String>,
    /// `/Creator`: the program the document was made with.
    pub creator: Option<String>,
    /// `/Producer`: the program that wrote the PDF.
    pub producer: Option<String>,
    /// `/CreationDate` as a PDF date, `D:YYYYMMDDHHmmSS` followed by `Z` or the offset
    /// from UTC as `+HH'mm'` (the form the PDF writes it in, normalised: fields the file
    /// left out are filled in).
    pub creation_date: Option<String>,
    /// `/ModDate`, in the same form as `creation_date`.
    pub mod_date: Option<String>,
}

/// A font a page uses, as a row of `pdffonts` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Font {
    /// The `/BaseFont` name, with its subset tag (`ABCDEF+Inter-Regular`); `[none]` when
    /// the font has none, as `pdffonts` writes it (a Type 3 font often has none).
    /// For a Type 0 font this is the Type 0 dictionary's name, which typst writes as
    /// the face's name and the encoding (`ABCDEF+Inter-Regular-Identity-H`).
    pub name: String,
    /// Whether the name has a subset tag: six capital letters and a `+`.
    pub subset: bool,
    /// Whether the font program is in the file (`/FontFile`, `/FontFile2` or
    /// `/FontFile3` in the font descriptor; for a Type 0 font, its descendant's). A Type 3
    /// font draws its glyphs itself and counts as embedded, as in `pdffonts`.
    pub embedded: bool,
    /// The kind of font, in `pdffonts`' words: `Type 1`, `Type 1C`, `Type 3`,
    /// `TrueType`, `CID Type 0`, `CID Type 0C`, `CID TrueType`, with ` (OT)` after
    /// the kinds whose program is an OpenType file.
    pub kind: String,
    /// The `/Encoding` name (`Identity-H`, `WinAnsiEncoding`, …), or `Custom` or
    /// `Builtin` as `pdffonts` writes them.
    pub encoding: String,
    /// Whether the font has a `/ToUnicode` map.
    pub to_unicode: bool,
}

/// One page: its size and the glyphs drawn on it.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The width in points, from the `/MediaBox`.
    pub width: f32,
    /// The height in points, from the `/MediaBox`.
    pub height: f32,
    /// Every glyph drawn on the page, in the order the content stream draws them;
    /// spaces included. Glyphs drawn wholly outside the page are left out, as
    /// `pdftotext` does.
    pub glyphs: Vec<Glyph>,
}

/// One glyph drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The text it stands for (a ligature gives its letters, `fi`); empty when the font
    /// does not say.
    pub text: String,
    /// Its box on the page: from its origin to its advance across, from the font's
    /// ascent to its descent up and down (for a Type 3 glyph, what it paints).
    pub rect: Rect,
    /// The y of its baseline (top-down, like `rect`).
    pub baseline: f32,
    /// The font's `/BaseFont` name, with its subset tag.
    pub font: String,
    /// The font size in points, as drawn (the text matrix and the transformation
    /// matrix applied).
    pub size: f32,
}

impl Glyph {
    /// Whether the glyph counts as inside `area` for [`Page::text_in`].
    pub fn is_in(&self, area: &Rect) -> bool {
        self.baseline >= area.y0
            && self.baseline <= area.y1
            && self.rect.x1 >= area.x0
            && self.rect.x0 <= area.x1
    }
}

impl Page {
    /// The glyphs grouped into words: a new word starts after a space, at a gap wider
    /// than a tenth of the font size, where the text goes back left, or on another
    /// baseline. Words come in the order of the content stream.
    pub fn words(&self) -> Vec<Word> {
        layout::words(&self.glyphs)
    }

    /// The page's lines, top to bottom: words whose baselines agree, left to right,
    /// with a space between two words where there is a gap (or a space) between them.
    ///
    /// Two things follow `pdftotext`: a line that ends with a hyphen loses it and goes
    /// on with the next line when that one is just below (the next line of the same
    /// paragraph), and a run of right-to-left letters (Hebrew, Arabic), which PDFs draw
    /// left to right, is given in reading order.
    pub fn lines(&self) -> Vec<String> {
        layout::lines(&self.words())
            .into_iter()
            .map(|line| line.text)
            .collect()
    }

    /// Words drawn over other words: each pair of words whose cores (see
    /// [`Word::core`]) share more than `tolerance` points both across and down, in
    /// the order of the first one's top edge. Text set by a typesetter never does this
    /// (its lines are a leading apart, its words a space), so a pair found is text
    /// printed over text: a table row over the next, a label over a bar's total, the
    /// body over the footer. Half a point or so allows for kerning and rounding.
    pub fn overprinted(&self, tolerance: f32) -> Vec<(Word, Word)> {
        let mut words: Vec<(Rect, Word)> =
            self.words().into_iter().map(|w| (w.core(), w)).collect();
        words.sort_by(|(a, _), (b, _)| a.y0.total_cmp(&b.y0));
        let mut found = Vec::new();
        for (i, (core, word)) in words.iter().enumerate() {
            // Sorted by top edge: once a core starts below this one's bottom (less the
            // tolerance), none after it can overlap this one.
            for (other_core, other) in words[i + 1..]
                .iter()
                .take_while(|(other, _)| other.y0 < core.y1 - tolerance)
            {
                let across = core.x1.min(other_core.x1) - core.x0.max(other_core.x0);
                let down = core.y1.min(other_core.y1) - core.y0.max(other_core.y0);
                if across > tolerance && down > tolerance {
                    found.push((word.clone(), other.clone()));
                }
            }
        }
        found
    }

    /// The lines joined with `'\n'` (no newline after the last one).
    pub fn text(&self) -> String {
        self.lines().join("\n")
    }

    /// The text in `area` only, in lines as [`Page::text`] gives them: what
    /// `pdftotext -x -y -W -H` gives. A glyph is in the area, as there, when its
    /// baseline is (top and bottom edges included) and its box reaches into it across;
    /// a glyph cut by the left or right edge is kept whole.
    pub fn text_in(&self, area: Rect) -> String {
        let glyphs: Vec<Glyph> = self
            .glyphs
            .iter()
            .filter(|glyph| glyph.is_in(&area))
            .cloned()
            .collect();
        layout::lines(&layout::words(&glyphs))
            .into_iter()
            .map(|line| line.text)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Read a PDF from its bytes.
///
/// Fails only when the file cannot be parsed at all (not a PDF, no page tree, or
/// encrypted with a password). Parts of a page that cannot be read (a broken font, a
/// damaged stream) are skipped, as a viewer would.
pub fn read(pdf: &[u8]) -> Result<Document, String> {
    let parsed = Pdf::new(pdf.to_vec()).map_err(|error| match error {
        hayro_syntax::LoadPdfError::Decryption(error) => {
            format!("the PDF is encrypted and cannot be read: {error:?}")
        }
        hayro_syntax::LoadPdfError::Invalid => "not a readable PDF".to_string(),
    })?;

    // The defaults: no font or CMap is looked up outside the file, and annotations'
    // appearances (a filled-in form field) are drawn after the page, as pdftotext reads
    // them.
    let settings = InterpreterSettings::default();
    let cache = InterpreterCache::new();
    let mut fonts = fonts::FontList::default();
    let mut pages = Vec::new();
    for page in parsed.pages().iter() {
        let media_box = page.media_box();
        let width = (media_box.x1 - media_box.x0).abs() as f32;
        let height = (media_box.y1 - media_box.y0).abs() as f32;

        let page_fonts = fonts.add_page(page);
        // Into the page's top-down space, origin at the media box's top-left corner.
        let to_page = kurbo::Affine::new([
            1.0,
            0.0,
            0.0,
            -1.0,
            -media_box.x0.min(media_box.x1),
            media_box.y0.max(media_box.y1),
        ]);
        let mut collector =
            collect::Collector::new(&page_fonts, width, height, marked::sequences(page));
        let mut context = Context::new(
            to_page,
            kurbo::Rect::new(0.0, 0.0, f64::from(width), f64::from(height)),
            &cache,
            parsed.xref(),
            settings.clone(),
        );
        interpret_page(page, &mut context, &mut collector);
        pages.push(Page {
            width,
            height,
            glyphs: collector.into_glyphs(),
        });
    }

    Ok(Document {
        pages,
        info: info::read(&parsed),
        fonts: fonts.into_fonts(),
    })
}
