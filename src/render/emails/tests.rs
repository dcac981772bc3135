use super::*;
use crate::fixture;

fn drafts(analysis: &Analysis) -> Vec<Draft> {
    render_drafts(&Templates::builtin(), analysis).unwrap()
}

fn tempdir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "offerbrief-emails-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn drafts_are_numbered_and_the_next_step_is_recommended() {
    let drafts = drafts(&fixture::analysis());
    let stems: Vec<_> = drafts.iter().map(|d| d.kind.stem()).collect();
    assert_eq!(
        stems,
        [
            "01-round-1-counter",
            "02-round-2-follow-up",
            "03-final-ask",
            "04-acceptance",
            "05-pre-offer-answers",
            "06-level-review",
            "07-start-date-and-relocation"
        ]
    );
    let recommended: Vec<_> = drafts
        .iter()
        .filter(|d| d.send_next)
        .map(|d| d.kind.stem())
        .collect();
    assert_eq!(recommended, ["02-round-2-follow-up"]);
    for draft in &drafts {
        assert!(!draft.subject.is_empty() && !draft.subject.contains('\n'));
        assert!(draft.body.ends_with('\n') && !draft.body.ends_with("\n\n"));
        for bad in ["none", "[", "\u{FDD0}", "\u{FDD1}"] {
            assert!(
                !draft.body.contains(bad),
                "{bad:?} in {}:\n{}",
                draft.kind.stem(),
                draft.body
            );
        }
        assert!(!draft.blocks.is_empty(), "{}", draft.kind.stem());
    }
}

#[test]
fn conditional_drafts_are_left_out_when_the_file_gives_nothing_for_them() {
    let drafts = drafts(&fixture::sparse_round_one());
    let stems: Vec<_> = drafts.iter().map(|d| d.kind.stem()).collect();
    assert_eq!(
        stems,
        [
            "01-round-1-counter",
            "02-round-2-follow-up",
            "03-final-ask",
            "04-acceptance",
            "05-pre-offer-answers"
        ]
    );
    assert!(drafts[0].send_next);
    assert!(
        drafts[0].body.starts_with("Hi there,"),
        "{}",
        drafts[0].body
    );
}

#[test]
fn without_a_market_band_only_levers_with_other_evidence_are_argued() {
    let analysis = fixture::revised_with("location: Seattle", "location: Mars");
    let drafts = drafts(&analysis);
    let counter = &drafts[0].body;
    assert!(!counter.contains("Market data"), "{counter}");
    assert!(
        counter.contains("1. Base salary:") && counter.contains("Google"),
        "{counter}"
    );
    assert!(
        counter.contains("2. Sign-on bonus:") && counter.contains("$155,000 in all"),
        "{counter}"
    );
    assert!(
        !counter.contains("RSU grant:"),
        "an RSU ask with no evidence is argued:\n{counter}"
    );
    let answers = &drafts[4].body;
    assert!(
        answers.contains("range budgeted for this role"),
        "{answers}"
    );
    let checklist =
        crate::render::checklist::render_checklist(&Templates::builtin(), &analysis).unwrap();
    assert!(
        checklist
            .contains("- [ ] Research market rates: the market data has no band for L6 in Mars"),
        "{checklist}"
    );
}

#[test]
fn an_offer_without_sign_on_or_grant_says_so() {
    let analysis = fixture::analysed(
        &fixture::REVISED_OFFER
            .replace(
                "    sign_on: [80000, 65000]\n    rsu: { value: 400000 }\n",
                "",
            )
            .replace("  email: sam.rivera@example.com\n", ""),
    );
    let drafts = drafts(&analysis);
    let counter = &drafts[0].body;
    assert!(counter.starts_with("Hi Sam,"));
    assert!(
        counter.contains("The offer does not include an RSU grant."),
        "{counter}"
    );
    assert!(
        counter.contains("The offer does not include a sign-on bonus."),
        "{counter}"
    );
    let acceptance = &drafts[3].body;
    assert!(!acceptance.contains("Sign-on bonus:"), "{acceptance}");
    assert!(!acceptance.contains("RSU grant:"), "{acceptance}");
}

#[test]
fn a_grant_in_shares_is_quoted_in_whole_dollars_as_in_the_pdf() {
    let analysis = fixture::revised_with("rsu: { value: 400000 }", "rsu: { shares: 1621.593 }");
    let acceptance = &drafts(&analysis)[3].body;
    // 1621.593 × $185 = $299,994.705: whole dollars, never cents.
    assert!(acceptance.contains("$299,995"), "{acceptance}");
    assert!(!acceptance.contains("$299,994.7"), "{acceptance}");
}

#[test]
fn the_location_is_the_market_name_once_a_band_matches() {
    let analysis = fixture::revised_with("location: Seattle", "location: sEATTLE_");
    assert_eq!(analysis.offer.location, "Seattle");
    let drafts = drafts(&analysis);
    assert!(drafts[0].body.contains("in Seattle"), "{}", drafts[0].body);
}

#[test]
fn an_override_replaces_a_builtin_template_by_name() {
    let dir = tempdir();
    std::fs::create_dir_all(dir.join("emails")).unwrap();
    std::fs::write(
        dir.join("emails/03-final-ask.md.j2"),
        "Base {{ offer.round.base|money }}\n",
    )
    .unwrap();
    let drafts =
        render_drafts(&Templates::with_overrides(Some(&dir)), &fixture::analysis()).unwrap();
    let final_ask = drafts
        .iter()
        .find(|d| d.kind.stem() == "03-final-ask")
        .unwrap();
    assert_eq!(final_ask.subject, "Re: Amazon L6 offer – Jordan Lee");
    assert_eq!(final_ask.body, "Base $195,000\n");
    assert_eq!(
        draft_markdown(final_ask),
        "Subject: Re: Amazon L6 offer – Jordan Lee\n\nBase $195,000\n"
    );
}

#[test]
fn a_template_error_in_an_override_names_the_override_file() {
    let dir = tempdir();
    std::fs::create_dir_all(dir.join("emails")).unwrap();
    let path = dir.join("emails/04-acceptance.md.j2");
    std::fs::write(
        &path,
        "{% set subject %}x{% endset %}\n\n{{ offer.recruiter.nmae }}\n",
    )
    .unwrap();
    let err =
        render_drafts(&Templates::with_overrides(Some(&dir)), &fixture::analysis()).unwrap_err();
    assert!(crate::error::is_input_error(&err));
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("{}:3: ", path.display())),
        "{message}"
    );
    assert!(message.contains("nmae"), "{message}");
}

/// Every round of every example in `inputs/`, analysed by the real pipeline.
fn example_analyses() -> Vec<Analysis> {
    let mut analyses = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/inputs"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .filter(|path| !crate::is_data_file(path))
        .collect();
    paths.sort();
    for path in paths {
        let offer = crate::offer::load(&path).unwrap();
        // A round whose start an edited `last_day` now passes cannot be built again
        // (SPEC §12.7): only the rounds that can.
        for round in (1..=offer.rounds.len())
            .filter(|round| offer.round_number(Some(*round), "example").is_ok())
        {
            analyses
                .push(crate::analyse_round(&offer, Some(round), &Templates::builtin()).unwrap());
        }
    }
    analyses
}

#[test]
fn every_example_round_renders_without_placeholders() {
    for analysis in example_analyses() {
        let drafts = drafts(&analysis);
        let recommended = drafts.iter().filter(|d| d.send_next).count();
        assert_eq!(recommended, 1, "{}", analysis.offer.round.name);
        for draft in &drafts {
            for bad in ["none", "[", "{{", "  "] {
                assert!(
                    !draft.body.contains(bad),
                    "{bad:?} in {}:\n{}",
                    draft.kind.stem(),
                    draft.body
                );
            }
        }
        crate::render::checklist::render_checklist(&Templates::builtin(), &analysis).unwrap();
    }
}

/// `cargo test --release --lib print_samples -- --ignored --nocapture` shows every output.
#[test]
#[ignore]
fn print_samples() {
    let mut analyses = vec![fixture::analysis(), fixture::sparse_round_one()];
    analyses.extend(example_analyses());
    for analysis in analyses {
        println!(
            "##### {} round {}",
            analysis.offer.company, analysis.offer.round.number
        );
        for draft in drafts(&analysis) {
            println!("=== {} ===\n{}", draft.kind.stem(), draft_markdown(&draft));
        }
        let checklist =
            crate::render::checklist::render_checklist(&Templates::builtin(), &analysis).unwrap();
        println!("=== checklist ===\n{checklist}");
    }
}

#[test]
fn user_text_is_never_template_code_nor_markup() {
    let analysis = fixture::revised_with(
        "name: Jordan Lee",
        "name: \"{{ 7*7 }} {% if true %}x{% endif %} **bold**\"",
    );
    let drafts = drafts(&analysis);
    assert!(
        drafts[0]
            .body
            .contains("{{ 7*7 }} {% if true %}x{% endif %} **bold**")
    );
    let strong: Vec<&str> = drafts
        .iter()
        .flat_map(|draft| &draft.blocks)
        .flat_map(|block| match block {
            crate::render::text::markdown::Block::Paragraph { lines } => {
                lines.iter().flatten().collect::<Vec<_>>()
            }
            crate::render::text::markdown::Block::List { items, .. } => {
                items.iter().flatten().collect()
            }
        })
        .filter(|span| span.strong)
        .map(|span| span.text.as_str())
        .collect();
    assert!(!strong.contains(&"bold"), "{strong:?}");
}
