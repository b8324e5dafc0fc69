"""`claims check --since REV`: the findings the working tree has and REV did not.

A finding is identified by its code and record ids (`Diagnostic.identity`), so the base's
identities are all that is kept of it. They are cached under a key naming the base's store
tree (its git tree id names every file by content; one `rev-parse`), the display root, today,
the settings file and the archive texts the base's sources name: the same base is checked
once, in any clone that restores the cache folder. When they must be computed, every base
file whose bytes equal the working tree's reuses the working tree's parsed file (a pull
request changes a few files of thousands), with the cyclic collector paused as the normal
load does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimledger.disk.cache import content_hash, fingerprint
from claimledger.disk.files import display_path
from claimledger.disk.snapshot import collector_paused
from claimledger.git.revisions import (
    list_files,
    read_blobs,
    rekey,
    repo_top,
    resolve_commit,
    store_folder,
    tree_id,
)

if TYPE_CHECKING:
    from claimledger.disk.session import Session
    from claimledger.model.diagnostics import Diagnostic
    from claimledger.tomlstore.parse import ParsedFile

Identity = tuple[str, str, tuple[str, ...]]
BLOB = "since-base.json"


def base_identities(session: Session, since: str) -> set[Identity]:
    """The identities of `run_checks`' findings at `since`, from the cache when valid."""
    root = Path(session.root)
    top = repo_top(root)
    folder = store_folder(top, root)
    commit = resolve_commit(top, since)
    # Keyed as the working-tree store is (relative to the current directory), so file-level
    # findings without record ids compare equal too.
    shown = display_path(root)
    tree = tree_id(top, commit, folder)
    key = fingerprint({}, "since-base", tree, shown, session.today, session.settings_digest)
    blob = session.read_blob(BLOB) if tree and session.cache_folder else None
    found = _cached_identities(blob, key, session)
    if found is not None:
        return found
    listing = rekey(list_files(top, commit, folder, since), folder, shown)
    texts = read_blobs(top, listing.values())
    files = {path: texts[oid] for path, oid in listing.items()}
    found, names = _check_base(session, files, shown)
    value = sorted({d.identity() for d in found})
    archives = session.archive_hashes(names)
    if tree:
        session.write_blob(BLOB, {"key": key, "archives": archives, "value": value})
    return set(value)


def _cached_identities(blob: Any, key: str, session: Session) -> set[Identity] | None:
    """A cached base result's identities when it has this key and its archives still read
    the same; None otherwise (a blob of another shape is computed again, never trusted)."""
    if not (isinstance(blob, dict) and blob.get("key") == key):
        return None
    try:
        archives = blob["archives"]
        if session.archive_hashes([name for name, _ in archives]) != archives:
            return None
        return {(code, file, tuple(rest)) for code, file, rest in blob["value"]}
    except (KeyError, TypeError, ValueError):
        return None


def _check_base(
    session: Session, files: dict[str, bytes], shown: str
) -> tuple[list[Diagnostic], list[str]]:
    """`run_checks` of the base store (with the working tree's settings, as the head was
    checked) and the archive names its sources give."""
    # Imported here: a base answered from the cache needs neither (measured with -X
    # importtime: 2.5 times the imports of this whole module, value parsers and all).
    from claimledger.checks.validation import run_checks
    from claimledger.tomlstore.store import build_store

    with collector_paused():
        parsed = reused_parses(session, files)
        base = build_store(parsed, root=session.snapshot.base if session.snapshot else shown)
        base.default_language = session.settings.language if session.settings else None
        found = run_checks(base, session.context)
    names = sorted({s.archive for s in base.sources.values() if s.archive})
    return found, names


def reused_parses(session: Session, files: dict[str, bytes]) -> dict[str, ParsedFile]:
    """Each base file parsed, or the working tree's parse of it where the bytes are equal
    (what `parse_file` makes of a path and bytes depends on nothing else)."""
    from claimledger.tomlstore.parse import parse_file  # as above: only when computing

    head: dict[str, ParsedFile] = session.store.files if session.loaded else {}
    hashes = session.snapshot.hashes if session.snapshot and not session.snapshot.unusual else {}
    parsed = {}
    for path in sorted(files):
        data = files.pop(path)
        same = path in head and hashes.get(path) == content_hash(data)
        parsed[path] = head[path] if same else parse_file(path, data)
    return parsed
