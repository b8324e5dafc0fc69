"""Records as plain JSON-ready data (for `--format json|csv`, the language server and diffs)."""

from __future__ import annotations

from typing import Any

from claimledger.model.claim_value import TextValue, asserted_on, claim_value, holds_as_of
from claimledger.model.records import Claim, Source, Subject, confidence_score
from claimledger.model.values import DaySpan, Quantity, ValueProblem, plain
from claimledger.tomlstore.store import Store


def parsed_json(value: Quantity | DaySpan | bool | TextValue | ValueProblem) -> dict[str, Any]:
    if isinstance(value, Quantity):
        iv = value.interval
        return {
            "kind": "quantity",
            "low": plain(iv.low),
            "high": plain(iv.high),
            "low_open": iv.low_open,
            "high_open": iv.high_open,
            "qualifier": value.qualifier,
            "text": str(iv),
        }
    if isinstance(value, DaySpan):
        return {
            "kind": "date",
            "start": value.start.isoformat(),
            "end": value.end.isoformat(),
            "precision": value.precision,
            "text": value.label(),
        }
    if isinstance(value, bool):
        return {"kind": "boolean", "value": value}
    if isinstance(value, TextValue):
        return {"kind": "text", "normalised": value.normalised}
    return {"kind": "error", "message": value.message}


def claim_json(claim: Claim, store: Store) -> dict[str, Any]:
    source = store.sources.get(claim.source)
    subject = store.subjects.get(claim.subject)
    return {
        "id": claim.id,
        "subject": claim.subject,
        "value": plain(
            claim.value if claim.value is not None else {"min": claim.min, "max": claim.max}
        ),
        "parsed": parsed_json(claim_value(claim, subject)),
        "unit": claim.unit if claim.unit is not None else (subject.unit if subject else None),
        "scope": claim.scope,
        "source": claim.source,
        "date": plain(asserted_on(claim, source)),
        "as_of": plain(holds_as_of(claim, source)),
        "confidence": claim.confidence,
        "confidence_score": confidence_score(claim.confidence),
        "quote": claim.quote,
        "locator": claim.locator,
        "tags": list(claim.tags),
        "status": claim.status,
        "file": claim.origin.file,
        "line": claim.origin.line,
    }


def source_json(source: Source, claims: int) -> dict[str, Any]:
    data = {k: plain(v) for k, v in source.table.items()}
    return {**data, "claims": claims, "file": source.origin.file, "line": source.origin.line}


def subject_json(subject: Subject, claims: int) -> dict[str, Any]:
    data = {k: plain(v) for k, v in subject.table.items()}
    return {**data, "claims": claims, "file": subject.origin.file, "line": subject.origin.line}
