//! A draft as an RFC 5322 message (`emails/<nn>-<name>.eml`): MIME, UTF-8 headers
//! encoded per RFC 2047, `X-Unsent: 1` so mail clients open it as a draft, and a `Date`
//! and `Message-ID` derived from the input so the same input gives the same bytes.
//!
//! Header safety: a name is put on one line (every run of line breaks, tabs and other
//! control characters becomes one space) and then quoted or encoded by mail-builder, so
//! a name can never start a header of its own. An e-mail address must be a plain
//! `local@domain`; anything else is an input error naming the field.

use anyhow::Result;
use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::date::Date;
use mail_builder::headers::message_id::MessageId;
use mail_builder::headers::raw::Raw;
use mail_builder::headers::text::Text;

use crate::analysis::Analysis;
use crate::error::InputError;
use crate::offer::is_plain_address;
use crate::render::Draft;
use crate::render::emails::oneline;

/// The Date of a draft whose round has no date: 2000-01-01 09:00 UTC.
const UNDATED: i64 = 946_717_200;

/// Seconds from midnight UTC to the drafts' time of day, 09:00.
const NINE_AM: i64 = 9 * 3600;

/// The domain of generated Message-IDs (`.invalid` is reserved for exactly this).
const MESSAGE_ID_DOMAIN: &str = "offerbrief.invalid";

/// Render `draft` as an unsent RFC 5322 message, addressed to the recruiter when the
/// file gives their address and from the candidate when it gives theirs.
pub fn render_eml(draft: &Draft, analysis: &Analysis) -> Result<Vec<u8>> {
    let offer = &analysis.offer;
    let mut message = MessageBuilder::new();
    if let Some(candidate_email) = &offer.candidate.email {
        let email = checked_address(candidate_email, "candidate.email")?;
        message = message.from(Address::new_address(
            Some(display_name(&offer.candidate.name)),
            email,
        ));
    }
    if let Some(recruiter) = &offer.recruiter
        && let Some(recruiter_email) = &recruiter.email
    {
        let email = checked_address(recruiter_email, "recruiter.email")?;
        let name = recruiter
            .name
            .as_deref()
            .map(display_name)
            .filter(|name| !name.is_empty());
        message = message.to(Address::new_address(name, email));
    }
    let bytes = message
        .subject(Text::new(oneline(&draft.subject)))
        .date(Date::new(date_of(offer.round.date.as_deref())))
        .message_id(MessageId::new(message_id(draft, analysis)))
        .header("X-Unsent", Raw::new("1"))
        .text_body(crlf(&draft.body))
        .write_to_vec()?;
    Ok(bytes)
}

/// A display name on one line.
fn display_name(name: &str) -> String {
    oneline(name)
}

/// The address when it is a plain `local@domain` with nothing that could end the
/// address or the header (validation checks this too; this keeps the renderer safe on
/// its own).
fn checked_address(address: &str, field: &str) -> Result<String> {
    let trimmed = address.trim();
    let plain = is_plain_address(trimmed);
    if plain {
        Ok(trimmed.to_string())
    } else {
        Err(anyhow::Error::new(InputError::new(format!(
            "{field}: {address:?} is not a plain e-mail address; write it as name@example.com, without a display name, spaces or line breaks"
        ))))
    }
}

/// Unix seconds of 09:00 UTC on `date` (`YYYY-MM-DD`), or [`UNDATED`] without one.
fn date_of(date: Option<&str>) -> i64 {
    date.and_then(parse_date)
        .map(|(year, month, day)| days_from_civil(year, month, day) * 86_400 + NINE_AM)
        .unwrap_or(UNDATED)
}

fn parse_date(text: &str) -> Option<(i64, u32, u32)> {
    let mut parts = text.splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    ((1..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then_some((year, month, day))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// `<hash.file-stem@offerbrief.invalid>`: the same draft of the same round of the same
/// offer always gets the same id, and different drafts get different ones.
fn message_id(draft: &Draft, analysis: &Analysis) -> String {
    let offer = &analysis.offer;
    let round = offer.round.number.to_string();
    let key = [
        offer.candidate.name.as_str(),
        offer.company.as_str(),
        round.as_str(),
        offer.round.name.as_str(),
        draft.file_stem.as_str(),
    ];
    let stem: String = draft
        .file_stem
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("{:016x}.{stem}@{MESSAGE_ID_DOMAIN}", fnv1a(&key))
}

/// 64-bit FNV-1a over the parts, each followed by a 0 byte so `("ab", "c")` and
/// `("a", "bc")` differ.
fn fnv1a(parts: &[&str]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

/// The body with CRLF line ends, as RFC 5322 requires.
fn crlf(body: &str) -> String {
    body.replace("\r\n", "\n").replace('\n', "\r\n")
}

#[cfg(test)]
mod tests {
    use mail_parser::{Address as ParsedAddress, HeaderName, MessageParser};

    use super::*;
    use crate::render::emails::{fixture, render_drafts};
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
            assert_eq!(
                first_address(message.to()),
                (
                    Some("Sam Rivera".into()),
                    Some("sam.rivera@example.com".into())
                )
            );
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
            assert_eq!(body, draft.body, "{}", draft.file_stem);
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
            .date(Date::new(0))
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
        let mut analysis = fixture::analysis();
        analysis.offer.recruiter.as_mut().unwrap().name = Some("山田 花子".into());
        analysis.offer.candidate.name = "Zoë Ångström".into();
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
        assert_eq!(date_of(Some("1970-01-01")), NINE_AM);
        assert_eq!(date_of(Some("2000-01-01")), UNDATED);
        assert_eq!(date_of(Some("2026-11-20")), 1_795_132_800 + NINE_AM);
        assert_eq!(date_of(Some("nonsense")), UNDATED);
    }
}
