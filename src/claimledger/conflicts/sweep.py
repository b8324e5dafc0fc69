"""Sweeps over closed intervals on a line: connected runs and common-point sets.

Both sort the endpoints once and walk them keeping the open set, the way a calendar finds
overlapping meetings: O(n log n) plus the size of the output, never a comparison of every
pair. Intervals are closed (`low <= high`); two intervals that touch share a point.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

# At one coordinate, openings are walked before closings: touching intervals share a point.
_OPEN, _CLOSE = 0, 1


def connected_runs(items: Sequence[tuple[float, float, T]]) -> list[list[T]]:
    """Maximal runs of intervals whose union is connected, in order of their start."""
    runs: list[list[T]] = []
    reach = -float("inf")
    for low, high, payload in sorted(items, key=lambda t: (t[0], t[1])):
        if runs and low <= reach:
            runs[-1].append(payload)
            reach = max(reach, high)
        else:
            runs.append([payload])
            reach = high
    return runs


def common_point_sets(items: Sequence[tuple[float, float, T]]) -> list[tuple[float, list[T]]]:
    """The maximal sets of intervals that share a common point, each with the lowest such
    point, in order along the line. On a line, intervals that overlap pairwise share a point
    (Helly), so these are exactly the maximal sets of pairwise-compatible intervals; every
    interval is in at least one set."""
    events = []
    for index, (low, high, _) in enumerate(items):
        events.append((low, _OPEN, index))
        events.append((high, _CLOSE, index))
    events.sort()  # by coordinate, openings first, then index: plain tuple order
    open_now: dict[int, None] = {}  # insertion-ordered set
    found: list[tuple[float, list[T]]] = []
    grew = False  # an interval opened since the last set was emitted
    last_open = 0.0
    for x, kind, index in events:
        if kind == _OPEN:
            open_now[index] = None
            grew, last_open = True, x
            continue
        if grew:
            # The open set cannot grow before this closing: it is maximal.
            found.append((last_open, [items[i][2] for i in open_now]))
            grew = False
        del open_now[index]
    return found
