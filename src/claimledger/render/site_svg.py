"""A time-varying subject's timeline as an SVG drawn to scale (pure; `claims site`).

The same picture as the terminal's (`render/timeline.py`): one row per episode in date order,
every value on one shared axis, so a toll rising from 2,300 to 50,096 reads as bars moving
right. Disputed episodes show one bar per position, hatched and labelled "disputed", so
colour is never the only sign of a dispute.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from claimledger.model.values import format_number
from claimledger.render.timeline import axis

if TYPE_CHECKING:
    from claimledger.conflicts.groups import EpisodeSummary

WIDTH, LABEL, ROW, BAR, PAD = 720, 230, 34, 12, 16
PLOT = WIDTH - LABEL - 2 * PAD


def timeline_svg(subject: str, rows: Sequence[EpisodeSummary]) -> str:
    """The SVG element (inline in the page; it scales with the viewBox)."""
    span = axis(rows)
    height = ROW * len(rows) + 44
    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="tl-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="tl-title">Timeline of {escape(subject)}: {len(rows)} episodes, '
        "values drawn to scale</title>",
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bg"/>'
        '<line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern></defs>',
    ]
    for i, row in enumerate(rows):
        parts.append(_row(row, i * ROW + 8, span))
    parts.append(_axis(span, ROW * len(rows) + 8))
    parts.append("</svg>")
    return "\n".join(parts)


def _x(value: float, span: tuple[float, float] | None) -> float:
    """The horizontal position of a value on the plot (infinite ends at the plot's edges)."""
    if span is None:
        return LABEL + PAD
    low, high = span
    if not math.isfinite(value):
        return LABEL + PAD + (0 if value < 0 else PLOT)
    scale = PLOT / (high - low) if high > low else 0.0
    return LABEL + PAD + (value - low) * scale


def _row(row: EpisodeSummary, top: int, span: tuple[float, float] | None) -> str:
    label = escape(row.label) + (" (disputed)" if row.disputed else "")
    out = [f'<text x="4" y="{top + BAR}" class="tl-label">{label}</text>']
    # A presentation attribute, so the stylesheet's fill for agreed bars does not cover it.
    fill = ' fill="url(#hatch)"' if row.disputed else ""
    cls = "bar-disputed" if row.disputed else "bar-agreed"
    for (lo, hi), (value, sources) in zip(row.extents, row.values, strict=False):
        a, b = _x(lo, span), _x(hi, span)
        width = max(b - a, 3.0)
        tip = f"{value}: {sources} source{'s' if sources != 1 else ''}"
        out.append(
            f'<rect x="{a:.1f}" y="{top}" width="{width:.1f}" height="{BAR}" class="{cls}"{fill}>'
            f"<title>{escape(tip)}</title></rect>"
        )
    values = "; ".join(v for v, _ in row.values)
    out.append(
        f'<text x="{LABEL + PAD}" y="{top + BAR + 13}" class="tl-value">{escape(values)}</text>'
    )
    return "\n".join(out)


def _axis(span: tuple[float, float] | None, top: int) -> str:
    if span is None:
        return ""
    left, right = format_number(span[0]), format_number(span[1])
    x0, x1 = LABEL + PAD, LABEL + PAD + PLOT
    return (
        f'<line x1="{x0}" y1="{top}" x2="{x1}" y2="{top}" class="tl-axis"/>'
        f'<text x="{x0}" y="{top + 16}" class="tl-tick">{escape(left)}</text>'
        f'<text x="{x1}" y="{top + 16}" text-anchor="end" class="tl-tick">{escape(right)}</text>'
    )
