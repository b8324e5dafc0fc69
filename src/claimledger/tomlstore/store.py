"""The store: `{path: text}` -> records indexed by kind and id, plus discovery on disk.

The same `load_texts` serves the folder on disk, a git revision and unsaved editor buffers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from claimledger.model.diagnostics import Diagnostic, Related, Severity, at_key
from claimledger.model.records import (
    Claim,
    Record,
    Resolution,
    Review,
    Source,
    Subject,
    record_kind,
)
from claimledger.tomlstore.decode import BOM_MESSAGE
from claimledger.tomlstore.parse import ParsedFile, parse_file

# Findings that mean a file's records were not loaded at all.
NOT_LOADED = frozenset(
    {
        "toml-syntax",
        "encoding",
        "merge-conflict",
        "file-too-large",
        "key-too-deep",
        "unreadable",
        "symlink-outside",
    }
)


@dataclass
class Store:
    """All records of a store, first definition of each id winning, and load-time problems."""

    files: dict[str, ParsedFile]
    root: str = ""
    sources: dict[str, Source] = field(default_factory=dict)
    subjects: dict[str, Subject] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    resolutions: dict[str, Resolution] = field(default_factory=dict)
    reviews: dict[str, Review] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # The settings file's `language`: how figures of sources that name none are read.
    default_language: str | None = None

    def records(self) -> Iterator[Record]:
        for parsed in self.files.values():
            yield from parsed.records

    def index(self, kind: str) -> dict[str, Record]:
        return {  # type: ignore[return-value]
            "source": self.sources,
            "subject": self.subjects,
            "claim": self.claims,
            "resolution": self.resolutions,
            "review": self.reviews,
        }[kind]

    @cached_property
    def sources_by_publisher(self) -> dict[str, Source]:
        """Each publisher (case and spacing aside) to its lowest-id source: a claimant naming
        a publisher names it."""
        found: dict[str, Source] = {}
        # items(), not values(): the editor's check view narrows values() to the records
        # being checked, while lookups (and items) see every source.
        for _, source in sorted(self.sources.items()):
            found.setdefault(" ".join((source.publisher or source.id).split()).casefold(), source)
        return found

    @cached_property
    def claims_by_subject(self) -> dict[str, list[Claim]]:
        grouped: dict[str, list[Claim]] = {}
        for claim in self.claims.values():
            grouped.setdefault(claim.subject, []).append(claim)
        return grouped


def unloaded_files(store: Store) -> list[Diagnostic]:
    """One finding per file whose records are missing from the store, saying why: commands
    that show records name these files, so a broken file never silently drops out."""
    found = [
        d
        for d in store.diagnostics
        if d.code in NOT_LOADED and d.severity == Severity.ERROR and d.message != BOM_MESSAGE
    ]
    first: dict[str, Diagnostic] = {}
    for d in found:
        parsed = store.files.get(d.file)
        if parsed is None or not parsed.records:
            first.setdefault(d.file, d)
    return sorted(first.values(), key=lambda d: d.file)


def load_texts(texts: Mapping[str, bytes | str], root: str = "") -> Store:
    """Parse every file and index the records; never raises on bad content."""
    return build_store({path: parse_file(path, data) for path, data in sorted(texts.items())}, root)


def build_store(files: Mapping[str, ParsedFile], root: str = "") -> Store:
    store = Store(files=dict(sorted(files.items())), root=root)
    by_type = {  # what `store.index(record_kind(record))` gives, by the record's class
        Source: store.sources,
        Subject: store.subjects,
        Claim: store.claims,
        Resolution: store.resolutions,
        Review: store.reviews,
    }
    for parsed in store.files.values():
        store.diagnostics.extend(parsed.diagnostics)
        for record in parsed.records:
            index = by_type.get(type(record))
            if index is None:  # a subclass: never made by the loader, but keep the rule
                index = store.index(record_kind(record))
            first = index.get(record.id)
            if first is None:
                index[record.id] = record
            else:
                store.diagnostics.append(duplicate_id(record, first))
    return store


def duplicate_id(record: Record, first: Record) -> Diagnostic:
    """The error on a record whose kind and id an earlier record already has."""
    kind = record_kind(record)
    fline, fcol = first.origin.at("id")
    return at_key(
        record.origin,
        "id",
        Severity.ERROR,
        "duplicate-id",
        f"duplicate {kind} id {record.id!r} (first defined at {first.origin.file}:{fline})",
        "give this record a new id; ids are unique per kind across the store",
        related=(Related(first.origin.file, fline, fcol, f"first {kind} {record.id!r}"),),
        records=(f"{kind}:{record.id}",),
    )
