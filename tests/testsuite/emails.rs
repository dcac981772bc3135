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
                format!("{name}__{}", draft.file_stem),
                emails::draft_markdown(&draft)
            );
        }
        let checklist = checklist::render_checklist(&templates, &analysis).unwrap();
        insta::assert_snapshot!(format!("{name}__checklist"), checklist.markdown);
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
                draft.file_stem
            );
            let message = MessageParser::default().parse(&bytes).unwrap();
            assert_eq!(message.subject(), Some(draft.subject.as_str()));
            assert_eq!(message.header_raw("X-Unsent").map(str::trim), Some("1"));
            assert!(message.date().is_some() && message.message_id().is_some());
            let body = message.body_text(0).unwrap();
            assert_eq!(
                body.replace("\r\n", "\n").trim_end(),
                draft.body.trim_end(),
                "{}",
                draft.file_stem
            );
            if let Some(email) = analysis
                .offer
                .recruiter
                .as_ref()
                .and_then(|r| r.email.as_deref())
            {
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
fn watch_memo_reuses_texts_only_for_the_same_analysis_and_the_built_in_templates() {
    use offerbrief::briefing::TextMemo;
    use offerbrief::{BuildOptions, Prepared};

    let dir = assert_fs::TempDir::new().unwrap();
    let offer = dir.child("offer.yaml");
    let text =
        std::fs::read_to_string(crate::support::root().join("inputs/l6-seattle-first-offer.yaml"))
            .unwrap();
    offer.write_str(&text).unwrap();
    let options = BuildOptions::default();
    let texts = |prepared: &Prepared| -> Vec<String> {
        let mut texts: Vec<String> = prepared.drafts.iter().map(emails::draft_markdown).collect();
        texts.push(prepared.checklist.markdown.clone());
        texts
    };
    let mut memo = TextMemo::default();
    let first = Prepared::new(offer.path(), &options, Some(&mut memo)).unwrap();

    // A comment: the same analysis, the same texts.
    offer
        .write_str(&format!("# after the call\n{text}"))
        .unwrap();
    let commented = Prepared::new(offer.path(), &options, Some(&mut memo)).unwrap();
    assert_eq!(texts(&commented), texts(&first));

    // Another base: the texts a build without the memo renders, not the last ones.
    let raised = text.replacen("base: ", "base: 1", 1);
    assert_ne!(raised, text, "the example has a base to change");
    offer.write_str(&raised).unwrap();
    let with_memo = Prepared::new(offer.path(), &options, Some(&mut memo)).unwrap();
    let without = Prepared::new(offer.path(), &options, None).unwrap();
    assert_eq!(texts(&with_memo), texts(&without));
    assert_ne!(texts(&with_memo), texts(&first));

    // An override folder's template edited between two builds of the same offer shows.
    let overrides = dir.child("templates");
    overrides.create_dir_all().unwrap();
    let name = offerbrief::render::checklist::CHECKLIST_TEMPLATE;
    let builtin = offerbrief::render::templates::builtin(name).unwrap();
    overrides.child(name).write_binary(builtin).unwrap();
    let options = BuildOptions {
        templates: Some(overrides.path().to_path_buf()),
        ..BuildOptions::default()
    };
    Prepared::new(offer.path(), &options, Some(&mut memo)).unwrap();
    let mut edited = builtin.to_vec();
    edited.extend_from_slice(b"\nA line added to the template.\n");
    overrides.child(name).write_binary(&edited).unwrap();
    let after = Prepared::new(offer.path(), &options, Some(&mut memo)).unwrap();
    assert!(
        after
            .checklist
            .markdown
            .contains("A line added to the template.")
    );
}
