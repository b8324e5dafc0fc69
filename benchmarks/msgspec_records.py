"""Records built in compiled code (msgspec) against today's frozen dataclasses.

    python benchmarks/msgspec_records.py STORE     # a claims/ folder, e.g. from generate.py

Reads every file's TOML once (rtoml where `tomlstore.decode` would use it), then builds the
same claims, sources, subjects and resolutions three ways, in turns, best of 5 (CPU time):

- `make_record`: today's loader step (validation of every field + `RECORD_BUILDERS`);
- `builder`: `RECORD_BUILDERS` alone, from the values `make_record` validated;
- `msgspec.convert`: frozen `msgspec.Struct`s (`frozen=True, gc=False`) built and
  type-checked in C from the TOML tables, with origin and table added to each table's copy;
- `Struct(**values)`: the same Structs built from the validated values.

and the memory each record holds beyond its table and values (tracemalloc). A benchmark aid
for docs/performance.md ("Records in compiled code"), not part of claimledger: msgspec is
imported here only.
"""

from __future__ import annotations

import datetime
import gc
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import msgspec

from claimledger.model.records import RECORD_BUILDERS, Origin
from claimledger.tomlstore.decode import decode, load_toml
from claimledger.tomlstore.parse import make_record

Date = Any  # str | datetime.date: msgspec allows one string-like type per union


class SourceS(msgspec.Struct, frozen=True, gc=False):
    id: str
    title: str = ""
    publisher: str = ""
    url: str | None = None
    author: str | None = None
    published: Date = None
    accessed: Date = None
    language: str | None = None
    translated_from: str | None = None
    reliability: str | None = None
    archive: str | None = None
    archive_sha256: str | None = None
    cites: tuple[str, ...] = ()
    status: str | None = None
    status_date: Date = None
    status_note: str | None = None
    notes: str | None = None
    origin: Any = None
    table: Any = None


class SubjectS(msgspec.Struct, frozen=True, gc=False):
    id: str
    description: str = ""
    kind: str = "text"
    unit: str | None = None
    unit_aliases: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    time_varying: bool = False
    cardinality: str = "one"
    tolerance: float | None = None
    notes: str | None = None
    origin: Any = None
    table: Any = None


class ClaimS(msgspec.Struct, frozen=True, gc=False):
    id: str
    subject: str = ""
    value: Any = None
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    scope: str | None = None
    source: str = ""
    claimant: str | None = None
    via: str | None = None
    date: Date = None
    as_of: Date = None
    quote: str = ""
    quote_original: str | None = None
    locator: str | None = None
    confidence: str | int | None = None
    tags: tuple[str, ...] = ()
    notes: str | None = None
    contradicts: tuple[str, ...] = ()
    supports: tuple[str, ...] = ()
    supersedes: str | None = None
    status: str = "active"
    reaffirmed: Date = None
    origin: Any = None
    table: Any = None


class ResolutionS(msgspec.Struct, frozen=True, gc=False):
    id: str
    claims: tuple[str, ...] = ()
    verdict: str = ""
    preferred: str | None = None
    note: str = ""
    by: str | None = None
    on: Date = None
    revisit: Date = None
    fingerprints: dict[str, str] = {}
    judged: dict[str, dict[str, Any]] = {}
    origin: Any = None
    table: Any = None


STRUCTS = {"source": SourceS, "subject": SubjectS, "claim": ClaimS, "resolution": ResolutionS}


def tables(store: Path) -> list[tuple[str, dict[str, Any]]]:
    """(kind, table) of every record of the store, as the loader's TOML step gives them."""
    found = []
    for path in sorted(store.rglob("*.toml")):
        text, _ = decode(str(path), path.read_bytes())
        if text is None:
            continue
        try:
            data = load_toml(text)
        except Exception:
            continue
        for kind in STRUCTS:
            found += [(kind, t) for t in data.get(kind, ()) if isinstance(t, dict)]
    return found


def best_of(runs: int, build: Any) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        built = build()
        times.append(time.process_time() - start)
        del built
    return min(times)


def held_bytes(build: Any) -> int:
    """Bytes still allocated once `build()` returns (what its result holds)."""
    gc.collect()
    tracemalloc.start()
    built = build()
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del built
    return size


def main() -> None:
    rows = tables(Path(sys.argv[1]))
    origin = Origin("f.toml", 1)
    validated = []
    for kind, table in rows:
        record, _ = make_record(kind, table, origin)
        if record is not None:
            values = {k: v for k, v in vars(record).items() if k in table or k == "id"}
            validated.append((kind, values, table))
    gc.disable()
    ways = {
        "make_record": lambda: [make_record(k, t, origin) for k, t in rows],
        "builder": lambda: [RECORD_BUILDERS[k](v, origin, t) for k, v, t in validated],
        "msgspec.convert": lambda: [
            msgspec.convert({**t, "origin": origin, "table": t}, STRUCTS[k], strict=False)
            for k, _, t in validated
        ],
        "Struct(**values)": lambda: [
            STRUCTS[k](**v, origin=origin, table=t) for k, v, t in validated
        ],
    }
    n = len(validated)
    print(f"{n} records ({sum(k == 'claim' for k, _, _ in validated)} claims), best of 5:")
    for name, build in ways.items():
        seconds = best_of(5, build)
        print(f"  {name:18} {seconds:6.3f} s  {seconds / n * 1e6:5.2f} us per record")
    print("memory held per record (the records and their own containers):")
    for name in ("builder", "msgspec.convert", "Struct(**values)"):
        print(f"  {name:18} {held_bytes(ways[name]) / n:7.1f} bytes")
    print(f"  one table (rtoml dict) {sys.getsizeof(rows[-1][1])} bytes, date {datetime.date}")


if __name__ == "__main__":
    main()
