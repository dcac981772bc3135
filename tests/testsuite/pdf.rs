//! Protects the PDF briefing: each section's key figures are in its text, every font is
//! embedded, identical input gives identical bytes, a hostile name prints literally
//! without changing the page, and a broken template is reported as file:line:column.

use std::path::Path;

use assert_fs::prelude::*;
use serde_json::Value;

use crate::support::{
    assert_letter_pages, bin, build, build_with_analysis, cases, dollars, folded, read_pdf, text_of,
};

#[test]
fn each_section_shows_its_key_figures() {
    for case in cases() {
        let out = assert_fs::TempDir::new().unwrap();
        let (round, analysis) = build_with_analysis(&case, out.path());
        let text = text_of(&round.join("briefing.pdf"));
        let mut wanted = vec![
            dollars(&analysis["four_year_total"]),
            dollars(&analysis["scenarios"]["down_30"]),
            dollars(&analysis["scenarios"]["up_15_per_year"]),
        ];
        if let Some(lever) = analysis["levers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["status"] == "ask")
        {
            wanted.push(dollars(&lever["ask"]));
        }
        for round in analysis["rounds"].as_array().unwrap() {
            wanted.push(dollars(&round["four_year_total"]));
        }
        for other in analysis["competing"].as_array().unwrap() {
            wanted.push(dollars(&other["four_year_total"]));
        }
        for heading in [
            "Summary",
            "Year by year",
            "Lever plan",
            "Other levers",
            "Rounds so far",
            "Checklist",
            "email drafts",
        ] {
            wanted.push(heading.to_string());
        }
        for figure in wanted {
            assert!(
                text.contains(&figure),
                "{}: the PDF lacks {figure}",
                case.display()
            );
        }
    }
}

#[test]
fn sections_are_numbered_in_order_with_competing_offers_only_when_listed() {
    for case in cases() {
        let out = assert_fs::TempDir::new().unwrap();
        let (round, analysis) = build_with_analysis(&case, out.path());
        let mut titles = vec![
            "Summary",
            "Year by year",
            "Money in time",
            "Market position",
            "Lever plan",
            "Other levers",
            "Rounds so far",
        ];
        let competing = !analysis["competing"].as_array().unwrap().is_empty();
        if competing {
            titles.push("Competing offers");
        }
        if !analysis["comparison"].is_null() {
            titles.push("Your alternatives, side by side");
        }
        titles.extend(["Stock scenarios, hourly pay and walk-away", "Checklist"]);
        let text = text_of(&round.join("briefing.pdf"));
        let mut from = 0;
        for (index, title) in titles.iter().enumerate() {
            let heading = format!("{}. {title}", index + 1);
            let found = text[from..].find(&heading).unwrap_or_else(|| {
                panic!(
                    "{}: no heading {heading:?} after the one before",
                    case.display()
                )
            });
            from += found + heading.len();
        }
        assert_eq!(
            text.contains("Competing offers"),
            competing,
            "{}",
            case.display()
        );
    }
}

#[test]
fn a_summary_too_long_for_its_page_is_shrunk_onto_it() {
    let l7 = cases()
        .into_iter()
        .find(|case| case.to_string_lossy().contains("l7-bay-area"))
        .unwrap();
    let text = std::fs::read_to_string(l7).unwrap();
    let mut competing = String::from("competing_offers:\n");
    for i in 0..14 {
        competing.push_str(&format!(
            "  - company: Competitor {i:02} With A Rather Long Legal Name Incorporated\n    level: L8\n    status: written\n    base: {}\n    rsu: {{ value: 1600000 }}\n",
            300_000 + 1_000 * i
        ));
    }
    let start = text.find("competing_offers:").unwrap();
    let end = text.find("goals:").unwrap();
    let crowded = format!("{}{competing}{}", &text[..start], &text[end..]);
    let dir = assert_fs::TempDir::new().unwrap();
    let file = dir.child("crowded.yaml");
    file.write_str(&crowded).unwrap();
    let round = build(file.path(), &dir.path().join("out"), &[]);
    let pdf = round.join("briefing.pdf");

    let read = read_pdf(&pdf);
    let page = |n: usize| folded(&read.pages[n - 1].text());
    let first = page(1);
    assert!(
        first.contains("Competitor 13 With A Rather Long Legal Name Incorporated: $"),
        "the summary's last line is on page 1: {first}"
    );
    let second = page(2);
    assert!(
        second.contains("2. Year by year") && !second.contains("Competitor 13"),
        "page 2 starts with section 2: {second}"
    );
}

#[test]
fn every_font_is_embedded() {
    let out = assert_fs::TempDir::new().unwrap();
    let round = build(&cases()[0], out.path(), &[]);
    for document in ["briefing.pdf", "call-sheet.pdf"] {
        let fonts = read_pdf(&round.join(document)).fonts;
        assert!(!fonts.is_empty());
        for font in &fonts {
            assert!(font.embedded, "{document}: not embedded: {}", font.name);
        }
        assert!(
            fonts.iter().any(|font| font.name.contains("Inter")),
            "{document}: {fonts:?}"
        );
    }
}

#[test]
fn the_embedded_fonts_are_the_faces_the_briefing_uses() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut shipped: Vec<String> = std::fs::read_dir(root.join("templates/fonts"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".otf") || name.ends_with(".ttf"))
        .map(|name| name.rsplit_once('.').unwrap().0.to_string())
        .collect();
    shipped.sort();
    let out = assert_fs::TempDir::new().unwrap();
    let round = build(
        &root.join("inputs/l6-seattle-first-offer.yaml"),
        out.path(),
        &[],
    );
    let mut used: Vec<String> = read_pdf(&round.join("briefing.pdf"))
        .fonts
        .iter()
        .map(|font| {
            let name = font
                .name
                .split_once('+')
                .map_or(font.name.as_str(), |(_, name)| name);
            name.trim_end_matches("-Identity-H").to_string()
        })
        .collect();
    used.sort();
    used.dedup();
    assert_eq!(shipped, used, "every shipped face is used, and only those");
}

#[test]
fn a_hostile_name_prints_literally_and_keeps_the_page() {
    let dir = assert_fs::TempDir::new().unwrap();
    let hostile = r#"#set page(width: 1pt) ] $x$ {{ name }} {% if %} <b>bold</b> \ *x*"#;
    let long = "W".repeat(200);
    let file = dir.child("offer.yaml");
    file.write_str(&format!(
        "candidate:\n  name: '{hostile}'\n  domain: '{long}'\ncompany: Amazon\nlevel: L6\nlocation: Seattle\nrounds:\n  - name: '{hostile}'\n    base: 185000\n"
    ))
    .unwrap();
    let round = build(file.path(), &dir.path().join("out"), &[]);
    let pdf = round.join("briefing.pdf");
    assert_letter_pages(&read_pdf(&pdf), "the hostile name");
    let text = text_of(&pdf);
    assert!(
        text.contains(hostile),
        "the hostile name is not printed literally:\n{}",
        &text[..2000.min(text.len())]
    );
    let markdown = std::fs::read_to_string(round.join("emails/04-acceptance.md")).unwrap();
    assert!(markdown.contains(hostile));
}

#[test]
fn a_broken_template_is_reported_with_its_line_and_column() {
    let dir = assert_fs::TempDir::new().unwrap();
    dir.child("templates/briefing/main.typ")
        .write_str("#let x = 1\n#set text(size: )\n")
        .unwrap();
    let output = bin()
        .arg("build")
        .arg(&cases()[0])
        .arg("--out")
        .arg(dir.path().join("out"))
        .arg("--templates")
        .arg(dir.path().join("templates"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("briefing/main.typ:2:"), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("SourceDiagnostic"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("out").exists(),
        "a failed build writes nothing"
    );
}

#[test]
fn emit_typ_writes_the_compiled_project() {
    let dir = assert_fs::TempDir::new().unwrap();
    let project = dir.path().join("typ");
    build(
        &cases()[0],
        &dir.path().join("out"),
        &["--emit-typ", project.to_str().unwrap()],
    );
    for name in ["main.typ", "call-sheet.typ", "data.json"] {
        assert!(
            project.join(name).is_file(),
            "no {name} in the emitted project"
        );
    }
    let data: Value =
        serde_json::from_str(&std::fs::read_to_string(project.join("data.json")).unwrap()).unwrap();
    // Figures reach typst as offerbrief prints them: the template never formats one.
    let analysis = crate::support::read_json(
        &crate::support::walk(&dir.path().join("out"), false)
            .into_iter()
            .find(|path| path.ends_with("analysis.json"))
            .unwrap(),
    );
    assert_eq!(
        data["analysis"]["four_year_total"],
        Value::from(dollars(&analysis["four_year_total"]))
    );
}

/// Names in the world's scripts: each prints from a font embedded in the binary.
const NAMES: [(&str, &str); 10] = [
    ("japanese", "山田 太郎"),
    ("chinese", "李小龍"),
    ("korean", "김민준"),
    ("devanagari", "Ravi शर्मा"),
    ("hebrew", "דנה כהן"),
    ("arabic", "محمد العلي"),
    ("cyrillic", "Анна Петрова"),
    ("greek", "Νίκος Παπαδόπουλος"),
    ("vietnamese", "Nguyễn Văn An"),
    ("latin", "Zoë Ångström"),
];

#[test]
fn a_name_in_any_of_the_worlds_scripts_prints_every_letter() {
    let dir = assert_fs::TempDir::new().unwrap();
    let example =
        std::fs::read_to_string(crate::support::root().join("inputs/l6-seattle-first-offer.yaml"))
            .unwrap();
    for (script, name) in NAMES {
        let file = dir.path().join(format!("{script}.yaml"));
        std::fs::write(
            &file,
            example.replacen("name: Jordan Lee", &format!("name: \"{name}\""), 1),
        )
        .unwrap();
        let output = bin()
            .args(["build", file.to_str().unwrap(), "--out"])
            .arg(dir.path().join(script))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{script}: {stderr}");
        assert!(!stderr.contains("no glyph"), "{script}: {stderr}");
        let round = walk_to_round(&dir.path().join(script));
        let text = read_pdf(&round.join("briefing.pdf")).text();
        for letter in name.chars().filter(|c| !c.is_whitespace()) {
            assert!(
                text.contains(letter),
                "{script}: the PDF lacks {letter:?} of {name}"
            );
        }
    }
}

#[test]
fn a_letter_no_font_has_is_named_in_a_warning_with_its_field() {
    let dir = assert_fs::TempDir::new().unwrap();
    let example =
        std::fs::read_to_string(crate::support::root().join("inputs/l6-seattle-first-offer.yaml"))
            .unwrap();
    let file = dir.path().join("ethiopic.yaml");
    std::fs::write(
        &file,
        example.replacen("name: Jordan Lee", "name: \"አበበ ቢቂላ\"", 1),
    )
    .unwrap();
    let output = bin()
        .args(["build", file.to_str().unwrap(), "--out"])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "a missing glyph warns, it does not fail the build"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("no glyph")).collect();
    assert_eq!(warnings.len(), 1, "one warning: {stderr}");
    assert!(
        warnings[0].contains("አ (U+12A0)") && warnings[0].contains("in candidate.name"),
        "{stderr}"
    );
    assert!(warnings[0].contains("--font-path DIR"), "{stderr}");
}

/// The one round folder under an `--out` folder.
fn walk_to_round(out: &std::path::Path) -> std::path::PathBuf {
    let person = std::fs::read_dir(out)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::read_dir(person)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
}
