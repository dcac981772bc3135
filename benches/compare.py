#!/usr/bin/env python3
"""Whole-process benchmark of offerbrief, side by side with its limits, in one run.

    python3 benches/compare.py [--runs 15]

Measures, on this machine:
  * a whole `offerbrief build` (PDF, drafts, checklist, JSON) as a fresh process, against
    the official `typst compile` of the very document it emitted (`--emit-typ`), same typst
    version (installed with `cargo install typst-cli --version 0.15.1 --locked` when absent);
  * a watch-mode rebuild after a one-number edit, against a cold build;
  * a batch of 100 offers in one `build` against 100 single builds;
  * the peak memory of one build (`/usr/bin/time -v`).
The analysis alone per offer is measured in-process by `cargo bench --bench pipeline`.

Ratios are what count: absolute times drift on shared machines.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPST_VERSION = "0.15.1"
EXAMPLE = ROOT / "inputs" / "l6-seattle-first-offer.yaml"


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def median_seconds(cmd, runs, before=None, **kwargs):
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        run(cmd, **kwargs)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def offerbrief_binary():
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    print("building offerbrief (release)…", flush=True)
    run(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    return str(target / "release" / "offerbrief")


def typst_binary():
    found = shutil.which("typst")
    if found:
        version = run([found, "--version"]).stdout
        if TYPST_VERSION in version:
            return found
    print(f"typst {TYPST_VERSION} is not installed: installing it with cargo "
          f"(about 15 minutes on 2 cores)…", flush=True)
    run(["cargo", "install", "typst-cli", "--version", TYPST_VERSION, "--locked"])
    return shutil.which("typst") or str(Path.home() / ".cargo" / "bin" / "typst")


def build_against_typst(offerbrief, typst, runs, work):
    project = work / "typ"
    run([offerbrief, "build", str(EXAMPLE), "--out", str(work / "out"), "--emit-typ", str(project), "--quiet"])
    ours_cmd = [offerbrief, "build", str(EXAMPLE), "--out", str(work / "out"), "--quiet"]
    theirs_cmd = [typst, "compile", "--font-path", "fonts", "--ignore-system-fonts", "--ignore-embedded-fonts",
                  "main.typ", str(work / "typst.pdf")]
    # Interleaved, so that a change in the machine's load hits both sides alike.
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(median_seconds(ours_cmd, 1))
        theirs.append(median_seconds(theirs_cmd, 1, cwd=project))
    return statistics.median(ours), statistics.median(theirs)


def watch_against_cold(offerbrief, runs, work):
    offer = work / "watched.yaml"
    text = EXAMPLE.read_text()
    offer.write_text(text)
    cold = median_seconds([offerbrief, "build", str(offer), "--out", str(work / "wout"), "--quiet"], runs)
    watcher = subprocess.Popen([offerbrief, "watch", str(offer), "--out", str(work / "wout")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    rebuilds = []
    try:
        wait_for(watcher, r"built|rebuilt", 60)
        for i in range(runs):
            offer.write_text(text.replace("base: 185000", f"base: {186000 + i * 1000}"))
            line = wait_for(watcher, r"rebuilt", 30)
            found = re.search(r"in ([0-9.]+) ?ms", line)
            if found:
                rebuilds.append(float(found.group(1)) / 1000)
    finally:
        watcher.terminate()
        watcher.wait(timeout=10)
    return (statistics.median(rebuilds) if rebuilds else float("nan")), cold


def wait_for(process, pattern, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if re.search(pattern, line):
            return line
    raise RuntimeError(f"watch did not print {pattern!r} within {timeout} s")


def batch_against_singles(offerbrief, work, count=100):
    folder = work / "batch"
    folder.mkdir()
    text = EXAMPLE.read_text()
    for i in range(count):
        (folder / f"offer-{i:03}.yaml").write_text(
            text.replace("Jordan Lee", f"Candidate {i:03}").replace("base: 185000", f"base: {150000 + i * 500}"))
    start = time.perf_counter()
    run([offerbrief, "build", str(folder), "--out", str(work / "bout"), "--quiet"])
    batch = time.perf_counter() - start
    start = time.perf_counter()
    for file in sorted(folder.iterdir()):
        run([offerbrief, "build", str(file), "--out", str(work / "sout"), "--quiet"])
    singles = time.perf_counter() - start
    return batch, singles


def peak_memory_mb(offerbrief, work):
    result = subprocess.run(["/usr/bin/time", "-v", offerbrief, "build", str(EXAMPLE), "--out", str(work / "mout"), "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=True)
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return kb / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if not Path("/usr/bin/time").exists():
        sys.exit("/usr/bin/time is needed for the memory figure: apt-get install time")
    offerbrief = offerbrief_binary()
    typst = typst_binary()
    print(f"machine: {os.cpu_count()} cores, {run(['uname', '-sr']).stdout.strip()}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ours, theirs = build_against_typst(offerbrief, typst, args.runs, work)
        rebuild, cold = watch_against_cold(offerbrief, args.runs, work)
        batch, singles = batch_against_singles(offerbrief, work)
        memory = peak_memory_mb(offerbrief, work)
    rows = [
        ("whole build vs typst compile", f"{ours * 1000:.1f} ms vs {theirs * 1000:.1f} ms", ours / theirs, "≤ 1.00"),
        ("watch rebuild vs cold build", f"{rebuild * 1000:.1f} ms vs {cold * 1000:.1f} ms", rebuild / cold, "≤ 0.15"),
        ("batch of 100 vs 100 single builds", f"{batch:.2f} s vs {singles:.2f} s", batch / singles, "≤ 0.40"),
    ]
    print(f"\n{'measure':36} {'figures':28} {'ratio':>7}  target")
    for name, figures, ratio, target in rows:
        print(f"{name:36} {figures:28} {ratio:7.2f}  {target}")
    print(f"{'peak memory of one build':36} {memory:.1f} MB{'':20}          ≤ 64 MB")


if __name__ == "__main__":
    main()
