"""A claim's typed value in the light of its subject: the value as written becomes a
Quantity, a DaySpan, a boolean or a normalised text, or a ValueProblem saying why not."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from claimledger.model.dates import parse_date
from claimledger.model.quantities import parse_quantity, parse_quantity_bounds
from claimledger.model.records import Claim, DateLike, Source, Subject
from claimledger.model.values import DaySpan, Quantity, ValueProblem, normalise_text, parse_boolean


@dataclass(frozen=True)
class TextValue:
    """A text claim's value: as written and normalised for comparison."""

    text: str
    normalised: str


def claim_value(
    claim: Claim, subject: Subject | None
) -> Quantity | DaySpan | bool | TextValue | ValueProblem:
    """Interpret `claim.value` (or min/max) as the subject's kind."""
    kind = subject.kind if subject else _guess_kind(claim)
    tolerance = subject.tolerance if subject else None
    value, low, high = claim.value, claim.min, claim.max
    # Types are part of the key: 1 == 1.0 == True, but they read differently.
    types = (type(value), type(low), type(high), type(tolerance))
    return _typed(kind, tolerance, value, low, high, types)


@lru_cache(maxsize=1 << 18)  # check and conflicts ask for each claim's value several times
def _typed(
    kind: str, tolerance: float | None, value: Any, low: Any, high: Any, types: tuple[type, ...]
) -> Quantity | DaySpan | bool | TextValue | ValueProblem:
    if kind == "quantity":
        if value is None and (low is not None or high is not None):
            return parse_quantity_bounds(low, high)
        return parse_quantity(value, tolerance)
    if kind == "date":
        return parse_date(value)
    if kind == "boolean":
        return parse_boolean(value)
    if value is None:
        return ValueProblem(
            "text claim has no value", 'write value = "..." as the source states it'
        )
    return TextValue(str(value), normalise_text(value))


def unit_ok(claim: Claim, subject: Subject) -> bool:
    """Whether the claim's `unit` is the subject's unit (or one of its aliases), so its
    figure can be compared with the subject's other claims."""
    if claim.unit is None or subject.kind != "quantity":
        return True
    units = {u.casefold() for u in (subject.unit or "", *subject.unit_aliases) if u}
    return claim.unit.casefold() in units


def _guess_kind(claim: Claim) -> str:
    if isinstance(claim.value, bool):
        return "boolean"
    if isinstance(claim.value, int | float):
        return "quantity"
    if isinstance(claim.value, datetime.date):
        return "date"
    return "text"


@lru_cache(maxsize=65536)
def _span(raw: DateLike) -> DaySpan | ValueProblem:
    return parse_date(raw)


def date_span(raw: DateLike | None) -> DaySpan | None:
    """A metadata date (published, date, as_of) as a span, None when absent or unreadable."""
    if raw is None:
        return None
    span = _span(raw)
    return span if isinstance(span, DaySpan) else None


def asserted_on(claim: Claim, source: Source | None) -> DateLike | None:
    """When the source asserted the claim: `date`, else the source's `published`."""
    return claim.date if claim.date is not None else (source.published if source else None)


def holds_as_of(claim: Claim, source: Source | None) -> DateLike | None:
    """When the fact holds: `as_of`, else when it was asserted."""
    return claim.as_of if claim.as_of is not None else asserted_on(claim, source)


def describe(value: object) -> str:
    """The parsed form people see next to the value as written."""
    if isinstance(value, Quantity):
        return str(value.interval)
    if isinstance(value, DaySpan):
        return str(value)
    if isinstance(value, TextValue):
        return value.normalised
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, ValueProblem):
        return f"(unreadable: {value.message})"
    return str(value)
