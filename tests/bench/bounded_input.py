#!/usr/bin/env python3
"""Bounded-input benchmark for rotalog (issue 9, point 3). Not a test: it
reports figures and fails only when rotalog crashes or gives a wrong exit code.

Run from the repository root:

    python3 tests/bench/bounded_input.py            # builds target/release/rotalog first
    python3 tests/bench/bounded_input.py --no-build # or --rotalog PATH

It lays out two sites on tests/fixtures/valid, each at half and full size so
the scaling can be read off:

- links:    content/pages/about.md has one body line of ~1 MB of links to
            pages that do not exist (`[see this](/programs/nope-N/) ` ...,
            ~32,000 of them), so every link is a diagnostic; `check` exits 1.
- headings: content/pages/about.md has 20,000 identical `## Same heading`
            headings; `check` exits 0.

and runs `rotalog check` on each, measuring wall time and peak RSS (os.wait4
rusage, as GNU time -v reports them) and the size of what was printed. A
run is killed after --timeout seconds. To compare with an older rotalog,
build it elsewhere and pass --rotalog, with a memory cap, e.g.
`(ulimit -v 4000000; python3 tests/bench/bounded_input.py --no-build --rotalog OLD --runs 1 --timeout 120)`.
Python 3 standard library only.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATE = "2026-11-22"
MB = 1024 * 1024


def links_body(size: int) -> tuple[str, int]:
    parts, n, total = [], 0, 0
    while total < size:
        link = f"[see this](/programs/nope-{n}/) "
        parts.append(link)
        total += len(link)
        n += 1
    return "".join(parts) + "\n", n


def headings_body(count: int) -> str:
    return "## Same heading\n\nText.\n\n" * count


def site(work: Path, name: str, body: str) -> Path:
    dir = work / name
    if dir.exists():
        shutil.rmtree(dir)
    shutil.copytree(REPO / "tests" / "fixtures" / "valid", dir)
    (dir / "content" / "pages" / "about.md").write_text(f"---\ntitle: About us\n---\n{body}")
    return dir


def measure(rotalog: Path, site_dir: Path, timeout: float) -> dict:
    err_path = site_dir.parent / f"{site_dir.name}.stderr"
    env = dict(os.environ, NO_COLOR="1")
    env.pop("GITHUB_ACTIONS", None)
    with open(err_path, "wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            [str(rotalog), "check", "--date", DATE, str(site_dir)],
            stdout=subprocess.DEVNULL, stderr=err, env=env,
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        timer.cancel()
    stderr = err_path.read_bytes()
    return {
        "code": os.waitstatus_to_exitcode(status),  # negative: killed by that signal
        "wall": wall,
        "rss_mb": usage.ru_maxrss / 1024,
        "stderr_bytes": len(stderr),
        "longest_line": max((len(l) for l in stderr.splitlines()), default=0),
        "errors": stderr.count(b": error: "),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rotalog", type=Path, default=REPO / "target" / "release" / "rotalog")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "rotalog-bounded-input")
    ap.add_argument("--runs", type=int, default=3, help="runs per case; the median wall time is reported")
    ap.add_argument("--timeout", type=float, default=300, help="kill a run after this many seconds")
    args = ap.parse_args()
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=REPO, check=True)
    args.work.mkdir(parents=True, exist_ok=True)

    cases = []
    for fraction in (0.5, 1.0):
        body, n = links_body(int(MB * fraction))
        cases.append((f"links-{n}", f"one {len(body) / MB:.2f} MB line of {n:,} broken links", body, 1))
    for count in (10_000, 20_000):
        cases.append((f"headings-{count}", f"{count:,} identical headings", headings_body(count), 0))

    print("| Case | Exit | Wall (median) | Peak RSS | Printed | Longest printed line |")
    print("| --- | --- | --- | --- | --- | --- |")
    failed = False
    for name, label, body, expected in cases:
        dir = site(args.work, name, body)
        runs = [measure(args.rotalog, dir, args.timeout) for _ in range(args.runs)]
        runs.sort(key=lambda r: r["wall"])
        r = runs[len(runs) // 2]
        if any(x["code"] != expected for x in runs):
            failed = True
        printed = f"{r['stderr_bytes'] / MB:.1f} MB" if r["stderr_bytes"] > MB else f"{r['stderr_bytes']:,} B"
        errors = f", {r['errors']:,} errors" if r["errors"] else ""
        code = f"signal {-r['code']}" if r["code"] < 0 else r["code"]
        print(f"| {label} | {code} | {r['wall']:.2f} s | {max(x['rss_mb'] for x in runs):.0f} MB "
              f"| {printed}{errors} | {r['longest_line']} B |")
    if failed:
        print("an exit code was not the expected one (1 for links, 0 for headings)", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
