"""Conflict groups as JSON (pure). Light on purpose: the warm `conflicts --format json`
renders cached group documents with it and must not load the conflict engine."""

from __future__ import annotations

import datetime
import json
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimledger.conflicts.groups import ConflictGroup, EpisodeSummary


def group_json(group: ConflictGroup) -> dict[str, Any]:
    """A group by positions: claim ids, the shared value and sources of each; reasons only
    between neighbouring positions, so the size follows the claims, not their pairs."""
    r = group.resolution
    episode = group.episode
    return {
        "subject": group.subject,
        "description": group.description,
        "kind": group.kind,
        "severity": group.severity,
        "reason": group.reason,
        "status": group.status,
        "episode": (
            {"start": episode[0].isoformat(), "end": episode[1].isoformat()} if episode else None
        ),
        "scope_differs": group.scope_differs,
        "scopes": list(group.scopes),
        "claims": [c.id for c in group.claims],
        "conflicting": sorted(group.conflicting_ids),
        "positions": [
            {
                "value": p.value,
                "claims": [c.id for c in p.claims],
                "sources": p.sources,
                "outlets": p.backing.outlets if p.backing else p.sources,
                "origins": list(p.backing.origin_names) if p.backing else [],
            }
            for p in group.positions
        ],
        "sections": [
            {
                "start": _iso(s.start),
                "end": _iso(s.end),
                "positions": list(s.positions),
            }
            for s in group.sections
        ],
        "contrasts": [
            {"positions": list(c.positions), "reason": c.reason} for c in group.contrasts
        ],
        "asserted": [{"claims": [p.a.id, p.b.id], "reason": p.reason} for p in group.asserted],
        "resolution": r.id if r else None,
        "verdict": r.verdict if r else None,
        "note": r.note if r else None,
        "stale_reasons": list(group.stale_reasons),
    }


def timeline_json(subject: str, rows: Sequence[EpisodeSummary]) -> dict[str, Any]:
    """A time-varying subject's episodes in date order."""
    return {
        "subject": subject,
        "episodes": [
            {
                "start": _iso(row.start),
                "end": _iso(row.end),
                "label": row.label,
                "status": "disputed" if row.disputed else "agreed",
                "values": [{"value": v, "sources": n} for v, n in row.values],
                "claims": list(row.claims),
                "sources": row.sources,
            }
            for row in rows
        ],
    }


def timelines_of(groups: Sequence[ConflictGroup]) -> list[dict[str, Any]]:
    """One timeline per time-varying subject among the groups, in subject order."""
    seen: dict[str, dict[str, Any]] = {}
    for g in groups:
        if g.timeline and g.subject not in seen:
            seen[g.subject] = timeline_json(g.subject, g.timeline)
    return list(seen.values())


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def summary(statuses: Sequence[str], subjects: int | None = None) -> dict[str, int]:
    """How many subjects and groups (a subject disputed in several episodes has a group
    for each), and how many groups of each status."""
    counts = Counter(statuses)
    return {
        "subjects": len(statuses) if subjects is None else subjects,
        "groups": len(statuses),
        "open": counts["open"],
        "resolved": counts["resolved"],
        "stale": counts["stale"],
        "drift": counts["drift"],
    }


def render_conflict_docs(
    docs: Sequence[dict[str, Any]], timelines: Sequence[dict[str, Any]] = ()
) -> str:
    """The JSON output for groups already turned into documents by `group_json`, with the
    timelines of their time-varying subjects."""
    doc = {
        "groups": list(docs),
        "timelines": list(timelines),
        "summary": summary([d["status"] for d in docs], len({d["subject"] for d in docs})),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
