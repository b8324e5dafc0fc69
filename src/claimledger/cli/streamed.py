"""Machine output of `list`, `sources` and `subjects` written as it is produced: a JSON array
piece by piece, and JSON Lines read from the store file by file (`disk/streaming.py`), so
neither the rows nor the whole document are ever held at once."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

import click

from claimledger.checks.query import ClaimFilter, matches, unmatched
from claimledger.cli.unread import UNREAD_KEY, unread_line
from claimledger.disk.session import Session
from claimledger.disk.streaming import References, claims_by_file, read_references
from claimledger.model.records import Claim
from claimledger.render.records import source_json, subject_json
from claimledger.render.records_jsonl import (
    claim_rows,
    json_array_chunks,
    jsonl_lines,
    write_claims_jsonl,
)
from claimledger.tomlstore.store import Store


def write_all(chunks: Iterable[str]) -> None:
    """Each piece to stdout as it comes (a closed pipe ends the command in `cli/main.py`)."""
    write = sys.stdout.write
    for chunk in chunks:
        write(chunk)


def claims_json(claims: Iterable[Claim], store: Store, language: str | None) -> None:
    """`list --format json`: the same text as one `json.dumps(..., indent=2)` of every row."""
    write_json_rows(claim_rows(claims, store, language))


def write_json_rows(rows: Iterable[Any]) -> None:
    """Rows as one indented JSON array and a newline, written row by row."""
    write_all(json_array_chunks(rows))
    write_all("\n")


def claims_jsonl(session: Session, flt: ClaimFilter) -> None:
    """`list --format jsonl`: one claim a line, in file order (files by path, claims as
    written), filtered; read file by file unless the store is loaded already (`--conflicting`
    loads it) or holds what only a whole read handles (symlinks, unreadable folders)."""
    language = session.settings.language if session.settings else None
    found = references(session)
    claims: Iterable[Claim]
    if found is None:
        refs = session.store
        claims = refs.claims.values()  # in file order, as loaded
    else:
        assert session.snapshot is not None
        refs, claims = found.refs, claims_by_file(session.snapshot, found)
    chosen = (c for c in claims if matches(c, refs, flt))
    if not write_claims_jsonl(chosen, refs, language, sys.stdout.write):
        _say_unmatched(refs, flt)


def records_jsonl(session: Session, kind: str) -> None:
    """`sources`/`subjects --format jsonl`: one record a line with its claim count, by id."""
    found = references(session)
    if found is None:
        store = session.store
        counts: dict[str, int] = {}
        for claim in store.claims.values():
            key = claim.source if kind == "source" else claim.subject
            counts[key] = counts.get(key, 0) + 1
    else:
        store = found.refs
        counts = found.per_source if kind == "source" else found.per_subject
    if kind == "source":
        rows: Iterable[Any] = (
            source_json(s, counts.get(s.id, 0)) for _, s in sorted(store.sources.items())
        )
    else:
        rows = (subject_json(s, counts.get(s.id, 0)) for _, s in sorted(store.subjects.items()))
    write_all(jsonl_lines(rows))


def references(session: Session) -> References | None:
    """The first pass of a file-by-file read, its unread files noted for `cli/unread.py`;
    None where the store must be read whole (loaded already, or an unusual folder)."""
    snap = session.snapshot
    if session.loaded or snap is None or snap.unusual:
        return None
    found = read_references(snap, session.progress)
    found.refs.default_language = session.settings.language if session.settings else None
    click.get_current_context().meta[UNREAD_KEY] = [unread_line(d) for d in found.unread]
    return found


def _say_unmatched(store: Store, flt: ClaimFilter) -> None:
    """On stderr: the id filters that match nothing, and what they probably meant."""
    for sentence in unmatched(store, ClaimFilter(subject=flt.subject, source=flt.source)):
        click.echo(f"claims: {sentence}", err=True)
