"""Resolutions: a reviewer's recorded judgment on a conflict, kept honest by fingerprints.

A resolution is stale when a claim it judged has changed since (fingerprint mismatch), when
a claim it does not name joins the conflict, or when its `revisit` date has passed.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from claimledger.conflicts.provenance import relayed_withdrawn, withdrawn_source
from claimledger.model.claim_value import date_span
from claimledger.model.diagnostics import Diagnostic, Severity, at_key
from claimledger.model.records import Claim, Resolution
from claimledger.model.values import plain
from claimledger.tomlstore.store import Store

# What a judgment rests on; editing notes, tags or the locator does not make it stale.
FINGERPRINTED = (
    "subject",
    "value",
    "min",
    "max",
    "unit",
    "scope",
    "source",
    "date",
    "as_of",
    "quote",
    "confidence",
    "status",
)


# Recorded beside the fingerprints (`judged`), so a stale resolution can say what changed,
# old -> new. Subject, source and quote are left out to keep the line short: a change to
# them is named without the old text.
JUDGED = tuple(k for k in FINGERPRINTED if k not in ("subject", "source", "quote"))

# A note that says nothing yet: the editor's quick fix writes the first one.
PLACEHOLDER = re.compile(r"\s*(?:|todo\b.*|tbd\b.*|fixme\b.*|xxx+|\.\.\.|…|-+|\?+)\s*", re.I)


def is_placeholder(note: str) -> bool:
    """Whether a resolution's note is empty or a placeholder ("TODO: say why")."""
    return bool(PLACEHOLDER.fullmatch(note or ""))


def judged_fields(claim: Claim) -> dict[str, Any]:
    """The judged fields of a claim as written, for the resolution's `judged` table."""
    return {k: claim.table[k] for k in JUDGED if k in claim.table}


def fingerprint(claim: Claim) -> str:
    """16 hex digits of SHA-256 over the claim's judged fields."""
    data = {k: plain(claim.table[k]) for k in FINGERPRINTED if k in claim.table}
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def resolution_status(
    conflicting: frozenset[str],
    by_claim: dict[str, list[Resolution]],
    store: Store,
    today: datetime.date,
) -> tuple[Resolution | None, str, list[str]]:
    """(resolution, open|resolved|stale, what changed) for a group's conflicting claims."""
    candidates = {
        r.id: r
        for cid in conflicting
        for r in by_claim.get(cid, [])
        if not is_placeholder(r.note)  # an unfinished judgment judges nothing yet
    }
    if not candidates:
        return None, "open", []
    best = max(candidates.values(), key=lambda r: (len(set(r.claims) & conflicting), r.id))
    why = stale_reasons(best, conflicting, store, today)
    return best, ("stale" if why else "resolved"), why


def stale_reasons(
    resolution: Resolution, conflicting: Iterable[str], store: Store, today: datetime.date
) -> list[str]:
    why = []
    for cid in resolution.claims:
        claim = store.claims.get(cid)
        if claim is None:
            continue
        recorded = resolution.fingerprints.get(cid)
        if recorded is not None and recorded != fingerprint(claim):
            why.append(_what_changed(cid, resolution.judged.get(cid), claim))
    joined = sorted(set(conflicting) - set(resolution.claims))
    if joined:
        why.append(
            f"new claim{'s' if len(joined) > 1 else ''} joined the conflict: {', '.join(joined)}"
        )
    why.extend(_withdrawn_preferred(resolution, store))
    revisit = date_span(resolution.revisit)
    if revisit is not None and revisit.end < today:
        why.append(f"revisit date {revisit.label()} has passed")
    return why


def _withdrawn_preferred(resolution: Resolution, store: Store) -> list[str]:
    """ "preferred claim a rests on source s, retracted 2026-03-01"", when it does."""
    claim = store.claims.get(resolution.preferred or "")
    if claim is None:
        return []
    source = withdrawn_source(store, claim) or relayed_withdrawn(store, claim)
    if source is None:
        return []
    when = f" {date_span(source.status_date).label()}" if date_span(source.status_date) else ""
    return [f"preferred claim {claim.id} rests on source {source.id}, {source.status}{when}"]


def _what_changed(cid: str, judged: Any, claim: Claim) -> str:
    """ "claim b changed since the resolution: value "nearly 70" -> "about 75"", field by
    field when the resolution recorded what it judged."""
    if not isinstance(judged, dict):
        return f"claim {cid} changed since the resolution"
    changes = []
    for key in JUDGED:
        old, new = judged.get(key), claim.table.get(key)
        if plain(old) != plain(new):
            changes.append(f"{key} {_shown(old)} -> {_shown(new)}")
    if not changes:  # fingerprinted, not recorded
        changes.append("its subject, source or quote")
    return f"claim {cid} changed since the resolution: {'; '.join(changes)}"


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    return json.dumps(plain(value), ensure_ascii=False, default=str)


@dataclass(frozen=True)
class ResolutionProblem:
    """What is wrong with a resolution's claims, verdict or preferred claim."""

    kind: str  # unknown-claim | no-preferred | preferred-outside | too-few-claims |
    # preferred-without-prefer | placeholder-note
    claim: str = ""  # the unknown or misplaced claim id


def resolution_problems(
    claims: Sequence[str],
    verdict: str,
    preferred: str | None,
    known: Container[str],
    note: str = "-",
) -> list[ResolutionProblem]:
    """The rules of a well-formed resolution, for `check` (on the store) and for `resolve`
    (before writing). Unknown claims first, in the order given."""
    found = [ResolutionProblem("unknown-claim", c) for c in claims if c not in known]
    if verdict == "prefer" and not preferred:
        found.append(ResolutionProblem("no-preferred"))
    if preferred and verdict and verdict != "prefer":
        found.append(ResolutionProblem("preferred-without-prefer", preferred))
    if is_placeholder(note):
        found.append(ResolutionProblem("placeholder-note"))
    if preferred and preferred not in claims:
        found.append(ResolutionProblem("preferred-outside", preferred))
    if len(set(claims)) < 2:
        found.append(ResolutionProblem("too-few-claims"))
    return found


def check_resolutions(store: Store, today: datetime.date) -> Iterator[Diagnostic]:
    """Dangling ids, a `preferred` outside `claims`, `prefer` without `preferred`, fewer than
    two claims."""
    for r in store.resolutions.values():
        rec = (f"resolution:{r.id}",)
        for p in resolution_problems(r.claims, r.verdict, r.preferred, store.claims, r.note):
            key, code, message, hint = _finding(r, p)
            severity = Severity.WARNING if p.kind == "placeholder-note" else Severity.ERROR
            yield at_key(r.origin, key, severity, code, message, hint, records=rec)


def _finding(r: Resolution, p: ResolutionProblem) -> tuple[str, str, str, str]:
    """(key, code, message, hint) of a problem found in a recorded resolution."""
    if p.kind == "unknown-claim":
        return (
            "claims",
            "dangling-reference",
            f"resolution {r.id!r} names unknown claim {p.claim!r}",
            "fix the id or remove it from claims",
        )
    if p.kind == "no-preferred":
        return (
            "verdict",
            "bad-resolution",
            f"resolution {r.id!r} has verdict prefer but no preferred claim",
            'add preferred = "<claim id>"',
        )
    if p.kind == "preferred-without-prefer":
        return (
            "preferred",
            "bad-resolution",
            f"resolution {r.id!r} prefers {p.claim!r} but its verdict is {r.verdict}",
            "remove `preferred`, or make the verdict prefer",
        )
    if p.kind == "placeholder-note":
        return (
            "note",
            "unfinished-resolution",
            f"resolution {r.id!r} has no real note ({r.note!r}): it does not resolve the "
            "conflict until it says why",
            "write the reasoning a later reviewer needs in note",
        )
    if p.kind == "preferred-outside":
        return (
            "preferred",
            "bad-resolution",
            f"preferred claim {p.claim!r} is not among the resolution's claims",
            "prefer one of: " + ", ".join(r.claims),
        )
    return (
        "claims",
        "bad-resolution",
        f"resolution {r.id!r} must name at least two claims",
        "list the claims whose disagreement it judges",
    )


def resolution_table(
    store: Store,
    claim_ids: list[str],
    verdict: str,
    note: str,
    *,
    preferred: str | None = None,
    by: str | None = None,
    on: datetime.date | None = None,
    revisit: str | None = None,
) -> dict[str, Any]:
    """A new [[resolution]] as a TOML table, with the claims' fingerprints."""
    table: dict[str, Any] = {"claims": list(claim_ids), "verdict": verdict}
    if preferred:
        table["preferred"] = preferred
    table["note"] = note
    if by:
        table["by"] = by
    if on:
        table["on"] = on
    if revisit:
        table["revisit"] = revisit
    judged = [store.claims[cid] for cid in claim_ids if cid in store.claims]
    table["fingerprints"] = {c.id: fingerprint(c) for c in judged}
    table["judged"] = {c.id: judged_fields(c) for c in judged}
    return table
