"""The store as an editor sees it: files on disk overlaid with unsaved buffers, re-diagnosed
incrementally.

An edit re-parses only the edited file and updates the store's indexes in place; the
record-level checks run again only for records that changed or that refer to an id whose
record changed, and conflict groups are recomputed only for the subjects the edit can reach.
The result equals a full `run_checks` on the same texts (`tests/test_workspace.py` compares
them after random edits).

Paths are absolute POSIX strings, so diagnostics map to editor URIs without guessing.
A benchmark can time `Workspace.update(path, text)` directly.
"""

from __future__ import annotations

import datetime
import difflib
import os
from bisect import bisect_right, insort
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import Any

from claimledger.checks.provenance import subject_findings
from claimledger.checks.scan import scan_text
from claimledger.checks.standing import store_findings
from claimledger.checks.validation import (
    CHECKS,
    ArchiveReader,
    CheckContext,
    check_supersede_cycles,
)
from claimledger.conflicts.findings import group_diagnostics
from claimledger.conflicts.groups import (
    ConflictGroup,
    EpisodeMemo,
    KnownEntries,
    Pair,
    asserted_pair,
    find_conflicts,
    subject_groups,
)
from claimledger.conflicts.provenance import withdrawn_source
from claimledger.conflicts.resolutions import check_resolutions
from claimledger.conflicts.supersede import superseded_ids
from claimledger.disk.files import SETTINGS_FILE, read_folder
from claimledger.model.diagnostics import Diagnostic
from claimledger.model.records import (
    KINDS,
    Claim,
    Record,
    Resolution,
    Review,
    Source,
    record_key,
    record_kind,
)
from claimledger.tomlstore.parse import ParsedFile, parse_file
from claimledger.tomlstore.store import Store, build_store, duplicate_id

RKey = tuple[str, int]  # (path, index of the record in its file): a record's place in the store
Key = tuple[str, str]  # (kind, id)
RESOLUTIONS = len(CHECKS)  # record-level checks: CHECKS, then check_resolutions
PHASES = len(CHECKS) + 2


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
        default_language: str | None = None,
    ) -> None:
        self.root = absolute(root)
        today = today or datetime.date.today()
        self.context = CheckContext(today, read_archive, strict, default_language=default_language)
        self.parsed: dict[str, ParsedFile] = {}
        self.buffers: dict[str, str] = {}
        self.disk_problems: list[Diagnostic] = []
        self.published: dict[str, list[Diagnostic]] = {}
        self._reset()
        self.load()

    def _reset(self) -> None:
        self._store: Store = build_store({}, self.root)
        self._store.default_language = self.context.default_language
        self._order_dirty = False  # the store's dicts are not in `build_store` order
        self._diags_dirty = False  # the store's `diagnostics` list is out of date
        self._multi: dict[Key, list[RKey]] = {}  # every definition of an id, first one first
        self._refs: dict[Key, set[RKey]] = {}  # id -> indexed records whose checks look it up
        self._rdiags: dict[RKey, list[list[Diagnostic]]] = {}  # per record, per check
        self._dangling: set[RKey] = set()  # records with a dangling reference (hint may change)
        self._store_diags: dict[str, list[Diagnostic]] = {}  # per file: parse + duplicate ids
        self._disk: dict[str, list[Diagnostic]] = {}
        self._subject_claims: dict[str, set[str]] = {}  # subject -> indexed claim ids
        self._supersedes: dict[str, int] = {}  # claim id -> claims naming it in `supersedes`
        self._superseded_now: set[str] | None = None  # supersede.superseded_ids, when known
        self._contradicted_by: dict[str, set[str]] = {}  # claim id -> claims contradicting it
        self._res_by_claim: dict[str, set[str]] = {}  # claim id -> resolutions naming it
        self._memo: dict[str, EpisodeMemo] = {}  # subject -> its episodes as last laid out
        self._known: dict[str, KnownEntries] = {}  # subject -> its claims as last read
        self._fresh: set[str] = set()  # claims the edit being re-diagnosed changed
        self._marks: dict[str, dict[tuple[object, ...], list[Diagnostic]]] = {}  # per group
        self._group_diags: dict[str, dict[str, list[Diagnostic]]] = {}  # subject -> file -> ...
        self._file_subjects: dict[str, set[str]] = {}  # file -> subjects with findings in it
        self._provenance: dict[str, list[Diagnostic]] = {}  # subject -> circular reporting, ...
        self._provenance_files: dict[str, set[str]] = {}  # file -> subjects with such findings
        self._store_wide: list[Diagnostic] = []  # provenance cycles and track records

    @property
    def store(self) -> Store:
        """The store as `build_store` would make it (dicts in its order), for hover & co."""
        s = self._store
        if self._order_dirty:
            s.files = dict(sorted(self.parsed.items()))
            index: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
            for path, parsed in s.files.items():
                for i, record in enumerate(parsed.records):
                    kind = record_kind(record)
                    if self._multi[(kind, record.id)][0] == (path, i):
                        index[kind][record.id] = record
            s.sources, s.subjects = index["source"], index["subject"]
            s.claims, s.resolutions = index["claim"], index["resolution"]
            s.reviews = index["review"]
            self._order_dirty = False
        if self._diags_dirty:
            s.diagnostics = [d for path in s.files for d in self._store_diags.get(path, ())]
            self._diags_dirty = False
        return s

    def load(self) -> dict[str, list[Diagnostic]]:
        """Read every claim file from disk (buffers still win) and diagnose everything."""
        texts, problems = read_folder(Path(self.root))
        self.disk_problems = [_absolute_diag(d) for d in problems]
        self.parsed = {absolute(p): parse_file(absolute(p), data) for p, data in texts.items()}
        for path, text in self.buffers.items():
            self.parsed[path] = parse_file(path, text)
        self._rebuild()
        return self.diagnostics()

    def contains(self, path: str | Path) -> bool:
        """Whether a path is a claim file of this store."""
        p = absolute(path)
        if not p.endswith(".toml") or p == f"{self.root.rstrip('/')}/{SETTINGS_FILE}":
            return False  # the settings file is not a record file
        return (p + "/").startswith(self.root.rstrip("/") + "/")

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

    # -- the whole store -------------------------------------------------------------------

    def _rebuild(self) -> None:
        self._reset()
        self._store = build_store(self.parsed, self.root)
        self._store.default_language = self.context.default_language
        for path, parsed in self._store.files.items():
            for i, record in enumerate(parsed.records):
                self._multi.setdefault((record_kind(record), record.id), []).append((path, i))
        for rkeys in self._multi.values():
            self._register(self._record(rkeys[0]), rkeys[0], True)
        for d in self.disk_problems:
            self._disk.setdefault(d.file, []).append(d)
        for path in self.parsed:
            self._store_diags[path] = self._file_store_diags(path)
        everything = [(path, i) for path, f in self.parsed.items() for i in range(len(f.records))]
        self._check(everything)
        by_subject: dict[str, list[ConflictGroup]] = {}
        for group in find_conflicts(self._store, self.context.today):
            by_subject.setdefault(group.subject, []).append(group)
        for subject_id, groups in by_subject.items():
            self._set_group(subject_id, groups)
        for subject_id in self._store.subjects:
            self._set_provenance(subject_id, by_subject.get(subject_id, []))
        self._store_wide = store_findings(self._store)
        self.published = {}
        for path in [*self.parsed, *self._disk, *self._file_subjects]:
            if path not in self.published:
                self._assemble(path)

    # -- one file --------------------------------------------------------------------------

    def _replace(self, path: str, parsed: ParsedFile | None) -> dict[str, list[Diagnostic]]:
        """Put `parsed` (None: the file is gone) in place of the file, then re-diagnose only
        what the change can reach."""
        changed = self._reindex(path, parsed)
        if self._reaches_relays(changed):
            # A source's publisher, status or `cites` reaches every claim relaying it, however
            # far down a chain: check everything again (such edits are rare).
            self._rebuild()
            return self.diagnostics()
        return self._rediagnose(path, parsed, changed)

    def _reaches_relays(self, changed: dict[Key, tuple[Record | None, Record | None]]) -> bool:
        """Whether a source's content changed in a store where claims relay sources (a `via`,
        a claimant, a source's `cites`); without relays, a source reaches only its own claims,
        which the incremental path follows."""
        edited = [p for (kind, _), p in changed.items() if kind == "source" and p[0] != p[1]]
        if not edited:
            return False  # (a file re-parsed gives equal sources: the usual edit)
        if any(s.cites for pair in edited for s in pair if isinstance(s, Source)):
            return True
        store = self._store
        return any(c.via is not None or c.claimant for c in store.claims.values()) or any(
            s.cites for s in store.sources.values()
        )

    def _reindex(
        self, path: str, parsed: ParsedFile | None
    ) -> dict[Key, tuple[Record | None, Record | None]]:
        """Swap the file's records in the indexes; returns each id whose defining record
        changed, with the record before and after (None: no such record)."""
        old = self.parsed.get(path)
        old_records = old.records if old is not None else ()
        new_records = parsed.records if parsed is not None else ()
        touched = {(record_kind(r), r.id) for r in (*old_records, *new_records)}
        before = {key: self._first(key) for key in touched}
        if _id_sequence(old_records) != _id_sequence(new_records) or (old is None) != (
            parsed is None
        ):
            self._order_dirty = True
        for i, record in enumerate(old_records):
            rkeys = self._multi[(record_kind(record), record.id)]
            rkeys.remove((path, i))
            self._rdiags.pop((path, i), None)
            self._dangling.discard((path, i))
        if parsed is None:
            self.parsed.pop(path, None)
            self._store.files.pop(path, None)
            self._store_diags.pop(path, None)
        else:
            self.parsed[path] = parsed
            self._store.files[path] = parsed
        for i, record in enumerate(new_records):
            insort(self._multi.setdefault((record_kind(record), record.id), []), (path, i))
        # Which record each touched id now resolves to; unregister all first (keys are reused).
        changed: dict[Key, tuple[Record | None, Record | None]] = {}
        after: dict[Key, tuple[RKey, Record] | None] = {}
        for key in touched:
            if not self._multi.get(key):
                self._multi.pop(key, None)
            after[key] = self._first(key)
            b, a = before[key], after[key]
            if (b and b[1]) is not (a and a[1]):
                changed[key] = (b and b[1], a and a[1])
                if b is not None:
                    self._register(b[1], b[0], False)
        for key in changed:
            a = after[key]
            index = self._store.index(key[0])
            if a is None:
                index.pop(key[1], None)
            else:
                self._register(a[1], a[0], True)
                index[key[1]] = a[1]
        self._store.__dict__.pop("claims_by_subject", None)
        self._store.__dict__.pop("sources_by_publisher", None)
        self._diags_dirty = True
        return changed

    def _rediagnose(
        self,
        path: str,
        parsed: ParsedFile | None,
        changed: dict[Key, tuple[Record | None, Record | None]],
    ) -> dict[str, list[Diagnostic]]:
        """Re-run the checks of the records the change reaches (the file's own, those sharing
        a changed id, those referring to one) and the conflict groups of the subjects it
        touches; reassemble the findings of every file affected."""
        dirty_files = {path}
        recheck: set[RKey] = {(path, i) for i in range(len(parsed.records) if parsed else 0)}
        for key in changed:
            for rkey in self._multi.get(key, ()):
                recheck.add(rkey)
                dirty_files.add(rkey[0])
            recheck |= self._refs.get(key, set())
        recheck |= self._hints_to_refresh(changed)
        for (kind, _), pair in changed.items():
            if kind == "review":  # `reviewed-false` sits on the claim the review names
                for review in (r for r in pair if r is not None):
                    recheck.update(self._multi.get(("claim", review.claim), ()))  # type: ignore[union-attr]
        for file in dirty_files:
            if file in self.parsed:
                self._store_diags[file] = self._file_store_diags(file)
        self._check(recheck)
        dirty_files |= {rkey[0] for rkey in recheck}
        for subject in self._reach(changed):
            dirty_files |= self._recompute_group(subject)
        before = self._store_wide
        self._store_wide = store_findings(self._store)
        if before != self._store_wide:
            dirty_files |= {d.file for d in (*before, *self._store_wide)}
        for file in dirty_files:
            self._assemble(file)
        return self.diagnostics()

    def _first(self, key: Key) -> tuple[RKey, Record] | None:
        rkeys = self._multi.get(key)
        return (rkeys[0], self._record(rkeys[0])) if rkeys else None

    def _record(self, rkey: RKey) -> Record:
        return self.parsed[rkey[0]].records[rkey[1]]

    def _register(self, record: Record, rkey: RKey, add: bool) -> None:
        """Add (or remove) an indexed record to (from) the reverse indexes."""
        for ref in _refs(record):
            _toggle(self._refs, ref, rkey, add)
        if isinstance(record, Claim):
            _toggle(self._subject_claims, record.subject, record.id, add)
            if record.supersedes or record.id in self._supersedes:
                self._superseded_now = None  # a chain may change: follow them again
            if record.supersedes:
                count = self._supersedes.get(record.supersedes, 0) + (1 if add else -1)
                if count:
                    self._supersedes[record.supersedes] = count
                else:
                    self._supersedes.pop(record.supersedes, None)
            for target in set(record.contradicts):
                _toggle(self._contradicted_by, target, record.id, add)
        elif isinstance(record, Resolution):
            for cid in set(record.claims):
                _toggle(self._res_by_claim, cid, record.id, add)

    def _hints_to_refresh(self, changed: dict[Key, tuple[Record | None, Record | None]]) -> set:
        """Records with a dangling reference whose "did you mean" hint an added or removed id
        may change (the hint is the closest id of the whole index)."""
        ids: dict[str, list[str]] = {}
        for (kind, rid), (old, new) in changed.items():
            if (old is None) != (new is None):
                ids.setdefault(kind, []).append(rid)
        if not ids or not self._dangling:
            return set()
        found = set()
        for rkey in self._dangling:
            for kind, ref in _refs(self._record(rkey)):
                if (
                    kind in ids
                    and ref not in self._store.index(kind)
                    and difflib.get_close_matches(ref, ids[kind], n=1, cutoff=0.6)
                ):
                    found.add(rkey)
        return found

    def _file_store_diags(self, path: str) -> list[Diagnostic]:
        """What `build_store` reports for one file: its parse problems, then duplicate ids."""
        parsed = self.parsed[path]
        found = list(parsed.diagnostics)
        for i, record in enumerate(parsed.records):
            first = self._multi[(record_kind(record), record.id)][0]
            if first != (path, i):
                found.append(duplicate_id(record, self._record(first)))
        return found

    # -- record-level checks ---------------------------------------------------------------

    def _check(self, rkeys: Iterable[RKey]) -> None:
        """Run the record-level checks for these records and file the results per record."""
        by_file: dict[str, list[RKey]] = {}
        for rkey in rkeys:
            self._rdiags.pop(rkey, None)
            self._dangling.discard(rkey)
            by_file.setdefault(rkey[0], []).append(rkey)
        batch: list[RKey] = []
        alone: list[RKey] = []
        for keys in by_file.values():
            keys.sort()
            lines = [self._record(k).origin.line for k in keys]
            tidy = all(a < b for a, b in pairwise(lines))
            (batch if tidy else alone).extend(keys)
        if batch:
            found = self._run(batch)
            misfiled = self._file_by_position(batch, found)
            alone.extend(k for k in batch if k[0] in misfiled)
            for k in batch:
                if k[0] in misfiled:
                    self._rdiags.pop(k, None)
        for rkey in alone:  # records whose positions do not tell them apart: one at a time
            for phase, diags in enumerate(self._run([rkey])):
                for d in diags:
                    self._add_rdiag(rkey, phase, d)
        for rkey in set(batch) | set(alone):
            mine = self._rdiags.get(rkey)
            if mine and any(d.code == "dangling-reference" for d in mine[0]):
                self._dangling.add(rkey)

    def _run(self, rkeys: list[RKey]) -> list[list[Diagnostic]]:
        """The checks' findings on these records alone, per check."""
        s = self._store
        records = [self._record(k) for k in rkeys]

        def indexed(kind: type) -> list:
            return [r for r in records if isinstance(r, kind) and s.index(r.kind).get(r.id) is r]

        view = _CheckView(
            files={},
            root=s.root,
            sources=_Subset(s.sources, indexed(Source)),  # type: ignore[arg-type]
            subjects=s.subjects,
            claims=_Subset(s.claims, indexed(Claim)),  # type: ignore[arg-type]
            resolutions=_Subset(s.resolutions, indexed(Resolution)),  # type: ignore[arg-type]
            reviews=_Subset(s.reviews, indexed(Review)),  # type: ignore[arg-type]
        )
        view.only = records
        found = [list(check(view, self.context)) for check in CHECKS]
        found.append(list(check_supersede_cycles(view)))
        found.append(list(check_resolutions(view, self.context.today)))
        return found

    def _file_by_position(self, rkeys: list[RKey], found: list[list[Diagnostic]]) -> set[str]:
        """File each finding under the record whose lines hold it; returns the files where
        that was not possible (the caller checks those records one by one)."""
        heads: dict[str, tuple[list[int], list[RKey]]] = {}
        for k in rkeys:  # sorted by file, then index
            lines, keys = heads.setdefault(k[0], ([], []))
            lines.append(self._record(k).origin.line)
            keys.append(k)
        misfiled = set()
        for phase, diags in enumerate(found):
            for d in diags:
                lines, keys = heads.get(d.file, ([], []))
                at = bisect_right(lines, d.line) - 1
                rkey = keys[at] if at >= 0 else None
                if rkey is None or record_key(self._record(rkey)) not in d.records[:1]:
                    misfiled.add(d.file)
                    continue
                self._add_rdiag(rkey, phase, d)
        return misfiled

    def _add_rdiag(self, rkey: RKey, phase: int, d: Diagnostic) -> None:
        mine = self._rdiags.get(rkey)
        if mine is None:
            mine = self._rdiags[rkey] = [[] for _ in range(PHASES)]
        mine[phase].append(d)

    # -- conflicts -------------------------------------------------------------------------

    def _reach(self, changed: dict[Key, tuple[Record | None, Record | None]]) -> set[str]:
        """Subjects whose conflict group the changed records can alter."""
        claims = self._store.claims
        moved: set[str] = set()  # claims whose standing (record, activity, source) changed
        subjects: set[str] = set()

        def reach(cid: str) -> None:
            claim = claims.get(cid)
            if claim is not None:
                subjects.add(claim.subject)
            for other in self._contradicted_by.get(cid, ()):
                subjects.add(claims[other].subject)

        for (kind, rid), pair in changed.items():
            records = [r for r in pair if r is not None]
            if kind == "claim":
                moved.add(rid)
                for claim in records:
                    subjects.add(claim.subject)  # type: ignore[union-attr]
                    if claim.supersedes:  # type: ignore[union-attr]
                        moved.add(claim.supersedes)  # type: ignore[union-attr]
            elif kind == "subject":
                subjects.add(rid)
                self._memo.pop(rid, None)  # a new unit or kind: every episode afresh
                self._known.pop(rid, None)
            elif kind == "source":
                for rkey in self._refs.get(("source", rid), ()):
                    record = self._record(rkey)
                    if isinstance(record, Claim):
                        moved.add(record.id)
            elif kind == "resolution":
                for resolution in records:
                    for cid in resolution.claims:  # type: ignore[union-attr]
                        reach(cid)
        for cid in moved:
            reach(cid)
            for rid in self._res_by_claim.get(cid, ()):
                for other in self._store.resolutions[rid].claims:
                    reach(other)
        self._fresh = moved
        return subjects

    def _active(self, claim: Claim) -> bool:
        if self._superseded_now is None:
            self._superseded_now = superseded_ids(self._store.claims)
        return (
            claim.active
            and claim.id not in self._superseded_now
            and withdrawn_source(self._store, claim) is None
        )

    def _subject_active(self, subject_id: str) -> list[Claim]:
        """A subject's active claims in the store's order (as `active_claims` lists them)."""
        order, claims = self._multi, self._store.claims
        mine = [claims[c] for c in self._subject_claims.get(subject_id, ())]
        mine.sort(key=lambda c: order[("claim", c.id)][0])
        return [c for c in mine if self._active(c)]

    def _group(self, subject_id: str) -> list[ConflictGroup]:
        """`find_conflicts` for one subject, from the per-subject indexes."""
        store = self._store
        subject = store.subjects.get(subject_id)
        if subject is None:
            return []
        order = self._multi
        active = self._subject_active(subject_id)
        asserted: list[Pair] = []
        seen: set[frozenset[str]] = set()
        for a in active:
            for other in a.contradicts:
                b = store.claims.get(other)
                if b is None or other == a.id or not self._active(b):
                    continue
                key = frozenset((a.id, other))
                if key in seen:
                    continue
                if a.id in b.contradicts and order[("claim", other)][0] < order[("claim", a.id)][0]:
                    continue  # found first from b's side, so filed under b's subject
                seen.add(key)
                asserted.append(asserted_pair(a, b))
        # A `contradicts` link may reach a claim of another subject: its resolutions count too.
        reach = {c.id for c in active} | {p.b.id for p in asserted}
        by_claim = {
            cid: [store.resolutions[r] for r in self._res_by_claim[cid]]
            for cid in reach & self._res_by_claim.keys()
        }
        memo = self._memo.setdefault(subject_id, {})
        known = self._known.setdefault(subject_id, {})
        today, fresh = self.context.today, self._fresh
        return subject_groups(store, subject, active, asserted, by_claim, today, memo, fresh, known)

    def _recompute_group(self, subject_id: str) -> set[str]:
        """Recompute one subject's groups; returns the files whose findings may change."""
        groups = self._group(subject_id)
        return self._set_group(subject_id, groups) | self._set_provenance(subject_id, groups)

    def _set_provenance(self, subject_id: str, groups: list[ConflictGroup]) -> set[str]:
        """Recompute one subject's provenance findings; returns the files they were and are in."""
        before = self._provenance.pop(subject_id, [])
        for d in before:
            self._provenance_files.get(d.file, set()).discard(subject_id)
        subject = self._store.subjects.get(subject_id)
        found = []
        if subject is not None:
            active = self._subject_active(subject_id)
            found = subject_findings(self._store, subject, groups, active)
        if found:
            self._provenance[subject_id] = found
            for d in found:
                self._provenance_files.setdefault(d.file, set()).add(subject_id)
        return {d.file for d in (*before, *found)}

    def _set_group(self, subject_id: str, groups: list[ConflictGroup]) -> set[str]:
        """File the groups' marks per file; returns the files whose marks changed (a group
        taken whole from before keeps its files' marks)."""
        for file in self._group_diags.pop(subject_id, {}):
            self._file_subjects[file].discard(subject_id)
        before = self._marks.pop(subject_id, {})
        changed: set[str] = set()
        if not groups:
            return {d.file for found in before.values() for d in found}
        marks: dict[tuple[object, ...], list[Diagnostic]] = {}
        per_file: dict[str, list[Diagnostic]] = {}
        for group in groups:
            # An episode nobody touched keeps its marks: a dense subject has thousands.
            ids = group.ids
            judged = group.resolution.id if group.resolution else None
            key = (ids, group.status, group.severity, judged, group.stale_reasons)
            found = before.pop(key, None) if not ids & self._fresh else None
            if found is None:
                # Every involved claim is marked: editors show a problem where one looks.
                strict = self.context.strict
                found = list(group_diagnostics(group, self._store, strict, each_claim=True))
                changed.update(d.file for d in found)
            marks[key] = found
            for d in found:
                per_file.setdefault(d.file, []).append(d)
        self._marks[subject_id] = marks
        if per_file:
            self._group_diags[subject_id] = per_file
            for file in per_file:
                self._file_subjects.setdefault(file, set()).add(subject_id)
        changed.update(d.file for found in before.values() for d in found)  # marks dropped
        return changed

    # -- publishing ------------------------------------------------------------------------

    def _assemble(self, path: str) -> None:
        """One file's findings, in the order a full `run_checks` lists them."""
        parsed = self.parsed.get(path)
        found = [*self._store_diags.get(path, ()), *self._disk.get(path, ())]
        if parsed is not None:
            mine = [self._rdiags.get((path, i)) for i in range(len(parsed.records))]
            mine = [m for m in mine if m]
            for phase in range(PHASES):
                for m in mine:
                    found.extend(m[phase])
        for subject in sorted(self._file_subjects.get(path, ())):
            found.extend(self._group_diags[subject][path])
        found.extend(d for d in self._store_wide if d.file == path)  # (a few at most)
        for subject in sorted(self._provenance_files.get(path, ())):
            found.extend(d for d in self._provenance[subject] if d.file == path)
        if parsed is None and not found:
            self.published.pop(path, None)
        else:
            found.sort(key=lambda d: d.sort_key)
            self.published[path] = found


class _Subset:
    """A store index whose `values()` are only the records to check; lookups see them all."""

    def __init__(self, full: dict[str, Any], only: list[Any]) -> None:
        self.full, self.only = full, only

    def values(self) -> list[Any]:
        return self.only

    def __contains__(self, key: object) -> bool:
        return key in self.full

    def __getitem__(self, key: str) -> Any:
        return self.full[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.full.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self.full)

    def __len__(self) -> int:
        return len(self.full)

    def keys(self):  # type: ignore[no-untyped-def]
        return self.full.keys()

    def items(self):  # type: ignore[no-untyped-def]
        return self.full.items()


class _CheckView(Store):
    """The store as the checks see it when only some records are to be checked."""

    only: list[Record]

    def records(self) -> Iterator[Record]:
        return iter(self.only)


def _refs(record: Record) -> list[Key]:
    """The ids a record's checks look up (their records' presence or content)."""
    if isinstance(record, Claim):
        found = [("subject", record.subject), ("source", record.source)]
        for key in ("supersedes", "contradicts", "supports"):
            raw = getattr(record, key)
            found += [("claim", ref) for ref in ((raw,) if isinstance(raw, str) else (raw or ()))]
        return found
    if isinstance(record, Resolution):
        return [("claim", cid) for cid in record.claims]
    if isinstance(record, Review):
        return [("claim", record.claim)]
    return []


def _toggle(index: dict[Any, set[Any]], key: Any, value: Any, add: bool) -> None:
    if add:
        index.setdefault(key, set()).add(value)
        return
    values = index.get(key)
    if values is not None:
        values.discard(value)
        if not values:
            del index[key]


def _id_sequence(records: Iterable[Record]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for r in records:
        found.setdefault(record_kind(r), []).append(r.id)
    return found


def _absolute_diag(d: Diagnostic) -> Diagnostic:
    return replace(d, file=absolute(d.file))
