//! Protects `offerbrief watch`: it builds, rebuilds after an edit (also a save by rename
//! and a template change), survives a broken save without touching the output, recovers
//! on the next good save, and exits 0 on Ctrl-C. Every wait has a deadline, the process
//! is always killed (a Drop guard), and nothing depends on how long a build takes.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use assert_fs::TempDir;

/// How long any one step may take before the test gives up.
const DEADLINE: Duration = Duration::from_secs(30);

/// A running `offerbrief watch`, killed when dropped.
struct Watcher {
    child: Child,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Watcher {
    fn start(dir: &Path, args: &[&str]) -> Watcher {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("offerbrief"))
            .arg("watch")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        Watcher {
            child,
            stdout,
            stderr,
        }
    }

    fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Polls until `done` holds; fails with what the watcher printed after [`DEADLINE`].
    fn wait_for(&mut self, what: &str, done: impl Fn(&Watcher) -> bool) {
        let start = Instant::now();
        while !done(self) {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!(
                    "watch exited ({status}) while waiting for {what}\nstdout:\n{}\nstderr:\n{}",
                    self.stdout(),
                    self.stderr()
                );
            }
            assert!(
                start.elapsed() < DEADLINE,
                "timed out waiting for {what}\nstdout:\n{}\nstderr:\n{}",
                self.stdout(),
                self.stderr()
            );
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends SIGINT, as Ctrl-C does, and waits for the exit.
    fn interrupt(&mut self) -> ExitStatus {
        let sent = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "watch did not stop on SIGINT\nstdout:\n{}\nstderr:\n{}",
                self.stdout(),
                self.stderr()
            );
            thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads a pipe to its end on a thread, into a shared string.
fn collect(mut pipe: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&text);
    thread::spawn(move || {
        let mut buffer = [0u8; 4096];
        while let Ok(read) = pipe.read(&mut buffer) {
            if read == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buffer[..read]));
        }
    });
    text
}

const HEAD: &str = "candidate:\n  name: Jo Lee\nrecruiter:\n  name: Sam\ncompany: Amazon\nlevel: L6\nlocation: Seattle\nrounds:\n";

/// An offer file with `rounds` rounds, each a little better than the one before.
fn offer(rounds: usize) -> String {
    let mut text = HEAD.to_string();
    for n in 1..=rounds {
        text.push_str(&format!(
            "  - name: Round {n}\n    base: {}\n    sign_on: [50000]\n    rsu: {{ value: 300000 }}\n",
            180_000 + 5_000 * n
        ));
    }
    text
}

fn round_file(dir: &Path, round: usize, name: &str) -> PathBuf {
    dir.join("out/jo-lee-amazon")
        .join(format!("round-{round}"))
        .join(name)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

#[test]
fn watch_rebuilds_after_an_edit_survives_a_broken_save_and_recovers() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("offer.yaml");
    std::fs::write(&file, offer(1)).unwrap();
    let mut watcher = Watcher::start(dir.path(), &["offer.yaml", "--out", "out"]);
    watcher.wait_for("the first build", |w| {
        round_file(dir.path(), 1, "analysis.json").is_file() && w.stdout().contains("watching")
    });
    let round_one = read(&round_file(dir.path(), 1, "briefing.pdf"));

    // The recruiter called: a second round, saved in place.
    std::fs::write(&file, offer(2)).unwrap();
    watcher.wait_for("round 2", |w| {
        round_file(dir.path(), 2, "analysis.json").is_file()
            && w.stdout().contains("rebuilt round 2")
    });
    assert_eq!(read(&round_file(dir.path(), 1, "briefing.pdf")), round_one);
    let round_two = read(&round_file(dir.path(), 2, "analysis.json"));

    // A save with a mistake: the problem is printed, the output stays, watching goes on.
    std::fs::write(&file, offer(3).replace("base: 195000", "base: 19x000")).unwrap();
    watcher.wait_for("the error", |w| w.stderr().contains("not rebuilt"));
    let stderr = watcher.stderr();
    assert!(
        stderr.contains("offer.yaml:") && stderr.contains("rounds[2].base"),
        "{stderr}"
    );
    assert!(!round_file(dir.path(), 3, "analysis.json").exists());
    assert_eq!(read(&round_file(dir.path(), 2, "analysis.json")), round_two);

    // The fix, saved the way many editors do: a new file renamed over the old one.
    let temporary = dir.path().join(".offer.yaml.swp");
    std::fs::write(&temporary, offer(3)).unwrap();
    std::fs::rename(&temporary, &file).unwrap();
    watcher.wait_for("round 3", |w| {
        round_file(dir.path(), 3, "analysis.json").is_file()
            && w.stdout().contains("rebuilt round 3")
    });
    assert_eq!(read(&round_file(dir.path(), 1, "briefing.pdf")), round_one);
    assert_eq!(read(&round_file(dir.path(), 2, "analysis.json")), round_two);

    let status = watcher.interrupt();
    assert_eq!(status.code(), Some(0), "stderr:\n{}", watcher.stderr());
    assert!(watcher.stdout().contains("stopped watching"));
}

#[test]
fn watch_rebuilds_when_a_template_changes() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("offer.yaml"), offer(1)).unwrap();
    let exported = Command::new(assert_cmd::cargo::cargo_bin("offerbrief"))
        .args(["templates", "export", "mine"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(exported.status.success());
    let checklist_template = dir.path().join("mine/checklist.md.j2");
    let original = std::fs::read_to_string(&checklist_template).unwrap();
    assert!(original.contains("# Negotiation checklist:"));

    let mut watcher = Watcher::start(
        dir.path(),
        &["offer.yaml", "--out", "out", "--templates", "mine"],
    );
    let checklist = round_file(dir.path(), 1, "checklist.md");
    watcher.wait_for("the first build", |w| {
        checklist.is_file() && w.stdout().contains("watching")
    });

    std::fs::write(
        &checklist_template,
        original.replace("# Negotiation checklist:", "# Watched checklist:"),
    )
    .unwrap();
    watcher.wait_for("the edited checklist", |_| {
        String::from_utf8_lossy(&read(&checklist)).contains("# Watched checklist:")
    });

    // A typst error in a template: reported with its place; the output stays.
    let rounds = dir.path().join("mine/briefing/sections/rounds.typ");
    let rounds_text = std::fs::read_to_string(&rounds).unwrap();
    let pdf = read(&round_file(dir.path(), 1, "briefing.pdf"));
    std::fs::write(&rounds, format!("{rounds_text}\n#unknown-function()\n")).unwrap();
    watcher.wait_for("the template error", |w| w.stderr().contains("rounds.typ:"));
    assert_eq!(read(&round_file(dir.path(), 1, "briefing.pdf")), pdf);

    let rebuilds = watcher.stdout().matches("rebuilt round 1").count();
    std::fs::write(&rounds, rounds_text).unwrap();
    watcher.wait_for("the repaired template", |w| {
        w.stdout().matches("rebuilt round 1").count() > rebuilds
    });
    assert_eq!(watcher.interrupt().code(), Some(0));
}

/// The inode of each file of the round folder: a file rewritten (a temporary renamed over
/// it) gets a new one.
fn inodes(dir: &Path) -> Vec<(String, u64)> {
    use std::os::unix::fs::MetadataExt;
    let mut files: Vec<(String, u64)> = crate::support::files_under(dir)
        .into_iter()
        .map(|path| {
            let inode = std::fs::metadata(dir.join(&path)).unwrap().ino();
            (path.display().to_string(), inode)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_save_that_changes_nothing_printed_rewrites_no_file_and_an_edit_only_what_it_changes() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("offer.yaml");
    std::fs::write(&file, offer(1)).unwrap();
    let mut watcher = Watcher::start(dir.path(), &["offer.yaml", "--out", "out"]);
    let folder = dir.path().join("out/jo-lee-amazon/round-1");
    watcher.wait_for("the first build", |w| w.stdout().contains("watching"));
    let first = inodes(&folder);
    assert!(first.len() > 5, "{first:?}");

    // A comment changes nothing the briefing says: no file is touched.
    std::fs::write(&file, format!("# after the call\n{}", offer(1))).unwrap();
    watcher.wait_for("the no-change rebuild", |w| {
        w.stdout().contains("nothing changed; no file rewritten")
    });
    assert_eq!(inodes(&folder), first);

    // A file the user removed comes back on the next save, alone.
    std::fs::remove_file(folder.join("checklist.md")).unwrap();
    std::fs::write(&file, format!("# after the second call\n{}", offer(1))).unwrap();
    watcher.wait_for("the restoring rebuild", |w| {
        w.stdout().contains("(updated checklist.md)")
    });
    // Only the missing file was written: every other file keeps its inode.
    assert!(folder.join("checklist.md").is_file());
    let others = |files: Vec<(String, u64)>| {
        files
            .into_iter()
            .filter(|(name, _)| name != "checklist.md")
            .collect::<Vec<_>>()
    };
    assert_eq!(others(inodes(&folder)), others(first));

    // A new base changes the PDF and the figures, and so those files.
    let pdf = read(&folder.join("briefing.pdf"));
    std::fs::write(&file, offer(1).replace("base: 185000", "base: 186000")).unwrap();
    watcher.wait_for("the figure edit", |w| {
        w.stdout().contains("(updated briefing.pdf and ")
    });
    assert_ne!(read(&folder.join("briefing.pdf")), pdf);
    let analysis = String::from_utf8(read(&folder.join("analysis.json"))).unwrap();
    assert!(analysis.contains("186000"), "{analysis}");
    assert!(
        !std::fs::read_dir(&folder)
            .unwrap()
            .flatten()
            .any(|entry| entry.file_name().to_string_lossy().starts_with('.')),
        "a temporary file was left behind"
    );
    assert_eq!(watcher.interrupt().code(), Some(0));
}

#[test]
fn watch_never_writes_through_a_link_put_in_place_of_the_round_s_emails_folder() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("offer.yaml");
    std::fs::write(&file, offer(1)).unwrap();
    let mut watcher = Watcher::start(dir.path(), &["offer.yaml", "--out", "out"]);
    watcher.wait_for("the first build", |w| w.stdout().contains("watching"));

    let emails = dir.path().join("out/jo-lee-amazon/round-1/emails");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("keep.txt"), "mine").unwrap();
    std::fs::remove_dir_all(&emails).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &emails).unwrap();
    let before = crate::support::snapshot(&elsewhere);

    // An edit that changes every draft's figures.
    std::fs::write(&file, offer(1).replace("base: 185000", "base: 186000")).unwrap();
    watcher.wait_for("the rebuild or its refusal", |w| {
        w.stdout().contains("rebuilt round 1") || w.stderr().contains("not rebuilt")
    });
    let after = crate::support::snapshot(&elsewhere);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "written through the link"
    );
    let stderr = watcher.stderr();
    assert!(
        stderr.contains("round-1/emails: is a symbolic link"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the earlier briefing is unchanged"),
        "{stderr}"
    );

    // Without the link, the next save builds the round again.
    std::fs::remove_file(&emails).unwrap();
    std::fs::write(&file, offer(1).replace("base: 185000", "base: 187000")).unwrap();
    watcher.wait_for("the rebuild", |w| w.stdout().contains("rebuilt round 1"));
    assert!(emails.is_dir() && emails.join("01-round-1-counter.md").is_file());
    assert_eq!(before, crate::support::snapshot(&elsewhere));
    assert_eq!(watcher.interrupt().code(), Some(0));
}

/// An offer file of Jo Lee at Amazon whose one round is called `round`.
fn named_round(round: &str, base: u32) -> String {
    format!("{HEAD}  - name: {round}\n    base: {base}\n    sign_on: [50000]\n")
}

/// The names of the files of `folder` whose bytes differ from those in `reference`.
fn differing(folder: &Path, reference: &Path) -> Vec<String> {
    let (mine, theirs) = (
        crate::support::snapshot(folder),
        crate::support::snapshot(reference),
    );
    let mut names: Vec<String> = mine.keys().chain(theirs.keys()).cloned().collect();
    names.sort();
    names.dedup();
    names.retain(|name| mine.get(name) != theirs.get(name));
    names
}

#[test]
fn watch_and_a_build_of_another_file_into_the_same_folder_never_mix_it() {
    let dir = TempDir::new().unwrap();
    const ATTEMPTS: u32 = 6;
    // What a build of each version writes, alone: the references.
    let a_version = |attempt: u32| named_round("Alpha", 180_000 + attempt * 1_000);
    let reference = |name: &str, text: &str| {
        let file = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&file, text).unwrap();
        crate::support::build(&file, &dir.path().join("ref").join(name), &["-q"])
    };
    let b_reference = reference("b", &named_round("Beta", 200_000));
    let a_references: Vec<PathBuf> = (0..=ATTEMPTS)
        .map(|attempt| reference(&format!("a{attempt}"), &a_version(attempt)))
        .collect();

    let a = dir.path().join("a.yaml");
    std::fs::write(&a, a_version(0)).unwrap();
    let mut watcher = Watcher::start(dir.path(), &["a.yaml", "--out", "out"]);
    watcher.wait_for("the first build", |w| w.stdout().contains("watching"));
    let folder = dir.path().join("out/jo-lee-amazon/round-1");
    let build_b = || {
        let output = Command::new(assert_cmd::cargo::cargo_bin("offerbrief"))
            .current_dir(dir.path())
            .args(["build", "-q", "b.yaml", "--out", "out"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };

    for attempt in 1..=ATTEMPTS {
        let rebuilds = watcher.stdout().matches("rebuilt round 1").count();
        let sequential = attempt % 2 == 1;
        if sequential {
            // The build first, then the save: watch's rebuild comes last.
            build_b();
            std::fs::write(&a, a_version(attempt)).unwrap();
        } else {
            // The build starts while watch rebuilds.
            std::fs::write(&a, a_version(attempt)).unwrap();
            thread::sleep(Duration::from_millis(150));
            build_b();
        }
        watcher.wait_for("watch's rebuild", |w| {
            w.stdout().matches("rebuilt round 1").count() > rebuilds
                || w.stderr().contains("not rebuilt")
        });
        assert!(
            !watcher.stderr().contains("not rebuilt"),
            "{}",
            watcher.stderr()
        );
        // Whichever wrote last, the folder is one build's, every file of it.
        let from_a = differing(&folder, &a_references[attempt as usize]);
        let from_b = differing(&folder, &b_reference);
        assert!(
            from_a.is_empty() || (!sequential && from_b.is_empty()),
            "attempt {attempt}: the folder mixes a.yaml's and b.yaml's builds: {from_a:?} are not a.yaml's, {from_b:?} are not b.yaml's\n{}",
            watcher.stdout()
        );
    }
    assert_eq!(watcher.interrupt().code(), Some(0));
}

#[test]
fn watch_follows_the_templates_folder_when_it_is_deleted_and_exported_again() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("offer.yaml"), offer(1)).unwrap();
    let export = || {
        let exported = Command::new(assert_cmd::cargo::cargo_bin("offerbrief"))
            .args(["templates", "export", "mine"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(exported.status.success());
    };
    export();
    let mut watcher = Watcher::start(
        dir.path(),
        &["offer.yaml", "--out", "out", "--templates", "mine"],
    );
    watcher.wait_for("the first build", |w| w.stdout().contains("watching"));

    std::fs::remove_dir_all(dir.path().join("mine")).unwrap();
    watcher.wait_for("the missing folder", |w| w.stderr().contains("not rebuilt"));
    let rebuilds = watcher.stdout().matches("rebuilt round 1").count();
    export();
    watcher.wait_for("the rebuild with the exported folder", |w| {
        w.stdout().matches("rebuilt round 1").count() > rebuilds
    });

    // The new folder is watched: an edit in it is built.
    let template = dir.path().join("mine/checklist.md.j2");
    let text = std::fs::read_to_string(&template).unwrap();
    std::fs::write(
        &template,
        text.replace("# Negotiation checklist:", "# Followed checklist:"),
    )
    .unwrap();
    let checklist = round_file(dir.path(), 1, "checklist.md");
    watcher.wait_for("the edited checklist", |_| {
        String::from_utf8_lossy(&read(&checklist)).contains("# Followed checklist:")
    });
    assert_eq!(watcher.interrupt().code(), Some(0));
}

#[test]
fn watch_sees_edits_to_the_target_of_a_linked_offer_file() {
    let dir = TempDir::new().unwrap();
    let real = dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    let target = real.join("offer.yaml");
    std::fs::write(&target, offer(1)).unwrap();
    std::os::unix::fs::symlink("real/offer.yaml", dir.path().join("offer.yaml")).unwrap();
    let mut watcher = Watcher::start(dir.path(), &["offer.yaml", "--out", "out"]);
    watcher.wait_for("the first build", |w| {
        round_file(dir.path(), 1, "analysis.json").is_file() && w.stdout().contains("watching")
    });

    // Saved in place, through the target's own path.
    std::fs::write(&target, offer(2)).unwrap();
    watcher.wait_for("round 2", |w| w.stdout().contains("rebuilt round 2"));

    // Saved as many editors do: a new file renamed over the target.
    let temporary = real.join(".offer.yaml.swp");
    std::fs::write(&temporary, offer(3)).unwrap();
    std::fs::rename(&temporary, &target).unwrap();
    watcher.wait_for("round 3", |w| w.stdout().contains("rebuilt round 3"));
    assert!(round_file(dir.path(), 3, "analysis.json").is_file());
    assert_eq!(watcher.interrupt().code(), Some(0));
}
