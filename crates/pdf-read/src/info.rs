//! The document information dictionary, and the XMP title.

use hayro_syntax::Pdf;
use hayro_syntax::object::{DateTime, Dict, Stream};

use crate::Info;

pub(crate) fn read(pdf: &Pdf) -> Info {
    let metadata = pdf.metadata();
    let text = |bytes: &Option<Vec<u8>>| bytes.as_deref().map(decode_text_string);
    Info {
        title: text(&metadata.title).or_else(|| xmp_title(pdf)),
        author: text(&metadata.author),
        subject: text(&metadata.subject),
        keywords: text(&metadata.keywords),
        creator: text(&metadata.creator),
        producer: text(&metadata.producer),
        creation_date: metadata.creation_date.map(format_date),
        mod_date: metadata.modification_date.map(format_date),
    }
}

/// A date as a PDF date string, `D:YYYYMMDDHHmmSS` and `Z` or `+HH'mm'`.
fn format_date(date: DateTime) -> String {
    let DateTime {
        year,
        month,
        day,
        hour,
        minute,
        second,
        utc_offset_hour,
        utc_offset_minute,
    } = date;
    let zone = if utc_offset_hour == 0 && utc_offset_minute == 0 {
        "Z".to_string()
    } else {
        let sign = if utc_offset_hour < 0 { '-' } else { '+' };
        format!(
            "{sign}{:02}'{utc_offset_minute:02}'",
            utc_offset_hour.unsigned_abs()
        )
    };
    format!("D:{year:04}{month:02}{day:02}{hour:02}{minute:02}{second:02}{zone}")
}

/// A PDF text string: UTF-16BE or UTF-8 after a byte order mark, else `PDFDocEncoding`.
pub(crate) fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(utf8) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(utf8).into_owned();
    }
    bytes.iter().map(|&b| pdf_doc_char(b)).collect()
}

/// A byte of `PDFDocEncoding` (Latin-1, but for a few code points).
fn pdf_doc_char(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{2022}', '\u{2020}', '\u{2021}', '\u{2026}', '\u{2014}', '\u{2013}', '\u{0192}',
        '\u{2044}', '\u{2039}', '\u{203A}', '\u{2212}', '\u{2030}', '\u{201E}', '\u{201C}',
        '\u{201D}', '\u{2018}', '\u{2019}', '\u{201A}', '\u{2122}', '\u{FB01}', '\u{FB02}',
        '\u{0141}', '\u{0152}', '\u{0160}', '\u{0178}', '\u{017D}', '\u{0131}', '\u{0142}',
        '\u{0153}', '\u{0161}', '\u{017E}', '\u{FFFD}',
    ];
    const LOW: [char; 8] = [
        '\u{02D8}', '\u{02C7}', '\u{02C6}', '\u{02D9}', '\u{02DD}', '\u{02DB}', '\u{02DA}',
        '\u{02DC}',
    ];
    match byte {
        0x18..=0x1F => LOW[usize::from(byte - 0x18)],
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        0xA0 => '\u{20AC}',
        _ => char::from(byte),
    }
}

/// The `dc:title` of the catalog's XMP metadata stream (its first, default-language
/// entry).
fn xmp_title(pdf: &Pdf) -> Option<String> {
    let catalog = pdf.xref().get::<Dict<'_>>(pdf.xref().root_id())?;
    let stream = catalog.get::<Stream<'_>>(b"Metadata")?;
    let data = stream.decoded().ok()?;
    let xmp = String::from_utf8_lossy(&data);
    let start = xmp.find("<dc:title")?;
    let end = start + xmp[start..].find("</dc:title>")?;
    let title = &xmp[start..end];
    let item = title.find("<rdf:li")?;
    let open = item + title[item..].find('>')? + 1;
    let close = open + title[open..].find("</rdf:li>")?;
    Some(unescape_xml(&title[open..close]))
}

/// Text with XML's character references and the five entities replaced.
fn unescape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';') else {
            break;
        };
        let entity = &rest[1..end];
        let replaced = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match replaced {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_decode_from_utf16_and_pdf_doc_encoding() {
        assert_eq!(
            decode_text_string(&[0xFE, 0xFF, 0x00, 0x5A, 0x00, 0xEB]),
            "Zë"
        );
        assert_eq!(
            decode_text_string(b"Offer \x84 brief"),
            "Offer \u{2014} brief"
        );
        assert_eq!(decode_text_string(b"caf\xe9"), "café");
    }

    #[test]
    fn dates_print_as_pdf_dates() {
        let date = DateTime {
            year: 2026,
            month: 3,
            day: 9,
            hour: 14,
            minute: 5,
            second: 0,
            utc_offset_hour: -5,
            utc_offset_minute: 30,
        };
        assert_eq!(format_date(date), "D:20260309140500-05'30'");
        let utc = DateTime {
            utc_offset_hour: 0,
            utc_offset_minute: 0,
            ..date
        };
        assert_eq!(format_date(utc), "D:20260309140500Z");
    }

    #[test]
    fn xml_entities_are_replaced() {
        assert_eq!(
            unescape_xml("A &amp; B &#x2014; &#65;&lt;"),
            "A & B \u{2014} A<"
        );
        assert_eq!(unescape_xml("a & b"), "a & b");
    }
}
