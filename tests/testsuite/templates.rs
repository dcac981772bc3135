//! Protects the rule that the analysis decides and the templates only show (STYLE.md): no
//! typst or minijinja template rounds, adds or compares a figure to decide, and every
//! figure reaches typst already printed by offerbrief's one formatter.

use std::path::Path;

use serde_json::Value;

use crate::support::{build, cases, root, walk};

/// Every built-in template with the given extension, with its text.
fn templates(extension: &str) -> Vec<(String, String)> {
    walk(&root().join("templates"), false)
        .into_iter()
        .filter(|path| path.to_string_lossy().ends_with(extension))
        .map(|path| {
            let name = path
                .strip_prefix(root().join("templates"))
                .unwrap()
                .display()
                .to_string();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

/// The code of a minijinja template: what lies inside `{{ … }}` and `{% … %}`, comments
/// left out.
fn jinja_code(text: &str) -> Vec<String> {
    let mut code = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(['{']) {
        let after = &rest[start..];
        let close = match after.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            Some("{#") => "#}",
            _ => {
                rest = &after[1..];
                continue;
            }
        };
        let Some(end) = after.find(close) else { break };
        if close != "#}" {
            code.push(after[2..end].to_string());
        }
        rest = &after[end + 2..];
    }
    code
}

#[test]
fn no_minijinja_template_rounds_adds_or_compares_a_figure() {
    let found = templates(".j2");
    assert!(found.len() >= 10, "the templates were not found");
    for (name, text) in found {
        for code in jinja_code(&text) {
            let code = code.trim_matches(['-', '+', ' ']);
            let squeezed: String = code.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                !squeezed.contains("|round") && !squeezed.contains("round("),
                "{name}: `{code}` rounds a figure; the analysis rounds"
            );
            for operator in [" + ", " - ", " * ", " / ", " // ", " % "] {
                assert!(
                    !code.contains(operator),
                    "{name}: `{code}` computes with `{}`; put the figure in the analysis",
                    operator.trim()
                );
            }
            // A comparison with a number decides on a figure, except on a count of items.
            for comparison in ["<", ">", "==", "!="] {
                for (at, _) in code.match_indices(comparison) {
                    let after = code[at + comparison.len()..].trim_start_matches(['=', ' ']);
                    let numeric = after.starts_with(|c: char| c.is_ascii_digit() || c == '-');
                    let counted = code[..at].trim_end().ends_with("|length");
                    assert!(
                        !numeric || counted,
                        "{name}: `{code}` compares a figure with a number; decide it in the analysis"
                    );
                }
            }
        }
    }
}

#[test]
fn no_typst_template_rounds_a_figure() {
    let found = templates(".typ");
    assert!(found.len() >= 10, "the templates were not found");
    for (name, text) in found {
        for function in [
            "calc.round",
            "calc.floor",
            "calc.ceil",
            "calc.quo",
            "calc.rem",
            "calc.trunc",
            "calc.abs",
            "calc.pow",
            "calc.log",
        ] {
            assert!(
                !text.contains(function),
                "{name} uses {function}: figures arrive printed, and charts laid out"
            );
        }
    }
}

/// Where a JSON number may sit in typst's data: counts, years and numbers of things, and
/// the fractions of the charts' geometry. Every amount, percentage and date is text.
fn number_allowed(path: &str) -> bool {
    const COUNTS: [&str; 15] = [
        "more_alternatives",
        "more_achievements",
        "year",
        "number",
        "month",
        "round",
        "rounds_in_file",
        "typical_low_pct",
        "typical_high_pct",
        "expected_range_pct",
        "sign",
        "day",
        "milestones",
        "largest_year",
        "largest_bill",
    ];
    path.starts_with("view.")
        || path.starts_with("briefing.")
        || path
            .split('.')
            .next_back()
            .map(|last| last.split('[').next().unwrap_or(last))
            .is_some_and(|last| COUNTS.contains(&last) || last.ends_with("_year"))
}

fn numbers(value: &Value, path: &str, found: &mut Vec<String>) {
    match value {
        Value::Number(_) if !number_allowed(path) => found.push(path.to_string()),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                numbers(item, &format!("{path}[{i}]"), found);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                numbers(item, &path, found);
            }
        }
        _ => {}
    }
}

#[test]
fn every_figure_reaches_typst_already_printed() {
    let dir = assert_fs::TempDir::new().unwrap();
    for case in cases() {
        let project = dir.path().join(case.file_stem().unwrap());
        build(
            &case,
            &dir.path().join("out"),
            &["--emit-typ", project.to_str().unwrap()],
        );
        let data: Value =
            serde_json::from_str(&std::fs::read_to_string(project.join("data.json")).unwrap())
                .unwrap();
        let mut found = Vec::new();
        numbers(&data, "", &mut found);
        assert!(
            found.is_empty(),
            "{}: numbers typst would have to format: {found:?}",
            Path::new(&case).display()
        );
    }
}
