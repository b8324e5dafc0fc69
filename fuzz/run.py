"""Fuzz the loader and the value parser.

    python fuzz/run.py --runs 100000                 # built-in mutation fuzzer, both targets
    python fuzz/run.py --target values --runs 50000 --seed 7
    pip install atheris && python fuzz/run.py --atheris loader -atheris_runs=100000

The built-in fuzzer mutates the bad-input corpus (tests/corpus) with byte flips, TOML-shaped
insertions, deletions, duplications and splices. An input that raises is saved under
fuzz/crashes/ and the run exits 1. Not part of CI: docs/reliability.md has the figures.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from targets import TARGETS  # noqa: E402

TOKENS = [
    b"[[claim]]\n", b"[[source]]\n", b"[[subject]]\n", b"[[resolution]]\n", b"[claim]\n",
    b"[claim.x]\n", b'id = "', b" = ", b'"', b"'", b'"""', b"'''", b"[", b"]", b"{", b"}",
    b",", b"\n", b"\r\n", b"\r", b"\t", b"\x00", b"\xff", b"\xef\xbb\xbf", b"#", b"\\",
    b"\\u0000", b"nan", b"inf", b"-1", b"1e999", b"9999-12-31", b"2025-02-30", b"0x7f",
    b"<<<<<<< HEAD\n", b"=======\n", b">>>>>>> b\n", "عربي".encode(), "e\u0301".encode(),
    b"about ", b"nearly ", b"between 3 and ", b"June ", b"1,000,000", b"\xe2\x80\xae",
    b'value = "', b'subject = "', b'source = "', b"quote = ", b"confidence = ", b"min = ",
    b"max = ", b"date = ", b"as_of = ", b"kind = \"quantity\"\n", b"kind = \"date\"\n",
]  # fmt: skip


def seeds() -> list[bytes]:
    corpus = HERE.parent / "tests" / "corpus"
    found = [p.read_bytes() for p in sorted(corpus.rglob("*.toml")) if p.is_file()]
    return [s for s in found if len(s) < 20_000] + [b"", b"a = 1\n"]


def mutate(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(6)
        pos = rng.randint(0, len(buf))
        if op == 0 and buf:
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[pos:pos] = rng.choice(TOKENS)
        elif op == 2 and buf:
            del buf[pos : pos + rng.randint(1, 16)]
        elif op == 3 and buf:
            end = min(len(buf), pos + rng.randint(1, 64))
            buf[pos:pos] = buf[pos:end] * rng.randint(1, 4)
        elif op == 4:
            other = rng.choice(pool)
            a = rng.randint(0, len(other))
            buf[pos:pos] = other[a : a + rng.randint(1, 200)]
        else:
            buf[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
    return bytes(buf[:65536])


def run_builtin(target_names: list[str], runs: int, seed: int) -> int:
    rng = random.Random(seed)
    pool = seeds()
    crashes = HERE / "crashes"
    started, count, failed = time.monotonic(), 0, 0
    for i in range(runs):
        data = mutate(rng, rng.choice(pool), pool)
        for name in target_names:
            count += 1
            try:
                TARGETS[name](data)
            except Exception:
                failed += 1
                crashes.mkdir(exist_ok=True)
                out = crashes / f"{name}-{hashlib.sha1(data).hexdigest()[:12]}.bin"
                out.write_bytes(data)
                print(f"CRASH in {name}: saved {out}", file=sys.stderr)
                traceback.print_exc()
        if rng.random() < 0.02 and len(pool) < 5000:
            pool.append(data)  # keep some mutants as seeds: mutations compound
        if (i + 1) % 10_000 == 0:
            print(f"{i + 1} rounds, {count} inputs, {time.monotonic() - started:.0f} s", flush=True)
    elapsed = time.monotonic() - started
    print(f"done: {count} inputs ({runs} per target), {failed} failures, {elapsed:.1f} s")
    return 1 if failed else 0


def run_atheris(name: str, argv: list[str]) -> None:
    import atheris  # type: ignore[import-not-found]

    atheris.instrument_all()  # claimledger is already imported by targets.py
    atheris.Setup([sys.argv[0], *argv], TARGETS[name])
    atheris.Fuzz()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=sorted(TARGETS), action="append")
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--atheris", choices=sorted(TARGETS), help="use atheris (libFuzzer)")
    args, rest = parser.parse_known_args()
    if args.atheris:
        run_atheris(args.atheris, rest)
        return 0
    return run_builtin(args.target or sorted(TARGETS), args.runs, args.seed)


if __name__ == "__main__":
    sys.exit(main())
