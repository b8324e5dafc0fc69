"""A subject's claims laid out in time and on the value line: episodes, moments, positions.

- An *episode* of a time-varying subject is a maximal run of claims whose `as_of` spans
  connect; a subject that is not time-varying is one episode. Claims in different episodes
  never meet: a change between them is drift.
- A *moment* is a maximal set of claims of an episode that hold at a common time (the whole
  episode when the subject is not time-varying). Claims are compared only within a moment,
  which is the pairwise rule ("compared when their times overlap") made into sets.
- A *position* is a maximal set of a moment's claims whose values share a common point. A
  moment with two or more positions is disputed.

Each step is a sweep over sorted endpoints (see sweep.py): O(n log n) in the claims of a
subject plus the size of what it finds.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from claimledger.conflicts.compare import text_key
from claimledger.conflicts.sweep import common_point_sets, connected_runs
from claimledger.model.claim_value import TextValue
from claimledger.model.records import Claim
from claimledger.model.values import DaySpan, Interval, Quantity, format_number


@dataclass(frozen=True)
class Entry:
    """A comparable claim: its typed value, that value as a closed segment of a line, and
    when it holds (None: no date is known, or the subject is not time-varying)."""

    claim: Claim
    value: object
    low: float
    high: float
    when: DaySpan | None


@dataclass(frozen=True)
class Moment:
    """Claims holding at a common time (`start`..`end`, None when time does not matter) and
    their positions, each a list of entries sharing a value."""

    start: datetime.date | None
    end: datetime.date | None
    positions: tuple[tuple[Entry, ...], ...]

    @property
    def disputed(self) -> bool:
        return len(self.positions) > 1


def value_segment(value: object) -> tuple[float, float] | None:
    """A quantity's or date's value as a closed segment; None for texts and booleans (they
    group by key) and for a figure that is not a number (NaN compares with nothing)."""
    if isinstance(value, Quantity):
        low, high = value.interval.low, value.interval.high
        return None if low != low or high != high else (low, high)
    if isinstance(value, DaySpan):
        # A fuzzy part of a year ("late 2024") reaches a day past each end, so it agrees
        # with the day next to it ("January 2025"); see compare.dates_compatible.
        widen = 1 if value.precision == "part-of-year" else 0
        return (value.start.toordinal() - widen, value.end.toordinal() + widen)
    return None


def key_of(value: object) -> str | None:
    """The grouping key of a text or boolean value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, TextValue):
        return text_key(value.normalised)
    return None


def episodes(entries: Sequence[Entry], time_varying: bool) -> list[list[Entry]]:
    """Entries split into episodes in date order; undated entries of a time-varying subject
    form one last episode of their own (they cannot be placed in time)."""
    if not time_varying:
        return [list(entries)] if entries else []
    dated = [(e.when.start.toordinal(), e.when.end.toordinal(), e) for e in entries if e.when]
    runs = connected_runs(dated)
    undated = [e for e in entries if e.when is None]
    return runs + ([undated] if undated else [])


def moments(episode: Sequence[Entry], segments: dict[str, tuple[float, float]]) -> list[Moment]:
    """The moments of one episode with their positions; `segments` gives each claim's value
    on the line (texts and booleans by key rank, supports links already merged)."""
    if all(e.when is not None for e in episode):
        timed = [(e.when.start.toordinal(), e.when.end.toordinal(), e) for e in episode]  # type: ignore[union-attr]
        groups = [members for _, members in common_point_sets(timed)]
    else:
        groups = [list(episode)]
    found = []
    for members in groups:
        line = [(*segments[e.claim.id], e) for e in members]
        positions = tuple(tuple(p) for _, p in common_point_sets(line))
        starts = [e.when.start for e in members if e.when]
        ends = [e.when.end for e in members if e.when]
        found.append(
            Moment(
                max(starts) if starts else None,
                min(ends) if ends else None,
                positions,
            )
        )
    return found


def all_share_a_point(segments: Sequence[tuple[float, float]]) -> bool:
    """Whether every segment contains one common point: one pass, no sorting."""
    return max(s[0] for s in segments) <= min(s[1] for s in segments)


def shared_value(position: Sequence[Entry]) -> str:
    """What a position's claims have in common, as people read it: the value as written when
    they all wrote it alike (">7,800"), else the shared interval ("[7800, 8000]") or span."""
    first = position[0].value
    if isinstance(first, Quantity | DaySpan):
        written = {e.value.text for e in position}  # type: ignore[attr-defined]
        if len(written) == 1:  # one way of writing it: as the sources wrote it
            return str(first.text)
    if isinstance(first, Quantity):
        low = max(e.low for e in position)
        high = min(e.high for e in position)
        low_open = any(e.value.interval.low_open and e.low == low for e in position)  # type: ignore[attr-defined]
        high_open = any(e.value.interval.high_open and e.high == high for e in position)  # type: ignore[attr-defined]
        if low == high:  # a point: grouped like a written figure ("4,705")
            return f"{low:,.0f}" if low == int(low) and abs(low) >= 1000 else format_number(low)
        return str(Interval(low, high, low_open and low < high, high_open and low < high))
    if isinstance(first, DaySpan):
        start = max(e.value.start for e in position)  # type: ignore[attr-defined]
        end = min(e.value.end for e in position)  # type: ignore[attr-defined]
        if start > end:  # fuzzy neighbours: no common day, the first one speaks for both
            return first.label()
        return start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"
    if isinstance(first, bool):
        return "true" if first else "false"
    if isinstance(first, TextValue):
        return f"“{first.text}”"
    return str(first)
