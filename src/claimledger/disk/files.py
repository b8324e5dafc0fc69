"""The store on disk: finding it, walking and reading its files, and paths as people see
them. Light enough for every start-up: commands answered from the cache import this module."""

from __future__ import annotations

import os
from pathlib import Path

from claimledger.errors import ClaimsError
from claimledger.model.diagnostics import Diagnostic, Severity
from claimledger.tomlstore.limits import MAX_FILE_BYTES

# The store's settings (tomlstore/settings.py), at the root of the store folder: never a record
# file, so the one walk below leaves it out.
SETTINGS_FILE = ".claims.toml"

# A relative path and what is there: a directory entry, or why a sub-folder cannot be listed.
Entry = tuple[str, os.DirEntry[str] | OSError]


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


def read_folder(root: Path) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every `*.toml` under `root` as bytes, keyed by display path; problems as diagnostics."""
    texts: dict[str, bytes] = {}
    problems: list[Diagnostic] = []
    real_root = root.resolve()
    base = display_path(root)
    for rel, entry in store_entries(str(root)):
        shown = f"{base}/{rel}" if base not in ("", ".") else rel
        if isinstance(entry, OSError):
            problems.append(unreadable(shown, entry, "folder"))
            continue
        full = Path(entry.path)
        if not entry.name.endswith(".toml"):  # a linked folder is not walked: say so if it leaves
            outside = _outside_link(full, real_root, shown) if entry.is_symlink() else None
            problems.extend([outside] if outside else [])
            continue
        data, problem = _read_one(full, real_root, shown)
        if problem:
            problems.append(problem)
        if data is not None:
            texts[shown] = data
    return texts, problems


def store_entries(folder: str) -> list[Entry]:
    """What may be a claim file under `folder`, by relative path, in the store's order: in each
    folder its files (any name: a link of any name may leave the store), then its folders named
    `*.toml`, then its other folders, then each folder's own entries. Folders whose names start
    with '.' are skipped, and linked folders are listed but not walked. A sub-folder that cannot
    be listed comes as its `OSError`. This is the one walk: `read_folder` reads what it lists,
    and the snapshot takes its plain files and leaves anything else to `read_folder`."""
    found: list[Entry] = []
    _list_folder(folder, "", found)
    return found


def _list_folder(folder: str, rel: str, found: list[Entry]) -> None:
    # One list filled in place: nested generators cost a hop per level on every entry.
    files: list[os.DirEntry[str]] = []
    dirs: list[os.DirEntry[str]] = []
    with os.scandir(folder) as listing:
        for entry in listing:
            if not _is_dir(entry):
                files.append(entry)
            elif not entry.name.startswith("."):
                dirs.append(entry)
    files.sort(key=_name)
    dirs.sort(key=_name)
    if not rel:
        files = [e for e in files if e.name != SETTINGS_FILE]
    found.extend((rel + e.name, e) for e in files)
    found.extend((rel + e.name, e) for e in dirs if e.name.endswith(".toml"))
    found.extend((rel + e.name, e) for e in dirs if not e.name.endswith(".toml"))
    for d in dirs:
        if d.is_symlink():
            continue
        try:
            _list_folder(d.path, f"{rel}{d.name}/", found)
        except OSError as exc:
            found.append((f"{rel}{d.name}", exc))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows links, as os.walk classifies them
    except OSError:
        return False


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _outside_link(full: Path, real_root: Path, shown: str) -> Diagnostic | None:
    try:
        target = full.resolve()
    except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
        return None  # reading it reports it as unreadable
    if target.is_relative_to(real_root):
        return None
    return Diagnostic(
        shown,
        1,
        1,
        Severity.ERROR,
        "symlink-outside",
        f"symlink points outside the store (to {target}); not followed",
        "copy the file into the store or remove the link",
    )


def _read_one(full: Path, real_root: Path, shown: str) -> tuple[bytes | None, Diagnostic | None]:
    if full.is_symlink():
        outside = _outside_link(full, real_root, shown)
        if outside:
            return None, outside
    if full.is_dir() or (full.exists() and not full.is_file()):
        return None, Diagnostic(
            shown,
            1,
            1,
            Severity.WARNING,
            "not-a-file",
            "a folder or special file named like a claim file; skipped",
            "rename it so it does not end in .toml",
        )
    try:
        with open(full, "rb") as f:
            return f.read(MAX_FILE_BYTES + 1), None  # enough to refuse a file over the limit
    except OSError as exc:
        return None, unreadable(shown, exc, "file")


def unreadable(shown: str, exc: OSError, what: str) -> Diagnostic:
    return Diagnostic(
        shown,
        1,
        1,
        Severity.ERROR,
        "unreadable",
        f"cannot read {what}: {exc.strerror or exc}",
        f"check the {what}'s permissions",
    )
