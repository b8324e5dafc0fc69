"""Adding records: readable generated ids, the conventional file, and appending under a lock.

Appending leaves every byte already in the file as it was (comments included); only the new
record is written, canonically, after a blank line.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

from claimledger.disk.atomic import atomic_write, file_lock
from claimledger.errors import ClaimsError
from claimledger.tomlstore.decode import load_toml
from claimledger.tomlstore.limits import too_large
from claimledger.tomlstore.store import Store
from claimledger.tomlstore.writer import (
    Unformattable,
    remove_record_text,
    render_record,
    replace_record_text,
)

_SLUG = re.compile(r"[^a-z0-9]+")
# Latin letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans(
    {"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "þ": "th", "ß": "ss",
     "æ": "ae", "œ": "oe"}
)  # fmt: skip


def slug(text: str, words: int = 5) -> str:
    """A readable id part: the first `words` words in lower-case ASCII, accents taken off
    ("Kişi sayısı" -> "kisi-sayisi", not "ki-i-say-s"); "record" when nothing is left."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(_LETTERS))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    parts = [p for p in _SLUG.split(plain) if p]
    return "-".join(parts[:words]) or "record"


def conventional_path(root: Path, store: Store, kind: str, table: dict[str, Any]) -> Path:
    """Where a new record goes: sources and their claims together, subjects by first segment.

    Never a folder outside the store: a symlinked folder is not written through."""
    path = _conventional_path(root, store, kind, table)
    if not path.parent.resolve().is_relative_to(root.resolve()):
        raise ClaimsError(f"{path} leads outside the store (through a symlink?); not written")
    return path


def _conventional_path(root: Path, store: Store, kind: str, table: dict[str, Any]) -> Path:
    if kind == "source":
        return root / "sources" / f"{table['id']}.toml"
    if kind == "claim":
        source = store.sources.get(table["source"])
        if source is None:
            raise ClaimsError(
                f"unknown source {table['source']!r}; add it first with `claims add source`"
            )
        return _inside(root, source.origin.file, store) or root / "sources" / f"{source.id}.toml"
    if kind == "subject":
        return root / "subjects" / f"{table['id'].split('/')[0]}.toml"
    if kind == "review":  # beside the resolutions: judgments on claims, by subject
        claim = store.claims.get(table.get("claim", ""))
        first = claim.subject.split("/")[0] if claim else "general"
        return root / "reviews" / f"{first}.toml"
    first = ""
    claims = [store.claims[c] for c in table.get("claims", []) if c in store.claims]
    if claims:
        first = claims[0].subject.split("/")[0]
    return root / "resolutions" / f"{first or 'general'}.toml"


def _inside(root: Path, shown: str, store: Store) -> Path | None:
    # Records remember their display path; map it back below the store root.
    prefix = store.root.rstrip("/") + "/" if store.root not in ("", ".") else ""
    if prefix and not shown.startswith(prefix):
        return None
    return root / shown[len(prefix) :]


def generate_id(kind: str, table: dict[str, Any], taken: set[str]) -> str:
    """A readable id: claims from source and subject, sources from publisher, date and title."""
    if kind == "claim":
        base = f"{table['source']}-{table['subject'].rstrip('/').split('/')[-1]}"
    elif kind == "source":
        published = str(table.get("published", ""))[:7]
        base = slug(
            " ".join(
                x for x in (table.get("publisher", ""), published, table.get("title", "")) if x
            ),
            7,
        )
    elif kind == "resolution":
        base = "resolve-" + "-".join(table.get("claims", [])[:2])
    elif kind == "review":
        base = f"{slug(table.get('reviewer', ''), 3)}-{table.get('claim', '')}"
    else:
        base = slug(table.get("description", ""))
    base = base.strip("-.") or kind
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def ids_in_text(text: str, kind: str) -> set[str]:
    try:
        data = load_toml(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return set()
    tables = data.get(kind, [])
    return {t["id"] for t in tables if isinstance(t, dict) and isinstance(t.get("id"), str)}


def append_record(
    path: Path, kind: str, table: dict[str, Any], taken: set[str], id_given: bool
) -> str:
    """Append one record to `path` under its lock; returns the id written.

    Ids are re-checked under the lock: concurrent writers into one file must not collide."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with file_lock(path):
        old = _current_text(path)
        present = taken | ids_in_text(old, kind)
        if id_given and table["id"] in present:
            raise ClaimsError(
                f"a {kind} with id {table['id']!r} already exists; choose another --id"
            )
        if not id_given:
            table = {**table, "id": generate_id(kind, table, present)}
        nl = "\r\n" if "\r\n" in old else "\n"  # keep the file's line endings
        head = old.rstrip("\r\n") + nl + nl if old.strip() else ""
        atomic_write(path, head + render_record(kind, table).replace("\n", nl))
    return str(table["id"])


def append_all(appends: dict[Path, list[tuple[str, dict[str, Any]]]]) -> None:
    """Append records to several files, all or nothing as far as files allow: every file is
    locked and read (a file that does not load refuses the whole batch, an id taken since the
    records were planned too) before the first one is written, each atomically."""
    with contextlib.ExitStack() as locks:
        texts = {}
        for path in sorted(appends):
            path.parent.mkdir(parents=True, exist_ok=True)
            locks.enter_context(file_lock(path))
            old = _current_text(path)
            for kind, table in appends[path]:
                if table["id"] in ids_in_text(old, kind):
                    raise ClaimsError(f"a {kind} {table['id']!r} appeared in {path}; run again")
            nl = "\r\n" if "\r\n" in old else "\n"  # keep the file's line endings
            new = "\n".join(render_record(kind, table) for kind, table in appends[path])
            head = old.rstrip("\r\n") + nl + nl if old.strip() else ""
            texts[path] = head + new.replace("\n", nl)
        for path, text in texts.items():
            atomic_write(path, text)


def record_path(root: Path, store: Store, origin_file: str) -> Path:
    """The file on disk that holds a record loaded from `origin_file` (a display path)."""
    found = _inside(root, origin_file, store)
    if found is None or not found.resolve().is_relative_to(root.resolve()):
        raise ClaimsError(f"{origin_file} is not inside the store; not written")
    return found


def replace_record(path: Path, kind: str, record_id: str, table: dict[str, Any]) -> None:
    """Rewrite one record in place, canonically, under the file's lock: its comments kept,
    the rest of the file as written."""
    with file_lock(path):
        old = _current_text(path)
        try:
            text = replace_record_text(old, kind, record_id, table)
        except KeyError:
            raise ClaimsError(
                f"{kind} {record_id!r} is no longer in {path}; run the command again"
            ) from None
        except Unformattable as exc:
            raise ClaimsError(
                f"{path}:{exc.line}: {exc.reason}; rewriting {kind} {record_id!r} would lose "
                "it: edit the record by hand"
            ) from None
        atomic_write(path, text)


def remove_record(path: Path, kind: str, record_id: str) -> None:
    """Delete one record from its file, under the file's lock; the rest as written."""
    with file_lock(path):
        old = _current_text(path)
        try:
            text = remove_record_text(old, kind, record_id)
        except KeyError:
            raise ClaimsError(
                f"{kind} {record_id!r} is no longer in {path}; run the command again"
            ) from None
        atomic_write(path, text)


def _current_text(path: Path) -> str:
    """The file exactly as written; a file that does not load is refused, so a new record
    never lands inside a broken one (after an unterminated string, between merge markers)."""
    if not path.exists():
        return ""
    try:
        data = path.read_bytes()
        large = too_large(str(path), data)
        if large:
            raise ValueError(large.message)
        text = data.decode("utf-8")
        load_toml(text.removeprefix("\ufeff"))
    except (RecursionError, ValueError) as exc:  # UnicodeDecodeError, TOMLDecodeError
        raise ClaimsError(
            f"{path} does not load ({exc}); fix it first (`claims check`), nothing was written"
        ) from None
    return text
