"""Commands over records: init, add, list, show, sources, subjects."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import click

from claimledger.cli.options import console, load_session, parse_date_option, store_options
from claimledger.model.records import FIELDS, STATUSES, FieldSpec

FORMAT_TABLE = click.Choice(["table", "json", "jsonl", "csv"])


@click.command()
@click.argument("directory", default="claims", type=click.Path(file_okay=False))
def init(directory: str) -> None:
    """Create a new store with one example source, subject and claim.

    \b
    Example:
      claims init            # creates ./claims
      claims init research/claims
    """
    from claimledger.cli.examples import EXAMPLE_FILES
    from claimledger.disk.atomic import atomic_write
    from claimledger.errors import ClaimsError

    root = Path(directory)
    if root.exists() and any(root.iterdir()):
        raise ClaimsError(f"{directory} exists and is not empty; choose a new folder")
    for rel, text in EXAMPLE_FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text)
    click.echo(f"created store {root.as_posix()} with {len(EXAMPLE_FILES)} files")
    click.echo("next: claims add source --help; claims list; claims check")


def _field_option(kind: str, spec: FieldSpec) -> Any:
    flag = "--" + spec.name.replace("_", "-")
    help_text = spec.doc + (" (required)" if spec.required else "")
    if spec.name == "id" and kind != "subject":
        help_text = spec.doc + " (generated from the other fields when left out)"
    if spec.type == "str-list":
        singular = flag[:-1] if flag.endswith("s") and spec.name != "aliases" else flag
        if spec.name == "aliases":
            singular = "--alias"
        if spec.name == "unit_aliases":
            singular = "--unit-alias"
        return click.option(singular, spec.name, multiple=True, help=help_text + " Repeatable.")
    if spec.type == "bool":
        return click.option(f"{flag}/--no-{flag[2:]}", spec.name, default=None, help=help_text)
    if spec.type == "number":
        return click.option(flag, spec.name, type=float, help=help_text)
    if spec.choices:
        return click.option(flag, spec.name, type=click.Choice(spec.choices), help=help_text)
    return click.option(flag, spec.name, help=help_text)


def _table_from_options(kind: str, options: dict[str, Any]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for spec in FIELDS[kind]:
        value = options.get(spec.name)
        if value is None or value == ():
            continue
        if spec.type == "str-list":
            value = list(value)
        if spec.type == "confidence" and isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        table[spec.name] = value
    return table


def _missing(kind: str, table: dict[str, Any]) -> list[FieldSpec]:
    """The required fields not given, in record order (a claim's value among them when
    neither value nor min/max is given; ids are generated, except a subject's)."""
    return [
        s
        for s in FIELDS[kind]
        if s.name not in table
        and (
            (s.required and (s.name != "id" or kind == "subject"))
            or (kind == "claim" and s.name == "value" and not {"min", "max"} & set(table))
        )
    ]


def _prompt_missing(kind: str, table: dict[str, Any], check: Any) -> None:
    """Ask for each missing field in record order; `check(table, name)` gives the problems of
    one answer, which is asked again until it has none."""
    missing = _missing(kind, table)
    if not missing:
        return
    if not sys.stdin.isatty():
        from claimledger.errors import ClaimsError

        names = ", ".join("--" + s.name.replace("_", "-") for s in missing)
        raise ClaimsError(f"missing required option(s) for {kind}: {names}")
    for spec in missing:

        def accept(raw: str, spec: FieldSpec = spec) -> Any:
            value = _table_from_options(kind, {spec.name: raw}).get(spec.name, raw)
            problems = check({**table, spec.name: value}, spec.name)
            if problems:
                raise click.BadParameter("; ".join(problems))
            return value

        table[spec.name] = click.prompt(f"{spec.name} ({spec.doc})", value_proc=accept)


def _make_add_command(kind: str) -> click.Command:
    def run(**options: Any) -> None:
        import dataclasses

        from claimledger.checks.validation import check_share, run_checks
        from claimledger.disk.adding import append_record, conventional_path, generate_id
        from claimledger.disk.files import display_path
        from claimledger.errors import ClaimsError
        from claimledger.tomlstore.parse import parse_file
        from claimledger.tomlstore.store import build_store
        from claimledger.tomlstore.writer import render_record

        session = load_session()
        table = _table_from_options(kind, options)
        index = session.store.index(kind)

        def answer_problems(partial: dict[str, Any], name: str) -> list[str]:
            """The errors of one prompted answer: those at its own line of the record."""
            if name == "id" and partial["id"] in index:
                return [f"a {kind} with id {partial['id']!r} already exists"]
            draft = {"id": "new-record", **partial}  # the id, when not given, comes last
            probe = parse_file("<new record>", render_record(kind, draft))
            if not probe.records:
                return [d.message for d in probe.diagnostics]
            line = probe.records[0].origin.at(name)[0]
            trial = build_store({**session.store.files, "<new record>": probe})
            own = dataclasses.replace(session.context, files=frozenset({"<new record>"}))
            return [
                d.message.replace(f"{kind} 'new-record' ", "") + (f" ({d.hint})" if d.hint else "")
                for d in [*probe.diagnostics, *check_share(trial, own, store_wide=False)]
                if d.line == line and d.severity.value == "error"
            ]

        _prompt_missing(kind, table, answer_problems)
        id_given = "id" in table
        if not id_given:
            table = {"id": generate_id(kind, table, set(index)), **table}
        elif table["id"] in index:
            raise ClaimsError(
                f"a {kind} with id {table['id']!r} already exists; choose another --id"
            )
        probe = parse_file("<new record>", render_record(kind, table))
        trial = build_store({**session.store.files, "<new record>": probe})
        errors = [
            d
            for d in run_checks(trial, session.context)
            if d.file == "<new record>" and d.severity.value == "error"
        ]
        if errors:
            lines = "\n".join(f"  {d.message}" + (f" ({d.hint})" if d.hint else "") for d in errors)
            raise ClaimsError(f"not written; the new {kind} has problems:\n{lines}")
        path = conventional_path(session.root, session.store, kind, table)
        written = append_record(path, kind, table, set(index), id_given)
        click.echo(f"added {kind} {written} to {display_path(path)}")

    examples = {
        "claim": "claims add claim --subject iraq/militias/count --source my-source \\\n"
        "    --value 'about 40' --quote 'About 40 militias ...' --confidence moderate",
        "source": "claims add source --title 'Militias in Iraq' --publisher Alhurra "
        "--published 2025-11 --reliability C",
        "subject": "claims add subject --id iraq/militias/count --kind quantity --unit groups \\\n"
        "    --description 'How many Iran-backed militias operate in Iraq?'",
        "review": "claims add review --claim alhurra-militia-count --reviewer 'Fact Desk' \\\n"
        "    --rating False --url https://factdesk.example/checks/militias --date 2026-03-02",
    }
    command: click.Command = click.command(
        name=kind,
        help=f"Add a {kind}; validated first, written canonically into its conventional file.\n\n"
        f"\b\nExample:\n  {examples[kind]}",
    )(run)
    for spec in FIELDS[kind]:  # appended to a Command in this order: record order in --help
        command = _field_option(kind, spec)(command)
    return store_options(command)  # type: ignore[no-any-return]


@click.group()
def add() -> None:
    """Add a claim, source, subject or review (prompts for missing required fields on a
    terminal).

    \b
    Example:
      claims add source --title 'Iran Plays Its Last Card' --publisher Alhurra --published 2025-11
    """


for _kind in ("claim", "source", "subject", "review"):
    add.add_command(_make_add_command(_kind))


@click.command("list")
@store_options
@click.option("--subject", help="Subject id or glob, e.g. 'iraq/*'.")
@click.option("--source", help="Source id or glob, e.g. 'reuters*'.")
@click.option("--tag", help="Only claims with this tag.")
@click.option("--since", help="Claims asserted on or after this date (any form).")
@click.option("--until", help="Claims asserted on or before this date.")
@click.option("--min-confidence", help="low | moderate | high or 0-100.")
@click.option("--text", help="Words that must all appear in value, quote or notes.")
@click.option("--conflicting", is_flag=True, help="Only claims in open conflicts.")
@click.option(
    "--status",
    type=click.Choice(STATUSES),
    help="Only claims of this status (draft: proposed by `claims extract`).",
)
@click.option("--format", "fmt", type=FORMAT_TABLE, default="table", show_default=True)
def list_claims(
    subject: str | None,
    source: str | None,
    tag: str | None,
    since: str | None,
    until: str | None,
    min_confidence: str | None,
    text: str | None,
    conflicting: bool,
    status: str | None,
    fmt: str,
) -> None:
    """List claims, filtered.

    --format jsonl writes one claim a line (the fields of json) in file order, reading the
    store file by file: memory stays flat however large the store.

    \b
    Example:
      claims list --subject 'iraq/*' --min-confidence moderate --format json
      claims list --format jsonl > claims.jsonl   # for DuckDB: docs/querying.md
    """
    from claimledger.errors import ClaimsError

    threshold = None
    if min_confidence is not None:
        from claimledger.checks.query import parse_confidence_threshold

        threshold = parse_confidence_threshold(min_confidence)
        if threshold is None:
            raise ClaimsError(
                f"--min-confidence {min_confidence!r}: use low, moderate, high or 0-100"
            )
    session = load_session()
    plain = (source, tag, since, until, min_confidence, text, status) == (None,) * 7
    if plain and not conflicting and _answered_from_cache(session, subject, fmt):
        return
    # Only here, past the cached answers above, are the records and value parsers needed.
    from claimledger.checks.query import ClaimFilter, select
    from claimledger.render.records import claim_json

    only = None
    if conflicting:
        from claimledger.conflicts.relations import conflicting_claim_ids

        only = frozenset(conflicting_claim_ids(session.store, session.context.today))
    flt = ClaimFilter(
        subject,
        source,
        tag,
        parse_date_option(since, "--since", end=False),
        parse_date_option(until, "--until", end=True),
        threshold,
        text,
        only,
        status,
    )
    if fmt == "jsonl":  # file by file, never the whole store (unless --conflicting)
        from claimledger.cli.streamed import claims_jsonl

        claims_jsonl(session, flt)
        return
    claims = select(session.store, flt)
    if not claims:
        _say_unmatched(session, subject, source)
    lang = session.settings.language if session.settings else None  # sources without one
    if fmt == "json":
        from claimledger.cli.streamed import claims_json

        claims_json(claims, session.store, lang)  # row by row, as one json.dumps would
    elif fmt == "csv":
        click.echo(_csv([claim_json(c, session.store, lang) for c in claims]), nl=False)
    else:
        from claimledger.render.records_rich import claims_table

        out = console()
        out.print(claims_table(claims, session.store, out.width, lang))
        console().print(f"{len(claims)} claim{'s' if len(claims) != 1 else ''}")


def _answered_from_cache(session: Any, subject: str | None, fmt: str) -> bool:
    """`list` with at most `--subject`, in json or csv, answered from the cached rows by
    subject (computed and cached first when need be); False where the cache cannot serve."""
    if subject and fmt in ("json", "csv"):
        from claimledger.cli.results import claims_of_subjects

        rows = claims_of_subjects(session, subject)  # from the cache when still valid
        text_out = _csv(rows) if fmt == "csv" else json.dumps(rows, ensure_ascii=False, indent=2)
        click.echo(text_out, nl=fmt != "csv")
        if not rows:
            _say_unmatched(session, subject, None)
        return True
    if not subject and fmt == "json":
        from claimledger.cli.results import all_claim_rows

        every = all_claim_rows(session)  # shard by shard, one shard's rows held at a time
        if every is not None:
            from claimledger.cli.streamed import write_json_rows

            write_json_rows(every)
            return True
    return False


def _say_unmatched(session: Any, subject: str | None, source: str | None) -> None:
    """On stderr: the id filters that match nothing, and what they probably meant."""
    from claimledger.checks.query import ClaimFilter, unmatched

    for sentence in unmatched(session.store, ClaimFilter(subject=subject, source=source)):
        click.echo(f"claims: {sentence}", err=True)


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    fields = [
        "id",
        "subject",
        "value",
        "parsed",
        "unit",
        "scope",
        "source",
        "date",
        "as_of",
        "confidence",
        "confidence_score",
        "quote",
        "locator",
        "tags",
        "status",
        "file",
        "line",
        # Added later, so at the end: the dates as ISO spans, the quote in the original.
        "date_start",
        "date_end",
        "as_of_start",
        "as_of_end",
        "quote_original",
    ]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        flat = {k: v for k, v in row.items() if k in fields}
        flat["parsed"] = row["parsed"].get("text", row["parsed"].get("normalised", ""))
        for key in ("date", "as_of"):  # dates as ISO spans beside the text as written
            span = row.get(f"{key}_span") or {}
            flat[f"{key}_start"], flat[f"{key}_end"] = span.get("start"), span.get("end")
        flat["tags"] = ";".join(row["tags"])
        flat["value"] = (
            row["value"] if not isinstance(row["value"], dict) else json.dumps(row["value"])
        )
        writer.writerow(flat)
    return out.getvalue()


@click.command()
@store_options
@click.argument("claim_id")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def show(claim_id: str, fmt: str) -> None:
    """Show one claim with its source, subject, parsed value, and the claims it agrees and
    conflicts with.

    \b
    Example:
      claims show alhurra-irgc-commanders-killed
    """
    from claimledger.conflicts.relations import relations_of
    from claimledger.errors import ClaimsError
    from claimledger.render.records import claim_json
    from claimledger.render.records_rich import claim_panel, relations_table

    session = load_session()
    claim = session.store.claims.get(claim_id)
    if claim is None:
        import difflib

        close = difflib.get_close_matches(claim_id, list(session.store.claims), n=3)
        raise ClaimsError(
            f"no claim {claim_id!r}" + (f"; did you mean {', '.join(close)}?" if close else "")
        )
    from claimledger.conflicts.provenance import chain_of, corroboration, origin_name

    relations = relations_of(session.store, claim, session.context.today)
    lang = session.settings.language if session.settings else None  # sources without one
    backing = corroboration(session.store, [claim, *relations.agrees])
    from claimledger.checks.reviews import reputable, reviews_of

    reviews = reviews_of(session.store).get(claim.id, [])
    if fmt == "json":
        doc = claim_json(claim, session.store, lang)
        doc["agrees_with"] = [c.id for c in relations.agrees]
        doc["conflicts_with"] = [c.id for c in relations.conflicts]
        doc["chain"] = list(chain_of(session.store, claim).sources)
        doc["origin"] = origin_name(session.store, claim)
        doc["corroboration"] = {"outlets": backing.outlets, "origins": backing.origins}
        from claimledger.render.records import review_json

        doc["reviews"] = [review_json(r, reputable(session.store, r)) for r in reviews]
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    out = console()
    out.print(claim_panel(claim, session.store, lang))
    for title, claims in (
        ("conflicts with", relations.conflicts),
        (f"agrees with — together {backing.label()}", relations.agrees),
    ):
        if claims:
            out.print(relations_table(title, claims, session.store, lang))
    if reviews:
        from claimledger.render.records_rich import reviews_table

        out.print(reviews_table(reviews, session.store))


@click.command()
@store_options
@click.option("--format", "fmt", type=FORMAT_TABLE, default="table", show_default=True)
@click.option(
    "--track-record",
    is_flag=True,
    help="Per source: disputes won and lost, claims corroborated and contradicted by"
    " independent origins, and the rating that record suggests beside the one given.",
)
@click.option(
    "--by-origin",
    is_flag=True,
    help="With --track-record: one row per origin (AFAD, however many outlets relay it).",
)
def sources(fmt: str, track_record: bool, by_origin: bool) -> None:
    """List sources with their claim counts.

    \b
    Example:
      claims sources --format json
      claims sources --track-record --by-origin
    """
    from claimledger.render.records import source_json
    from claimledger.render.records_rich import sources_table

    session = load_session()
    if track_record:
        _track_record(session, fmt, by_origin)
        return
    if fmt == "jsonl":
        from claimledger.cli.streamed import records_jsonl

        records_jsonl(session, "source")
        return
    counts = Counter(c.source for c in session.store.claims.values())
    if fmt == "table":
        console().print(sources_table(session.store, counts))
        return
    rows = [
        source_json(s, counts.get(s.id, 0))
        for s in sorted(session.store.sources.values(), key=lambda s: s.id)
    ]
    _emit_rows(rows, fmt)


@click.command()
@store_options
@click.option("--format", "fmt", type=FORMAT_TABLE, default="table", show_default=True)
def subjects(fmt: str) -> None:
    """List subjects with their claim counts.

    \b
    Example:
      claims subjects
    """
    from claimledger.render.records import subject_json
    from claimledger.render.records_rich import subjects_table

    session = load_session()
    if fmt == "jsonl":
        from claimledger.cli.streamed import records_jsonl

        records_jsonl(session, "subject")
        return
    counts = Counter(c.subject for c in session.store.claims.values())
    if fmt == "table":
        console().print(subjects_table(session.store, counts))
        return
    rows = [
        subject_json(s, counts.get(s.id, 0))
        for s in sorted(session.store.subjects.values(), key=lambda s: s.id)
    ]
    _emit_rows(rows, fmt)


def _track_record(session: Any, fmt: str, by_origin: bool) -> None:
    from claimledger.checks.provenance import store_agreements
    from claimledger.checks.track_record import track_records
    from claimledger.conflicts.groups import find_conflicts
    from claimledger.render.records_rich import track_record_table

    store = session.store
    groups = find_conflicts(store, session.context.today)
    records = track_records(store, groups, store_agreements(store, groups), by_origin)
    if fmt == "table":
        console().print(track_record_table(records, "origin" if by_origin else "source"))
        return
    rows = [
        {
            "origin" if by_origin else "source": r.source,
            "given": r.given,
            "suggested": r.suggested,
            "won": r.won,
            "lost": r.lost,
            "corroborated": r.corroborated,
            "contradicted": r.contradicted,
        }
        for r in records
    ]
    _emit_rows(rows, fmt)


def _emit_rows(rows: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt == "jsonl":  # `sources --track-record`: the rows are few, and made already
        from claimledger.render.records_jsonl import jsonl_lines

        click.echo("".join(jsonl_lines(rows)), nl=False)
        return
    fields: list[str] = []
    for row in rows:
        fields.extend(k for k in row if k not in fields)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ";".join(v) if isinstance(v, list) else v for k, v in row.items()})
    click.echo(out.getvalue(), nl=False)
