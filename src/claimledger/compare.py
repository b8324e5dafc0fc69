"""When two claims on one subject agree, conflict, or differ only in time: the pairwise rules.

Precision matters as much as recall: claims are compared only on the same subject, in
compatible units, at overlapping times (for time-varying subjects), and hedged quantities are
intervals, so "about 67" and "nearly 70" agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from .evaluate import TextValue
from .values import DaySpan, Quantity, describe_date_gap, overlaps, spans_overlap

AGREE, CONFLICT, DRIFT, UNRELATED = "agree", "conflict", "drift", "unrelated"


@dataclass(frozen=True)
class Verdict:
    """The relation of two values: agree, conflict, drift (different at different times) or
    unrelated (cardinality-many texts), with a one-line reason a person understands."""

    relation: str
    reason: str = ""


def values_disagree(a: object, b: object, many: bool = False) -> str | None:
    """The reason two typed values cannot both be true, or None when they can."""
    if isinstance(a, Quantity) and isinstance(b, Quantity):
        if overlaps(a.interval, b.interval):
            return None
        low, high = sorted((a, b), key=lambda q: (q.interval.low, q.interval.high))
        return f"{low.interval} and {high.interval} do not overlap"
    if isinstance(a, DaySpan) and isinstance(b, DaySpan):
        return None if spans_overlap(a, b) else describe_date_gap(a, b)
    if isinstance(a, bool) and isinstance(b, bool):
        return None if a == b else f"{_bool(a)} vs {_bool(b)}"
    if isinstance(a, TextValue) and isinstance(b, TextValue):
        if many or a.normalised == b.normalised:
            return None
        return f"“{a.text}” differs from “{b.text}”"
    return None


def _bool(value: bool) -> str:
    return "true" if value else "false"


def compare_values(
    a: object,
    b: object,
    when_a: DaySpan | None,
    when_b: DaySpan | None,
    time_varying: bool,
    many: bool,
) -> Verdict:
    """Compare two typed values, taking the time they hold into account for time-varying
    subjects: different values at non-overlapping times are drift, not conflict."""
    reason = values_disagree(a, b, many)
    if reason is None:
        return Verdict(UNRELATED if many else AGREE)
    if (
        time_varying
        and when_a is not None
        and when_b is not None
        and not spans_overlap(when_a, when_b)
    ):
        first, second = sorted(((when_a, a), (when_b, b)), key=lambda t: t[0].start)
        return Verdict(
            DRIFT,
            f"{_short(first[1])} as of {first[0].label()}, "
            f"{_short(second[1])} as of {second[0].label()}",
        )
    return Verdict(CONFLICT, reason)


def _short(value: object) -> str:
    if isinstance(value, Quantity):
        return value.text
    if isinstance(value, DaySpan):
        return value.label()
    if isinstance(value, TextValue):
        return f"“{value.text}”"
    if isinstance(value, bool):
        return _bool(value)
    return str(value)
