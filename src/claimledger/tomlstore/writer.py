"""The canonical TOML form: fixed key order per kind, records in file order, one blank line
between records, stable quoting. Comments are kept: a comment on its own line stays above the
key or record that follows it, a trailing comment stays on its line. A file whose comments
cannot be placed (inside a multi-line value) is left untouched and reported.

`format_file` is `claims fmt` on one file: its canonical text, or why it is left as written.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from claimledger.model.records import FIELD_NAMES
from claimledger.tomlstore.decode import (
    decode,
    is_blank,
    load_toml,
    merge_markers,
    syntax_error,
)
from claimledger.tomlstore.limits import MAX_FILE_BYTES, too_large
from claimledger.tomlstore.positions import locate_records

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")
_MAX_INLINE = 100


def format_value(value: Any) -> str:
    """One TOML value in canonical spelling."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return tomli_w.dumps({"k": value})[4:-1]
    if isinstance(value, int | float):
        return tomli_w.dumps({"k": value})[4:-1]
    if isinstance(value, datetime.date | datetime.time):
        return tomli_w.dumps({"k": value})[4:-1]
    if isinstance(value, list | tuple):
        items = [format_value(v) for v in value]
        inline = "[" + ", ".join(items) + "]"
        if len(inline) <= _MAX_INLINE or any(isinstance(v, dict) for v in value):
            return inline
        return "[\n" + "".join(f"    {item},\n" for item in items) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return (
            "{ "
            + ", ".join(f"{format_key(k)} = {format_value(v)}" for k, v in value.items())
            + " }"
        )
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def format_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else format_value(key)


def ordered_keys(kind: str, table: dict[str, Any]) -> list[str]:
    """Known fields in the field-table order, then any others in their written order."""
    known = [k for k in FIELD_NAMES.get(kind, ()) if k in table]
    return known + [k for k in table if k not in known]


@dataclass
class Comments:
    """Comments attached to one record: above it, on its header line, and per key."""

    above: list[str] = field(default_factory=list)
    header: str = ""
    above_key: dict[str, list[str]] = field(default_factory=dict)
    after_key: dict[str, str] = field(default_factory=dict)
    below: list[str] = field(default_factory=list)


def render_record(kind: str, table: dict[str, Any], comments: Comments | None = None) -> str:
    """One record as canonical text (ends with a newline)."""
    c = comments or Comments()
    lines = [*c.above, f"[[{kind}]]" + (f"  {c.header}" if c.header else "")]
    for key in ordered_keys(kind, table):
        lines.extend(c.above_key.get(key, []))
        trail = c.after_key.get(key)
        lines.append(
            f"{format_key(key)} = {format_value(table[key])}" + (f"  {trail}" if trail else "")
        )
    lines.extend(c.below)
    return "\n".join(lines) + "\n"


def render_file(records: list[tuple[str, dict[str, Any]]], tail: list[str] | None = None) -> str:
    text = "\n".join(render_record(kind, table) for kind, table in records)
    return text + ("\n" + "\n".join(tail) + "\n" if tail else "")


class Unformattable(Exception):
    """The file's comments cannot be kept in canonical form; it is left as written."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class CommentAt:
    line: int
    text: str
    own_line: bool


def scan_comments(text: str) -> tuple[list[CommentAt], set[int]]:
    """Every comment (string-aware) and the lines that continue a multi-line value."""
    comments: list[CommentAt] = []
    continued: set[int] = set()
    i, n, line, depth, line_start = 0, len(text), 1, 0, 0
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            line_start = i + 1
            if depth:
                continued.add(line)
            i += 1
        elif c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            own = not text[line_start:i].strip()
            comments.append(CommentAt(line, text[i:j].rstrip(), own))
            i = j
        elif text.startswith(('"""', "'''"), i):
            delim = text[i : i + 3]
            j = text.find(delim, i + 3)
            while delim == '"""' and j > 0 and _escaped(text, j):
                j = text.find(delim, j + 1)
            j = n if j < 0 else j + 3
            while j < n and text[j] == delim[0]:
                j += 1
            for k in range(text.count("\n", i, j)):
                continued.add(line + k + 1)
            line += text.count("\n", i, j)
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] not in (c, "\n"):
                j += 2 if c == '"' and text[j] == "\\" else 1
            i = j + 1
        elif c in "[{" and (depth or _in_value(text, line_start, i)):
            depth += 1
            i += 1
        elif c in "]}" and depth:
            depth -= 1
            i += 1
        else:
            i += 1
    return comments, continued


def _escaped(text: str, j: int) -> bool:
    k = j - 1
    count = 0
    while k >= 0 and text[k] == "\\":
        count += 1
        k -= 1
    return count % 2 == 1


def _in_value(text: str, line_start: int, i: int) -> bool:
    return "=" in text[line_start:i]


def format_text(text: str) -> str:
    """Canonical form of one file's text, keeping comments; raises Unformattable."""
    data = load_toml(text)
    spans = locate_records(text)
    counts = {kind: len(v) for kind, v in data.items() if isinstance(v, list)}
    if any(not isinstance(v, list) for v in data.values()) or sum(counts.values()) != len(spans):
        raise Unformattable(
            1, "the file has top-level keys or tables the formatter does not manage"
        )
    comments, continued = scan_comments(text)
    attached, tail = _attach(comments, continued, spans)
    cursor = {kind: 0 for kind in counts}
    parts = []
    for i, span in enumerate(spans):
        table = data[span.kind][cursor[span.kind]]
        cursor[span.kind] += 1
        if not {*attached[i].above_key, *attached[i].after_key} <= set(table):
            # a key spelt with escapes ("\u00e9") is not matched to its comments: keep the file
            raise Unformattable(span.line, "a comment on a key the formatter cannot match")
        parts.append(render_record(span.kind, table, attached[i]))
    out = "\n".join(parts)
    if tail:
        out += "\n" + "\n".join(tail) + "\n"
    return out


def _attach(
    comments: list[CommentAt], continued: set[int], spans: list
) -> tuple[list[Comments], list[str]]:
    attached = [Comments() for _ in spans]
    marks: list[tuple[int, int, str | None]] = []  # (line, record index, key or None for header)
    for i, span in enumerate(spans):
        marks.append((span.line, i, None))
        marks.extend((pos.line, i, key) for key, pos in span.keys.items())
    marks.sort()
    by_line = {line: (i, key) for line, i, key in marks}
    tail: list[str] = []
    for com in comments:
        if com.line in continued:
            raise Unformattable(com.line, "a comment inside a multi-line value")
        if not com.own_line:
            if com.line not in by_line:
                raise Unformattable(com.line, "a trailing comment the formatter cannot place")
            i, key = by_line[com.line]
            if key is None:
                attached[i].header = com.text
            else:
                attached[i].after_key[key] = com.text
            continue
        following = next(((i, key) for line, i, key in marks if line > com.line), None)
        if following is None:
            tail.append(com.text)
        elif following[1] is None:
            attached[following[0]].above.append(com.text)
        else:
            attached[following[0]].above_key.setdefault(following[1], []).append(com.text)
    return attached, tail


def replace_record_text(text: str, kind: str, record_id: str, table: dict[str, Any]) -> str:
    """`text` with one record rewritten canonically from `table`: its comments (on its
    header, above and after its keys) kept, every other line as written. Raises
    `Unformattable` where a comment cannot be placed and `KeyError` when the record is not
    there."""
    data = tomllib.loads(text.removeprefix("\ufeff"))
    spans = locate_records(text)
    comments, continued = scan_comments(text)
    attached, _ = _attach(comments, continued, spans)
    mine = [i for i, span in enumerate(spans) if span.kind == kind]
    tables = data.get(kind, [])
    found = [n for n, t in enumerate(tables) if isinstance(t, dict) and t.get("id") == record_id]
    if not found or found[0] >= len(mine):
        raise KeyError(record_id)
    i = mine[found[0]]
    span, kept = spans[i], attached[i]
    kept.above = []  # comments above the record stay where they are, untouched
    lines = text.splitlines(keepends=True)
    body = lines[span.line - 1 : span.end_line]
    own = [n for n, line in enumerate(body) if line.strip() and not line.lstrip().startswith("#")]
    last = own[-1] if own else 0
    nl = "\r\n" if "\r\n" in text else "\n"
    new = render_record(kind, table, kept).replace("\n", nl)
    return "".join([*lines[: span.line - 1], new, *body[last + 1 :], *lines[span.end_line :]])


def remove_record_text(text: str, kind: str, record_id: str) -> str:
    """`text` without one record (its header to its last line, and the blank line before
    it); every other line as written. Raises `KeyError` when the record is not there."""
    data = tomllib.loads(text.removeprefix("\ufeff"))
    spans = [span for span in locate_records(text) if span.kind == kind]
    tables = data.get(kind, [])
    found = [n for n, t in enumerate(tables) if isinstance(t, dict) and t.get("id") == record_id]
    if not found or found[0] >= len(spans):
        raise KeyError(record_id)
    span = spans[found[0]]
    lines = text.splitlines(keepends=True)
    start = span.line - 1
    while start > 0 and not lines[start - 1].strip():
        start -= 1  # the blank lines that separated it
    return "".join([*lines[:start], *lines[span.end_line :]])


@dataclass(frozen=True)
class FormatResult:
    old: str
    new: str
    problem: str = ""
    fatal: bool = False  # the file is broken (fix it first), not merely left alone


def format_file(path: Path) -> FormatResult:
    """Read and format one file; never raises on bad content."""
    if path.is_symlink():
        return FormatResult("", "", "is a symlink; not formatted", fatal=False)
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)  # enough to refuse a file over the limit
    except OSError as exc:
        return FormatResult("", "", f"cannot read: {exc.strerror or exc}", fatal=True)
    large = too_large(str(path), data)
    if large:
        return FormatResult("", "", f"not formatted: {large.message}", fatal=True)
    text, problems = decode(str(path), data)
    if text is None:
        return FormatResult("", "", f"not formatted: {problems[-1].message}", fatal=True)
    old = data.decode("utf-8")
    if merge_markers(str(path), text):
        return FormatResult(old, old, "not formatted: finish the git merge first", fatal=True)
    if is_blank(text):
        return FormatResult(old, old)
    try:
        return FormatResult(old, format_text(text.replace("\r\n", "\n")))
    except tomllib.TOMLDecodeError as exc:  # said as `check` says it, with its hint
        d = syntax_error(str(path), exc, text.replace("\r\n", "\n"))
        message = f"not formatted: {d.message} at line {d.line}, column {d.column} ({d.hint})"
        return FormatResult(old, old, message, fatal=True)
    except (RecursionError, ValueError) as exc:  # tomllib raises these too; KeyTooDeep
        return FormatResult(old, old, f"not formatted: TOML syntax error: {exc}", fatal=True)
    except Unformattable as exc:
        return FormatResult(
            old, old, f"left untouched: {exc.reason} (line {exc.line}); formatting would lose it"
        )
