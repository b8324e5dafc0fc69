"""Quantities as intervals: read "nearly 70", "up to thirty", "60 to 90 thousand",
"two-thirds", "40-odd", "could reach 100,000", "1,2 Millionen" (in de).

The grammar, with every hedge and its interval, is the table in docs/format.md ("Quantities
are intervals"); the phrases themselves are in `hedges.py`, figures in other languages in
`numbers.py`, units in `units.py`. Notes on the reading:

* A noun after the quantity is what it counts ("nearly 70 factions", "twelve-day war" =
  12); a unit of measure after it is kept as `written_unit` ("11 miles deep"); anything else
  that could change the figure ("two-thirds", "1 in 5", "40-odd" are read whole) makes the
  text a problem naming what was not understood.
* "up to"/"less than" with a negative figure have no floor (-inf). Negative numbers parse;
  the checker flags them. NaN and infinities are a problem ("not a finite number").
* A hedge before a vague word keeps the vague interval, except up-to/less-than (floor 0)
  and at-least/more-than/just-over (no ceiling).
* When an English text does not start with a quantity but contains exactly one quantity
  that prose scanning would find ("Over the past two years"), that quantity is used.
* Ranges and vague words have no central ``point``; single figures do.
* Prose scanning (``find_quantities``) skips years and other parts of dates (including
  year-less ones such as "June 14"), percentages, ordinals ("3rd"), figures glued to letters
  or codes ("F-16", "5G", "10:30"), the pronoun "one" ("one of the oldest"), and fractions
  and ratios (rarely the subject's figure in prose).
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from claimledger.model.dates import date_masks
from claimledger.model.hedges import (
    BETWEEN_RE,
    BETWEEN_SEP_RE,
    CANDIDATE_RE,
    DECADE_RE,
    DECADE_WORDS,
    DEFAULT_TOLERANCE,
    DIGIT_SCALE_RE,
    DIGITS_RE,
    ENGLISH_WORDS,
    FILLER_RE,
    FRACTION_DENOMINATORS,
    FRACTION_NUMERATORS,
    FRACTION_RE,
    HEDGE_KIND,
    HEDGE_RE,
    NEAR_MISS_RE,
    NONFINITE_RE,
    ODD_RE,
    ORDINAL_RE,
    PERCENT_RE,
    PROJECTION_LEADS,
    PROJECTION_RE,
    QUALIFIER_OF,
    RANGE_SEP_RE,
    RATIO_SEP_RE,
    SCALE_VALUES,
    SUFFIX_KIND,
    SUFFIX_RE,
    TRAIL_BAD_RE,
    VAGUE,
    VAGUE_RE,
    VAGUE_SCALE_RE,
)
from claimledger.model.number_words import Number, read_words
from claimledger.model.numbers import (
    base_language,
    localise_figures,
    localise_prose,
    localise_words,
)
from claimledger.model.units import UNIT_WORDS, unit_after
from claimledger.model.values import (
    BOUNDS_HINT,
    QUANTITY_HINT,
    Interval,
    Quantity,
    ValueProblem,
    fold,
    format_number,
)

_KNOWN_WORDS = ENGLISH_WORDS | UNIT_WORDS  # words that need no other language's words


class _Core(NamedTuple):
    """The bare quantity before hedges: a figure, a range or a vague word."""

    low: float
    high: float
    kind: str  # "number" | "range" | "vague" | "backwards"
    end: int
    low_open: bool = False
    high_open: bool = False
    ratio: bool = False  # a fraction read from words: "two-thirds", "one in five"


# --------------------------------------------------------------------------- quantity reading


def _read_digits(s: str, m: re.Match[str]) -> Number | None:
    """A figure written in digits, with an optional scale ("1.5 million", "200k")."""
    end = m.end()
    if ORDINAL_RE.match(s, end):
        return None  # "2nd" is a position, not a count
    value = float(m.group().replace(",", ""))
    scale = 1.0
    for _ in range(2):  # "2 hundred thousand" needs two scales
        sm = DIGIT_SCALE_RE.match(s, end)
        if not sm:
            break
        scale *= SCALE_VALUES[sm.group("suffix") or sm.group("word") or sm.group("marker")]
        end = sm.end()
    value *= scale
    return Number(value, end, scale, True) if math.isfinite(value) else None


def _read_number(s: str, p: int, signed: bool = True) -> Number | None:
    """A single figure in digits or words starting at ``p``."""
    m = DIGITS_RE.match(s, p)
    if m:
        if not signed and s[p] in "+-":
            return None
        return _read_digits(s, m)
    return read_words(s, p)


def _range_of(x: Number, y: Number) -> _Core:
    """The range x..y, sharing a trailing scale ("60 to 90 thousand")."""
    low = x.value
    if x.scale == 1 and y.scale != 1 and low * y.scale <= y.value:
        low *= y.scale
    kind = "range" if low <= y.value else "backwards"
    return _Core(low, y.value, kind, y.end)


def _read_range_tail(s: str, x: Number) -> _Core | None:
    """A second figure after "-", "to" or "or", making a range."""
    sep = RANGE_SEP_RE.match(s, x.end)
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
    m = VAGUE_RE.match(s, p)
    if not m:
        return None
    key = " ".join(m.group().split())
    if prose and key == "scores" and not re.match(r"\s+of(?![a-z])", s[m.end() :]):
        return None  # "test scores" is not an amount
    low, high, low_open, high_open, scalable = VAGUE[key]
    end = m.end()
    while scalable and (sm := VAGUE_SCALE_RE.match(s, end)):
        scale = SCALE_VALUES[sm.group(1)]  # "several thousand", "a few hundred"
        low, high, end = low * scale, high * scale, sm.end()
    return _Core(float(low), float(high), "vague", end, low_open, high_open)


def _read_core(s: str, p: int, prose: bool) -> _Core | None:
    """The quantity proper at ``p``: explicit range, vague word or figure (maybe a range)."""
    m = BETWEEN_RE.match(s, p)
    if m:
        x = _read_number(s, m.end())
        sep = BETWEEN_SEP_RE.match(s, x.end) if x else None
        y = _read_number(s, sep.end(), signed="-" not in sep.group()) if x and sep else None
        return _range_of(x, y) if x and y else None
    vague = _read_vague(s, p, prose)
    if not prose:  # fractions and ratios in prose are rarely the subject's figure
        vague = vague or _read_decade(s, p) or _read_fraction(s, p)
    if vague:
        return vague
    x = _read_number(s, p)
    if x is None:
        return None
    return (
        (None if prose else _read_ratio_tail(s, x))
        or _read_odd_tail(s, x)
        or _read_range_tail(s, x)
        or _Core(x.value, x.value, "number", x.end)
    )


def _read_decade(s: str, p: int) -> _Core | None:
    """ "100s", "1,000s": hundreds, thousands."""
    if not s[p : p + 1].isdigit() or "s" not in s[p : p + 14]:
        return None  # (cheap guards: these readers run on every value)
    m = DECADE_RE.match(s, p)
    word = DECADE_WORDS.get(int(m.group(1).replace(",", ""))) if m else None
    if m is None or word is None:
        return None
    low, high, low_open, high_open, _ = VAGUE[word]
    return _Core(float(low), float(high), "vague", m.end(), low_open, high_open)


def _read_fraction(s: str, p: int) -> _Core | None:
    """ "a third", "two-thirds", "three quarters of", "half": a ratio."""
    if "th" not in s and "half" not in s and "quarter" not in s:
        return None  # every denominator word has one of these
    m = FRACTION_RE.match(s, p)
    if not m:
        return None
    num = m.group("num")
    n = FRACTION_NUMERATORS.get(num, 0) if num and not num.isdigit() else int(num or 1)
    den = FRACTION_DENOMINATORS[m.group("den")]
    if num is None and m.group("den") not in ("half", "quarter", "third"):
        return None  # "fifth" alone is an ordinal
    if n <= 0 or n >= den:
        return None
    return _Core(n / den, n / den, "number", m.end(), ratio=True)


def _read_ratio_tail(s: str, x: Number) -> _Core | None:
    """ "one in five", "1 in 4", "3 out of 10": a ratio."""
    if " in" not in s and " out" not in s:
        return None
    sep = RATIO_SEP_RE.match(s, x.end)
    y = _read_number(s, sep.end(), signed=False) if sep else None
    if y is None or y.value <= 0 or x.value > y.value:
        return None
    return _Core(x.value / y.value, x.value / y.value, "number", y.end, ratio=True)


def _read_odd_tail(s: str, x: Number) -> _Core | None:
    """ "40-odd" is [40, 50): the figure up to the next step of its last significant digit."""
    m = ODD_RE.match(s, x.end) if "odd" in s else None
    if not m or x.value <= 0 or x.value != int(x.value):
        return None
    step, n = 1, int(x.value)
    while n % 10 == 0:
        step, n = step * 10, n // 10
    return _Core(x.value, x.value + step, "vague", m.end(), high_open=True)


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
    return QUALIFIER_OF[hedge]


class _Phrase(NamedTuple):
    end: int
    hedge: str | None
    core: _Core
    core_start: int


def _scan_phrase(s: str, p: int, prose: bool) -> _Phrase | None:
    """A hedged quantity starting exactly at ``p``, or None."""
    hedge, q = None, p
    hm = HEDGE_RE.match(s, p)
    if hm:
        hedge, q = HEDGE_KIND[" ".join(hm.group("hedge").split())], hm.end()
    core = _read_core(s, q, prose)
    if core is None:
        return None
    end = core.end
    sm = SUFFIX_RE.match(s, end) if core.kind == "number" else None
    if sm:
        end = sm.end()
        hedge = hedge or SUFFIX_KIND[sm.lastgroup or "so"]
    if prose and not _prose_phrase_ok(s, q, core, end):
        return None
    return _Phrase(end, hedge, core, q)


def _prose_phrase_ok(s: str, q: int, core: _Core, end: int) -> bool:
    """Prose rules: no percentages, no glued units or codes, no pronoun "one"."""
    if PERCENT_RE.match(s, end) or core.kind == "backwards":
        return False
    if end < len(s) and (s[end].isalnum() or s[end] == "_"):
        return False  # "5G", "70kg", "i0"
    if end + 1 < len(s) and s[end] in "./:," and s[end + 1].isdigit():
        return False  # version numbers, times, dotted codes
    return s[q:end] not in ("one", "zero")  # "one of the oldest" is not a count


def _quantity(
    text: str, phrase: _Phrase, tol: float, unit: str | None = None, projection: bool = False
) -> Quantity:
    core, hedge = phrase.core, phrase.hedge
    point = core.low if core.kind == "number" else None
    interval, qualifier = _shape(hedge, core, tol), _qualifier(hedge, core)
    return Quantity(
        text, interval, qualifier, point, written_unit=unit, projection=projection, ratio=core.ratio
    )


def _check_tolerance(tolerance: object) -> float | ValueProblem:
    if tolerance is None:
        return DEFAULT_TOLERANCE
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


def parse_quantity(
    raw: object, tolerance: float | None = None, languages: tuple[str, ...] = ()
) -> Quantity | ValueProblem:
    """Read a number, or a hedged number as written, into a Quantity (see module table).

    `languages` are the source's declared languages (BCP 47): they decide how figures and
    scale words are read ("50.096" in tr is 50,096); with none, a figure whose reading
    depends on the language is a problem (numbers.py)."""
    tol = _check_tolerance(tolerance)
    if isinstance(tol, ValueProblem):
        return tol
    if isinstance(raw, bool):
        return ValueProblem("expected a number, got a boolean (true/false)", QUANTITY_HINT)
    if isinstance(raw, str):
        return _parse_quantity_text(raw, tol, tuple(languages))
    if isinstance(raw, numbers.Real):
        return _number_quantity(raw)
    return ValueProblem(f"expected a number or text, got {type(raw).__name__}", QUANTITY_HINT)


@lru_cache(maxsize=65536)
def _parse_quantity_text(
    raw: str, tol: float, languages: tuple[str, ...] = ()
) -> Quantity | ValueProblem:
    text = raw.strip()
    folded = fold(text)
    if not folded:
        return ValueProblem("empty value: expected a quantity", QUANTITY_HINT)
    if NONFINITE_RE.fullmatch(folded) or (
        DIGITS_RE.fullmatch(folded) and not math.isfinite(float(folded.replace(",", "")))
    ):
        return ValueProblem(f"{text} is not a finite number", QUANTITY_HINT)
    s = localise_figures(folded, languages)
    if isinstance(s, ValueProblem):
        return s
    s = localise_words(s, languages, _KNOWN_WORDS)
    projection = PROJECTION_RE.match(s) if s.split(" ", 1)[0] in PROJECTION_LEADS else None
    start = projection.end() if projection else 0
    if not HEDGE_RE.match(s, start) and (f := FILLER_RE.match(s, start)):
        start = f.end()
    phrase = _scan_phrase(s, start, prose=False)
    if phrase and not TRAIL_BAD_RE.match(s, phrase.end):
        return _whole_phrase(text, s, phrase, tol, projection)
    english = all(base_language(t) == "en" for t in languages)
    # (digits straight after the figure, "2014-06-13", are never a lone quantity either)
    found = _find_quantities(text, tol) if english and not projection else []
    if len(found) == 1:  # a lone quantity inside a phrase: "Over the past two years"
        return replace(found[0][2], text=text)
    return ValueProblem(f'cannot read "{text}" as a quantity', QUANTITY_HINT)


def _whole_phrase(
    text: str, s: str, phrase: _Phrase, tol: float, projection: re.Match[str] | None
) -> Quantity | ValueProblem:
    """The quantity of a phrase read from the start, with its unit, when nothing after it
    could change its meaning ("two-thirds" is not 2, "1 in 5" is not 1)."""
    if phrase.core.kind == "backwards":
        return ValueProblem(
            f'the range "{text}" runs backwards: {format_number(phrase.core.low)} is more '
            f"than {format_number(phrase.core.high)}",
            QUANTITY_HINT,
        )
    unit = unit_after(s, phrase.end)
    end = unit[1] if unit else phrase.end
    if NEAR_MISS_RE.match(s, end):
        read, rest = text[:end].strip(), text[end:].strip()
        return ValueProblem(
            f'cannot read "{text}" completely: "{rest}" after "{read}" is not understood',
            QUANTITY_HINT,
        )
    if projection and projection.group("over") and phrase.hedge is None:
        phrase = phrase._replace(hedge="more-than")  # "could exceed 100,000"
    written = text[unit[0] : unit[1]] if unit else None
    return _quantity(text, phrase, tol, written, projection is not None)


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


def find_quantities(
    text: str, languages: tuple[str, ...] = (), tolerance: float | None = None
) -> list[tuple[int, int, Quantity]]:
    """Every quantity in prose, as (start, end, Quantity) with the hedge inside the span;
    figures and scale words are read in `languages` (English when none is declared), and a
    unit of measure after a figure is kept as its `written_unit`."""
    if not isinstance(text, str):
        return []
    tol = _check_tolerance(tolerance)
    tol = DEFAULT_TOLERANCE if isinstance(tol, ValueProblem) else tol
    return _find_quantities(text, tol, tuple(languages))


def _find_quantities(
    text: str, tol: float, languages: tuple[str, ...] = ()
) -> list[tuple[int, int, Quantity]]:
    s = localise_prose(fold(text), languages, _KNOWN_WORDS)
    masks = date_masks(s)
    found: list[tuple[int, int, Quantity]] = []
    pos = 0
    for m in CANDIDATE_RE.finditer(s):
        p = m.start()
        if p < pos:
            continue
        phrase = _scan_phrase(s, p, prose=True)
        if phrase is None or any(masks[p : phrase.end]):
            continue  # numbers inside dates are not counts
        quantity = _quantity(text[p : phrase.end], phrase, tol)
        unit = unit_after(s, phrase.end)
        if unit:
            quantity = replace(quantity, written_unit=text[unit[0] : unit[1]])
        found.append((p, phrase.end, quantity))
        pos = phrase.end
    return found
