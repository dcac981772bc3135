//! A PDF written here by hand, for what typst rarely writes: a Type 3 font (typst's
//! colour glyphs), an `/ActualText` inside a form, a standard font it does not embed.
//! What poppler 22.12 says of it is in the comments.

use pdf_read::Rect;

/// A PDF file of the given objects (numbered from 1, the first being the catalog).
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(object);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(extra: &str, data: &str) -> Vec<u8> {
    format!(
        "<< /Length {} {extra}>>\nstream\n{data}\nendstream",
        data.len()
    )
    .into_bytes()
}

/// A page with two Type 3 glyphs ("A", drawn as a square, stands for U+2B1B), a form
/// drawing three more inside `/Span << /ActualText (Squares) >>`, and "Hello" in
/// Helvetica, not embedded.
fn sample() -> Vec<u8> {
    let to_unicode = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap \
        /CMapName /T3U def /CMapType 2 def\n1 begincodespacerange <00> <FF> endcodespacerange\n\
        1 beginbfchar <41> <2B1B> endbfchar\nendcmap CMapName currentdict /CMap defineresource \
        pop end end";
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << \
          /T3 5 0 R /F1 8 0 R >> /XObject << /Fm1 9 0 R >> >> /Contents 4 0 R >>"
            .to_vec(),
        stream(
            "",
            "BT /T3 20 Tf 100 700 Td (AA) Tj ET /Fm1 Do BT /F1 12 Tf 100 650 Td (Hello) Tj ET",
        ),
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix \
          [0.001 0 0 0.001 0 0] /CharProcs << /square 6 0 R >> /Encoding << /Type /Encoding \
          /Differences [65 /square] >> /FirstChar 65 /LastChar 65 /Widths [1000] \
          /ToUnicode 7 0 R /Resources << >> >>"
            .to_vec(),
        stream("", "1000 0 0 0 1000 1000 d1\n0 0 1000 1000 re f"),
        stream("", to_unicode),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << \
             /T3 5 0 R >> >> ",
            "/Span << /ActualText (Squares) >> BDC BT /T3 10 Tf 100 600 Td (AAA) Tj ET EMC",
        ),
    ])
}

#[test]
fn fonts_are_listed_as_pdffonts_does() {
    // [none]     Type 3  Custom    yes no  yes  5 0
    // Helvetica  Type 1  Standard  no  no  no   8 0
    let pdf = pdf_read::read(&sample()).unwrap();
    let rows: Vec<_> = pdf
        .fonts
        .iter()
        .map(|f| {
            (
                f.name.as_str(),
                f.kind.as_str(),
                f.encoding.as_str(),
                f.embedded,
                f.subset,
                f.to_unicode,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("[none]", "Type 3", "Custom", true, false, true),
            ("Helvetica", "Type 1", "Standard", false, false, false)
        ]
    );
}

#[test]
fn type3_glyphs_have_their_text_and_the_box_they_paint() {
    let pdf = pdf_read::read(&sample()).unwrap();
    let page = &pdf.pages[0];
    assert_eq!((page.width, page.height), (612.0, 792.0));
    let squares: Vec<_> = page
        .glyphs
        .iter()
        .filter(|g| g.text == "\u{2B1B}")
        .collect();
    assert_eq!(squares.len(), 2);
    // 20 pt squares on the baseline at y = 700 (92 from the top), from x = 100.
    assert_eq!(squares[0].rect, Rect::new(100.0, 72.0, 120.0, 92.0));
    assert_eq!(squares[1].rect, Rect::new(120.0, 72.0, 140.0, 92.0));
    assert_eq!(squares[0].font, "[none]");
    assert_eq!(squares[0].size, 20.0);
}

#[test]
fn actual_text_stands_for_the_glyphs_it_covers() {
    // pdftotext: "⬛⬛", "Hello", "Squares"; the 14 standard fonts are not loaded here
    // (hayro-interpret is built without `embed-fonts`), so "Hello" is not seen.
    let pdf = pdf_read::read(&sample()).unwrap();
    let page = &pdf.pages[0];
    assert_eq!(page.lines(), ["\u{2B1B}\u{2B1B}", "Squares"]);
    let squares = page.glyphs.iter().find(|g| g.text == "Squares").unwrap();
    // The three 10 pt glyphs it covers, on the baseline at y = 600.
    assert_eq!(squares.rect, Rect::new(100.0, 182.0, 130.0, 192.0));
    assert_eq!(
        page.text_in(Rect::from_xywh(0.0, 150.0, 612.0, 100.0)),
        "Squares"
    );
}
