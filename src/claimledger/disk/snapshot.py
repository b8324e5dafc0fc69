"""What a store on disk holds right now, by content, read as little as possible.

`snapshot` walks the folder as `read_folder` does (`store_entries`), but reads and hashes only
the files the cache index cannot vouch for; `load_store` then reads the rest and parses everything.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimledger.disk import cache
from claimledger.disk.files import display_path, read_folder, store_entries
from claimledger.tomlstore.limits import MAX_FILE_BYTES

if TYPE_CHECKING:  # annotations only: the warm path must not load the checks
    from claimledger.checks.validation import Progress
    from claimledger.tomlstore.store import Store


@dataclass
class Snapshot:
    """The files of a store: display path -> (full path, stat, content hash), and the bytes
    read but not parsed yet."""

    root: Path
    base: str
    files: dict[str, tuple[str, cache.Stat, str]] = field(default_factory=dict)
    data: dict[str, bytes] = field(default_factory=dict)
    unusual: bool = False  # symlinks, folders named *.toml, unreadable files: no shortcuts

    @property
    def hashes(self) -> dict[str, str]:
        return {p: h for p, (_, _, h) in self.files.items()}


def snapshot(root: Path, folder: Path | None) -> Snapshot:
    """Stat every claim file; hash those the index does not vouch for; save the index."""
    started = time.time_ns()
    name = cache.index_name(root)
    index = cache.load_index(folder, name)
    snap = Snapshot(root, display_path(root))
    prefix = f"{snap.base}/" if snap.base not in ("", ".") else ""
    for rel, entry in _plain_files(str(root), snap):
        shown = prefix + rel
        try:
            st = cache.stat_key(entry.stat())
            digest = index.trusted(shown, st)
            if digest is None:
                with open(entry.path, "rb") as f:
                    snap.data[shown] = f.read(MAX_FILE_BYTES + 1)  # enough to refuse it
                digest = cache.content_hash(snap.data[shown])
        except OSError:
            snap.unusual = True
            continue
        snap.files[shown] = (entry.path, st, digest)
    if snap.data or len(index.entries) != len(snap.files):
        entries = {p: (s, h) for p, (_, s, h) in snap.files.items()}
        cache.save_index(folder, entries, started, name)
    return snap


def _plain_files(root: str, snap: Snapshot) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """The regular `*.toml` files of `store_entries`; anything else marks the snapshot
    unusual, so that `read_folder` (which reports or follows it) reads the store instead."""
    for rel, entry in store_entries(root):
        if isinstance(entry, OSError) or entry.is_symlink():
            snap.unusual = True
        elif entry.name.endswith(".toml"):
            if entry.is_file():
                yield rel, entry
            else:
                snap.unusual = True  # a folder named *.toml; never open a FIFO: it may block


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a while (as it was before afterwards)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # What was made meanwhile joins the permanent generation: the first collection
            # after `enable` would otherwise traverse all of it (0.4 s on 100,000 claims) to
            # find no cycles. Frozen objects are still freed by reference counting.
            gc.freeze()
            gc.enable()


# How often loading reports progress: every this many files.
PROGRESS_EVERY = 256


def load_store(snap: Snapshot, progress: Progress | None = None) -> Store:
    """Parse every file of the snapshot (exactly what `read_folder` + `load_texts` give).

    `progress("loading", done, total)` is called as files are parsed, if given."""
    # Imported here: a warm command takes a snapshot and never parses (44 ms of imports).
    from claimledger.tomlstore.parse import parse_file
    from claimledger.tomlstore.store import build_store

    if snap.unusual:
        texts, problems = read_folder(snap.root)
    else:
        texts, problems = read_all(snap), []
    # Parsing makes millions of objects and almost no cycles: the cyclic collector would
    # traverse the growing heap again and again (a third of the time on 100,000 claims).
    with collector_paused():
        paths = sorted(texts)
        total = len(paths)
        parsed = {}
        for done, path in enumerate(paths, 1):
            # Each file's bytes are let go once parsed (records keep the decoded text):
            # 44 MB less at the peak on 100,000 claims.
            parsed[path] = parse_file(path, texts.pop(path))
            if progress and (done % PROGRESS_EVERY == 0 or done == total):
                progress("loading", done, total)
        store = build_store(parsed, root=snap.base)
    store.diagnostics.extend(problems)
    return store


def read_all(snap: Snapshot) -> dict[str, bytes]:
    """Every file's bytes, read once: those not read yet are read now and kept."""
    for shown, (full, _, digest) in snap.files.items():
        if shown not in snap.data:
            with open(full, "rb") as f:
                snap.data[shown] = f.read(MAX_FILE_BYTES + 1)  # enough to refuse it
            if cache.content_hash(snap.data[shown]) != digest:
                snap.unusual = True  # changed while we looked: results must not be cached
    return snap.data
