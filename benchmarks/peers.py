"""Peers for scale: `bean-check` (beancount) and `hledger check` on a ledger of N
transactions, beside a cold `claims check` of N claims, in turns.

    python benchmarks/peers.py 100000 --runs 3
    BEAN_CHECK=/opt/peer/bin/bean-check BEAN_PYTHONPATH=/opt/peer python benchmarks/peers.py 1000

A peer that is not installed is reported, never a failure (`pip install beancount`,
`apt-get install hledger`). The ledgers have the shape of a small business: 100 accounts,
two postings a transaction, one balance assertion per 1,000 transactions. Not the same work
as checking claims; a yardstick of what a mature plain-text checker costs per record.
"""

from __future__ import annotations

import argparse
import datetime
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

ACCOUNTS = 100


def ledger(n: int, beancount: bool) -> str:
    """N transactions in beancount or hledger syntax."""
    start = datetime.date(2000, 1, 1)
    lines = []
    if beancount:
        lines += [f"2000-01-01 open Assets:Bank{a:03d} USD" for a in range(ACCOUNTS)]
        lines += ["2000-01-01 open Income:Sales USD", ""]
    balance = [0] * ACCOUNTS
    for i in range(n):
        day = start + datetime.timedelta(days=i // 40)
        a = i % ACCOUNTS
        balance[a] += 10 + i % 7
        lines.append(f'{day} * "Sale {i}"' if beancount else f"{day} * Sale {i}")
        lines.append(f"  Assets:Bank{a:03d}  {10 + i % 7}.00 USD")
        lines.append("  Income:Sales")
        if i % 1000 == 999:
            after = day + datetime.timedelta(days=1)
            if beancount:
                lines.append(f"{after} balance Assets:Bank{a:03d}  {balance[a]}.00 USD")
            else:
                lines.append(f"{after} * check\n  Assets:Bank{a:03d}  0 USD = {balance[a]}.00 USD")
        lines.append("")
    return "\n".join(lines) + "\n"


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    if cmd[0].endswith("bean-check") and os.environ.get("BEAN_PYTHONPATH"):
        env = dict(env, PYTHONPATH=os.environ["BEAN_PYTHONPATH"])  # a `pip install --target`
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{cmd[0]} failed: {done.stderr.decode()[-500:]}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    bean = os.environ.get("BEAN_CHECK") or shutil.which("bean-check")
    hledger = shutil.which("hledger")
    with tempfile.TemporaryDirectory(prefix="claims-peers-") as tmp:
        work = Path(tmp)
        write_store(work / "claims", args.n)
        (work / "ledger.beancount").write_text(ledger(args.n, True), encoding="utf-8")
        (work / "ledger.journal").write_text(ledger(args.n, False), encoding="utf-8")
        env = dict(os.environ, CLAIMS_NO_CACHE="1", CLAIMS_TODAY="2026-01-01")
        commands = {"claims check (cold)": [sys.executable, "-m", "claimledger", "check"]}
        if bean:
            commands["bean-check"] = [bean, "ledger.beancount"]
        if hledger:
            commands["hledger check"] = [hledger, "-f", "ledger.journal", "check"]
        for name, found in (("bean-check", bean), ("hledger", hledger)):
            if not found:
                print(f"{name}: not installed, not measured")
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(timed(cmd, work, env))
    for name, found in times.items():
        median = statistics.median(found)
        print(f"{name:<22} {min(found):7.2f}-{max(found):<7.2f} s  median {median:.2f}")


if __name__ == "__main__":
    main()
