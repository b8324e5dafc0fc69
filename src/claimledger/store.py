"""The store: `{path: text}` -> records indexed by kind and id, plus discovery on disk.

The same `load_texts` serves the folder on disk, a git revision and unsaved editor buffers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from claimledger.diagnostics import Diagnostic, Related, Severity, at_key
from claimledger.discovery import display_path, find_store  # noqa: F401 - re-exported
from claimledger.model import Claim, Record, Resolution, Source, Subject, record_kind
from claimledger.parse import ParsedFile, parse_file


@dataclass
class Store:
    """All records of a store, first definition of each id winning, and load-time problems."""

    files: dict[str, ParsedFile]
    root: str = ""
    sources: dict[str, Source] = field(default_factory=dict)
    subjects: dict[str, Subject] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    resolutions: dict[str, Resolution] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def records(self) -> Iterator[Record]:
        for parsed in self.files.values():
            yield from parsed.records

    def index(self, kind: str) -> dict[str, Record]:
        return {  # type: ignore[return-value]
            "source": self.sources,
            "subject": self.subjects,
            "claim": self.claims,
            "resolution": self.resolutions,
        }[kind]

    @cached_property
    def claims_by_subject(self) -> dict[str, list[Claim]]:
        grouped: dict[str, list[Claim]] = {}
        for claim in self.claims.values():
            grouped.setdefault(claim.subject, []).append(claim)
        return grouped


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


def read_folder(root: Path) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every `*.toml` under `root` as bytes, keyed by display path; problems as diagnostics."""
    texts: dict[str, bytes] = {}
    problems: list[Diagnostic] = []
    real_root = root.resolve()
    base = display_path(root)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        names = sorted(filenames) + [d for d in dirnames if d.endswith(".toml")]
        for name in names + [d for d in dirnames if not d.endswith(".toml")]:
            full = Path(dirpath) / name
            rel = full.relative_to(root).as_posix()
            shown = f"{base}/{rel}" if base not in ("", ".") else rel
            if not name.endswith(".toml"):  # a linked folder is not walked: say so if it leaves
                outside = _outside_link(full, real_root, shown) if full.is_symlink() else None
                problems.extend([outside] if outside else [])
                continue
            data, problem = _read_one(full, real_root, shown)
            if problem:
                problems.append(problem)
            if data is not None:
                texts[shown] = data
    return texts, problems


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
        return full.read_bytes(), None
    except OSError as exc:
        return None, Diagnostic(
            shown,
            1,
            1,
            Severity.ERROR,
            "unreadable",
            f"cannot read file: {exc.strerror or exc}",
            "check the file's permissions",
        )
