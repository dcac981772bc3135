use mail_parser::{Address as ParsedAddress, HeaderName, MessageParser};

use super::*;
use crate::fixture;
use crate::render::emails::render_drafts;
use crate::render::templates::Templates;

fn drafts(analysis: &Analysis) -> Vec<Draft> {
    render_drafts(&Templates::builtin(), analysis).unwrap()
}

fn first_address(address: Option<&ParsedAddress<'_>>) -> (Option<String>, Option<String>) {
    let addr = address.and_then(|a| a.first()).unwrap();
    (
        addr.name().map(str::to_string),
        addr.address().map(str::to_string),
    )
}

#[test]
fn every_draft_parses_back_with_its_headers_and_body() {
    let analysis = fixture::analysis();
    for draft in drafts(&analysis) {
        let bytes = render_eml(&draft, &analysis).unwrap();
        let message = MessageParser::default().parse(&bytes).unwrap();
        assert_eq!(message.subject(), Some(draft.subject.as_str()));
        // The candidate's own notes go to the candidate, never to the recruiter.
        let to = if draft.kind.is_note_to_self() {
            ("Jordan Lee", "jordan.lee@example.com")
        } else {
            ("Sam Rivera", "sam.rivera@example.com")
        };
        assert_eq!(
            first_address(message.to()),
            (Some(to.0.into()), Some(to.1.into())),
            "{}",
            draft.kind.stem()
        );
        assert_eq!(message.to().map(|to| to.iter().count()), Some(1));
        assert_eq!(
            first_address(message.from()),
            (
                Some("Jordan Lee".into()),
                Some("jordan.lee@example.com".into())
            )
        );
        assert_eq!(message.header_raw("X-Unsent").map(str::trim), Some("1"));
        assert_eq!(
            message.date().map(|d| d.to_rfc3339()).as_deref(),
            Some("2026-11-25T09:00:00Z")
        );
        assert!(
            message
                .message_id()
                .unwrap()
                .ends_with("@offerbrief.invalid")
        );
        let body = message.body_text(0).unwrap().replace("\r\n", "\n");
        // Plain text: the markdown's emphasis is gone, every word is there.
        assert_eq!(body, draft.body.replace("**", ""), "{}", draft.kind.stem());
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("MIME-Version: 1.0\r\n"));
        assert!(
            text.contains("charset=\"utf-8\"") || text.contains("charset=utf-8"),
            "{text}"
        );
    }
}

#[test]
fn the_same_input_gives_the_same_bytes_and_drafts_get_distinct_ids() {
    let analysis = fixture::analysis();
    let drafts = drafts(&analysis);
    let first: Vec<_> = drafts
        .iter()
        .map(|d| render_eml(d, &analysis).unwrap())
        .collect();
    let second: Vec<_> = drafts
        .iter()
        .map(|d| render_eml(d, &analysis).unwrap())
        .collect();
    assert_eq!(first, second);
    let mut ids: Vec<_> = drafts.iter().map(|d| message_id(d, &analysis)).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), drafts.len());
}

#[test]
fn a_newline_in_the_recruiter_name_never_becomes_a_header() {
    let mut analysis = fixture::analysis();
    analysis.offer.recruiter.as_mut().unwrap().name = Some("x\nBcc: evil@example.com".into());
    analysis.offer.candidate.name = "Jordan\r\nCc: evil@example.com".into();
    let draft = &drafts(&analysis)[0];
    let bytes = render_eml(draft, &analysis).unwrap();
    let message = MessageParser::default().parse(&bytes).unwrap();
    assert!(message.bcc().is_none());
    assert!(message.cc().is_none());
    assert!(
        !message
            .headers()
            .iter()
            .any(|h| matches!(h.name, HeaderName::Bcc | HeaderName::Cc))
    );
    let (name, email) = first_address(message.to());
    assert_eq!(name.as_deref(), Some("x Bcc: evil@example.com"));
    assert_eq!(email.as_deref(), Some("sam.rivera@example.com"));
    let text = String::from_utf8_lossy(&bytes);
    let headers = &text[..text.find("\r\n\r\n").unwrap()];
    assert!(
        !headers
            .lines()
            .any(|line| line.to_ascii_lowercase().starts_with("bcc:")),
        "{headers}"
    );
}

#[test]
fn mail_builder_itself_keeps_a_newline_in_a_name_inside_the_header() {
    // offerbrief puts names on one line first; this checks the layer below as well.
    let bytes = MessageBuilder::new()
        .to(Address::new_address(
            Some("x\nBcc: evil@example.com"),
            "sam@example.com",
        ))
        .subject("x\r\nBcc: evil@example.com")
        .date(MailDate::new(0))
        .message_id("a@b")
        .text_body("hi")
        .write_to_vec()
        .unwrap();
    let message = MessageParser::default().parse(&bytes).unwrap();
    assert!(message.bcc().is_none());
    assert_eq!(
        first_address(message.to()).1.as_deref(),
        Some("sam@example.com")
    );
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.lines().any(|line| line.starts_with("Bcc:")), "{text}");
}

#[test]
fn an_address_that_is_not_plain_is_an_input_error_naming_the_field() {
    let mut analysis = fixture::analysis();
    analysis.offer.recruiter.as_mut().unwrap().email =
        Some("sam@example.com>\nBcc: evil@example.com".into());
    let draft = &drafts(&fixture::analysis())[0];
    let err = render_eml(draft, &analysis).unwrap_err();
    assert!(crate::error::is_input_error(&err));
    assert!(err.to_string().starts_with("recruiter.email: "), "{err}");
}

#[test]
fn non_latin_text_is_encoded_and_decodes_to_the_same_text() {
    let mut analysis = fixture::revised_with("name: Jordan Lee", "name: Zoë Ångström");
    analysis.offer.recruiter.as_mut().unwrap().name = Some("山田 花子".into());
    let draft = &drafts(&analysis)[0];
    let bytes = render_eml(draft, &analysis).unwrap();
    assert!(bytes.is_ascii() || std::str::from_utf8(&bytes).is_ok());
    let header_end = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    assert!(
        bytes[..header_end].is_ascii(),
        "headers must be 7-bit (RFC 2047)"
    );
    let message = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(first_address(message.to()).0.as_deref(), Some("山田 花子"));
    assert_eq!(message.subject(), Some(draft.subject.as_str()));
    assert!(draft.subject.contains("Zoë Ångström"));
    assert_eq!(
        message.body_text(0).unwrap().replace("\r\n", "\n"),
        draft.body
    );
}

#[test]
fn without_people_or_a_round_date_the_draft_has_no_to_or_from_and_a_fixed_date() {
    let analysis = fixture::sparse_round_one();
    let draft = &drafts(&analysis)[0];
    let bytes = render_eml(draft, &analysis).unwrap();
    let message = MessageParser::default().parse(&bytes).unwrap();
    assert!(message.to().is_none());
    assert!(message.from().is_none());
    assert_eq!(
        message.date().map(|d| d.to_rfc3339()).as_deref(),
        Some("2000-01-01T09:00:00Z")
    );
}

#[test]
fn dates_become_nine_am_utc() {
    let date = |text| Date::parse(text);
    assert_eq!(date_of(date("1970-01-01")), NINE_AM);
    assert_eq!(date_of(date("2000-01-01")), UNDATED);
    assert_eq!(date_of(date("2026-11-20")), 1_795_132_800 + NINE_AM);
    assert_eq!(date_of(None), UNDATED);
}
