"""`claims resolve`: record a judgment on a conflict."""

from __future__ import annotations

import click

from claimledger.cli.options import load_session, store_options
from claimledger.model.records import VERDICTS

# `resolution_problems` kinds as `resolve` words them for its options.
REFUSALS = {
    "too-few-claims": "name at least two claims whose disagreement you judge",
    "no-preferred": "--verdict prefer needs --prefer ID",
    "preferred-outside": "--prefer {preferred!r} is not among the claims given",
}


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

    from claimledger.cli.options import parse_date_option
    from claimledger.conflicts.resolutions import resolution_problems, resolution_table
    from claimledger.disk.adding import append_record, conventional_path
    from claimledger.disk.files import display_path
    from claimledger.errors import ClaimsError
    from claimledger.tomlstore.parse import ID_RE

    session = load_session()
    store = session.store
    problems = resolution_problems(claim_ids, verdict, preferred, store.claims)
    unknown = [p.claim for p in problems if p.kind == "unknown-claim"]
    if unknown:
        raise ClaimsError(f"unknown claim id(s): {', '.join(unknown)}")
    kinds = {p.kind for p in problems}
    for kind, message in REFUSALS.items():  # the first that applies, in this order
        if kind in kinds:
            raise ClaimsError(message.format(preferred=preferred))
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
        raise ClaimsError(f"--id {resolution_id!r}: ids are lowercase [a-z0-9][a-z0-9._-]*")
    table = {"id": resolution_id, **table} if given else table
    path = conventional_path(session.root, store, "resolution", table)
    written = append_record(path, "resolution", table, set(store.resolutions), given)
    click.echo(f"added resolution {written} to {display_path(path)}")
