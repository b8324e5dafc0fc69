"""Conflict groups as diagnostics: one finding per group, at one anchor claim, with every
other claim of the group as a related location.

Severity is the group's own, the one `claims conflicts` shows: an `error` group is an error
(check exits 1) until someone records a judgment; a `warning` group is a warning (an error
with --strict); drift is info; resolved groups are silent. The language server asks for
`each_claim`: editors show a problem where one looks, so every involved claim is marked.
"""

from __future__ import annotations

from collections.abc import Iterator

from claimledger.conflicts.groups import ConflictGroup
from claimledger.model.diagnostics import Diagnostic, Related, Severity, at_key
from claimledger.model.records import Claim
from claimledger.model.values import plain
from claimledger.tomlstore.store import Store

INLINE_POSITIONS = 3  # positions named in a message; the rest are "and N more"
EDITOR_RELATED = 5  # claims each editor mark points at
HINT_IDS = 6  # claim ids a hint spells out


def describe_claim(claim: Claim, store: Store) -> str:
    """“nearly 70” (source-id, reliability C, low confidence)."""
    source = store.sources.get(claim.source)
    value = claim.value
    shown = ("true" if value else "false") if isinstance(value, bool) else plain(value)
    rel = f", reliability {source.reliability}" if source and source.reliability else ""
    return f"“{shown}” ({claim.source}{rel}, {claim.confidence} confidence)"


def group_diagnostics(
    group: ConflictGroup, store: Store, strict: bool, each_claim: bool = False
) -> Iterator[Diagnostic]:
    """The group's finding, at its anchor claim (or, with `each_claim`, at every claim
    involved, each pointing at the others)."""
    if group.status == "resolved":
        return
    severity, code = _severity_code(group, strict)
    involved = _involved(group)
    if not involved:
        return
    records = identity_records(group)
    where: dict[str, list[int]] = {}  # claim id -> the positions it stands in
    for n, pos in enumerate(group.positions, 1):
        for c in pos.claims:
            where.setdefault(c.id, []).append(n)
    hint = _hint(group)
    message = _message(group)
    if not each_claim:
        anchor = involved[0]
        related = tuple(_related(group, o, store, where) for o in group.claims if o is not anchor)
        yield at_key(
            anchor.origin, "value", severity, code, message, hint, related=related, records=records
        )
        return
    members = [frozenset(c.id for c in p.claims) for p in group.positions]
    shared: dict[tuple[int, ...], tuple[Related, ...]] = {}  # claims of the same positions
    for claim in involved:
        standing = tuple(where.get(claim.id, ()))
        related = shared.get(standing) if standing else None
        if related is None:
            others = _opposite(group, claim, members)
            related = tuple(_related(group, o, store, where) for o in others)
            if standing:
                shared[standing] = related
        yield at_key(
            claim.origin, "value", severity, code, message, hint, related=related, records=records
        )


def _opposite(group: ConflictGroup, claim: Claim, members: list[frozenset[str]]) -> list[Claim]:
    """A few claims that `claim` disagrees with (those of positions it is not in), for the
    editor's per-claim marks: the full list is in the anchor's finding."""
    found: list[Claim] = []
    for pos, ids in zip(group.positions, members, strict=True):
        if claim.id in ids:
            continue
        for other in pos.claims:
            if other is not claim and other not in found:
                found.append(other)
                if len(found) == EDITOR_RELATED:
                    return found
    if not found:  # a drift group, or a `contradicts` link within one position
        found = [c for c in group.claims if c is not claim][:EDITOR_RELATED]
    return found


def _severity_code(group: ConflictGroup, strict: bool) -> tuple[Severity, str]:
    if group.status == "drift":
        return Severity.INFO, "drift"
    code = "conflict-stale" if group.status == "stale" else "conflict"
    if group.severity == "error" or strict:
        return Severity.ERROR, code
    return Severity.WARNING, code


def _involved(group: ConflictGroup) -> list[Claim]:
    """The claims the finding is about, anchor first: the conflicting claims in position
    order (the drift group's claims by date), then by id."""
    if group.status == "drift":
        return list(group.claims)
    order = {c.id: n for n, pos in enumerate(group.positions) for c in reversed(pos.claims)}
    mine = [c for c in group.claims if c.id in group.conflicting_ids]
    return sorted(mine, key=lambda c: (order.get(c.id, len(order)), c.id))


def identity_records(group: ConflictGroup) -> tuple[str, ...]:
    """What makes a conflict the same conflict for `check --since`: its subject, its episode
    and its conflicting claims (a new claim elsewhere does not make it look new)."""
    ids = group.conflicting_ids if group.status != "drift" else ()
    episode = f"episode:{group.episode_label}" if group.episode else "episode:"
    return (f"subject:{group.subject}", episode, *sorted(f"claim:{i}" for i in ids))


def _message(group: ConflictGroup) -> str:
    if group.status == "drift":
        return f"{group.subject} {group.reason}"
    when = f" as of {group.episode_label}" if group.episode else ""
    shown = [
        f"{p.value} ({len(p.claims)} claim{'s' if len(p.claims) != 1 else ''}, "
        + (p.backing.label() if p.backing else f"{p.sources} source{'s' if p.sources != 1 else ''}")
        + ")"
        for p in group.positions[:INLINE_POSITIONS]
    ]
    more = len(group.positions) - INLINE_POSITIONS
    listed = " vs ".join(shown) + (f" and {more} more positions" if more > 0 else "")
    scope = " [scope differs]" if group.scope_differs else ""
    stale = (
        f" [resolution {group.resolution.id} is stale: {'; '.join(group.stale_reasons)}]"
        if group.status == "stale" and group.resolution
        else ""
    )
    return (
        f"{group.kind} conflict on {group.subject}{when}: {group.reason}{scope}; "
        f"{len(group.positions)} positions: {listed}{stale}"
    )


def _hint(group: ConflictGroup) -> str:
    if group.status == "drift":
        return (
            f"different values at different times; `claims timeline {group.subject}` shows "
            "them; nothing to resolve unless the dates are wrong"
        )
    ids = sorted(group.conflicting_ids)
    if len(ids) > HINT_IDS:  # the full list is in `claims conflicts SUBJECT --format json`
        named = " ".join(ids[:HINT_IDS]) + f" … ({len(ids)} claims in all)"
    else:
        named = " ".join(ids)
    return (
        f"see `claims conflicts {group.subject}`; record a judgment with `claims resolve "
        f"{named} --verdict ... --note ...`"
    )


def _related(
    group: ConflictGroup, other: Claim, store: Store, where: dict[str, list[int]]
) -> Related:
    line, col = other.origin.at("value")
    numbers = where.get(other.id, [])
    if group.status == "drift":
        word = "claim at another time"
    elif len(numbers) > 1:
        word = "compatible with positions " + ", ".join(map(str, numbers)) + ":"
    elif numbers:
        word = f"position {numbers[0]}:"
    else:
        word = "related claim"
    return Related(
        other.origin.file, line, col, f"{word} {other.id} {describe_claim(other, store)}"
    )
