//! Protects the seed's special situations in the documents (SPEC §9): which drafts are
//! written for a number revealed too early, an internal transfer and an accepted offer,
//! what they say, and that no draft cites a competing offer for an internal transfer.

use std::path::Path;

use crate::support::{build_with_analysis, root};

/// The l6-seattle-first-offer example with `extra` appended, built into `dir`; returns the
/// round folder and its analysis.
fn build_with(dir: &Path, extra: &str) -> (std::path::PathBuf, serde_json::Value) {
    let offer = std::fs::read_to_string(root().join("inputs/l6-seattle-first-offer.yaml")).unwrap();
    let file = dir.join("offer.yaml");
    std::fs::write(&file, format!("{offer}{extra}")).unwrap();
    build_with_analysis(&file, &dir.join("out"))
}

/// The `.md` drafts of a round folder (none when it has no `emails/`).
fn drafts(round: &Path) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(round.join("emails")) else {
        return Vec::new();
    };
    let mut drafts: Vec<(String, String)> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    drafts.sort();
    drafts
}

#[test]
fn a_low_revealed_number_gets_a_reset_draft_sent_first() {
    let dir = assert_fs::TempDir::new().unwrap();
    let (round, analysis) = build_with(dir.path(), "situation:\n  revealed_number: 250000\n");
    // Year-1 target $298,684 > $250,000; proposed year 1 $331,650 > the $320,000 band
    // high, so the range is the one figure R($331,650) = $332,000.
    assert_eq!(
        analysis["situation"]["reset_range"],
        serde_json::json!([332000.0, 332000.0])
    );
    assert_eq!(analysis["next_step"]["email"], "reset_expectations");
    let drafts = drafts(&round);
    let (_, reset) = drafts
        .iter()
        .find(|(stem, _)| stem == "08-reset-expectations")
        .unwrap();
    for wanted in ["I mentioned $250,000", "A first-year total of $332,000"] {
        assert!(reset.contains(wanted), "{wanted:?} not in\n{reset}");
    }
    // $332,000 is above the market's first-year totals ($230,000–$320,000): the market
    // would argue against the figure, so the draft does not cite it (SPEC §12.1).
    assert!(!reset.contains("$320,000"), "{reset}");
    assert!(drafts.iter().any(|(stem, _)| stem == "01-round-1-counter"));
}

#[test]
fn a_reset_within_the_market_cites_the_market() {
    // Every lever at its target, the sign-on all in year 2: year 1 is $211,000 +
    // 5% × $453,000 = $233,650, so the range runs from R($250,000) to the band's high,
    // $320,000, and the market's first-year totals support it.
    let dir = assert_fs::TempDir::new().unwrap();
    let offer = std::fs::read_to_string(root().join("inputs/l6-seattle-first-offer.yaml"))
        .unwrap()
        .replace("base: 185000 ", "base: 211000 ")
        .replace("sign_on: [75000, 60000]", "sign_on: [0, 176000]")
        .replace("value: 360000 ", "value: 453000 ");
    let file = dir.path().join("offer.yaml");
    std::fs::write(
        &file,
        format!("{offer}situation:\n  revealed_number: 250000\n"),
    )
    .unwrap();
    let (round, analysis) = build_with_analysis(&file, &dir.path().join("out"));
    assert_eq!(
        analysis["situation"]["reset_range"],
        serde_json::json!([250000.0, 320000.0])
    );
    let drafts = drafts(&round);
    let (_, reset) = drafts
        .iter()
        .find(|(stem, _)| stem == "08-reset-expectations")
        .unwrap();
    for wanted in [
        "from about $230,000 to about $320,000",
        "in the range of $250,000 to $320,000",
    ] {
        assert!(reset.contains(wanted), "{wanted:?} not in\n{reset}");
    }
}

#[test]
fn after_acceptance_only_the_request_is_drafted_and_only_when_the_reason_holds() {
    // The example's four-year total is $1,235,000: 31% above is $1,617,850, 29% $1,593,150.
    for (total, holds) in [(1_617_850, true), (1_593_150, false)] {
        let dir = assert_fs::TempDir::new().unwrap();
        let base = f64::from(total) / 4.0;
        let (round, analysis) = build_with(
            dir.path(),
            &format!(
                "competing_offers:\n  - {{ company: Contoso, base: {base} }}\nsituation:\n  accepted_on: 2026-12-01\n  reason: competing_offer\n"
            ),
        );
        assert_eq!(
            analysis["situation"]["after_acceptance"]["holds"], holds,
            "{total}"
        );
        let stems: Vec<String> = drafts(&round).into_iter().map(|(stem, _)| stem).collect();
        if holds {
            assert_eq!(stems, ["09-after-acceptance"]);
            let request =
                std::fs::read_to_string(round.join("emails/09-after-acceptance.md")).unwrap();
            assert!(request.contains("I remain fully committed to joining Amazon"));
            // A competing offer's grown total is never quoted (SPEC §12.2).
            assert!(
                request.contains("a further offer, from Contoso, that is substantially larger than the package I accepted"),
                "{request}"
            );
            assert!(
                request.contains("Would it be possible to revisit the"),
                "{request}"
            );
            assert_eq!(analysis["next_step"]["email"], "after_acceptance");
        } else {
            assert!(stems.is_empty(), "nothing new is drafted: {stems:?}");
            assert!(analysis["next_step"]["email"].is_null());
            let summary = analysis["situation"]["summary"].as_str().unwrap();
            assert!(summary.contains("short of the 30%"), "{summary}");
        }
    }
}

#[test]
fn an_internal_transfer_names_no_competing_offer_in_any_draft() {
    let dir = assert_fs::TempDir::new().unwrap();
    let (round, analysis) = build_with(
        dir.path(),
        "competing_offers:\n  - { company: Zyxwvut Labs, status: written, base: 230000, rsu: { value: 500000 } }\nsituation:\n  internal_transfer: true\n",
    );
    assert_eq!(analysis["situation"]["internal_transfer"], true);
    for (stem, text) in drafts(&round) {
        assert!(
            !text.contains("Zyxwvut"),
            "{stem} cites the competing offer:\n{text}"
        );
    }
    let counter = std::fs::read_to_string(round.join("emails/01-round-1-counter.md")).unwrap();
    let level = counter
        .find("Before the figures, the level")
        .expect("the level comes first");
    let first_ask = counter.find("1. ").unwrap();
    assert!(level < first_ask, "{counter}");
    let transfer = &analysis["other_levers"]["internal_transfer"];
    assert_eq!(transfer["points"].as_array().unwrap().len(), 4);
}

#[test]
fn an_accepted_offer_tells_one_story_from_the_summary_to_the_checklist() {
    let out = assert_fs::TempDir::new().unwrap();
    let (round, analysis) =
        build_with_analysis(&root().join("inputs/l6-after-acceptance.yaml"), out.path());
    assert_eq!(analysis["accepted"], true);
    assert!(analysis["next_step"]["expected_range"].is_null());
    assert_eq!(analysis["next_step"]["email"], "after_acceptance");
    let stems: Vec<String> = drafts(&round).into_iter().map(|(stem, _)| stem).collect();
    assert_eq!(stems, ["09-after-acceptance"]);
    // The reason in the candidate's own words, and nothing the file does not hold.
    let request = std::fs::read_to_string(round.join("emails/09-after-acceptance.md")).unwrap();
    assert!(
        request.contains("something has changed that I'd rather raise with you openly than carry into my first months: my partner's job has moved to Seattle"),
        "{request}"
    );
    assert!(!request.contains("family"), "{request}");
    // No item of a negotiation still to come.
    let codes: Vec<&str> = analysis["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["code"].as_str().unwrap())
        .collect();
    for gone in [
        "negotiate_components",
        "recruiter_questions",
        "never_first_number",
        "acceptance_email",
        "take_your_time",
        "walk_away",
    ] {
        assert!(!codes.contains(&gone), "{gone} after acceptance: {codes:?}");
    }
    // Every page agrees.
    let text = crate::support::text_of(&round.join("briefing.pdf"));
    for absent in [
        "If the asks land",
        "Rule of thumb",
        "Another round typically",
        "All asks together",
    ] {
        assert!(!text.contains(absent), "the briefing still says {absent:?}");
    }
    assert!(
        text.contains("The offer is accepted"),
        "the lever plan says so"
    );
    let sheet = crate::support::text_of(&round.join("call-sheet.pdf"));
    assert!(!sheet.contains("reply no earlier"), "{sheet}");
    assert!(!sheet.contains("ready to sign"), "{sheet}");
}

#[test]
fn without_a_note_the_reason_is_given_in_neutral_words() {
    let dir = assert_fs::TempDir::new().unwrap();
    let (round, _) = build_with(
        dir.path(),
        "situation:\n  accepted_on: 2026-12-01\n  reason: life_event\n",
    );
    let request = std::fs::read_to_string(round.join("emails/09-after-acceptance.md")).unwrap();
    assert!(
        request.contains("carry into my first months: a change in my circumstances."),
        "{request}"
    );
}

#[test]
fn an_internal_transfer_never_speaks_of_joining() {
    let out = assert_fs::TempDir::new().unwrap();
    let (round, _) =
        build_with_analysis(&root().join("inputs/l6-internal-transfer.yaml"), out.path());
    for (stem, text) in drafts(&round) {
        assert!(
            !text.to_lowercase().contains("join"),
            "{stem} speaks of joining:\n{text}"
        );
        assert!(!text.contains("Google"), "{stem} cites the competing offer");
    }
    let answers = std::fs::read_to_string(round.join("emails/05-pre-offer-answers.md")).unwrap();
    assert!(
        answers.contains("You have my current package on record"),
        "{answers}"
    );
}
