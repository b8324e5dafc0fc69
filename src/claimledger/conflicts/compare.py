"""When two claims on one subject agree, conflict, or differ only in time: the pairwise rules.

Precision matters as much as recall: claims are compared only on the same subject, in
compatible units, at overlapping times (for time-varying subjects), and hedged quantities are
intervals, so "about 67" and "nearly 70" agree. Boundaries are soft where writers round:
intervals that only touch ("nearly 70" and "70", "over 1,000" and "1,000") agree, a fuzzy
part of a year agrees with the day next to it ("late 2024" and "January 2025"), and texts
compare without punctuation, hyphens or a leading article ("Kata'ib" and "Kataib").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from claimledger.model.claim_value import TextValue
from claimledger.model.dates import describe_date_gap, spans_overlap
from claimledger.model.values import DaySpan, Quantity, format_number, gap

AGREE, CONFLICT, DRIFT, UNRELATED = "agree", "conflict", "drift", "unrelated"


@dataclass(frozen=True)
class Verdict:
    """The relation of two values: agree, conflict, drift (different at different times) or
    unrelated (cardinality-many texts), with a one-line reason a person understands."""

    relation: str
    reason: str = ""


_AGREE, _UNRELATED = Verdict(AGREE), Verdict(UNRELATED)  # immutable: shared by every pair


def values_disagree(a: object, b: object, many: bool = False) -> str | None:
    """The reason two typed values cannot both be true, or None when they can."""
    if isinstance(a, Quantity) and isinstance(b, Quantity):
        if gap(a.interval, b.interval) == 0:  # overlapping, or touching at an open end
            return None
        low, high = sorted((a, b), key=lambda q: (q.interval.low, q.interval.high))
        points = all(q.interval.low == q.interval.high for q in (a, b))
        verb = "differ" if points else "do not overlap"
        return f"{_interval(low)} and {_interval(high)} {verb}"
    if isinstance(a, DaySpan) and isinstance(b, DaySpan):
        return None if _dates_compatible(a, b) else describe_date_gap(a, b)
    if isinstance(a, bool) and isinstance(b, bool):
        return None if a == b else "true vs false"
    if isinstance(a, TextValue) and isinstance(b, TextValue):
        if many or text_key(a.normalised) == text_key(b.normalised):
            return None
        first, second = sorted((a.text, b.text))
        return f"“{first}” differs from “{second}”"
    return None


def _dates_compatible(a: DaySpan, b: DaySpan) -> bool:
    """Overlapping spans, a fuzzy part of a year reaching one day past each end, so "late
    2024" agrees with "January 2025" (the sweep in episodes.py uses the same widening)."""
    wa, wb = (1 if s.precision == "part-of-year" else 0 for s in (a, b))
    return (a.start - b.end).days <= wa + wb and (b.start - a.end).days <= wa + wb


_NOT_WORD = re.compile(r"[^\w\s]+")
_JOINERS = re.compile(r"[-_/]+")
_ARTICLE = re.compile(r"(?:the|a|an)\s+")


@lru_cache(maxsize=1 << 16)  # a store's texts repeat; every pair of claims asks again
def text_key(normalised: str) -> str:
    """Text as compared: accents, apostrophes and punctuation dropped, hyphens as spaces,
    no leading article, so transliterations like "Kata'ib" and "Kataib" are one value."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", normalised) if not unicodedata.combining(c)
    )
    words = " ".join(_NOT_WORD.sub("", _JOINERS.sub(" ", plain)).split())
    article = _ARTICLE.match(words)
    return words[article.end() :] if article else words


def _interval(q: Quantity) -> str:
    """ "[63, 70)", or "12" for an exact figure ("[12, 12]" reads like a typo)."""
    iv = q.interval
    exact = iv.low == iv.high and not (iv.low_open or iv.high_open)
    return format_number(iv.low) if exact else str(iv)


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
        return _UNRELATED if many else _AGREE
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
