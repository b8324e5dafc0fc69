"""Recover positions from TOML text: tomllib returns plain dicts without line numbers.

We scan for `[[kind]]` headers and `key =` lines with regular expressions (fast on large
stores), skipping anything inside multi-line strings, and zip the N-th header of a kind with
the N-th parsed table of that kind.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from claimledger.model.records import KeyPos

_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*([A-Za-z0-9_.\-\"' ]+?)[ \t]*\]\][ \t]*(?:#.*)?\r?$", re.M)
_TABLE = re.compile(r"^[ \t]*\[[ \t]*([A-Za-z0-9_.\-\"' ]+?)[ \t]*\][ \t]*(?:#.*)?\r?$", re.M)
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
    keys: Mapping[str, KeyPos] = field(default_factory=dict)


class LineIndex:
    """Offsets to 1-based (line, column) in code points."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
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


# Tables and keys in one pass: every match starts a line, and a line's first character
# decides which pattern can match, so one alternation finds what two passes did.
_BODY = re.compile(f"({_TABLE.pattern})|({_KEY.pattern})", re.M)
_KEY_GROUP = 1 + _TABLE.groups + 1


class LazyKeys(Mapping[str, KeyPos]):
    """The keys of one record, scanned on first use: most records never report a problem,
    and scanning a million keys costs more than parsing the TOML."""

    __slots__ = ("_keys", "_where")

    def __init__(
        self,
        text: str,
        kind: str,
        line: int,
        bounds: tuple[int, int],
        regions: list[tuple[int, int]],
    ) -> None:
        self._where: tuple[str, str, int, tuple[int, int], list[tuple[int, int]]] | None = (
            text,
            kind,
            line,
            bounds,
            regions,
        )
        # `_keys` is set by the first `_found()`, which reads it only after setting it.

    def _found(self) -> dict[str, KeyPos]:
        if self._where is not None:
            self._keys: dict[str, KeyPos] = _scan_keys(*self._where)
            self._where = None  # let go of the file's text
        return self._keys

    def __getitem__(self, key: str) -> KeyPos:
        return self._found()[key]

    def get(self, key: str, default: KeyPos | None = None) -> KeyPos | None:  # type: ignore[override]
        # Mapping.get goes through __getitem__ and KeyError; origins ask this a lot.
        if self._where is not None:
            # Most records are asked for one key once (a finding at `value`): look for that
            # key's line alone; the whole scan only where that could answer differently.
            pos = _find_key(*self._where, key)
            if pos is not _UNSURE:
                return default if pos is None else pos  # type: ignore[return-value]
        return self._found().get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._found())

    def __len__(self) -> int:
        return len(self._found())

    def __repr__(self) -> str:
        return repr(self._found())


def _scan_keys(
    text: str, kind: str, line: int, bounds: tuple[int, int], regions: list[tuple[int, int]]
) -> dict[str, KeyPos]:
    """Keys between a header (on `line`, at bounds[0]) and the next header (at bounds[1]).

    What `_BODY.finditer(text, *bounds)` finds, found faster: every match starts a line (`^`)
    and none spans one, so trying each line start in turn finds the same matches without the
    regex engine stepping through every character of long values, and counts lines as it
    goes. `bounds[0]` is a line start (the header's)."""
    keys: dict[str, KeyPos] = {}
    sub_table = False
    match, find = _BODY.match, text.find
    i, end = bounds
    while i < end:
        m = match(text, i, end)
        if m is not None and not (regions and _inside(regions, i)):
            if m.start(1) >= 0:
                # `[claim.sub]` opens a sub-table of the current record; its keys are not ours.
                name = m.group(2).strip()
                sub_table = True
                if name.startswith(kind + "."):
                    whole = m.group(0)
                    col = len(whole) - len(whole.lstrip()) + 1
                    sub = name[len(kind) + 1 :].split(".")[0].strip("\"'")
                    if sub not in keys:
                        keys[sub] = _key_pos(line, col, col)
            elif not sub_table:
                indent, key = m.group(_KEY_GROUP + 1, _KEY_GROUP + 2)
                key = key.strip("\"'")
                if key not in keys:
                    keys[key] = _key_pos(line, len(indent) + 1, m.end() - i + 1)
        i = find("\n", i, end) + 1
        if i <= 0:
            break
        line += 1
    return keys


# A line (after the first) starting with `[`: a `[table]` header, or an array's row that
# `_TABLE` may take for one. Records without such lines are the only ones `_find_key` reads.
_BRACKET_LINE = re.compile(r"\n[ \t]*\[")
_UNSURE = object()


def _find_key(
    text: str,
    kind: str,
    line: int,
    bounds: tuple[int, int],
    regions: list[tuple[int, int]],
    key: str,
) -> KeyPos | object | None:
    """`_scan_keys(...).get(key)`, reading only the lines that hold `key`; `_UNSURE` where
    the whole scan is needed: multi-line strings in the file, or a line of the record that
    starts with `[` (a sub-table, whose keys and name the scan treats apart).

    Without those, the scan's answer is the first line of the record whose key is `key`
    (bare, quoted, or first of a dotted key), and every such line holds `key` as written."""
    start, end = bounds
    if regions or _BRACKET_LINE.search(text, start, end):
        return _UNSURE
    find, rfind, match = text.find, text.rfind, _BODY.match
    i = find(key, start, end)
    while i >= 0:
        line_start = rfind("\n", start, i) + 1
        if line_start > start and not text[line_start:i].strip(" \t\"'"):
            m = match(text, line_start, end)
            if m is not None and m.start(1) < 0:
                indent, found = m.group(_KEY_GROUP + 1, _KEY_GROUP + 2)
                if found.strip("\"'") == key:
                    at = line + text.count("\n", start, line_start)
                    return _key_pos(at, len(indent) + 1, m.end() - line_start + 1)
        next_line = find("\n", i, end)
        if next_line < 0:
            return None
        i = find(key, next_line, end)
    return None


def _key_pos(line: int, column: int, value_column: int) -> KeyPos:
    """`KeyPos(line, column, value_column)` without the frozen dataclass's `__init__`."""
    pos = _new(KeyPos)
    state = pos.__dict__  # key by key, in field order: see model._builder
    state["line"] = line
    state["column"] = column
    state["value_column"] = value_column
    return pos


_new = object.__new__


def _headers(text: str) -> Iterator[tuple[int, int, str]]:
    """(offset, column, kind) of each `_HEADER` match in `text`, faster than `finditer`:
    only lines whose first `[[` follows indentation are tried, and a line that is just
    `[[name]]` (a lowercase ASCII name, as `claims fmt` writes every header) is taken as
    the match it is without the regex."""
    find = text.find
    i = find("[[")
    while i >= 0:
        if i == 0 or text[i - 1] == "\n":
            close = find("]]\n", i + 2, i + 40)
            name = text[i + 2 : close] if close > 0 else ""
            if name.isalpha() and name.isascii() and name.islower():
                yield i, 1, name
                i = find("[[", close + 2)
                continue
        start = text.rfind("\n", 0, i) + 1
        m = _HEADER.match(text, start) if not text[start:i].strip(" \t") else None
        i = find("[[", m.end() if m else i + 2)
        if m:
            whole = m.group(0)
            yield m.start(), len(whole) - len(whole.lstrip()) + 1, m.group(1).strip().strip("\"'")


def locate_records(text: str) -> list[RecordSpan]:
    """Every `[[kind]]` header in file order; the positions of its keys are found lazily.
    A record ends on the line before the next header (the last one at the end of the text)."""
    regions = string_regions(text)
    spans: list[RecordSpan] = []
    line, counted = 1, 0  # line numbers counted incrementally: matches come in text order
    count, new, span_of = text.count, _new, RecordSpan
    last: tuple[int, int, int, str] | None = None  # the header before, waiting for its end
    for offset, col, kind in (*_headers(text), (len(text), 0, "")):
        if regions and _inside(regions, offset) and kind:
            continue
        line += count("\n", counted, offset)
        counted = offset
        if last is not None:
            start, first, column, name = last
            keys = new(LazyKeys)  # LazyKeys(...) without a call to __init__
            keys._where = (text, name, first, (start, offset), regions)
            end_line = line - 1 if kind and line > first else line  # (at the end: the last)
            spans.append(span_of(name, first, column, end_line, keys))
        last = (offset, line, col, kind)
    return spans
