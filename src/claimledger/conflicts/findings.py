"""Conflict groups as diagnostics: one on each claim involved, pointing at all the others.

Open and stale conflicts are warnings (errors with --strict); drift is info; resolved groups
are silent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from claimledger.conflicts.compare import CONFLICT
from claimledger.conflicts.groups import ConflictGroup
from claimledger.model.diagnostics import Diagnostic, Related, Severity, at_key
from claimledger.model.records import Claim
from claimledger.model.values import plain
from claimledger.tomlstore.store import Store


def _describe(claim: Claim, store: Store) -> str:
    """“nearly 70” (source-id, reliability C, low confidence)."""
    source = store.sources.get(claim.source)
    value = claim.value
    shown = ("true" if value else "false") if isinstance(value, bool) else plain(value)
    rel = f", reliability {source.reliability}" if source and source.reliability else ""
    return f"“{shown}” ({claim.source}{rel}, {claim.confidence} confidence)"


def group_diagnostics(group: ConflictGroup, store: Store, strict: bool) -> Iterator[Diagnostic]:
    if group.status == "resolved":
        return
    if group.status == "drift":
        severity, code = Severity.INFO, "drift"
        involved = {c.id for p in group.pairs for c in (p.a, p.b)}
    else:
        severity = Severity.ERROR if strict else Severity.WARNING
        code = "conflict-stale" if group.status == "stale" else "conflict"
        involved = set(group.conflicting_ids)
    against = _opponents(group)
    drift = group.status == "drift"
    hint = _hint(group)
    records = tuple(sorted(f"claim:{c.id}" for c in group.claims if c.id in involved))
    described: dict[str, str] = {}  # each claim's description, shared by every message

    def describe(c: Claim) -> str:
        found = described.get(c.id)
        if found is None:
            found = described[c.id] = _describe(c, store)
        return found

    for claim in sorted((c for c in group.claims if c.id in involved), key=lambda c: c.id):
        mine = against.get(claim.id, ())
        yield at_key(
            claim.origin,
            "value",
            severity,
            code,
            _message(group, claim, against, store, describe),
            hint,
            related=tuple(
                _related(other, other.id in mine, store, drift, describe)
                for other in group.claims
                if other.id != claim.id
            ),
            records=records,
        )


def _opponents(group: ConflictGroup) -> dict[str, set[str]]:
    """Who each claim disagrees with: conflicts in a conflict group, changes in a drift group."""
    found: dict[str, set[str]] = {}
    wanted = "drift" if group.status == "drift" else CONFLICT
    for p in group.pairs:
        if p.relation != wanted:
            continue
        found.setdefault(p.a.id, set()).add(p.b.id)
        found.setdefault(p.b.id, set()).add(p.a.id)
    return found


def _message(
    group: ConflictGroup,
    claim: Claim,
    against: dict[str, set[str]],
    store: Store,
    describe: Callable[[Claim], str] | None = None,
) -> str:
    describe = describe or (lambda c: _describe(c, store))
    others = sorted(against.get(claim.id, ()))
    names = ", ".join(f"{o} {describe(store.claims[o])}" for o in others[:3])
    more = f" and {len(others) - 3} more" if len(others) > 3 else ""
    if group.status == "drift":
        return f"{group.subject} changed over time: {group.reason}; see {names}{more}"
    scope = " [scope differs]" if group.scope_differs else ""
    stale = (
        f" [resolution {group.resolution.id} is stale: {'; '.join(group.stale_reasons)}]"
        if group.status == "stale" and group.resolution
        else ""
    )
    return (
        f"{group.kind} conflict on {group.subject}: {group.reason}{scope}; "
        f"{describe(claim)} vs {names}{more}{stale}"
    )


def _hint(group: ConflictGroup) -> str:
    if group.status == "drift":
        return "different values at different times; nothing to resolve unless the dates are wrong"
    ids = " ".join(sorted(group.conflicting_ids))
    return (
        f"see `claims conflicts {group.subject}`; record a judgment with `claims resolve {ids} "
        "--verdict ... --note ...`"
    )


def _related(
    other: Claim,
    clashes: bool,
    store: Store,
    drift: bool = False,
    describe: Callable[[Claim], str] | None = None,
) -> Related:
    line, col = other.origin.at("value")
    word = (
        ("claim at another time" if drift else "conflicting claim") if clashes else "related claim"
    )
    shown = describe(other) if describe else _describe(other, store)
    return Related(other.origin.file, line, col, f"{word} {other.id}: {shown}")


__all__ = ["CONFLICT", "group_diagnostics"]
