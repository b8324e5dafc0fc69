"""`claims impact`: what rests on a source or claim."""

from __future__ import annotations

import json
import sys

import click

from claimledger.cli.options import load_session, store_options
from claimledger.errors import ClaimsError


@click.command()
@store_options
@click.argument("record_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@click.option(
    "--draft",
    "drafts",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A prose draft (Markdown, text) to search for the quotes of the claims. Repeatable.",
)
def impact(record_id: str, fmt: str, drafts: tuple[str, ...]) -> None:
    """Show what rests on a source or claim: the claims relying on it (directly, through
    `via` and `cites`), positions left without support, resolutions that preferred them,
    and the conflicts the store would show without them. Run it before retracting a source.

    \b
    Example:
      claims impact afad-2023-02-bulletin --format markdown
      claims impact afad-2023-02-bulletin --draft drafts/quake.md
    """
    from pathlib import Path

    from claimledger.checks.impact import impact_of
    from claimledger.render.impact import impact_json, impact_markdown, impact_text

    session = load_session()
    texts = {d: Path(d).read_text(encoding="utf-8", errors="replace") for d in drafts}
    found = impact_of(session.store, record_id, session.context.today, texts if drafts else None)
    if found is None:
        raise ClaimsError(f"no source or claim with id {record_id!r}")
    if fmt == "json":
        sys.stdout.write(json.dumps(impact_json(found), indent=2, ensure_ascii=False) + "\n")
    elif fmt == "markdown":
        sys.stdout.write(impact_markdown(found))
    else:
        sys.stdout.write(impact_text(found))
