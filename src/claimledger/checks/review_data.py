"""The data of a review and of a record's history: plain values that git commands fill in
and renderers read, so that a renderer never imports a module that runs git."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimledger.model.records import KINDS

if TYPE_CHECKING:  # annotations only: importing these would load the conflict engine
    from claimledger.checks.changes import ConflictChange, FieldChange, RecordChange
    from claimledger.model.records import Record
    from claimledger.tomlstore.store import Store


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a revision as typed, and its commit (None: the working tree)."""

    label: str
    commit: str | None

    @property
    def short(self) -> str:
        return self.commit[:7] if self.commit else "working tree"

    @property
    def title(self) -> str:
        """`main (1a2b3c4)`, or `working tree`."""
        return f"{self.label} ({self.short})" if self.commit else self.label


@dataclass
class Review:
    """What a change does: both sides, the records changed and the conflict groups affected."""

    base: Side
    head: Side
    old: Store
    new: Store
    records: list[RecordChange]
    conflicts: list[ConflictChange]


@dataclass(frozen=True)
class Commit:
    hash: str
    short: str
    date: str
    author: str
    subject: str


@dataclass(frozen=True)
class FileChange:
    """One changed file of a commit: the blob before and after (None when absent)."""

    path: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class HistoryEntry:
    """What one commit did to the record."""

    commit: Commit
    change: str  # added | changed | moved | removed
    kind: str
    old: Record | None
    new: Record | None
    fields: tuple[FieldChange, ...]


def split_key(key: str) -> tuple[str | None, str]:
    """`claim:abc` -> ("claim", "abc"); a bare id matches any kind."""
    kind, sep, rid = key.partition(":")
    return (kind, rid) if sep and kind in KINDS else (None, key)
