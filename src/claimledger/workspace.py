"""The store as an editor sees it: files on disk overlaid with unsaved buffers, re-diagnosed
incrementally (only the edited file is re-parsed; conflicts are recomputed only for the
subjects the edit can touch).

Paths are absolute POSIX strings, so diagnostics map to editor URIs without guessing.
A benchmark can time `Workspace.update(path, text)` directly.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from pathlib import Path

from .check import CHECKS, ArchiveReader, CheckContext
from .conflict_diagnostics import conflict_diagnostics
from .conflicts import ConflictGroup, find_conflicts
from .diagnostics import Diagnostic, sort_diagnostics
from .model import Claim, Resolution, Source, Subject
from .parse import ParsedFile, parse_file
from .scan import scan_text
from .store import Store, build_store, read_folder


def absolute(path: str | Path) -> str:
    return Path(os.path.abspath(path)).as_posix()


class Workspace:
    """One store, its parsed files, open buffers, and the last diagnostics per file."""

    def __init__(
        self,
        root: str | Path,
        today: datetime.date | None = None,
        read_archive: ArchiveReader | None = None,
        strict: bool = False,
    ) -> None:
        self.root = absolute(root)
        self.context = CheckContext(today or datetime.date.today(), read_archive, strict)
        self.parsed: dict[str, ParsedFile] = {}
        self.buffers: dict[str, str] = {}
        self.disk_problems: list[Diagnostic] = []
        self.store: Store = build_store({}, self.root)
        self._groups: dict[str, ConflictGroup] = {}
        self.published: dict[str, list[Diagnostic]] = {}
        self.load()

    def load(self) -> dict[str, list[Diagnostic]]:
        """Read every claim file from disk (buffers still win) and diagnose everything."""
        texts, problems = read_folder(Path(self.root))
        self.disk_problems = [_absolute_diag(d) for d in problems]
        self.parsed = {absolute(p): parse_file(absolute(p), data) for p, data in texts.items()}
        for path, text in self.buffers.items():
            self.parsed[path] = parse_file(path, text)
        return self._recompute(None)

    def contains(self, path: str | Path) -> bool:
        """Whether a path is a claim file of this store."""
        p = absolute(path)
        return p.endswith(".toml") and (p + "/").startswith(self.root.rstrip("/") + "/")

    def update(self, path: str | Path, text: str) -> dict[str, list[Diagnostic]]:
        """An edited buffer: re-parse it alone and re-diagnose; returns diagnostics per file."""
        p = absolute(path)
        self.buffers[p] = text
        return self._replace(p, parse_file(p, text))

    def close(self, path: str | Path) -> dict[str, list[Diagnostic]]:
        """A buffer closed without saving: the file on disk speaks again."""
        p = absolute(path)
        self.buffers.pop(p, None)
        return self.reload(p)

    def reload(self, path: str | Path) -> dict[str, list[Diagnostic]]:
        """A file changed on disk (checkout, pull): re-read it unless a buffer holds it."""
        p = absolute(path)
        if p in self.buffers:
            return self.diagnostics()
        try:
            data = Path(p).read_bytes()
        except OSError:
            return self._replace(p, None)
        return self._replace(p, parse_file(p, data))

    def diagnostics(self) -> dict[str, list[Diagnostic]]:
        return dict(self.published)

    def scan(self, path: str | Path, text: str) -> list[Diagnostic]:
        """Prose diagnostics for a Markdown or plain-text buffer against the current store."""
        return scan_text(absolute(path), text, self.store, self.context.today)

    def _replace(self, path: str, parsed: ParsedFile | None) -> dict[str, list[Diagnostic]]:
        old = self.parsed.pop(path, None)
        if parsed is not None:
            self.parsed[path] = parsed
        touched = self._touched_subjects(old, parsed)
        return self._recompute(touched)

    def _touched_subjects(self, old: ParsedFile | None, new: ParsedFile | None) -> set[str] | None:
        """Subjects whose conflict groups an edit can change, or None for all of them."""
        records = [r for f in (old, new) if f is not None for r in f.records]
        if any(isinstance(r, Subject | Resolution) for r in records):
            return None
        claims = [r for r in records if isinstance(r, Claim)]
        if any(c.contradicts or c.supersedes or c.supports for c in claims):
            return None  # links reach across subjects
        if any(self._defined_elsewhere(c.id, (old, new)) for c in claims):
            return None  # a duplicate id: which definition wins may change
        touched = {c.subject for c in claims}
        sources = {r.id for r in records if isinstance(r, Source)}
        if sources:
            touched |= {c.subject for c in self.store.claims.values() if c.source in sources}
        return touched

    def _defined_elsewhere(self, claim_id: str, mine: Iterable[ParsedFile | None]) -> bool:
        known = self.store.claims.get(claim_id)
        paths = {f.path for f in mine if f is not None}
        return known is not None and known.origin.file not in paths

    def _recompute(self, touched: set[str] | None) -> dict[str, list[Diagnostic]]:
        self.store = build_store(self.parsed, self.root)
        today = self.context.today
        if touched is None:
            groups = find_conflicts(self.store, today)
            self._groups = {g.subject: g for g in groups}
        else:
            for subject in touched:
                self._groups.pop(subject, None)
            fresh = find_conflicts(self.store, today, sorted(touched))
            self._groups.update({g.subject: g for g in fresh})
        found = list(self.store.diagnostics) + self.disk_problems
        for check in CHECKS:
            found.extend(check(self.store, self.context))
        ordered = [self._groups[s] for s in sorted(self._groups)]
        found.extend(conflict_diagnostics(self.store, today, self.context.strict, ordered))
        self.published = _by_file(sort_diagnostics(found), self.parsed)
        return self.diagnostics()


def _by_file(found: list[Diagnostic], files: Iterable[str]) -> dict[str, list[Diagnostic]]:
    # Every file gets an entry, empty when clean, so editors clear fixed problems.
    out: dict[str, list[Diagnostic]] = {path: [] for path in files}
    for d in found:
        out.setdefault(d.file, []).append(d)
    return out


def _absolute_diag(d: Diagnostic) -> Diagnostic:
    from dataclasses import replace

    return replace(d, file=absolute(d.file))
