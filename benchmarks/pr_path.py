"""The pull-request path: what CI runs on a branch changing one value, in a fresh clone.

    python benchmarks/pr_path.py 100000 --old /path/to/old/src --runs 3

Builds a canonical `pr_repo.py` repository (branch `feature` changes one value), clones it,
and times in the clone, in turns (old code, new code, each scenario once per round): a cold
`check`, `check --since main`, `diff main...HEAD` and `fmt --check` with an empty cache, and
the same with the cache folder restored (copied) from a run in the original checkout, as a CI
job restores it. Prints min-max and medians, peak memory, and ratios to the cold `check` of
the same round. Benchmarks, not tests: a busy machine changes the figures, not a verdict.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from pr_repo import git, make_pr_repo

SRC = Path(__file__).resolve().parent.parent / "src"
SCENARIOS = {
    "check": ["check", "--format", "gcc"],
    "check --since": ["check", "--since", "main", "--format", "gcc"],
    "diff": ["diff", "main...HEAD", "--format", "json"],
    "fmt --check": ["fmt", "--check"],
}
# Peak resident memory of one command: a fresh wrapper process per run, as RUSAGE_CHILDREN
# keeps the largest child ever waited for.
PEAK = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,"
    " stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def timed(src: Path, args: list[str], cwd: Path, cache: Path) -> tuple[float, float]:
    """Seconds and peak MB of `claims ARGS` run with the code in `src`."""
    env = dict(
        os.environ, PYTHONPATH=str(src), CLAIMS_TODAY="2026-01-01", CLAIMS_CACHE_DIR=str(cache)
    )
    cmd = [sys.executable, "-c", PEAK, sys.executable, "-m", "claimledger", *args]
    start = time.perf_counter()
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=True)
    return time.perf_counter() - start, int(out.stdout) / 1024


def prepare(n: int, work: Path, new: Path) -> tuple[Path, Path]:
    """The canonical repository, its clone, and the cache a first run left (new code)."""

    def canonical(folder: Path) -> None:
        env = dict(os.environ, PYTHONPATH=str(new), CLAIMS_NO_CACHE="1")
        cmd = [sys.executable, "-m", "claimledger", "fmt"]
        subprocess.run(cmd, cwd=folder, env=env, check=True, capture_output=True)

    repo = work / "origin"
    make_pr_repo(repo, n, canonical)
    clone = work / "clone" / "origin"
    git(work, "clone", "-q", "--no-local", str(repo), str(clone))
    git(clone, "branch", "-q", "main", "origin/main")
    git(clone, "checkout", "-q", "feature")
    saved = work / "saved-cache"
    time.sleep(2.1)  # let the files age past the cache's racy window, as in real use
    for args in SCENARIOS.values():
        timed(new, args, repo, saved)
    return clone, saved


def measure(runs: int, clone: Path, saved: Path, codes: dict[str, Path], work: Path):
    cache = work / "cache"
    times: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    for _ in range(runs):
        for label, src in codes.items():
            for restored in (False, True):
                for name, args in SCENARIOS.items():
                    shutil.rmtree(cache, ignore_errors=True)
                    if restored:
                        shutil.copytree(saved, cache)
                    key = (label, "restored" if restored else "empty", name)
                    times.setdefault(key, []).append(timed(src, args, clone, cache))
    return times


def report(times, codes: dict[str, Path]) -> None:
    cold = {label: [t for t, _ in times[(label, "empty", "check")]] for label in codes}
    print(f"{'code':<5} {'cache':<9} {'command':<14} {'min-max s':>13} {'median':>7} "
          f"{'x cold check':>13} {'peak MB':>8}")  # fmt: skip
    for (label, cache, name), found in times.items():
        secs = [t for t, _ in found]
        ratios = [t / c for t, c in zip(secs, cold[label], strict=True)]
        peak = max(mb for _, mb in found)
        print(
            f"{label:<5} {cache:<9} {name:<14} {min(secs):>6.2f}-{max(secs):<6.2f}"
            f"{statistics.median(secs):>7.2f} {min(ratios):>6.2f}-{max(ratios):<6.2f}"
            f"{peak:>8.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("claims", type=int)
    parser.add_argument("--old", type=Path, help="another src folder to compare with")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    codes = {"new": SRC}
    if args.old:
        codes = {"old": args.old.resolve(), "new": SRC}
    with tempfile.TemporaryDirectory(prefix="claims-pr-") as tmp:
        work = Path(tmp)
        clone, saved = prepare(args.claims, work, SRC)
        report(measure(args.runs, clone, saved, codes, work), codes)


if __name__ == "__main__":
    main()
