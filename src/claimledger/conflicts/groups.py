"""Conflict groups: one per subject, with positions (sets of mutually compatible claims),
a kind, a reason, a severity, and a status after resolutions are applied.

Only active claims take part: not retracted or withdrawn, not superseded by an active claim,
with a readable value in the subject's unit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from claimledger.conflicts.compare import (
    AGREE,
    CONFLICT,
    DRIFT,
    compare_values,
    text_key,
    values_disagree,
)
from claimledger.conflicts.resolutions import resolution_status
from claimledger.model.claim_value import (
    TextValue,
    claim_value,
    date_span,
    holds_as_of,
    unit_ok,
)
from claimledger.model.records import Claim, Resolution, Subject, confidence_score
from claimledger.model.values import DaySpan, Quantity, ValueProblem
from claimledger.tomlstore.store import Store

TRUSTED_RELIABILITY = frozenset("ABC")


@dataclass(frozen=True)
class Pair:
    a: Claim
    b: Claim
    relation: str  # conflict | drift
    reason: str
    asserted: bool = False


@dataclass(frozen=True)
class Position:
    """Claims that can all be true together, and how many independent sources stand behind them."""

    claims: tuple[Claim, ...]
    sources: int


@dataclass
class ConflictGroup:
    subject: str
    description: str
    kind: str  # quantity | date | text | boolean | asserted
    severity: str  # error | warning | info
    reason: str
    status: str  # open | resolved | stale | drift
    claims: tuple[Claim, ...]
    positions: tuple[Position, ...]
    pairs: tuple[Pair, ...]
    scopes: tuple[str, ...] = ()
    resolution: Resolution | None = None
    stale_reasons: tuple[str, ...] = ()

    @property
    def scope_differs(self) -> bool:
        return len(set(self.scopes)) > 1

    @property
    def conflicting_ids(self) -> frozenset[str]:
        return frozenset(c.id for p in self.pairs if p.relation == CONFLICT for c in (p.a, p.b))

    @property
    def is_drift(self) -> bool:
        return all(p.relation == DRIFT for p in self.pairs)


def active_claims(store: Store, claims: Iterable[Claim]) -> list[Claim]:
    """Claims that speak now: active and not superseded by another active claim."""
    superseded = {c.supersedes for c in store.claims.values() if c.active and c.supersedes}
    return [c for c in claims if c.active and c.id not in superseded]


def _pairs_for(store: Store, subject: Subject, claims: list[Claim]) -> list[Pair]:
    sources = store.sources
    readable = []
    for c in claims:
        value = claim_value(c, subject)
        if not isinstance(value, ValueProblem) and unit_ok(c, subject):
            readable.append((c, value))
    many = subject.kind == "text" and subject.cardinality == "many"
    if len(readable) < 2 or all_compatible([v for _, v in readable], many):
        return []
    usable = [(c, v, date_span(holds_as_of(c, sources.get(c.source)))) for c, v in readable]
    text = subject.kind == "text"
    time_varying = subject.time_varying
    pairs = []
    # Per-subject comparison: subjects hold a handful of claims, so the whole store stays linear.
    for i, (a, value_a, when_a) in enumerate(usable):
        for b, value_b, when_b in usable[i + 1 :]:
            if text and _supported(a, b):
                continue
            if values_disagree(value_a, value_b, many) is None:
                continue  # compare_values would say agree (or unrelated): the common case
            v = compare_values(value_a, value_b, when_a, when_b, time_varying, many)
            if v.relation in (CONFLICT, DRIFT):
                pairs.append(Pair(a, b, v.relation, v.reason))
    return pairs


def all_compatible(values: list[object], many: bool) -> bool:
    """True when no two of `values` disagree (`values_disagree` is None for every pair),
    found in one pass; False when it takes the pairwise comparison to tell."""
    first = values[0]
    if type(first) is bool:
        return all(v is first for v in values)
    if isinstance(first, TextValue):
        texts = [v.normalised for v in values if type(v) is TextValue]
        return len(texts) == len(values) and (many or len(set(map(text_key, texts))) == 1)
    if isinstance(first, DaySpan):
        spans = [v for v in values if type(v) is DaySpan]
        return len(spans) == len(values) and (
            max([s.start for s in spans]) <= min([s.end for s in spans])
        )
    if isinstance(first, Quantity):
        intervals = [v.interval for v in values if type(v) is Quantity]
        if len(intervals) != len(values):
            return False
        lows, highs = [iv.low for iv in intervals], [iv.high for iv in intervals]
        if any(x != x for x in lows + highs):  # NaN: max() and min() would hide it
            return False
        # Intervals on a line pairwise overlap or touch exactly when the highest low end is
        # not above the lowest high end.
        return max(lows) <= min(highs)
    return False


def _comparable(claim: Claim, subject: Subject) -> bool:
    return unit_ok(claim, subject) and not isinstance(claim_value(claim, subject), ValueProblem)


def _supported(a: Claim, b: Claim) -> bool:
    return b.id in a.supports or a.id in b.supports


def _asserted_pairs(store: Store, active: set[str]) -> dict[str, list[Pair]]:
    """`contradicts` links between active claims, filed under the declaring claim's subject."""
    found: dict[str, list[Pair]] = {}
    seen: set[frozenset[str]] = set()
    for a in store.claims.values():
        for other in a.contradicts:
            b = store.claims.get(other)
            key = frozenset((a.id, other))
            if (
                b is None
                or a.id not in active
                or other not in active
                or key in seen
                or a.id == other
            ):
                continue
            seen.add(key)
            found.setdefault(a.subject, []).append(asserted_pair(a, b))
    return found


def asserted_pair(a: Claim, b: Claim) -> Pair:
    """The conflict a curator declared with `contradicts`."""
    reason = f"{a.id} and {b.id} are judged contradictory by the curator"
    return Pair(a, b, CONFLICT, reason, asserted=True)


def find_conflicts(
    store: Store, today: datetime.date, subjects: Iterable[str] | None = None
) -> list[ConflictGroup]:
    """Every subject whose active claims disagree (or drift), sorted by subject id."""
    active_all = active_claims(store, store.claims.values())
    active_ids = {c.id for c in active_all}
    asserted = _asserted_pairs(store, active_ids)
    by_subject: dict[str, list[Claim]] = {}
    for c in active_all:
        by_subject.setdefault(c.subject, []).append(c)
    wanted = set(subjects) if subjects is not None else set(by_subject) | set(asserted)
    by_claim = resolutions_by_claim(store)
    groups = []
    for subject_id in sorted(wanted):
        subject = store.subjects.get(subject_id)
        if subject is None:
            continue
        active = by_subject.get(subject_id, [])
        group = subject_group(store, subject, active, asserted.get(subject_id, []), by_claim, today)
        if group:
            groups.append(group)
    return groups


def subject_group(
    store: Store,
    subject: Subject,
    active: list[Claim],
    asserted: list[Pair],
    by_claim: dict[str, list[Resolution]],
    today: datetime.date,
) -> ConflictGroup | None:
    """One subject's conflict group from its active claims and the `contradicts` pairs filed
    under it, or None when nothing disagrees. `find_conflicts` and the editor's per-subject
    recomputation both assemble groups here."""
    pairs = _pairs_for(store, subject, active)
    found = {frozenset((p.a.id, p.b.id)) for p in pairs if p.relation == CONFLICT}
    pairs += [p for p in asserted if frozenset((p.a.id, p.b.id)) not in found]
    return make_group(store, subject, pairs, active, by_claim, today) if pairs else None


def resolutions_by_claim(store: Store) -> dict[str, list[Resolution]]:
    index: dict[str, list[Resolution]] = {}
    for r in store.resolutions.values():
        for cid in r.claims:
            index.setdefault(cid, []).append(r)
    return index


def make_group(
    store: Store,
    subject: Subject,
    pairs: list[Pair],
    claims: list[Claim],
    by_claim: dict[str, list[Resolution]],
    today: datetime.date,
) -> ConflictGroup:
    involved = {c.id: c for p in pairs for c in (p.a, p.b)}
    # Claims left out of the comparison (unreadable value, wrong unit) are no one's position.
    compared = {c.id: c for c in claims if _comparable(c, subject)}
    members = tuple(sorted({**compared, **involved}.values(), key=lambda c: c.id))
    conflicts = [p for p in pairs if p.relation == CONFLICT]
    main = conflicts[0] if conflicts else pairs[0]
    kind = "asserted" if conflicts and all(p.asserted for p in conflicts) else subject.kind
    scopes = tuple(
        sorted({_scope(c): c.scope or "" for p in conflicts for c in (p.a, p.b)}.values())
    )
    group = ConflictGroup(
        subject=subject.id,
        description=subject.description,
        kind=kind,
        severity=_severity(store, conflicts),
        reason=main.reason,
        status="drift" if not conflicts else "open",
        claims=members,
        positions=positions(store, members, pairs),
        pairs=tuple(pairs),
        scopes=scopes,
    )
    if conflicts:
        resolution, status, why = resolution_status(group.conflicting_ids, by_claim, store, today)
        group.resolution, group.status, group.stale_reasons = resolution, status, tuple(why)
    return group


def _scope(claim: Claim) -> str:
    """A scope as compared: case and spacing do not make a different population."""
    return " ".join((claim.scope or "").split()).casefold()


def _severity(store: Store, conflicts: list[Pair]) -> str:
    """error: two claims of at least moderate confidence from sources rated A-C disagree (and
    their scopes match); warning: any other disagreement; info: drift only."""
    if not conflicts:
        return "info"
    for p in conflicts:
        if _scope(p.a) == _scope(p.b) and all(_weighty(store, c) for c in (p.a, p.b)):
            return "error"
    return "warning"


def _weighty(store: Store, claim: Claim) -> bool:
    source = store.sources.get(claim.source)
    return (confidence_score(claim.confidence) or 0) >= 50 and bool(
        source and source.reliability in TRUSTED_RELIABILITY
    )


def positions(store: Store, claims: tuple[Claim, ...], pairs: list[Pair]) -> tuple[Position, ...]:
    """Maximal sets of claims with no conflict between them. Claims in a conflict seed the
    positions; a claim compatible with several positions ("dozens" between "up to 30" and
    "nearly 70") stands in each, whatever the order of ids."""
    clash = {frozenset((p.a.id, p.b.id)) for p in pairs if p.relation == CONFLICT}
    clashing = {cid for pair in clash for cid in pair}
    found: list[list[Claim]] = []
    for claim in sorted(claims, key=lambda c: c.id not in clashing):
        homes = [p for p in found if all(frozenset((claim.id, o.id)) not in clash for o in p)]
        if not homes and (claim.id in clashing or not found):
            found.append([claim])
        for pos in homes:
            pos.append(claim)
    ordered = [sorted(pos, key=lambda c: c.id) for pos in found]
    return tuple(Position(tuple(pos), _independent_sources(store, pos)) for pos in ordered)


def _independent_sources(store: Store, claims: list[Claim]) -> int:
    # Two articles by one publisher are one voice, not two.
    voices = set()
    for c in claims:
        source = store.sources.get(c.source)
        voices.add((source.publisher or source.id).casefold() if source else c.source)
    return len(voices)


@dataclass(frozen=True)
class Relations:
    agrees: tuple[Claim, ...] = ()
    conflicts: tuple[Claim, ...] = ()
    group: ConflictGroup | None = field(default=None, compare=False)


def relations_of(store: Store, claim: Claim, today: datetime.date) -> Relations:
    """The claims that conflict with `claim` (in any group: a `contradicts` link may cross
    subjects) and the claims on its subject whose values agree with it (or that it supports)."""
    groups = [g for g in find_conflicts(store, today) if claim in g.claims]
    group = next((g for g in groups if g.subject == claim.subject), None)
    clashing = {
        other.id
        for g in groups
        for p in g.pairs
        if p.relation == CONFLICT and claim.id in (p.a.id, p.b.id)
        for other in (p.a, p.b)
        if other.id != claim.id
    }
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
    if _supported(a, b):
        return True
    if subject is None or not (_comparable(a, subject) and _comparable(b, subject)):
        return False
    when = [date_span(holds_as_of(c, store.sources.get(c.source))) for c in (a, b)]
    many = subject.kind == "text" and subject.cardinality == "many"
    verdict = compare_values(
        claim_value(a, subject), claim_value(b, subject), *when, subject.time_varying, many
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
