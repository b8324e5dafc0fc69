"""The cache: which files a store holds (by content) and results computed from them.

One folder per store under `$XDG_CACHE_HOME/claimledger/` (outside the repository, so never
committed; `CLAIMS_CACHE_DIR` moves it, `CLAIMS_NO_CACHE=1` turns it off, `claims cache
--clear` empties it). Everything is JSON, which cannot run code when read; a blob with another
format or package version, or that does not decode, is ignored and rewritten.

Relocatable: a store in a git work tree is named by its path inside it, and results are keyed
by content (file hashes, git blob ids, archive texts), never by a path on this machine or an
mtime, so a CI job that restores the folder into a fresh clone answers from it (docs/ci.md).
Only the stat index (`index_name`) is per checkout.

Bounded: a blob larger than `entry_limit` of the store (10 times the store's size, at least
8 MiB) is neither written nor read (an old one is deleted unread); after writing, a store's
folder is pruned to its limit (256 MiB unless configured), least recently used first, and of
blobs unused for 30 days; and the folders of other stores unused for 30 days are removed.

A file's content hash (blake2b) is trusted from the index while its size, mtime, inode and
ctime are unchanged, except for files changed too close to when the index was written to tell
("racy git"): those are hashed again. Results are keyed by the hashes of every file plus
whatever else they read (options, today, archive texts), so a cached result never differs
from a fresh one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson  # result blobs: 25x faster to read than json (docs/performance.md)

from claimledger import __version__

FORMAT = 3  # 2: conflict results by episode and position; 3: [[review]] records
# Timestamps closer than this to the index's write time cannot prove a file unchanged
# (coarse filesystem clocks); such files are hashed on every run until the index is rewritten.
RACY_NS = 2_000_000_000

Stat = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns


def cache_dir(root: Path) -> Path | None:
    """This store's cache folder, or None when caching is off.

    Named by the store's place in its git work tree ("claims" at the top of any clone) when
    it has one, so a fresh clone with a restored cache folder finds it (everything in it is
    keyed by content); otherwise by the store's full path."""
    if os.environ.get("CLAIMS_NO_CACHE"):
        return None
    base = os.environ.get("CLAIMS_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    home = Path(base) if base else Path.home() / ".cache"
    if not os.environ.get("CLAIMS_CACHE_DIR"):
        home = home / "claimledger"
    return home / _short_hash(_store_name(root.resolve()))


def _store_name(full: Path) -> str:
    """ "git:" and the store's path inside the nearest work tree holding it, else its path."""
    for top in (full, *full.parents):
        if (top / ".git").exists():
            return "git:" + full.relative_to(top).as_posix()
    return str(full)


def _short_hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def index_name(root: Path) -> str:
    """The file-hash index of one checkout: stats vouch for content only where they were
    taken, so each checkout sharing a cache folder (clones, worktrees) keeps its own."""
    return f"files-{_short_hash(str(root.resolve()))}.json"


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def stat_key(st: os.stat_result) -> Stat:
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


# Bounds (see the module's docstring); `claims.toml`'s `cache_limit` sets FOLDER_LIMIT per store.
ENTRY_FLOOR = 8 << 20
ENTRY_MULTIPLE = 10
FOLDER_LIMIT = 256 << 20
UNUSED_DAYS = 30
# A blob read this long after its last write or use is marked used again (its mtime).
_TOUCH_AFTER_S = 3600


def entry_limit(store_bytes: int) -> int:
    """The largest blob kept for a store of this many bytes."""
    return max(ENTRY_FLOOR, ENTRY_MULTIPLE * store_bytes)


def read_blob(folder: Path | None, name: str, max_bytes: int | None = None) -> Any:
    """The payload of a cache blob, or None when absent, corrupt, from another version, or
    over `max_bytes` (then it is deleted without being read)."""
    if folder is None:
        return None
    path = folder / name
    try:
        st = path.stat()
        if max_bytes is not None and st.st_size > max_bytes:
            path.unlink()
            return None
        doc = orjson.loads(path.read_bytes())
        if time.time() - st.st_mtime > _TOUCH_AFTER_S:
            os.utime(path)  # used: pruning removes the least recently used first
    except (OSError, ValueError):  # orjson.JSONDecodeError is a ValueError
        return None
    if not isinstance(doc, dict):
        return None
    if doc.get("format") != FORMAT or doc.get("version") != __version__:
        return None
    return doc.get("payload")


def write_blob(
    folder: Path | None,
    name: str,
    payload: Any,
    max_bytes: int | None = None,
    folder_limit: int = FOLDER_LIMIT,
) -> None:
    """Write atomically (a reader sees the old blob or the new one); failures are ignored.
    A blob that would pass `max_bytes` is abandoned (and an old one removed), and the folder
    is then pruned to `folder_limit`."""
    if folder is None:
        return
    data = _encode({"format": FORMAT, "version": __version__, "payload": payload})
    if max_bytes is not None and len(data) > max_bytes:
        _remove(folder / name)
        return
    tmp = ""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, folder / name)
    except OSError:  # a cache that cannot be written is only slower
        if tmp:
            _remove(Path(tmp))
        return
    if folder not in _pruned:  # once a process: a cold run writes up to 70 blobs
        _pruned.add(folder)
        prune(folder, folder_limit)


def _encode(doc: Any) -> bytes:
    """The blob's JSON. orjson writes the 12 MB of a 100,000-claim store's findings in a
    tenth of the time json takes; what it refuses (integers over 64 bits, which TOML allows
    tomllib to read) goes through json. Payloads are plain JSON values already (`plain` turns
    infinities into null), so both write the same values."""
    try:
        return orjson.dumps(doc)
    except TypeError:
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


_pruned: set[Path] = set()


def _remove(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def prune(folder: Path, limit: int, now: float | None = None) -> None:
    """Keep `folder` under `limit` bytes, least recently used first, without what no command
    has used for UNUSED_DAYS (temporary files of a killed writer go when an hour old), and
    remove the folders of other stores that no command has used for UNUSED_DAYS."""
    now = time.time() if now is None else now
    entries = []
    for entry in _scan(folder):
        st = _stat(entry)
        if st is None:  # gone since the scan: another process renamed or removed it
            continue
        if entry.name.startswith(".tmp-") and now - st.st_mtime > 3600:
            _remove(Path(entry.path))
        elif now - st.st_mtime > UNUSED_DAYS * 86400:
            _remove(Path(entry.path))  # a result no command has asked for in a month
        else:
            entries.append((st.st_mtime, st.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        _remove(Path(path))
        total -= size
    for other in _scan(folder.parent):
        # Only folders that are a store's cache (named by a store's hash, holding our index):
        # CLAIMS_CACHE_DIR may point into a folder that also holds other things.
        if not (_STORE_FOLDER.fullmatch(other.name) and other.path != str(folder)):
            continue
        inside = _scan(Path(other.path))
        used = max((st.st_mtime for e in inside if (st := _stat(e))), default=0)
        indexed = any(e.name.startswith("files") and e.name.endswith(".json") for e in inside)
        if indexed and now - used > UNUSED_DAYS * 86400:
            shutil.rmtree(other.path, ignore_errors=True)


_STORE_FOLDER = re.compile(r"[0-9a-f]{16}")


def _stat(entry: os.DirEntry[str]) -> os.stat_result | None:
    """The entry's stat, None when it is gone: commands sharing the folder rename their
    temporary files into place and prune while others scan."""
    try:
        return entry.stat()
    except OSError:
        return None


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            return [e for e in listing if e.is_file() or e.is_dir()]
    except OSError:
        return []


def usage(folder: Path) -> tuple[int, int]:
    """(files, bytes) in a store's cache folder."""
    sizes = [st.st_size for e in _scan(folder) if e.is_file() and (st := _stat(e))]
    return len(sizes), sum(sizes)


def clear(folder: Path) -> tuple[int, int]:
    """Delete a store's cache folder; what it held, as (files, bytes)."""
    held = usage(folder)
    shutil.rmtree(folder, ignore_errors=True)
    return held


@dataclass
class HashIndex:
    """Content hashes of the files seen last time, with the stat that vouches for each."""

    entries: dict[str, tuple[Stat, str]]
    written_ns: int

    def trusted(self, path: str, st: Stat) -> str | None:
        """The stored hash when the stat proves the file unchanged."""
        entry = self.entries.get(path)
        if entry is None or tuple(entry[0]) != st:
            return None
        if max(st[1], st[3]) + RACY_NS > self.written_ns:
            return None  # changed within the clock's resolution of the index write
        return entry[1]


def load_index(folder: Path | None, name: str = "files.json") -> HashIndex:
    """The file-hash index `name` (see `index_name`); empty when absent or unreadable."""
    payload = read_blob(folder, name)
    try:
        entries = {p: (tuple(s), h) for p, (s, h) in payload["entries"].items()}
        return HashIndex(entries, int(payload["written_ns"]))  # type: ignore[arg-type]
    except (TypeError, KeyError, ValueError, AttributeError):
        return HashIndex({}, 0)


def save_index(
    folder: Path | None,
    entries: dict[str, tuple[Stat, str]],
    started_ns: int,
    name: str = "files.json",
) -> None:
    """Write the index; `started_ns` is when the files were first looked at."""
    write_blob(folder, name, {"entries": entries, "written_ns": started_ns})


def fingerprint(hashes: dict[str, str], *extra: object) -> str:
    """One key for a whole store's content plus whatever else a result depends on."""
    h = hashlib.blake2b(digest_size=16)
    h.update(json.dumps([FORMAT, __version__, *extra], default=str).encode())
    for path in sorted(hashes):
        h.update(f"{path}\0{hashes[path]}\n".encode())
    return h.hexdigest()
