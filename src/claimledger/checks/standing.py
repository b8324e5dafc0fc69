"""Per-record provenance findings: unknown `via` and `cites` ids, cycles in them, claims
resting on retracted sources (through `via`) or on corrected ones not re-affirmed since.

Light on purpose: it imports the rules of origin (`conflicts/provenance.py`), not the conflict
engine, so the record checks load without it.
"""

from __future__ import annotations

from collections.abc import Iterator

from claimledger.checks.track_record import TrackRecord, outcomes
from claimledger.conflicts.provenance import (
    chain_of,
    cite_cycles,
    relayed_withdrawn,
    relays,
    withdrawn_source,
)
from claimledger.model.claim_value import date_span
from claimledger.model.diagnostics import Diagnostic, Related, Severity, at_key
from claimledger.model.records import Claim, Source, record_key
from claimledger.tomlstore.store import Store


def _at(
    claim: Claim, key: str, severity: Severity, code: str, message: str, hint: str
) -> Diagnostic:
    return at_key(claim.origin, key, severity, code, message, hint, records=(record_key(claim),))


def check_provenance_refs(store: Store, files: frozenset[str] | None) -> Iterator[Diagnostic]:
    """`via` and `cites` naming unknown sources, or a source citing itself."""
    for claim in store.claims.values():
        if files is not None and claim.origin.file not in files:
            continue
        if claim.via is not None and claim.via not in store.sources:
            yield _at(
                claim,
                "via",
                Severity.ERROR,
                "dangling-reference",
                f"claim {claim.id!r} refers to unknown source {claim.via!r}",
                f"add a [[source]] with id = {claim.via!r}, or fix the id",
            )
    for source in store.sources.values():
        if files is not None and source.origin.file not in files:
            continue
        for ref in source.cites:
            if ref == source.id or ref not in store.sources:
                why = "itself" if ref == source.id else f"unknown source {ref!r}"
                yield at_key(
                    source.origin,
                    "cites",
                    Severity.ERROR,
                    "self-reference" if ref == source.id else "dangling-reference",
                    f"source {source.id!r} cites {why}",
                    f"remove {ref!r} from cites" if ref == source.id else "fix the id",
                    records=(record_key(source),),
                )


def check_standing(store: Store, files: frozenset[str] | None) -> Iterator[Diagnostic]:
    """Claims resting on a withdrawn source through `via` (warning), and claims of a
    corrected source not re-affirmed since the correction (info)."""
    for claim in store.claims.values():
        if (files is not None and claim.origin.file not in files) or not claim.active:
            continue
        relayed = relayed_withdrawn(store, claim)
        if relayed is not None and withdrawn_source(store, claim) is None:
            yield _at(
                claim,
                "via" if claim.via else "claimant",
                Severity.WARNING,
                "retracted-source",
                f"claim {claim.id!r} rests on source {relayed.id!r}, {relayed.status}"
                + (f": {relayed.status_note}" if relayed.status_note else ""),
                "retract the claim, or find the figure in a standing source",
            )
        corrected = _unconfirmed_correction(store, claim)
        if corrected is not None:
            when = date_span(corrected.status_date)
            yield _at(
                claim,
                "source",
                Severity.INFO,
                "corrected-source",
                f"source {corrected.id!r} was corrected"
                + (f" on {when.label()}" if when else "")
                + (f": {corrected.status_note}" if corrected.status_note else ""),
                "read the correction; if the claim still stands, set reaffirmed = <today>",
            )


def _unconfirmed_correction(store: Store, claim: Claim) -> Source | None:
    """The corrected source of the claim's chain the claim was not re-affirmed after."""
    if not relays(store, claim):
        own = store.sources.get(claim.source)
        if own is None or own.status != "corrected":
            return None
    affirmed = date_span(claim.reaffirmed)
    for sid in chain_of(store, claim).sources:
        source = store.sources.get(sid)
        if source is None or source.status != "corrected":
            continue
        corrected = date_span(source.status_date)
        if affirmed is None or (corrected is not None and affirmed.end < corrected.start):
            return source
    return None


def check_cycles(store: Store) -> Iterator[Diagnostic]:
    """One error per cycle of `cites` links, and per claim whose `via` chain returns to its
    own source, naming every record of the cycle."""
    for cycle, others in cite_cycles(store.sources.values(), store.sources):
        first, *rest = (store.sources[s] for s in (*cycle, *others))
        loop = " -> ".join((*cycle, cycle[0]))
        also = f" (and {', '.join(others)} in the same loop)" if others else ""
        yield at_key(
            first.origin,
            "cites",
            Severity.ERROR,
            "provenance-cycle",
            f"sources cite each other in a cycle: {loop}{also}; none of them is an origin",
            "remove the `cites` of the source that did not draw on the other",
            related=tuple(
                Related(s.origin.file, *s.origin.at("cites"), f"{s.id} cites") for s in rest
            ),
            records=tuple(sorted(f"source:{s}" for s in (*cycle, *others))),
        )
    for claim in store.claims.values():
        if claim.via is None:
            continue
        path = chain_of(store, claim).sources
        last = store.sources.get(path[-1])
        back = last.cites if last is not None and len(last.cites) == 1 else ()
        if back and back[0] in path and claim.source in path[path.index(back[0]) :]:
            loop = " -> ".join((*path, back[0]))
            yield _at(
                claim,
                "via",
                Severity.ERROR,
                "provenance-cycle",
                f"claim {claim.id!r} comes via a cycle: {loop}; it has no origin",
                "name in `via` the source the figure was first published by",
            )


def record_findings(store: Store, files: frozenset[str] | None) -> list[Diagnostic]:
    """The per-record provenance findings of the records written in `files` (None: all)."""
    return [*check_provenance_refs(store, files), *check_standing(store, files)]


STRONG_RELIABILITY = frozenset("AB")


def check_track_records(store: Store) -> Iterator[Diagnostic]:
    """A source rated A or B whose claims lost most of the disputes resolved about them."""
    for sid, (won, lost) in sorted(outcomes(store).items()):
        source = store.sources.get(sid)
        if source is None or source.reliability not in STRONG_RELIABILITY:
            continue
        record = TrackRecord(sid, source.reliability, won, lost)
        resolved = record.won + record.lost
        if record.lost >= 2 and record.lost * 2 > resolved:
            yield at_key(
                source.origin,
                "reliability",
                Severity.INFO,
                "reliability-contradicted",
                f"rated {source.reliability}, yet its claims lost {record.lost} of {resolved}"
                " resolved disputes",
                f"its resolved disputes alone suggest {record.suggested}; see"
                " `claims sources --track-record`",
                records=(record_key(source),),
            )


def store_findings(store: Store) -> list[Diagnostic]:
    """Cycles and track-record findings (the store-wide provenance findings)."""
    return [*check_cycles(store), *check_track_records(store)]
