"""A claim file as record-level text for `git diff` (the textconv program of `git-setup`).

Each record becomes a `[kind id]` line and one sorted `field = value` line per field, with
the parsed interval or date span as a comment, so a diff shows which record and field
changed, whatever the layout. Never fails: a file that does not parse comes back as written.
"""

from __future__ import annotations

import json
from typing import Any

from claimledger.model.claim_value import describe
from claimledger.model.dates import parse_date
from claimledger.model.quantities import parse_quantity
from claimledger.model.records import KINDS, Record, record_kind
from claimledger.model.values import ValueProblem, plain
from claimledger.tomlstore.parse import parse_file

# Loading errors after which the records shown would not be the file's content.
_FATAL = {"toml-syntax", "encoding", "merge-conflict", "not-array-of-tables", "unknown-table"}


def one_line(value: Any) -> str:
    """A value on one line: strings as JSON strings (newlines escaped), lists bracketed."""
    value = plain(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(one_line(v) for v in value) + "]"
    if isinstance(value, str | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "null" if value is None else str(value)


def guess_parsed(kind: str, name: str, raw: Any) -> str:
    """The parsed form without the subject (other files are not at hand): a quantity, else a
    date span; nothing for text."""
    if raw is None or isinstance(raw, bool):
        return ""
    if (kind, name) in (("claim", "value"), ("claim", "min"), ("claim", "max")):
        quantity = parse_quantity(raw, None)
        if not isinstance(quantity, ValueProblem):
            return describe(quantity)
    if name in ("value", "date", "as_of", "published", "accessed", "on", "revisit"):
        span = parse_date(raw)
        if not isinstance(span, ValueProblem):
            return describe(span)
    return ""


def record_text(record: Record) -> str:
    kind = record_kind(record)
    lines = [f"[{kind} {record.id}]"]
    for name in sorted(record.table):
        raw = record.table[name]
        parsed = guess_parsed(kind, name, raw)
        lines.append(f"{name} = {one_line(raw)}" + (f"  # {parsed}" if parsed else ""))
    return "\n".join(lines) + "\n"


def render_file(path: str, data: bytes) -> str:
    """Records sorted by kind and id, blank line between; the raw text if it does not load."""
    try:
        parsed = parse_file(path, data)
        if any(d.code in _FATAL for d in parsed.diagnostics) or not parsed.records:
            return data.decode("utf-8", "replace")
        records = sorted(parsed.records, key=lambda r: (KINDS.index(record_kind(r)), r.id))
        return "\n".join(record_text(r) for r in records)
    except Exception:  # the textconv contract: git diff must always get text
        return data.decode("utf-8", "replace")
