"""A claim's relations in the conflict engine: the claims it conflicts with, in any group
(a `contradicts` link may cross subjects), and those on its subject that agree with it.
`claims show`, the editor's hover, `resolve` and the track record ask this."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from claimledger.conflicts.compare import AGREE, compare_values
from claimledger.conflicts.groups import (
    ConflictGroup,
    active_claims,
    comparable,
    find_conflicts,
    typed_value,
)
from claimledger.model.claim_value import date_span, holds_as_of
from claimledger.model.records import Claim
from claimledger.tomlstore.store import Store


@dataclass(frozen=True)
class Relations:
    agrees: tuple[Claim, ...] = ()
    conflicts: tuple[Claim, ...] = ()
    group: ConflictGroup | None = field(default=None, compare=False)


def conflicts_of(group: ConflictGroup, claim: Claim) -> set[str]:
    """The claims of a group that `claim` conflicts with: in a section where it stands,
    those sharing none of its positions; and its `contradicts` partners."""
    found = set()
    for section in group.sections:
        mine = [n for n in section.positions if claim in group.positions[n - 1].claims]
        if not mine:
            continue
        with_me = {c.id for n in mine for c in group.positions[n - 1].claims}
        for n in section.positions:
            found |= {c.id for c in group.positions[n - 1].claims if c.id not in with_me}
    for p in group.asserted:
        if claim.id in (p.a.id, p.b.id):
            found.add(p.b.id if p.a.id == claim.id else p.a.id)
    return found


def relations_of(store: Store, claim: Claim, today: datetime.date) -> Relations:
    """The claims that conflict with `claim` (in any group: a `contradicts` link may cross
    subjects) and the claims on its subject whose values agree with it (or that it supports)."""
    subjects = {claim.subject} | {
        store.claims[o].subject for o in claim.contradicts if o in store.claims
    }
    subjects |= {c.subject for c in store.claims.values() if claim.id in c.contradicts}
    groups = [g for g in find_conflicts(store, today, subjects) if claim in g.claims]
    group = next((g for g in groups if g.subject == claim.subject and g.status != "drift"), None)
    clashing = set().union(*(conflicts_of(g, claim) for g in groups)) if groups else set()
    others = [
        c
        for c in active_claims(store, store.claims_by_subject.get(claim.subject, []))
        if c.id != claim.id and c.id not in clashing
    ]
    return Relations(
        agrees=tuple(c for c in others if _agree(store, claim, c)),
        conflicts=tuple(store.claims[i] for i in sorted(clashing)),
        group=group or (groups[0] if groups else None),
    )


def _agree(store: Store, a: Claim, b: Claim) -> bool:
    """Compatible values at overlapping times; for many-valued texts only a `supports` link."""
    subject = store.subjects.get(a.subject)
    if b.id in a.supports or a.id in b.supports:
        return True
    if subject is None or not (comparable(store, a, subject) and comparable(store, b, subject)):
        return False
    when = [date_span(holds_as_of(c, store.sources.get(c.source))) for c in (a, b)]
    many = subject.kind == "text" and subject.cardinality == "many"
    verdict = compare_values(
        typed_value(store, a, subject),
        typed_value(store, b, subject),
        *when,
        subject.time_varying,
        many,
    )
    return verdict.relation == AGREE


def conflicting_claim_ids(store: Store, today: datetime.date) -> set[str]:
    """Claims in open or stale conflicts."""
    return {
        cid
        for g in find_conflicts(store, today)
        if g.status in ("open", "stale")
        for cid in g.conflicting_ids
    }
