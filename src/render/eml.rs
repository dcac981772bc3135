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
use mail_builder::headers::date::Date as MailDate;
use mail_builder::headers::message_id::MessageId;
use mail_builder::headers::raw::Raw;
use mail_builder::headers::text::Text;

use crate::analysis::Analysis;
use crate::error::InputError;
use crate::fingerprint::fnv1a;
use crate::render::emails::Draft;
use crate::render::text::markdown::oneline;
use crate::user_text::is_plain_address;
use crate::vocab::Date;

/// The Date of a draft whose round has no date: 2000-01-01 09:00 UTC.
const UNDATED: i64 = 946_717_200;

/// Seconds from midnight UTC to the drafts' time of day, 09:00.
const NINE_AM: i64 = 9 * 3600;

/// The domain of generated Message-IDs (`.invalid` is reserved for exactly this).
const MESSAGE_ID_DOMAIN: &str = "offerbrief.invalid";

/// Render `draft` as an unsent RFC 5322 message, addressed to the recruiter when the
/// file gives their address and from the candidate when it gives theirs. The candidate's
/// own notes (the answers to pre-offer questions) are addressed to the candidate alone, so
/// that they cannot reach the recruiter by a slip.
pub fn render_eml(draft: &Draft, analysis: &Analysis) -> Result<Vec<u8>> {
    let offer = &analysis.offer;
    let mut message = MessageBuilder::new();
    if let Some(candidate_email) = &offer.candidate.email {
        let email = checked_address(candidate_email, "candidate.email")?;
        let candidate = Address::new_address(Some(display_name(&offer.candidate.name)), email);
        if draft.kind.is_note_to_self() {
            message = message.to(candidate.clone());
        }
        message = message.from(candidate);
    }
    let recruiter = offer
        .recruiter
        .as_ref()
        .filter(|_| !draft.kind.is_note_to_self());
    if let Some(recruiter) = recruiter
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
        .date(MailDate::new(date_of(offer.round.date)))
        .message_id(MessageId::new(message_id(draft, analysis)))
        .header("X-Unsent", Raw::new("1"))
        .text_body(crlf(&draft.plain))
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

/// Unix seconds of 09:00 UTC on `date`, or [`UNDATED`] without one.
fn date_of(date: Option<Date>) -> i64 {
    date.map(|date| date.days_since_epoch() * 86_400 + NINE_AM)
        .unwrap_or(UNDATED)
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
        draft.kind.stem(),
    ];
    let stem: String = draft
        .kind
        .stem()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("{:016x}.{stem}@{MESSAGE_ID_DOMAIN}", fnv1a(&key))
}

/// The body with CRLF line ends, as RFC 5322 requires.
fn crlf(body: &str) -> String {
    body.replace("\r\n", "\n").replace('\n', "\r\n")
}

#[cfg(test)]
mod tests;
