"""Capture what the commands print on a pull-request repository, to prove a change keeps it.

    python benchmarks/pr_repo.py 100000 /tmp/pr100k
    python benchmarks/same_output.py capture /old/src /tmp/pr100k /tmp/out-old
    python benchmarks/same_output.py capture src /tmp/pr100k /tmp/out-new
    python benchmarks/same_output.py compare /tmp/out-old /tmp/out-new

Each command runs twice in a fresh process with a fresh cache folder (cold, then answered
from the cache); both runs' output and exit code are kept. On branch `feature` (one value
changed) and `findings` (new problems), against `main`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

COMMANDS = {
    "check": ["check"],
    "check-json": ["check", "--format", "json"],
    "check-sarif": ["check", "--format", "sarif"],
    "conflicts-json": ["conflicts", "--format", "json"],
    "since": ["check", "--since", "main"],
    "since-json": ["check", "--since", "main", "--format", "json"],
    "since-sarif": ["check", "--since", "main", "--format", "sarif"],
}
BRANCHES = {"feature": list(COMMANDS), "findings": ["since", "since-json", "since-sarif"]}


def run(src: Path, repo: Path, args: list[str], cache: Path) -> bytes:
    env = dict(
        os.environ,
        PYTHONPATH=str(src.resolve()),
        CLAIMS_TODAY="2026-01-01",
        CLAIMS_CACHE_DIR=str(cache),
        COLUMNS="80",
    )
    cmd = [sys.executable, "-m", "claimledger", *args]
    done = subprocess.run(cmd, cwd=repo, env=env, capture_output=True)
    return done.stdout + f"\n[exit {done.returncode}]\n".encode()


def capture(src: Path, repo: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for branch, names in BRANCHES.items():
        subprocess.run(["git", "checkout", "-q", branch], cwd=repo, check=True)
        for name in names:
            with tempfile.TemporaryDirectory(prefix="same-output-") as cache:
                for run_no in ("cold", "warm"):
                    text = run(src, repo, COMMANDS[name], Path(cache))
                    (out / f"{branch}.{name}.{run_no}").write_bytes(text)
            print(branch, name, file=sys.stderr)
    subprocess.run(["git", "checkout", "-q", "feature"], cwd=repo, check=True)


def compare(old: Path, new: Path) -> int:
    names = sorted(p.name for p in old.iterdir())
    bad = [n for n in names if (old / n).read_bytes() != (new / n).read_bytes()]
    for n in bad:
        print(f"differs: {n}")
    print(f"{len(names) - len(bad)} of {len(names)} outputs byte-identical")
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1] == "capture":
        capture(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
    elif sys.argv[1] == "compare":
        raise SystemExit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        raise SystemExit(__doc__)
