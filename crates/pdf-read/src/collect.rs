//! A hayro [`Device`] that records each glyph a page draws: its text, box and font.

use hayro_interpret::font::Glyph as HayroGlyph;
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::{
    BlendMode, ClipPath, Device, GlyphDrawMode, Image, Paint, PathDrawMode, SoftMask,
};
use kurbo::{Affine, BezPath, Point, Shape};

use crate::fonts::PageFonts;
use crate::marked::Marked;
use crate::{Glyph, Rect};

/// Records the glyphs of one page. The transforms hayro passes already map into the
/// page's top-down space (the context starts with that transform).
pub(crate) struct Collector<'f> {
    fonts: &'f PageFonts,
    page: Rect,
    glyphs: Vec<Glyph>,
    /// The page's marked-content sequences, in the order they begin.
    marked: Vec<Marked>,
    /// How many of them have begun.
    begun: usize,
    /// For each sequence open now: whether it is the one whose `/ActualText` stands for
    /// the glyphs drawn in it.
    open: Vec<bool>,
    /// The glyph standing for the glyphs of the open `/ActualText` sequence, while it
    /// is: its text, and its box once a glyph was drawn.
    actual: Option<(String, Option<Glyph>)>,
}

impl<'f> Collector<'f> {
    pub(crate) fn new(fonts: &'f PageFonts, width: f32, height: f32, marked: Vec<Marked>) -> Self {
        Self {
            fonts,
            page: Rect::new(0.0, 0.0, width, height),
            glyphs: Vec::new(),
            marked,
            begun: 0,
            open: Vec::new(),
            actual: None,
        }
    }

    pub(crate) fn into_glyphs(self) -> Vec<Glyph> {
        self.glyphs
    }

    /// A glyph drawn: recorded, or, inside an `/ActualText` sequence, merged into the
    /// one glyph that stands for the sequence (as pdftotext does).
    fn draw(&mut self, glyph: Glyph) {
        match &mut self.actual {
            Some((text, merged)) => {
                let merged = merged.get_or_insert_with(|| Glyph {
                    text: text.clone(),
                    ..glyph.clone()
                });
                merged.rect = merged.rect.union(&glyph.rect);
            }
            None => self.push(glyph),
        }
    }

    fn push(&mut self, glyph: Glyph) {
        // Off the page: pdftotext drops it too.
        if glyph.rect.x1 < self.page.x0
            || glyph.rect.x0 > self.page.x1
            || glyph.rect.y1 < self.page.y0
            || glyph.rect.y0 > self.page.y1
        {
            return;
        }
        // The same glyph drawn again on itself (fill, then stroke; fake bold) is one.
        if let Some(last) = self.glyphs.last()
            && last.text == glyph.text
            && (last.rect.x0 - glyph.rect.x0).abs() < 0.01
            && (last.baseline - glyph.baseline).abs() < 0.01
        {
            return;
        }
        self.glyphs.push(glyph);
    }
}

/// The text of a glyph, from the font's `ToUnicode` map or its encoding.
fn text_of(glyph: &HayroGlyph<'_>) -> String {
    match glyph.as_unicode() {
        Some(BfString::Char(c)) => c.to_string(),
        Some(BfString::String(s)) => s,
        None => String::new(),
    }
}

/// A box from `(x0, y0)` to `(x1, y1)` in glyph space (1000 units to the em), mapped
/// to the page.
fn mapped_box(to_page: Affine, x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
    let corners = [(x0, y0), (x1, y0), (x0, y1), (x1, y1)].map(|(x, y)| to_page * Point::new(x, y));
    let mut rect = Rect::new(f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for corner in corners {
        rect.x0 = rect.x0.min(corner.x as f32);
        rect.y0 = rect.y0.min(corner.y as f32);
        rect.x1 = rect.x1.max(corner.x as f32);
        rect.y1 = rect.y1.max(corner.y as f32);
    }
    rect
}

impl<'a> Device<'a> for Collector<'_> {
    fn set_soft_mask(&mut self, _: Option<SoftMask<'a>>) {}

    fn set_blend_mode(&mut self, _: BlendMode) {}

    fn draw_path(&mut self, _: &BezPath, _: Affine, _: &Paint<'a>, _: &PathDrawMode) {}

    fn push_clip_path(&mut self, _: &ClipPath) {}

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph(
        &mut self,
        glyph: &HayroGlyph<'a>,
        transform: Affine,
        glyph_transform: Affine,
        paint: &Paint<'a>,
        _: &GlyphDrawMode,
    ) {
        // Glyph space: 1000 units to the em, origin on the baseline.
        let to_page = transform * glyph_transform;
        let [_, _, c, d, _, _] = to_page.as_coeffs();
        let size = (c.hypot(d) * 1000.0) as f32;
        let origin = to_page * Point::ORIGIN;
        let text = text_of(glyph);
        let (rect, font) = match glyph {
            HayroGlyph::Outline(outline) => {
                let advance = f64::from(outline.advance_width().unwrap_or(0.0));
                let metrics = self.fonts.by_key.get(&outline.font_cache_key());
                let (ascent, descent) = metrics.map_or((0.95, -0.35), |m| (m.ascent, m.descent));
                let rect = mapped_box(
                    to_page,
                    0.0,
                    f64::from(descent) * 1000.0,
                    advance,
                    f64::from(ascent) * 1000.0,
                );
                let font = match metrics {
                    Some(metrics) => metrics.name.clone(),
                    None => outline
                        .font_data()
                        .and_then(|data| data.postscript_name)
                        .unwrap_or_default(),
                };
                (rect, font)
            }
            HayroGlyph::Type3(type3) => {
                // A Type 3 glyph has no outline or advance to ask for: its box is what it
                // paints.
                let mut ink = Ink::default();
                type3.interpret(&mut ink, transform, glyph_transform, paint);
                let rect = ink.rect.unwrap_or(Rect::new(
                    origin.x as f32,
                    origin.y as f32 - size,
                    origin.x as f32 + size / 2.0,
                    origin.y as f32,
                ));
                let font = match self.fonts.type3.as_slice() {
                    [only] => only.clone(),
                    _ => String::new(),
                };
                (rect, font)
            }
        };
        self.draw(Glyph {
            text,
            rect,
            baseline: origin.y as f32,
            font,
            size,
        });
    }

    fn begin_marked_content(&mut self, tag: &[u8], _: Option<i32>) {
        // The next sequence read beforehand with this tag (they agree unless hayro
        // skipped a form).
        let found = self.marked[self.begun.min(self.marked.len())..]
            .iter()
            .position(|marked| marked.tag == tag)
            .map(|at| self.begun + at);
        let actual_text = found.and_then(|at| {
            self.begun = at + 1;
            self.marked[at].actual_text.clone()
        });
        let starts = self.actual.is_none() && actual_text.is_some();
        if let (true, Some(text)) = (starts, actual_text) {
            self.actual = Some((text, None));
        }
        self.open.push(starts);
    }

    fn end_marked_content(&mut self) {
        if self.open.pop() == Some(true)
            && let Some((_, Some(glyph))) = self.actual.take()
        {
            self.push(glyph);
        }
    }

    fn draw_image(&mut self, _: Image<'a, '_>, _: Affine) {}

    fn pop_clip_path(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}

/// The area a Type 3 glyph paints.
#[derive(Default)]
struct Ink {
    rect: Option<Rect>,
}

impl Ink {
    fn add(&mut self, rect: kurbo::Rect) {
        let rect = Rect::new(
            rect.x0 as f32,
            rect.y0 as f32,
            rect.x1 as f32,
            rect.y1 as f32,
        );
        self.rect = Some(self.rect.map_or(rect, |r| r.union(&rect)));
    }
}

impl<'a> Device<'a> for Ink {
    fn set_soft_mask(&mut self, _: Option<SoftMask<'a>>) {}

    fn set_blend_mode(&mut self, _: BlendMode) {}

    fn draw_path(&mut self, path: &BezPath, transform: Affine, _: &Paint<'a>, _: &PathDrawMode) {
        self.add((transform * path.clone()).bounding_box());
    }

    fn push_clip_path(&mut self, _: &ClipPath) {}

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph(
        &mut self,
        glyph: &HayroGlyph<'a>,
        transform: Affine,
        glyph_transform: Affine,
        _: &Paint<'a>,
        _: &GlyphDrawMode,
    ) {
        if let HayroGlyph::Outline(outline) = glyph {
            self.add((transform * glyph_transform * outline.outline()).bounding_box());
        }
    }

    fn draw_image(&mut self, image: Image<'a, '_>, transform: Affine) {
        // The transform maps the image's pixels.
        let pixels = kurbo::Rect::new(0.0, 0.0, image.width().into(), image.height().into());
        self.add(transform.transform_rect_bbox(pixels));
    }

    fn pop_clip_path(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}
