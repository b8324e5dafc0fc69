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
def impact(record_id: str, fmt: str) -> None:
    """Show what rests on a source or claim: the claims relying on it (directly, through
    `via` and `cites`), positions left without support, resolutions that preferred them,
    and the conflicts the store would show without them. Run it before retracting a source.

    \b
    Example:
      claims impact afad-2023-02-bulletin --format markdown
    """
    from claimledger.checks.impact import impact_of
    from claimledger.render.impact import impact_json, impact_markdown, impact_text

    session = load_session()
    found = impact_of(session.store, record_id, session.context.today)
    if found is None:
        raise ClaimsError(f"no source or claim with id {record_id!r}")
    if fmt == "json":
        sys.stdout.write(json.dumps(impact_json(found), indent=2, ensure_ascii=False) + "\n")
    elif fmt == "markdown":
        sys.stdout.write(impact_markdown(found))
    else:
        sys.stdout.write(impact_text(found))
