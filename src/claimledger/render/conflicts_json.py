"""Conflict groups as JSON (pure). Light on purpose: the warm `conflicts --format json`
renders cached group documents with it and must not load the conflict engine."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimledger.conflicts.groups import ConflictGroup


def group_json(group: ConflictGroup) -> dict[str, Any]:
    r = group.resolution
    return {
        "subject": group.subject,
        "description": group.description,
        "kind": group.kind,
        "severity": group.severity,
        "reason": group.reason,
        "status": group.status,
        "scope_differs": group.scope_differs,
        "scopes": list(group.scopes),
        "claims": [c.id for c in group.claims],
        "positions": [
            {"claims": [c.id for c in p.claims], "sources": p.sources} for p in group.positions
        ],
        "pairs": [
            {
                "claims": [p.a.id, p.b.id],
                "relation": p.relation,
                "reason": p.reason,
                "asserted": p.asserted,
            }
            for p in group.pairs
        ],
        "resolution": r.id if r else None,
        "verdict": r.verdict if r else None,
        "note": r.note if r else None,
        "stale_reasons": list(group.stale_reasons),
    }


def summary(statuses: Sequence[str]) -> dict[str, int]:
    """How many groups, and how many of each status."""
    counts = Counter(statuses)
    return {
        "subjects": len(statuses),
        "open": counts["open"],
        "resolved": counts["resolved"],
        "stale": counts["stale"],
        "drift": counts["drift"],
    }


def render_conflict_docs(docs: Sequence[dict[str, Any]]) -> str:
    """The JSON output for groups already turned into documents by `group_json`."""
    doc = {"groups": list(docs), "summary": summary([d["status"] for d in docs])}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
