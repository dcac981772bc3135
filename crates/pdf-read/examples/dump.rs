//! Print what `pdf_read` reads from a PDF: `dump FILE [text|fonts|info|glyphs|words|overprinted]`.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a PDF file");
    let what = args.next().unwrap_or_else(|| "text".to_string());
    let bytes = std::fs::read(&path).expect("a readable file");
    let start = Instant::now();
    let pdf = pdf_read::read(&bytes).expect("a PDF");
    let took = start.elapsed();
    match what.as_str() {
        "text" => print!("{}", pdf.text()),
        "crop" => {
            let numbers: Vec<f32> = args.map(|a| a.parse().expect("a number")).collect();
            let [x, y, w, h] = numbers[..] else {
                panic!("crop X Y W H")
            };
            for page in &pdf.pages {
                let text = page.text_in(pdf_read::Rect::from_xywh(x, y, w, h));
                if !text.is_empty() {
                    println!("{text}");
                }
                print!("\u{c}");
            }
        }
        "fonts" => {
            for font in &pdf.fonts {
                println!(
                    "{:<40} {:<18} {:<16} emb={} sub={} uni={}",
                    font.name,
                    font.kind,
                    font.encoding,
                    font.embedded,
                    font.subset,
                    font.to_unicode
                );
            }
        }
        "info" => {
            println!("{:#?}", pdf.info);
            for (n, page) in pdf.pages.iter().enumerate() {
                println!(
                    "Page {:>4} size: {} x {} pts",
                    n + 1,
                    page.width,
                    page.height
                );
            }
        }
        "glyphs" => {
            for (n, page) in pdf.pages.iter().enumerate() {
                for glyph in &page.glyphs {
                    println!("{} {:?}", n + 1, glyph);
                }
            }
        }
        "words" => {
            for (n, page) in pdf.pages.iter().enumerate() {
                for word in page.words() {
                    println!("{} {:?}", n + 1, word);
                }
            }
        }
        "overprinted" => {
            for (n, page) in pdf.pages.iter().enumerate() {
                for (a, b) in page.overprinted(0.5) {
                    println!(
                        "{} {:?} {:?} over {:?} {:?}",
                        n + 1,
                        a.text,
                        a.rect,
                        b.text,
                        b.rect
                    );
                }
            }
        }
        "time" => {
            let runs = 10;
            let start = Instant::now();
            for _ in 0..runs {
                let pdf = pdf_read::read(&bytes).expect("a PDF");
                let _ = pdf.text();
            }
            println!(
                "{} pages: first read {:?}, read + text {:?} on average",
                pdf.pages.len(),
                took,
                start.elapsed() / runs
            );
        }
        other => panic!("unknown {other}"),
    }
}
