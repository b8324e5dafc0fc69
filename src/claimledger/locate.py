"""Recover positions from TOML text: tomllib returns plain dicts without line numbers.

We scan for `[[kind]]` headers and `key =` lines with regular expressions (fast on large
stores), skipping anything inside multi-line strings, and zip the N-th header of a kind with
the N-th parsed table of that kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import KeyPos

_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*([A-Za-z0-9_.\-\"' ]+?)[ \t]*\]\][ \t]*(?:#.*)?$", re.M)
_TABLE = re.compile(r"^[ \t]*\[[ \t]*([A-Za-z0-9_.\-\"' ]+?)[ \t]*\][ \t]*(?:#.*)?$", re.M)
_KEY = re.compile(
    r"^([ \t]*)([A-Za-z0-9_\-]+|\"[^\"\n]*\"|'[^'\n]*')[ \t]*(?:\.[^=\n]*)?=[ \t]*", re.M
)
_MULTILINE_OPEN = re.compile(r'"""|\'\'\'')


@dataclass
class RecordSpan:
    """A `[[kind]]` header and the keys written under it."""

    kind: str
    line: int
    column: int
    end_line: int = 0
    keys: dict[str, KeyPos] = field(default_factory=dict)


class LineIndex:
    """Offsets to 1-based (line, column) in code points."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        from bisect import bisect_right

        i = bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1


def string_regions(text: str) -> list[tuple[int, int]]:
    """Offsets covered by multi-line strings, where header-like text is not a header."""
    if '"""' not in text and "'''" not in text:
        return []
    regions: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith(('"""', "'''"), i):
            delim = text[i : i + 3]
            j = _closing(text, i + 3, delim)
            regions.append((i, j))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if (c == '"' and text[j] == "\\") else 1
            i = j + 1
        else:
            i += 1
    return regions


def _closing(text: str, start: int, delim: str) -> int:
    j = start
    while True:
        k = text.find(delim, j)
        if k < 0:
            return len(text)
        if delim == '"""':
            backslashes = 0
            while k - 1 - backslashes >= start and text[k - 1 - backslashes] == "\\":
                backslashes += 1
            if backslashes % 2:
                j = k + 1
                continue
        end = k + 3
        while end < len(text) and text[end] == delim[0] and end - k < 5:
            end += 1  # up to two quote characters may precede the closing delimiter
        return end


def _inside(regions: list[tuple[int, int]], offset: int) -> bool:
    return any(a < offset < b for a, b in regions)


def locate_records(text: str) -> list[RecordSpan]:
    """Every `[[kind]]` header in file order with the positions of its keys."""
    regions = string_regions(text)
    index = LineIndex(text)
    marks: list[tuple[int, str, re.Match[str]]] = []
    for m in _HEADER.finditer(text):
        if not regions or not _inside(regions, m.start()):
            marks.append((m.start(), "header", m))
    for m in _TABLE.finditer(text):
        if not regions or not _inside(regions, m.start()):
            marks.append((m.start(), "table", m))
    for m in _KEY.finditer(text):
        if not regions or not _inside(regions, m.start()):
            marks.append((m.start(), "key", m))
    marks.sort(key=lambda t: t[0])
    spans: list[RecordSpan] = []
    sub_table = False
    for offset, what, m in marks:
        line, col = index.position(offset + len(m.group(0)) - len(m.group(0).lstrip()))
        if what == "header":
            spans.append(RecordSpan(m.group(1).strip().strip("\"'"), line, col))
            sub_table = False
        elif what == "table":
            # `[claim.sub]` opens a sub-table of the current record; its keys are not ours.
            name = m.group(1).strip()
            sub_table = True
            if spans and name.startswith(spans[-1].kind + "."):
                sub = name[len(spans[-1].kind) + 1 :].split(".")[0].strip("\"'")
                spans[-1].keys.setdefault(sub, KeyPos(line, col, col))
        elif spans and not sub_table:
            key = m.group(2).strip("\"'")
            _, vcol = index.position(m.end())
            spans[-1].keys.setdefault(key, KeyPos(line, len(m.group(1)) + 1, vcol))
    _set_end_lines(spans, text)
    return spans


def _set_end_lines(spans: list[RecordSpan], text: str) -> None:
    total = text.count("\n") + 1
    for i, span in enumerate(spans):
        nxt = spans[i + 1].line - 1 if i + 1 < len(spans) else total
        last = max([span.line] + [k.line for k in span.keys.values()])
        span.end_line = max(last, min(nxt, total))
