"""`claims import`, `archive`, `extract`, `accept`, `reject`: getting material in."""

from __future__ import annotations

from pathlib import Path

import click

from claimledger.cli.options import load_session, store_options


@click.command("import")
@store_options
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "tsv", "jsonl"]), help="Default: by extension."
)
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Map a column to a field (repeatable); COLUMN=- leaves a column out.",
)
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
def import_table(file: Path, fmt: str | None, maps: tuple[str, ...], dry_run: bool) -> None:
    """Import claims from a spreadsheet export (CSV, TSV or JSON Lines with a header row).

    Columns map to fields by name, case-insensitively, with common synonyms ("statement" ->
    quote, "figure" -> value, "outlet" -> publisher, "link" -> url, "date published" ->
    published) or by --map. Sources that do not exist yet are created from the source
    columns. All or nothing: every bad row is reported as FILE:ROW:COL (the line and the
    cell's column; JSON Lines: the key's character column) and nothing is written.
    Duplicates of stored claims (same subject, source, value and quote) are skipped.

    \b
    Example:
      claims import factcheck.csv --map 'Claim wording=quote' --dry-run
    """
    from claimledger.disk.adding import append_all
    from claimledger.disk.files import display_path
    from claimledger.errors import ClaimsError
    from claimledger.ingest.columns import parse_maps
    from claimledger.ingest.importing import plan_import
    from claimledger.ingest.table_rows import format_of, read_table
    from claimledger.tomlstore.writer import render_record

    try:
        data = file.read_bytes()
        mapping = parse_maps(maps)
    except ValueError as exc:
        raise ClaimsError(str(exc)) from None
    session = load_session()
    table = read_table(data, format_of(file.name, fmt))
    plan = plan_import(session.root, session.store, session.context, table, mapping)
    if plan.problems:
        lines = [f"{file}:{p.line}:{p.column}: {p.message}" for p in plan.problems]
        rows = len({p.line for p in plan.problems})
        lines.append(f"nothing written: {len(plan.problems)} problem(s) in {rows} row(s) of {file}")
        raise ClaimsError("\n".join(lines))
    for p in plan.skipped:
        click.echo(f"{file}:{p.line}: skipped: {p.message}", err=True)
    claims, sources = plan.count("claim"), plan.count("source")
    if dry_run:
        for path, records in sorted(plan.appends.items()):
            click.echo(f"# would append to {display_path(path)}")
            click.echo("\n".join(render_record(kind, table) for kind, table in records))
        click.echo(f"would import {claims} claim(s) and {sources} new source(s); nothing written")
        return
    append_all(plan.appends)
    where = ", ".join(display_path(p) for p in sorted(plan.appends)) or "nothing to write"
    click.echo(f"imported {claims} claim(s) and {sources} new source(s): {where}")
