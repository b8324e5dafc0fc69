"""Opening the store on disk for a command: discovery, archive folders, today's date.

The store is loaded on first use, so a command answered from the cache (see `cli/results.py`)
never parses a file; heavy modules are imported only then.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimledger.disk.cache import (
    FOLDER_LIMIT,
    cache_dir,
    entry_limit,
    fingerprint,
    read_blob,
    write_blob,
)
from claimledger.disk.files import find_store
from claimledger.disk.snapshot import Snapshot, load_store, snapshot

if TYPE_CHECKING:
    from claimledger.checks.validation import CheckContext, Progress
    from claimledger.tomlstore.store import Store


@dataclass(frozen=True)
class Options:
    """Global options, from flags or environment."""

    store: str | None = None
    archive_path: tuple[str, ...] = field(default_factory=tuple)
    today: datetime.date | None = None


class Session:
    """A store on disk opened for one command; `store` parses it when first asked."""

    def __init__(
        self,
        root: Path,
        store: Store | None,
        context: CheckContext | None = None,
        snapshot: Snapshot | None = None,
        cache_folder: Path | None = None,
        archive_folders: list[Path] | None = None,
        today: datetime.date | None = None,
    ) -> None:
        self.root, self.snapshot, self.cache_folder = root, snapshot, cache_folder
        self.archive_folders = archive_folders or []
        self.cache_limit = FOLDER_LIMIT  # bytes of this store's cache folder
        self.today = context.today if context else (today or today_date())
        self._store, self._context = store, context
        # Called as (stage, done, total) while loading and checking; set by the CLI.
        self.progress: Progress | None = None

    @property
    def context(self) -> CheckContext:
        # Built, and its module imported, on first use: checks/validation.py imports the value
        # parsers, which a warm answer never needs.
        if self._context is None:
            from claimledger.checks.validation import CheckContext

            reader = make_archive_reader(self.archive_folders)
            self._context = CheckContext(self.today, reader)
        return self._context

    @property
    def store(self) -> Store:
        if self._store is None:
            assert self.snapshot is not None
            self._store = load_store(self.snapshot, self.progress)
        return self._store

    @store.setter
    def store(self, store: Store) -> None:
        self._store = store

    @property
    def loaded(self) -> bool:
        return self._store is not None

    def cacheable(self) -> bool:
        """Whether results may be cached: a cache folder and a plain, stable set of files."""
        return (
            self.cache_folder is not None
            and self.snapshot is not None
            and not self.snapshot.unusual
        )

    @property
    def cache_entry_limit(self) -> int:
        """The largest result blob worth keeping for this store (see `cache.entry_limit`)."""
        files = self.snapshot.files.values() if self.snapshot else ()
        return entry_limit(sum(st[0] for _, st, _ in files))

    def read_blob(self, name: str) -> Any:
        return read_blob(self.cache_folder, name, self.cache_entry_limit)

    def write_blob(self, name: str, payload: Any) -> None:
        write_blob(self.cache_folder, name, payload, self.cache_entry_limit, self.cache_limit)

    def result_key(self, *extra: object) -> str | None:
        """The cache key of a result computed from this store, today and `extra`."""
        if not self.cacheable():
            return None
        assert self.snapshot is not None
        return fingerprint(self.snapshot.hashes, self.snapshot.base, self.today, *extra)

    def archive_state(self) -> list[Any]:
        """What archive lookups can see: each folder's files with size and mtime."""
        return [_folder_state(folder) for folder in self.archive_folders]


def _folder_state(folder: Path) -> list[Any]:
    try:
        with os.scandir(folder) as entries:
            found = []
            for entry in entries:
                st = entry.stat()
                found.append([entry.name, st.st_size, st.st_mtime_ns, entry.is_file()])
    except OSError:
        return [str(folder), None]
    return [str(folder), sorted(found)]


def archive_folders(root: Path, extra: tuple[str, ...]) -> list[Path]:
    """The store itself, then --archive-path folders, then CLAIMS_ARCHIVE_PATH entries."""
    env = os.environ.get("CLAIMS_ARCHIVE_PATH", "")
    folders = [root, *(Path(p) for p in extra), *(Path(p) for p in env.split(os.pathsep) if p)]
    return folders


def make_archive_reader(folders: list[Path]):  # type: ignore[no-untyped-def]
    """A cached reader of archive texts by file name; names never leave their folder."""

    @cache
    def read(name: str) -> str | None:
        if not name or "/" in name or "\\" in name or name in (".", ".."):
            return None
        for folder in folders:
            candidate = folder / name
            if candidate.is_file():
                try:
                    return candidate.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    return None
        return None

    return read


def open_session(options: Options, start: Path | None = None) -> Session:
    """Find the store and note what it holds; environment problems raise ClaimsError."""
    root = find_store(start or Path.cwd(), options.store or os.environ.get("CLAIMS_STORE"))
    folder = cache_dir(root)
    snap = snapshot(root, folder)
    folders = archive_folders(root, options.archive_path)
    return Session(root, None, None, snap, folder, folders, options.today or today_date())


def today_date() -> datetime.date:
    """Today, or CLAIMS_TODAY when set."""
    # CLAIMS_TODAY pins "today" for reproducible checks (future dates, revisit) and tests.
    pinned = os.environ.get("CLAIMS_TODAY")
    if pinned:
        try:
            return datetime.date.fromisoformat(pinned)
        except ValueError:
            pass
    return datetime.date.today()
