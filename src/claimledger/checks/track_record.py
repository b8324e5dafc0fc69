"""A source's history of reliability: the resolved disputes its claims won and lost, the
claims independent origins corroborated or contradicted, and the Admiralty rating that record
suggests beside the rating given.

Won: a `prefer` resolution preferred one of its claims. Lost: a `prefer` or `source-error`
resolution judged one of its claims and preferred another (a `source-error` without a
preferred claim: every claim it judged lost). Corroborated: a claim agreeing with a claim of
another independent origin; contradicted: a claim in an open or stale conflict with a claim of
another origin.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimledger.conflicts.provenance import (
    corroboration,
    origin_name,
    origin_rating,
    origin_voice,
)
from claimledger.model.records import Claim
from claimledger.tomlstore.store import Store

if TYPE_CHECKING:  # the conflict engine is loaded only by the commands that group conflicts
    from claimledger.conflicts.groups import ConflictGroup


def conflicts_of(group: ConflictGroup, claim: Claim) -> set[str]:
    """`relations.conflicts_of`, imported when called."""
    # `check` loads this module for its lint without the conflict engine (28 ms of imports)
    from claimledger.conflicts.relations import conflicts_of as found

    return found(group, claim)


# (least share of good outcomes, least outcomes) -> rating; fewer outcomes: F, cannot be judged
SUGGESTED = (("A", 0.95, 5), ("B", 0.8, 3), ("C", 0.6, 2), ("D", 0.4, 2), ("E", 0.0, 2))


@dataclass(frozen=True)
class TrackRecord:
    source: str
    given: str | None
    won: int = 0
    lost: int = 0
    corroborated: int = 0
    contradicted: int = 0

    @property
    def suggested(self) -> str:
        """The Admiralty rating the record suggests (F: too little to judge)."""
        good = self.won + self.corroborated
        total = good + self.lost + self.contradicted
        for rating, share, least in SUGGESTED:
            if total >= least and good >= share * total:
                return rating
        return "F"


def claim_outcomes(store: Store) -> dict[str, tuple[int, int]]:
    """(won, lost) resolved disputes per claim id."""
    found: dict[str, list[int]] = {}
    for r in store.resolutions.values():
        if r.verdict not in ("prefer", "source-error"):
            continue
        preferred = store.claims.get(r.preferred or "")
        if preferred is not None and r.verdict == "prefer":
            found.setdefault(preferred.id, [0, 0])[0] += 1
        for cid in r.claims:
            claim = store.claims.get(cid)
            if claim is None or (preferred is not None and claim.source == preferred.source):
                continue
            found.setdefault(claim.id, [0, 0])[1] += 1
    return {c: (w, lo) for c, (w, lo) in found.items()}


def outcomes(store: Store) -> dict[str, tuple[int, int]]:
    """(won, lost) resolved disputes per source id."""
    found: dict[str, tuple[int, int]] = {}
    for cid, (won, lost) in claim_outcomes(store).items():
        source = store.claims[cid].source
        w, lo = found.get(source, (0, 0))
        found[source] = (w + won, lo + lost)
    return found


def claim_flags(
    store: Store,
    groups: Sequence[ConflictGroup] = (),
    agreements: Sequence[tuple[Claim, ...]] = (),
) -> dict[str, tuple[int, int, bool, bool]]:
    """Per claim with any outcome: (disputes won, disputes lost, corroborated, contradicted).
    A claim's flags depend only on its own subject's groups, agreements and resolutions, so
    `claims site` recomputes them for the subjects a change reaches and sums them per source
    (`TrackRecord.of`) instead of grouping the whole store again."""
    contradicted: set[str] = set()
    for g in groups:
        if g.status not in ("open", "stale"):
            continue
        for cid in g.conflicting_ids:
            claim = store.claims[cid]
            mine = origin_voice(store, claim)
            against = (store.claims[o] for o in conflicts_of(g, claim) if o in store.claims)
            if any(origin_voice(store, o) != mine for o in against):
                contradicted.add(cid)
    corroborated: set[str] = set()
    for claims in agreements:
        if corroboration(store, claims).origins < 2:
            continue
        for c in claims:
            mine = origin_voice(store, c)
            if any(origin_voice(store, o) != mine for o in claims):
                corroborated.add(c.id)
    won_lost = claim_outcomes(store)
    return {
        cid: (*won_lost.get(cid, (0, 0)), cid in corroborated, cid in contradicted)
        for cid in sorted(won_lost.keys() | corroborated | contradicted)
    }


def summed(flags: Iterable[tuple[int, int, bool, bool]]) -> tuple[int, int, int, int]:
    """Won, lost, corroborated and contradicted over some claims' flags."""
    won = lost = corroborated = contradicted = 0
    for w, lo, corr, contra in flags:
        won, lost = won + w, lost + lo
        corroborated += corr
        contradicted += contra
    return won, lost, corroborated, contradicted


def track_records(
    store: Store,
    groups: Sequence[ConflictGroup] = (),
    agreements: Sequence[tuple[Claim, ...]] = (),
    by_origin: bool = False,
) -> list[TrackRecord]:
    """Every source's record, by id (`by_origin`: every origin's, by name, rated as its
    origin source is); corroboration counts need the store's conflict groups and agreements
    (`checks/provenance.py`), else they stay 0."""

    def key(claim: Claim) -> str:
        return origin_name(store, claim) if by_origin else claim.source

    per_key: dict[str, list[tuple[int, int, bool, bool]]] = {}
    for cid, flags in claim_flags(store, groups, agreements).items():
        per_key.setdefault(key(store.claims[cid]), []).append(flags)
    if by_origin:
        rated = {}
        for c in store.claims.values():
            rated.setdefault(key(c), origin_rating(store, c))
        names = sorted(rated)
    else:
        rated = {s.id: s.reliability for s in store.sources.values()}
        names = sorted(rated)
    return [TrackRecord(name, rated[name], *summed(per_key.get(name, ()))) for name in names]
