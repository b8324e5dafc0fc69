"""A review of a change for people (rich): per subject, the records added, removed and changed
field by field, then what the change does to the subject's conflict group."""

from __future__ import annotations

from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from claimledger.checks.changes import ConflictChange, FieldChange, RecordChange
from claimledger.checks.review_data import Review
from claimledger.render.conflicts_rich import group_view
from claimledger.render.diff import CHANGE_WORDS, SIGNS, by_subject, literal, summary_text

RECORD_STYLE = {"added": "green", "removed": "red", "changed": "yellow"}
CHANGE_STYLE = {
    "opened": "bold red",
    "widened": "bold red",
    "stale": "bold magenta",
    "still-open": "yellow",
    "resolved": "green",
    "closed": "green",
}


def _value(value: object, parsed: str) -> Text:
    text = Text(literal(value))
    if parsed:
        text.append(f"  {parsed}", style="dim")
    return text


def field_line(change: str, f: FieldChange) -> Text:
    line = Text(f"    {f.name}: ", style="bold")
    if change == "changed":
        line.append_text(_value(f.old, f.old_parsed) if f.old is not None else Text("(absent)"))
        line.append(" → ", style="bold")
        line.append_text(_value(f.new, f.new_parsed) if f.new is not None else Text("(absent)"))
    elif change == "added":
        line.append_text(_value(f.new, f.new_parsed))
    else:
        line.append_text(_value(f.old, f.old_parsed))
    return line


def record_lines(ch: RecordChange) -> list[Text]:
    record = ch.new or ch.old
    where = record.origin.file if record else ""
    head = Text.assemble(
        (f"{SIGNS[ch.change]} {ch.kind} {ch.id}", RECORD_STYLE[ch.change]),
        f"  {ch.change} · {where}",
    )
    if ch.change == "changed" and ch.old and ch.old.origin.file != where:
        head.append(f" (moved from {ch.old.origin.file})", style="dim")
    return [head, *(field_line(ch.change, f) for f in ch.fields)]


def conflict_lines(cc: ConflictChange) -> list[Text]:
    lines = [Text(f"conflict {CHANGE_WORDS[cc.change]}", style=CHANGE_STYLE[cc.change])]
    for word, ids in (("now in conflict", cc.opened), ("no longer in conflict", cc.closed)):
        if ids:
            lines.append(Text(f"    {word}: {', '.join(ids)}"))
    return lines


def print_review(console: Console, review: Review) -> None:
    b, h = review.base, review.head
    console.print(Text(f"{b.title} → {h.title}", style="bold"))
    for sc in by_subject(review):
        console.print(Rule(sc.subject or "sources", align="left", style="cyan"))
        for ch in sc.records:
            for line in record_lines(ch):
                console.print(line)
        cc = sc.conflict
        if cc is None:
            continue
        for line in conflict_lines(cc):
            console.print(line)
        group, store = (cc.new, review.new) if cc.new else (cc.old, review.old)
        if group and cc.change != "closed":
            console.print(group_view(group, store, console.width))
    console.print(summary_text(review))
