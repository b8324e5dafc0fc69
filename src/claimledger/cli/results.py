"""Store-level results kept in the cache: diagnostics, conflict groups, claims by subject.

Each is computed from the whole store once, written as JSON under a key naming everything it
depends on (see `Session.result_key`), and read back while that key holds: a warm command
then loads neither the TOML nor the records.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Callable, Iterator
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from claimledger.disk.cache import content_hash
from claimledger.disk.session import Session
from claimledger.model.diagnostics import (
    SEVERITIES,
    Diagnostic,
    decode_diagnostic,
    encode_diagnostic,
    row_identity,
)

SHARDS = 64


def cached(
    session: Session,
    name: str,
    key: str | Callable[[], str | None] | None,
    compute: Callable[[], Any],
) -> Any:
    """The blob `name` when it was written under `key`, else `compute()` (and store it).
    A callable `key` that cannot tell yet (None) is asked again after computing."""
    found = key() if callable(key) else key
    blob = session.read_blob(name) if found else None
    if isinstance(blob, dict) and blob.get("key") == found:
        return blob["value"]
    value = compute()
    if found is None and callable(key):
        found = key()
    if found and session.cacheable():  # checked again: nothing changed while we computed
        session.write_blob(name, {"key": found, "value": value})
    return value


def _check_key(session: Session, *extra: object) -> Callable[[], str | None]:
    """The key of a result of the checks, which read the archives the sources name: unknown
    until the names are (from the cache, or once the store is loaded)."""

    def key() -> str | None:
        state = session.archive_state()
        return None if state is None else session.result_key(*extra, state)

    return key


def check_results(session: Session, strict: bool, jobs: int = 1) -> tuple[list[Diagnostic], int]:
    """`run_checks` over the store and the number of files, from the cache when valid; a
    store not loaded yet is loaded and checked in up to `jobs` processes."""
    fresh, rows, files = _check_rows(session, strict, jobs)
    if fresh:  # computed just now: no need to decode what was just encoded
        return fresh, files
    return [decode_diagnostic(r) for r in rows], files


def since_results(
    session: Session, strict: bool, since: str, jobs: int = 1
) -> tuple[list[Diagnostic], int]:
    """`check_results` less the findings revision `since` had (by identity); cached rows
    are decoded only when new."""
    from claimledger.git.since import base_beside_head

    seen, (fresh, rows, files) = base_beside_head(
        session, since, lambda: _check_rows(session, strict, jobs)
    )
    if fresh:
        return [d for d in fresh if d.identity() not in seen], files
    return [decode_diagnostic(r) for r in rows if row_identity(r) not in seen], files


def _check_rows(
    session: Session, strict: bool, jobs: int
) -> tuple[list[Diagnostic], list[Any], int]:
    """The findings computed now (else []), their cached rows, and the number of files."""
    fresh: list[Diagnostic] = []

    def compute() -> list[Any]:
        from claimledger.disk.snapshot import collector_paused

        context = dataclasses.replace(session.context, strict=strict)
        # The store's millions of objects hold no cycles worth collecting: a full collection
        # triggered by the checks' allocations would only traverse them again.
        with collector_paused():
            if session.loaded:
                from claimledger.checks.validation import run_checks

                store = session.store
                fresh.extend(run_checks(store, context, session.progress))
            else:
                from claimledger.disk.parallel_check import load_and_check

                assert session.snapshot is not None
                store, found = load_and_check(session.snapshot, context, session.progress, jobs)
                session.store = store
                fresh.extend(found)
            return [len(store.files), [encode_diagnostic(d) for d in fresh]]

    key = _check_key(session, "check", strict)
    files, rows = cached(session, f"check-{int(strict)}.json", key, compute)
    return fresh, rows, files


def check_report(session: Session, strict: bool, fmt: str, jobs: int = 1) -> tuple[str, bool]:
    """`check`'s rendered output and whether it fails, from the cache when valid."""

    def compute() -> list[Any]:
        from claimledger.render.diagnostics import render

        found, files = check_results(session, strict, jobs)
        failing = {"error", "warning"} if strict else {"error"}
        return [render(fmt, found, files), any(d.severity.value in failing for d in found)]

    key = _check_key(session, "check-report", strict, fmt)
    text, fails = cached(session, f"check-{fmt}-{int(strict)}.txt.json", key, compute)
    return text, fails


def conflict_docs(session: Session) -> dict[str, list[dict[str, Any]]]:
    """Every conflict group as `group_json` and every timeline shown with them, from the
    cache when valid."""

    def compute() -> dict[str, list[dict[str, Any]]]:
        from claimledger.conflicts.groups import find_conflicts
        from claimledger.render.conflicts_json import group_json, timelines_of

        groups = find_conflicts(session.store, session.context.today)
        return {"groups": [group_json(g) for g in groups], "timelines": timelines_of(groups)}

    return cached(session, "conflicts.json", session.result_key("conflicts"), compute)  # type: ignore[no-any-return]


def shown_group(subject: str, severity: str, min_severity: str, subject_glob: str | None) -> bool:
    """Whether `claims conflicts` shows a group of this subject and severity."""
    if SEVERITIES.index(severity) < SEVERITIES.index(min_severity):
        return False
    return not subject_glob or fnmatchcase(subject, subject_glob) or subject == subject_glob


def conflicts_report(
    session: Session, show_all: bool, min_severity: str, subject_glob: str | None
) -> str:
    """`conflicts --format json` output, from the cache when valid."""

    def compute() -> str:
        # Imported here: a warm answer is read whole from the cache and renders nothing.
        from claimledger.render.conflicts_json import render_conflict_docs

        found = conflict_docs(session)
        docs = [
            d
            for d in found["groups"]
            if (show_all or d["status"] != "resolved")
            and shown_group(d["subject"], d["severity"], min_severity, subject_glob)
        ]
        subjects = {d["subject"] for d in docs}
        timelines = [t for t in found["timelines"] if t["subject"] in subjects]
        return render_conflict_docs(docs, timelines)

    rank = SEVERITIES.index(min_severity)
    key = session.result_key("conflicts-report", show_all, rank, subject_glob)
    return cached(session, "conflicts-report.json", key, compute)  # type: ignore[no-any-return]


def claims_of_subjects(session: Session, pattern: str) -> list[dict[str, Any]]:
    """`claim_json` of the claims `list --subject PATTERN` selects, in its order."""
    key = session.result_key("claims-by-subject")
    index = cached(session, "subjects.json", key, lambda: _write_shards(session, key))
    rows: list[tuple[Any, ...]] = []
    for shard in sorted({n for s, n in index.items() if fnmatchcase(s, pattern) or s == pattern}):
        blob = session.read_blob(f"subjects-{shard}.json")
        if not isinstance(blob, dict) or blob.get("key") != key:
            return _select_rows(session, pattern)  # a shard went missing: compute afresh
        for subject, found in blob["value"].items():
            if fnmatchcase(subject, pattern) or subject == pattern:
                rows.extend((subject, sort_key, cid, row) for sort_key, cid, row in found)
    return [row for *_, row in sorted(rows, key=lambda r: r[:3])]


def all_claim_rows(session: Session) -> Iterator[dict[str, Any]] | None:
    """`claim_json` of every claim in `list`'s order (subject, date, id), read shard by shard
    from the cache (written first if need be); None when nothing may be cached. Only one
    shard's rows are held at a time."""
    key = session.result_key("claims-by-subject")
    if key is None:
        return None
    index = cached(session, "subjects.json", key, lambda: _write_shards(session, key))
    return _rows_by_subject(session, key, index)


def _rows_by_subject(session: Session, key: str, index: dict[str, int]) -> Iterator[Any]:
    shard_no, shard = -1, None
    for subject in sorted(index):
        if index[subject] != shard_no:  # subjects of a shard come in runs: read it per run
            shard_no = index[subject]
            blob = session.read_blob(f"subjects-{shard_no}.json")
            shard = blob["value"] if isinstance(blob, dict) and blob.get("key") == key else None
        if shard is None:  # a shard went missing (pruned): this subject's rows afresh
            yield from _subject_rows(session, subject)
            continue
        for _, _, row in sorted(shard.get(subject, ()), key=lambda r: (r[0], r[1])):
            yield row


def _subject_rows(session: Session, subject: str) -> list[dict[str, Any]]:
    """`claim_json` of one subject's claims in `list`'s order, from the loaded store (its
    claims grouped by subject once, not searched again for each subject)."""
    from claimledger.checks.query import date_key
    from claimledger.render.records import claim_json

    store = session.store
    language = session.settings.language if session.settings else None
    found = store.claims_by_subject.get(subject, ())
    ordered = sorted(found, key=lambda c: (date_key(c, store), c.id))
    return [claim_json(c, store, language) for c in ordered]


def _write_shards(session: Session, key: str | None) -> dict[str, int]:
    """Each shard's rows, written one shard at a time (never all rows at once); the index of
    subject -> shard."""
    from claimledger.checks.query import date_key
    from claimledger.render.records import claim_json

    store = session.store
    language = session.settings.language if session.settings else None
    index: dict[str, int] = {}
    by_shard: dict[int, list[Any]] = {}
    for claim in store.claims.values():
        # One shard per first path segment: `list --subject 'iraq/*'` reads one shard.
        n = index.setdefault(
            claim.subject, zlib.crc32(claim.subject.split("/")[0].encode()) % SHARDS
        )
        by_shard.setdefault(n, []).append(claim)
    if not (key and session.cacheable()):
        return index
    for n, claims in by_shard.items():
        value: dict[str, list[Any]] = {}
        for claim in claims:
            row = [date_key(claim, store), claim.id, claim_json(claim, store, language)]
            value.setdefault(claim.subject, []).append(row)
        session.write_blob(f"subjects-{n}.json", {"key": key, "value": value})
    return index


def _select_rows(session: Session, pattern: str) -> list[dict[str, Any]]:
    from claimledger.checks.query import ClaimFilter, select
    from claimledger.render.records import claim_json

    language = session.settings.language if session.settings else None
    found = select(session.store, ClaimFilter(subject=pattern))
    return [claim_json(c, session.store, language) for c in found]


@dataclasses.dataclass
class CanonicalFiles:
    """`claims fmt`'s memory: the content hashes of files it found canonical. A store file
    whose hash (from the snapshot: trusted from its stat, else read and hashed) is among them
    is not parsed and rendered again; the set is rewritten with this run's canonical files."""

    session: Session | None
    paths: list[Path]
    hash_of: dict[str, str]
    known: frozenset[str]
    found: set[str] = dataclasses.field(default_factory=set)

    BLOB = "canonical.json"

    @classmethod
    def none(cls) -> CanonicalFiles:
        return cls(None, [], {}, frozenset())

    @classmethod
    def of_store(cls, session: Session) -> CanonicalFiles:
        """The store's files as the snapshot lists them; none (read the folder instead)
        without a cache or for an unusual folder (links, unreadable files)."""
        snap = session.snapshot
        if not session.cacheable() or snap is None:
            return cls.none()
        blob = session.read_blob(cls.BLOB)
        known = frozenset(blob) if isinstance(blob, list) else frozenset()
        hashes = snap.hashes
        return cls(session, [Path(p) for p in hashes], hashes, known)

    def canonical(self, path: Path) -> bool:
        digest = self.hash_of.get(path.as_posix())
        if digest is not None and digest in self.known:
            self.found.add(digest)
            return True
        return False

    def note(self, path: Path, result: Any) -> None:
        """Remember a file `format_file` left as it was (its text is its UTF-8 bytes)."""
        if self.session is not None and not result.problem and result.new == result.old:
            self.found.add(content_hash(result.old.encode("utf-8")))

    def save(self) -> None:
        if self.session is not None and self.found != self.known:
            self.session.write_blob(self.BLOB, sorted(self.found))
