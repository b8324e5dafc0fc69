"""Typed values derived from claim values as written.

A claim keeps its value as the source wrote it (``value = "nearly 70"``); this module reads
such text into numeric intervals and day spans so that claims can be compared. Everything
here is pure: no I/O, no printing, and no exception escapes for any input -- unreadable
values come back as a :class:`ValueProblem` with a message and a hint.

Quantities (``x`` is the stated figure, ``t`` the tolerance, default 0.10)

=========================================  ============================  ============
Written                                    Interval                      Qualifier
=========================================  ============================  ============
``70``, ``1,000``, ``1.5``, ``1e6``        [x, x]                        exact
``1.5 million``, ``60 thousand``, ``200k``  scaled: k=10^3, m/mn=10^6,    exact
``3m``, ``2bn``                            b/bn=10^9 ("3m" is million)
``seventy``, ``twenty-five``,              number words                  exact
``a hundred``, ``one hundred and twenty``,
``a dozen`` (12), ``two dozen``,
``half a dozen`` (6)
``only``/``just``/``exactly`` ``x``        [x, x] (filler word ignored)  exact
``about``/``around``/``roughly``/          [x - tx, x + tx]              approximate
``approximately``/``some``/``an estimated``
/``estimated``/``~``/``circa``/``c.``/
``close to``/``in the region of``/
``x or so``/``x-ish``
``nearly``/``almost``/``just under``/      [x - 0.1x, x)                 nearly
``just below``/``just short of``
``just over``/``just above``/              (x, x + 0.1x]                 more-than
``slightly more than``/``a little over``
``up to``/``at most``/``as many as``/      [0, x]                        up-to
``no more than``/``a maximum of``/
``x or fewer``/``x or less``
``at least``/``no fewer than``/            [x, inf)                      at-least
``no less than``/``a minimum of``/
``x+``/``x or more``
``more than``/``over``/``upwards of``/     (x, inf)                      more-than
``in excess of``/``above``/``exceeding``
``less than``/``under``/``fewer than``/    [0, x)                        less-than
``below``
``30-40``, ``30–40``, ``30 to 40``,        [30, 40]                      range
``between 30 and 40``, ``from 30 to 40``,
``two or three``; ``60 to 90 thousand``
(a trailing scale applies to both ends)
hedged range ``about 30-40``               [30 - 30t, 40 + 40t]          approximate
``a few``                                  [2, 5]                        vague
``a couple (of)``                          [2, 3]                        vague
``a handful``                              [2, 6]                        vague
``several``                                [3, 10)                       vague
``tens``                                   [20, 100)                     vague
``dozens``                                 [24, 100)                     vague
``scores``                                 [40, 100)                     vague
``hundreds``                               [200, 1000)                   vague
``thousands``                              [2000, 10000)                 vague
``tens of thousands``                      [20000, 100000)               vague
``hundreds of thousands``                  [200000, 1000000)             vague
``millions`` / ``tens of millions`` /      [2e6, 1e7) / [2e7, 1e8) /     vague
``hundreds of millions`` / ``billions``    [2e8, 1e9) / [2e9, 1e10)
``several thousand``, ``a few hundred``    the vague range times scale   vague
=========================================  ============================  ============

* Words after the quantity are ignored ("nearly 70 factions", "twelve-day war" = 12).
* "up to"/"less than" with a negative figure have no floor (-inf). Negative numbers parse;
  the checker flags them. NaN and infinities are a problem ("not a finite number").
* A hedge before a vague word keeps the vague interval, except up-to/less-than (floor 0)
  and at-least/more-than/just-over (no ceiling).
* A percentage sign or unit after the number is ignored ("70%" = 70).
* When the text does not start with a quantity but contains exactly one quantity that prose
  scanning would find ("Over the past two years"), that quantity is used.
* Ranges and vague words have no central ``point``; single figures do.
* Prose scanning (``find_quantities``) skips years and other parts of dates (including
  year-less ones such as "June 14"), percentages, ordinals ("3rd"), figures glued to letters
  or codes ("F-16", "5G", "10:30"), and the pronoun "one" ("one of the oldest").

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
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

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
    """A number as written, with the interval of values it allows."""

    text: str
    interval: Interval
    qualifier: str
    point: float | None


@dataclass(frozen=True)
class ValueProblem:
    """Why a value could not be read, and what to write instead."""

    message: str
    hint: str


MONTH_NAMES = (
    "", "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

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
    precision: str  # "day" | "month" | "quarter" | "year" | "part-of-year"

    def __str__(self) -> str:
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


def _fold(text: str) -> str:
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


# --------------------------------------------------------------------------- quantity lexicon

_HEDGES = {
    "approximate": (
        "about", "around", "roughly", "approximately", "approx.", "approx", "some",
        "an estimated", "estimated", "est.", "~", "≈", "circa", "ca.", "c.", "close to",
        "in the region of", "on the order of", "of the order of", "somewhere around",
    ),
    "nearly": ("nearly", "almost", "just under", "just below", "just short of", "not quite"),
    "just-over": (
        "just over", "just above", "just more than", "slightly more than", "slightly over",
        "a little over", "a little more than",
    ),
    "up-to": (
        "up to", "at most", "as many as", "as much as", "no more than", "not more than",
        "a maximum of", "maximum of", "max.", "max", "≤", "<=",
    ),
    "at-least": (
        "at least", "no fewer than", "no less than", "not less than", "not fewer than",
        "a minimum of", "minimum of", "min.", "≥", ">=",
    ),
    "more-than": (
        "more than", "over", "upwards of", "in excess of", "above", "exceeding", "greater than",
        "well over", "well above", ">",
    ),
    "less-than": ("less than", "under", "fewer than", "below", "well under", "well below", "<"),
}  # fmt: skip
_HEDGE_KIND = {phrase: kind for kind, phrases in _HEDGES.items() for phrase in phrases}


def _phrase_pattern(phrase: str) -> str:
    """A regex for a phrase: any run of spaces between words, whole words only."""
    body = r"\s+".join(re.escape(w) for w in phrase.split())
    return body + r"(?![a-z])" if phrase[-1].isalpha() else body


_HEDGE_RE = re.compile(
    "(?P<hedge>"
    + "|".join(_phrase_pattern(p) for p in sorted(_HEDGE_KIND, key=len, reverse=True))
    + r")\s*"
)
_FILLER_RE = re.compile(r"(?:only|just|exactly|precisely|a\s+total\s+of)\s+")

# Vague words: (low, high, low_open, high_open, can take a scale like "several thousand").
_VAGUE = {
    "hundreds of thousands": (2e5, 1e6, False, True, False),
    "tens of thousands": (2e4, 1e5, False, True, False),
    "hundreds of millions": (2e8, 1e9, False, True, False),
    "tens of millions": (2e7, 1e8, False, True, False),
    "a handful": (2, 6, False, False, True),
    "a few": (2, 5, False, False, True),
    "a couple": (2, 3, False, False, True),
    "several": (3, 10, False, True, True),
    "dozens": (24, 100, False, True, False),
    "scores": (40, 100, False, True, False),
    "hundreds": (200, 1000, False, True, False),
    "thousands": (2000, 10000, False, True, False),
    "millions": (2e6, 1e7, False, True, False),
    "billions": (2e9, 1e10, False, True, False),
    "tens": (20, 100, False, True, False),
}
_VAGUE_RE = re.compile(
    "(?:" + "|".join(_phrase_pattern(p) for p in sorted(_VAGUE, key=len, reverse=True)) + ")"
)
_VAGUE_SCALE_RE = re.compile(r"(?:\s+of)?\s+(hundred|thousand|million|billion)(?![a-z])")

_UNIT_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_WORDS: dict[str, tuple[str, float]] = {w: ("unit", i) for i, w in enumerate(_UNIT_WORDS)}
_WORDS.update({w: ("tens", 20 + 10 * i) for i, w in enumerate(_TENS_WORDS)})
_WORDS.update({w: ("scale", v) for w, v in _SCALES.items()})
_WORDS.update(
    {
        "hundred": ("hundred", 100),
        "dozen": ("dozen", 12),
        "a": ("a", 1),
        "an": ("a", 1),
        "and": ("and", 0),
        "half": ("half", 0.5),
    }
)
_WORD_RE = re.compile(r"[a-z]+")
_WORD_SEP_RE = re.compile(r"\s+|-(?=[a-z])")

_DIGITS_RE = re.compile(
    r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?(?![0-9])"
)
_ORDINAL_RE = re.compile(r"(?:st|nd|rd|th)(?![a-z])")
_DIGIT_SCALE_RE = re.compile(
    r"(?P<suffix>k|mn|m|bn|b)(?![a-z0-9])"
    r"|\s*(?P<word>hundred|thousand|million|billion|trillion|dozen)(?![a-z])"
)
_SCALE_VALUES = {
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "hundred": 100.0,
    "dozen": 12.0,
}
_SCALE_VALUES.update(_SCALES)

_BETWEEN_RE = re.compile(r"(?:between|from)\s+")
_BETWEEN_SEP_RE = re.compile(r"\s*-\s*|\s+(?:and|to)\s+")
_RANGE_SEP_RE = re.compile(r"\s*-\s*|\s+(?:to|or|through)\s+")
_SUFFIX_RE = re.compile(
    r"(?P<plus>\+)"
    r"|(?P<so>\s+or\s+so|-?ish)(?![a-z])"
    r"|(?P<more>\s+or\s+(?:more|greater|above|higher|over)|\s+and\s+(?:up|upwards|above))(?![a-z])"
    r"|(?P<fewer>\s+or\s+(?:fewer|less|under|lower|below))(?![a-z])"
)
_SUFFIX_KIND = {"plus": "at-least", "so": "approximate", "more": "at-least", "fewer": "up-to"}
_PERCENT_RE = re.compile(r"\s*(?:%|percent(?![a-z])|per\s+cent(?![a-z])|pct(?![a-z]))")
_TRAIL_BAD_RE = re.compile(r"\s*[0-9]|[-./:,][0-9]")
_NONFINITE_RE = re.compile(r"[-+]?(?:nan|inf|infinity|∞)")
_CANDIDATE_RE = re.compile(r"[~<>≈≤≥]|(?<![\w.,/:=&?#-])[-+]?[0-9]|(?<![\w'])[a-z]")

_QUALIFIER_OF = {
    None: "exact",
    "approximate": "approximate",
    "nearly": "nearly",
    "just-over": "more-than",
    "up-to": "up-to",
    "less-than": "less-than",
    "at-least": "at-least",
    "more-than": "more-than",
}
_DEFAULT_TOLERANCE = 0.10


class _Number(NamedTuple):
    value: float
    end: int
    scale: float  # 1 unless a scale word or suffix followed the digits
    digits: bool


@dataclass
class _WordState:
    """Running state while reading a number written in words."""

    last: str | None = None
    current: float = 0.0
    total: float = 0.0
    cap: float = math.inf  # scales must shrink: "two million three thousand"
    factor: float = 1.0


class _Core(NamedTuple):
    """The bare quantity before hedges: a figure, a range or a vague word."""

    low: float
    high: float
    kind: str  # "number" | "range" | "vague" | "backwards"
    end: int
    low_open: bool = False
    high_open: bool = False


# --------------------------------------------------------------------------- quantity reading


def _read_digits(s: str, m: re.Match[str]) -> _Number | None:
    """A figure written in digits, with an optional scale ("1.5 million", "200k")."""
    end = m.end()
    if _ORDINAL_RE.match(s, end):
        return None  # "2nd" is a position, not a count
    value = float(m.group().replace(",", ""))
    scale = 1.0
    for _ in range(2):  # "2 hundred thousand" needs two scales
        sm = _DIGIT_SCALE_RE.match(s, end)
        if not sm:
            break
        scale *= _SCALE_VALUES[sm.group("suffix") or sm.group("word")]
        end = sm.end()
    value *= scale
    return _Number(value, end, scale, True) if math.isfinite(value) else None


def _word_step(kind: str, value: float, st: _WordState) -> bool:
    """Apply one number word to the running state; False when it cannot follow."""
    last = st.last
    if kind in ("unit", "tens"):
        ok = last in (None, "hundred", "scale", "and") or (
            kind == "unit" and last == "tens" and 0 < value < 10
        )
        st.current += value
    elif kind == "hundred":
        ok = last in ("unit", "a") and 0 < st.current < 100
        st.current *= 100
    elif kind == "dozen":
        ok = last in (None, "unit", "tens", "a")
        st.current = (st.current or 1) * 12
    elif kind == "scale":
        ok = last in ("unit", "tens", "hundred", "a", "dozen") and value < st.cap
        st.total += (st.current or 1) * value
        st.current, st.cap = 0.0, value
    elif kind == "a":
        ok = last in (None, "half")
        st.current = 1.0
    elif kind == "half":
        ok = last is None
        st.factor = 0.5
    else:  # "and" joins "one hundred and twenty"
        ok = last in ("hundred", "scale")
    st.last = kind
    return ok


def _read_words(s: str, p: int) -> _Number | None:
    """A figure written in words: "seventy", "twenty-five", "a hundred and twenty"."""
    st = _WordState()
    value, end, q = 0.0, -1, p
    while (m := _WORD_RE.match(s, q)) and (entry := _WORDS.get(m.group())):
        if not _word_step(entry[0], entry[1], st):
            break
        if entry[0] not in ("a", "and", "half"):  # these need a following number word
            value, end = (st.total + st.current) * st.factor, m.end()
        sep = _WORD_SEP_RE.match(s, m.end())
        if not sep:
            break
        q = sep.end()
    return _Number(value, end, 1.0, False) if end >= 0 else None


def _read_number(s: str, p: int, signed: bool = True) -> _Number | None:
    """A single figure in digits or words starting at ``p``."""
    m = _DIGITS_RE.match(s, p)
    if m:
        if not signed and s[p] in "+-":
            return None
        return _read_digits(s, m)
    return _read_words(s, p)


def _range_of(x: _Number, y: _Number) -> _Core:
    """The range x..y, sharing a trailing scale ("60 to 90 thousand")."""
    low = x.value
    if x.scale == 1 and y.scale != 1 and low * y.scale <= y.value:
        low *= y.scale
    kind = "range" if low <= y.value else "backwards"
    return _Core(low, y.value, kind, y.end)


def _read_range_tail(s: str, x: _Number) -> _Core | None:
    """A second figure after "-", "to" or "or", making a range."""
    sep = _RANGE_SEP_RE.match(s, x.end)
    if not sep:
        return None
    dash = "-" in sep.group()
    if dash and not x.digits:
        return None  # "twelve-day" is a figure and a noun, not a range
    y = _read_number(s, sep.end(), signed=not dash)
    if y is None or (dash and not y.digits):
        return None
    return _range_of(x, y)


def _read_vague(s: str, p: int, prose: bool) -> _Core | None:
    """A vague amount ("several", "dozens", "tens of thousands")."""
    m = _VAGUE_RE.match(s, p)
    if not m:
        return None
    key = " ".join(m.group().split())
    if prose and key == "scores" and not re.match(r"\s+of(?![a-z])", s[m.end() :]):
        return None  # "test scores" is not an amount
    low, high, low_open, high_open, scalable = _VAGUE[key]
    end = m.end()
    while scalable and (sm := _VAGUE_SCALE_RE.match(s, end)):
        scale = _SCALE_VALUES[sm.group(1)]  # "several thousand", "a few hundred"
        low, high, end = low * scale, high * scale, sm.end()
    return _Core(float(low), float(high), "vague", end, low_open, high_open)


def _read_core(s: str, p: int, prose: bool) -> _Core | None:
    """The quantity proper at ``p``: explicit range, vague word or figure (maybe a range)."""
    m = _BETWEEN_RE.match(s, p)
    if m:
        x = _read_number(s, m.end())
        sep = _BETWEEN_SEP_RE.match(s, x.end) if x else None
        y = _read_number(s, sep.end(), signed="-" not in sep.group()) if x and sep else None
        return _range_of(x, y) if x and y else None
    vague = _read_vague(s, p, prose)
    if vague:
        return vague
    x = _read_number(s, p)
    if x is None:
        return None
    return _read_range_tail(s, x) or _Core(x.value, x.value, "number", x.end)


def _shape(hedge: str | None, core: _Core, tol: float) -> Interval:
    """The interval a hedge makes of a figure or range (see the module table)."""
    lo, hi = core.low, core.high
    if core.kind == "vague" and hedge in (None, "approximate", "nearly"):
        return Interval(lo, hi, core.low_open, core.high_open)
    if hedge is None:
        return Interval(lo, hi)
    if hedge == "approximate":
        return Interval(lo - abs(lo) * tol, hi + abs(hi) * tol)
    if hedge == "nearly":
        return Interval(lo - abs(lo) * 0.1, hi, False, True)
    if hedge == "just-over" and core.kind != "vague":
        return Interval(lo, hi + abs(hi) * 0.1, True, False)
    if hedge in ("up-to", "less-than"):
        floor = 0.0 if hi >= 0 else -math.inf
        return Interval(floor, hi, floor < 0, hedge == "less-than" or core.high_open)
    return Interval(lo, math.inf, hedge != "at-least" or core.low_open, True)


def _qualifier(hedge: str | None, core: _Core) -> str:
    if core.kind == "vague" and hedge in (None, "approximate", "nearly"):
        return "vague"
    if hedge is None:
        return "range" if core.kind == "range" else "exact"
    return _QUALIFIER_OF[hedge]


class _Phrase(NamedTuple):
    end: int
    hedge: str | None
    core: _Core
    core_start: int


def _scan_phrase(s: str, p: int, prose: bool) -> _Phrase | None:
    """A hedged quantity starting exactly at ``p``, or None."""
    hedge, q = None, p
    hm = _HEDGE_RE.match(s, p)
    if hm:
        hedge, q = _HEDGE_KIND[" ".join(hm.group("hedge").split())], hm.end()
    core = _read_core(s, q, prose)
    if core is None:
        return None
    end = core.end
    sm = _SUFFIX_RE.match(s, end) if core.kind == "number" else None
    if sm:
        end = sm.end()
        hedge = hedge or _SUFFIX_KIND[sm.lastgroup or "so"]
    if prose and not _prose_phrase_ok(s, q, core, end):
        return None
    return _Phrase(end, hedge, core, q)


def _prose_phrase_ok(s: str, q: int, core: _Core, end: int) -> bool:
    """Prose rules: no percentages, no glued units or codes, no pronoun "one"."""
    if _PERCENT_RE.match(s, end) or core.kind == "backwards":
        return False
    if end < len(s) and (s[end].isalnum() or s[end] == "_"):
        return False  # "5G", "70kg", "i0"
    if end + 1 < len(s) and s[end] in "./:," and s[end + 1].isdigit():
        return False  # version numbers, times, dotted codes
    return s[q:end] not in ("one", "zero")  # "one of the oldest" is not a count


def _quantity(text: str, phrase: _Phrase, tol: float) -> Quantity:
    core, hedge = phrase.core, phrase.hedge
    point = core.low if core.kind == "number" else None
    return Quantity(text, _shape(hedge, core, tol), _qualifier(hedge, core), point)


def _check_tolerance(tolerance: object) -> float | ValueProblem:
    if tolerance is None:
        return _DEFAULT_TOLERANCE
    if isinstance(tolerance, numbers.Real) and not isinstance(tolerance, bool):
        t = float(tolerance)
        if 0 <= t <= 1:
            return t
    return ValueProblem(
        f"tolerance must be a number from 0 to 1, got {tolerance!r}",
        "write the tolerance as a fraction, e.g. tolerance = 0.1 for 10%",
    )


def _number_quantity(raw: numbers.Real) -> Quantity | ValueProblem:
    try:
        x = float(raw)
    except (OverflowError, ValueError, TypeError):
        x = math.inf
    if not math.isfinite(x):
        shown = str(raw) if len(str(raw)) <= 30 else str(raw)[:27] + "..."
        return ValueProblem(f"{shown} is not a finite number", QUANTITY_HINT)
    return Quantity(str(raw), Interval(x, x), "exact", x)


def parse_quantity(raw: object, tolerance: float | None = None) -> Quantity | ValueProblem:
    """Read a number, or a hedged number as written, into a Quantity (see module table)."""
    tol = _check_tolerance(tolerance)
    if isinstance(tol, ValueProblem):
        return tol
    if isinstance(raw, bool):
        return ValueProblem("expected a number, got a boolean (true/false)", QUANTITY_HINT)
    if isinstance(raw, str):
        return _parse_quantity_text(raw, tol)
    if isinstance(raw, numbers.Real):
        return _number_quantity(raw)
    return ValueProblem(f"expected a number or text, got {type(raw).__name__}", QUANTITY_HINT)


@lru_cache(maxsize=65536)
def _parse_quantity_text(raw: str, tol: float) -> Quantity | ValueProblem:
    text = raw.strip()
    s = _fold(text)
    if not s:
        return ValueProblem("empty value: expected a quantity", QUANTITY_HINT)
    if _NONFINITE_RE.fullmatch(s) or (
        _DIGITS_RE.fullmatch(s) and not math.isfinite(float(s.replace(",", "")))
    ):
        return ValueProblem(f"{text} is not a finite number", QUANTITY_HINT)
    start = 0 if _HEDGE_RE.match(s) else (f.end() if (f := _FILLER_RE.match(s)) else 0)
    phrase = _scan_phrase(s, start, prose=False)
    if phrase and not _TRAIL_BAD_RE.match(s, phrase.end):
        if phrase.core.kind == "backwards":
            return ValueProblem(
                f'the range "{text}" runs backwards: {format_number(phrase.core.low)} is more '
                f"than {format_number(phrase.core.high)}",
                QUANTITY_HINT,
            )
        return _quantity(text, phrase, tol)
    found = _find_quantities(text, tol)
    if len(found) == 1:  # a lone quantity inside a phrase: "Over the past two years"
        return replace(found[0][2], text=text)
    return ValueProblem(f'cannot read "{text}" as a quantity', QUANTITY_HINT)


def parse_quantity_bounds(
    minimum: object, maximum: object, text: str = ""
) -> Quantity | ValueProblem:
    """A range from explicit minimum/maximum figures; None leaves that side unbounded."""
    if minimum is None and maximum is None:
        return ValueProblem("neither minimum nor maximum is given", BOUNDS_HINT)
    lo = _bound(minimum, "minimum")
    hi = _bound(maximum, "maximum")
    for b in (lo, hi):
        if isinstance(b, ValueProblem):
            return b
    assert not isinstance(lo, ValueProblem) and not isinstance(hi, ValueProblem)
    if lo is not None and hi is not None and lo > hi:
        return ValueProblem(
            f"minimum {format_number(lo)} is more than maximum {format_number(hi)}", BOUNDS_HINT
        )
    low = lo if lo is not None else (0.0 if hi is not None and hi >= 0 else -math.inf)
    high = hi if hi is not None else math.inf
    if not text:
        shown_lo, shown_hi = format_number(low), format_number(high)
        text = (
            f"at least {shown_lo}"
            if hi is None
            else (f"up to {shown_hi}" if lo is None else f"{shown_lo}–{shown_hi}")
        )
    return Quantity(text, Interval(low, high, low == -math.inf, high == math.inf), "range", None)


def _bound(raw: object, name: str) -> float | ValueProblem | None:
    """One explicit bound: a plain number (as a number or text), or None."""
    if raw is None:
        return None
    q = parse_quantity(raw)
    if isinstance(q, ValueProblem):
        return ValueProblem(f"{name}: {q.message}", BOUNDS_HINT)
    if q.qualifier != "exact" or q.point is None:
        return ValueProblem(f'{name} should be a plain number, not "{q.text}"', BOUNDS_HINT)
    return q.point


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """Every quantity in prose, as (start, end, Quantity) with the hedge inside the span."""
    if not isinstance(text, str):
        return []
    return _find_quantities(text, _DEFAULT_TOLERANCE)


def _find_quantities(text: str, tol: float) -> list[tuple[int, int, Quantity]]:
    s = _fold(text)
    masks = _date_masks(s)
    found: list[tuple[int, int, Quantity]] = []
    pos = 0
    for m in _CANDIDATE_RE.finditer(s):
        p = m.start()
        if p < pos:
            continue
        phrase = _scan_phrase(s, p, prose=True)
        if phrase is None or any(masks[p : phrase.end]):
            continue  # numbers inside dates are not counts
        found.append((p, phrase.end, _quantity(text[p : phrase.end], phrase, tol)))
        pos = phrase.end
    return found


# --------------------------------------------------------------------------- date lexicon

_MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES) if name}
_MONTHS.update(
    {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9}
)
_MONTHS.update({"oct": 10, "nov": 11, "dec": 12})
_WEEKDAYS = {name.lower(): i for i, name in enumerate(_WEEKDAY_NAMES)}
_WEEKDAYS.update({"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3})
_WEEKDAYS.update({"fri": 4, "sat": 5, "sun": 6})
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
_PART_ALT = "|".join(_phrase_pattern(p) for p in sorted(_PARTS, key=len, reverse=True))
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
_NUMERIC_YMD_RE = re.compile(r"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})")
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


def _date_masks(s: str) -> bytearray:
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
            f"{_WEEKDAY_NAMES[day.weekday()]})"
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


def parse_date(raw: object, today: datetime.date | None = None) -> DaySpan | ValueProblem:
    """Read a date as written into the span of days it covers (see module table)."""
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
        return _parse_date_text(raw, year)
    return _date_problem(f"expected a date, got {type(raw).__name__}")


@lru_cache(maxsize=65536)
def _parse_date_text(raw: str, year_hint: int | None) -> DaySpan | ValueProblem:
    text = raw.strip()
    m = _ISO_DAY_RE.fullmatch(text)
    if m:  # the common case, kept off the slower paths
        return _day_span(text, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    s = " ".join(_fold(text).split()).rstrip(".,;")
    if not s:
        return _date_problem("empty value: expected a date")
    m = _DATE_RE.fullmatch(s)
    if m:
        return _span_from_match(m, text)
    m = _ISO_DATETIME_RE.fullmatch(s)
    if m:
        return _day_span(text, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    found = _numeric_date(text, s) or _yearless(text, s, year_hint) or _dateutil_span(text, s)
    return found or _date_problem(f'cannot read "{text}" as a date')


def _numeric_date(text: str, s: str) -> DaySpan | ValueProblem | None:
    """2014/06/13, or 13/06/2014 when only one reading of day and month is possible."""
    m = _NUMERIC_YMD_RE.fullmatch(s)
    if m:
        return _day_span(text, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _NUMERIC_DMY_RE.fullmatch(s)
    if not m:
        return None
    a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if a <= 12 and b <= 12 and a != b:
        return _date_problem(
            f"{text} is ambiguous (day and month could be either way round): write "
            f"{y:04d}-{b:02d}-{a:02d} or {y:04d}-{a:02d}-{b:02d}"
        )
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
        from dateutil import parser

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
    for m in _iter_prose_dates(_fold(text)):
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
