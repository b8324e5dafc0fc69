"""`claims site` on a generated store in a git repository: a full build and a one-file
rebuild, each against a cold `claims check` of the same store run right before it.

    python benchmarks/site.py                      # 100,000 claims, 2 rounds
    python benchmarks/site.py --claims 10000 --runs 3

Targets (docs/publishing.md): full build <= 2 x cold check, one-file rebuild <= 0.1 x full.
The machine is shared, so runs alternate (check, full, check, rebuild, ...) and each ratio is
taken within its round; min-max over the rounds are reported.

Each round builds into a folder of its own, and the sites are deleted only after the last
round: ext4 passes over recently freed inodes when it allocates one (`recently_deleted` in
`find_inode_bit`, seen with perf), so creating 130,000 pages right after deleting the last
build's 130,000 cost up to three times the system time. Leftovers of an interrupted run are
deleted first, followed by a pause of SETTLE seconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
EDITED = "claims/sources/src000042.toml"
SETTLE = 120  # seconds after deleting old sites, for ext4 to stop skipping their inodes


def run(args: list[str], cwd: Path, cache: Path, keep_cache: bool = False) -> float:
    """Seconds for one `claims` command; a cold cache unless `keep_cache` (a rebuild)."""
    if not keep_cache:
        shutil.rmtree(cache, ignore_errors=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(HERE / "src"),
        "CLAIMS_TODAY": "2026-03-01",
        "CLAIMS_CACHE_DIR": str(cache),
    }
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "claimledger", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def make_repo(work: Path, claims: int) -> Path:
    repo = work / f"repo{claims}"
    if (repo / ".git").exists():
        return repo
    repo.mkdir(parents=True)
    subprocess.run(
        [sys.executable, str(HERE / "benchmarks/generate.py"), str(claims), str(repo / "claims"),
         "--mixed-units", "0.2"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "generated store"]):
        subprocess.run(
            ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", *args],
            cwd=repo,
            check=True,
        )
    return repo


def one_round(repo: Path, work: Path, n: int) -> dict[str, float]:
    out = work / f"site{n}"
    times = {"check cold": run(["check"], repo, work / f"c{n}a")}
    times["site full"] = run(["site", str(out)], repo, work / f"s{n}")
    times["check cold 2"] = run(["check"], repo, work / f"c{n}b")
    edited = repo / EDITED
    original = edited.read_text()
    edited.write_text(original.replace('title = "Report', 'title = "Edited report', 1))
    try:
        times["site rebuild"] = run(["site", str(out)], repo, work / f"s{n}", keep_cache=True)
    finally:
        edited.write_text(original)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "site-bench")
    opts = parser.parse_args()
    repo = make_repo(opts.work, opts.claims)
    old_sites = sorted(opts.work.glob("site*"))
    if old_sites:
        print(f"deleting {len(old_sites)} old sites, then waiting {SETTLE} s", file=sys.stderr)
        for site in old_sites:
            shutil.rmtree(site)
        time.sleep(SETTLE)
    try:
        rounds = [one_round(repo, opts.work, n) for n in range(opts.runs)]
    finally:
        for n in range(opts.runs):
            shutil.rmtree(opts.work / f"site{n}", ignore_errors=True)
    for n, r in enumerate(rounds):
        print(f"round {n}: " + ", ".join(f"{name} {t:.2f} s" for name, t in r.items()))
    for name in rounds[0]:
        values = [r[name] for r in rounds]
        print(f"{name:14} {min(values):8.2f} - {max(values):8.2f} s")
    full = [r["site full"] / r["check cold"] for r in rounds]
    rebuild = [r["site rebuild"] / r["site full"] for r in rounds]
    print(f"full / cold check      {min(full):.2f} - {max(full):.2f}  (target <= 2)")
    print(f"rebuild / full         {min(rebuild):.3f} - {max(rebuild):.3f}  (target <= 0.1)")


if __name__ == "__main__":
    main()
