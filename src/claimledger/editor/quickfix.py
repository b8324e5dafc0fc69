"""Fixes offered on a conflict: record a resolution (each verdict), or mark one claim as
superseded by another. Pure: returns text insertions; the language server applies them."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from claimledger.conflicts.groups import ConflictGroup, find_conflicts
from claimledger.conflicts.resolutions import resolution_table
from claimledger.disk.adding import conventional_path, generate_id
from claimledger.model.records import VERDICTS, Claim
from claimledger.tomlstore.store import Store
from claimledger.tomlstore.writer import format_value, render_record

NOTE = "TODO: say why"
# Lines in a file as the editor sees it (buffer or disk), None when it does not exist.
LineCount = Callable[[str], int | None]


@dataclass(frozen=True)
class Insertion:
    """Text to insert before a 1-based line (line past the end appends); `create` when the
    file does not exist yet."""

    file: str
    line: int
    text: str
    create: bool = False


@dataclass(frozen=True)
class Fix:
    title: str
    insertions: tuple[Insertion, ...]


def conflict_group(store: Store, claim: Claim, today: datetime.date) -> ConflictGroup | None:
    """The conflict group (episode) in which `claim` is in conflict, if any."""
    groups = find_conflicts(store, today, [claim.subject])
    return next((g for g in groups if claim.id in g.conflicting_ids), None)


def _append(path: Path, text: str, lines_of: LineCount) -> Insertion:
    key = path.as_posix()
    count = lines_of(key)
    if count is not None:
        return Insertion(key, count + 1, "\n" + text)
    return Insertion(key, 1, text, create=True)


def resolve_fixes(
    store: Store, claim: Claim, group: ConflictGroup, today: datetime.date, lines_of: LineCount
) -> list[Fix]:
    """One "resolve as <verdict>" fix per verdict; `prefer` prefers the claim at hand."""
    ids = sorted(group.conflicting_ids)
    fixes = []
    for verdict in VERDICTS:
        preferred = claim.id if verdict == "prefer" else None
        table = resolution_table(store, ids, verdict, NOTE, preferred=preferred, on=today)
        table = {"id": generate_id("resolution", table, set(store.resolutions)), **table}
        path = conventional_path(Path(store.root), store, "resolution", table)
        title = f"Resolve as {verdict}" + (f" (prefer {claim.id})" if preferred else "")
        fixes.append(Fix(title, (_append(path, render_record("resolution", table), lines_of),)))
    return fixes


def supersede_fixes(store: Store, claim: Claim, group: ConflictGroup) -> list[Fix]:
    """'Mark <claim> as superseded by <other>': `supersedes` on each conflicting claim."""
    fixes = []
    for other in group.claims:
        if other.id == claim.id or other.id not in group.conflicting_ids or other.supersedes:
            continue
        line = f"supersedes = {format_value(claim.id)}\n"
        insertion = Insertion(other.origin.file, other.origin.line + 1, line)
        fixes.append(Fix(f"Mark {claim.id} as superseded by {other.id}", (insertion,)))
    return fixes


def conflict_fixes(
    store: Store, claim: Claim, today: datetime.date, lines_of: LineCount
) -> list[Fix]:
    """Every fix for the conflict a claim takes part in (none when it is in none)."""
    group = conflict_group(store, claim, today)
    if group is None:
        return []
    return resolve_fixes(store, claim, group, today, lines_of) + supersede_fixes(
        store, claim, group
    )
