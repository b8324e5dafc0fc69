"""The two stores of a review, holding only what the change can reach.

`claims diff` on one changed file needs, on each side: the records of the changed files (and
every other definition of their ids, so the first definition still wins), the subjects,
claims and resolutions those records name or are named by, and, for each subject whose
conflict group the change can alter, every claim on it with what decides its group (the
claims it contradicts, the claims superseding them, the resolutions judging them and the
claims those name, their sources and subjects). The blob index (`blobindex.py`) says which
files hold those without parsing the store; only those files are read and parsed, so the
work follows the size of the change.

The stores built here give `changes.record_changes`, `touched_subjects`, `affected_subjects`
and `conflict_changes` the same answers the whole stores would (`tests/test_diff.py` compares
both on generated repositories). Whenever the working tree could differ from what git vouches
for (symlinks, submodules, line-ending conversion, filters, assume-unchanged or skip-worktree
entries), `prepare` returns None and the caller loads both stores whole.
"""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claimledger.checks.review_data import Side
from claimledger.git.blobindex import ABOUT, CITES, DEF, JUDGES, LINKS, BlobIndex, marker_line
from claimledger.git.revisions import (
    claim_files,
    list_entries,
    list_files_of,
    read_blobs,
    wanted,
    worktree_changes,
)
from claimledger.model.records import Claim, Record, Resolution, Review, record_kind
from claimledger.tomlstore.parse import ParsedFile, parse_file
from claimledger.tomlstore.store import Store, build_store

Entry = tuple[str, str | bytes]  # ("oid", blob id) or ("data", bytes read from disk)


@dataclass
class Listing:
    """One side's claim files: a blob id each, or the bytes of a working-tree file."""

    entries: dict[str, Entry]
    by_oid: dict[str, list[str]] = field(default_factory=dict)
    included: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for path, (how, what) in self.entries.items():
            if how == "oid":
                self.by_oid.setdefault(what, []).append(path)  # type: ignore[arg-type]


def commit_listing(top: Path, side: Side, folder: str) -> tuple[Listing, dict]:
    entries = list_entries(top, side.commit or "", folder, side.label)
    files = {path: ("oid", oid) for path, oid in list_files_of(entries, folder).items()}
    return Listing(files), entries  # type: ignore[arg-type]


def worktree_listing(
    top: Path, old: Side, old_entries: dict, old_files: Listing, folder: str
) -> tuple[Listing, set[str]] | None:
    """The working tree as the old commit's blobs (`old_files`, listed from `old_entries`)
    plus the files git reports changed or untracked (read from disk), and the paths
    `changed_paths` reports; None when the disk could differ from git's view in ways the
    folder reader would see."""
    for path, (mode, kind, _oid) in old_entries.items():
        if kind != "blob" or (mode == "120000" and wanted(path, folder)):
            return None  # submodules are walked by the folder reader; links are followed
    changes = worktree_changes(top, old.commit or "", folder, old_files.entries)
    if any(p.endswith("/") for p in changes.untracked_all):
        return None  # a nested repository: git lists the folder, the reader walks it
    if changes.unclean:
        return None
    # Every entry is a blob here, so the old side's claim files are exactly the wanted ones.
    tracked = changes.tracked
    files: dict[str, Entry] = {p: e for p, e in old_files.entries.items() if p not in tracked}
    if files and (changes.autocrlf or not changes.converted.isdisjoint(files)):
        return None  # git vouches for these files' blobs, not for what is on disk
    base = top.resolve()
    for path in sorted(changes.tracked | changes.untracked_all):
        if not wanted(path, folder):
            continue
        full = top / path
        if _linked_parent(base, full):
            return None
        try:
            st = os.lstat(full)
        except FileNotFoundError:
            continue  # deleted
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None  # links, folders named *.toml, special files: the reader decides
        try:
            files[path] = ("data", full.read_bytes())
        except OSError:
            return None
    paths = changed_paths_from(changes, folder)
    return Listing(dict(sorted(files.items()))), paths


def changed_paths_from(changes, folder: str) -> set[str]:
    """What `gitrev.changed_paths` answers for the working tree, from the same git output."""
    return set(claim_files(changes.tracked | changes.untracked, folder))


def _linked_parent(base: Path, full: Path) -> bool:
    for parent in full.parents:
        if parent == base or len(parent.parts) <= len(base.parts):
            return False
        if parent.is_symlink():
            return True
    return False


class Scope:
    """Both sides' listings, the parsed files included so far, and the index lookups done."""

    def __init__(self, top: Path, index: BlobIndex, sides: tuple[Listing, Listing]) -> None:
        self.top = top
        self.index = index
        self.sides = sides
        self.parsed: dict[tuple[str, str | bytes | None], ParsedFile] = {}
        self.asked: set[tuple[int, str]] = set()

    def fill_index(self) -> None:
        """Parse and record every blob the index does not know yet (all of them, the first
        time: one full parse; afterwards only blobs new since the last run)."""
        missing = self.index.missing(oid for side in self.sides for oid in side.by_oid)
        if not missing:
            return
        path_of = {oid: paths[0] for side in self.sides for oid, paths in side.by_oid.items()}
        enabled = gc.isenabled()
        gc.disable()  # millions of new objects and almost no cycles (as in disk/snapshot.py)
        try:
            names = sorted(missing)
            for start in range(0, len(names), 2000):
                chunk = names[start : start + 2000]
                blobs = read_blobs(self.top, chunk)
                self.index.add({oid: parse_file(path_of[oid], blobs[oid]) for oid in chunk})
        finally:
            if enabled:
                gc.enable()

    def first_marker(self, side: Listing) -> tuple[str, int] | None:
        """The first merge-conflict marker of a side, as the whole store would report it."""
        found = self.index.markers(side.by_oid)
        hits = [(p, line) for oid, line in found.items() for p in side.by_oid[oid]]
        for path, (how, data) in side.entries.items():
            if how == "data":
                line = marker_line(self.parse(path, (how, data)))
                if line is not None:
                    hits.append((path, line))
        return min(hits) if hits else None

    def parse(self, path: str, entry: Entry) -> ParsedFile:
        """A working-tree file, parsed on first use (blobs are parsed by `load`)."""
        key = (path, None)
        parsed = self.parsed.get(key)
        if parsed is None:
            parsed = self.parsed[key] = parse_file(path, entry[1])
        return parsed

    def include(self, paths: Iterable[str]) -> None:
        for side in self.sides:
            side.included.update(p for p in paths if p in side.entries)

    def ask(self, rel: int, keys: Iterable[str]) -> bool:
        """Include every file holding a `rel` row for `keys`; whether anything was asked."""
        new = {k for k in keys if (rel, k) not in self.asked}
        if not new:
            return False
        self.asked.update((rel, k) for k in new)
        oids = self.index.lookup(rel, new)
        for side in self.sides:
            for oid in oids:
                side.included.update(side.by_oid.get(oid, ()))
        return True

    def load(self) -> None:
        """Parse the included files not parsed yet (blobs through one cat-file process)."""
        wanted_oids = {
            side.entries[p][1]
            for side in self.sides
            for p in side.included
            if side.entries[p][0] == "oid" and (p, side.entries[p][1]) not in self.parsed
        }
        blobs = read_blobs(self.top, wanted_oids) if wanted_oids else {}  # type: ignore[arg-type]
        for side in self.sides:
            for p in side.included:
                how, what = side.entries[p]
                if how == "oid" and (p, what) not in self.parsed:
                    self.parsed[(p, what)] = parse_file(p, blobs[what])  # type: ignore[index]

    def files(self, side: Listing) -> dict[str, ParsedFile]:
        return {p: self.parse_entry(p, side.entries[p]) for p in sorted(side.included)}

    def parse_entry(self, path: str, entry: Entry) -> ParsedFile:
        if entry[0] == "oid":
            return self.parsed[(path, entry[1])]
        return self.parse(path, entry)

    def records(self) -> Iterator[Record]:
        for side in self.sides:
            for p in side.included:
                yield from self.parse_entry(p, side.entries[p]).records

    def close_over(self, rules) -> None:
        """Include files until `rules(records)` asks for nothing new; every id defined in an
        included file brings every file defining it (the first definition must win)."""
        while True:
            self.load()
            records = list(self.records())
            asked = False
            for rel, keys in rules(records):
                asked |= self.ask(rel, keys)
            for kind, rel in DEF.items():
                asked |= self.ask(rel, {r.id for r in records if record_kind(r) == kind})
            if not asked:
                return

    def stores(self, folder: str) -> tuple[Store, Store]:
        old, new = self.sides
        return build_store(self.files(old), folder), build_store(self.files(new), folder)


def record_rules(seeds: list[Record]):
    """What record changes, touched subjects and affected subjects read (see checks/changes.py)."""
    seed_ids = {kind: {r.id for r in seeds if record_kind(r) == kind} for kind in DEF}
    sources = seed_ids["source"]

    def rules(records: list[Record]) -> Iterator[tuple[int, Iterable[str]]]:
        claims = [r for r in records if isinstance(r, Claim)]
        resolutions = [r for r in records if isinstance(r, Resolution)]
        for kind, ids in seed_ids.items():
            yield DEF[kind], ids
        yield CITES, sources
        yield DEF["subject"], {c.subject for c in claims if c.id in seed_ids["claim"]}
        ids = set(seed_ids["claim"])
        ids.update(cid for r in resolutions if r.id in seed_ids["resolution"] for cid in r.claims)
        # A changed review is shown under its claim's subject: the claim's file is needed.
        ids.update(r.claim for r in records if isinstance(r, Review) and r.id in seed_ids["review"])
        ids.update(c.id for c in claims if c.source in sources or c.via in sources)
        yield DEF["claim"], ids
        yield LINKS, ids
        yield JUDGES, ids
        linked: set[str] = set()
        for c in claims:
            refs = {*c.contradicts, *c.supports, *((c.supersedes,) if c.supersedes else ())}
            if c.id in ids or refs & ids:
                linked.update(refs | {c.id})
        for r in resolutions:
            if ids.intersection(r.claims):
                linked.update(r.claims)
        yield DEF["claim"], linked

    return rules


def conflict_rules(subjects: set[str]):
    """What the conflict engine reads for `subjects`, and what their groups show."""

    def rules(records: list[Record]) -> Iterator[tuple[int, Iterable[str]]]:
        claims = [r for r in records if isinstance(r, Claim)]
        yield DEF["subject"], subjects
        yield ABOUT, subjects
        on = [c for c in claims if c.subject in subjects]
        ids = {c.id for c in on} | {other for c in on for other in c.contradicts}
        yield DEF["claim"], ids
        yield LINKS, ids  # claims superseding (or contradicting) them
        yield JUDGES, ids
        named = [c for c in claims if c.id in ids]
        yield DEF["source"], {c.source for c in named} | {c.via for c in named if c.via}
        yield DEF["subject"], {c.subject for c in named}
        yield (
            DEF["claim"],
            {cid for r in records if isinstance(r, Resolution) and ids & set(r.claims)
             for cid in r.claims},
        )  # fmt: skip

    return rules


def seed_records(scope: Scope, paths: set[str]) -> list[Record]:
    scope.include(paths)
    scope.load()
    return [
        rec
        for side in scope.sides
        for p in paths
        if p in side.entries
        for rec in scope.parse_entry(p, side.entries[p]).records
    ]
