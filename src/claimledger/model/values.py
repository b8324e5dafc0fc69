"""Typed values derived from claim values as written.

A claim keeps its value as the source wrote it (``value = "nearly 70"``); this module reads
such text into numeric intervals and day spans so that claims can be compared. Everything
here is pure: no I/O, no printing, and no exception escapes for any input -- unreadable
values come back as a :class:`ValueProblem` with a message and a hint.

The readers live in `quantities.py` (quantities as intervals) and `dates.py` (dates as day
spans); this module holds the value types they return and the small helpers they share.
"""

from __future__ import annotations

import datetime
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

# --------------------------------------------------------------------------- intervals


@dataclass(frozen=True)
class Interval:
    """A numeric interval; ``high`` may be ``math.inf``."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def contains(self, x: float) -> bool:
        """Whether ``x`` lies in the interval, respecting open ends."""
        if not isinstance(x, numbers.Real) or math.isnan(x):
            return False
        above = x > self.low if self.low_open else x >= self.low
        below = x < self.high if self.high_open else x <= self.high
        return above and below

    def __str__(self) -> str:
        # Infinite ends are always shown open: no value reaches them.
        left = "(" if self.low_open or self.low == -math.inf else "["
        right = ")" if self.high_open or self.high == math.inf else "]"
        return f"{left}{format_number(self.low)}, {format_number(self.high)}{right}"


def format_number(x: float) -> str:
    """A figure for people: integers without ".0", at most four decimals, "∞" for infinity."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if x != 0 and abs(x) < 0.001:
        return f"{x:.4g}"
    r = round(x, 4)
    if r == int(r):
        return str(int(r))
    return f"{r:.4f}".rstrip("0").rstrip(".")


def _intersection(a: Interval, b: Interval) -> tuple[float, bool, float, bool]:
    """The common part of two intervals as (low, low_open, high, high_open)."""
    if a.low != b.low:
        low, low_open = (a.low, a.low_open) if a.low > b.low else (b.low, b.low_open)
    else:
        low, low_open = a.low, a.low_open or b.low_open
    if a.high != b.high:
        high, high_open = (a.high, a.high_open) if a.high < b.high else (b.high, b.high_open)
    else:
        high, high_open = a.high, a.high_open or b.high_open
    return low, low_open, high, high_open


def overlaps(a: Interval, b: Interval) -> bool:
    """Whether two intervals share at least one value."""
    low, low_open, high, high_open = _intersection(a, b)
    return low < high or (low == high and not low_open and not high_open)


def interval_contains(outer: Interval, inner: Interval) -> bool:
    """Whether every value of ``inner`` lies in ``outer``."""
    low_ok = inner.low > outer.low or (
        inner.low == outer.low and (inner.low_open or not outer.low_open)
    )
    high_ok = inner.high < outer.high or (
        inner.high == outer.high and (inner.high_open or not outer.high_open)
    )
    return low_ok and high_ok


def gap(a: Interval, b: Interval) -> float:
    """The distance between two intervals; 0 when they overlap or touch."""
    if overlaps(a, b):
        return 0.0
    return max(a.low - b.high, b.low - a.high, 0.0)


# --------------------------------------------------------------------------- value types

QUALIFIERS = (
    "exact", "approximate", "nearly", "up-to", "at-least", "more-than", "less-than", "range",
    "vague",
)  # fmt: skip


@dataclass(frozen=True)
class Quantity:
    """A number as written, with the interval of values it allows.

    `interval` and `point` are in the subject's unit once `claim_value` has read them:
    "29,000 ft" on a metre subject is [8839.2, 8839.2] with `unit` "m", and `written` and
    `written_unit` keep the interval and unit the source wrote, for views that print both.
    `unit` is None when nothing was converted (the figure is in the subject's unit as the
    subject spells it).
    `projection` marks a forecast ("could reach 100,000", "is expected to rise to 50"):
    it is read and shown, but it is not a count, so the conflict engine leaves it out of
    comparison (and `check` says so with a `projection` info finding). `ratio` marks a
    fraction read from words ("one in five", "two-thirds"): its interval is a plain
    fraction until `claim_value` puts it in the subject's unit (20 for %).
    """

    text: str
    interval: Interval
    qualifier: str
    point: float | None
    unit: str | None = None
    written: Interval | None = None
    written_unit: str | None = None
    projection: bool = False
    ratio: bool = False

    @property
    def converted(self) -> bool:
        """Whether the interval was converted from another unit than the one written."""
        return self.written is not None


@dataclass(frozen=True)
class ValueProblem:
    """Why a value could not be read, and what to write instead; `code` is the finding's
    code (a diagnostics.CODES key): bad-value, ambiguous-number, unit-dimension."""

    message: str
    hint: str
    code: str = "bad-value"


MONTH_NAMES = (
    "", "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# (first month, last month) of a part of a year -> its canonical label word.
_PART_LABELS = {
    (1, 4): "early",
    (5, 8): "mid",
    (9, 12): "late",
    (10, 12): "end of",
    (1, 3): "start of",
    (1, 6): "first half of",
    (7, 12): "second half of",
    (3, 5): "spring",
    (6, 8): "summer",
    (9, 11): "autumn",
    (12, 2): "winter",
}


@dataclass(frozen=True)
class DaySpan:
    """An inclusive run of days, with the precision the text gave."""

    text: str
    start: datetime.date
    end: datetime.date
    precision: str  # "day" | "month" | "quarter" | "year" | "part-of-year" | "part-of-month"
    # | "days" (a range of days, or "around D": D ± AROUND_DAYS)
    inferred_year: bool = False  # the text gave no year; it came from the claim's context

    def __str__(self) -> str:
        shown = self._shown()
        return f"{shown} (year inferred)" if self.inferred_year else shown

    def _shown(self) -> str:
        if self.precision == "day" and self.start == self.end:
            return self.start.isoformat()
        whole = f"({self.start.isoformat()} – {self.end.isoformat()})"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d} {whole}"
        if self.precision == "quarter":
            return f"{self.start.year:04d}-Q{(self.start.month - 1) // 3 + 1} {whole}"
        if self.precision == "year":
            return f"{self.start.year:04d} {whole}"
        return f"{self.label()} {whole}"

    def short(self) -> str:
        """The span normalised for a table column: "2014-06-13", "2014-06", "2024-Q3",
        "2014", "early March 2023"; "(year inferred)" when the text gave no year."""
        s = self.start
        if self.precision == "day" and s == self.end:
            shown = s.isoformat()
        elif self.precision in ("month", "quarter", "year"):
            shown = self._shown().split(" (")[0]
        else:
            shown = self.label()
        return f"{shown} (year inferred)" if self.inferred_year else shown

    def label(self) -> str:
        """The span as a person would say it: "13 June 2014", "June 2014", "late 2024"."""
        s, e = self.start, self.end
        if self.precision == "day" and s == e:
            return f"{s.day} {MONTH_NAMES[s.month]} {s.year}"
        if self.precision == "month":
            return f"{MONTH_NAMES[s.month]} {s.year}"
        if self.precision == "quarter":
            return f"Q{(s.month - 1) // 3 + 1} {s.year}"
        if self.precision == "year":
            return str(s.year)
        if self.precision == "part-of-month" and (s.year, s.month) == (e.year, e.month):
            third = {1: "early", 11: "mid", 21: "late"}.get(s.day)
            if third:
                return f"{third} {MONTH_NAMES[s.month]} {s.year}"
        if self.precision == "days" and (s.year, s.month) == (e.year, e.month):
            return f"{s.day}–{e.day} {MONTH_NAMES[s.month]} {s.year}"
        word = _PART_LABELS.get((s.month, e.month))
        if self.precision == "part-of-year" and word and s.day == 1:
            return f"{word} {s.year}"
        return f"{s.isoformat()} – {e.isoformat()}"


QUANTITY_HINT = (
    'write a number with an optional hedge: "70", "about 70", "nearly 70", "up to 30", '
    '"30-40", "between 30 and 40", "1.5 million"'
)
DATE_HINT = (
    'write a date as "2014-06-13", "13 June 2014", "June 2014", "2014", "Q3 2024", '
    '"late 2024" or "the end of 2024"'
)
BOOLEAN_HINT = "write true or false (yes and no are accepted too)"
BOUNDS_HINT = "give minimum and/or maximum as plain numbers, e.g. minimum = 30, maximum = 40"

# --------------------------------------------------------------------------- text folding

# One character in, one character out: prose offsets must stay valid after folding.
_FOLD_MAP = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
    }
)
_QUOTE_MAP = str.maketrans({k: v for k, v in _FOLD_MAP.items() if chr(k) in "‘’‛′“”„″"})


def fold(text: str) -> str:
    """Lower-case text with unified dashes, spaces and quotes, keeping its length."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.translate(_FOLD_MAP)


def _edge_char(c: str) -> bool:
    return c.isspace() or unicodedata.category(c)[0] in "PZ"


def normalise_text(raw: object) -> str:
    """Text for comparison: NFC, casefolded, quotes unified, whitespace collapsed, trimmed."""
    try:
        text = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
    except Exception:  # a hostile __str__ must not break comparison
        return ""
    text = unicodedata.normalize("NFC", text).translate(_QUOTE_MAP)
    text = " ".join(unicodedata.normalize("NFC", text.casefold()).split())
    start, end = 0, len(text)
    while start < end and _edge_char(text[start]):
        start += 1
    while end > start and _edge_char(text[end - 1]):
        end -= 1
    return text[start:end]


def parse_boolean(raw: object) -> bool | ValueProblem:
    """True/False, or "true"/"false"/"yes"/"no" in any case."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        word = raw.strip().casefold()
        if word in ("true", "yes"):
            return True
        if word in ("false", "no"):
            return False
        return ValueProblem(f'cannot read "{raw.strip()}" as true or false', BOOLEAN_HINT)
    return ValueProblem(f"expected true or false, got {type(raw).__name__}", BOOLEAN_HINT)


def phrase_pattern(phrase: str) -> str:
    """A regex for a phrase: any run of spaces between words, whole words only."""
    body = r"\s+".join(re.escape(w) for w in phrase.split())
    return body + r"(?![a-z])" if phrase[-1].isalpha() else body


def plain(value: Any) -> Any:
    """TOML values as JSON values (dates as ISO strings, infinities as null)."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
