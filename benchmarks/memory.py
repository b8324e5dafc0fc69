"""Peak memory of the streaming outputs against a cold `claims check`, on a generated store.

    python benchmarks/memory.py                      # 100,000 claims, 3 rounds
    python benchmarks/memory.py --claims 10000 --rounds 5 --store /tmp/big/claims

Each round runs every command once, in turns (a busy spell slows each alike), in a fresh
process; most with no cache (`CLAIMS_NO_CACHE=1`: the snapshot reads every file, the worst
case), the last three with a cache emptied first, and as the run before left it;
the peak is the child's own maximum resident set (`os.wait4`), not the maximum over all
children that `RUSAGE_CHILDREN` gives. Output goes to /dev/null. Prints, per command, the
median and the min-max of peak MB and wall seconds. A benchmark, not a test.
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
from generate import write_store

# name -> (arguments, the cache: "off", "empty" (cleared first) or "warm" (as left before)).
COMMANDS = {
    "check (cold)": (["check"], "off"),
    "list --format json": (["list", "--format", "json"], "off"),
    "list --format jsonl": (["list", "--format", "jsonl"], "off"),
    "sources --format jsonl": (["sources", "--format", "jsonl"], "off"),
    "list json, cache empty": (["list", "--format", "json"], "empty"),
    "list json, cache warm": (["list", "--format", "json"], "warm"),
    "list jsonl, cache warm": (["list", "--format", "jsonl"], "warm"),
}


def peak_of(args: list[str], store: Path, cache: str, folder: Path) -> tuple[float, float]:
    """Peak resident MB and wall seconds of one `claims ARGS` process."""
    env = {**os.environ, "CLAIMS_STORE": str(store), "CLAIMS_CACHE_DIR": str(folder)}
    if cache == "off":
        env["CLAIMS_NO_CACHE"] = "1"
    elif cache == "empty":
        shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "claimledger", *args],
            stdout=sink,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0  # reaped by wait4: keep Popen from waiting again
    return usage.ru_maxrss / 1024, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--store", type=Path, help="an existing store (else one is generated)")
    parser.add_argument("--only", nargs="*", help="just these commands (names as printed)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = options.store or Path(tmp) / "claims"
        if options.store is None:
            write_store(store, options.claims)
        chosen = {k: v for k, v in COMMANDS.items() if not options.only or k in options.only}
        found: dict[str, list[tuple[float, float]]] = {name: [] for name in chosen}
        for _ in range(options.rounds):
            for name, (args, cache) in chosen.items():
                found[name].append(peak_of(args, store, cache, Path(tmp) / "cache"))
    print(f"{'command':24} {'peak MB':>9} {'(min-max)':>15} {'seconds':>8} {'(min-max)':>13}")
    for name, runs in found.items():
        peaks, times = [p for p, _ in runs], [t for _, t in runs]
        print(
            f"{name:24} {statistics.median(peaks):9.0f} "
            f"{f'({min(peaks):.0f}-{max(peaks):.0f})':>15} {statistics.median(times):8.1f} "
            f"{f'({min(times):.1f}-{max(times):.1f})':>13}"
        )


if __name__ == "__main__":
    main()
