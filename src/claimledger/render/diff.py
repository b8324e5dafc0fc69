"""A review of a change as JSON and as Markdown for a pull-request comment: pure functions.

The Markdown never exceeds GitHub's comment limit: subject sections that do not fit are left
out and named in a closing note.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from claimledger.checks.changes import CHANGE_ORDER, ConflictChange, FieldChange, RecordChange
from claimledger.checks.review_data import Review, Side
from claimledger.model.records import KINDS
from claimledger.render.conflicts import group_markdown
from claimledger.render.conflicts_json import group_json

GITHUB_LIMIT = 65_536  # characters in a comment or PR body ("Body is too long")
MARKER = "<!-- claims-diff -->"
CHANGE_WORDS = {
    "opened": "opened",
    "widened": "widened",
    "stale": "became stale",
    "still-open": "still open",
    "resolved": "resolved",
    "closed": "closed",
}
SIGNS = {"added": "+", "removed": "−", "changed": "~"}


@dataclass
class SubjectChanges:
    """Everything one subject's section shows ("" collects sources)."""

    subject: str
    records: list[RecordChange] = field(default_factory=list)
    conflict: ConflictChange | None = None


def by_subject(review: Review) -> list[SubjectChanges]:
    """Record and conflict changes grouped by subject; sources last."""
    groups: dict[str, SubjectChanges] = {}
    for ch in review.records:
        groups.setdefault(ch.subject, SubjectChanges(ch.subject)).records.append(ch)
    for cc in review.conflicts:
        groups.setdefault(cc.subject, SubjectChanges(cc.subject)).conflict = cc
    return sorted(groups.values(), key=lambda g: (g.subject == "", g.subject))


def literal(value: Any) -> str:
    """A field value written as in TOML: strings quoted, lists bracketed; absent is ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, str | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def record_counts(records: Sequence[RecordChange]) -> dict[str, dict[str, int]]:
    counts = Counter((r.kind, r.change) for r in records)
    return {
        kind: {c: counts[(kind, c)] for c in ("added", "changed", "removed")}
        for kind in KINDS
        if any(counts[(kind, c)] for c in ("added", "changed", "removed"))
    }


def conflict_counts(conflicts: Sequence[ConflictChange]) -> dict[str, int]:
    counts = Counter(c.change for c in conflicts)
    return {change: counts[change] for change in CHANGE_ORDER}


def record_json(ch: RecordChange) -> dict[str, Any]:
    return {
        "kind": ch.kind,
        "id": ch.id,
        "change": ch.change,
        "subject": ch.subject or None,
        "old_file": ch.old.origin.file if ch.old else None,
        "new_file": ch.new.origin.file if ch.new else None,
        "fields": [
            {
                "field": f.name,
                "old": f.old,
                "new": f.new,
                "old_parsed": f.old_parsed or None,
                "new_parsed": f.new_parsed or None,
            }
            for f in ch.fields
        ],
    }


def conflict_json(cc: ConflictChange) -> dict[str, Any]:
    return {
        "subject": cc.subject,
        "change": cc.change,
        "now_conflicting": list(cc.opened),
        "no_longer_conflicting": list(cc.closed),
        "old": group_json(cc.old) if cc.old else None,
        "new": group_json(cc.new) if cc.new else None,
    }


def render_diff_json(review: Review) -> str:
    doc = {
        "base": {"rev": review.base.label, "commit": review.base.commit},
        "head": {"rev": review.head.label, "commit": review.head.commit},
        "summary": {
            "records": record_counts(review.records),
            "conflicts": conflict_counts(review.conflicts),
        },
        "records": [record_json(r) for r in review.records],
        "conflicts": [conflict_json(c) for c in review.conflicts],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def summary_text(review: Review) -> str:
    """One line: records added/changed/removed by kind, then the effect on conflicts."""
    parts = [
        f"{kind}s: " + ", ".join(f"{n} {c}" for c, n in counts.items() if n)
        for kind, counts in record_counts(review.records).items()
    ]
    counts = conflict_counts(review.conflicts)
    effect = ", ".join(f"{n} {CHANGE_WORDS[c]}" for c, n in counts.items() if n)
    records = "; ".join(parts) if parts else "no record changes"
    return f"{records}. Conflicts: {effect or 'no change'}."


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _cell(value: Any, parsed: str) -> str:
    shown = _md(literal(value))
    return f"{shown} *{_md(parsed)}*" if parsed else shown


def _id_list(ids: Sequence[str]) -> str:
    return ", ".join(f"`{i}`" for i in ids)


def records_markdown(ch: RecordChange) -> str:
    """One record change: a heading line and a field table (old → new when changed)."""
    where = ch.new.origin.file if ch.new else ch.old.origin.file if ch.old else ""
    head = f"**{SIGNS[ch.change]} {ch.kind} `{ch.id}`** {ch.change} · `{where}`"
    if ch.change == "changed" and ch.old and ch.new and ch.old.origin.file != where:
        head += f" (moved from `{ch.old.origin.file}`)"
    if ch.change == "changed":
        rows = ["| field | old | new |", "|---|---|---|"]
        rows += [f"| {f.name} | {_old(f)} | {_new(f)} |" for f in ch.fields]
    else:
        rows = ["| field | value |", "|---|---|"]
        rows += [f"| {f.name} | {_new(f) if ch.new else _old(f)} |" for f in ch.fields]
    return "\n".join([head, "", *rows, ""]) + "\n"


def _old(f: FieldChange) -> str:
    return _cell(f.old, f.old_parsed)


def _new(f: FieldChange) -> str:
    return _cell(f.new, f.new_parsed)


def conflict_markdown(cc: ConflictChange, review: Review) -> str:
    """The conflict effect on one subject, with the group's claims side by side."""
    lines = [f"**Conflict {CHANGE_WORDS[cc.change]}**"]
    if cc.opened:
        lines.append(f"- now in conflict: {_id_list(cc.opened)}")
    if cc.closed:
        lines.append(f"- no longer in conflict: {_id_list(cc.closed)}")
    group, store = (cc.new, review.new) if cc.new else (cc.old, review.old)
    if cc.change == "closed":
        lines += ["", "Before this change:"]
    body = group_markdown(group, store).replace("### ", "#### ", 1) if group else ""
    return "\n".join(lines) + "\n\n" + body


def _record_summary(records: Sequence[RecordChange]) -> str:
    counts = Counter((r.change, r.kind) for r in records)
    return ", ".join(
        f"{SIGNS[change]}{n} {kind}{'s' if n != 1 else ''}"
        for change in ("added", "changed", "removed")
        for kind in KINDS
        if (n := counts[(change, kind)])
    )


def _conflict_summary(cc: ConflictChange | None) -> str:
    if cc is None:
        return ""
    group = cc.new or cc.old
    severity = f" · severity {group.severity}" if group and cc.change != "closed" else ""
    return CHANGE_WORDS[cc.change] + severity


def _title(sc: SubjectChanges) -> str:
    return f"`{sc.subject}`" if sc.subject else "sources"


def section_markdown(sc: SubjectChanges, review: Review) -> str:
    """One subject as a collapsed `<details>` block."""
    what = "; ".join(x for x in (_record_summary(sc.records), _conflict_summary(sc.conflict)) if x)
    name = f"<code>{sc.subject}</code>" if sc.subject else "sources"
    parts = [f"<details><summary>{name} — {what}</summary>\n\n"]
    parts += [records_markdown(r) for r in sc.records]
    if sc.conflict:
        parts.append(conflict_markdown(sc.conflict, review))
    parts.append("</details>\n\n")
    return "".join(parts)


def head_markdown(review: Review, sections: Sequence[SubjectChanges]) -> list[str]:
    """The title, the one-line summary and the table of subjects (one part per row)."""
    b, h = review.base, review.head
    head = [
        f"{MARKER}\n## Claim changes: {_side(b)} → {_side(h)}\n\n",
        f"{summary_text(review)}\n\n",
    ]
    if not sections:
        return head
    head.append("| subject | records | conflict |\n|---|---|---|\n")
    for sc in sections:
        head.append(
            f"| {_title(sc)} | {_record_summary(sc.records)} | {_conflict_summary(sc.conflict)} |\n"
        )
    head.append("\n")
    return head


def _side(side: Side) -> str:
    return f"`{side.label}` ({side.short})" if side.commit else side.label


def _units(text: str) -> int:
    # GitHub counts JavaScript string length: UTF-16 code units.
    return len(text.encode("utf-16-le")) // 2


def render_diff_markdown(review: Review, limit: int = GITHUB_LIMIT) -> str:
    """The pull-request comment: summary table, then a `<details>` section per subject."""
    sections = by_subject(review)
    parts = [(p, "") for p in head_markdown(review, sections)]
    parts += [(section_markdown(sc, review), _title(sc)) for sc in sections]
    out: list[str] = []
    used = 0
    for n, (text, _) in enumerate(parts):
        if used + _units(text) + 600 > limit:  # room for the closing note
            out.append(_cut_note(parts[n:], limit))
            break
        out.append(text)
        used += _units(text)
    return "".join(out)


def _cut_note(left: Sequence[tuple[str, str]], limit: int) -> str:
    names = [name for _, name in left if name]
    shown = ", ".join(names[:10])[:300] + (
        f" and {len(names) - 10} more" if len(names) > 10 else ""
    )
    what = f"{len(names)} subject section(s) left out: {shown}" if names else "rows left out"
    return (
        f"\n**Report cut to stay under {limit:,} characters** — {what}. "
        "Run `claims diff` locally for the full report.\n"
    )
