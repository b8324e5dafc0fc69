"""`claims conflicts`: the side-by-side view of where sources disagree."""

from __future__ import annotations

import sys

import click

from claimledger.cli.options import console, load_session, store_options
from claimledger.model.diagnostics import SEVERITIES


@click.command()
@store_options
@click.argument("subject_glob", required=False)
@click.option("--all", "show_all", is_flag=True, help="Include resolved groups.")
@click.option("--min-severity", type=click.Choice(SEVERITIES), default="info", show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
def conflicts(subject_glob: str | None, show_all: bool, min_severity: str, fmt: str) -> None:
    """Show where sources disagree, claims side by side, one group per subject.

    A viewer: exits 0 whatever it finds (`claims check` is the gate).

    \b
    Example:
      claims conflicts 'iraq/*' --format markdown
    """
    from claimledger.cli.results import conflicts_report, shown_group

    session = load_session()
    if fmt == "json":  # from the cache when still valid, without loading (or importing) more
        sys.stdout.write(conflicts_report(session, show_all, min_severity, subject_glob))
        return
    from claimledger.conflicts.groups import find_conflicts
    from claimledger.render.conflicts import render_conflicts_markdown, summary_text

    groups = [
        g
        for g in find_conflicts(session.store, session.context.today)
        if shown_group(g.subject, g.severity, min_severity, subject_glob)
    ]
    hidden = 0 if show_all else sum(g.status == "resolved" for g in groups)
    groups = [g for g in groups if show_all or g.status != "resolved"]
    if fmt == "markdown":
        sys.stdout.write(render_conflicts_markdown(groups, session.store))
    else:
        from claimledger.render.conflicts_rich import print_conflicts

        print_conflicts(console(), groups, session.store, summary_text(groups, hidden))


@click.command()
@store_options
@click.argument("subject")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def timeline(subject: str, fmt: str) -> None:
    """Show how a time-varying subject's value moved: one row per episode.

    An episode is a run of claims whose `as_of` times connect. Each row gives the value
    the sources agree on, drawn to scale, or the positions they dispute, and how many
    independent sources stand behind each.

    \b
    Example:
      claims timeline quake/deaths
    """
    import json

    from claimledger.conflicts.groups import subject_timeline
    from claimledger.render.conflicts_json import timeline_json

    session = load_session()
    found = session.store.subjects.get(subject)
    if found is None:
        known = sorted(session.store.subjects)
        raise click.UsageError(f"unknown subject {subject!r}{_did_you_mean(subject, known)}")
    if not found.time_varying:
        raise click.UsageError(
            f"subject {subject!r} is not time-varying: its claims are compared whatever their "
            f"dates (`claims conflicts {subject}` shows them); set time_varying = true if its "
            "value changes over time"
        )
    rows = subject_timeline(session.store, found)
    if fmt == "json":
        sys.stdout.write(json.dumps(timeline_json(subject, rows), ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
        return
    from claimledger.render.conflicts_rich import print_timeline

    print_timeline(console(), subject, found.description, rows)


def _did_you_mean(word: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, known, n=3, cutoff=0.6)
    return f"; did you mean {', '.join(close)}?" if close else ""
