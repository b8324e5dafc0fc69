"""Measure claimledger on generated stores and print a table of medians and ratios.

    python benchmarks/run.py                 # 10,000 and 100,000 claims, 3 runs each
    python benchmarks/run.py --sizes 10000 --runs 5
    python benchmarks/run.py --sizes 2000 --export   # also export/import STIX (slow: stix2)

Everything runs in fresh processes on stores under a temporary folder (never the working
tree); the language server's re-diagnosis is timed inside one process. These are benchmarks,
not tests: a busy machine changes the figures, not a verdict.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import MIXED, write_store

BASELINE = """
import os, sys, tomllib
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".toml"):
            with open(os.path.join(folder, name), "rb") as f:
                tomllib.load(f)
"""

LSP = """
import datetime, statistics, sys, time
from pathlib import Path
from claimledger.editor.workspace import Workspace
ws = Workspace(sys.argv[1], today=datetime.date(2026, 1, 1))
path = sorted(Path(sys.argv[1]).rglob("src*.toml"))[len(sys.argv[1]) % 7]
text = path.read_text(encoding="utf-8")
times = []
for i in range(7):
    edited = text.replace("paragraph", f"paragraph {i}", 1)
    start = time.perf_counter()
    ws.update(str(path), edited)
    times.append(time.perf_counter() - start)
print(statistics.median(times))
"""


STIX_EXPORT = """
import sys
from claimledger.cli.main import cli
sys.stdout = open(sys.argv[1], "w")
cli(["export", "--format", "stix"], prog_name="claims")
"""
EXPORT = {"on": False}


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak resident KB of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before)


def median_of(runs: int, cmd: list[str], env: dict[str, str], cwd: Path, prep=None) -> float:
    times = []
    for _ in range(runs):
        if prep:
            prep()
        times.append(timed(cmd, env, cwd)[0])
    return statistics.median(times)


def alternating(runs: int, commands: dict, env: dict[str, str], cwd: Path) -> dict[str, float]:
    """Median seconds of each command, `runs` rounds of running each once in turn."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (cmd, prep) in commands.items():
            if prep:
                prep()
            times[name].append(timed(cmd, env, cwd)[0])
    return {name: statistics.median(found) for name, found in times.items()}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def make_repo(folder: Path, n: int) -> Path:
    """A git repository holding a store of `n` claims, one file changed since HEAD."""
    write_store(folder / "claims", n)
    git(folder, "init", "-q")
    git(folder, "-c", "user.name=b", "-c", "user.email=b@b", "add", "-A")
    git(folder, "-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", "store")
    changed = sorted((folder / "claims" / "sources").iterdir())[0]
    changed.write_text(changed.read_text().replace('"moderate"', '"high"'), encoding="utf-8")
    return folder


def measure(n: int, runs: int, work: Path) -> dict[str, float]:
    store = work / f"s{n}"
    write_store(store / "claims", n)
    cache = work / f"cache{n}"
    env = dict(os.environ, CLAIMS_TODAY="2026-01-01", CLAIMS_CACHE_DIR=str(cache))
    claims = [sys.executable, "-m", "claimledger"]
    py = sys.executable
    row: dict[str, float] = {}

    def clear() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    check = [*claims, "check", "--format", "gcc"]
    # In turns, so that a machine busy for a while slows each of them alike.
    row |= alternating(
        runs,
        {
            "baseline": ([py, "-c", BASELINE, "claims"], None),
            "check cold": (check, clear),
            "cold --jobs 2": ([*check, "--jobs", "2"], clear),
        },
        env,
        store,
    )
    row["peak MB"] = timed(check, env, store)[1] / 1024
    time.sleep(2.1)  # let the files age past the cache's racy window, as in real use
    clear()
    timed(check, env, store)
    row["check warm"] = median_of(runs, check, env, store)
    conflicts = [*claims, "conflicts", "--format", "json"]
    timed(conflicts, env, store)
    row["conflicts warm"] = median_of(runs, conflicts, env, store)
    listing = [*claims, "list", "--subject", "topic0001/*", "--format", "json"]
    timed(listing, env, store)
    row["list warm"] = median_of(runs, listing, env, store)
    out = subprocess.run([py, "-c", LSP, "claims"], cwd=store, env=env, capture_output=True)
    row["lsp update"] = float(out.stdout or "nan")
    if EXPORT["on"]:  # stix2 builds and checks each object: ~2.5 ms a claim
        bundle = work / f"bundle{n}.json"
        stix = [py, "-c", STIX_EXPORT, str(bundle)]
        row["export stix"] = median_of(runs, stix, env, store)
        empty = work / f"empty{n}"
        read = [*claims, "--store", str(empty), "import", str(bundle), "--format", "stix"]
        row["import stix"] = median_of(
            runs, read, env, store, lambda: (shutil.rmtree(empty, True), empty.mkdir())
        )
    row["version"] = median_of(runs, [*claims, "--version"], env, store)
    row["import click"] = median_of(runs, [py, "-c", "import click"], env, store)
    return row


def measure_diffs(sizes: list[int], runs: int, work: Path) -> dict[int, float]:
    """`claims diff` with one changed file, per repository size: the first run fills the blob
    index; then the sizes take turns (a diff is quick: three times `runs` rounds)."""
    diff = [sys.executable, "-m", "claimledger", "diff"]
    times: dict[int, list[float]] = {n: [] for n in sizes}
    setups = {}
    for n in sizes:
        repo = make_repo(work / f"repo{n}", n)
        env = dict(os.environ, CLAIMS_TODAY="2026-01-01", CLAIMS_CACHE_DIR=str(work / f"dc{n}"))
        timed(diff, env, repo)
        setups[n] = (repo, env)
    for _ in range(3 * runs):
        for n, (repo, env) in setups.items():
            times[n].append(timed(diff, env, repo)[0])
    return {n: statistics.median(found) for n, found in times.items()}


def print_table(rows: dict[int, dict[str, float]], diffs: dict[int, float]) -> None:
    print(f"{'measure':<16}" + "".join(f"{n:>12,} {'ratio':>8}" for n in rows))
    names = list(next(iter(rows.values())))
    for name in names:
        line = f"{name:<16}"
        for row in rows.values():
            base = row["import click"] if name == "version" else row["baseline"]
            base = row["check cold"] if name == "lsp update" else base
            ratio = (
                "" if name in ("baseline", "peak MB", "import click") else f"{row[name] / base:.3f}"
            )
            unit = "" if name == "peak MB" else " s"
            line += f"{row[name]:>10.3f}{unit:2} {ratio:>8}"
        print(line)
    if len(rows) > 1:
        small, big = sorted(rows)[0], sorted(rows)[-1]
        growth = rows[big]["check cold"] / rows[small]["check cold"]
        print(f"check cold growth {small:,} -> {big:,}: {growth:.2f}x")
    for n, t in sorted(diffs.items()):
        print(f"diff, one file changed, {n:,} claims: {t:.3f} s")
    if len(diffs) > 1:
        print(f"diff ratio: {diffs[max(diffs)] / diffs[min(diffs)]:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--diff-sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--mixed-units",
        type=float,
        default=0.0,
        metavar="F",
        help="about F of the claims in other units and languages (generate.py)",
    )
    parser.add_argument("--export", action="store_true", help="also time STIX export/import")
    args = parser.parse_args()
    MIXED["fraction"] = args.mixed_units
    EXPORT["on"] = args.export
    with tempfile.TemporaryDirectory(prefix="claims-bench-") as tmp:
        work = Path(tmp)
        rows = {n: measure(n, args.runs, work) for n in args.sizes}
        diffs = measure_diffs(args.diff_sizes, args.runs, work)
        print_table(rows, diffs)


if __name__ == "__main__":
    main()
