"""Figures in English number words: "seventy", "twenty-five", "a hundred and twenty",
"two million three thousand", "a dozen", "half a dozen" (read by `quantities.py`)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

from claimledger.model.hedges import WORD_RE, WORD_SEP_RE, WORDS


class Number(NamedTuple):
    """A figure read at a position: its value, where it ends, its scale, digits or words."""

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


def read_words(s: str, p: int) -> Number | None:
    """A figure written in words: "seventy", "twenty-five", "a hundred and twenty"."""
    st = _WordState()
    value, end, q = 0.0, -1, p
    while (m := WORD_RE.match(s, q)) and (entry := WORDS.get(m.group())):
        if not _word_step(entry[0], entry[1], st):
            break
        if entry[0] not in ("a", "and", "half"):  # these need a following number word
            value, end = (st.total + st.current) * st.factor, m.end()
        sep = WORD_SEP_RE.match(s, m.end())
        if not sep:
            break
        q = sep.end()
    return Number(value, end, 1.0, False) if end >= 0 else None
