"""A time-varying subject's timeline, pure: bars drawn to scale and the axis under them.

Every episode's values are drawn on one shared axis, so a toll rising from 2,300 to 50,096
reads as bars moving right; a disputed episode shows one bar per position.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from claimledger.model.values import format_number

if TYPE_CHECKING:
    from claimledger.conflicts.groups import EpisodeSummary

BAR, POINT, BEYOND, EMPTY = "█", "●", "▶", "·"


def axis(rows: Sequence[EpisodeSummary]) -> tuple[float, float] | None:
    """The lowest and highest finite ends of every value drawn, None when nothing scales."""
    ends = [x for row in rows for extent in row.extents for x in extent if math.isfinite(x)]
    return (min(ends), max(ends)) if ends else None


def timeline_bars(rows: Sequence[EpisodeSummary], width: int) -> list[str]:
    """One bar string of `width` characters per row, on a common axis."""
    span = axis(rows)
    if span is None:
        return [POINT * min(len(row.values), width) for row in rows]
    low, high = span
    scale = (width - 1) / (high - low) if high > low else 0.0

    def column(x: float) -> int:
        if not math.isfinite(x):
            return 0 if x < 0 else width - 1
        return round((x - low) * scale)

    bars = []
    for row in rows:
        cells = [EMPTY] * width
        for lo, hi in row.extents:
            a, b = column(lo), column(hi)
            for i in range(a, b + 1):
                cells[i] = BAR if b > a else POINT
            if math.isinf(hi):
                cells[width - 1] = BEYOND
        bars.append("".join(cells))
    return bars


def axis_label(rows: Sequence[EpisodeSummary], width: int) -> str:
    """The axis ends under the bars: "2300 … 50096"."""
    span = axis(rows)
    if span is None:
        return ""
    left, right = format_number(span[0]), format_number(span[1])
    return left + " " * max(1, width - len(left) - len(right)) + right
