"""What rests on a source or claim (`claims impact`) as JSON, plain text and Markdown."""

from __future__ import annotations

from typing import Any

from claimledger.checks.impact import Impact


def impact_json(impact: Impact) -> dict[str, Any]:
    return {
        "target": impact.target,
        "claims": list(impact.claims),
        "orphaned_positions": list(impact.orphaned),
        "resolutions": list(impact.resolutions),
        "drafts": list(impact.drafts) if impact.drafts is not None else None,
        "conflicts": [
            {"subject": c.subject, "episode": c.episode, "before": c.before, "after": c.after}
            for c in impact.conflicts
        ],
    }


def _sections(impact: Impact) -> list[tuple[str, list[str]]]:
    n = len(impact.claims)
    drafts = [] if impact.drafts is None else [("drafts quoting them", list(impact.drafts))]
    return [
        (f"{n} claim{'s' if n != 1 else ''} rest on it", list(impact.claims)),
        ("positions left without support", list(impact.orphaned)),
        ("resolutions that preferred them", list(impact.resolutions)),
        (
            "conflicts without them",
            [
                f"{c.subject}{f' ({c.episode})' if c.episode else ''}: {c.before}"
                f" -> {c.after or 'no conflict'}"
                for c in impact.conflicts
            ],
        ),
        *drafts,
    ]


def impact_text(impact: Impact) -> str:
    """Plain lines: one heading per part, its items indented; empty parts say "none"."""
    lines = [f"impact of {impact.target}"]
    for title, items in _sections(impact):
        lines.append(f"{title}:")
        lines += [f"  {item}" for item in items] or ["  none"]
    return "\n".join(lines) + "\n"


def impact_markdown(impact: Impact) -> str:
    """A PR comment: the same parts as Markdown lists."""
    lines = [f"### Impact of `{impact.target}`", ""]
    for title, items in _sections(impact):
        lines.append(f"**{title}**")
        lines += [f"- `{item}`" if " " not in item else f"- {item}" for item in items] or ["- none"]
        lines.append("")
    return "\n".join(lines)
