//! Reading an offer file: the text (see [`crate::yaml`] for the size, encoding and budget
//! checks), the YAML parsed into [`RawOffer`], then validated into an [`Offer`].

use std::path::Path;

use anyhow::Result;

use super::model::Offer;
use super::raw::RawOffer;
use super::validate::validate;
use crate::error::InputError;
use crate::yaml::{self, FileKind};

/// How messages name an offer file.
const OFFER_FILE: FileKind = FileKind {
    a: "an offer file",
    instead: "pass the offer's .yaml file",
};

/// Read and validate the offer file at `path`.
pub fn load(path: &Path) -> Result<Offer> {
    let shown = path.display().to_string();
    let text = yaml::read(path, &shown, &OFFER_FILE)?;
    let base_dir = path.parent().unwrap_or(Path::new("."));
    Ok(parse_offer(&text, &shown, base_dir)?)
}

/// Parse and validate offer-file text; `shown` names the file in messages and
/// `base_dir` resolves a relative `market:` path.
pub fn parse_offer(text: &str, shown: &str, base_dir: &Path) -> Result<Offer, InputError> {
    // A line ends at LF, CRLF or a lone CR (old Mac files), as YAML has it.
    if text.trim().is_empty()
        || text
            .split(['\n', '\r'])
            .all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'))
    {
        return Err(InputError::new(format!(
            "{shown}: the file is empty; run `offerbrief new {shown}` for a commented starter file"
        )));
    }
    let raw: RawOffer = yaml::parse(text, shown)?;
    validate(&raw, text, shown, base_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(yaml: &str) -> String {
        let head = "candidate: {name: Jo}\ncompany: A\nlevel: L6\nlocation: S\n";
        parse_offer(&format!("{head}{yaml}"), "t.yaml", Path::new("."))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn paths_name_the_fields_as_the_file_does() {
        let rounds = "rounds:\n  - name: R\n    base: 185000\n";
        let message = problem(&format!("{rounds}    rsu: {{value: [1]}}\n"));
        assert!(
            message.starts_with("t.yaml:8:11: rounds[0].rsu.value: expected a number"),
            "{message}"
        );
        assert!(
            problem(&format!("{rounds}    value: 1\n"))
                .contains("rounds[0].value: unknown field `value`")
        );
        assert!(
            problem(&format!("{rounds}    sign_on: [[1]]\n"))
                .contains("rounds[0].sign_on[0]: expected")
        );
        assert!(
            problem(&format!("{rounds}goals: {{priorities: [[rsu]]}}\n"))
                .contains("goals.priorities[0]: expected text")
        );
    }
}
