"""Opening the store on disk for a command: discovery, archive folders, today's date."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .check import CheckContext
from .store import Store, display_path, find_store, load_texts, read_folder


@dataclass(frozen=True)
class Options:
    """Global options, from flags or environment."""

    store: str | None = None
    archive_path: tuple[str, ...] = field(default_factory=tuple)
    today: datetime.date | None = None


@dataclass
class Session:
    root: Path
    store: Store
    context: CheckContext


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
    """Find and load the store; environment problems raise StoreError."""
    root = find_store(start or Path.cwd(), options.store or os.environ.get("CLAIMS_STORE"))
    texts, problems = read_folder(root)
    store = load_texts(texts, root=display_path(root))
    store.diagnostics.extend(problems)
    today = options.today or _today()
    context = CheckContext(today, make_archive_reader(archive_folders(root, options.archive_path)))
    return Session(root, store, context)


def _today() -> datetime.date:
    # CLAIMS_TODAY pins "today" for reproducible checks (future dates, revisit) and tests.
    pinned = os.environ.get("CLAIMS_TODAY")
    if pinned:
        try:
            return datetime.date.fromisoformat(pinned)
        except ValueError:
            pass
    return datetime.date.today()
