"""`claims resolve`: record a judgment on a conflict."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from claimledger.cli.options import load_session, store_options
from claimledger.model.records import VERDICTS

if TYPE_CHECKING:
    from claimledger.disk.session import Session

# `resolution_problems` kinds as `resolve` words them for its options.
REFUSALS = {
    "too-few-claims": "name at least two claims whose disagreement you judge",
    "no-preferred": "--verdict prefer needs --prefer ID",
    "preferred-without-prefer": "--prefer only goes with --verdict prefer (not {verdict})",
    "preferred-outside": "--prefer {preferred!r} is not among the claims given",
    "placeholder-note": "--note {note!r} says nothing yet: write why, for the next reviewer",
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

    Run again on the same claims, it re-affirms the judgment: the resolution is rewritten
    in place with the new verdict, note, date and fingerprints. Claims that are not in
    conflict together are refused.

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
    problems = resolution_problems(claim_ids, verdict, preferred, store.claims, note)
    unknown = [p.claim for p in problems if p.kind == "unknown-claim"]
    if unknown:
        raise ClaimsError(f"unknown claim id(s): {', '.join(unknown)}")
    kinds = {p.kind for p in problems}
    for kind, message in REFUSALS.items():  # the first that applies, in this order
        if kind in kinds:
            raise ClaimsError(message.format(preferred=preferred, verdict=verdict, note=note))
    _refuse_unless_in_conflict(session, claim_ids)
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
    same = [r for r in store.resolutions.values() if set(r.claims) == set(claim_ids)]
    if same:  # the same claims judged again: re-affirm in place, never a second record
        from claimledger.disk.adding import record_path, replace_record

        old = same[0]
        path = record_path(session.root, store, old.origin.file)
        replace_record(path, "resolution", old.id, {"id": old.id, **table})
        click.echo(f"re-affirmed resolution {old.id} in {display_path(path)}")
        return
    given = resolution_id is not None
    if given and not ID_RE.match(str(resolution_id)):
        raise ClaimsError(f"--id {resolution_id!r}: ids are lowercase [a-z0-9][a-z0-9._-]*")
    table = {"id": resolution_id, **table} if given else table
    path = conventional_path(session.root, store, "resolution", table)
    written = append_record(path, "resolution", table, set(store.resolutions), given)
    click.echo(f"added resolution {written} to {display_path(path)}")


def _refuse_unless_in_conflict(session: Session, claim_ids: tuple[str, ...]) -> None:
    """A judgment needs a disagreement: in one conflict group, each claim named conflicts
    with another claim named."""
    from claimledger.conflicts.groups import find_conflicts
    from claimledger.conflicts.relations import conflicts_of
    from claimledger.errors import ClaimsError

    store = session.store
    subjects = {store.claims[c].subject for c in claim_ids}
    for c in claim_ids:
        subjects |= {
            store.claims[o].subject for o in store.claims[c].contradicts if o in store.claims
        }
    wanted = set(claim_ids)
    groups = find_conflicts(store, session.context.today, subjects)
    for g in groups:
        if wanted <= g.conflicting_ids and all(
            conflicts_of(g, store.claims[c]) & wanted for c in wanted
        ):
            return
    where = " ".join(sorted(subjects))
    raise ClaimsError(
        f"{', '.join(claim_ids)} are not in conflict together: nothing to resolve "
        f"(`claims conflicts {where}` shows the conflicts and their claims)"
    )
