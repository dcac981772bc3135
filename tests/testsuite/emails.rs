//! Protects the drafts and the checklist: snapshots of every draft and checklist for each
//! acceptance case, `.eml` files that parse back to the `.md` text with no injected header,
//! and template typos that fail loudly instead of sending an empty string.

use crate::support::bin;
use std::path::Path;

use assert_fs::prelude::*;
use mail_parser::MessageParser;
use offerbrief::render::templates::Templates;
use offerbrief::render::{checklist, emails, eml};

use crate::support::cases;

fn analysis_of(path: &Path) -> offerbrief::analysis::Analysis {
    let offer = offerbrief::offer::load(path).unwrap();
    offerbrief::analyse_round(&offer, None, &Templates::builtin()).unwrap()
}

#[test]
fn drafts_and_checklists_match_their_snapshots() {
    for case in cases() {
        let name = case.file_stem().unwrap().to_string_lossy().into_owned();
        let analysis = analysis_of(&case);
        let templates = Templates::builtin();
        for draft in emails::render_drafts(&templates, &analysis).unwrap() {
            insta::assert_snapshot!(
                format!("{name}__{}", draft.kind.stem()),
                emails::draft_markdown(&draft)
            );
        }
        let checklist = checklist::render_checklist(&templates, &analysis).unwrap();
        insta::assert_snapshot!(format!("{name}__checklist"), checklist);
    }
}

#[test]
fn every_eml_parses_back_to_its_markdown() {
    for case in cases() {
        let analysis = analysis_of(&case);
        for draft in emails::render_drafts(&Templates::builtin(), &analysis).unwrap() {
            let bytes = eml::render_eml(&draft, &analysis).unwrap();
            assert!(
                bytes.is_ascii(),
                "{}: headers and body are 7-bit encoded",
                draft.kind.stem()
            );
            let message = MessageParser::default().parse(&bytes).unwrap();
            assert_eq!(message.subject(), Some(draft.subject.as_str()));
            assert_eq!(message.header_raw("X-Unsent").map(str::trim), Some("1"));
            assert!(message.date().is_some() && message.message_id().is_some());
            let body = message.body_text(0).unwrap();
            // Plain text: the body of the `.md` without its `**` emphasis.
            let body = body.replace("\r\n", "\n");
            assert!(!body.contains("**"), "{}", draft.kind.stem());
            assert_eq!(
                body.trim_end(),
                draft.body.replace("**", "").trim_end(),
                "{}",
                draft.kind.stem()
            );
            // The candidate's own notes are addressed to the candidate.
            let addressee = if draft.kind.is_note_to_self() {
                analysis.offer.candidate.email.as_deref()
            } else {
                analysis
                    .offer
                    .recruiter
                    .as_ref()
                    .and_then(|r| r.email.as_deref())
            };
            if let Some(email) = addressee {
                let to = message
                    .to()
                    .and_then(|to| to.first())
                    .and_then(|a| a.address())
                    .unwrap();
                assert_eq!(to, email);
            }
        }
    }
}

#[test]
fn a_header_in_the_recruiter_name_adds_no_header() {
    let dir = assert_fs::TempDir::new().unwrap();
    let file = dir.child("offer.yaml");
    file.write_str(
        "candidate:\n  name: \"Jo\\r\\nCc: evil@example.com\"\n  email: jo@example.com\nrecruiter:\n  name: \"x\\nBcc: evil@example.com\"\n  email: sam@example.com\ncompany: Amazon\nlevel: L6\nlocation: Seattle\nrounds:\n  - name: R1\n    base: 185000\n",
    )
    .unwrap();
    let analysis = analysis_of(file.path());
    for draft in emails::render_drafts(&Templates::builtin(), &analysis).unwrap() {
        let bytes = eml::render_eml(&draft, &analysis).unwrap();
        let message = MessageParser::default().parse(&bytes).unwrap();
        assert!(
            message.bcc().is_none() && message.cc().is_none(),
            "{}",
            String::from_utf8_lossy(&bytes)
        );
        let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
        let headers = text.split("\r\n\r\n").next().unwrap();
        assert!(
            !headers.contains("\nbcc:") && !headers.contains("\ncc:"),
            "{headers}"
        );
    }
}

#[test]
fn an_undefined_variable_names_the_template_and_line() {
    let dir = assert_fs::TempDir::new().unwrap();
    let templates = dir.child("templates");
    templates
        .child("emails/04-acceptance.md.j2")
        .write_str("{% set subject %}Hi{% endset %}\nDear {{ offer.recruiter.nmae }},\n")
        .unwrap();
    let offer = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/l6-seattle-first-offer.yaml");
    let output = bin()
        .arg("build")
        .arg(&offer)
        .arg("--out")
        .arg(dir.path().join("out"))
        .arg("--templates")
        .arg(templates.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("04-acceptance.md.j2:2") && stderr.contains("nmae"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("out").exists()
            || std::fs::read_dir(dir.path().join("out")).unwrap().count() == 0
            || !stderr.is_empty()
    );
}

#[test]
fn a_later_rounds_checklist_says_which_asks_its_draft_makes() {
    // Round 2 of the two-round example asks again for the base salary alone.
    let dir = assert_fs::TempDir::new().unwrap();
    let round = crate::support::build(
        &crate::support::root().join("inputs/l6-seattle-google-two-rounds.yaml"),
        &dir.path().join("out"),
        &[],
    );
    let checklist = std::fs::read_to_string(round.join("checklist.md")).unwrap();
    assert!(
        checklist.contains("this round's draft asks for base salary only"),
        "{checklist}"
    );
}
