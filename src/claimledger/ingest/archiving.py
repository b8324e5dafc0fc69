"""`claims archive`: a document's text written into the store's archive folder under a stable
name, its SHA-256 and the day it was read recorded on a drafted `[[source]]`.

Archiving a source again never overwrites: changed text is kept beside the old version under a
dated name, the source points to the new one, and the change is told in paragraphs ("the page
changed since 2026-03-02: 2 paragraphs edited")."""

from __future__ import annotations

import datetime
import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimledger.disk.adding import append_record, generate_id, record_path, replace_record
from claimledger.disk.atomic import atomic_write
from claimledger.errors import ClaimsError
from claimledger.ingest.documents import Document
from claimledger.model.records import Source
from claimledger.tomlstore.store import Store

DEFAULT_FOLDER = "archives"


@dataclass(frozen=True)
class Archived:
    """What `archive` did: the source, the archive name it records, and what changed."""

    source_id: str
    archive: str
    source_file: Path
    new_source: bool
    change: str  # "" for a new source; "unchanged since ..." or "changed since ..." otherwise
    missing: tuple[str, ...] = ()  # required source fields the document did not give


def archive_folder(root: Path, configured: tuple[str, ...]) -> tuple[Path, str]:
    """The folder new archive texts go to, and the prefix that names them from the store:
    the first configured archive folder, else `archives/` in the store."""
    if configured:
        return root / configured[0], ""
    return root / DEFAULT_FOLDER, DEFAULT_FOLDER + "/"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_source(store: Store, source_id: str | None, url: str | None) -> Source | None:
    """The source being archived again: by id, else by URL."""
    if source_id:
        return store.sources.get(source_id)
    if url:
        return next((s for s in store.sources.values() if s.url == url), None)
    return None


def archive_document(
    root: Path,
    store: Store,
    doc: Document,
    folder: tuple[Path, str],
    today: datetime.date,
    source_id: str | None = None,
    read_archive: Any = None,
) -> Archived:
    """Write the text and the source record (new, or updated to the new version)."""
    url = doc.fields.get("url")
    old = find_source(store, source_id, url)
    digest = text_sha256(doc.text)
    if old is not None and old.archive_sha256 == digest:
        path = record_path(root, store, old.origin.file)
        since = old.accessed or "it was archived"
        return Archived(old.id, old.archive or "", path, False, f"unchanged since {since}")
    table = _source_table(doc, source_id, today, set(store.sources)) if old is None else {}
    sid = old.id if old is not None else table["id"]
    target, prefix = folder
    name = _free_name(target, sid, today)
    target.mkdir(parents=True, exist_ok=True)
    atomic_write(target / name, doc.text)
    archive = prefix + name
    try:
        if old is None:
            table.update(archive=archive, archive_sha256=digest)
            path = root / "sources" / f"{sid}.toml"
            append_record(path, "source", table, set(store.sources), True)
            missing = tuple(f for f in ("title", "publisher") if not doc.fields.get(f))
            return Archived(sid, archive, path, True, "", missing)
        path = record_path(root, store, old.origin.file)
        updated = {
            **old.table,
            "archive": archive,
            "archive_sha256": digest,
            "accessed": today.isoformat(),
        }
        replace_record(path, "source", old.id, updated)
    except BaseException:
        (target / name).unlink(missing_ok=True)  # nothing half-written
        raise
    before = read_archive(old.archive) if read_archive and old.archive else None
    return Archived(sid, archive, path, False, _change(before, doc.text, old.accessed))


def _source_table(
    doc: Document, source_id: str | None, today: datetime.date, taken: set[str]
) -> dict[str, Any]:
    fields = doc.fields
    table: dict[str, Any] = {
        "title": fields.get("title") or "(title unknown: correct me)",
        "publisher": fields.get("publisher") or "(publisher unknown: correct me)",
    }
    for name in ("url", "author", "published", "language"):
        if fields.get(name):
            table[name] = fields[name]
    table["accessed"] = today.isoformat()
    if source_id is None:
        source_id = generate_id("source", table, taken)
    elif source_id in taken:
        raise ClaimsError(f"a source with id {source_id!r} already exists")
    return {"id": source_id, **table}


def _free_name(folder: Path, sid: str, today: datetime.date) -> str:
    """`<id>.txt`, or for a later version `<id>.<date>.txt` (`-2`, `-3` the same day)."""
    for name in (f"{sid}.txt", f"{sid}.{today.isoformat()}.txt"):
        if not (folder / name).exists():
            return name
    n = 2
    while (folder / f"{sid}.{today.isoformat()}-{n}.txt").exists():
        n += 1
    return f"{sid}.{today.isoformat()}-{n}.txt"


def _change(before: str | None, after: str, since: object) -> str:
    """'changed since DATE: 2 paragraphs edited, 1 added' (paragraphs at blank lines)."""
    when = f"since {since}" if since else "since it was last archived"
    if before is None:
        return f"changed {when} (the earlier text was not found to compare)"
    old = [p.strip() for p in before.split("\n\n") if p.strip()]
    new = [p.strip() for p in after.split("\n\n") if p.strip()]
    edited = added = removed = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "replace":
            both = min(i2 - i1, j2 - j1)
            edited += both
            added += j2 - j1 - both
            removed += i2 - i1 - both
        elif op == "insert":
            added += j2 - j1
        elif op == "delete":
            removed += i2 - i1
    parts = [
        f"{n} paragraph{'s' if n != 1 else ''} {what}"
        for n, what in ((edited, "edited"), (added, "added"), (removed, "removed"))
        if n
    ]
    return f"changed {when}: " + (", ".join(parts) or "whitespace only")
