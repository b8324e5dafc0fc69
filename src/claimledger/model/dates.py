"""Dates as spans of days: read "2014-06-13", "June 2014", "end of 2024".

Dates (every span is inclusive; precision never exceeds what the text says)

=====================================================  =============================  ============
Written                                                Span                           Precision
=====================================================  =============================  ============
``2014-06-13``, ``13 June 2014``, ``June 13, 2025``,   that day                       day
``13/06/2014`` (only when unambiguous), TOML date
``2014-06``, ``June 2014``, ``Jun. 2014``              the whole month                month
``Q3 2024``, ``2024-Q3``, ``third quarter of 2024``    the quarter                    quarter
``2014`` (text or TOML integer)                        the whole year                 year
``early 2016`` / ``mid-2016`` / ``late 2024``          Jan-Apr / May-Aug / Sep-Dec    part-of-year
``start of 2016``, ``beginning of 2016``               Jan-Mar                        part-of-year
``end of 2024``, ``the end of 2024``, ``end-2024``     Oct-Dec                        part-of-year
``first half of 2024`` (``H1 2024``) / second half     Jan-Jun / Jul-Dec              part-of-year
``spring``/``summer``/``autumn`` (``fall``) ``2016``   Mar-May / Jun-Aug / Sep-Nov    part-of-year
``winter 2016``                                        Dec 2016 - Feb 2017            part-of-year
=====================================================  =============================  ============

* Impossible dates are problems ("2014-06-31 is not a real date (June has 30 days)"), as are
  dates without a year ("June 14"), ambiguous numeric dates ("06/07/2014") and a weekday
  that does not match the date.
* Other spellings go to dateutil, parsed twice with different defaults: a component that
  changes with the default was not written, so it is not invented.
* In prose, a bare four-digit number is a year when it is 1900-2100 (or follows a word such
  as "in"/"since"), unless a count noun follows it ("2000 troops") or a count hedge precedes
  it ("nearly 2000").
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import replace
from functools import lru_cache

from claimledger.model.date_phrases import read_date_phrase
from claimledger.model.date_words import MONTHS, WEEKDAYS, date_order, english_date_words
from claimledger.model.numbers import ascii_digits, base_language
from claimledger.model.values import (
    DATE_HINT,
    MONTH_NAMES,
    WEEKDAY_NAMES,
    DaySpan,
    ValueProblem,
    fold,
    phrase_pattern,
)

# --------------------------------------------------------------------------- date lexicon

_MONTHS = MONTHS
_WEEKDAYS = WEEKDAYS
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
_YEAR_END = r"(?![0-9a-z])"

# Part of a year -> (years to add to the end, first month, last month).
_PARTS = {
    "early": (0, 1, 4), "mid": (0, 5, 8), "middle": (0, 5, 8), "late": (0, 9, 12),
    "end": (0, 10, 12), "start": (0, 1, 3), "beginning": (0, 1, 3), "first half": (0, 1, 6),
    "h1": (0, 1, 6), "second half": (0, 7, 12), "h2": (0, 7, 12), "spring": (0, 3, 5),
    "summer": (0, 6, 8), "autumn": (0, 9, 11), "fall": (0, 9, 11), "winter": (1, 12, 2),
}  # fmt: skip
_PART_ALT = "|".join(phrase_pattern(p) for p in sorted(_PARTS, key=len, reverse=True))
_QUARTER_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_QUARTER_WORDS.update({"fourth": 4, "4th": 4, "last": 4, "final": 4})


def _month(name: str) -> str:
    return rf"(?P<{name}>{_MONTH_ALT})(?![a-z])\.?"


def _weekday(name: str) -> str:
    return rf"(?:(?P<{name}>{_WEEKDAY_ALT})(?![a-z])\.?,?\s+)?"


_DATE_FORMS = (
    # June 13, 2025 / Friday, June 13 2025
    rf"{_weekday('w1')}{_month('m1')}\s*(?P<d1>[0-9]{{1,2}}){_ORD}(?![0-9a-z:])"
    rf"(?:\s*,\s*|\s+)(?P<y1>[0-9]{{4}}){_YEAR_END}",
    # 13 June 2014 / the 13th of June, 2014
    rf"{_weekday('w2')}(?:the\s+)?(?P<d2>[0-9]{{1,2}}){_ORD}\s+(?:of\s+)?{_month('m2')},?\s+"
    rf"(?P<y2>[0-9]{{4}}){_YEAR_END}",
    rf"(?P<y3>[0-9]{{4}})-(?P<m3>[0-9]{{1,2}})-(?P<d3>[0-9]{{1,2}}){_YEAR_END}",
    rf"q(?P<q1>[1-4])\s*-?\s*(?P<y4>[0-9]{{4}}){_YEAR_END}",
    rf"(?P<y5>[0-9]{{4}})\s*-?\s*q(?P<q2>[1-4]){_YEAR_END}",
    rf"(?:the\s+)?(?P<qw>{'|'.join(_QUARTER_WORDS)})\s+quarter\s+(?:of\s+)?"
    rf"(?P<y6>[0-9]{{4}}){_YEAR_END}",
    rf"(?:the\s+)?(?P<part>{_PART_ALT})(?:\s+of)?(?:\s+|-)(?P<y7>[0-9]{{4}}){_YEAR_END}",
    rf"{_month('m4')},?\s+(?:of\s+)?(?P<y8>[0-9]{{4}}){_YEAR_END}",
    r"(?P<y9>[0-9]{4})-(?P<m9>[0-9]{2})(?![0-9a-z-])",
    rf"(?P<y10>[0-9]{{4}}){_YEAR_END}",
)
_DATE_RE = re.compile(
    r"(?<![0-9a-z/.$£€])(?<![0-9],)(?:" + "|".join(f"(?:{f})" for f in _DATE_FORMS) + ")"
)
_ISO_DAY_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_ISO_DATETIME_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[t ][0-9]{1,2}:[0-9]{2}\S*")
_NUMERIC_DMY_RE = re.compile(r"([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})")
_NUMERIC_YMD_RE = re.compile(r"([0-9]{4})(?:/|\.\s?)([0-9]{1,2})(?:/|\.\s?)([0-9]{1,2})\.?")
_MONTH_DAY_RE = re.compile(
    rf"(?:{_weekday('w')})?{_month('m')}\s*(?P<d>[0-9]{{1,2}}){_ORD}"
    rf"|(?:{_weekday('v')})?(?:the\s+)?(?P<e>[0-9]{{1,2}}){_ORD}\s+(?:of\s+)?{_month('n')}"
)
_MONTH_ONLY_RE = re.compile(_month("m"))
_YEARLESS_RE = re.compile(
    rf"(?<![0-9a-z])(?:(?:{_MONTH_ALT})(?![a-z])\.?\s*[0-9]{{1,2}}{_ORD}(?![0-9a-z])"
    rf"|[0-9]{{1,2}}{_ORD}\s+(?:of\s+)?(?:{_MONTH_ALT})(?![a-z]))"
)

# Words before a bare four-digit number that make it a year ("in 2014", "the 2014 vote").
_YEAR_LEADS = frozenset(
    (
        "in", "since", "by", "until", "till", "before", "after", "during", "from", "of", "the",
        "its", "their", "his", "her", "early", "late", "mid", "post", "pre", "year", "spring",
        "summer", "autumn", "fall", "winter", "through",
    )
)  # fmt: skip
# Hedges before a bare four-digit number that make it a count ("nearly 2000").
_COUNT_LEAD_RE = re.compile(
    r"(?:nearly|almost|over|more than|fewer than|less than|up to|at least|as many as|upwards of"
    r"|some|an estimated|roughly|approximately)\s*$"
)
_COUNT_NOUNS = frozenset(["people", "men", "women", "children", "staff", "personnel", "police"])
_NOT_PLURALS = frozenset(
    (
        "is", "was", "has", "as", "its", "this", "his", "us", "thus", "across", "whereas", "plus",
        "unless", "always", "perhaps", "besides", "news", "less", "series", "yes", "various",
        "previous", "towards", "afterwards", "onwards",
    )
)  # fmt: skip
_PREV_WORD_RE = re.compile(r"([a-z]+)[^a-z0-9]{0,3}$")
_NEXT_WORD_RE = re.compile(r"\s+([a-z]+)")
_PAIRED_RE = re.compile(r"\s*(?:-|to|and|or)\s*([0-9][0-9,]*)(?![0-9])")


def _counted(s: str, end: int) -> bool:
    """Whether the word after ``end`` is a plural or count noun ("2000 troops")."""
    nxt = _NEXT_WORD_RE.match(s, end)
    if not nxt:
        return False
    word = nxt.group(1)
    return word in _COUNT_NOUNS or (
        word.endswith("s") and len(word) > 3 and word not in _NOT_PLURALS
    )


def _prose_year(s: str, start: int, end: int) -> bool:
    """Whether a bare four-digit number in prose is a year rather than a count."""
    value = int(s[start:end])
    if end + 1 < len(s) and s[end] in ".," and s[end + 1].isdigit():
        return False  # "2014.5", "2014,000"
    pair = _PAIRED_RE.match(s, end)
    if pair:  # "from 2000 to 3000 fighters": both ends are counts or both are years
        other = int(pair.group(1).replace(",", ""))
        if not 1000 <= other <= 2999 or _counted(s, pair.end()):
            return False
    prev = _PREV_WORD_RE.search(s, max(0, start - 24), start)
    if prev and prev.group(1) in _YEAR_LEADS:
        return 1000 <= value <= 2999
    if not 1900 <= value <= 2100:
        return False
    if _counted(s, end):
        return False
    return not _COUNT_LEAD_RE.search(s, max(0, start - 24), start)


def _iter_prose_dates(s: str):
    """Date matches in folded prose, with bare numbers judged as years or counts."""
    for m in _DATE_RE.finditer(s):
        if m.group("y10") is not None and not _prose_year(s, m.start(), m.end()):
            continue
        yield m


def date_masks(s: str) -> bytearray:
    """Which characters of prose belong to dates, including year-less ones ("June 14")."""
    masks = bytearray(len(s))
    for m in (*_iter_prose_dates(s), *_YEARLESS_RE.finditer(s)):
        masks[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return masks


# --------------------------------------------------------------------------- date reading


def _date_problem(message: str) -> ValueProblem:
    return ValueProblem(message, DATE_HINT)


def _year_ok(text: str, year: int) -> ValueProblem | None:
    if 1 <= year <= 9999:
        return None
    return _date_problem(f"{text} is not a real date (there is no year {year})")


def _day_span(
    text: str, y: int, mo: int, d: int, weekday: str | None = None
) -> DaySpan | ValueProblem:
    """A single day, checked against the calendar (and against a written weekday)."""
    bad = _year_ok(text, y)
    if bad:
        return bad
    if not 1 <= mo <= 12:
        return _date_problem(f"{text} is not a real date (there is no month {mo})")
    last = calendar.monthrange(y, mo)[1]
    if not 1 <= d <= last:
        whose = f"February {y}" if mo == 2 else MONTH_NAMES[mo]
        return _date_problem(f"{text} is not a real date ({whose} has {last} days)")
    day = datetime.date(y, mo, d)
    if weekday and _WEEKDAYS[weekday] != day.weekday():
        return _date_problem(
            f"{text} is not a real date ({d} {MONTH_NAMES[mo]} {y} was a "
            f"{WEEKDAY_NAMES[day.weekday()]})"
        )
    return DaySpan(text, day, day, "day")


def _month_span(text: str, y: int, mo: int) -> DaySpan | ValueProblem:
    bad = _year_ok(text, y)
    if bad:
        return bad
    if not 1 <= mo <= 12:
        return _date_problem(f"{text} is not a real date (there is no month {mo})")
    last = calendar.monthrange(y, mo)[1]
    return DaySpan(text, datetime.date(y, mo, 1), datetime.date(y, mo, last), "month")


def _months_span(text: str, y: int, first: int, last: int, extra_years: int, precision: str):
    """Whole months first..last, the last possibly in a later year (winter)."""
    bad = _year_ok(text, y) or _year_ok(text, y + extra_years)
    if bad:
        return bad
    end_year = y + extra_years
    end = datetime.date(end_year, last, calendar.monthrange(end_year, last)[1])
    return DaySpan(text, datetime.date(y, first, 1), end, precision)


def _year_span(text: str, y: int) -> DaySpan | ValueProblem:
    return _months_span(text, y, 1, 12, 0, "year")


def _quarter_span(text: str, y: int, q: int) -> DaySpan | ValueProblem:
    return _months_span(text, y, 3 * q - 2, 3 * q, 0, "quarter")


def _span_from_match(m: re.Match[str], text: str) -> DaySpan | ValueProblem:
    """Build the span for whichever date form matched."""
    g = m.group
    if g("y1"):
        return _day_span(text, int(g("y1")), _MONTHS[g("m1")], int(g("d1")), g("w1"))
    if g("y2"):
        return _day_span(text, int(g("y2")), _MONTHS[g("m2")], int(g("d2")), g("w2"))
    if g("y3"):
        return _day_span(text, int(g("y3")), int(g("m3")), int(g("d3")))
    if g("y4") or g("y5"):
        return _quarter_span(text, int(g("y4") or g("y5")), int(g("q1") or g("q2")))
    if g("y6"):
        return _quarter_span(text, int(g("y6")), _QUARTER_WORDS[g("qw")])
    if g("y7"):
        extra, first, last = _PARTS[" ".join(g("part").split())]
        return _months_span(text, int(g("y7")), first, last, extra, "part-of-year")
    if g("y8"):
        return _month_span(text, int(g("y8")), _MONTHS[g("m4")])
    if g("y9"):
        return _month_span(text, int(g("y9")), int(g("m9")))
    return _year_span(text, int(g("y10")))


def parse_date(
    raw: object,
    today: datetime.date | None = None,
    languages: tuple[str, ...] = (),
    context_year: int | None = None,
) -> DaySpan | ValueProblem:
    """Read a date as written into the span of days it covers (see module table).

    `languages` (the source's, BCP 47) name the month and weekday words and the order of
    numeric dates ("06.02.2023" is 6 February in tr); `context_year` is the year a
    year-less date ("14 June") takes, marked `inferred_year`."""
    if isinstance(raw, bool):
        return _date_problem("expected a date, got a boolean (true/false)")
    if isinstance(raw, datetime.datetime):
        day = raw.date()
        return DaySpan(raw.isoformat(), day, day, "day")
    if isinstance(raw, datetime.date):
        return DaySpan(raw.isoformat(), raw, raw, "day")
    if isinstance(raw, int):
        return _year_span(str(raw), raw)
    if isinstance(raw, str):
        year = today.year if isinstance(today, datetime.date) else None
        return _parse_date_text(raw, year, tuple(languages), context_year)
    return _date_problem(f"expected a date, got {type(raw).__name__}")


@lru_cache(maxsize=65536)
def _parse_date_text(
    raw: str,
    year_hint: int | None,
    languages: tuple[str, ...] = (),
    context_year: int | None = None,
) -> DaySpan | ValueProblem:
    text = raw.strip()
    m = _ISO_DAY_RE.fullmatch(text)
    if m:  # the common case, kept off the slower paths
        return _day_span(text, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    s = " ".join(ascii_digits(fold(text)).split()).rstrip(",;")
    if not s.rstrip("."):
        return _date_problem("empty value: expected a date")
    # English words first: a source in another language pays for its month names (Babel)
    # only when the English reading fails ("6. Februar 2023", not "2025-06" or "June 2014").
    found = _read_date(s.rstrip("."), text, year_hint, languages)
    if isinstance(found, ValueProblem) and any(base_language(t) != "en" for t in languages):
        kept = s if re.search(r"[0-9]\.$", s) else s.rstrip(".")  # "2023. február 6."
        s = english_date_words(kept, languages).rstrip(".")
        found = _read_date(s, text, year_hint, languages)
    if context_year and isinstance(found, ValueProblem) and found.message.startswith("no year"):
        inferred = _read_date(f"{s.rstrip('.')} {context_year:04d}", text, year_hint, languages)
        if isinstance(inferred, DaySpan):
            return replace(inferred, inferred_year=True)
    return found


def _read_date(
    s: str, text: str, year_hint: int | None, languages: tuple[str, ...]
) -> DaySpan | ValueProblem:
    """A folded date in English words, in each of the forms this module knows."""
    m = _DATE_RE.fullmatch(s)
    if m:
        return _span_from_match(m, text)
    m = _ISO_DATETIME_RE.fullmatch(s)
    if m:
        return _day_span(text, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    found = (
        read_date_phrase(s, text, lambda rest: _read_date(rest, text, year_hint, languages))
        or _numeric_date(text, s, languages)
        or _yearless(text, s, year_hint)
        or _dateutil_span(text, s)
    )
    return found or _date_problem(f'cannot read "{text}" as a date')


def _numeric_date(
    text: str, s: str, languages: tuple[str, ...] = ()
) -> DaySpan | ValueProblem | None:
    """2014/06/13, or 13/06/2014 when only one reading of day and month is possible, or in
    the order of the source's language ("06.02.2023" is 6 February in de and tr)."""
    m = _NUMERIC_YMD_RE.fullmatch(s)
    if m:
        return _day_span(text, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _NUMERIC_DMY_RE.fullmatch(s)
    if not m:
        return None
    a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    order = date_order(languages) if a <= 12 and b <= 12 and a != b else None
    if a <= 12 and b <= 12 and a != b and order not in ("dmy", "mdy"):
        return _date_problem(
            f"{text} is ambiguous (day and month could be either way round): write "
            f"{y:04d}-{b:02d}-{a:02d} or {y:04d}-{a:02d}-{b:02d}, or set the source's language"
        )
    if a <= 12 and b <= 12:
        day, month = (a, b) if order == "dmy" else (b, a)
    else:
        day, month = (a, b) if a > 12 else (b, a)
    return _day_span(text, y, month, day)


def _no_year(text: str, example: str) -> ValueProblem:
    return _date_problem(f'no year in "{text}": write the year too, e.g. {example}')


def _yearless(text: str, s: str, year_hint: int | None) -> ValueProblem | None:
    """A problem for a month and day, or a month alone, written without a year."""
    year = f"{year_hint:04d}" if year_hint else "YYYY"
    m = _MONTH_DAY_RE.fullmatch(s)
    if m:
        month = _MONTHS[m.group("m") or m.group("n")]
        day = int(m.group("d") or m.group("e"))
        return _no_year(text, f"{year}-{month:02d}-{day:02d}")
    m = _MONTH_ONLY_RE.fullmatch(s)
    if m:
        return _no_year(text, f"{year}-{_MONTHS[m.group('m')]:02d}")
    return None


_DEFAULT_A = datetime.datetime(2000, 1, 1)
_DEFAULT_B = datetime.datetime(2004, 2, 2)  # both leap years, so "29 February" parses


def _dateutil_span(text: str, s: str) -> DaySpan | ValueProblem | None:
    """Other spellings via dateutil, keeping only the components the text really gave."""
    if len(s) > 80 or not any(re.search(rf"(?<![a-z]){name}(?![a-z])", s) for name in _MONTHS):
        return None  # bare numbers are handled above; dateutil would guess at them
    try:
        from dateutil import parser  # 11 ms of imports, paid only for unusual spellings

        a = parser.parse(s, default=_DEFAULT_A, ignoretz=True)
        b = parser.parse(s, default=_DEFAULT_B, ignoretz=True)
    except Exception:  # dateutil raises several types for unreadable text
        return None
    if a.month != b.month:
        return None
    if a.year != b.year:
        return _no_year(text, f"YYYY-{a.month:02d}")
    if a.day != b.day:
        return _month_span(text, a.year, a.month)
    return DaySpan(text, a.date(), a.date(), "day")


def find_dates(text: str) -> list[tuple[int, int, DaySpan]]:
    """Every dated phrase in prose, as (start, end, DaySpan); year-less dates are skipped."""
    if not isinstance(text, str):
        return []
    found: list[tuple[int, int, DaySpan]] = []
    for m in _iter_prose_dates(fold(text)):
        span = _span_from_match(m, text[m.start() : m.end()])
        if isinstance(span, DaySpan):
            found.append((m.start(), m.end(), span))
    return found


# --------------------------------------------------------------------------- date arithmetic


def spans_overlap(a: DaySpan, b: DaySpan) -> bool:
    """Whether two spans share at least one day."""
    return a.start <= b.end and b.start <= a.end


def days_between(a: DaySpan, b: DaySpan) -> int:
    """Days from the end of the earlier span to the start of the later; 0 if they overlap."""
    if spans_overlap(a, b):
        return 0
    earlier, later = (a, b) if a.end < b.start else (b, a)
    return (later.start - earlier.end).days


def _month_index(d: datetime.date) -> int:
    return d.year * 12 + d.month


def _gap_in_units(earlier: DaySpan, later: DaySpan) -> tuple[int, str]:
    """The distance between span starts in the coarser of the two precisions."""
    precisions = {earlier.precision, later.precision}
    if "year" in precisions and later.start.year > earlier.start.year:
        return later.start.year - earlier.start.year, "year"
    months = _month_index(later.start) - _month_index(earlier.start)
    if precisions != {"day"} and months > 0:
        return months, "month"
    return (later.start - earlier.start).days, "day"


def describe_date_gap(a: DaySpan, b: DaySpan) -> str:
    """How far apart two spans are, later one first: "2007 is 4 years after 2003"."""
    if spans_overlap(a, b):
        if (a.start, a.end) == (b.start, b.end):
            return f"{a.label()} and {b.label()} are the same period"
        for inner, outer in ((a, b), (b, a)):
            if outer.start <= inner.start and inner.end <= outer.end:
                return f"{inner.label()} falls within {outer.label()}"
        return f"{a.label()} and {b.label()} overlap"
    earlier, later = (a, b) if a.end < b.start else (b, a)
    n, unit = _gap_in_units(earlier, later)
    return f"{later.label()} is {n:,} {unit}{'' if n == 1 else 's'} after {earlier.label()}"
