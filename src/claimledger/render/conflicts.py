"""Conflict groups as JSON and Markdown: pure functions, no rich."""

from __future__ import annotations

from collections.abc import Sequence

from claimledger.conflicts.groups import ConflictGroup, EpisodeSummary
from claimledger.conflicts.provenance import chain_label
from claimledger.model.claim_value import TextValue, asserted_on, claim_value, describe, holds_as_of
from claimledger.model.records import Claim
from claimledger.model.values import plain
from claimledger.render.conflicts_json import summary
from claimledger.tomlstore.store import Store


def summary_text(groups: Sequence[ConflictGroup], hidden: int = 0) -> str:
    """One line of counts; `hidden` resolved groups are counted and said to be hidden. A
    subject disputed in several episodes counts once as a subject, once per conflict."""
    s = summary([g.status for g in groups])
    conflicted = s["open"] + s["resolved"] + s["stale"] + hidden
    subjects = len({g.subject for g in groups if g.status != "drift"})
    resolved = f"{s['resolved'] + hidden} resolved" + (
        " (hidden; --all shows them)" if hidden else ""
    )
    if conflicted > subjects + hidden:
        head = f"{conflicted} conflicts on {subjects} subject{'s' if subjects != 1 else ''}"
    else:
        head = f"{conflicted} subject{'s' if conflicted != 1 else ''} in conflict"
    text = f"{head}: {s['open']} open, {resolved}, {s['stale']} stale"
    return text + (f"; {s['drift']} drifting over time" if s["drift"] else "")


def resolve_hint(group: ConflictGroup) -> str:
    """The command that records a judgment on an open or stale group ("" otherwise)."""
    if group.status not in ("open", "stale"):
        return ""
    ids = " ".join(sorted(group.conflicting_ids))
    return f"claims resolve {ids} --verdict VERDICT --note TEXT"


def claim_cells(claim: Claim, store: Store) -> dict[str, str]:
    """The side-by-side rows of one claim, as plain strings."""
    subject = store.subjects.get(claim.subject)
    source = store.sources.get(claim.source)
    value = claim_value(claim, subject, source, store.default_language)
    # The parsed form tells something only for figures and dates: "[63, 70)", "2014-06";
    # a converted figure shows both: "29,000 ft = [8,839.2 m]" (describe).
    parsed = "" if isinstance(value, TextValue | bool) else describe(value)

    def s(v: object) -> str:
        v = plain(v)
        return "" if v is None else str(v)

    return {
        "claim": claim.id,
        "value": s(claim.value),
        "parsed": parsed,
        "unit": s(claim.unit or (subject.unit if subject else None)),
        "scope": s(claim.scope),
        "source": f"{source.publisher}: {source.title}" if source else claim.source,
        "origin": chain_label(store, claim),
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
    "origin",
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


def position_label(group: ConflictGroup, claim: Claim) -> str:
    """ "position 2 · 3 sources", or "positions 1, 2" for a claim compatible with several;
    "" in a drift group, where values change over time and no one takes sides."""
    if group.status == "drift":
        return ""
    numbers = [n for n, pos in enumerate(group.positions, 1) if claim in pos.claims]
    if len(numbers) > 1:
        return "positions " + ", ".join(map(str, numbers))
    n = numbers[0] if numbers else 0
    if numbers and (backing := group.positions[n - 1].backing) is not None:
        return f"position {n} · {backing.label()}"
    count = group.positions[n - 1].sources if numbers else 0
    return f"position {n} · {count} source{'s' if count != 1 else ''}"


def column_title(group: ConflictGroup, claim: Claim, sep: str, shown_id: str = "") -> str:
    """The position label and the claim id, joined by `sep` (the id alone in drift)."""
    label = position_label(group, claim)
    return f"{label}{sep}{shown_id or claim.id}" if label else shown_id or claim.id


SIDE_BY_SIDE_MAX = 4  # more claims than this are listed one row each, quotes left to `show`
COMPACT = ("position", "claim", "value", "source", "as of", "confidence")


def compact_rows(group: ConflictGroup, store: Store) -> list[dict[str, str]]:
    """One row per claim, by position, for groups too large to show side by side."""
    where: dict[str, list[str]] = {}
    for i, pos in enumerate(group.positions, 1):
        for c in pos.claims:
            where.setdefault(c.id, []).append(str(i))
    rows = []
    for n, claim in ordered_claims(group):
        cells = claim_cells(claim, store)
        numbers = where.get(claim.id, [])
        rows.append(
            {
                "position": ", ".join(numbers) if numbers else str(n),
                "claim": claim.id,
                "value": cells["value"],
                "source": claim.source,
                "as of": cells["as of"],
                "confidence": cells["confidence"],
            }
        )
    return rows


def position_lines(group: ConflictGroup) -> list[str]:
    """One line per position: its shared value, claims and sources, and how many of its
    claims are also compatible with another position (counted in each, said once)."""
    shared = {}
    for n, pos in enumerate(group.positions, 1):
        for c in pos.claims:
            shared.setdefault(c.id, []).append(n)
    lines = []
    for n, pos in enumerate(group.positions, 1):
        k, s = len(pos.claims), pos.sources
        line = f"position {n}: {pos.value} · {k} claim{'s' if k != 1 else ''}, "
        line += pos.backing.label() if pos.backing else f"{s} source{'s' if s != 1 else ''}"
        also = sorted({m for c in pos.claims for m in shared[c.id] if m != n})
        if also:
            both = sum(1 for c in pos.claims if len(shared[c.id]) > 1)
            line += (
                f" ({both} also compatible with position{'s' if len(also) > 1 else ''} "
                + ", ".join(map(str, also))
                + ")"
            )
        lines.append(line)
    return lines


def timeline_lines(rows: Sequence[EpisodeSummary]) -> list[str]:
    """A timeline as plain lines: when, agreed value or disputed positions, sources."""
    out = []
    for row in rows:
        values = " vs ".join(f"{v} ({n} source{'s' if n != 1 else ''})" for v, n in row.values)
        state = "disputed" if row.disputed else "agreed"
        out.append(f"{row.label}: {state}: {values}")
    return out


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def group_markdown(group: ConflictGroup, store: Store) -> str:
    lines = [f"### `{group.subject}` — {_md(group.description)}", ""]
    flags = [f"**{group.status}**", f"{group.kind}", f"severity {group.severity}"]
    if group.episode:
        flags.append(f"as of {group.episode_label}")
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
    if group.status == "drift":
        lines += [f"- {_md(line)}" for line in timeline_lines(group.timeline)]
        return "\n".join(lines) + "\n"
    ordered = ordered_claims(group)
    if len(ordered) > SIDE_BY_SIDE_MAX:
        lines += [f"- {_md(line)}" for line in position_lines(group)] + [""]
        rows = compact_rows(group, store)
        lines.append("| " + " | ".join(COMPACT) + " |")
        lines.append("|" + "---|" * len(COMPACT))
        lines += ["| " + " | ".join(_md(r[k]) for k in COMPACT) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    cells = [claim_cells(c, store) for _, c in ordered]
    head = [column_title(group, c, ": ", f"`{c.id}`") for _, c in ordered]
    lines.append("| | " + " | ".join(head) + " |")
    lines.append("|---|" + "---|" * len(head))
    for row in ROWS:
        if any(c[row] for c in cells):
            lines.append(f"| {row} | " + " | ".join(_md(c[row]) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def render_conflicts_markdown(groups: Sequence[ConflictGroup], store: Store) -> str:
    parts = ["## Conflicts", "", summary_text(groups), ""]
    for n, g in enumerate(groups):
        parts.append(group_markdown(g, store))
        last_of_subject = n + 1 == len(groups) or groups[n + 1].subject != g.subject
        if last_of_subject and g.status != "drift" and len(g.timeline) > 1:
            lines = [f"Timeline of `{g.subject}`:", ""]
            lines += [f"- {_md(line)}" for line in timeline_lines(g.timeline)]
            parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)
