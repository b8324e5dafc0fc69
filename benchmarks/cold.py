"""A cold `claims check` beside a plain parse of the same files, in turns, in one run.

    python benchmarks/cold.py STORE [--runs 5] [--src SRC ...]

Each round runs, in fresh processes and in turn: a stdlib `tomllib` parse of every `*.toml`
file of STORE, an `rtoml` parse of the same files, and `claims check --format json` with no
cache (`CLAIMS_NO_CACHE=1`) for each `--src` folder given (default: the installed
claimledger). Prints, per command, the median and min-max of wall and CPU seconds (user +
sys of the process), its peak resident memory, and the ratios of the medians to each parse,
plus the peak per claim. The machine may be shared: running the commands in turns makes a
busy spell slow each alike, and CPU time moves less than wall time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

PARSE = """
import os, sys
from {module} import loads
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".toml"):
            with open(os.path.join(folder, name), "rb") as f:
                data = f.read()
            try:
                loads(data.decode("utf-8"))
            except Exception:
                pass  # a broken file costs what it costs
"""


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MiB (max RSS) of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def commands(store: str, srcs: list[str]) -> dict[str, tuple[list[str], dict[str, str]]]:
    env = dict(os.environ, CLAIMS_NO_CACHE="1", CLAIMS_TODAY="2026-01-01")
    found = {
        "tomllib parse": ([sys.executable, "-c", PARSE.format(module="tomllib"), store], env),
        "rtoml parse": ([sys.executable, "-c", PARSE.format(module="rtoml"), store], env),
    }
    check = [sys.executable, "-m", "claimledger", "check", "--format", "json", "--store", store]
    for src in srcs or [""]:
        name = f"check {src}" if src else "check"
        found[name] = (check, dict(env, PYTHONPATH=src) if src else env)
    return found


def claims_in(store: str) -> int:
    count = 0
    for folder, _, names in os.walk(store):
        for name in names:
            if name.endswith(".toml"):
                with open(os.path.join(folder, name), "rb") as f:
                    count += f.read().count(b"[[claim]]")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--src", action="append", default=[], help="a claimledger src folder")
    args = parser.parse_args()
    todo = commands(args.store, args.src)
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in todo}
    for _ in range(args.runs):
        for name, (cmd, env) in todo.items():
            results[name].append(run(cmd, env))
    claims = claims_in(args.store)
    medians = {
        n: [statistics.median(r[i] for r in rs) for i in range(3)] for n, rs in results.items()
    }
    print(f"{args.store}: {claims:,} claims, {args.runs} rounds in turns (median, min-max)")
    for name, found in results.items():
        wall = sorted(r[0] for r in found)
        cpu = sorted(r[1] for r in found)
        wall_m, cpu_m, peak = medians[name]
        print(
            f"  {name:28} wall {wall_m:6.2f} s ({wall[0]:.2f}-{wall[-1]:.2f})"
            f"  cpu {cpu_m:6.2f} s ({cpu[0]:.2f}-{cpu[-1]:.2f})  peak {peak:5.0f} MiB"
            f" = {peak * 1024 * 1024 / max(claims, 1) / 1000:.2f} kB/claim"
        )
    tomllib_m, rtoml_m = medians["tomllib parse"], medians["rtoml parse"]
    for name in list(results)[2:]:
        wall_m, cpu_m, _ = medians[name]
        print(
            f"  {name}: wall {wall_m / tomllib_m[0]:.2f} x tomllib,"
            f" {wall_m / rtoml_m[0]:.2f} x rtoml;"
            f" cpu {cpu_m / tomllib_m[1]:.2f} x tomllib, {cpu_m / rtoml_m[1]:.2f} x rtoml"
        )


if __name__ == "__main__":
    main()
