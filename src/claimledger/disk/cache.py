"""The cache: which files a store holds (by content) and results computed from them.

One folder per store under `$XDG_CACHE_HOME/claimledger/` (outside the repository, so never
committed; `CLAIMS_CACHE_DIR` moves it, `CLAIMS_NO_CACHE=1` turns it off, `claims cache
--clear` empties it). Everything is JSON, which cannot run code when read; a blob with another
format or package version, or that does not decode, is ignored and rewritten.

Bounded: a blob larger than `entry_limit` of the store (10 times the store's size, at least
8 MiB) is neither written nor read (an old one is deleted unread); after writing, a store's
folder is pruned to its limit (256 MiB unless configured), least recently used first, and of
blobs unused for 30 days; and the folders of other stores unused for 30 days are removed.

A file's content hash (blake2b) is trusted from the index while its size, mtime, inode and
ctime are unchanged, except for files changed too close to when the index was written to tell
("racy git"): those are hashed again. Results are keyed by the hashes of every file plus
whatever else they read (options, today, archive folders), so a cached result never differs
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

from claimledger import __version__

FORMAT = 3  # 2: conflict results by episode and position; 3: [[review]] records
# Timestamps closer than this to the index's write time cannot prove a file unchanged
# (coarse filesystem clocks); such files are hashed on every run until the index is rewritten.
RACY_NS = 2_000_000_000

Stat = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns


def cache_dir(root: Path) -> Path | None:
    """This store's cache folder, or None when caching is off."""
    if os.environ.get("CLAIMS_NO_CACHE"):
        return None
    base = os.environ.get("CLAIMS_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    home = Path(base) if base else Path.home() / ".cache"
    if not os.environ.get("CLAIMS_CACHE_DIR"):
        home = home / "claimledger"
    key = hashlib.blake2b(str(root.resolve()).encode(), digest_size=8).hexdigest()
    return home / key


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
        doc = json.loads(path.read_bytes())
        if time.time() - st.st_mtime > _TOUCH_AFTER_S:
            os.utime(path)  # used: pruning removes the least recently used first
    except (OSError, ValueError):
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
    doc = {"format": FORMAT, "version": __version__, "payload": payload}
    tmp = ""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            _write_json(_Bounded(out, max_bytes) if max_bytes else out, doc)
        os.replace(tmp, folder / name)
    except _TooLarge:
        _remove(Path(tmp), folder / name)
    except OSError:  # a cache that cannot be written is only slower
        if tmp:
            _remove(Path(tmp))
        return
    if folder not in _pruned:  # once a process: a cold run writes up to 70 blobs
        _pruned.add(folder)
        prune(folder, folder_limit)


_pruned: set[Path] = set()


class _TooLarge(Exception):
    pass


class _Bounded:
    """A text file that refuses to grow past a size (counted in characters: at most bytes)."""

    def __init__(self, out: Any, limit: int) -> None:
        self.out, self.left = out, limit

    def write(self, text: str) -> None:
        self.left -= len(text)
        if self.left < 0:
            raise _TooLarge
        self.out.write(text)


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
        st = entry.stat()
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
        used = max((e.stat().st_mtime for e in inside), default=0)
        if any(e.name == "files.json" for e in inside) and now - used > UNUSED_DAYS * 86400:
            shutil.rmtree(other.path, ignore_errors=True)


_STORE_FOLDER = re.compile(r"[0-9a-f]{16}")


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            return [e for e in listing if e.is_file() or e.is_dir()]
    except OSError:
        return []


def usage(folder: Path) -> tuple[int, int]:
    """(files, bytes) in a store's cache folder."""
    sizes = [e.stat().st_size for e in _scan(folder) if e.is_file()]
    return len(sizes), sum(sizes)


def clear(folder: Path) -> tuple[int, int]:
    """Delete a store's cache folder; what it held, as (files, bytes)."""
    held = usage(folder)
    shutil.rmtree(folder, ignore_errors=True)
    return held


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_dumps = _ENCODER.encode  # one encoder: json.dumps with options builds a new one per call
# Items of a large list or dict are encoded this many at a time.
_CHUNK = 512


def _write_json(out: Any, value: Any, depth: int = 0) -> None:
    """`out.write(_dumps(value))`, the same text, in pieces: `json.dump` uses the pure-Python
    encoder (3x slower on the 12 MB of diagnostics of a 100,000-claim store) and one
    `json.dumps` of it all holds the whole text (and its UTF-8) in memory at once. The outer
    lists and str-keyed dicts are written item by item; a long one (the diagnostics, the hash
    index) a chunk of items at a time, each chunk with the C encoder."""
    if depth >= 4 or not (
        type(value) is list or (type(value) is dict and all(type(k) is str for k in value))
    ):
        out.write(_dumps(value))
        return
    is_list = type(value) is list
    items = value if is_list else list(value.items())
    out.write("[" if is_list else "{")
    size = _CHUNK if len(items) > _CHUNK else 1
    for start in range(0, len(items), size):
        chunk = items[start : start + size]
        if start:
            out.write(",")
        values = chunk if is_list else [v for _, v in chunk]
        if len(chunk) > 1 and not any(type(v) in (list, dict) and len(v) > _CHUNK for v in values):
            out.write(_dumps(chunk if is_list else dict(chunk))[1:-1])  # items encoded whole
            continue
        for i, item in enumerate(chunk):
            if not is_list:
                out.write(("," if i else "") + _dumps(item[0]) + ":")
            elif i:
                out.write(",")
            _write_json(out, item if is_list else item[1], depth + 1)
    out.write("]" if is_list else "}")


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


def load_index(folder: Path | None) -> HashIndex:
    payload = read_blob(folder, "files.json")
    try:
        entries = {p: (tuple(s), h) for p, (s, h) in payload["entries"].items()}
        return HashIndex(entries, int(payload["written_ns"]))  # type: ignore[arg-type]
    except (TypeError, KeyError, ValueError, AttributeError):
        return HashIndex({}, 0)


def save_index(folder: Path | None, entries: dict[str, tuple[Stat, str]], started_ns: int) -> None:
    """Write the index; `started_ns` is when the files were first looked at."""
    write_blob(folder, "files.json", {"entries": entries, "written_ns": started_ns})


def fingerprint(hashes: dict[str, str], *extra: object) -> str:
    """One key for a whole store's content plus whatever else a result depends on."""
    h = hashlib.blake2b(digest_size=16)
    h.update(json.dumps([FORMAT, __version__, *extra], default=str).encode())
    for path in sorted(hashes):
        h.update(f"{path}\0{hashes[path]}\n".encode())
    return h.hexdigest()
