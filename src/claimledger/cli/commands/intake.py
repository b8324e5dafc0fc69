"""`claims import`, `archive`, `extract`, `accept`, `reject`: getting material in."""

from __future__ import annotations

from pathlib import Path

import click

from claimledger.cli.options import load_session, store_options


@click.command("import")
@store_options
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "tsv", "jsonl", "stix", "claimreview"]),
    help="Default: by extension (stix and claimreview only when named).",
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
    """Import claims from a spreadsheet export (CSV, TSV or JSON Lines with a header row),
    a STIX 2.1 bundle or ClaimReview markup.

    Columns map to fields by name, case-insensitively, with common synonyms ("statement" ->
    quote, "figure" -> value, "outlet" -> publisher, "link" -> url, "date published" ->
    published) or by --map. Sources that do not exist yet are created from the source
    columns. All or nothing: every bad row is reported as FILE:ROW:COL (the line and the
    cell's column; JSON Lines: the key's character column) and nothing is written.
    Duplicates of stored claims (same subject, source, value and quote) are skipped.

    --format stix reads back what `claims export --format stix` wrote, every record as it
    was; other producers' notes and opinions become draft claims. --format claimreview
    reads schema.org ClaimReview JSON-LD, a saved fact-check page (HTML) or a Fact Check
    Tools API response. Records already in the store (by id) are skipped.

    \b
    Example:
      claims import factcheck.csv --map 'Claim wording=quote' --dry-run
      claims import bundle.json --format stix
    """
    if fmt in ("stix", "claimreview"):
        if maps:
            raise click.UsageError(f"--map applies to tables, not --format {fmt}")
        _import_records(file, fmt, dry_run)
        return
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


def _import_records(file: Path, fmt: str, dry_run: bool) -> None:
    """Records from another tool's format, placed as `claims add` would place them."""
    from claimledger.disk.adding import append_all
    from claimledger.disk.files import display_path
    from claimledger.errors import ClaimsError
    from claimledger.ingest.placement import place_records
    from claimledger.tomlstore.writer import render_record

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ClaimsError(f"{file}: {exc.strerror or exc}") from None
    session = load_session()
    if fmt == "stix":
        from claimledger.ingest.stix import bundle_records, read_bundle

        records = bundle_records(read_bundle(data, str(file)))
    else:
        from claimledger.ingest.claimreview import claimreview_records

        records = claimreview_records(data, str(file))
    placed = place_records(session.root, session.store, records)
    if placed.skipped:
        kinds = ", ".join(f"{n} {kind}(s)" for kind, n in placed.skipped.items())
        click.echo(f"{file}: skipped {kinds} already in the store (same id)", err=True)
    counts = (
        ", ".join(
            f"{placed.count(kind)} {kind}(s)"
            for kind in ("source", "subject", "claim", "resolution", "review")
            if placed.count(kind)
        )
        or "nothing new"
    )
    if dry_run:
        for path, tables in sorted(placed.appends.items()):
            click.echo(f"# would append to {display_path(path)}")
            click.echo("\n".join(render_record(kind, table) for kind, table in tables))
        click.echo(f"would import {counts}; nothing written")
        return
    append_all(placed.appends)
    where = ", ".join(display_path(p) for p in sorted(placed.appends)) or "nothing to write"
    click.echo(f"imported {counts}: {where}")


@click.command()
@store_options
@click.argument("target", metavar="PATH|URL")
@click.option("--id", "source_id", help="The source's id (default: from publisher, date, title).")
@click.option(
    "--max-size",
    type=click.IntRange(1),
    default=50,
    show_default=True,
    metavar="MIB",
    help="Refuse downloads larger than this.",
)
@click.option("--timeout", type=click.FloatRange(0.1), default=20.0, show_default=True)
def archive(target: str, source_id: str | None, max_size: int, timeout: float) -> None:
    """Archive a web page (saved HTML or a URL), a PDF with a text layer, or a plain-text file.

    The main text (navigation, cookie banners, related stories and comments removed) is
    written to the store's archive folder (the first of `archive_folders`, else archives/),
    and a drafted [[source]] records it: title, publisher, author, published, language and
    url from the page, with `archive`, `archive_sha256` and `accessed`. Archiving the same
    source again keeps both versions and says what changed.

    \b
    Example:
      claims archive https://example.org/news/city-grows --id planet-2025-03-city
      claims archive report.pdf
    """
    from claimledger.disk.files import display_path
    from claimledger.errors import ClaimsError
    from claimledger.ingest.archiving import archive_document, archive_folder
    from claimledger.ingest.documents import read_document
    from claimledger.tomlstore.parse import ID_RE

    if source_id is not None and not ID_RE.match(source_id):
        raise ClaimsError(f"--id {source_id!r}: ids are lowercase [a-z0-9][a-z0-9._-]*")
    session = load_session()
    if target.lower().startswith(("http://", "https://")):
        from claimledger.ingest.fetching import fetch

        fetched = fetch(target, timeout=timeout, max_bytes=max_size << 20)
        doc = read_document(fetched.data, target, fetched.url, fetched.content_type)
    else:
        path = Path(target)
        if not path.is_file():
            raise ClaimsError(f"{target}: no such file (or a folder); give a file or a URL")
        if path.stat().st_size > max_size << 20:
            raise ClaimsError(f"{target}: larger than {max_size} MiB; not archived")
        doc = read_document(path.read_bytes(), target)
    configured = session.settings.archive_folders if session.settings else ()
    folder = archive_folder(session.root, tuple(configured))
    done = archive_document(
        session.root,
        session.store,
        doc,
        folder,
        session.today,
        source_id,
        session.context.read_archive,
    )
    where = display_path(done.source_file)
    if done.new_source:
        click.echo(
            f"archived {done.archive} ({doc.kind}); drafted source {done.source_id} in {where}"
        )
        for name in done.missing:
            click.echo(f"  the {name} was not found: correct it in {where}")
        click.echo(f"next: claims extract {done.source_id}")
    elif done.change.startswith("unchanged"):
        click.echo(f"{done.source_id}: the text is {done.change}; nothing written")
    else:
        click.echo(f"{done.source_id}: the text {done.change}")
        click.echo(f"  kept both versions; the source now points to {done.archive}")


@click.command()
@store_options
@click.argument("source_id", metavar="SOURCE_ID")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "toml"]),
    default="text",
    show_default=True,
)
@click.option("--write", is_flag=True, help="Append the candidates as draft claims.")
def extract(source_id: str, fmt: str, write: bool) -> None:
    """Draft candidate claims from a source's archived text.

    A candidate is a sentence stating a figure or a date, with its quote, locator, value,
    unit, a subject suggestion (an alias in the sentence, else the closest subject, else a
    proposed new/... id), as_of and claimant. --write appends them to the source's file as
    status = "draft" claims: they are checked but take no part in conflicts until
    `claims accept`; `claims reject` removes them. Sentences already quoted by the source's
    claims are left out.

    \b
    Example:
      claims extract alhurra-2026-02-iran-last-card --format json
      claims extract alhurra-2026-02-iran-last-card --write && claims list --status draft
    """
    import json

    from claimledger.disk.files import display_path
    from claimledger.errors import ClaimsError
    from claimledger.ingest.drafts import draft_tables, new_candidates, write_drafts
    from claimledger.ingest.extracting import extract_candidates
    from claimledger.tomlstore.writer import render_record

    session = load_session()
    store = session.store
    source = store.sources.get(source_id)
    if source is None:
        raise ClaimsError(f"unknown source {source_id!r}")
    text = session.context.read_archive(source.archive) if source.archive else None
    if text is None:
        raise ClaimsError(
            f"source {source_id!r} has no archived text"
            + (f" ({source.archive} not found)" if source.archive else "")
            + f"; run `claims archive PATH|URL --id {source_id}` first"
        )
    languages = (source.language,) if source.language else ()
    found = extract_candidates(text, source, list(store.subjects.values()), languages)
    candidates = new_candidates(store, source_id, found)
    if write:
        if not candidates:
            click.echo(f"no new candidates in {source_id}: all {len(found)} are claims already")
            return
        tables = draft_tables(store, source_id, candidates)
        path = write_drafts(session.root, store, tables)
        click.echo(f"wrote {len(tables)} draft claim(s) to {display_path(path)}")
        click.echo("review them (claims list --status draft), then claims accept ID... or reject")
        return
    if fmt == "json":
        click.echo(json.dumps([c.as_json() for c in candidates], ensure_ascii=False, indent=2))
    elif fmt == "toml":
        tables = draft_tables(store, source_id, candidates)
        click.echo("\n".join(render_record("claim", t) for t in tables), nl=False)
    else:
        for c in candidates:
            unit = f" {c.unit}" if c.unit else ""
            click.echo(f"{c.locator}: {c.value}{unit} -> {c.subject} (as of {c.as_of})")
            click.echo(f"  {c.quote}")
            if c.claimant:
                click.echo(f"  claimant: {c.claimant}")
        click.echo(f"{len(candidates)} candidate(s) from {source_id}")


@click.command()
@store_options
@click.argument("claim_ids", nargs=-1, required=True, metavar="ID...")
@click.option("--confidence", help="For drafts without one: low | moderate | high or 0-100.")
def accept(claim_ids: tuple[str, ...], confidence: str | None) -> None:
    """Accept draft claims: they become active and take part in conflicts.

    A draft whose subject does not exist yet is refused (add the subject first), as is one
    without a confidence when --confidence is not given; then nothing is accepted.

    \b
    Example:
      claims accept alhurra-2026-02-iran-last-card-count --confidence moderate
    """
    from claimledger.errors import ClaimsError
    from claimledger.ingest.drafts import accept_drafts

    level: str | int | None = confidence
    if confidence is not None:
        level = int(confidence) if confidence.isdigit() else confidence.strip().lower()
        if level not in ("low", "moderate", "high") and not (
            isinstance(level, int) and 0 <= level <= 100
        ):
            raise ClaimsError(f"--confidence {confidence!r}: use low, moderate, high or 0-100")
    session = load_session()
    done = accept_drafts(session.root, session.store, claim_ids, level)
    click.echo(f"accepted {len(done)} claim(s): {', '.join(c.id for c in done)}")


@click.command()
@store_options
@click.argument("claim_ids", nargs=-1, required=True, metavar="ID...")
def reject(claim_ids: tuple[str, ...]) -> None:
    """Reject draft claims: they are removed from their files (active claims are refused).

    \b
    Example:
      claims reject alhurra-2026-02-iran-last-card-count-2
    """
    from claimledger.ingest.drafts import reject_drafts

    session = load_session()
    done = reject_drafts(session.root, session.store, claim_ids)
    click.echo(f"rejected {len(done)} draft(s): {', '.join(c.id for c in done)}")
