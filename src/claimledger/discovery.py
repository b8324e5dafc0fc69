"""Finding the store on disk, and paths as people see them: light enough for every start-up.

`store.py` re-exports these; commands answered from the cache import only this module.
"""

from __future__ import annotations

import os
from pathlib import Path

from claimledger.errors import ClaimsError


def find_store(start: Path, override: str | None = None) -> Path:
    """`--store`/CLAIMS_STORE, else the nearest `claims/` folder walking up from `start`."""
    if override:
        path = Path(override)
        if not path.is_dir():
            raise ClaimsError(f"store {override!r} is not a folder")
        return path
    for folder in (start, *start.parents):
        candidate = folder / "claims"
        if candidate.is_dir():
            return candidate
    raise ClaimsError(
        f"no claims/ folder in {start} or any parent; run `claims init` or pass --store PATH"
    )


def display_path(path: Path) -> str:
    """A path as shown to people: relative to the current directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return path.as_posix() if rel.startswith("..") else Path(rel).as_posix()
