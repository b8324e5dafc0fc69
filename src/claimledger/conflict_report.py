"""Conflict groups as JSON and Markdown: pure functions, no rich."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from .conflicts import ConflictGroup
from .evaluate import asserted_on, claim_value, describe, holds_as_of
from .export import plain
from .model import Claim
from .store import Store


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


def summary(groups: Sequence[ConflictGroup]) -> dict[str, int]:
    counts = Counter(g.status for g in groups)
    return {
        "subjects": len(groups),
        "open": counts["open"],
        "resolved": counts["resolved"],
        "stale": counts["stale"],
        "drift": counts["drift"],
    }


def summary_text(groups: Sequence[ConflictGroup]) -> str:
    s = summary(groups)
    conflicted = s["open"] + s["resolved"] + s["stale"]
    text = (
        f"{conflicted} subject{'s' if conflicted != 1 else ''} in conflict: "
        f"{s['open']} open, {s['resolved']} resolved, {s['stale']} stale"
    )
    return text + (f"; {s['drift']} drifting over time" if s["drift"] else "")


def render_conflicts_json(groups: Sequence[ConflictGroup]) -> str:
    doc = {"groups": [group_json(g) for g in groups], "summary": summary(groups)}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def claim_cells(claim: Claim, store: Store) -> dict[str, str]:
    """The side-by-side rows of one claim, as plain strings."""
    subject = store.subjects.get(claim.subject)
    source = store.sources.get(claim.source)

    def s(v: object) -> str:
        v = plain(v)
        return "" if v is None else str(v)

    return {
        "claim": claim.id,
        "value": s(claim.value),
        "parsed": describe(claim_value(claim, subject)),
        "unit": s(claim.unit or (subject.unit if subject else None)),
        "scope": s(claim.scope),
        "source": f"{source.publisher}: {source.title}" if source else claim.source,
        "reliability": s(source.reliability if source else None),
        "date": s(asserted_on(claim, source)),
        "as of": s(holds_as_of(claim, source)),
        "confidence": s(claim.confidence),
        "quote": f"“{claim.quote}”",
        "locator": s(claim.locator),
    }


ROWS = (
    "value",
    "parsed",
    "unit",
    "scope",
    "source",
    "reliability",
    "date",
    "as of",
    "confidence",
    "quote",
    "locator",
)


def ordered_claims(group: ConflictGroup) -> list[tuple[int, Claim]]:
    """Claims by position (a claim in several positions is shown under its first)."""
    seen: set[str] = set()
    out = []
    for n, pos in enumerate(group.positions, 1):
        for c in pos.claims:
            if c.id not in seen:
                seen.add(c.id)
                out.append((n, c))
    return out


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def group_markdown(group: ConflictGroup, store: Store) -> str:
    lines = [f"### `{group.subject}` — {_md(group.description)}", ""]
    flags = [f"**{group.status}**", f"{group.kind}", f"severity {group.severity}"]
    if group.scope_differs:
        flags.append("scope differs")
    lines += [" · ".join(flags), "", f"{_md(group.reason)}", ""]
    if group.resolution:
        r = group.resolution
        lines += [f"Resolution `{r.id}`: {r.verdict} — {_md(r.note)}", ""]
    for why in group.stale_reasons:
        lines.append(f"- stale: {_md(why)}")
    if group.stale_reasons:
        lines.append("")
    ordered = ordered_claims(group)
    cells = [claim_cells(c, store) for _, c in ordered]
    head = [
        f"position {n} ({group.positions[n - 1].sources} source"
        f"{'s' if group.positions[n - 1].sources != 1 else ''}): `{c.id}`"
        for n, c in ordered
    ]
    lines.append("| | " + " | ".join(head) + " |")
    lines.append("|---|" + "---|" * len(head))
    for row in ROWS:
        lines.append(f"| {row} | " + " | ".join(_md(c[row]) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def render_conflicts_markdown(groups: Sequence[ConflictGroup], store: Store) -> str:
    parts = ["## Conflicts", "", summary_text(groups), ""]
    parts += [group_markdown(g, store) for g in groups]
    return "\n".join(parts)
