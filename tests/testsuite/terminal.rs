//! Protects the terminal from the text people write (SPEC §6): every line offerbrief
//! prints — summaries, warnings, errors, usage errors — shows control characters (escape
//! sequences, C1 controls, bell, backspace) as visible escapes, so no field, path or
//! argument can move the cursor, clear the screen, retitle the window or hide a line.

use assert_fs::TempDir;
use assert_fs::prelude::*;

use crate::support::{output, root};

/// The characters a terminal acts on instead of printing: C0 controls but the newline,
/// DEL and the C1 controls.
fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n') || ('\u{80}'..='\u{9F}').contains(&c)
}

fn assert_printable(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Some(c) = text.chars().find(|c| acts_on_terminal(*c)) {
        panic!("{what} prints U+{:04X} raw:\n{text:?}", u32::from(c));
    }
}

/// An offer whose level, location and `market:` path hold what a terminal acts on.
const HOSTILE_PLACE: &str = r#"candidate:
  name: Jordan Lee
company: Amazon
level: "L6\e]0;owned\a"
location: "Seattle\e[2J\u009b2K\a\b\b\bX"
rounds:
  - name: First
    base: 185000
"#;

#[test]
fn warnings_print_no_control_character_raw() {
    let dir = TempDir::new().unwrap();
    dir.child("offer.yaml").write_str(HOSTILE_PLACE).unwrap();
    for args in [
        &["build", "offer.yaml", "--out", "out"][..],
        &["check", "offer.yaml"],
        &["analyze", "offer.yaml"],
    ] {
        let output = output(dir.path(), args);
        assert!(output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        // The warning is there, and names the place as the file has it, visibly.
        if args[0] != "analyze" {
            assert!(
                stderr.contains("no market band") && stderr.contains("Seattle\\u{1b}[2J"),
                "{args:?}: {stderr}"
            );
        }
        assert_printable(&format!("{args:?} stderr"), &output.stderr);
        assert_printable(&format!("{args:?} stdout"), &output.stdout);
    }
}

#[test]
fn errors_print_no_control_character_raw() {
    let dir = TempDir::new().unwrap();
    dir.child("offer.yaml")
        .write_str(&format!(
            "{}market: \"bands\\e[2J\\u009b1A.yaml\"\n",
            HOSTILE_PLACE
        ))
        .unwrap();
    let missing = "no\u{1b}[2Jsuch\u{7}.yaml";
    let example = root().join("inputs/l6-seattle-first-offer.yaml");
    for (args, code) in [
        (vec!["build", "offer.yaml", "--out", "out"], 1),
        (vec!["check", "offer.yaml"], 1),
        (vec!["check", missing], 1),
        (vec!["build", missing, "--out", "out"], 1),
        (
            vec![
                "build",
                example.to_str().unwrap(),
                "--templates",
                "tpl\u{1b}[31m",
            ],
            1,
        ),
        (vec!["build", "--colour\u{1b}[2J", "offer.yaml"], 2),
        (vec!["analyze", "offer.yaml", "--format", "x\u{9b}2J"], 2),
    ] {
        let output = output(dir.path(), &args);
        assert_eq!(output.status.code(), Some(code), "{args:?}");
        assert!(!output.stderr.is_empty(), "{args:?}");
        assert_printable(&format!("{args:?} stderr"), &output.stderr);
    }
}
