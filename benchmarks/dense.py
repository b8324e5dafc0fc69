"""Dense subjects: many claims on one time-varying subject, measured beside the same number
of claims spread over many subjects.

The shape is a disaster's death toll: daily figures from dozens of outlets over weeks, the
toll rising from a few thousand to tens of thousands, most outlets agreeing (exact figures,
"more than", "at least", "about"), some a day behind, a few far off (a disputed day), and a
few month-level claims ("more than 40,000 as of February 2023") that span many days.

    python benchmarks/dense.py                    # 3,000 and 100,000 claims, 3 runs each
    python benchmarks/dense.py --sizes 3000 --runs 5
    python benchmarks/dense.py --write 3000 /tmp/dense/claims   # just write the store

Like run.py: fresh processes on stores under a temporary folder, medians; a benchmark, not a
test (a busy machine changes the figures, not a verdict).
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate, q
from run import timed

OUTLETS = 48
CLAIMS_PER_FILE = 10
START = datetime.date(2023, 2, 6)
RELIABILITY = "ABBCCCDE"
CONFIDENCE = ('"high"', '"moderate"', '"moderate"', '"low"')

LSP = """
import datetime, statistics, sys, time
from pathlib import Path
from claimledger.editor.workspace import Workspace
ws = Workspace(sys.argv[1], today=datetime.date(2026, 1, 1))
path = sorted(Path(sys.argv[1]).rglob("dense-*.toml"))[3]
text = path.read_text(encoding="utf-8")
times = []
for i in range(7):
    edited = text.replace("more than", "over", 1) if i % 2 else text
    start = time.perf_counter()
    ws.update(str(path), edited)
    times.append(time.perf_counter() - start)
print(statistics.median(times))
"""


def toll(day: int) -> int:
    """The true figure on a day: a logistic rise from about 2,300 to about 50,000."""
    return round(52_000 / (1 + math.exp(-(day - 6) / 2.6)))


def phrasing(rng: random.Random, figure: int) -> str:
    """How an outlet writes a figure it agrees with."""
    pick = rng.random()
    if pick < 0.35:
        return f"{figure:,}"
    if pick < 0.6:
        return f"more than {figure - figure % 100:,}"
    if pick < 0.8:
        return f"at least {figure:,}"
    return f"about {round(figure, -2):,}"


def dense_claim(
    rng: random.Random, cid: int, subject: str, source: str, days: int, coarse: float
) -> str:
    day = rng.randrange(days)
    when = START + datetime.timedelta(days=day)
    as_of = f"as_of = {when.isoformat()}"
    roll = rng.random()
    if roll < coarse:  # a month-level claim: it spans, and joins, many days
        value = "more than 40,000"
        as_of = f"as_of = {q(when.strftime('%B %Y'))}"
    elif roll < coarse + 0.03:  # far off: a disputed day
        low = round(toll(day) * 0.4, -2)
        value = f"{low:,.0f}–{round(toll(day) * 0.6, -2):,.0f}"
    elif roll < coarse + 0.13:  # a day behind, written as a floor: still compatible
        value = f"at least {toll(max(0, day - 1)):,}"
    else:
        value = phrasing(rng, toll(day))
    lines = [
        "[[claim]]",
        f'id = "{subject.split("/")[0]}-c{cid:07d}"',
        f"subject = {q(subject)}",
        f"value = {q(value)}",
        f"source = {q(source)}",
        as_of,
        f"quote = {q(f'The death toll rose to {value} on {when:%d %B}, officials said.')}",
        f'locator = "paragraph {1 + cid % 7}"',
        f"confidence = {CONFIDENCE[cid % len(CONFIDENCE)]}",
    ]
    return "\n".join(lines) + "\n"


def dense_files(
    n_claims: int, prefix: str = "quake", seed: int = 7, coarse: float = 0.0
) -> dict[str, str]:
    """{relative path: text}: one time-varying subject holding `n_claims` claims, a share
    `coarse` of them month-level (each joins a month of daily episodes into one)."""
    rng = random.Random(seed)
    subject = f"{prefix}/deaths"
    days = max(30, n_claims // 60)
    files = {
        f"subjects/{prefix}.toml": "\n".join(
            [
                "[[subject]]",
                f"id = {q(subject)}",
                'description = "How many people died in the earthquake?"',
                'kind = "quantity"',
                'unit = "people"',
                "time_varying = true",
                'aliases = ["death toll"]',
            ]
        )
        + "\n"
    }
    for k in range(0, n_claims, CLAIMS_PER_FILE):
        n = k // CLAIMS_PER_FILE
        source = f"{prefix}-s{n:06d}"
        outlet = n % OUTLETS
        published = START + datetime.timedelta(days=n % days)
        blocks = [
            "\n".join(
                [
                    "[[source]]",
                    f"id = {q(source)}",
                    f"title = {q(f'Earthquake live report {n}')}",
                    f"publisher = {q(f'Outlet {outlet}')}",
                    f"published = {published.isoformat()}",
                    f'reliability = "{RELIABILITY[outlet % len(RELIABILITY)]}"',
                ]
            )
            + "\n"
        ]
        for cid in range(k, min(k + CLAIMS_PER_FILE, n_claims)):
            blocks.append(dense_claim(rng, cid, subject, source, days, coarse))
        files[f"sources/dense-{prefix}-{n:06d}.toml"] = "\n".join(blocks)
    return files


def mixed_files(n_claims: int, dense_subjects: tuple[int, ...]) -> dict[str, str]:
    """A spread store with a few dense subjects: `n_claims` claims in all."""
    files = generate(n_claims - sum(dense_subjects))
    for i, size in enumerate(dense_subjects):
        files |= dense_files(size, prefix=f"quake{i}", seed=7 + i)
    return files


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def cold(store: Path, runs: int, work: Path, args: tuple[str, ...] = ()) -> tuple[float, float]:
    """Median seconds and peak MB of a cold `claims check` (empty cache each run)."""
    cache = work / "cache"
    env = dict(os.environ, CLAIMS_TODAY="2026-01-01", CLAIMS_CACHE_DIR=str(cache))
    cmd = [sys.executable, "-m", "claimledger", "check", "--format", "gcc", *args]
    times = []
    for _ in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        times.append(timed(cmd, env, store)[0])
    shutil.rmtree(cache, ignore_errors=True)
    return statistics.median(times), peak_mb(cmd[3:], store, env)


def peak_mb(args: list[str], store: Path, env: dict[str, str]) -> float:
    """Peak resident MB of one `claims` run, reported by the process itself (the children's
    figure from getrusage is the largest child so far, not this one's)."""
    # `claims` ends with os._exit (nothing to free): report just before it.
    wrapper = (
        "import os, resource, runpy, sys\n"
        "sys.argv = sys.argv[1:]\n"
        "real = os._exit\n"
        "def report(code):\n"
        "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "    sys.stderr.write(f'@@ {peak}\\n')\n"
        "    sys.stderr.flush()\n"
        "    real(code)\n"
        "os._exit = report\n"
        "runpy.run_module('claimledger', run_name='__main__')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, "claims", *args],
        cwd=store,
        env=env,
        capture_output=True,
        text=True,
    )
    line = [x for x in out.stderr.splitlines() if x.startswith("@@")][-1]
    return int(line[2:]) / 1024


def measure(n: int, runs: int, work: Path) -> dict[str, float]:
    dense, spread = work / f"dense{n}", work / f"spread{n}"
    write(dense / "claims", dense_files(n))
    write(spread / "claims", generate(n))
    row: dict[str, float] = {}
    row["dense check"], row["dense MB"] = cold(dense, runs, work)
    row["spread check"], row["spread MB"] = cold(spread, runs, work)
    row["ratio"] = row["dense check"] / row["spread check"]
    env = dict(os.environ, CLAIMS_TODAY="2026-01-01", CLAIMS_CACHE_DIR=str(work / "cache"))
    shutil.rmtree(work / "cache", ignore_errors=True)
    out = subprocess.run(
        [sys.executable, "-m", "claimledger", "conflicts", "--format", "json"],
        cwd=dense,
        env=env,
        capture_output=True,
    )
    row["conflicts MB"] = len(out.stdout) / 1e6
    if n <= 10_000:
        lsp = subprocess.run(
            [sys.executable, "-c", LSP, "claims"], cwd=dense, env=env, capture_output=True
        )
        row["lsp ms"] = float(lsp.stdout or "nan") * 1000
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--mixed", type=int, default=100_000, help="0 to skip")
    parser.add_argument("--write", nargs=2, metavar=("N", "FOLDER"))
    args = parser.parse_args()
    if args.write:
        write(Path(args.write[1]), dense_files(int(args.write[0])))
        return
    with tempfile.TemporaryDirectory(prefix="claims-dense-") as tmp:
        work = Path(tmp)
        for n in args.sizes:
            row = measure(n, args.runs, work)
            print(f"{n:>7,} claims: " + ", ".join(f"{k} {v:.3g}" for k, v in row.items()))
        if args.mixed:
            mixed = work / "mixed"
            write(mixed / "claims", mixed_files(args.mixed, (10_000, 3_000, 1_000)))
            seconds, mb = cold(mixed, args.runs, work)
            print(
                f"mixed {args.mixed:,} (dense subjects of 10,000, 3,000, 1,000): "
                f"check {seconds:.3g} s, {mb:.3g} MB"
            )


if __name__ == "__main__":
    main()
