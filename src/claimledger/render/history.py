"""A record's history as JSON (pure)."""

from __future__ import annotations

import json
from typing import Any

from claimledger.checks.changes import RecordChange
from claimledger.checks.review_data import HistoryEntry
from claimledger.render.diff import record_json


def entry_json(entry: HistoryEntry) -> dict[str, Any]:
    c = entry.commit
    fields = record_json(_as_change(entry))
    return {
        "commit": c.hash,
        "short": c.short,
        "date": c.date,
        "author": c.author,
        "message": c.subject,
        "change": entry.change,
        "kind": entry.kind,
        "old_file": fields["old_file"],
        "new_file": fields["new_file"],
        "fields": fields["fields"],
    }


def _as_change(entry: HistoryEntry) -> RecordChange:
    record = entry.new or entry.old
    rid = record.id if record else ""
    return RecordChange(entry.kind, rid, entry.change, "", entry.old, entry.new, entry.fields)


def render_history_json(key: str, entries: list[HistoryEntry]) -> str:
    doc = {"record": key, "entries": [entry_json(e) for e in entries]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
