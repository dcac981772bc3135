//! Protects the build from a user's templates (`--templates DIR`), which are code: a
//! minijinja loop that would run ten billion times, a string doubled until it fills the
//! memory, a typst loop that never ends or an array of a billion items each stop within
//! the limits offerbrief sets, with one line that names the template and exit code 1 (a
//! problem in the input, SPEC §1) — no hang, no crash, no backtrace, and nothing written:
//! the round folder built before stays as it was, and no half-written folder is left.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_fs::TempDir;
use assert_fs::prelude::*;

use crate::support::{assert_same, root, snapshot};

/// What a run printed, and how it ended.
struct Ended {
    code: Option<i32>,
    stderr: String,
}

/// `offerbrief build` of the first-offer example into `out` with the templates in
/// `templates` and the environment `env`; the run is killed (and the test fails) when it
/// takes longer than `deadline`.
fn build_with(
    templates: Option<&Path>,
    out: &Path,
    env: &[(&str, &str)],
    deadline: Duration,
) -> Ended {
    let mut command = Command::new(env!("CARGO_BIN_EXE_offerbrief"));
    command
        .arg("build")
        .arg(root().join("inputs/l6-seattle-first-offer.yaml"))
        .arg("--out")
        .arg(out)
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(templates) = templates {
        command.arg("--templates").arg(templates);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    let started = Instant::now();
    let mut child = command.spawn().unwrap();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > deadline {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("the build still ran after {deadline:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    Ended {
        code: output.status.code(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A templates folder holding the one file `name` with `text`.
fn templates_with(dir: &TempDir, name: &str, text: &str) -> std::path::PathBuf {
    dir.child("templates").child(name).write_str(text).unwrap();
    dir.path().join("templates")
}

/// Builds once with the built-in templates, then with `name` overridden by `text`: the
/// second build must end with exit 1 and one line naming `shown` (and `located`, its
/// place), leaving the first build's folder exactly as it was.
fn stops_with_one_line(name: &str, text: &str, env: &[(&str, &str)], located: &str) -> String {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let first = build_with(None, &out, &[], Duration::from_secs(120));
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let before = snapshot(&out);

    let templates = templates_with(&dir, name, text);
    let ended = build_with(Some(&templates), &out, env, Duration::from_secs(120));
    let stderr = ended.stderr.trim_end();
    assert_eq!(ended.code, Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line:\n{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    let shown = templates.join(name);
    assert!(
        stderr.starts_with(&format!("{}{located}", shown.display())),
        "the line does not start with {}{located}: {stderr}",
        shown.display()
    );
    // Nothing written: no half-written folder beside the round, the round unchanged.
    assert_same(&before, &snapshot(&out));
    stderr.to_string()
}

#[test]
fn a_draft_template_looping_ten_billion_times_stops_with_one_located_line() {
    let stderr = stops_with_one_line(
        "emails/01-round-1-counter.md.j2",
        "Hello\n{% for i in range(100000) %}{% for j in range(100000) %}{{ i }}{% endfor %}{% endfor %}\n",
        &[],
        ":2: ",
    );
    assert!(stderr.contains("too much work"), "{stderr}");
}

#[test]
fn a_draft_template_doubling_a_string_31_times_stops_with_one_located_line() {
    let stderr = stops_with_one_line(
        "emails/01-round-1-counter.md.j2",
        "{% set ns = namespace(text=\"x\") %}\n{% for i in range(31) %}{% set ns.text = ns.text ~ ns.text %}{% endfor %}\n{{ ns.text|length }}\n",
        &[],
        ":2: ",
    );
    assert!(stderr.contains("too much work"), "{stderr}");
}

#[test]
fn a_typst_template_looping_ten_billion_times_is_stopped_at_the_time_limit() {
    let started = Instant::now();
    let stderr = stops_with_one_line(
        "briefing/main.typ",
        "#for i in range(100000) { for j in range(100000) { } }\n",
        &[("OFFERBRIEF_TYPESET_SECONDS", "2")],
        ": ",
    );
    assert!(stderr.contains("longer than 2 s"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn a_typst_template_making_a_billion_item_array_is_stopped_at_the_memory_limit() {
    let stderr = stops_with_one_line(
        "briefing/main.typ",
        "#let numbers = range(1000000000)\n#numbers.len()\n",
        &[("OFFERBRIEF_TYPESET_MEMORY_MB", "400")],
        ": ",
    );
    assert!(stderr.contains("more than 400 MB"), "{stderr}");
}
