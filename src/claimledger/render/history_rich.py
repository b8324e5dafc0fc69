"""The history of one record for people (rich): one block per commit."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from claimledger.checks.review_data import HistoryEntry, split_key
from claimledger.render.diff_rich import RECORD_STYLE, field_line

MOVE_STYLE = "cyan"


def entry_lines(entry: HistoryEntry) -> list[Text]:
    c = entry.commit
    lines = [
        Text.assemble((c.short, "yellow"), f" {c.date} ", (c.author, "bold"), f"  {c.subject}")
    ]
    old = entry.old.origin.file if entry.old else ""
    new = entry.new.origin.file if entry.new else ""
    if entry.change == "moved":
        lines.append(Text(f"    moved {old} → {new}", style=MOVE_STYLE))
        return lines
    where = {"added": f"in {new}", "removed": f"from {old}", "changed": f"in {new}"}
    label = f"    {entry.change} {where[entry.change]}"
    if entry.change == "changed" and old != new:
        label += f" (moved from {old})"
    lines.append(Text(label, style=RECORD_STYLE[entry.change]))
    if entry.change != "removed":
        lines += [field_line(entry.change, f) for f in entry.fields]
    return lines


def print_history(console: Console, key: str, entries: list[HistoryEntry]) -> None:
    kinds = sorted({e.kind for e in entries})
    console.print(Text(f"{'/'.join(kinds)} {split_key(key)[1]}", style="bold"))
    for entry in entries:
        for line in entry_lines(entry):
            console.print(line)
