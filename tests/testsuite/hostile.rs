//! Protects every output from whatever text a field holds (SPEC §6): the hostile offers in
//! `tests/hostile/` put typst markup, template syntax, HTML and markdown, line breaks with
//! e-mail headers, paths, right-to-left and CJK text, emoji, control characters and
//! 1 000-character strings (the longest a field may hold) in the names; each builds, every output holds the text as
//! written, no e-mail header is added, nothing lands outside `--out`, and long text wraps
//! on a letter page. `tests/hostile/numbers/` holds offers at the limits of every amount.

use crate::support::{assert_letter_pages, bin, files_under, read_pdf};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use mail_parser::{HeaderName, MessageParser};
use serde_json::Value;

fn hostile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

/// The headers a draft has; anything else was injected.
const DRAFT_HEADERS: [&str; 9] = [
    "from",
    "to",
    "subject",
    "date",
    "message-id",
    "x-unsent",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
];

/// Where each text field must appear: in the e-mail drafts (`.md` and the decoded `.eml`),
/// in the checklist, in the PDF.
struct Field {
    path: String,
    value: String,
    in_drafts: bool,
    in_checklist: bool,
    in_pdf: bool,
}

/// The text fields of an offer file, as YAML reads them.
fn fields(yaml: &str) -> Vec<Field> {
    let offer: Value = serde_saphyr::from_str(yaml).unwrap();
    let mut found = Vec::new();
    let mut add = |path: String, value: &Value, drafts: bool, checklist: bool, pdf: bool| {
        if let Some(text) = value.as_str() {
            found.push(Field {
                path,
                value: text.to_string(),
                in_drafts: drafts,
                in_checklist: checklist,
                in_pdf: pdf,
            });
        }
    };
    add(
        "candidate.name".into(),
        &offer["candidate"]["name"],
        true,
        true,
        true,
    );
    add(
        "candidate.domain".into(),
        &offer["candidate"]["domain"],
        true,
        true,
        true,
    );
    for (i, text) in offer["candidate"]["achievements"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        add(
            format!("candidate.achievements[{i}]"),
            text,
            false,
            true,
            true,
        );
    }
    // The recruiter's whole name is in each .eml's To: header (see `check_eml`); the
    // drafts greet by the first name alone (SPEC §12.5).
    add(
        "recruiter.name".into(),
        &offer["recruiter"]["name"],
        false,
        false,
        false,
    );
    add("company".into(), &offer["company"], true, true, true);
    add("role".into(), &offer["role"], true, false, true);
    let rounds = offer["rounds"].as_array().cloned().unwrap_or_default();
    for (i, round) in rounds.iter().enumerate() {
        let last = i + 1 == rounds.len();
        add(
            format!("rounds[{i}].name"),
            &round["name"],
            false,
            last,
            true,
        );
    }
    for (i, other) in offer["competing_offers"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        add(
            format!("competing_offers[{i}].company"),
            &other["company"],
            false,
            false,
            true,
        );
    }
    add(
        "goals.target_level".into(),
        &offer["goals"]["target_level"],
        false,
        false,
        false,
    );
    found
}

/// Invisible characters a PDF's text layer may drop or move: bidi controls, zero-width
/// characters, the BOM, the soft hyphen.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Text with every run of white space (and control characters, which documents show as
/// breaks or not at all) folded to one space, trimmed.
fn folded(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// For the PDF: no white space at all (a run wrapped over lines, or set in two fonts, has
/// breaks inserted), no invisible characters, no hyphens (the reader, like pdftotext,
/// joins a line that ends in `-` to the next and drops the `-`), and no emoji: no embedded font has them,
/// the build says so (see `emoji_are_named_in_a_warning`) and they print as boxes.
fn squeezed(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control() && !invisible(*c) && *c != '-')
        .filter(|c| !matches!(u32::from(*c), 0x1F000..=0x1FAFF | 0xFE0F))
        .collect()
}

#[test]
fn emoji_are_named_in_a_warning() {
    let out = assert_fs::TempDir::new().unwrap();
    let output = bin()
        .arg("build")
        .arg(hostile_dir().join("scripts-and-emoji.yaml"))
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the PDF has no glyph for") && stderr.contains("U+1F50D"),
        "{stderr}"
    );
}

/// Right-to-left script: the PDF's text layer gives it in visual order, so it is checked
/// in the drafts and the checklist only.
fn has_right_to_left(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
            || matches!(c, '\u{202B}' | '\u{202E}' | '\u{2067}')
    })
}

/// Markdown's backslash escapes removed: the text a reader of the checklist sees.
fn unescaped(markdown: &str) -> String {
    markdown
        .lines()
        .map(|line| {
            offerbrief::render::text::markdown::plain(&offerbrief::render::text::markdown::spans(
                line,
            ))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Build `tests/hostile/<stem>.yaml` in a fresh folder and check every output.
fn build_and_check(stem: &str) {
    let source = hostile_dir().join(format!("{stem}.yaml"));
    let yaml = fs::read_to_string(&source).unwrap();
    let temp = assert_fs::TempDir::new().unwrap();
    let work = temp.path().join("work");
    fs::create_dir_all(&work).unwrap();
    fs::copy(&source, work.join("offer.yaml")).unwrap();
    let output = bin()
        .current_dir(&work)
        .args(["build", "offer.yaml", "--out", "out", "--quiet"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stem}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stem}: {stderr}");

    // Nothing outside --out: the work folder holds the input and `out/<folder>/round-N/…`.
    let mut round_dirs = BTreeSet::new();
    for file in files_under(temp.path()) {
        if file == Path::new("work/offer.yaml") {
            continue;
        }
        let parts: Vec<String> = file
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        assert!(
            parts.len() >= 5 && parts[0] == "work" && parts[1] == "out",
            "{stem}: {} is outside --out",
            file.display()
        );
        assert!(
            parts.iter().all(|p| p != ".." && p != "." && !p.is_empty()),
            "{stem}: {}",
            file.display()
        );
        assert!(parts[3].starts_with("round-"), "{stem}: {}", file.display());
        round_dirs.insert(work.join("out").join(&parts[2]).join(&parts[3]));
    }
    let round_dir = round_dirs.last().unwrap().clone();
    crate::support::assert_round_matches_its_analysis(&round_dir);

    let fields = fields(&yaml);
    assert!(!fields.is_empty());

    // analysis.json holds every field as written (trimmed; a right-to-left override left
    // open is closed after it).
    let analysis: Value =
        serde_json::from_str(&fs::read_to_string(round_dir.join("analysis.json")).unwrap())
            .unwrap();
    let mut strings = Vec::new();
    collect_strings(&analysis, &mut strings);
    for field in &fields {
        let value = field.value.trim();
        assert!(
            strings.iter().any(|s| s.contains(value)),
            "{stem}: analysis.json lacks {} {value:?}",
            field.path
        );
    }

    // The drafts: `.md` as written; `.eml` with the same subject and body, no extra header.
    let mut drafts = String::new();
    let mut email_count = 0;
    for file in files_under(&round_dir.join("emails")) {
        if file.extension().is_none_or(|e| e != "md") {
            continue;
        }
        email_count += 1;
        let md = fs::read_to_string(round_dir.join("emails").join(&file)).unwrap();
        let (subject_line, body) = md.split_once("\n\n").unwrap();
        let subject = subject_line.strip_prefix("Subject: ").unwrap();
        assert!(!subject.contains('\n'), "{stem}: {}", file.display());
        drafts.push_str(&md);
        drafts.push('\n');

        let eml_path = round_dir.join("emails").join(file.with_extension("eml"));
        let bytes = fs::read(&eml_path).unwrap();
        let note_to_self = file.to_string_lossy().starts_with("05-");
        check_eml(stem, &bytes, subject, body, &yaml, note_to_self);
    }
    assert!(email_count >= 5, "{stem}: {email_count} drafts");
    let drafts = folded(&drafts);

    let checklist = fs::read_to_string(round_dir.join("checklist.md")).unwrap();
    for line in checklist.lines() {
        assert!(
            line.is_empty()
                || line.starts_with("# ")
                || line.starts_with("## ")
                || line.starts_with("- [ ] ")
                || line.starts_with("- [x] ")
                || line.starts_with("Round "),
            "{stem}: the checklist has a line the template did not write: {line:?}"
        );
    }
    let checklist = folded(&unescaped(&checklist));

    // The PDF: letter pages only, long text wrapped, and the fields in its text (the body
    // of each page, without the running header and footer, which shorten long names).
    let pdf = round_dir.join("briefing.pdf");
    let read = read_pdf(&pdf);
    assert_letter_pages(&read, stem);
    let body: String = read
        .pages
        .iter()
        .map(|page| page.text_in(pdf_read::Rect::from_xywh(0.0, 62.0, 612.0, 668.0)))
        .collect::<Vec<_>>()
        .join("\n");
    let longest = body.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < 200, "{stem}: a line of {longest} characters");
    let pdf_text = squeezed(&body);

    for field in &fields {
        let value = folded(&field.value);
        if value.is_empty() {
            continue;
        }
        if field.in_drafts {
            assert!(
                drafts.contains(&value),
                "{stem}: the drafts lack {} {value:?}",
                field.path
            );
        }
        if field.in_checklist {
            assert!(
                checklist.contains(&value),
                "{stem}: the checklist lacks {} {value:?}",
                field.path
            );
        }
        if field.in_pdf && !has_right_to_left(&field.value) {
            let value = squeezed(&field.value);
            assert!(
                pdf_text.contains(&value),
                "{stem}: the PDF text lacks {} {value:?}",
                field.path
            );
        }
    }
}

/// A draft's `.eml`: only the headers a draft has, each on its own line or folded; the
/// recruiter's plain address in `To` (the candidate's, for the candidate's own notes); the
/// subject of the `.md`, and its body as plain text (the templates' `**` emphasis gone).
fn check_eml(stem: &str, bytes: &[u8], subject: &str, body: &str, yaml: &str, note_to_self: bool) {
    let text = String::from_utf8_lossy(bytes);
    let (headers, _) = text.split_once("\r\n\r\n").unwrap();
    for line in headers.split("\r\n") {
        if line.starts_with(' ') || line.starts_with('\t') {
            continue;
        }
        let name = line
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        assert!(
            DRAFT_HEADERS.contains(&name.as_str()),
            "{stem}: header line {line:?}"
        );
    }
    let message = MessageParser::default().parse(bytes).unwrap();
    for header in message.headers() {
        assert!(
            !matches!(
                header.name,
                HeaderName::Bcc | HeaderName::Cc | HeaderName::ReplyTo
            ),
            "{stem}: {:?}",
            header.name
        );
        let name = header.name.as_str().to_ascii_lowercase();
        assert!(DRAFT_HEADERS.contains(&name.as_str()), "{stem}: {name}");
    }
    let offer: Value = serde_saphyr::from_str(yaml).unwrap();
    let to = message.to().and_then(|a| a.first()).unwrap();
    let addressee = if note_to_self {
        "candidate"
    } else {
        "recruiter"
    };
    assert_eq!(to.address(), offer[addressee]["email"].as_str(), "{stem}");
    let from = message.from().and_then(|a| a.first()).unwrap();
    assert_eq!(
        from.address(),
        offer["candidate"]["email"].as_str(),
        "{stem}"
    );
    assert_eq!(message.subject(), Some(subject), "{stem}");
    let decoded = message.body_text(0).unwrap().replace("\r\n", "\n");
    assert_eq!(
        decoded.replace("**", ""),
        body.replace("**", ""),
        "{stem}: the .eml body differs from the .md"
    );
}

fn collect_strings(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::String(text) => found.push(text.clone()),
        Value::Array(items) => items.iter().for_each(|item| collect_strings(item, found)),
        Value::Object(map) => map.values().for_each(|item| collect_strings(item, found)),
        _ => {}
    }
}

/// One test per hostile offer, so they build in parallel.
macro_rules! hostile_offers {
    ($($test:ident => $stem:literal,)*) => {
        $(
            #[test]
            fn $test() {
                build_and_check($stem);
            }
        )*

        const HOSTILE_OFFERS: &[&str] = &[$($stem),*];
    };
}

hostile_offers! {
    typst_markup_prints_literally => "typst-markup",
    template_syntax_prints_literally => "jinja-syntax",
    html_and_markdown_print_literally => "html-markdown",
    line_breaks_never_add_an_email_header => "email-headers",
    path_syntax_stays_inside_out => "paths",
    right_to_left_cjk_and_emoji_are_kept => "scripts-and-emoji",
    control_characters_are_kept_or_folded => "control-characters",
    thousand_character_names_wrap => "long-text",
    a_thousand_character_company_wraps => "long-company",
    the_documented_limits_at_once_fit => "at-the-limits",
    a_right_to_left_mark_after_a_round_name_is_kept => "bidi-rlm-round-name",
    a_stray_isolate_closer_before_a_company_is_kept => "bidi-stray-isolate-company",
    a_long_right_to_left_round_name_is_kept => "bidi-long-rtl-name",
}

#[test]
fn every_hostile_offer_is_tested() {
    let mut stems: Vec<String> = fs::read_dir(hostile_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    stems.sort();
    let mut tested: Vec<String> = HOSTILE_OFFERS.iter().map(|s| s.to_string()).collect();
    tested.sort();
    assert_eq!(
        stems, tested,
        "add each tests/hostile/*.yaml to hostile_offers!"
    );
}

/// The offers of `tests/hostile/numbers/`, at the limits of every amount, growth rate,
/// schedule length and date (beside them, the market file one of them uses).
pub(crate) const EXTREME_OFFERS: [&str; 3] = ["extreme-max", "extreme-min", "extreme-market"];

/// Every number in `value`, with its path.
fn collect_numbers(value: &Value, path: &str, found: &mut Vec<(String, f64)>) {
    match value {
        Value::Number(number) => found.push((path.to_string(), number.as_f64().unwrap())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_numbers(item, &format!("{path}[{i}]"), found);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                collect_numbers(item, &format!("{path}.{key}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn amounts_at_their_limits_analyse_and_build_without_overflow() {
    let dir = hostile_dir().join("numbers");
    for stem in EXTREME_OFFERS {
        let file = dir.join(format!("{stem}.yaml"));
        let text = fs::read_to_string(&file).unwrap();
        let rounds = text.lines().filter(|l| l.starts_with("  - {name:")).count();
        assert!(rounds >= 2, "{stem}");
        for round in 1..=rounds {
            let output = bin()
                .arg("analyze")
                .arg(&file)
                .args(["--format", "json", "--round", &round.to_string()])
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "{stem} round {round}: {stderr}");
            let analysis: Value = serde_json::from_slice(&output.stdout).unwrap();
            let mut numbers = Vec::new();
            collect_numbers(&analysis, "", &mut numbers);
            for (path, number) in &numbers {
                assert!(
                    number.is_finite(),
                    "{stem} round {round}: {path} = {number}"
                );
            }
            // Each year's total is the sum of its parts (each rounded to cents once).
            for year in analysis["years"].as_array().unwrap() {
                let parts: f64 = ["base", "sign_on", "rsu", "bonus"]
                    .iter()
                    .map(|part| year[part].as_f64().unwrap())
                    .sum();
                let total = year["total"].as_f64().unwrap();
                assert!(
                    (parts - total).abs() <= 0.05_f64.max(total.abs() * 1e-15),
                    "{stem} round {round}: {year}"
                );
            }
        }
        let temp = assert_fs::TempDir::new().unwrap();
        let output = bin()
            .arg("build")
            .arg(&file)
            .args(["--quiet", "--out"])
            .arg(temp.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stem}: {stderr}");
        let pdf = files_under(temp.path())
            .into_iter()
            .find(|p| p.ends_with("briefing.pdf"))
            .unwrap();
        assert_letter_pages(&read_pdf(&temp.path().join(pdf)), stem);
    }
}

/// The pipeline the fuzz target drives (`fuzz/pipeline.rs`), run here on stable.
#[path = "../../fuzz/pipeline.rs"]
mod pipeline;

/// Every file the fuzzer has been seeded with or has found a crash with.
fn fuzz_inputs() -> Vec<(PathBuf, Vec<u8>)> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut inputs = Vec::new();
    for dir in ["seeds", "regressions"] {
        for entry in fs::read_dir(fuzz.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() && path.file_name().is_some_and(|n| n != "README.md") {
                let bytes = fs::read(&path).unwrap();
                inputs.push((path, bytes));
            }
        }
    }
    inputs.sort();
    inputs
}

#[test]
fn every_input_the_fuzzer_crashed_on_is_now_handled() {
    let inputs = fuzz_inputs();
    assert!(inputs.len() >= 10);
    for (path, bytes) in inputs {
        let outcome = std::panic::catch_unwind(|| pipeline::run(&bytes));
        assert!(outcome.is_ok(), "{} still fails", path.display());
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

    /// The fuzz target's checks on random edits of its seeds: a few bytes replaced,
    /// inserted or deleted anywhere, or a line duplicated.
    #[test]
    fn random_edits_of_good_files_are_handled(
        seed in proptest::prelude::any::<proptest::sample::Index>(),
        edits in proptest::collection::vec(
            (0u8..4, proptest::prelude::any::<proptest::sample::Index>(), proptest::prelude::any::<u8>()),
            1..8,
        ),
    ) {
        let inputs = fuzz_inputs();
        let mut bytes = seed.get(&inputs).1.clone();
        for (kind, at, byte) in edits {
            if bytes.is_empty() {
                bytes.push(byte);
                continue;
            }
            let at = at.index(bytes.len());
            match kind {
                0 => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                2 => {
                    bytes.remove(at);
                }
                _ => {
                    let start = bytes[..at].iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
                    let end = bytes[at..].iter().position(|b| *b == b'\n').map_or(bytes.len(), |p| at + p + 1);
                    let line = bytes[start..end].to_vec();
                    bytes.splice(end..end, line);
                }
            }
        }
        pipeline::run(&bytes);
    }
}
