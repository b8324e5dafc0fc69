"""The side-by-side conflict view for people (rich): one column per claim, grouped by
position; on a terminal too narrow for the columns, the claims stack."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from claimledger.conflicts.groups import ConflictGroup, EpisodeSummary
from claimledger.render.conflicts import (
    COMPACT,
    ROWS,
    SIDE_BY_SIDE_MAX,
    claim_cells,
    column_title,
    compact_rows,
    ordered_claims,
    position_lines,
    resolve_hint,
)
from claimledger.render.timeline import axis_label, timeline_bars
from claimledger.tomlstore.store import Store

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "blue"}
STATUS_STYLE = {"open": "bold red", "stale": "bold magenta", "resolved": "green", "drift": "blue"}
MIN_COLUMN = 30
LABEL_WIDTH = 12
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]][.!?])\s+(?=[A-Z(\"“])")


def first_sentence(description: str) -> str:
    """The question in one sentence; the full description is in --format json/markdown."""
    return _SENTENCE_END.split(description.strip(), maxsplit=1)[0]


def header(group: ConflictGroup) -> Text:
    text = Text.assemble(
        (group.subject, "bold cyan"),
        " — ",
        first_sentence(group.description),
        "\n",
        (group.status, STATUS_STYLE.get(group.status, "")),
        " · ",
        group.kind,
        " · severity ",
        (group.severity, SEVERITY_STYLE.get(group.severity, "")),
    )
    if group.episode:
        text.append(f" · as of {group.episode_label}", style="bold")
    if group.scope_differs:
        text.append(" · scope differs", style="bold yellow")
    text.append("\n")
    text.append(group.reason, style="italic")
    if group.resolution:
        r = group.resolution
        text.append(f"\nresolution {r.id}: {r.verdict} — {r.note}", style="green")
    for why in group.stale_reasons:
        text.append(f"\nstale: {why}", style="magenta")
    return text


def side_by_side(group: ConflictGroup, store: Store) -> Table:
    ordered = ordered_claims(group)
    table = Table(show_header=True, show_lines=True, expand=False, padding=(0, 1))
    table.add_column("", style="bold", no_wrap=True, width=LABEL_WIDTH - 1)
    for _, claim in ordered:
        table.add_column(
            column_title(group, claim, "\n"),
            overflow="fold",
            ratio=1,
            min_width=MIN_COLUMN - 4,
        )
    cells = [claim_cells(c, store) for _, c in ordered]
    for row in ROWS:
        if any(c[row] for c in cells):
            table.add_row(row, *(c[row] for c in cells))
    return table


def stacked(group: ConflictGroup, store: Store) -> Group:
    panels = []
    for _, claim in ordered_claims(group):
        cells = claim_cells(claim, store)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for row in ROWS:
            if cells[row]:
                grid.add_row(row, cells[row])
        panels.append(Panel(grid, title=column_title(group, claim, ": "), title_align="left"))
    return Group(*panels)


def compact(group: ConflictGroup, store: Store) -> RenderableType:
    """Positions, then one row per claim: for groups too large to show side by side."""
    table = Table(show_header=True, expand=False, padding=(0, 1), show_edge=False)
    for name in COMPACT:
        wraps = name == "value"  # ids and dates never wrap; a long source id is cut
        table.add_column(
            "#" if name == "position" else name,
            overflow="fold" if wraps else "ellipsis",
            no_wrap=not wraps,
            min_width=12 if wraps else None,
        )
    for row in compact_rows(group, store):
        table.add_row(*(row[k] for k in COMPACT))
    return Group(Text("\n".join(position_lines(group))), table)


def timeline_view(rows: Sequence[EpisodeSummary], width: int) -> RenderableType:
    """One row per episode: when, the value (or positions) drawn to scale, sources."""
    table = Table(show_header=True, expand=False, padding=(0, 1), show_edge=False)
    table.add_column("as of", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("value", overflow="fold")
    table.add_column("sources", justify="right", no_wrap=True)
    bar_width = max(10, min(40, width - 60))
    table.caption = axis_label(rows, bar_width) and f"axis: {axis_label(rows, bar_width)}"
    for row, bars in zip(rows, timeline_bars(rows, bar_width), strict=True):
        style = "bold red" if row.disputed else "green"
        values = " vs ".join(v for v, _ in row.values)
        counts = " / ".join(str(n) for _, n in row.values)
        table.add_row(row.label, Text(bars, style=style), values, counts)
    return table


def group_view(group: ConflictGroup, store: Store, width: int) -> RenderableType:
    if group.status == "drift":
        return Group(header(group), timeline_view(group.timeline, width), Text(""))
    columns = len(ordered_claims(group))
    if columns > SIDE_BY_SIDE_MAX:
        body = compact(group, store)
    elif width >= LABEL_WIDTH + columns * MIN_COLUMN:
        body = side_by_side(group, store)
    else:
        body = stacked(group, store)
    parts = [header(group), body]
    if hint := resolve_hint(group):
        parts.append(Text(f"to record a judgment: {hint}", style="dim"))
    return Group(*parts, Text(""))


def print_conflicts(
    console: Console, groups: list[ConflictGroup], store: Store, summary: str
) -> None:
    for n, group in enumerate(groups):
        console.print(group_view(group, store, console.width))
        last_of_subject = n + 1 == len(groups) or groups[n + 1].subject != group.subject
        if last_of_subject and group.status != "drift" and len(group.timeline) > 1:
            console.print(Text(f"timeline of {group.subject}", style="bold"))
            console.print(timeline_view(group.timeline, console.width), Text(""))
    console.print(summary)


def print_timeline(
    console: Console, subject: str, description: str, rows: Sequence[EpisodeSummary]
) -> None:
    """`claims timeline`: the subject, then one row per episode, then the axis."""
    disputed = sum(r.disputed for r in rows)
    console.print(
        Text.assemble(
            (subject, "bold cyan"),
            " — ",
            first_sentence(description),
            f"\n{len(rows)} episode{'s' if len(rows) != 1 else ''}, {disputed} disputed",
        )
    )
    console.print(timeline_view(rows, console.width))
