//! Protects `offerbrief build` end to end: every example in inputs/ writes every output
//! of SPEC §5, the PDF's text holds the candidate and each year's total, and a rebuild
//! gives identical bytes.

use std::path::PathBuf;

use crate::support::{
    assert_round_matches_its_analysis, build, build_with_analysis, cases, dollars, examples,
    files_under, output, root, text_of,
};

#[test]
fn every_example_builds_every_output() {
    for file in examples() {
        let out = assert_fs::TempDir::new().unwrap();
        let (round, analysis) = build_with_analysis(&file, out.path());
        assert_round_matches_its_analysis(&round);
        for name in [
            "briefing.pdf",
            "call-sheet.pdf",
            "analysis.json",
            "checklist.md",
        ] {
            let path = round.join(name);
            assert!(
                path.is_file() && std::fs::metadata(&path).unwrap().len() > 0,
                "{} has no {name}",
                file.display()
            );
        }
        let emails: Vec<String> = std::fs::read_dir(round.join("emails"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        // An accepted offer gets the after-acceptance request alone (SPEC §12.3).
        let stems: &[&str] = if analysis["accepted"] == true {
            &["after-acceptance"]
        } else {
            &["round-1-counter", "acceptance", "pre-offer"]
        };
        for stem in stems {
            assert!(
                emails
                    .iter()
                    .any(|e| e.contains(stem) && e.ends_with(".md")),
                "{}: no {stem}.md in {emails:?}",
                file.display()
            );
            assert!(
                emails
                    .iter()
                    .any(|e| e.contains(stem) && e.ends_with(".eml")),
                "{}: no {stem}.eml in {emails:?}",
                file.display()
            );
        }

        let flat = text_of(&round.join("briefing.pdf"));
        let name = analysis["offer"]["candidate"]["name"].as_str().unwrap();
        assert!(
            flat.contains(name),
            "{}: the PDF does not name {name}",
            file.display()
        );
        for year in analysis["years"].as_array().unwrap() {
            let total = dollars(&year["total"]);
            assert!(
                flat.contains(&total),
                "{}: the PDF lacks year {} total {total}",
                file.display(),
                year["year"]
            );
        }
        assert!(
            flat.contains(&dollars(&analysis["four_year_total"])),
            "{}: no four-year total",
            file.display()
        );
    }
}

#[test]
fn every_case_folder_holds_what_its_analysis_says() {
    for case in cases() {
        let out = assert_fs::TempDir::new().unwrap();
        assert_round_matches_its_analysis(&build(&case, out.path(), &[]));
    }
}

#[test]
fn build_writes_the_same_analysis_as_analyze() {
    let file = &examples()[0];
    let out = assert_fs::TempDir::new().unwrap();
    let (round, _) = build_with_analysis(file, out.path());
    let analyze = output(
        root(),
        &["analyze", "--format", "json", file.to_str().unwrap()],
    );
    assert_eq!(
        std::fs::read(round.join("analysis.json")).unwrap(),
        analyze.stdout
    );
}

#[test]
fn identical_input_gives_identical_bytes() {
    let file = &examples()[0];
    let (a, b) = (
        assert_fs::TempDir::new().unwrap(),
        assert_fs::TempDir::new().unwrap(),
    );
    let (first, _) = build_with_analysis(file, a.path());
    let (second, _) = build_with_analysis(file, b.path());
    let names: Vec<PathBuf> = files_under(&first);
    assert!(names.len() > 5);
    for relative in names {
        assert_eq!(
            std::fs::read(first.join(&relative)).unwrap(),
            std::fs::read(second.join(&relative)).unwrap(),
            "{} differs",
            relative.display()
        );
    }
}
