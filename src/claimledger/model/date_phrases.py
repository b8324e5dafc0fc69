"""Dates finer than a month and coarser than a day: parts of a month, runs of days, weeks,
and "around" a day.

=====================================================  ==========================  ==============
Written                                                Span                        Precision
=====================================================  ==========================  ==============
``early March 2023``, ``beginning of March 2023``      days 1-10                   part-of-month
``mid-March 2023``, ``middle of March 2023``           days 11-20                  part-of-month
``late March 2023``, ``end of March 2023``             day 21 to the month's end   part-of-month
``6-8 February 2023``, ``February 6-8, 2023``          those days                  days
``28 February - 2 March 2023``                         those days                  days
``first week of March 2023`` (second, third, fourth)   days 1-7 (8-14, ...)        days
``last week of March 2023``                            the last 7 days             days
``the week of 6 February 2023``                        Monday to Sunday            days
``around 6 February 2023`` (about, circa, c.,          the day ± 3 days            days
``on or about``)
=====================================================  ==========================  ==============

Thirds of a month follow the usual reading of "early/mid/late" in news text (a dekad): a
month is never split finer than the text says. Each form may leave out the year; it is
then inferred from the claim's context (see dates.parse_date).
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable

from claimledger.model.date_words import MONTHS
from claimledger.model.values import DATE_HINT, DaySpan, ValueProblem

AROUND_DAYS = 3  # "around 6 February 2023" is 3-9 February

_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?![a-z])\.?"
_YEAR = r"(?:,?\s+(?:of\s+)?(?P<y>[0-9]{4}))?"
_ORD = r"(?:st|nd|rd|th)?"
_PART_DAYS = {
    "early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (11, 20),
    "middle": (11, 20), "late": (21, 31), "end": (21, 31),
}  # fmt: skip
_PART_RE = re.compile(
    rf"(?:the\s+)?(?P<part>early|beginning|start|mid|middle|late|end)(?:\s+of)?(?:\s+|-)"
    rf"(?P<m>{_MONTH}){_YEAR}"
)
_RANGE_RES = (
    re.compile(
        rf"(?P<d1>[0-9]{{1,2}}){_ORD}\s*(?:-|to|and)\s*(?P<d2>[0-9]{{1,2}}){_ORD}\s+(?:of\s+)?"
        rf"(?P<m>{_MONTH}){_YEAR}"
    ),
    re.compile(
        rf"(?P<m>{_MONTH})\s+(?P<d1>[0-9]{{1,2}}){_ORD}\s*(?:-|to|and)\s*"
        rf"(?P<d2>[0-9]{{1,2}}){_ORD}{_YEAR}"
    ),
)
_CROSS_RE = re.compile(
    rf"(?P<d1>[0-9]{{1,2}}){_ORD}\s+(?P<m1>{_MONTH})\s*(?:-|to)\s*(?P<d2>[0-9]{{1,2}}){_ORD}"
    rf"\s+(?P<m>{_MONTH}){_YEAR}"
)
_WEEKS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4}
_WEEKS.update({"4th": 4, "last": 5, "final": 5})
_NTH_WEEK_RE = re.compile(
    rf"(?:the\s+)?(?P<nth>{'|'.join(_WEEKS)})\s+week\s+(?:of|in)\s+(?P<m>{_MONTH}){_YEAR}"
)
_WEEK_OF_RE = re.compile(r"(?:the\s+)?week\s+(?:of|beginning|starting)\s+(?P<rest>.+)")
_AROUND_RE = re.compile(
    r"(?:on\s+or\s+)?(?:around|about|circa|c\.|ca\.|approximately)\s+(?P<rest>.+)"
)

Parse = Callable[[str], "DaySpan | ValueProblem"]


def _no_year(text: str) -> ValueProblem:
    return ValueProblem(f'no year in "{text}": write the year too', DATE_HINT)


def _span(
    text: str, y: int, m1: int, d1: int, m2: int, d2: int, precision: str
) -> DaySpan | ValueProblem:
    """Days d1 of m1 to d2 of m2 in year y (d2 capped at the month's end), checked."""
    if not 1 <= y <= 9999:
        return ValueProblem(f"{text} is not a real date (there is no year {y})", DATE_HINT)
    last = calendar.monthrange(y, m2)[1]
    d2 = min(d2, last) if precision == "part-of-month" else d2
    if not (1 <= d1 <= calendar.monthrange(y, m1)[1] and 1 <= d2 <= last):
        return ValueProblem(f"{text} is not a real date (no such day)", DATE_HINT)
    start, end = datetime.date(y, m1, d1), datetime.date(y, m2, d2)
    if end < start:
        return ValueProblem(f'the days of "{text}" run backwards', DATE_HINT)
    return DaySpan(text, start, end, precision)


def read_date_phrase(s: str, text: str, parse: Parse) -> DaySpan | ValueProblem | None:
    """One of the forms in the module table, or None; `parse` reads a plain date (for
    "around D" and "the week of D"); a form without its year is a "no year" problem."""
    for reader in (_part, _day_range, _nth_week):
        found = reader(s, text)
        if found is not None:
            return found
    m = _AROUND_RE.fullmatch(s)
    if m:
        day = parse(m.group("rest"))
        if isinstance(day, DaySpan) and day.precision == "day":
            delta = datetime.timedelta(days=AROUND_DAYS)
            return DaySpan(text, day.start - delta, day.end + delta, "days")
        return day if isinstance(day, ValueProblem) else None
    m = _WEEK_OF_RE.fullmatch(s)
    if m:
        day = parse(m.group("rest"))
        if isinstance(day, DaySpan) and day.precision == "day":
            monday = day.start - datetime.timedelta(days=day.start.weekday())
            return DaySpan(text, monday, monday + datetime.timedelta(days=6), "days")
        return day if isinstance(day, ValueProblem) else None
    return None


def _part(s: str, text: str) -> DaySpan | ValueProblem | None:
    m = _PART_RE.fullmatch(s)
    if not m:
        return None
    if not m.group("y"):
        return _no_year(text)
    first, last = _PART_DAYS[m.group("part")]
    month = MONTHS[m.group("m").rstrip(".")]
    return _span(text, int(m.group("y")), month, first, month, last, "part-of-month")


def _day_range(s: str, text: str) -> DaySpan | ValueProblem | None:
    m = next((m for r in _RANGE_RES if (m := r.fullmatch(s))), None) or _CROSS_RE.fullmatch(s)
    if not m:
        return None
    if not m.group("y"):
        return _no_year(text)
    month = MONTHS[m.group("m").rstrip(".")]
    first = MONTHS[m.group("m1").rstrip(".")] if "m1" in m.re.groupindex else month
    d1, d2 = int(m.group("d1")), int(m.group("d2"))
    return _span(text, int(m.group("y")), first, d1, month, d2, "days")


def _nth_week(s: str, text: str) -> DaySpan | ValueProblem | None:
    m = _NTH_WEEK_RE.fullmatch(s)
    if not m:
        return None
    if not m.group("y"):
        return _no_year(text)
    y, month, n = int(m.group("y")), MONTHS[m.group("m").rstrip(".")], _WEEKS[m.group("nth")]
    if not 1 <= y <= 9999:
        return ValueProblem(f"{text} is not a real date (there is no year {y})", DATE_HINT)
    last = calendar.monthrange(y, month)[1]
    first = last - 6 if n == 5 else 7 * n - 6
    return _span(text, y, month, first, month, first + 6, "days")
