"""What sits under the cursor in a claim file, and what to show or offer there: hover text,
the definition of an id, completions. Pure functions of the store and the line's text;
positions are 1-based lines and code-point columns like everywhere in the core.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from claimledger.conflicts.provenance import chain_label
from claimledger.conflicts.relations import relations_of
from claimledger.model.claim_value import claim_value, describe
from claimledger.model.records import FIELDS, Claim, Record, record_kind
from claimledger.model.values import DaySpan, Quantity
from claimledger.render.conflicts import claim_cells
from claimledger.tomlstore.store import Store

TABLE_ROWS = ("value", "parsed", "source", "reliability", "date", "confidence", "quote")
REFERENCE_KEYS = {
    "subject": "subject",
    "source": "source",
    "via": "source",
    "cites": "source",
    "supersedes": "claim",
    "contradicts": "claim",
    "supports": "claim",
    "claims": "claim",
    "preferred": "claim",
}
_STRING = re.compile(r'"([^"\\\n]*)"|\'([^\'\n]*)\'')
_KEY_LINE = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


@dataclass(frozen=True)
class Target:
    """A place to jump to: file, 1-based line and column."""

    file: str
    line: int
    column: int


def record_at(store: Store, path: str, line: int) -> Record | None:
    """The record whose header or keys span `line` of `path`."""
    parsed = store.files.get(path)
    if parsed is None:
        return None
    for record in parsed.records:
        end = record.origin.end_line or record.origin.line
        if record.origin.line <= line <= end:
            return record
    return None


def key_on_line(record: Record, line: int) -> str | None:
    """The key written on `line` of a record (a multi-line value belongs to its key)."""
    best = None
    for key, pos in record.origin.keys.items():
        if pos.line <= line and (best is None or pos.line > record.origin.keys[best].line):
            best = key
    return best


HOVER_COLUMNS = 4  # claims of each kind shown beside the claim; a hover is a glance


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def claim_table(store: Store, claim: Claim, today: datetime.date) -> str:
    """Markdown: the claim beside the claims that conflict and agree with it."""
    rel = relations_of(store, claim, today)
    columns = [("this claim", claim)]
    columns += [("conflicts", c) for c in rel.conflicts[:HOVER_COLUMNS]]
    columns += [("agrees", c) for c in rel.agrees[:HOVER_COLUMNS]]
    cells = [claim_cells(c, store) for _, c in columns]
    head = [f"{word}: `{c.id}`" for word, c in columns]
    lines = [
        f"**{claim.subject}** — {len(rel.conflicts)} conflicting, {len(rel.agrees)} agreeing",
        "",
        "| | " + " | ".join(head) + " |",
        "|---|" + "---|" * len(head),
    ]
    for row in TABLE_ROWS:
        label = "interval" if row == "parsed" else row
        lines.append(f"| {label} | " + " | ".join(_md(c[row]) for c in cells) + " |")
    chain = chain_label(store, claim)
    if chain:
        lines += ["", f"Origin: {_md(chain)}"]
    more = max(0, len(rel.conflicts) - HOVER_COLUMNS) + max(0, len(rel.agrees) - HOVER_COLUMNS)
    if more:
        lines += ["", f"and {more} more: `claims show {claim.id}` lists them all"]
    if rel.group is not None and rel.group.resolution is not None:
        r = rel.group.resolution
        lines += ["", f"Resolution `{r.id}` ({rel.group.status}): {r.verdict} — {_md(r.note)}"]
    return "\n".join(lines) + "\n"


def value_hover(store: Store, claim: Claim) -> str:
    """Markdown: how the claim's value is read."""
    subject = store.subjects.get(claim.subject)
    source = store.sources.get(claim.source)
    value = claim_value(claim, subject, source, store.default_language)
    if isinstance(value, Quantity):
        shown = value.unit or (subject.unit if subject else None)
        unit = f" {shown}" if shown else ""
        written = (
            f" = {value.written} {value.written_unit} as written"
            if value.written is not None
            else ""
        )
        kind = "projection, not compared" if value.projection else value.qualifier
        return f"`{value.text}` → interval **{value.interval}**{unit}{written} ({kind})"
    if isinstance(value, DaySpan):
        days = f"{value.start} to {value.end}"
        inferred = ", year inferred" if value.inferred_year else ""
        return f"`{value.text}` → **{value.label()}**: {days} ({value.precision}{inferred})"
    return f"`{claim.value}` → {describe(value)}"


def hover_text(store: Store, path: str, line: int, today: datetime.date) -> str | None:
    """Hover for a position: a claim's value reading on its value line, else its table."""
    record = record_at(store, path, line)
    if not isinstance(record, Claim) or store.claims.get(record.id) is not record:
        return None
    if key_on_line(record, line) in ("value", "min", "max"):
        return value_hover(store, record)
    return claim_table(store, record, today)


def word_at(line_text: str, column: int) -> str | None:
    """The quoted string containing a 1-based column of a line."""
    for m in _STRING.finditer(line_text):
        if m.start() < column <= m.end():
            return m.group(1) if m.group(1) is not None else m.group(2)
    return None


def definition(store: Store, line_text: str, column: int) -> Target | None:
    """Where the id under the cursor is defined (a source, subject or claim)."""
    key = _KEY_LINE.match(line_text)
    target_id = word_at(line_text, column)
    if target_id is None:
        return None
    kinds = [REFERENCE_KEYS[key.group(1)]] if key and key.group(1) in REFERENCE_KEYS else []
    for kind in [*kinds, "subject", "source", "claim"]:
        record = store.index(kind).get(target_id)
        if record is not None:
            line, col = record.origin.at("id")
            return Target(record.origin.file, line, col)
    return None


@dataclass(frozen=True)
class Completion:
    label: str
    detail: str
    kind: str  # "id" | "field"


def completions(store: Store, path: str, line: int, line_text: str, column: int):
    """Ids after `subject = "`, `source = "` and claim references; field names elsewhere."""
    before = line_text[: column - 1]
    key = _KEY_LINE.match(before)
    if key and key.group(1) in REFERENCE_KEYS:
        kind = REFERENCE_KEYS[key.group(1)]
        return [Completion(rid, _detail(r), "id") for rid, r in sorted(store.index(kind).items())]
    if "=" in before or before.strip().startswith("["):
        return []
    record = record_at(store, path, line) or _previous_record(store, path, line)
    kinds = [record_kind(record)] if record is not None else list(FIELDS)
    present = set(record.origin.keys) if record is not None else set()
    return [
        Completion(spec.name, spec.doc, "field")
        for kind in kinds
        for spec in FIELDS[kind]
        if spec.name not in present
    ]


def _previous_record(store: Store, path: str, line: int) -> Record | None:
    parsed = store.files.get(path)
    before = [r for r in (parsed.records if parsed else ()) if r.origin.line <= line]
    return before[-1] if before else None


def _detail(record: Record) -> str:
    for attr in ("title", "description", "quote"):
        text = getattr(record, attr, "")
        if text:
            return str(text)[:80]
    return record_kind(record)
