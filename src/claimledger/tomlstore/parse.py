"""One file's bytes -> its records (with positions) and the problems found in it.

Pure and per-file, so results can be cached by content and files parsed in any order.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
import sys
import tomllib
from dataclasses import dataclass
from typing import Any

from claimledger.model.diagnostics import Diagnostic, Severity, at_key
from claimledger.model.records import (
    FIELDS,
    KINDS,
    RECORD_BUILDERS,
    FieldSpec,
    KeyPos,
    Origin,
    Record,
)
from claimledger.tomlstore.decode import (
    decode,
    has_comment,
    is_blank,
    load_toml,
    merge_markers,
    syntax_error,
    unparsable,
)
from claimledger.tomlstore.limits import KeyTooDeep, key_too_deep, too_large
from claimledger.tomlstore.positions import RecordSpan, locate_records

ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
SUBJECT_ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*\Z")


@dataclass(frozen=True)
class ParsedFile:
    """What one file holds: records in file order, and problems local to the file."""

    path: str
    records: tuple[Record, ...]
    diagnostics: tuple[Diagnostic, ...]
    has_comments: bool = False


def parse_file(path: str, data: bytes | str) -> ParsedFile:
    """Decode, parse and validate one claim file; never raises on any input."""
    large = too_large(path, data)
    if large:
        return ParsedFile(path, (), (large,))
    text, problems = decode(path, data)
    if text is None:
        return ParsedFile(path, (), tuple(problems))
    markers = merge_markers(path, text)
    if markers:
        return ParsedFile(path, (), tuple(problems + markers))
    if is_blank(text):
        problems.append(
            Diagnostic(
                path,
                1,
                1,
                Severity.WARNING,
                "empty-file",
                "file holds no records",
                "add records or delete the file",
            )
        )
        return ParsedFile(path, (), tuple(problems))
    try:
        data_dict = load_toml(text)
    except tomllib.TOMLDecodeError as exc:
        return ParsedFile(path, (), tuple([*problems, syntax_error(path, exc, text)]))
    except KeyTooDeep as exc:
        return ParsedFile(path, (), tuple([*problems, key_too_deep(path, exc)]))
    except (RecursionError, ValueError) as exc:
        # tomllib raises these, not TOMLDecodeError, for values nested too deeply and for
        # integers longer than Python converts (over 4300 digits).
        return ParsedFile(path, (), tuple([*problems, unparsable(path, exc)]))
    records, found = build_records(path, text, data_dict)
    return ParsedFile(path, tuple(records), tuple(problems + found), has_comments=has_comment(text))


def build_records(
    path: str, text: str, data: dict[str, Any]
) -> tuple[list[Record], list[Diagnostic]]:
    spans = locate_records(text)
    by_kind: dict[str, list[RecordSpan]] = {}
    for span in spans:
        by_kind.setdefault(span.kind, []).append(span)
    records: list[tuple[int, Record]] = []
    problems: list[Diagnostic] = []
    top_keys: dict[str, tuple[int, int]] | None = None  # found once, when first needed
    the_source = _only_source(data)
    unknown = 0
    for key, value in data.items():
        kind_spans = by_kind.get(key, [])
        where = kind_spans[0] if kind_spans else None
        if where:
            line, col = where.line, where.column
        else:
            top_keys = _top_key_positions(text) if top_keys is None else top_keys
            line, col = top_keys.get(key, (1, 1))
        if key not in KINDS:
            unknown += 1
            if unknown <= UNKNOWN_KINDS_SHOWN:
                problems.append(_unknown_kind(path, line, col, key))
            elif unknown == UNKNOWN_KINDS_SHOWN + 1:
                more = sum(k not in KINDS for k in data) - UNKNOWN_KINDS_SHOWN
                problems.append(_more_unknown_kinds(path, line, col, more))
            continue
        if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
            problems.append(
                Diagnostic(
                    path,
                    line,
                    col,
                    Severity.ERROR,
                    "not-array-of-tables",
                    f"{key} must be written as [[{key}]] tables",
                    f"start each record with a [[{key}]] line",
                )
            )
            continue
        aligned = len(kind_spans) == len(value)
        for i, table in enumerate(value):
            if key == "claim" and "source" not in table and the_source:
                table = {**table, "source": the_source}  # see _only_source
            span = kind_spans[i] if aligned else None
            origin = _origin(path, span, where)
            record, found = make_record(key, table, origin)
            problems.extend(found)
            if record is not None:
                records.append((origin.line, record))
    records.sort(key=lambda t: t[0])
    return [r for _, r in records], problems


def _only_source(data: dict[str, Any]) -> str | None:
    """The id of the file's source when it holds exactly one (`sources/<id>.toml`): its claims
    may leave out `source = ...` and take that one. The text is not changed (`fmt` keeps what
    was written); the record's table gains the field, so fingerprints do not depend on it."""
    sources = data.get("source")
    if not isinstance(sources, list) or len(sources) != 1 or not isinstance(sources[0], dict):
        return None
    sid = sources[0].get("id")
    return sid if isinstance(sid, str) and sid else None


KINDS_HINT = "record kinds are " + ", ".join(f"[[{k}]]" for k in KINDS)

# Unknown top-level names reported one by one in a file; the rest are one finding.
UNKNOWN_KINDS_SHOWN = 20


def _unknown_kind(path: str, line: int, col: int, key: str) -> Diagnostic:
    hint = _did_you_mean(key, KINDS, KINDS_HINT)
    message = f"unknown record kind {key!r}"
    return Diagnostic(path, line, col, Severity.ERROR, "unknown-table", message, hint)


def _more_unknown_kinds(path: str, line: int, col: int, more: int) -> Diagnostic:
    return Diagnostic(
        path,
        line,
        col,
        Severity.ERROR,
        "unknown-table",
        f"{more} more unknown top-level names from here on (the first {UNKNOWN_KINDS_SHOWN} "
        "are reported one by one)",
        KINDS_HINT,
    )


# The first key of a line, or of a `[table]` / `[[table]]` header: bare, "quoted" or 'literal'.
_LINE_KEY = re.compile(
    r"""^[ \t]*\[{0,2}[ \t]*(?:([A-Za-z0-9_-]+)|"([^"\n]*)"|'([^'\n]*)')""", re.M
)


def _top_key_positions(text: str) -> dict[str, tuple[int, int]]:
    """Where each top-level name is first written, in one pass over the text (a search per
    key from the start of the file was quadratic: 7,251 unknown keys in 400 KB took 37 s)."""
    found: dict[str, tuple[int, int]] = {}
    line, counted = 1, 0
    for m in _LINE_KEY.finditer(text):
        name = m.group(1) or m.group(2) or m.group(3) or ""
        if name not in found:
            line += text.count("\n", counted, m.start())
            counted = m.start()
            found[name] = (line, 1)
    return found


def _origin(path: str, span: RecordSpan | None, fallback: RecordSpan | None) -> Origin:
    if span is not None:  # Origin(...) without the frozen dataclass's __init__
        origin = _new(Origin)
        state = origin.__dict__  # key by key, in field order: see model._builder
        state["file"] = path
        state["line"] = span.line
        state["column"] = span.column
        state["end_line"] = span.end_line
        state["keys"] = span.keys
        return origin
    if fallback is not None:
        return Origin(path, fallback.line, fallback.column, fallback.end_line, {})
    return Origin(path, 1, 1, 1, {})


_new = object.__new__
_SPECS = {kind: {f.name: f for f in fields} for kind, fields in FIELDS.items()}
# Fields any string is valid for, as it is ("value" too: the subject decides what it means;
# dates and confidences are read later): `coerce` would return the string unchanged.
_PLAIN_TEXT = {
    kind: frozenset(
        f.name for f in fields if f.type in ("str", "value", "date", "confidence") and not f.choices
    )
    for kind, fields in FIELDS.items()
}
# Fields `coerce` returns any int (not bool) unchanged for, and any TOML date (not date-time).
_PLAIN_INT = {
    kind: frozenset(f.name for f in fields if f.type in ("number", "confidence", "value"))
    for kind, fields in FIELDS.items()
}
_PLAIN_DATE = {
    kind: frozenset(f.name for f in fields if f.type in ("date", "value"))
    for kind, fields in FIELDS.items()
}
_DATE = datetime.date
_NAMES = {f.name: f.name for fields in FIELDS.values() for f in fields}
# Fields whose texts recur across records (ids referred to, units, confidence words, ...):
# one string each instead of one per record (rtoml makes a new one every time). Interned
# strings are freed once no record holds them.
_REPEATED = frozenset(
    {
        *("subject", "source", "via", "supersedes", "claimant", "unit", "scope", "locator"),
        *("confidence", "status", "date", "as_of", "publisher", "language", "reliability"),
        *("translated_from", "published", "kind", "cardinality", "verdict", "by", "preferred"),
    }
)
_intern = sys.intern
_REQUIRED = {kind: tuple(f for f in fields if f.required) for kind, fields in FIELDS.items()}


def make_record(
    kind: str, table: dict[str, Any], origin: Origin
) -> tuple[Record | None, list[Diagnostic]]:
    """Validate one table against the field table of its kind and build the dataclass."""
    problems: list[Diagnostic] = []
    specs, plain = _SPECS[kind], _PLAIN_TEXT[kind]
    plain_int, plain_date = _PLAIN_INT[kind], _PLAIN_DATE[kind]
    values: dict[str, Any] = {}
    # The record keeps the table with the field table's own key strings: rtoml makes a new
    # string per key per table (~490 bytes a claim; 49 MB at 100,000 claims).
    kept: dict[str, Any] = {}
    for name, raw in table.items():
        t = type(raw)
        if t is str and name in _REPEATED:
            raw = _intern(raw)
        kept[_NAMES.get(name, name)] = raw
        # the common cases, kept off coerce() (which would return `raw` unchanged)
        if t is str:
            if name in plain:
                values[name] = raw
                continue
        elif t is int:
            if name in plain_int:
                values[name] = raw
                continue
        elif t is _DATE and name in plain_date:
            values[name] = raw
            continue
        spec = specs.get(name)
        if spec is None:
            line, col = origin.key_at(name)  # only now: key positions are found lazily
            hint = _did_you_mean(name, specs, f"fields of [[{kind}]]: " + ", ".join(specs))
            problems.append(
                Diagnostic(
                    origin.file,
                    line,
                    col,
                    Severity.ERROR,
                    "unknown-field",
                    f"unknown field {name!r} in [[{kind}]]",
                    hint,
                    records=_rec(kind, table),
                )
            )
            continue
        value, problem = coerce(spec, raw)
        if problem:
            problems.append(
                at_key(
                    origin,
                    name,
                    Severity.ERROR,
                    "bad-enum" if spec.choices and isinstance(raw, str) else "wrong-type",
                    f"{kind} field {name!r} {problem}",
                    _type_hint(spec),
                    records=_rec(kind, table),
                )
            )
            continue
        values[name] = value
    for spec in _REQUIRED[kind]:
        if spec.name == "confidence" and table.get("status") == "draft":
            continue  # the curator judges it when accepting (`claims accept --confidence`)
        if spec.name not in table:
            problems.append(
                at_key(
                    origin,
                    spec.name,  # absent: the finding sits at the record's header
                    Severity.ERROR,
                    "missing-field",
                    f"[[{kind}]] has no {spec.name!r}",
                    f"add `{spec.name} = ...`: {spec.doc}",
                    records=_rec(kind, table),
                )
            )
    if kind == "claim" and "value" not in table and "min" not in table and "max" not in table:
        problems.append(
            at_key(
                origin,
                "value",  # absent: the finding sits at the record's header
                Severity.ERROR,
                "missing-field",
                "[[claim]] has no 'value' (nor min/max)",
                "add `value = ...` as the source writes it",
                records=_rec(kind, table),
            )
        )
    record_id = values.get("id")
    if not isinstance(record_id, str) or not record_id:
        return None, problems
    problems.extend(_check_id(kind, record_id, origin, table))
    record = RECORD_BUILDERS[kind](values, origin, kept)
    return record, problems


def _rec(kind: str, table: dict[str, Any]) -> tuple[str, ...]:
    rid = table.get("id")
    return (f"{kind}:{rid}",) if isinstance(rid, str) else ()


def _check_id(kind: str, record_id: str, origin: Origin, table: dict[str, Any]) -> list[Diagnostic]:
    pattern = SUBJECT_ID_RE if kind == "subject" else ID_RE
    if pattern.match(record_id):
        return []
    allowed = "lowercase a-z, 0-9, '.', '_', '-'" + (
        " and '/' between segments" if kind == "subject" else ""
    )
    suggestion = re.sub(r"[^a-z0-9._/-]+", "-", record_id.lower()).strip("-./") or "an-id"
    if kind != "subject":
        suggestion = suggestion.replace("/", "-")
    return [
        at_key(
            origin,
            "id",
            Severity.ERROR,
            "bad-id",
            f"malformed {kind} id {record_id!r}",
            f"ids use {allowed}, starting with a letter or digit; e.g. {suggestion!r}",
            records=(f"{kind}:{record_id}",),
        )
    ]


def coerce(spec: FieldSpec, raw: Any) -> tuple[Any, str]:
    """A TOML value -> the dataclass value, or ('', problem text)."""
    t = spec.type
    if t == "str":
        if not isinstance(raw, str):
            return None, f"must be a string, not {_tname(raw)}"
        if spec.choices and raw not in spec.choices:
            return None, f"must be one of {', '.join(spec.choices)}, not {raw!r}"
        return raw, ""
    if t == "str-list":
        if isinstance(raw, list) and all(isinstance(x, str) for x in raw):
            return tuple(raw), ""
        return None, f"must be an array of strings, not {_tname(raw)}"
    if t == "bool":
        return (
            (raw, "")
            if isinstance(raw, bool)
            else (None, f"must be true or false, not {_tname(raw)}")
        )
    if t == "number":
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            return None, f"must be a number, not {_tname(raw)}"
        if isinstance(raw, float) and not math.isfinite(raw):
            return None, f"must be a finite number, not {raw}"
        return raw, ""
    if t == "date":
        if isinstance(raw, datetime.datetime):
            return raw.date(), ""
        if isinstance(raw, str | datetime.date):
            return raw, ""
        return None, f"must be a date (2025-06-13, 2025-06, 2025, or prose), not {_tname(raw)}"
    if t == "confidence":
        if isinstance(raw, bool) or not isinstance(raw, str | int):
            return None, f"must be low, moderate, high or an integer 0-100, not {_tname(raw)}"
        return raw, ""
    if t == "fingerprints":
        if isinstance(raw, dict) and all(isinstance(v, str) for v in raw.values()):
            return dict(raw), ""
        return None, f"must be a table of claim id -> fingerprint, not {_tname(raw)}"
    if t == "judged":
        if isinstance(raw, dict) and all(isinstance(v, dict) for v in raw.values()):
            return {k: dict(v) for k, v in raw.items()}, ""
        return None, f"must be a table of claim id -> table of fields, not {_tname(raw)}"
    if t == "value":
        if isinstance(raw, list | dict):
            return None, f"must be a single value, not {_tname(raw)}"
        return raw, ""
    return raw, ""


def _tname(raw: Any) -> str:
    names = {
        bool: "a boolean",
        int: "an integer",
        float: "a float",
        str: "a string",
        list: "an array",
        dict: "a table",
        datetime.date: "a date",
        datetime.datetime: "a date-time",
        datetime.time: "a time",
    }
    return names.get(type(raw), type(raw).__name__)


def _type_hint(spec: FieldSpec) -> str:
    if spec.choices:
        return f"{spec.name} is one of: {', '.join(spec.choices)}"
    examples = {
        "str": '"text"',
        "str-list": '["a", "b"]',
        "bool": "true",
        "number": "0.1",
        "date": '"2025-06-13"',
        "confidence": '"moderate" or 60',
        "fingerprints": '{ claim-id = "..." }',
        "judged": '{ claim-id = { value = "..." } }',
        "value": '"nearly 70"',
    }
    return f"write e.g. {spec.name} = {examples.get(spec.type, '...')}"


def _did_you_mean(name: str, options: Any, fallback: str) -> str:
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else fallback


__all__ = ["ID_RE", "SUBJECT_ID_RE", "KeyPos", "ParsedFile", "parse_file"]
