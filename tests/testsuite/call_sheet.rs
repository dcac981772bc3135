//! Protects what the call sheet says (issue 21, SPEC §12.2): every figure on the offer
//! letter's own terms, so that what is said on the call is what the recruiter can
//! reproduce; trade-offs computed from the asks; an answer to "what would it take?" that
//! gives none of the asks away.

use crate::support::{build, root, text_of};

/// The call sheet's text (whitespace folded, typst's curly quotes) of `example`'s last
/// round.
fn sheet_of(example: &str) -> String {
    let dir = assert_fs::TempDir::new().unwrap();
    let round = build(
        &root().join("inputs").join(example),
        &dir.path().join("out"),
        &[],
    );
    text_of(&round.join("call-sheet.pdf"))
}

#[test]
fn three_asks_are_said_together_and_each_is_weighed_against_another_lever() {
    // Base $185,000 → $211,000, grant $360,000 → $453,000, sign-on $135,000 →
    // $176,000: on the letter's terms $104,000 + $93,000 + $41,000 = $238,000 more over
    // four years, $1,473,000 in all.
    let sheet = sheet_of("l6-seattle-first-offer.yaml");
    for wanted in [
        "“A base salary of $211,000, an RSU grant of $453,000 and a sign",
        "“If you can meet these asks, $1,473,000 over four years, I’m ready to sign.”",
        // (The two columns' lines interleave in the text: each line on its own.)
        "$26,000 more base salary a year is worth $104,000 over four",
        "as much as $104,000 more RSU grant.",
        "$41,000 more sign-on bonus is worth $41,000 over four years",
        "much as $10,250 more base salary a year.",
        "All together +$238,000 over four years",
    ] {
        assert!(sheet.contains(wanted), "{wanted:?} not in\n{sheet}");
    }
}

#[test]
fn an_assumed_raise_never_reaches_the_call_sheet() {
    // Round 2 of the two-round example, with a 3% raise assumed: the letter's four years
    // are $195,000 × 4 + $150,000 + $410,000 = $1,340,000 (the briefing's, with the
    // raise, is $1,375,807), and the base ask adds $16,000 × 4 = $64,000.
    let sheet = sheet_of("l6-seattle-google-two-rounds.yaml");
    for wanted in [
        "4 years $1,340,000",
        "+$64,000 over 4 years",
        "$16,000 more base salary a year is worth $64,000 over four years",
        "If you can bring the base salary to $211,000, I’m ready to sign.”",
    ] {
        assert!(sheet.contains(wanted), "{wanted:?} not in\n{sheet}");
    }
    for absent in ["$1,375,807", "$66,938"] {
        assert!(!sheet.contains(absent), "{absent:?} in\n{sheet}");
    }
}
