"""The output folder of `claims site`: pages written only when their bytes change, pages no
longer made removed, and the manifest that makes the next build incremental.

The manifest (`.claims-site.json` in the output folder) holds the content hash of every
input file, the hash of every page written, the index and search rows of every page, and
what `render/site_build.page_inputs` says each subject's pages read.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

# orjson, not json: the manifest of 20,000 claims is 12 MB; json took 0.26 s to read it and
# 0.20 s to encode it, a quarter of a one-file rebuild; orjson 0.16 s and 0.04 s (import:
# 45 ms; the cache loads it anyway, disk/cache.py). Non-ASCII is written as UTF-8, not \u escapes.
import orjson

from claimledger.disk.atomic import atomic_write
from claimledger.errors import ClaimsError

MANIFEST = ".claims-site.json"
FORMAT = 2  # 2: search rows kept as page -> text, and the index's counts
SITE_MARKERS = (MANIFEST, "index.html")
# Bytes as they are (O_BINARY: no newline translation on Windows), not inherited by children.
WRITE_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
)


def page_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def prepare_folder(out: Path) -> None:
    """Make the folder; refuse a non-empty folder that is not a site we built (a typo must
    not scatter 100,000 pages into someone's project)."""
    if out.exists() and not out.is_dir():
        raise ClaimsError(f"{out}: not a folder; name a new or existing site folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).exists():
        raise ClaimsError(
            f"{out}: a folder with other files in it; `claims site` writes only into a new "
            f"folder or one it built before (holding {MANIFEST})"
        )
    out.mkdir(parents=True, exist_ok=True)
    if not (out / MANIFEST).exists():
        # Claimed before the first page: a build cut short (Ctrl-C, a crash) leaves a folder
        # the next run recognises and builds in full, instead of refusing it as foreign.
        save_manifest(out, {"key": None})


def load_manifest(out: Path) -> dict[str, Any] | None:
    """The previous build's manifest, or None (missing, unreadable or of another format)."""
    try:
        data = orjson.loads((out / MANIFEST).read_bytes())
    except (OSError, ValueError):  # orjson.JSONDecodeError is a ValueError
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def save_manifest(out: Path, manifest: dict[str, Any]) -> None:
    manifest["format"] = FORMAT
    # Not fsynced: a manifest lost in a crash costs one full build, and the fsync of its
    # 48 MB (100,000 claims) was a twentieth of a one-file rebuild.
    atomic_write(out / MANIFEST, orjson.dumps(manifest), durable=False)


class PageWriter:
    """Writes pages whose bytes differ from the last build's; counts what it did."""

    def __init__(self, out: Path, previous: dict[str, str]) -> None:
        self.out = out
        self.previous = previous
        self.hashes: dict[str, str] = {}
        self.written = 0
        self.unchanged = 0
        self.folders: set[str] = set()

    def write(self, path: str, data: bytes | str) -> None:
        raw = data.encode() if isinstance(data, str) else data
        digest = page_hash(raw)
        self.hashes[path] = digest
        # Plain strings and os calls: a full build writes 26,000 files from 20,000 claims, and
        # a Path and a buffered file object per page added 29,000 syscalls (isatty, lseek).
        target = os.path.join(self.out, path)
        if self.previous.get(path) == digest and os.path.exists(target):
            self.unchanged += 1
            return
        folder = os.path.dirname(target)
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        _write_bytes(target, raw)  # pages are rebuilt if torn: no atomic rename per page
        self.written += 1

    def keep(self, path: str) -> bool:
        """Keep the last build's page at `path` as it is, if it is still there."""
        before = self.previous.get(path)
        if not before or not os.path.exists(os.path.join(self.out, path)):
            return False
        self.hashes[path] = before
        self.unchanged += 1
        return True

    def remove(self, paths: list[str]) -> int:
        """Delete pages the site no longer has (and folders left empty)."""
        for path in paths:
            target = self.out / path
            target.unlink(missing_ok=True)
            for parent in target.parents:
                if parent == self.out or any(parent.iterdir()):
                    break
                parent.rmdir()
        return len(paths)


def _write_bytes(target: str, raw: bytes) -> None:
    """The file's bytes, through one descriptor and no Python-level buffer."""
    fd = os.open(target, WRITE_FLAGS, 0o666)
    try:
        view = memoryview(raw)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
