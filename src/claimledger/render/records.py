"""Records as plain JSON-ready data (for `--format json|csv`, the language server and diffs)."""

from __future__ import annotations

from typing import Any

from claimledger.model.claim_value import (
    TextValue,
    asserted_on,
    claim_value,
    date_span,
    describe,
    holds_as_of,
)
from claimledger.model.records import Claim, Review, Source, Subject, confidence_score, rates_false
from claimledger.model.values import DaySpan, Interval, Quantity, ValueProblem, plain
from claimledger.tomlstore.store import Store


def parsed_json(value: Quantity | DaySpan | bool | TextValue | ValueProblem) -> dict[str, Any]:
    if isinstance(value, Quantity):
        return {
            "kind": "quantity",
            **_interval_json(value.interval),
            "qualifier": value.qualifier,
            "unit": value.unit,
            # What the source wrote, when it was converted into the subject's unit.
            "written": (
                {**_interval_json(value.written), "unit": value.written_unit}
                if value.written is not None
                else None
            ),
            "projection": value.projection,  # a forecast: not compared with counts
            "text": describe(value),
        }
    if isinstance(value, DaySpan):
        return {
            "kind": "date",
            **span_json(value),
            "text": value.label() + (" (year inferred)" if value.inferred_year else ""),
        }
    if isinstance(value, bool):
        return {"kind": "boolean", "value": value}
    if isinstance(value, TextValue):
        return {"kind": "text", "normalised": value.normalised}
    return {"kind": "error", "code": value.code, "message": value.message}


def _interval_json(iv: Interval) -> dict[str, Any]:
    return {
        "low": plain(iv.low),
        "high": plain(iv.high),
        "low_open": iv.low_open,
        "high_open": iv.high_open,
    }


def span_json(span: DaySpan) -> dict[str, Any]:
    """A date as an ISO span beside the text as written."""
    return {
        "written": span.text,
        "start": span.start.isoformat(),
        "end": span.end.isoformat(),
        "precision": span.precision,
        "inferred_year": span.inferred_year,
    }


def date_json(raw: Any) -> dict[str, Any] | None:
    """A metadata date (published, date, as_of) as an ISO span, None when absent."""
    if raw is None:
        return None
    span = date_span(raw)
    return span_json(span) if span is not None else {"written": plain(raw), "start": None}


def claim_json(claim: Claim, store: Store, language: str | None = None) -> dict[str, Any]:
    """One claim as JSON; `language`: the store's default for sources that declare none."""
    source = store.sources.get(claim.source)
    subject = store.subjects.get(claim.subject)
    return {
        "id": claim.id,
        "subject": claim.subject,
        "value": plain(
            claim.value if claim.value is not None else {"min": claim.min, "max": claim.max}
        ),
        "parsed": _with_unit(parsed_json(claim_value(claim, subject, source, language)), subject),
        "unit": claim.unit if claim.unit is not None else (subject.unit if subject else None),
        "scope": claim.scope,
        "source": claim.source,
        "date": plain(asserted_on(claim, source)),
        "as_of": plain(holds_as_of(claim, source)),
        "date_span": date_json(asserted_on(claim, source)),
        "as_of_span": date_json(holds_as_of(claim, source)),
        "confidence": claim.confidence,
        "confidence_score": confidence_score(claim.confidence),
        "quote": claim.quote,
        "quote_original": claim.quote_original,
        "locator": claim.locator,
        "tags": list(claim.tags),
        "status": claim.status,
        "file": claim.origin.file,
        "line": claim.origin.line,
    }


def _with_unit(parsed: dict[str, Any], subject: Subject | None) -> dict[str, Any]:
    """A quantity's unit: the subject's unless the value was converted from another."""
    if parsed["kind"] == "quantity" and parsed["unit"] is None and subject is not None:
        parsed["unit"] = subject.unit
    return parsed


def review_json(review: Review, reputable: bool) -> dict[str, Any]:
    """A published fact-check of a claim, as `show --format json` lists it."""
    doc: dict[str, Any] = {"id": review.id, "reviewer": review.reviewer, "rating": review.rating}
    for name in ("rating_value", "best_rating", "worst_rating", "url", "language"):
        doc[name] = getattr(review, name)
    doc["date"] = str(review.date) if review.date is not None else None
    doc["reputable"] = reputable
    doc["rates_false"] = rates_false(review)
    return doc


def source_json(source: Source, claims: int) -> dict[str, Any]:
    data = {k: plain(v) for k, v in source.table.items()}
    spans = {f"{k}_span": date_json(source.table.get(k)) for k in ("published", "accessed")}
    spans = {k: v for k, v in spans.items() if v is not None}
    return {
        **data,
        **spans,
        "claims": claims,
        "file": source.origin.file,
        "line": source.origin.line,
    }


def subject_json(subject: Subject, claims: int) -> dict[str, Any]:
    data = {k: plain(v) for k, v in subject.table.items()}
    return {**data, "claims": claims, "file": subject.origin.file, "line": subject.origin.line}
