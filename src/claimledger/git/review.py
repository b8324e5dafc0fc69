"""Reviewing a change to the fact base: the stores at two revisions (or a revision and the
working tree) and their record and conflict differences (`check --since` is `since.py`)."""

from __future__ import annotations

import datetime
from pathlib import Path

from claimledger.checks.changes import (
    affected_subjects,
    conflict_changes,
    record_changes,
    touched_subjects,
)
from claimledger.checks.review_data import Review, Side
from claimledger.disk.files import display_path, read_folder
from claimledger.errors import ClaimsError
from claimledger.git.revisions import (
    changed_paths,
    files_at,
    rekey,
    repo_top,
    resolve_range,
    store_folder,
)
from claimledger.tomlstore.store import Store, load_texts


def worktree_files(top: Path, folder: str) -> dict[str, bytes]:
    """The claim files on disk, keyed like `files_at` keys them (relative to the repo top)."""
    texts, _ = read_folder(top / folder)
    return rekey(texts, display_path(top / folder), folder)


def side_files(top: Path, side: Side, folder: str) -> dict[str, bytes]:
    """`{path: bytes}` of one side: one cat-file process at a commit, the disk otherwise."""
    if side.commit is None:
        return worktree_files(top, folder)
    return files_at(top, side.commit, folder, side.label)


def refuse_merge_markers(store: Store, side: Side) -> None:
    """A tree with merge-conflict markers has no meaningful records: stop with a message."""
    for d in store.diagnostics:
        if d.code == "merge-conflict":
            raise merge_refusal(d.file, d.line, side)


def merge_refusal(file: str, line: int, side: Side) -> ClaimsError:
    return ClaimsError(
        f"{file}:{line}: unresolved git merge conflict in {side.label}; "
        "finish the merge (keep the lines you want, delete the markers) and retry"
    )


def review(root: Path, base: str | None, head: str | None, today: datetime.date) -> Review:
    """Compare the store folder `root` between two revisions (default: HEAD and the disk).

    Reads only the files the change can reach when the blob index (in the cache folder) can
    say which those are; otherwise, and with the cache off, both stores whole."""
    top = repo_top(root)
    folder = store_folder(top, root)
    old_side, new_side = resolve_range(top, base, head)
    scoped = scoped_review(root, top, folder, old_side, new_side, today)
    if scoped is not None:
        return scoped
    return full_review(top, folder, old_side, new_side, today)


def full_review(
    top: Path, folder: str, old_side: Side, new_side: Side, today: datetime.date
) -> Review:
    """The review from both stores loaded whole."""
    old = load_texts(side_files(top, old_side, folder), root=folder)
    new = load_texts(side_files(top, new_side, folder), root=folder)
    refuse_merge_markers(old, old_side)
    refuse_merge_markers(new, new_side)
    paths = changed_paths(top, old_side.commit or "", new_side.commit, folder)
    return compare(old_side, new_side, old, new, paths, today)


def compare(
    old_side: Side, new_side: Side, old: Store, new: Store, paths: set[str], today: datetime.date
) -> Review:
    records = record_changes(old, new, paths)
    touched = touched_subjects(records, old, new)
    # Only subjects the change can affect go through the conflict engine: work follows the
    # size of the change, not of the store.
    affected = affected_subjects(records, old, new)
    conflicts = conflict_changes(old, new, today, touched, affected)
    return Review(old_side, new_side, old, new, records, conflicts)


def scoped_review(
    root: Path, top: Path, folder: str, old_side: Side, new_side: Side, today: datetime.date
) -> Review | None:
    """The review from stores holding only the files the change reaches (`git/scoped.py`), or
    None when that cannot be done exactly (cache off, unusual working tree)."""
    # Imported here: a review without a cache, or of an unusual tree, never opens the blob
    # index (11 ms of imports with sqlite3).
    import sqlite3

    from claimledger.disk.cache import cache_dir
    from claimledger.git.blobindex import open_index
    from claimledger.git.scoped import (
        Scope,
        commit_listing,
        conflict_rules,
        record_rules,
        seed_records,
        worktree_listing,
    )

    index = open_index(cache_dir(root))
    if index is None:
        return None
    try:
        old, old_entries = commit_listing(top, old_side, folder)
        if new_side.commit is None:
            found = worktree_listing(top, old_side, old_entries, old, folder)
            if found is None:
                return None
            new, paths = found
        else:
            new, _ = commit_listing(top, new_side, folder)
            paths = changed_paths(top, old_side.commit or "", new_side.commit, folder)
        scope = Scope(top, index, (old, new))
        scope.fill_index()
        for listing, side in ((old, old_side), (new, new_side)):
            marker = scope.first_marker(listing)
            if marker is not None:
                raise merge_refusal(*marker, side)
        seeds = seed_records(scope, paths)
        scope.close_over(record_rules(seeds))
        old_store, new_store = scope.stores(folder)
        records = record_changes(old_store, new_store, paths)
        touched = touched_subjects(records, old_store, new_store)
        affected = affected_subjects(records, old_store, new_store)
        scope.close_over(conflict_rules(affected))
        old_store, new_store = scope.stores(folder)
        conflicts = conflict_changes(old_store, new_store, today, touched, affected)
        return Review(old_side, new_side, old_store, new_store, records, conflicts)
    except sqlite3.Error:
        return None
    finally:
        index.close()
