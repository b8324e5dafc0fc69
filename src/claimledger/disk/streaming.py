"""The store read file by file, for output that must not hold every record at once
(`claims list --format jsonl`, `sources`/`subjects --format jsonl`).

A claim's row needs its source and subject, which may sit in any file (conventionally the
subjects come last, in `subjects/`), so reading takes two passes: `read_references` parses
every file and keeps only the sources, the subjects and a count of claims; `claims_by_file`
parses the files again one at a time and yields their claims. Between files nothing but the
references is held: memory stays flat however many claims there are. The records and their
order are those of `load_store` (files in path order, the first definition of an id winning).
Only the streaming commands import this module, so its imports of the parser cost no other.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimledger.disk.snapshot import Snapshot
from claimledger.model.diagnostics import Diagnostic
from claimledger.model.records import Claim, Source, Subject
from claimledger.tomlstore.limits import MAX_FILE_BYTES
from claimledger.tomlstore.parse import parse_file
from claimledger.tomlstore.store import Store, unloaded_files

if TYPE_CHECKING:
    from claimledger.checks.validation import Progress

PROGRESS_EVERY = 256


@dataclass(frozen=True)
class References:
    """What the first pass keeps: sources and subjects (as a store without claims), claims
    per source and per subject, the files holding claims, and the files not read."""

    refs: Store
    per_source: Counter[str]
    per_subject: Counter[str]
    claim_files: tuple[str, ...]
    # (file, index among its records) of claims whose id an earlier claim already has.
    repeated: frozenset[tuple[str, int]]
    unread: tuple[Diagnostic, ...]


def read_references(snap: Snapshot, progress: Progress | None = None) -> References:
    """Parse every file once, keeping the sources and subjects and dropping the claims."""
    refs = Store(files={}, root=snap.base)
    per_source: Counter[str] = Counter()
    per_subject: Counter[str] = Counter()
    seen: set[str] = set()
    claim_files, repeated, unread = [], set(), []
    paths = sorted(snap.files)
    for done, path in enumerate(paths, 1):
        parsed = parse_file(path, snap.data.pop(path, None) or _read(snap, path))
        if not parsed.records:
            alone = Store(files={path: parsed}, diagnostics=list(parsed.diagnostics))
            unread.extend(unloaded_files(alone))
        for at, record in enumerate(parsed.records):
            if isinstance(record, Claim):
                if record.id in seen:
                    repeated.add((path, at))
                    continue
                seen.add(record.id)
                per_source[record.source] += 1
                per_subject[record.subject] += 1
                if not claim_files or claim_files[-1] != path:
                    claim_files.append(path)
            elif isinstance(record, Source | Subject):
                kept = refs.sources if isinstance(record, Source) else refs.subjects
                if record.id not in kept:
                    kept[record.id] = _without_key_positions(record)
        if progress and (done % PROGRESS_EVERY == 0 or done == len(paths)):
            progress("loading", done, len(paths))
    return References(
        refs, per_source, per_subject, tuple(claim_files), frozenset(repeated), tuple(unread)
    )


def _without_key_positions(record: Source | Subject) -> Source | Subject:
    """The record with its header position only: its key positions, scanned on demand, hold
    the whole file's text (100 MB of the 180 MB peak at 100,000 claims), and nothing written
    from the references points at a key."""
    return dataclasses.replace(record, origin=dataclasses.replace(record.origin, keys={}))


def claims_by_file(snap: Snapshot, found: References) -> Iterator[Claim]:
    """Every claim of the store, file by file in path order, each file parsed only when
    reached and let go after its last claim."""
    for path in found.claim_files:
        parsed = parse_file(path, _read(snap, path))
        for at, record in enumerate(parsed.records):
            if isinstance(record, Claim) and (path, at) not in found.repeated:
                yield record


def _read(snap: Snapshot, shown: str) -> bytes:
    """A file's bytes (up to one byte past the limit, enough to refuse it)."""
    full = snap.files[shown][0]
    try:
        with open(full, "rb") as f:
            return f.read(MAX_FILE_BYTES + 1)
    except OSError:
        return b""  # gone since the snapshot: as if empty (`check` reports what is there)
