//! The pipeline the fuzz target drives, shared with the stable test suite
//! (`tests/testsuite/hostile.rs` replays `fuzz/regressions/` and random mutations through it).
//!
//! Any bytes go in. A problem in the input must come back as an input error (exit code 1
//! for a user); anything else — a panic, an internal error, a template failure on the
//! built-in templates, a year whose total is not the sum of its parts — is a bug, and
//! this function panics so that the fuzzer records the input.

use std::path::Path;

use offerbrief::error::is_input_error;
use offerbrief::offer::{MarketChoice, parse_offer};
use offerbrief::render::templates::Templates;
use offerbrief::render::{checklist, emails, eml};
use offerbrief::yaml::MAX_FILE_BYTES;

/// The most rounds analysed per input: later rounds repeat the same code.
const MAX_ROUNDS: usize = 3;

/// Parse `data` as an offer file, analyse up to three of its rounds, render every draft,
/// its `.eml`, the checklist, `analysis.json` and the terminal table. The PDF is left out:
/// it is slow, and its input is the same analysis, checklist and drafts.
pub fn run(data: &[u8]) {
    if data.len() as u64 > MAX_FILE_BYTES {
        return;
    }
    // `load` refuses what is not UTF-8 before parsing; so does this.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let base_dir = Path::new("/nonexistent/offerbrief-fuzz");
    let mut offer = match parse_offer(text, "fuzz.yaml", base_dir) {
        Ok(offer) => offer,
        Err(error) => {
            assert!(
                !error.problems.is_empty(),
                "an input error without a problem"
            );
            for problem in &error.problems {
                assert!(
                    problem.starts_with("fuzz.yaml"),
                    "a problem that does not name the file: {problem}"
                );
            }
            return;
        }
    };
    // A market file would be read from disk (a device file could block): use the
    // built-in data instead; market files have their own tests.
    if matches!(offer.market, MarketChoice::File(_)) {
        offer.market = MarketChoice::Builtin;
    }
    let templates = Templates::builtin();
    for round in 1..=offer.rounds.len().min(MAX_ROUNDS) {
        let analysis = match offerbrief::analyse_round(&offer, Some(round), &templates) {
            Ok(analysis) => analysis,
            Err(error) => {
                assert!(is_input_error(&error), "analysis failed: {error:#}");
                continue;
            }
        };
        for year in &analysis.years {
            assert_eq!(
                year.total,
                year.base + year.sign_on + year.rsu + year.bonus,
                "year {} is not the sum of its parts",
                year.year
            );
        }
        let drafts = emails::render_drafts(&templates, &analysis)
            .unwrap_or_else(|error| panic!("the built-in drafts failed: {error:#}"));
        for draft in &drafts {
            assert!(!draft.subject.contains('\n'), "a subject with a line break");
            let _ = emails::draft_markdown(draft);
            eml::render_eml(draft, &analysis).unwrap_or_else(|error| {
                panic!("the .eml of {} failed: {error:#}", draft.kind.stem())
            });
        }
        checklist::render_checklist(&templates, &analysis)
            .unwrap_or_else(|error| panic!("the built-in checklist failed: {error:#}"));
        analysis
            .to_json()
            .unwrap_or_else(|error| panic!("analysis.json failed: {error:#}"));
        let _ = offerbrief::render::table::table(&analysis);
    }
}
