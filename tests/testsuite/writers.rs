//! Protects what lies around the files offerbrief writes and reads: it never writes
//! through a symbolic link (`--emit-typ`, `templates export`), the typst world serves a
//! template only when its real path is inside `--templates`, and one writer at a time
//! holds a round folder (a second one waits for the lock, then writes a whole folder).
//! Each test failed before its fix. The symlink tests are for unix.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::support::{run, snapshot, text_of};

const HEAD: &str = "candidate:\n  name: Jo Lee\nrecruiter:\n  name: Sam\ncompany: Amazon\nlevel: L6\nlocation: Seattle\n";

/// An offer file `name` in `dir` with one round called `round` and this base.
fn offer(dir: &Path, name: &str, round: &str, base: u32) -> PathBuf {
    let file = dir.join(name);
    fs::write(
        &file,
        format!("{HEAD}rounds:\n  - {{name: {round}, base: {base}}}\n"),
    )
    .unwrap();
    file
}

#[test]
fn emit_typ_never_writes_through_a_link_to_a_file_or_a_folder() {
    let dir = assert_fs::TempDir::new().unwrap();
    offer(dir.path(), "offer.yaml", "R", 185_000);
    let secret = dir.path().join("secret.txt");
    fs::write(&secret, "mine, not offerbrief's").unwrap();
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let project = dir.path().join("project");
    fs::create_dir(&project).unwrap();
    symlink(&secret, project.join("data.json")).unwrap();
    let before = snapshot(dir.path());
    let before_elsewhere = snapshot(&elsewhere);

    let (code, _, stderr) = run(
        dir.path(),
        &["build", "-q", "offer.yaml", "--emit-typ", "project"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("project/data.json") && stderr.contains("is a symbolic link"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(&secret).unwrap(),
        "mine, not offerbrief's"
    );
    // Refused before the round folder was committed: nothing changed anywhere.
    assert_eq!(before, snapshot(dir.path()));

    // A linked subfolder of the project: nothing is written into the folder it names.
    fs::remove_file(project.join("data.json")).unwrap();
    symlink(&elsewhere, project.join("lib")).unwrap();
    let (code, _, stderr) = run(
        dir.path(),
        &["build", "-q", "offer.yaml", "--emit-typ", "project"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("project/lib") && stderr.contains("is a symbolic link"),
        "{stderr}"
    );
    assert_eq!(before_elsewhere, snapshot(&elsewhere));

    // Without the link the project is written, and the folder given may be a link itself:
    // the user named it.
    fs::remove_file(project.join("lib")).unwrap();
    symlink(&project, dir.path().join("project-link")).unwrap();
    let (code, _, stderr) = run(
        dir.path(),
        &["build", "-q", "offer.yaml", "--emit-typ", "project-link"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(project.join("lib/format.typ").is_file());
    assert!(project.join("data.json").is_file());
}

#[test]
fn a_build_never_replaces_nor_writes_through_a_link_in_the_round_folder() {
    let dir = assert_fs::TempDir::new().unwrap();
    offer(dir.path(), "offer.yaml", "R", 185_000);
    let (code, _, stderr) = run(dir.path(), &["build", "-q", "offer.yaml"]);
    assert_eq!(code, 0, "{stderr}");
    let emails = dir.path().join("out/jo-lee-amazon/round-1/emails");
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    fs::write(elsewhere.join("keep.txt"), "mine").unwrap();
    fs::remove_dir_all(&emails).unwrap();
    symlink(&elsewhere, &emails).unwrap();
    let before = snapshot(dir.path());

    offer(dir.path(), "offer.yaml", "R", 186_000);
    let (code, _, stderr) = run(dir.path(), &["build", "-q", "offer.yaml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("round-1/emails: is a symbolic link"),
        "{stderr}"
    );
    let mut after = snapshot(dir.path());
    after.insert("offer.yaml".into(), before["offer.yaml"].clone());
    assert_eq!(
        before, after,
        "the round folder and the link are as they were"
    );
}

#[test]
fn templates_export_never_writes_through_a_linked_subfolder() {
    let dir = assert_fs::TempDir::new().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let mine = dir.path().join("mine");
    fs::create_dir_all(mine.join("briefing")).unwrap();
    symlink(&elsewhere, mine.join("briefing/lib")).unwrap();

    let (code, _, stderr) = run(dir.path(), &["templates", "export", "mine"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("mine/briefing/lib") && stderr.contains("is a symbolic link"),
        "{stderr}"
    );
    assert!(
        fs::read_dir(&elsewhere).unwrap().next().is_none(),
        "written into the linked folder: {:?}",
        snapshot(&elsewhere).keys().collect::<Vec<_>>()
    );
    // Refused before anything was written: the folder holds the link alone.
    assert_eq!(
        snapshot(&mine).keys().cloned().collect::<Vec<_>>(),
        ["briefing/", "briefing/lib/"]
    );

    // A file that is a link is kept, as any file that exists: never written through.
    fs::remove_file(mine.join("briefing/lib")).unwrap();
    let secret = dir.path().join("secret.txt");
    fs::write(&secret, "mine").unwrap();
    symlink(&secret, mine.join("checklist.md.j2")).unwrap();
    let (code, _, stderr) = run(dir.path(), &["templates", "export", "mine"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("checklist.md.j2 (exists already)"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&secret).unwrap(), "mine");
    assert!(mine.join("briefing/lib/format.typ").is_file());
}

#[test]
fn a_typst_template_reads_no_file_whose_real_path_is_outside_the_templates_folder() {
    let dir = assert_fs::TempDir::new().unwrap();
    offer(dir.path(), "offer.yaml", "R", 185_000);
    let secret = dir.path().join("secret.txt");
    fs::write(&secret, "TOPSECRET-4242").unwrap();
    let mine = dir.path().join("mine");
    fs::create_dir_all(mine.join("briefing/notes")).unwrap();
    fs::write(mine.join("common.txt"), "COMMON-NOTE-77").unwrap();
    // A link to a file inside the templates folder is fine; one to a file outside is not.
    symlink("../../common.txt", mine.join("briefing/notes/inside.txt")).unwrap();
    symlink(&secret, mine.join("briefing/notes/outside.txt")).unwrap();
    fs::write(
        mine.join("briefing/main.typ"),
        "#raw(read(\"notes/inside.txt\"))\n",
    )
    .unwrap();

    let (code, _, stderr) = run(
        dir.path(),
        &["build", "-q", "offer.yaml", "--templates", "mine"],
    );
    assert_eq!(code, 0, "{stderr}");
    let pdf = dir.path().join("out/jo-lee-amazon/round-1/briefing.pdf");
    assert!(text_of(&pdf).contains("COMMON-NOTE-77"));

    fs::write(
        mine.join("briefing/main.typ"),
        "#raw(read(\"notes/outside.txt\"))\n",
    )
    .unwrap();
    let (code, _, stderr) = run(
        dir.path(),
        &["build", "-q", "offer.yaml", "--templates", "mine"],
    );
    let printed = text_of(&pdf);
    assert!(!printed.contains("TOPSECRET"), "the PDF printed {printed}");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("main.typ:1:")
            && stderr.contains("notes/outside.txt")
            && stderr.contains("outside the templates folder"),
        "{stderr}"
    );
    assert!(!stderr.contains("TOPSECRET"), "{stderr}");
}

/// The lock of round `round` of Jo Lee's briefing under `out`, as a build takes it.
fn lock_of(out: &Path, round: usize) -> PathBuf {
    out.join("jo-lee-amazon")
        .join(format!(".round-{round}.lock"))
}

#[test]
fn a_build_waits_while_another_writer_holds_the_round_folder_then_writes_it_whole() {
    let dir = assert_fs::TempDir::new().unwrap();
    offer(dir.path(), "a.yaml", "Alpha", 185_000);
    offer(dir.path(), "b.yaml", "Beta", 190_000);
    let (code, _, stderr) = run(dir.path(), &["build", "-q", "a.yaml"]);
    assert_eq!(code, 0, "{stderr}");
    let out = dir.path().join("out");
    let round = out.join("jo-lee-amazon/round-1");
    assert!(
        !lock_of(&out, 1).exists(),
        "a build leaves no lock file behind"
    );

    // Another writer (as watch or a build would) holds the round folder's lock.
    let held = fs::File::create(lock_of(&out, 1)).unwrap();
    held.lock().unwrap();
    let before = snapshot(&out);
    let mut build = Command::new(assert_cmd::cargo::cargo_bin("offerbrief"))
        .current_dir(dir.path())
        .args(["build", "-q", "b.yaml"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(4) {
        if let Some(status) = build.try_wait().unwrap() {
            panic!("the build did not wait for the lock ({status})");
        }
        thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        before,
        snapshot(&out),
        "nothing is written while the lock is held"
    );

    drop(held);
    let output = build.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let analysis = fs::read_to_string(round.join("analysis.json")).unwrap();
    assert!(analysis.contains("Beta") && !analysis.contains("Alpha"));
    let pdf = text_of(&round.join("briefing.pdf"));
    assert!(pdf.contains("Beta") && !pdf.contains("Alpha"));
    assert!(!lock_of(&out, 1).exists(), "the lock file is removed");
}
