#!/usr/bin/env python3
"""Benchmark harness for rotalog (issue 5): rotalog vs Hugo + Pagefind vs Zola.

Run from the repository root:

    python3 tests/bench/run.py                       # 1k and 10k, 3 runs, every tool found
    python3 tests/bench/run.py --sizes 1000,10000,100000x1:rotalog
    python3 tests/bench/run.py --smoke               # 50 programs, 1 run, rotalog only
    python3 tests/bench/run.py --self-check          # the harness's own unit checks

It builds rotalog (cargo build --release), generates the synthetic catalogs with
../shared/bench/gen_catalog.py (reused when N, seed and generator are unchanged),
builds each catalog with every tool in turn (rotalog, Hugo + Pagefind, Zola,
rotalog, ...) into fresh output folders, measures wall time, user+sys CPU and
peak RSS of the whole process tree (os.wait4 rusage, the same numbers GNU time
prints), counts the files, pages and bytes written, times `cp -r` of rotalog's
output as the "just copying" baseline and one rebuild of rotalog into its
existing output with nothing changed, and rewrites the generated section of
docs/performance.md (between the bench markers; the rest of the file is kept).

A size is `N[xRUNS][:tool+tool...]`, e.g. `100000x1:rotalog`; `10k` and `100k`
are accepted. Python 3.11 standard library only.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import os
import pickle
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_GEN = REPO.parent / "shared" / "bench" / "gen_catalog.py"
DEFAULT_WORK = Path(tempfile.gettempdir()) / "rotalog-bench-harness"
DEFAULT_OUT = REPO / "docs" / "performance.md"
BUILD_DATE = "2026-11-22"
PAGEFIND_VERSION = "1.6.0"
ALL_TOOLS = ("rotalog", "hugo", "zola")
TOOL_LABEL = {"rotalog": "rotalog", "hugo": "Hugo + Pagefind", "zola": "Zola"}
FORMAT = {"rotalog": "native", "hugo": "hugo", "zola": "zola"}
START = "<!-- bench:start -->"
END = "<!-- bench:end -->"
MB = 1024 * 1024

# The previous measurement recorded in issue 5 (same machine class, not this harness's run).
REFERENCE_10K = {
    "hugo": {"wall": 29.0, "rss_mb": 953.0, "label": "Hugo 0.111 + Pagefind 1.6"},
    "zola": {"wall": 18.6, "rss_mb": 441.0, "label": "Zola 0.22.1 (72 MB search index)"},
    "cp": {"wall": "1.3–10"},
}
TARGETS = {"zola": 5.0, "hugo": 8.0, "cp": 2.0, "rss_mb": 250.0}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- measuring


@dataclasses.dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # user + sys seconds, the process and all its waited-for descendants
    rss_kb: int  # peak resident set size of the largest process in the tree, KiB
    ok: bool = True
    others: float = 0.0  # CPU seconds the rest of the machine used meanwhile (other processes)
    quiet: bool = True  # did the machine look idle when the command started?
    timed_out: bool = False  # stopped after TIMEOUT seconds

    @staticmethod
    def combine(parts: list["Sample"]) -> "Sample":
        """Steps run one after another: times add up, memory is the largest step's."""
        return Sample(sum(p.wall for p in parts), sum(p.cpu for p in parts),
                      max(p.rss_kb for p in parts), all(p.ok for p in parts),
                      sum(p.others for p in parts), all(p.quiet for p in parts))

    @property
    def others_cores(self) -> float:
        """How many cores other processes kept busy on average while this ran."""
        return self.others / self.wall if self.wall > 0 else 0.0


def cpu_busy() -> float:
    """CPU seconds the whole machine has spent busy since boot (all cores), from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    return (sum(v[:8]) - idle) / os.sysconf("SC_CLK_TCK")


TIMEOUT = {"seconds": 1800.0}
QUIET = {"max_wait": 120.0, "cores": 0.15, "seconds": 2, "max_other": 0.25, "retries": 3, "retry_under": 60.0,
         "waited": 0.0, "loud": 0, "retried": 0}


def wait_for_quiet() -> bool:
    """Wait (up to QUIET['max_wait'] s) until the machine's other CPU use stays below
    QUIET['cores'] for QUIET['seconds'] seconds in a row, so that other people's builds do
    not land in a measurement. Returns whether it got quiet."""
    t0 = time.monotonic()
    calm = 0
    while True:
        b0 = cpu_busy()
        time.sleep(1.0)
        calm = calm + 1 if cpu_busy() - b0 < QUIET["cores"] else 0
        if calm >= QUIET["seconds"]:
            QUIET["waited"] += time.monotonic() - t0 - calm
            return True
        if time.monotonic() - t0 >= QUIET["max_wait"]:
            QUIET["waited"] += time.monotonic() - t0 - 1.0
            QUIET["loud"] += 1
            log(f"the machine is still busy after {QUIET['max_wait']:.0f} s; measuring anyway (flagged)")
            return False


def measure(cmd: list[str], cwd: Path | None = None, log_path: Path | None = None,
            env: dict | None = None) -> Sample:
    """Run cmd to completion; wall clock, and rusage from wait4 (covers the whole tree)."""
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL
    try:
        if log_path:
            out.write(("$ " + " ".join(map(str, cmd)) + "\n").encode())
            out.flush()
        busy0 = cpu_busy()
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        fired = []

        def stop():
            fired.append(1)
            try:
                os.killpg(proc.pid, 9)
            except OSError:
                pass

        timer = threading.Timer(TIMEOUT["seconds"], stop)
        timer.start()
        _, status, ru = os.wait4(proc.pid, 0)
        timer.cancel()
        wall = time.perf_counter() - t0
        busy = cpu_busy() - busy0
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log_path:
            out.close()
    cpu = ru.ru_utime + ru.ru_stime
    return Sample(wall, cpu, ru.ru_maxrss, proc.returncode == 0 and not fired, max(0.0, busy - cpu),
                  timed_out=bool(fired))


@dataclasses.dataclass
class Tree:
    files: int
    pages: int  # .html files
    bytes: int
    search_files: int
    search_bytes: int
    top: dict  # top-level entry -> file count


def search_index_rel(tool: str, rel: str) -> bool:
    """Is this output file part of the tool's search index (not an HTML page)?"""
    if rel.endswith(".html"):
        return False
    if tool == "hugo":
        return rel.startswith("pagefind/")
    if tool == "zola":
        return os.path.basename(rel).startswith(("search_index.", "elasticlunr"))
    # rotalog: no fixed name yet (src/search.rs is planned); anything named like a search index.
    return "search" in rel.lower()


def tree_stats(root: Path, tool: str) -> Tree:
    files = pages = size = sfiles = sbytes = 0
    top: dict[str, int] = {}
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            rel = os.path.relpath(p, root).replace(os.sep, "/")
            files += 1
            size += st.st_size
            pages += name.endswith(".html")
            first = rel.split("/", 1)[0] if "/" in rel else "(top level)"
            top[first] = top.get(first, 0) + 1
            if search_index_rel(tool, rel):
                sfiles += 1
                sbytes += st.st_size
    return Tree(files, pages, size, sfiles, sbytes, dict(sorted(top.items())))


def snapshot(root: Path) -> dict[str, tuple[int, int, str]]:
    """relative path -> (mtime_ns, inode, sha256) for every file under root."""
    snap = {}
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            with open(p, "rb") as f:
                digest = hashlib.file_digest(f, "sha256").hexdigest()
            snap[os.path.relpath(p, root)] = (st.st_mtime_ns, st.st_ino, digest)
    return snap


def compare_snapshots(before: dict, after: dict) -> dict:
    common = before.keys() & after.keys()
    return {
        "files": len(after),
        "mtime_changed": sum(before[k][0] != after[k][0] for k in common),
        "inode_changed": sum(before[k][1] != after[k][1] for k in common),
        "content_changed": sum(before[k][2] != after[k][2] for k in common),
        "added": len(after.keys() - before.keys()),
        "removed": len(before.keys() - after.keys()),
    }


def settle() -> bool:
    """Before each measured command: flush what earlier runs wrote (and deleted), so one
    run's write-back does not land in the next run's time, and wait for the machine to
    be idle. Not timed. Returns whether the machine was idle."""
    os.sync()
    return wait_for_quiet()


def timed(what: str, run, cleanup) -> Sample:
    """settle(), then run() -> Sample; while other processes used more than
    QUIET['max_other'] cores meanwhile, clean up and measure again (QUIET['retries'] times)."""
    for attempt in range(QUIET["retries"] + 1):
        quiet = settle()
        s = run()
        s.quiet = quiet
        if (not s.ok or s.others_cores <= QUIET["max_other"] or attempt == QUIET["retries"]
                or s.wall > QUIET["retry_under"]):
            return s
        QUIET["retried"] += 1
        log(f"{what}: other processes used {s.others_cores:.2f} cores meanwhile ({s.wall:.2f} s); measuring again")
        cleanup()
    raise AssertionError("unreachable")


def median(xs):
    return statistics.median(xs) if xs else None


# ---------------------------------------------------------------- sizes and tools


@dataclasses.dataclass
class SizeSpec:
    n: int
    runs: int
    tools: tuple


def parse_sizes(text: str, runs: int, tools: tuple) -> list[SizeSpec]:
    specs = []
    for item in filter(None, (s.strip() for s in text.split(","))):
        m = re.fullmatch(r"(\d+)([kK]?)(?:x(\d+))?(?::([a-z+]+))?", item)
        if not m:
            raise SystemExit(f"bad size {item!r}: expected N[xRUNS][:tool+tool], e.g. 100000x1:rotalog")
        n = int(m[1]) * (1000 if m[2] else 1)
        t = tuple(m[4].split("+")) if m[4] else tools
        bad = [x for x in t if x not in ALL_TOOLS]
        if bad:
            raise SystemExit(f"unknown tool(s) {bad} in {item!r}; known: {', '.join(ALL_TOOLS)}")
        specs.append(SizeSpec(n, int(m[3]) if m[3] else runs, tuple(x for x in tools if x in t) or t))
    return specs


def run_text(cmd: list[str], cwd=None) -> str:
    try:
        r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120)
        return (r.stdout.strip() or r.stderr.strip()).splitlines()[0] if r.returncode == 0 else ""
    except (OSError, subprocess.TimeoutExpired, IndexError):
        return ""


def find_pagefind(work: Path) -> tuple[list[str] | None, str]:
    """The Pagefind binary: on PATH, else installed from npm into WORK/tools (idempotent).

    The npm package's platform binary is run directly, not through the node wrapper
    (npx), so Pagefind is not charged for starting node."""
    for name in ("pagefind_extended", "pagefind"):
        if shutil.which(name):
            return [shutil.which(name)], f"{name} on PATH"
    prefix = work / "tools" / "npm"

    def local():
        for pat in ("pagefind_extended", "pagefind"):
            for p in sorted((prefix / "node_modules" / "@pagefind").glob(f"*/bin/{pat}")):
                if os.access(p, os.X_OK):
                    return [str(p)]
        return None

    found = local()
    if found is None:
        if not shutil.which("npm"):
            return None, "npm is not installed (Debian: apt-get install npm), so Pagefind cannot be installed"
        prefix.mkdir(parents=True, exist_ok=True)
        log(f"installing pagefind@{PAGEFIND_VERSION} from npm into {prefix}")
        r = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(prefix),
                            f"pagefind@{PAGEFIND_VERSION}"], capture_output=True, text=True)
        found = local()
        if found is None:
            return None, f"npm install pagefind failed: {(r.stderr or r.stdout).strip()[-300:]}"
    return found, f"npm pagefind@{PAGEFIND_VERSION}, platform binary run directly"


class Tools:
    """Which tools can run here, their commands and versions; `skipped` says why not."""

    def __init__(self, args, wanted: set):
        self.skipped: dict[str, str] = {}
        self.versions: dict[str, str] = {}
        self.notes: dict[str, str] = {}
        self.rotalog = Path(args.rotalog) if args.rotalog else REPO / "target" / "release" / "rotalog"
        if "rotalog" in wanted:
            if not args.no_build:
                log("cargo build --release")
                r = subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO)
                if r.returncode != 0:
                    raise SystemExit("cargo build --release failed")
            if not self.rotalog.exists():
                raise SystemExit(f"{self.rotalog} does not exist (run without --no-build)")
            self.versions["rotalog"] = run_text([str(self.rotalog), "--version"])
            commit = run_text(["git", "rev-parse", "--short", "HEAD"], cwd=REPO)
            dirty = run_text(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO)
            self.versions["rotalog"] += f" (commit {commit}{', uncommitted changes' if dirty else ''})"
        if "hugo" in wanted:
            if not shutil.which("hugo"):
                self.skipped["hugo"] = "`hugo` is not on PATH (Debian: apt-get install hugo)"
            else:
                self.pagefind, how = find_pagefind(Path(args.work))
                if self.pagefind is None:
                    self.skipped["hugo"] = how
                else:
                    hv = run_text(["hugo", "version"])
                    pv = run_text(self.pagefind + ["--version"])
                    self.versions["hugo"] = hv
                    self.versions["pagefind"] = f"{pv} ({how})"
        if "zola" in wanted:
            if not shutil.which("zola"):
                self.skipped["zola"] = ("no `zola` binary on PATH: Zola is not packaged in Debian bookworm and "
                                        "not published on crates.io, and this machine has no other source for it")
            else:
                self.versions["zola"] = run_text(["zola", "--version"])

    def available(self, tools) -> list[str]:
        return [t for t in tools if t not in self.skipped]

    def build(self, tool: str, site: Path, out: Path, logf: Path) -> Sample:
        if tool == "rotalog":
            env = dict(os.environ, NO_COLOR="1")
            return measure([str(self.rotalog), "build", str(site), "-o", str(out), "--date", BUILD_DATE],
                           log_path=logf, env=env)
        if tool == "hugo":
            a = measure(["hugo", "--quiet", "--source", str(site), "--destination", str(out)], log_path=logf)
            if not a.ok:
                return a
            b = measure(self.pagefind + ["--site", str(out)], log_path=logf)
            s = Sample.combine([a, b])
            s.steps = (a, b)  # type: ignore[attr-defined]
            return s
        if tool == "zola":
            return measure(["zola", "--root", str(site), "build", "--output-dir", str(out)], log_path=logf)
        raise ValueError(tool)


# ---------------------------------------------------------------- machine


def machine_info(work: Path) -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, TypeError):
        pass
    try:
        fs = subprocess.run(["df", "--output=fstype", str(work)], capture_output=True, text=True).stdout.split()[-1]
    except (OSError, IndexError):
        fs = ""
    return {"cores": str(os.cpu_count()), "cpu": cpu or platform.processor() or "unknown", "ram": ram,
            "kernel": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
            "fs": fs or "unknown",
            "rustc": run_text(["rustc", "--version"])}


# ---------------------------------------------------------------- catalogs


def catalog(gen: Path, work: Path, n: int, fmt: str, seed: int) -> Path:
    """Generate (or reuse) the catalog of n programs in one format."""
    d = work / "catalogs" / f"{fmt}-{n}-seed{seed}"
    stamp = {"n": n, "format": fmt, "seed": seed,
             "generator_sha256": hashlib.sha256(gen.read_bytes()).hexdigest()}
    sp = d / ".bench-stamp.json"
    if sp.exists() and json.loads(sp.read_text()) == stamp:
        log(f"reusing {d}")
        return d
    # Generate beside it and rename into place, so two harness runs sharing WORK do not collide.
    tmp = d.with_name(f"{d.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    log(f"generating {fmt} catalog of {n} programs into {d}")
    subprocess.run([sys.executable, str(gen), str(n), str(tmp), "--format", fmt, "--seed", str(seed)], check=True)
    (tmp / sp.name).write_text(json.dumps(stamp))
    if sp.exists() and json.loads(sp.read_text()) == stamp:  # someone else finished first
        shutil.rmtree(tmp)
        return d
    shutil.rmtree(d, ignore_errors=True)
    os.rename(tmp, d)
    return d


# ---------------------------------------------------------------- the run


def bench_size(spec: SizeSpec, tools: Tools, args, work: Path) -> dict:
    names = tools.available(spec.tools)
    sites = {t: catalog(Path(args.gen), work, spec.n, FORMAT[t], args.seed) for t in names}
    outs = work / "out" / f"{spec.n}-{os.getpid()}"  # per process: runs may share WORK
    shutil.rmtree(outs, ignore_errors=True)
    outs.mkdir(parents=True)
    logf = work / f"log-{spec.n}-{os.getpid()}.txt"
    logf.write_text("")
    res = {"n": spec.n, "runs": spec.runs, "tools": {}, "failed": {}, "cp": [], "rebuild": None,
           "started": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M"), "command": args.command_line}
    samples: dict[str, list] = {t: [] for t in names}
    trees: dict[str, list] = {t: [] for t in names}
    for run in range(spec.runs):
        for t in names:
            if t in res["failed"]:
                continue
            out = outs / f"{t}-{run}"
            s = timed(f"n={spec.n} {t}", lambda: tools.build(t, sites[t], out, logf),
                      lambda: shutil.rmtree(out, ignore_errors=True))
            if s.timed_out:
                res["failed"][t] = f"did not finish within {TIMEOUT['seconds']:.0f} s; stopped"
                log(f"{t} stopped after {TIMEOUT['seconds']:.0f} s at {spec.n}")
                shutil.rmtree(out, ignore_errors=True)
                continue
            if not s.ok:
                res["failed"][t] = f"build failed, see {logf}"
                log(f"{t} failed at {spec.n}; its log: {logf}")
                continue
            samples[t].append(s)
            trees[t].append(tree_stats(out, t))
            log(f"n={spec.n} run {run + 1}/{spec.runs} {t}: {s.wall:.2f} s, "
                f"{s.rss_kb / 1024:.0f} MB, {trees[t][-1].files} files, others used "
                f"{s.others_cores:.2f} cores meanwhile")
            if t == "rotalog":
                dest = outs / f"cp-{run}"
                c = timed(f"n={spec.n} cp -r", lambda: measure(["cp", "-r", str(out), str(dest)], log_path=logf),
                          lambda: shutil.rmtree(dest, ignore_errors=True))
                res["cp"].append(c)
                shutil.rmtree(dest)
            if not (t == "rotalog" and run == spec.runs - 1):
                shutil.rmtree(out)
    if samples.get("rotalog") and spec.n > args.rebuild_max:
        log(f"n={spec.n}: no rebuild check above --rebuild-max {args.rebuild_max}")
    elif samples.get("rotalog"):
        out = outs / f"rotalog-{spec.runs - 1}"
        snap = {}

        def rebuild():
            snap["before"], snap["ino"] = snapshot(out), out.stat().st_ino
            return tools.build("rotalog", sites["rotalog"], out, logf)

        # settle() inside timed() also gives a rewritten file a new mtime even on coarse clocks.
        s = timed(f"n={spec.n} rebuild", rebuild, lambda: None)
        before, dir_ino = snap["before"], snap["ino"]
        after = snapshot(out)
        res["rebuild"] = {"sample": s, **compare_snapshots(before, after),
                          "dir_replaced": out.stat().st_ino != dir_ino}
        log(f"n={spec.n} rebuild unchanged: {s.wall:.2f} s, {res['rebuild']['mtime_changed']} of "
            f"{res['rebuild']['files']} files got a new mtime")
    for t in names:
        if not samples[t]:
            continue
        ss, tr = samples[t], trees[t]
        entry = {
            "wall": median([x.wall for x in ss]), "wall_min": min(x.wall for x in ss),
            "wall_max": max(x.wall for x in ss), "cpu": median([x.cpu for x in ss]),
            "rss_mb": median([x.rss_kb for x in ss]) / 1024, "runs": len(ss), "tree": tr[-1],
            "tree_varies": len({(x.files, x.bytes) for x in tr}) > 1,
            "others": max(x.others_cores for x in ss), "loud": sum(not x.quiet for x in ss),
        }
        if hasattr(ss[0], "steps"):
            entry["steps"] = [{"wall": median([x.steps[i].wall for x in ss]),
                               "cpu": median([x.steps[i].cpu for x in ss]),
                               "rss_mb": median([x.steps[i].rss_kb for x in ss]) / 1024} for i in (0, 1)]
        res["tools"][t] = entry
    if not args.keep_outputs:
        shutil.rmtree(outs, ignore_errors=True)
    return res


# ---------------------------------------------------------------- the report


def f_s(x):
    return "—" if x is None else f"{x:.2f}" if x < 10 else f"{x:.1f}"


def f_mb(b):
    return f"{b / MB:.1f}"


def ratio(a, b):
    return None if not a or not b else a / b


def verdict(value, target, at_least=True):
    if value is None:
        return "not measured"
    ok = value >= target if at_least else value <= target
    return "**met**" if ok else "**not met**"


def render(results: list[dict], tools: Tools, machine: dict, args, started: str, total_s: float) -> str:
    L = []
    add = L.append
    add(START)
    add("<!-- Generated by tests/bench/run.py: everything between the bench markers is rewritten on each run. -->")
    add("")
    add(f"## Build benchmark: {started} UTC")
    add("")
    add(f"Command: `{args.command_line}` (took {total_s / 60:.1f} min in all).")
    add("")
    add("### Machine and versions")
    add("")
    add(f"- Machine: {machine['cores']} cores ({machine['cpu']}), {machine['ram']} RAM, {machine['kernel']}, "
        f"output on a `{machine['fs']}` file system")
    for k in ("rotalog", "hugo", "pagefind", "zola"):
        if k in tools.versions:
            add(f"- {k}: `{tools.versions[k]}`")
    add(f"- {machine['rustc']}; Python {machine['python']}")
    for t, why in tools.skipped.items():
        add(f"- **{TOOL_LABEL[t]} skipped**: {why}.")
    add("")
    add("### Method")
    add("")
    add("- Catalogs come from `../shared/bench/gen_catalog.py N DIR --format native|hugo|zola "
        f"--seed {args.seed}` (native for rotalog). A catalog is reused while N, seed and the generator's "
        "bytes are unchanged.")
    add("- Each round builds with every tool in turn (rotalog, Hugo + Pagefind, Zola), each into a new, "
        "empty output folder, and the round is repeated; tables show the **median** of the runs, with the "
        "fastest and slowest wall time. Input files are warm in the page cache for every tool. Before each "
        "measured command the harness runs `sync` (not timed), so the write-back of earlier runs does not "
        "fall into it; the measured command itself is not synced, for the builds and for `cp` alike: its "
        "time ends when the process exits, with the written files possibly still in the page cache.")
    add(f"- rotalog: `rotalog build SITE -o OUT --date {BUILD_DATE}` (release build). "
        "Hugo + Pagefind: `hugo --quiet --source SITE --destination OUT`, then `pagefind --site OUT`; "
        "their wall and CPU times are added up and the peak memory is the larger of the two. "
        "Zola: `zola --root SITE build --output-dir OUT` (its search index is on in the generated config).")
    add("- Wall is the elapsed time of the command; CPU is user + system time of the process and all its "
        "children; peak RSS is the largest resident set of any process of the tree (`wait4` rusage, the "
        "numbers GNU `time` prints). MB = 2^20 bytes.")
    add("- Before each measured command the harness waits (up to "
        f"{QUIET['max_wait']:.0f} s) until the rest of the machine uses less than {QUIET['cores']} of a "
        f"core for {QUIET['seconds']} seconds in a row, and it records how much CPU other processes used "
        "while the command ran; when they used more than "
        f"{QUIET['max_other']} of a core on average, the measurement is thrown away and taken again (up to "
        f"{QUIET['retries']} times). The **Other load** column is the largest average number of cores "
        "other processes kept busy during a kept run (0 on an idle machine; the kernel's write-back "
        f"threads count here too). In this run the harness waited {QUIET['waited']:.0f} s in all for "
        f"quiet, took {QUIET['retried']} measurement(s) again, and {QUIET['loud']} measurement(s) started "
        "on a machine that did not get quiet.")
    add("- Files, pages (`.html` files) and bytes are counted in the output tree after the build; the "
        "search index is the tool's index files (`pagefind/` for Pagefind, `search_index.*` for Zola, "
        "any non-HTML file with `search` in its path for rotalog).")
    add("- Copy baseline: `cp -r` of rotalog's output tree to a new folder on the same disk, after each "
        "rotalog run. Rebuild: one more `rotalog build` into the last run's existing output with nothing "
        "changed; files are compared before and after by mtime, inode and SHA-256.")
    add("")
    add("### Honesty notes")
    add("")
    add("- The same generator, N and seed give every tool the same programs, hospitals and specialties: "
        "titles, specialties, hospitals, states, weeks, weekly fees and start dates are identical. The "
        "Hugo and Zola catalogs have word-for-word the same Markdown bodies; the native catalog's bodies "
        "have the same structure (paragraphs, two headings, a list, a table, a link) and length "
        "distribution but different random words, because its generator draws one extra sentence per "
        "specialty.")
    add("- The native catalog carries more than the others: fee deposits, refund terms, seats, status, "
        "eligibility, letter of recommendation, inclusions, hospital kind, beds and housing, FAQs and fee "
        "policies, and rotalog renders all of them (the ten decisive facts, structured data, FAQ, fees and "
        "apply pages, a sitemap, a feed, a 404 page and a stylesheet). The Hugo and Zola templates render "
        "the title, specialty and hospital links, the state, a weeks-by-total fee table, apply links and "
        "the body. "
        "So rotalog does more work per page and writes more bytes per page, not less.")
    add("- Grouping pages: rotalog writes one page per specialty, hospital and state listing its programs. "
        "Hugo and Zola write specialty and hospital pages and, in addition, the generator's three "
        "taxonomies (`in-specialty`, `at-hospital`, `in-state`: a term list and one page per term), so "
        "they write roughly one listing page more per specialty and hospital. Page counts per tool are "
        "in the tables below.")
    add("- Search: Pagefind indexes every Hugo page (the generated layout marks `<main data-pagefind-body>`) "
        "with specialty and state filters; Zola's built-in index covers every page too.")
    srch = []
    for r in results:
        ro = r["tools"].get("rotalog")
        if ro:
            srch.append((r["n"], ro["tree"].search_files, ro["tree"].search_bytes))
    if srch and all(f == 0 for _, f, _ in srch):
        add("- **Search index: rotalog at this commit writes none** (no file in its output looks like a "
            "search index), while Pagefind and Zola build one over every page. rotalog's times below "
            "therefore leave out the search index the targets require; they are not yet a like-for-like "
            "comparison on that point.")
    elif srch:
        add("- Search index: every tool that ran wrote one (sizes in the tables: rotalog's is detected by "
            "its file names, so check the column).")
    for t in ("zola", "hugo"):
        if t in tools.skipped:
            add(f"- {TOOL_LABEL[t]} was not measured in this run ({tools.skipped[t]}). At 10,000 programs the "
                "ratio against it uses the previous measurement from issue 5 (below), labelled as such: it "
                "is not side by side.")
        elif t not in tools.versions:
            add(f"- {TOOL_LABEL[t]} was not requested in this run.")
    add("")
    for r in results:
        add(f"### {r['n']:,} programs ({r['runs']} run{'s' if r['runs'] != 1 else ''})")
        add("")
        if r.get("command", args.command_line) != args.command_line:
            add(f"Kept from an earlier run (`--merge`): measured from {r['started']} UTC by `{r['command']}`, "
                "with the same machine and versions.")
            add("")
        add("| Tool | Wall s (median) | Wall s (min–max) | CPU s | Peak RSS MB | Pages | Files | Output MB | "
            "Search index files / MB | Other load (max) |")
        add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for t, e in r["tools"].items():
            tr = e["tree"]
            add(f"| {TOOL_LABEL[t]} | {f_s(e['wall'])} | {f_s(e['wall_min'])}–{f_s(e['wall_max'])} | "
                f"{f_s(e['cpu'])} | {e['rss_mb']:.0f} | {tr.pages:,} | {tr.files:,} | {f_mb(tr.bytes)} | "
                f"{tr.search_files:,} / {f_mb(tr.search_bytes)} | {e['others']:.2f} |")
            for i, step in enumerate(e.get("steps", [])):
                add(f"| &nbsp;&nbsp;↳ {('hugo', 'pagefind')[i]} step | {f_s(step['wall'])} | | "
                    f"{f_s(step['cpu'])} | {step['rss_mb']:.0f} | | | | | |")
        if r["cp"]:
            c = r["cp"]
            ro = r["tools"]["rotalog"]["tree"]
            add(f"| `cp -r` of rotalog's output | {f_s(median([x.wall for x in c]))} | "
                f"{f_s(min(x.wall for x in c))}–{f_s(max(x.wall for x in c))} | "
                f"{f_s(median([x.cpu for x in c]))} | {median([x.rss_kb for x in c]) / 1024:.0f} | "
                f"{ro.pages:,} | {ro.files:,} | {f_mb(ro.bytes)} | | {max(x.others_cores for x in c):.2f} |")
        rb = r["rebuild"]
        if rb:
            s = rb["sample"]
            add(f"| rotalog rebuild, nothing changed | {f_s(s.wall)} | (1 run) | {f_s(s.cpu)} | "
                f"{s.rss_kb / 1024:.0f} | | {rb['files']:,} | | | {s.others_cores:.2f} |")
        for t, why in r["failed"].items():
            add(f"| {TOOL_LABEL[t]} | failed: {why} | | | | | | | | |")
        add("")
        extra = list(r["cp"]) + ([rb["sample"]] if rb else [])
        loud = sum(e["loud"] for e in r["tools"].values()) + sum(not x.quiet for x in extra)
        worst = max([e["others"] for e in r["tools"].values()] + [x.others_cores for x in extra] + [0.0])
        if loud or worst > 0.2:
            add(f"**Disturbed:** other processes on this machine used up to {worst:.2f} cores during some "
                f"of these runs{f', and {loud} run(s) started while it was still busy' if loud else ''}; "
                "those wall times are inflated. Compare CPU times, or rerun on an idle machine.")
            add("")
        if rb:
            add(f"Rebuild into the existing output with nothing changed: {rb['mtime_changed']:,} of "
                f"{rb['files']:,} files got a new mtime, {rb['inode_changed']:,} a new inode, "
                f"{rb['content_changed']:,} new content; {rb['added']} added, {rb['removed']} removed; the "
                f"output folder itself was {'replaced (new inode)' if rb['dir_replaced'] else 'kept'}. "
                f"Target: unchanged files are not rewritten, so 0 new mtimes — "
                f"{verdict(rb['mtime_changed'], 0, at_least=False)}.")
            add("")
        for t, e in r["tools"].items():
            if e["tree_varies"]:
                add(f"Note: {TOOL_LABEL[t]}'s output file count or size differed between runs.")
        top = {t: e["tree"].top for t, e in r["tools"].items()}
        if top:
            add("Files by top-level folder: " + "; ".join(
                f"{TOOL_LABEL[t]}: " + ", ".join(f"{k} {v:,}" for k, v in d.items()) for t, d in top.items()) + ".")
            add("")
        ro = r["tools"].get("rotalog")
        if ro:
            add("Against the targets of issue 5 (ratios of median wall times; the CPU-time ratio is shown "
                "too because it is less sensitive to other load on the machine, but the targets are wall time):")
            add("")
            add("| Target | Measured | Verdict |")
            add("| --- | --- | --- |")
            for t in ("zola", "hugo"):
                lab = TOOL_LABEL[t]
                if t in r["tools"]:
                    x = ratio(r["tools"][t]["wall"], ro["wall"])
                    c = ratio(r["tools"][t]["cpu"], ro["cpu"])
                    add(f"| ≥ {TARGETS[t]:.0f}× faster than {lab}, side by side | {x:.1f}× wall "
                        f"(CPU time: {c:.1f}× less) | {verdict(x, TARGETS[t])} |")
                elif r["n"] == 10000:
                    x = ratio(REFERENCE_10K[t]["wall"], ro["wall"])
                    add(f"| ≥ {TARGETS[t]:.0f}× faster than {lab} | {x:.1f}× against the **previous "
                        f"measurement** ({REFERENCE_10K[t]['wall']} s), not side by side | "
                        f"{verdict(x, TARGETS[t])} (indicative only) |")
                else:
                    add(f"| ≥ {TARGETS[t]:.0f}× faster than {lab} | not run | — |")
            if r["cp"]:
                x = ratio(ro["wall"], median([c.wall for c in r["cp"]]))
                add(f"| within {TARGETS['cp']:.0f}× of `cp -r` of the same output | {x:.1f}× the copy time | "
                    f"{verdict(x, TARGETS['cp'], at_least=False)} |")
            if r['n'] == 10000:
                add(f"| peak memory ≤ {TARGETS['rss_mb']:.0f} MB at 10,000 programs | {ro['rss_mb']:.0f} MB | "
                    f"{verdict(ro['rss_mb'], TARGETS['rss_mb'], at_least=False)} |")
            add("")
    multi = [r for r in results if "rotalog" in r["tools"]]
    if len(multi) >= 2:
        add("### Scaling (linear from 1k to 100k is a target)")
        add("")
        add("| Tool | Programs | Wall s | ms per program | Peak RSS MB | KB per program |")
        add("| --- | ---: | ---: | ---: | ---: | ---: |")
        for t in ALL_TOOLS:
            for r in results:
                e = r["tools"].get(t)
                if e:
                    add(f"| {TOOL_LABEL[t]} | {r['n']:,} | {f_s(e['wall'])} | {e['wall'] / r['n'] * 1000:.2f} | "
                        f"{e['rss_mb']:.0f} | {e['rss_mb'] * 1024 / r['n']:.1f} |")
        add("")
        add("Linear scaling shows as a flat ms-per-program column; memory has a fixed part, so its "
            "per-program column falls at small sizes even when growth is linear.")
        add("")
    add("### Previous measurement (from issue 5, not from this run)")
    add("")
    add("Recorded on the project's 2-core machines with the same generator at 10,000 programs "
        "(about 12,000 pages), median of 3 alternating runs:")
    add("")
    add("| Tool | Wall s | Peak RSS MB |")
    add("| --- | ---: | ---: |")
    add(f"| {REFERENCE_10K['hugo']['label']} | {REFERENCE_10K['hugo']['wall']} | {REFERENCE_10K['hugo']['rss_mb']:.0f} |")
    add(f"| {REFERENCE_10K['zola']['label']} | {REFERENCE_10K['zola']['wall']} | {REFERENCE_10K['zola']['rss_mb']:.0f} |")
    add(f"| `cp -r` of that output | {REFERENCE_10K['cp']['wall']} | |")
    add("")
    add("### How to reproduce")
    add("")
    add("From the repository root, with `../shared/bench/gen_catalog.py` beside the repository, "
        "`cargo`, and optionally `hugo` (Debian package), `npm` (Pagefind is installed from npm into the "
        "work folder automatically) and a `zola` binary on PATH:")
    add("")
    add("    python3 tests/bench/run.py")
    add("")
    add("Options: `--sizes 1000,10000,100000x1:rotalog` (a size is `N[xRUNS][:tool+tool]`), `--runs 3`, "
        "`--tools rotalog,hugo,zola`, `--out docs/performance.md`, `--gen PATH`, `--work DIR` (default "
        "`$TMPDIR/rotalog-bench-harness`; catalogs are kept there for reuse, `--clean` deletes them at the "
        "end), `--merge` (keep other sizes from the last run), `--render-only`. "
        "See `tests/bench/README.md`.")
    add(END)
    return "\n".join(L) + "\n"


def saved_path(work: Path, out: Path) -> Path:
    """Where a run's measurements are saved: one file per results file, so runs for
    different checkouts that share WORK do not overwrite each other's."""
    key = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:12]
    return work / "runs" / f"{key}.pickle"


def write_doc(out: Path, state: dict) -> str:
    QUIET.update(state["quiet"])
    text = render(state["results"], state["tools"], state["machine"], state["args"], state["started"],
                  state["total"])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(splice(out.read_text() if out.exists() else None, text))
    return text


DOC_HEAD = """# Performance

Build benchmarks for issue 5: a 10,000-program catalog should build, pages and search
index, at least 5× faster than Zola and 8× faster than Hugo + Pagefind, within 2× of
copying the same output tree, in at most 250 MB, scaling linearly from 1k to 100k
programs. These are benchmarks, never timed tests: CI does not run them.

The section between the `bench` markers below is written by `python3 tests/bench/run.py`
and replaced on every run; everything outside the markers (other benchmarks, notes) is
kept as it is.

"""


def splice(existing: str | None, block: str) -> str:
    """Put the generated block into the document, replacing the previous one; keep the rest."""
    if existing is None:
        return DOC_HEAD + block
    s, e = existing.find(START), existing.find(END)
    if s == -1 and e == -1:
        return existing.rstrip("\n") + "\n\n" + block
    if s == -1 or e == -1 or e < s:
        raise SystemExit(f"the bench markers in the output file are broken: need {START} before {END}")
    return existing[:s] + block.rstrip("\n") + existing[e + len(END):]


# ---------------------------------------------------------------- self-check


class SelfCheck(unittest.TestCase):
    def test_parse_sizes(self):
        s = parse_sizes("1000, 10k,100000x1:rotalog", 3, ALL_TOOLS)
        self.assertEqual([(x.n, x.runs, x.tools) for x in s],
                         [(1000, 3, ALL_TOOLS), (10000, 3, ALL_TOOLS), (100000, 1, ("rotalog",))])
        with self.assertRaises(SystemExit):
            parse_sizes("ten", 3, ALL_TOOLS)
        with self.assertRaises(SystemExit):
            parse_sizes("10:gatsby", 3, ALL_TOOLS)

    def test_splice_keeps_hand_written_sections(self):
        block = f"{START}\nnew\n{END}\n"
        self.assertTrue(splice(None, block).startswith("# Performance"))
        doc = f"# P\n\nintro\n\n{START}\nold\n{END}\n\n## Search benchmark\n\nhand-written\n"
        out = splice(doc, block)
        self.assertIn("new", out)
        self.assertNotIn("old", out)
        self.assertIn("intro", out)
        self.assertTrue(out.endswith("## Search benchmark\n\nhand-written\n"))
        self.assertEqual(splice(out, block), out)
        self.assertIn("new", splice("# P\n\nno markers\n", block))
        with self.assertRaises(SystemExit):
            splice(f"# P\n{END}\n{START}\n", block)

    def test_measure_counts_children_and_memory(self):
        # A child that allocates ~60 MB and burns CPU, run through a shell: rusage covers the tree.
        code = "b = bytearray(60 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); sum(range(3_000_000))"
        s = measure(["sh", "-c", f'"{sys.executable}" -c "{code}"'])
        self.assertTrue(s.ok)
        self.assertGreater(s.rss_kb, 55 * 1024)
        self.assertGreater(s.cpu, 0.0)
        self.assertGreaterEqual(s.wall, s.cpu * 0.5)
        self.assertFalse(measure(["sh", "-c", "exit 3"]).ok)

    def test_other_load_is_seen(self):
        hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        try:
            time.sleep(0.3)
            s = measure(["sleep", "1"])
            self.assertGreater(s.others_cores, 0.7)
            saved = dict(QUIET)
            QUIET.update(max_wait=0.0, cores=0.5)
            try:
                self.assertFalse(wait_for_quiet())
            finally:
                QUIET.clear()
                QUIET.update(saved)
        finally:
            hog.kill()
            hog.wait()

    def test_disturbed_runs_are_measured_again(self):
        saved = dict(QUIET)
        QUIET.update(max_wait=0.0, seconds=0, max_other=0.25, retries=2, retried=0)
        loads = iter([0.9, 0.1])
        cleaned = []
        try:
            s = timed("x", lambda: Sample(1.0, 1.0, 1, True, next(loads)), lambda: cleaned.append(1))
            self.assertEqual((s.others, len(cleaned), QUIET["retried"]), (0.1, 1, 1))
            s = timed("y", lambda: Sample(1.0, 1.0, 1, True, 5.0), lambda: cleaned.append(1))
            self.assertEqual((s.others, len(cleaned)), (5.0, 3))  # gives up after 2 retries, keeps the last
        finally:
            QUIET.clear()
            QUIET.update(saved)

    def test_combine(self):
        c = Sample.combine([Sample(1.0, 2.0, 100), Sample(0.5, 0.25, 300)])
        self.assertEqual((c.wall, c.cpu, c.rss_kb, c.ok), (1.5, 2.25, 300, True))

    def test_tree_and_snapshots(self):
        with tempfile.TemporaryDirectory() as d:
            root = Path(d)
            (root / "a").mkdir()
            (root / "a" / "index.html").write_text("<p>x</p>")
            (root / "pagefind").mkdir()
            (root / "pagefind" / "x.pf_index").write_bytes(b"12345")
            (root / "search_index.en.js").write_text("{}")
            t = tree_stats(root, "hugo")
            self.assertEqual((t.files, t.pages, t.search_files, t.search_bytes), (3, 1, 1, 5))
            self.assertEqual(tree_stats(root, "zola").search_files, 1)
            self.assertEqual(tree_stats(root, "rotalog").search_files, 1)
            before = snapshot(root)
            time.sleep(0.02)
            (root / "a" / "index.html").write_text("<p>x</p>")  # same bytes, rewritten
            (root / "tmp").write_text("{ }")
            os.replace(root / "tmp", root / "search_index.en.js")  # new inode, new content
            (root / "new.html").write_text("")
            c = compare_snapshots(before, snapshot(root))
            self.assertEqual((c["mtime_changed"], c["content_changed"], c["added"], c["removed"]), (2, 1, 1, 0))
            self.assertEqual(c["inode_changed"], 1)

    def test_render_smoke(self):
        tr = Tree(10, 8, 2 * MB, 0, 0, {"programs": 8})
        r = {"n": 10000, "runs": 3, "failed": {},
             "tools": {"rotalog": {"wall": 2.0, "wall_min": 1.9, "wall_max": 2.1, "cpu": 2.5, "rss_mb": 300.0,
                                   "runs": 3, "tree": tr, "tree_varies": False, "others": 0.5, "loud": 1}},
             "cp": [Sample(1.5, 1.0, 4000)] * 3,
             "rebuild": {"sample": Sample(2.0, 2.0, 300 * 1024), "files": 10, "mtime_changed": 10,
                         "inode_changed": 10, "content_changed": 0, "added": 0, "removed": 0,
                         "dir_replaced": True}}

        class T:
            versions = {"rotalog": "rotalog 0.1.0"}
            skipped = {"hugo": "not installed", "zola": "not installed"}

        a = argparse.Namespace(seed=1, command_line="python3 tests/bench/run.py")
        text = render([r], T(), {"cores": "2", "cpu": "x", "ram": "1 GiB", "kernel": "k", "fs": "ext4",
                                 "python": "3", "rustc": "rustc"}, a, "2026-01-01 00:00", 60)
        self.assertTrue(text.startswith(START) and text.rstrip().endswith(END))
        self.assertIn("9.3× against the **previous measurement**", text)  # 18.6 / 2.0
        self.assertIn("writes none", text)
        self.assertIn("1.3× the copy time", text)
        self.assertIn("10 of 10 files got a new mtime", text)
        self.assertIn("**Disturbed:**", text)


# ---------------------------------------------------------------- main


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated N[xRUNS][:tool+tool] (default 1000,10000)")
    ap.add_argument("--runs", type=int, default=3, help="runs per tool and size (default 3; the median is reported)")
    ap.add_argument("--tools", default=",".join(ALL_TOOLS), help="rotalog,hugo,zola (hugo means Hugo + Pagefind)")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="the results file (default docs/performance.md)")
    ap.add_argument("--gen", default=str(DEFAULT_GEN), help="gen_catalog.py (default ../shared/bench/gen_catalog.py)")
    ap.add_argument("--work", default=str(DEFAULT_WORK), help="catalogs, outputs, logs, npm tools (default $TMPDIR/rotalog-bench)")
    ap.add_argument("--seed", type=int, default=74570940, help="generator seed (default: the generator's own)")
    ap.add_argument("--rotalog", help="a rotalog binary to use instead of target/release/rotalog")
    ap.add_argument("--no-build", action="store_true", help="do not run cargo build --release")
    ap.add_argument("--clean", action="store_true", help="delete the generated catalogs at the end")
    ap.add_argument("--keep-outputs", action="store_true", help="keep the last output trees in the work folder")
    ap.add_argument("--quiet-wait", type=float, default=120.0,
                    help="before each measurement, wait up to this many seconds for the machine to be idle (default 120)")
    ap.add_argument("--quiet-cores", type=float, default=0.15,
                    help="'idle' means other processes use less than this many cores (default 0.15)")
    ap.add_argument("--max-other-load", type=float, default=0.25,
                    help="measure again when other processes used more than this many cores meanwhile (default 0.25)")
    ap.add_argument("--retries", type=int, default=3, help="how many times to measure a disturbed run again (default 3)")
    ap.add_argument("--smoke", action="store_true", help="50 programs, 1 run, rotalog only, results to a temp file")
    ap.add_argument("--merge", action="store_true",
                    help="keep the sizes this run does not measure from the last run's saved results")
    ap.add_argument("--timeout", type=float, default=1800.0,
                    help="stop a measured command after this many seconds and report it (default 1800)")
    ap.add_argument("--retry-under", type=float, default=60.0,
                    help="only measure a disturbed run again when it took less than this many seconds (default 60)")
    ap.add_argument("--rebuild-max", type=int, default=10000,
                    help="run the unchanged-rebuild check only for sizes up to this (default 10000)")
    ap.add_argument("--render-only", action="store_true",
                    help="rewrite the results file from the last run's saved measurements (saved in WORK/runs/)")
    ap.add_argument("--self-check", action="store_true", help="run the harness's own unit checks and exit")
    args = ap.parse_args(argv)
    args.command_line = "python3 tests/bench/run.py" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:]))

    if args.render_only:
        saved = saved_path(Path(args.work), Path(args.out))
        state = pickle.loads(saved.read_bytes())
        write_doc(Path(args.out), state)
        log(f"re-rendered {args.out} from {saved}")
        return 0

    if args.self_check:
        suite = unittest.defaultTestLoader.loadTestsFromTestCase(SelfCheck)
        return 0 if unittest.TextTestRunner(verbosity=2).run(suite).wasSuccessful() else 1

    smoke_dir = None
    if args.smoke:
        smoke_dir = tempfile.mkdtemp(prefix="rotalog-bench-smoke-")
        args.sizes, args.runs, args.tools, args.quiet_wait, args.retries = "50", 1, "rotalog", 0.0, 0
        args.work = smoke_dir
        args.out = os.path.join(smoke_dir, "performance.md")
    if not Path(args.gen).is_file():
        raise SystemExit(f"generator not found: {args.gen} (pass --gen PATH)")
    wanted = tuple(t.strip() for t in args.tools.split(",") if t.strip())
    bad = [t for t in wanted if t not in ALL_TOOLS]
    if bad:
        raise SystemExit(f"unknown tool(s) {bad}; known: {', '.join(ALL_TOOLS)}")
    specs = parse_sizes(args.sizes, args.runs, wanted)
    QUIET.update(max_wait=args.quiet_wait, cores=args.quiet_cores, max_other=args.max_other_load,
                 retries=args.retries, retry_under=args.retry_under)
    TIMEOUT["seconds"] = args.timeout
    earlier = []
    saved = saved_path(Path(args.work), Path(args.out))
    if args.merge and saved.exists():
        prev = pickle.loads(saved.read_bytes())
        earlier = prev["results"]
        for r in earlier:
            r.setdefault("command", prev["args"].command_line)
            r.setdefault("started", prev["started"])
    measured = {s.n for s in specs}
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
    t0 = time.perf_counter()
    tools = Tools(args, {t for s in specs for t in s.tools})
    for t, why in tools.skipped.items():
        log(f"skipping {TOOL_LABEL[t]}: {why}")
    machine = machine_info(work)
    results = []
    out = Path(args.out)
    text = ""
    for spec in specs:
        if not tools.available(spec.tools):
            log(f"nothing to run at {spec.n}")
            continue
        results.append(bench_size(spec, tools, args, work))
        kept = [r for r in earlier if r["n"] not in measured]
        # Written after every size, so a long run that is stopped still leaves its results.
        state = dict(results=sorted(kept + results, key=lambda r: r["n"]), tools=tools, machine=machine, args=args, started=started,
                     total=time.perf_counter() - t0, quiet=dict(QUIET))
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_bytes(pickle.dumps(state))
        text = write_doc(out, state)
        log(f"wrote {out} ({len(results)} of {len(specs)} sizes measured, {len(kept)} kept from before)")
    if args.clean:
        shutil.rmtree(work / "catalogs", ignore_errors=True)
        shutil.rmtree(work / "out", ignore_errors=True)
    if smoke_dir:
        print(text)
        ok = all(r["tools"].get("rotalog") for r in results)
        shutil.rmtree(smoke_dir, ignore_errors=True)
        log("smoke run " + ("passed" if ok else "FAILED"))
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
