"""Opening the store on disk for a command: discovery, archive folders, today's date.

The store is loaded on first use, so a command answered from the cache (see `cli/results.py`)
never parses a file; heavy modules are imported only then.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimledger.disk.cache import (
    FOLDER_LIMIT,
    cache_dir,
    content_hash,
    entry_limit,
    fingerprint,
    read_blob,
    write_blob,
)
from claimledger.disk.files import SETTINGS_FILE, find_store, unreadable
from claimledger.disk.snapshot import Snapshot, load_store, snapshot

if TYPE_CHECKING:
    from claimledger.checks.validation import CheckContext, Progress
    from claimledger.model.diagnostics import Diagnostic
    from claimledger.tomlstore.settings import Settings
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
        # The settings file (see `read_settings`): None when the store has none.
        self.settings: Settings | None = None
        self.setting_problems: tuple[Diagnostic, ...] = ()
        self.settings_digest = ""
        self.today = context.today if context else (today or today_date())
        self._store, self._context = store, context
        # Called as (stage, done, total) while loading and checking; set by the CLI.
        self.progress: Progress | None = None
        # One reader for the cache keys and the checks: each archive is read once.
        self.read_archive = make_archive_reader(self.archive_folders)
        self._archive_state: list[Any] | None = None

    @property
    def context(self) -> CheckContext:
        # Built, and its module imported, on first use: checks/validation.py imports the value
        # parsers, which a warm answer never needs.
        if self._context is None:
            from claimledger.checks.validation import CheckContext

            reader = self.read_archive
            language = self.settings.language if self.settings else None
            self._context = CheckContext(
                self.today,
                reader,
                default_language=language,
                setting_problems=self.setting_problems,
            )
        return self._context

    @property
    def store(self) -> Store:
        if self._store is None:
            assert self.snapshot is not None
            self.store = load_store(self.snapshot, self.progress)
        assert self._store is not None
        return self._store

    @store.setter
    def store(self, store: Store) -> None:
        store.default_language = self.settings.language if self.settings else None
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

    @cached_property
    def cache_entry_limit(self) -> int:
        """The largest result blob worth keeping for this store (see `cache.entry_limit`)."""
        files = self.snapshot.files.values() if self.snapshot else ()
        return entry_limit(sum(st[0] for _, st, _ in files))

    @cached_property
    def content_key(self) -> str:
        """One digest of every file's path and content hash: worked out once a command (a
        warm `check` asks for three keys; each over 10,400 files took 60 ms)."""
        assert self.snapshot is not None
        return fingerprint(self.snapshot.hashes)

    def read_blob(self, name: str) -> Any:
        return read_blob(self.cache_folder, name, self.cache_entry_limit)

    def write_blob(self, name: str, payload: Any) -> None:
        write_blob(self.cache_folder, name, payload, self.cache_entry_limit, self.cache_limit)

    def result_key(self, *extra: object) -> str | None:
        """The cache key of a result computed from this store, today and `extra`."""
        if not self.cacheable():
            return None
        assert self.snapshot is not None
        return fingerprint(
            {}, self.content_key, self.snapshot.base, self.today, self.settings_digest, *extra
        )

    def archive_state(self) -> list[Any] | None:
        """What archive lookups can see: for each archive the sources name (sub-folders
        included), a hash of the text a check would read, or None when there is none. By
        content, not by path or mtime, so a restored cache holds in a fresh clone. None while
        the names are unknown: not in the cache and the store not loaded (loading it here
        would skip `check --jobs`). Worked out once a session."""
        if self._archive_state is None:
            names = self._archive_names()
            if names is None:
                return None
            self._archive_state = self.archive_hashes(names)
        return self._archive_state

    def archive_hashes(self, names: list[str]) -> list[Any]:
        """`[name, hash of the text a check reads, or None]` of each archive name."""
        return [[n, _text_hash(self.read_archive(n))] for n in names]

    def _archive_names(self) -> list[str] | None:
        """The archive names the sources give: from the cache while the store is unchanged,
        else from the loaded store (and then cached)."""
        key = self.result_key("archive-names")
        blob = self.read_blob("archive-names.json") if key else None
        if isinstance(blob, dict) and blob.get("key") == key:
            return list(blob["value"])
        if not self.loaded:
            return None
        names = sorted({s.archive for s in self.store.sources.values() if s.archive})
        if key:
            self.write_blob("archive-names.json", {"key": key, "value": names})
        return names


def _text_hash(text: str | None) -> str | None:
    return None if text is None else content_hash(text.encode("utf-8", "surrogatepass"))


def archive_folders(
    root: Path, extra: tuple[str, ...], configured: tuple[str, ...] = ()
) -> list[Path]:
    """The store itself, the settings file's `archive_folders` (relative to the store), then
    --archive-path folders, then CLAIMS_ARCHIVE_PATH entries."""
    env = os.environ.get("CLAIMS_ARCHIVE_PATH", "")
    return [
        root,
        *(root / p for p in configured),
        *(Path(p) for p in extra),
        *(Path(p) for p in env.split(os.pathsep) if p),
    ]


def make_archive_reader(folders: list[Path]):  # type: ignore[no-untyped-def]
    """A cached reader of archive texts by name: a file name, or a path into a sub-folder
    (`reuters/2025-06-13.txt`); names never leave their folder (no `..`, no absolute paths,
    no links out)."""

    @cache
    def read(name: str) -> str | None:
        parts = name.split("/")
        if not name or "\\" in name or any(p in ("", ".", "..") for p in parts):
            return None
        for folder in folders:
            candidate = folder.joinpath(*parts)
            if candidate.is_file() and _inside(candidate, folder):
                try:
                    return candidate.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    return None
        return None

    return read


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


def open_session(options: Options, start: Path | None = None) -> Session:
    """Find the store and note what it holds; environment problems raise ClaimsError."""
    root = find_store(start or Path.cwd(), options.store or os.environ.get("CLAIMS_STORE"))
    folder = cache_dir(root)
    snap = snapshot(root, folder)
    settings, problems, digest = read_settings(root, snap.base)
    configured = settings.archive_folders if settings else ()
    folders = archive_folders(root, options.archive_path, configured)
    today = options.today or today_date(settings.today if settings else None)
    session = Session(root, None, None, snap, folder, folders, today)
    session.settings, session.setting_problems, session.settings_digest = (
        settings,
        tuple(problems),
        digest,
    )
    if settings and settings.cache_limit_mib:
        session.cache_limit = settings.cache_limit_mib << 20
    return session


def read_settings(root: Path, base: str) -> tuple[Settings | None, list[Diagnostic], str]:
    """The store's settings file (`SETTINGS_FILE`), its findings, and a digest of its bytes
    (results depend on it); (None, [], "") when there is none."""
    path = root / SETTINGS_FILE
    shown = f"{base}/{SETTINGS_FILE}" if base not in ("", ".") else SETTINGS_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [], ""
    except OSError as exc:
        return None, [unreadable(shown, exc, "file")], "unreadable"
    # Imported here: stores without a settings file skip tomllib (7 ms of a warm answer).
    from claimledger.tomlstore.settings import parse_settings

    settings, problems = parse_settings(shown, data)
    return settings, problems, content_hash(data)


def today_date(configured: datetime.date | None = None) -> datetime.date:
    """CLAIMS_TODAY when set, else the settings file's `today`, else today."""
    # CLAIMS_TODAY pins "today" for reproducible checks (future dates, revisit) and tests.
    pinned = os.environ.get("CLAIMS_TODAY")
    if pinned:
        try:
            return datetime.date.fromisoformat(pinned)
        except ValueError:
            pass
    return configured or datetime.date.today()
