"""Loading and checking a store in several processes: `claims check --jobs N`.

Forks are made before anything is parsed; every process loads the whole store (at the same
time, on its own core) and checks a share of it: the records of a run of files, in path
order, and the conflicts of a run of subjects, in id order. The forks send back their
findings (JSON); merged share by share and sorted, they are the list `run_checks` gives in
one process (tests/test_performance.py compares them).

Why fork before loading rather than after: a fork shares its parent's heap copy-on-write, and
every page either process then touches (a reference count is a write) is copied, so forking a
loaded store bought little; forked before, each process parses the store on its own core.
The price is memory: every process holds the whole store. Measured on the 2-core benchmark
machine (docs/performance.md), two processes were no faster than one, which is why one is
the default.

The forking itself (`fork_call`) runs a computation in a forked process and takes its result
back as JSON: the child shares the parent's memory copy-on-write, only the result travels back,
and nothing is unpickled.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import os
from collections.abc import Callable
from functools import partial
from typing import Any

from claimledger.checks.validation import CheckContext, Progress, check_share, run_checks
from claimledger.disk.snapshot import Snapshot, collector_paused, load_store, read_all
from claimledger.model.diagnostics import Diagnostic, decode_diagnostic, encode_diagnostic
from claimledger.tomlstore.store import Store

# The first process also owns the store-wide findings, merges and sorts: it takes a smaller
# share of the files and subjects than each fork (tuned on 100,000 claims with two processes:
# 40 % / 60 %).
FIRST_WEIGHT = 0.67


@dataclasses.dataclass(frozen=True)
class Share:
    """One process's part of the checks."""

    files: frozenset[str]  # files whose records it checks
    subjects: list[str]  # subjects whose conflicts it checks


def shares(store: Store, count: int) -> list[Share]:
    """`count` shares: runs of files (weighed by records) and of subjects, in order; the first
    is this process's, a little smaller than the others."""
    weights = [FIRST_WEIGHT] + [1.0] * (count - 1)
    bounds = [sum(weights[: i + 1]) / sum(weights) for i in range(count)]
    files = list(store.files)  # sorted by path
    sizes = [len(store.files[f].records) for f in files]
    total = sum(sizes)
    file_cuts, seen, i = [], 0, 0
    for bound in bounds[:-1]:
        while i < len(files) and seen + sizes[i] / 2 < total * bound:
            seen += sizes[i]
            i += 1
        file_cuts.append(i)
    # Every subject a claim names is a superset of those find_conflicts visits: runs of it,
    # in sorted order, give the same groups in the same order.
    subjects = sorted({c.subject for c in store.claims.values()})
    subject_cuts = [round(len(subjects) * bound) for bound in bounds[:-1]]
    starts, ends = [0, *file_cuts], [*file_cuts, len(files)]
    subject_starts, subject_ends = [0, *subject_cuts], [*subject_cuts, len(subjects)]
    return [
        Share(frozenset(files[a:b]), subjects[c:d])
        for a, b, c, d in zip(starts, ends, subject_starts, subject_ends, strict=True)
    ]


def load_and_check(
    snap: Snapshot, ctx: CheckContext, progress: Progress | None = None, jobs: int = 1
) -> tuple[Store, list[Diagnostic]]:
    """The loaded store and `run_checks`' findings for it, in up to `jobs` processes."""
    jobs = min(jobs, max(usable_cores(), 1))
    with collector_paused():  # see load_store: the store holds millions of acyclic objects
        if jobs < 2 or snap.unusual:
            store = load_store(snap, progress)
            return store, run_checks(store, ctx, progress)
        read_all(snap)  # before forking: every process must see the same bytes
        forks = [fork_call(partial(_fork_share, snap, ctx, jobs, n)) for n in range(1, jobs)]
        store = load_store(snap, progress)
        split = shares(store, jobs)
        found = _share(store, ctx, split[0], progress, store_wide=True)
        for n, fork in enumerate(forks, 1):
            found.extend(_arrived(fork, lambda n=n: _share(store, ctx, split[n])))
        return store, sorted(found, key=lambda d: d.sort_key)


def _share(
    store: Store,
    ctx: CheckContext,
    share: Share,
    progress: Progress | None = None,
    store_wide: bool = False,
) -> list[Diagnostic]:
    mine = dataclasses.replace(ctx, files=share.files)
    return check_share(store, mine, progress, share.subjects, store_wide)


def _arrived(fork: Callable[[], Any], instead: Callable[[], list[Diagnostic]]) -> list[Diagnostic]:
    """A fork's findings; if it failed, its share is checked here."""
    rows = fork()
    return instead() if rows is None else [decode_diagnostic(r) for r in rows]


def _fork_share(snap: Snapshot, ctx: CheckContext, jobs: int, n: int) -> list[list[Any]]:
    """A fork's work: load the store, check share `n`, and encode the findings."""
    store = load_store(snap)
    return [encode_diagnostic(d) for d in _share(store, ctx, shares(store, jobs)[n])]


def usable_cores() -> int:
    """CPUs this process may run on (0 where it cannot fork)."""
    if not hasattr(os, "fork"):
        return 0
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


def fork_call(
    compute: Callable[[], Any],
    dumps: Callable[[Any], bytes] = _json_bytes,
    loads: Callable[[bytes], Any] = json.loads,
) -> Callable[[], Any]:
    """Run `compute()` in a forked process now; the returned function waits for its result
    (None when the process failed). The child shares the parent's memory copy-on-write and
    sends back only the result, as JSON (`dumps`/`loads`: another JSON codec)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running any cleanup
        status = 1
        try:
            os.close(read_end)
            gc.disable()
            data = dumps(compute())
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def result() -> Any:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status != 0 or not data:
            return None
        try:
            return loads(data)
        except Exception:  # a truncated result: the caller computes it itself
            return None

    return result
