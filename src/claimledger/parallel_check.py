"""Loading and checking a large store on two cores, for `claims check`.

A fork of this process is made before anything is parsed; both processes load the whole store
(at the same time, on two cores) and then split the checks: per-record checks by file, the
fork taking the later files, and conflicts by subject, the fork taking the later subjects.
The fork sends back its findings (JSON); merged with ours and sorted, they are the list
`run_checks` gives in one process (tests/test_performance.py compares them).

Why fork before loading rather than after: a fork shares its parent's heap copy-on-write, and
every page either process then touches (a reference count is a write) is copied. Forked after
loading 100,000 claims, that copying ate most of what splitting the checks saved; forked
before, parsing the store twice costs no time, only a core that would otherwise sit idle.
"""

from __future__ import annotations

import dataclasses
from functools import partial
from typing import Any

from .check import CheckContext, Progress, check_share
from .diagnostics import Diagnostic
from .forking import fork_call, usable_cores
from .loading import Snapshot, collector_paused, load_store, read_all
from .store import Store

# Stores of fewer bytes are checked in one process: at 10,000 claims (4.4 MB) the fork and
# the second parse cost what half the checks save (measured, docs/performance.md).
MIN_BYTES = 8_000_000
# The fork's share of the files (by claims) and of the subjects. This process also merges
# and sorts, and owns the store-wide findings, so it keeps a little less than half.
FORK_SHARE = 0.6


@dataclasses.dataclass(frozen=True)
class Shares:
    """How two processes split the checks of one store."""

    mine: frozenset[str]  # files whose records this process checks
    theirs: frozenset[str]  # ... and the fork
    my_subjects: list[str]  # subjects whose conflicts this process checks
    their_subjects: list[str]


def shares(store: Store) -> Shares:
    """The later part of the files (weighed by records) and of the subjects go to the fork."""
    fork_share = FORK_SHARE
    files = list(store.files)  # sorted by path
    weights = [len(store.files[f].records) for f in files]
    total, cut, seen = sum(weights), len(files), 0
    for i, weight in enumerate(weights):
        if seen >= total * (1 - fork_share):
            cut = i
            break
        seen += weight
    # Every subject a claim names is a superset of those find_conflicts visits: a prefix
    # and the rest of it, in sorted order, give the same groups in the same order.
    subjects = sorted({c.subject for c in store.claims.values()})
    split = round(len(subjects) * (1 - fork_share))
    return Shares(
        frozenset(files[:cut]), frozenset(files[cut:]), subjects[:split], subjects[split:]
    )


def worth_forking(snap: Snapshot) -> bool:
    size = sum(stat[0] for _, stat, _ in snap.files.values())
    return size >= MIN_BYTES and not snap.unusual and usable_cores() > 1


def load_and_check(
    snap: Snapshot, ctx: CheckContext, progress: Progress | None = None
) -> tuple[Store, list[Diagnostic]]:
    """The loaded store and `run_checks`' findings for it, on two cores when worth it."""
    from .check import run_checks

    with collector_paused():  # see load_store: the store holds millions of acyclic objects
        if not worth_forking(snap):
            store = load_store(snap, progress)
            return store, run_checks(store, ctx, progress)
        read_all(snap)  # before forking: both processes must see the same bytes
        fork = fork_call(partial(_fork_share, snap, ctx))
        store = load_store(snap, progress)
        split = shares(store)
        mine = check_share(
            store, dataclasses.replace(ctx, files=split.mine), progress, split.my_subjects
        )
        rows = fork()
        if rows is None:  # the fork failed: its share is done here
            theirs = _their_share(store, ctx, split)
        else:
            from .results import decode_diagnostic

            theirs = [decode_diagnostic(r) for r in rows]
        return store, sorted(mine + theirs, key=lambda d: d.sort_key)


def _their_share(store: Store, ctx: CheckContext, split: Shares) -> list[Diagnostic]:
    their_ctx = dataclasses.replace(ctx, files=split.theirs)
    return check_share(store, their_ctx, None, split.their_subjects, store_wide=False)


def _fork_share(snap: Snapshot, ctx: CheckContext) -> list[list[Any]]:
    """The fork's work: load the store, check its share, and encode the findings."""
    from .results import encode_diagnostic

    store = load_store(snap)
    return [encode_diagnostic(d) for d in _their_share(store, ctx, shares(store))]
