"""Records read from another tool's format -> the files they are appended to.

Shared by the STIX and ClaimReview readers. A record whose kind and id are already in the
store (or earlier in the batch) is skipped, so importing the same file twice adds nothing.
Sources go to `sources/<id>.toml` with the new claims of that source; claims of a stored
source join its file; subjects and resolutions go where `claims add` puts them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.disk.adding import conventional_path
from claimledger.tomlstore.store import Store

Appends = dict[Path, list[tuple[str, dict[str, Any]]]]


@dataclass
class Placed:
    """What an import writes (records per file, in order) and what it skipped and why."""

    appends: Appends = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)  # kind -> records already stored

    def count(self, kind: str) -> int:
        return sum(1 for records in self.appends.values() for k, _ in records if k == kind)


ORDER = ("source", "subject", "claim", "resolution", "review")


def place_records(root: Path, store: Store, records: list[tuple[str, dict[str, Any]]]) -> Placed:
    """The new records in their files; those whose id the store already holds skipped."""
    placed = Placed()
    seen: set[tuple[str, str]] = set()
    new_claims: dict[str, dict[str, Any]] = {}
    ordered = sorted(records, key=lambda r: ORDER.index(r[0]) if r[0] in ORDER else len(ORDER))
    for kind, table in ordered:
        rid = str(table.get("id", ""))
        if (kind, rid) in seen:
            continue
        seen.add((kind, rid))
        if rid in store.index(kind):
            placed.skipped[kind] = placed.skipped.get(kind, 0) + 1
            continue
        if kind == "claim":
            new_claims[rid] = table
        path = _path_of(root, store, kind, table, new_claims)
        placed.appends.setdefault(path, []).append((kind, table))
    return placed


def _path_of(
    root: Path, store: Store, kind: str, table: dict[str, Any], new_claims: dict[str, Any]
) -> Path:
    if kind == "claim" and table.get("source") not in store.sources:
        return root / "sources" / f"{table.get('source')}.toml"
    if kind in ("resolution", "review"):
        named = table.get("claims", []) if kind == "resolution" else [table.get("claim")]
        subjects = [
            str(store.claims[c].subject if c in store.claims else new_claims[c]["subject"])
            for c in named
            if c in store.claims or c in new_claims
        ]
        first = subjects[0].split("/")[0] if subjects else "general"
        return root / f"{kind}s" / f"{first}.toml"
    return conventional_path(root, store, kind, table)
