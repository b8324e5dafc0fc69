"""`claims export`: the fact base in the formats other people's tools read."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

import click

from claimledger.cli.options import load_session, store_options
from claimledger.disk.session import Session


def _claimreview(session: Session, subject_glob: str) -> str:
    from claimledger.errors import ClaimsError
    from claimledger.render.claimreview import Reviewer, judged_claims, render_claimreviews

    settings = session.settings
    missing = [
        key
        for key in ("reviewer", "reviewer_url", "review_url")
        if not (settings and getattr(settings, key))
    ]
    if missing:
        raise ClaimsError(
            f"claimreview needs {', '.join(missing)} in the store's .claims.toml "
            f"({session.root}), e.g.\n"
            '  reviewer = "Fact Desk"\n'
            '  reviewer_url = "https://factdesk.example"\n'
            '  review_url = "https://factdesk.example/checks/{claim}"'
        )
    assert settings and settings.reviewer and settings.reviewer_url and settings.review_url
    reviewer = Reviewer(settings.reviewer, settings.reviewer_url, settings.review_url)
    found = judged_claims(session.store, subject_glob)
    if not found:
        # An empty array alone reads like a failure; say why on stderr, keep stdout valid.
        click.echo(
            "No judged claims: a ClaimReview comes from a resolution whose verdict is prefer "
            "or source-error (claims resolve).",
            err=True,
        )
    reviews = render_claimreviews(session.store, found, reviewer, session.today)
    return json.dumps(reviews, indent=2, ensure_ascii=False) + "\n"


def _stix(session: Session, subject_glob: str) -> str:
    # stix2 (274 ms to import) is loaded by this format only: render/stix.py imports it.
    from claimledger.render.stix import render_stix_bundle

    return render_stix_bundle(session.store, subject_glob, session.today) + "\n"


def _jsonl(session: Session, subject_glob: str) -> None:
    """Claims as JSON Lines, read and written file by file (constant memory: `cli/streamed.py`)."""
    from claimledger.checks.query import ClaimFilter
    from claimledger.cli.streamed import claims_jsonl

    claims_jsonl(session, ClaimFilter(subject=None if subject_glob == "*" else subject_glob))


def _written(render: Callable[[Session, str], str]) -> Callable[[Session, str], None]:
    return lambda session, subject_glob: sys.stdout.write(render(session, subject_glob))


# --format name -> the function writing the document (a new format is one more entry)
EXPORTERS: dict[str, Callable[[Session, str], None]] = {
    "claimreview": _written(_claimreview),
    "jsonl": _jsonl,
    "stix": _written(_stix),
}


@click.command()
@store_options
@click.argument("subject_glob", required=False, default="*")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(EXPORTERS)),
    required=True,
    help="claimreview: schema.org JSON-LD, one ClaimReview per judged claim; "
    "jsonl: one claim a line, as `list --format jsonl` (streamed); "
    "stix: a STIX 2.1 bundle of every record (of SUBJECT_GLOB).",
)
def export(subject_glob: str, fmt: str) -> None:
    """Write the fact base for other tools, on stdout.

    claimreview: one schema.org ClaimReview per claim a resolution upholds or rejects
    (verdicts prefer and source-error), for a fact-check site's pages; needs reviewer,
    reviewer_url and review_url in the store's .claims.toml. stix: a STIX 2.1 bundle
    (identities, notes, opinions, groupings, relationships) for a CTI platform, every
    field kept in the claimledger extension so `claims import --format stix` reads it back.
    jsonl: one claim a line, written as the store is read (for DuckDB and the like).
    SUBJECT_GLOB keeps the claims of matching subjects (default: all).

    \b
    Example:
      claims export --format claimreview 'iraq/*' > reviews.jsonld
      claims export --format stix > bundle.json
      claims export --format jsonl > claims.jsonl
    """
    session = load_session()
    EXPORTERS[fmt](session, subject_glob)
