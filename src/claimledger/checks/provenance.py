"""Findings about where claims come from, on a subject's agreements and store-wide: circular
reporting, credibility from evidence (over- and under-confident claims, ratings a track record
contradicts), and cycles.

The rules of origin and independence are `conflicts/provenance.py`; the per-record findings
`standing.py`. `subject_findings` looks at one subject's agreements (positions of its conflict
groups, or its claims that all agree); `store_findings` at cycles and track records.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from claimledger.conflicts.groups import (
    ConflictGroup,
    active_claims,
    comparable,
    subject_timeline,
)
from claimledger.conflicts.provenance import corroboration, origin_voice
from claimledger.model.diagnostics import Diagnostic, Related, Severity, at_key
from claimledger.model.records import Claim, Subject, confidence_score, record_key
from claimledger.tomlstore.store import Store

HIGH = 85  # confidence "high"
LOW = 15  # confidence "low"
WEAK_RELIABILITY = frozenset("DEF")
STRONG_RELIABILITY = frozenset("AB")
CORROBORATING_ORIGINS = 3  # independent A-B origins that make "low" confidence too low


def agreements(
    store: Store, subject: Subject, groups: Sequence[ConflictGroup], active: Sequence[Claim]
) -> list[tuple[Claim, ...]]:
    """The sets of claims that agree on a subject, given its groups and its active claims:
    each position of its conflict groups, and each undisputed episode (a subject that is not
    time-varying: all its claims)."""
    found = [p.claims for g in groups if not g.is_drift for p in g.positions]
    if subject.time_varying:
        for row in subject_timeline(store, subject, active):
            if not row.disputed:
                found.append(tuple(store.claims[c] for c in row.claims))
    elif not found:
        found.append(tuple(c for c in active if comparable(store, c, subject)))
    return [tuple(sorted(s, key=lambda c: c.id)) for s in found if len(s) > 0]


def subject_findings(
    store: Store, subject: Subject, groups: Sequence[ConflictGroup], active: Sequence[Claim]
) -> list[Diagnostic]:
    """Circular reporting and credibility findings on one subject's agreements, given its
    conflict groups and active claims."""
    found: list[Diagnostic] = []
    sets = agreements(store, subject, groups, active)
    backings = [corroboration(store, claims) for claims in sets]
    for claims, backing in zip(sets, backings, strict=True):
        if len(claims) > 1 and backing.outlets > 1 and backing.origins == 1:
            found.append(_circular(claims, backing.label()))
    found.extend(_credibility(store, sets, [b.origins for b in backings]))
    return found


def _circular(claims: Sequence[Claim], label: str) -> Diagnostic:
    first, *rest = claims
    high = any((confidence_score(c.confidence) or 0) >= HIGH for c in claims)
    return at_key(
        first.origin,
        "source",
        Severity.WARNING if high else Severity.INFO,
        "circular-reporting",
        f"claims {', '.join(c.id for c in claims)} look corroborated but trace to one"
        f" origin: {label}",
        "lower the confidence of high claims, or find an independent origin"
        if high
        else "count them as one source",
        related=tuple(
            Related(c.origin.file, *c.origin.at("source"), f"{c.id} via {c.source}") for c in rest
        ),
        records=tuple(record_key(c) for c in claims),
    )


def _at(
    claim: Claim, key: str, severity: Severity, code: str, message: str, hint: str
) -> Diagnostic:
    return at_key(claim.origin, key, severity, code, message, hint, records=(record_key(claim),))


def _credibility(
    store: Store, sets: Sequence[tuple[Claim, ...]], origins: Sequence[int]
) -> Iterator[Diagnostic]:
    """High confidence on one weak origin; low confidence against three strong ones (each
    set with its count of independent origins)."""
    flagged: set[str] = set()
    for claims, count in zip(sets, origins, strict=True):
        voices = {c.id: origin_voice(store, c) for c in claims}
        strong = {
            voices[c.id]
            for c in claims
            if (s := store.sources.get(c.source)) and s.reliability in STRONG_RELIABILITY
        }
        alone = count == 1
        for claim in claims:
            if claim.id in flagged:
                continue
            score = confidence_score(claim.confidence) or 0
            source = store.sources.get(claim.source)
            rating = source.reliability if source else None
            others = len(strong - {voices[claim.id]})
            if score >= HIGH and rating in WEAK_RELIABILITY and alone:
                flagged.add(claim.id)
                yield _at(
                    claim,
                    "confidence",
                    Severity.INFO,
                    "overconfident-claim",
                    f"high confidence on one origin rated {rating}, with no independent"
                    " corroboration",
                    'lower confidence to "moderate" or "low", or record a corroborating claim',
                )
            elif score <= LOW and claim.confidence is not None and others >= CORROBORATING_ORIGINS:
                flagged.add(claim.id)
                yield _at(
                    claim,
                    "confidence",
                    Severity.INFO,
                    "underconfident-claim",
                    f"low confidence, yet {others} independent origins rated A-B agree",
                    'raise confidence to "moderate" or "high"',
                )


def provenance_findings(
    store: Store, groups: Sequence[ConflictGroup], subjects: Iterable[str] | None = None
) -> list[Diagnostic]:
    """`subject_findings` of every subject (or of `subjects`), in subject id order, given the
    store's conflict groups."""
    by_subject: dict[str, list[ConflictGroup]] = {}
    for g in groups:
        by_subject.setdefault(g.subject, []).append(g)
    wanted = store.subjects if subjects is None else set(subjects)
    active: dict[str, list[Claim]] = {}
    for c in active_claims(store, store.claims.values()):
        active.setdefault(c.subject, []).append(c)
    found: list[Diagnostic] = []
    for sid in sorted(wanted):
        subject = store.subjects.get(sid)
        if subject is not None:
            mine = active.get(sid, [])
            found.extend(subject_findings(store, subject, by_subject.get(sid, ()), mine))
    return found


def store_agreements(
    store: Store, groups: Sequence[ConflictGroup], subjects: Iterable[str] | None = None
) -> list[tuple[Claim, ...]]:
    """Every subject's agreements (see `agreements`), in subject id order; only those of
    `subjects` when given."""
    by_subject: dict[str, list[ConflictGroup]] = {}
    for g in groups:
        by_subject.setdefault(g.subject, []).append(g)
    active: dict[str, list[Claim]] = {}
    for c in active_claims(store, store.claims.values()):
        active.setdefault(c.subject, []).append(c)
    wanted = (
        sorted(store.subjects)
        if subjects is None
        else sorted(set(subjects) & store.subjects.keys())
    )
    return [
        found
        for sid in wanted
        for found in agreements(
            store, store.subjects[sid], by_subject.get(sid, ()), active.get(sid, [])
        )
    ]
