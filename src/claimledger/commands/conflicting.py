"""`claims conflicts` (the side-by-side view) and `claims resolve` (record a judgment)."""

from __future__ import annotations

import sys

import click

from ..model import VERDICTS
from .common import console, load_session, store_options

SEVERITIES = ["info", "warning", "error"]


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
    from fnmatch import fnmatchcase

    from ..conflict_report import render_conflicts_json, render_conflicts_markdown, summary_text
    from ..conflicts import find_conflicts

    session = load_session()
    rank = SEVERITIES.index(min_severity)
    if fmt == "json":  # from the cache when still valid, without loading the store
        from ..results import conflicts_report

        sys.stdout.write(conflicts_report(session, show_all, rank, subject_glob))
        return
    groups = find_conflicts(session.store, session.context.today)
    groups = [
        g
        for g in groups
        if SEVERITIES.index(g.severity) >= rank
        and (not subject_glob or fnmatchcase(g.subject, subject_glob) or g.subject == subject_glob)
    ]
    hidden = 0 if show_all else sum(g.status == "resolved" for g in groups)
    groups = [g for g in groups if show_all or g.status != "resolved"]
    if fmt == "json":
        sys.stdout.write(render_conflicts_json(groups))
    elif fmt == "markdown":
        sys.stdout.write(render_conflicts_markdown(groups, session.store))
    else:
        from ..conflict_view import print_conflicts

        print_conflicts(console(), groups, session.store, summary_text(groups, hidden))


@click.command()
@store_options
@click.argument("claim_ids", nargs=-1, required=True)
@click.option("--verdict", type=click.Choice(VERDICTS), required=True)
@click.option("--prefer", "preferred", metavar="ID", help="The claim preferred (verdict prefer).")
@click.option("--note", required=True, help="Why: the reasoning a later reviewer needs.")
@click.option("--by", help="Who judged (default: $CLAIMS_USER or $USER).")
@click.option("--revisit", metavar="DATE", help="Look again after this date.")
@click.option("--id", "resolution_id", help="Resolution id (default: generated).")
def resolve(
    claim_ids: tuple[str, ...],
    verdict: str,
    preferred: str | None,
    note: str,
    by: str | None,
    revisit: str | None,
    resolution_id: str | None,
) -> None:
    """Record a judgment on conflicting claims, with fingerprints that make it stale when a
    claim changes. Written to resolutions/<first subject segment>.toml.

    \b
    Example:
      claims resolve claim-a claim-b --verdict scope-mismatch \\
          --note "one counts all militias, the other PMF factions"
    """
    import os

    from ..adding import append_record, conventional_path
    from ..parse import ID_RE
    from ..resolutions import resolution_table
    from ..store import StoreError, display_path
    from .common import parse_date_option

    session = load_session()
    store = session.store
    unknown = [c for c in claim_ids if c not in store.claims]
    if unknown:
        raise StoreError(f"unknown claim id(s): {', '.join(unknown)}")
    if len(set(claim_ids)) < 2:
        raise StoreError("name at least two claims whose disagreement you judge")
    if verdict == "prefer" and not preferred:
        raise StoreError("--verdict prefer needs --prefer ID")
    if preferred and preferred not in claim_ids:
        raise StoreError(f"--prefer {preferred!r} is not among the claims given")
    if revisit:
        parse_date_option(revisit, "--revisit", end=True)
    table = resolution_table(
        store,
        list(claim_ids),
        verdict,
        note,
        preferred=preferred,
        by=by or os.environ.get("CLAIMS_USER") or os.environ.get("USER"),
        on=session.context.today,
        revisit=revisit,
    )
    given = resolution_id is not None
    if given and not ID_RE.match(str(resolution_id)):
        raise StoreError(f"--id {resolution_id!r}: ids are lowercase [a-z0-9][a-z0-9._-]*")
    table = {"id": resolution_id, **table} if given else table
    path = conventional_path(session.root, store, "resolution", table)
    written = append_record(path, "resolution", table, set(store.resolutions), given)
    click.echo(f"added resolution {written} to {display_path(path)}")
