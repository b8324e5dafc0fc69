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

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

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
T = TypeVar("T")
BLOB = "since-base.json"
# Below this many files the base is computed after the head in this process: a fork and
# the identities' round trip cost more than a small base's check.
FORK_FROM_FILES = 500


def base_identities(session: Session, since: str) -> set[Identity]:
    """The identities of `run_checks`' findings at `since`, from the cache when valid."""
    base = _Base(session, since)
    found = base.cached()
    return found if found is not None else base.computed()


def base_beside_head(
    session: Session, since: str, head: Callable[[], T]
) -> tuple[set[Identity], T]:
    """The base's identities and `head()` (the working tree's check). When the base must be
    computed for a big store, it is computed in a forked process on the second core while
    this one runs `head()`: the head is loaded first, so the fork reuses its parses
    copy-on-write, and only the identities travel back. Measured at 100,000 claims: 1.03-1.08
    x a cold `check`, against 1.41-1.43 x with the base computed after the head."""
    base = _Base(session, since)
    found = base.cached()
    if found is not None:
        return found, head()
    child = _base_in_fork(session, base)
    result = head()
    rows = child() if child else None
    if rows is None:  # not forked, or the fork failed: compute the base here
        return base.computed(), result
    return {(code, file, tuple(rest)) for code, file, rest in rows}, result


def _base_in_fork(session: Session, base: _Base) -> Callable[[], Any] | None:
    """The base being computed in a fork (call for its rows), or None where a fork does not
    pay: a small store, a store loaded already, one usable core."""
    snap = session.snapshot
    if session.loaded or snap is None or len(snap.hashes) < FORK_FROM_FILES:
        return None
    # Imported here, as in _check_base: it brings the checks (2.5 times the imports of this
    # whole module, measured with -X importtime), which a cached base never needs.
    from claimledger.disk.parallel_check import fork_call, usable_cores

    if usable_cores() < 2:
        return None
    session.store  # noqa: B018 - loaded before the fork: the child reuses its parses
    return fork_call(lambda: sorted(base.computed()))


class _Base:
    """The base revision of a `check --since`: its cache key, its cached identities, and
    computing them."""

    def __init__(self, session: Session, since: str) -> None:
        root = Path(session.root)
        self.session, self.since = session, since
        self.top = repo_top(root)
        self.folder = store_folder(self.top, root)
        self.commit = resolve_commit(self.top, since)
        # Keyed as the working-tree store is (relative to the current directory), so
        # file-level findings without record ids compare equal too.
        self.shown = display_path(root)
        self.tree = tree_id(self.top, self.commit, self.folder)
        self.key = fingerprint(
            {}, "since-base", self.tree, self.shown, session.today, session.settings_digest
        )

    def cached(self) -> set[Identity] | None:
        session = self.session
        blob = session.read_blob(BLOB) if self.tree and session.cache_folder else None
        return _cached_identities(blob, self.key, session)

    def computed(self) -> set[Identity]:
        session = self.session
        listing = rekey(
            list_files(self.top, self.commit, self.folder, self.since), self.folder, self.shown
        )
        texts = read_blobs(self.top, listing.values())
        files = {path: texts[oid] for path, oid in listing.items()}
        # Only `files` holds the texts now: each is freed as soon as it is parsed or found
        # equal to the head's (26 MB of text at 100,000 claims, held to the end before).
        del texts
        found, names = _check_base(session, files, self.shown)
        value = sorted({d.identity() for d in found})
        archives = session.archive_hashes(names)
        if self.tree:
            session.write_blob(BLOB, {"key": self.key, "archives": archives, "value": value})
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
