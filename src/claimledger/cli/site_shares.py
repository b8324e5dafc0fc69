"""`claims site`'s pages rendered and written in two processes when there are many.

Rendering (jinja2) and writing the pages of 20,000 claims took four fifths of a full build in
one process. Once the store is loaded, the build forks (`disk/parallel_check.fork_call`:
copy-on-write, the result back as JSON): the child finds the conflict groups and track-record
flags of the later subjects, sends the flags back at once, and renders and writes those
subjects' pages and their claims' pages; this process finds the earlier subjects' groups and
flags, renders their pages, does the caller's other work (`alongside`), and then, with the
child's flags, the sources' track records and every source page. Each group is found once, by
one process. The child's page hashes, index rows and search rows are merged in the order one
process makes them (subjects in id order, then sources), so the pages, the manifest and the
search index are byte for byte those of a one-process build.

Small stores and rebuilds of a few subjects stay in one process (a fork and its JSON cost
more than they save), and so does a platform without fork.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import orjson

from claimledger.disk.parallel_check import fork_call, usable_cores
from claimledger.disk.site_output import PageWriter
from claimledger.render.site_build import Rendered, render_records
from claimledger.render.site_model import page_path

# Claims to render below which one process does it all: one process renders 2,000 claim
# pages in well under a second, where the fork and the child's JSON would save little (a
# judgement, not tuned; a one-file rebuild stays far below it).
FORK_FROM_CLAIMS = 2_000
# This process's share of the page work: it also does the caller's other work, the track
# records and every source page, and decodes the child's rows, so it takes less than half
# (tuned on 100,000 claims).
OWN_SHARE = 0.50
# What a listed claim costs on a subject or source page, against rendering a whole page.
LISTED_CLAIM = 0.15


Context = tuple[Sequence[Any], dict[str, Any], Any]  # conflict groups, track records, history
Flags = dict[str, Any]  # claim id -> track-record flags


@dataclass(frozen=True)
class PageSources:
    """What pages read besides the store. `groups_of(subjects)`: the conflict groups and
    track-record flags of those subjects' claims (None: every subject); `records_of(flags)`:
    the track records of the sources from all the flags found."""

    groups_of: Callable[[list[str] | None], tuple[Sequence[Any], Flags]]
    records_of: Callable[[Flags], dict[str, Any]]
    history: Any


def render_pages(
    store: Any,
    reads: PageSources,
    ids: tuple[Iterable[str], Iterable[str]],
    out: Path,
    previous: dict[str, str],
    alongside: Callable[[], Any] = lambda: None,
) -> tuple[PageWriter, Rendered, Flags, Any]:
    """Render and write the pages of the subjects and sources in `ids` (and the claims on
    those subjects) into `out`: the writer's hashes and the rows as one process gives them,
    the flags found (in claim id order), and what `alongside()` returned (run here while a
    forked share renders)."""
    subjects, sources = sorted(set(ids[0])), sorted(set(ids[1]))
    claims = sum(len(store.claims_by_subject.get(s, ())) for s in subjects)
    if claims < FORK_FROM_CLAIMS or usable_cores() < 2:
        groups, flags = reads.groups_of(None)
        context = (groups, reads.records_of(flags), reads.history)
        writer, rendered = _render_share(store, context, (subjects, sources), out, previous)
        return writer, rendered, dict(sorted(flags.items())), alongside()
    cut = _cut(store, subjects, sources)
    mine, theirs = subjects[:cut], subjects[cut:]
    _make_folders(out, subjects, sources)  # once here, not raced for by both processes
    early = os.pipe()  # the child's flags, sent before it renders
    child = partial(_encoded_share, store, reads, theirs, out, previous, early)
    fork = fork_call(child, dumps=orjson.dumps, loads=orjson.loads)
    os.close(early[1])
    groups, flags = reads.groups_of(mine)
    writer, rendered = _render_share(store, (groups, {}, reads.history), (mine, ()), out, previous)
    beside = alongside()
    their_groups: Sequence[Any] | None = None
    their_flags = _received(early[0])
    if their_flags is None:  # the child failed before its flags: found here
        their_groups, their_flags = reads.groups_of(theirs)
    flags = dict(sorted({**flags, **their_flags}.items()))
    context = ((), reads.records_of(flags), reads.history)
    last = _render_share(store, context, ((), sources), out, previous)
    found = fork()
    if found is None:  # the child failed: its share is rendered here
        if their_groups is None:
            their_groups = reads.groups_of(theirs)[0]
        context = (their_groups, {}, reads.history)
        middle = _render_share(store, context, (theirs, ()), out, previous)
    else:
        middle = _decoded(found, out, previous)
    for other, other_rows in (middle, last):  # in one process's order: subjects, sources
        writer.hashes.update(other.hashes)
        writer.written += other.written
        writer.unchanged += other.unchanged
        rendered.subject_rows.update(other_rows.subject_rows)
        rendered.source_rows.update(other_rows.source_rows)
        rendered.search.update(other_rows.search)
    return writer, rendered, flags, beside


def _render_share(
    store: Any,
    context: Context,
    ids: tuple[Iterable[str], Iterable[str]],
    out: Path,
    previous: dict[str, str],
) -> tuple[PageWriter, Rendered]:
    groups, records, history = context
    writer, rendered = PageWriter(out, previous), Rendered()
    for path, html in render_records(store, groups, records, history, ids, rendered):
        writer.write(path, html)
    return writer, rendered


def _encoded_share(
    store: Any,
    reads: PageSources,
    subjects: list[str],
    out: Path,
    previous: dict[str, str],
    early: tuple[int, int],
) -> dict[str, Any]:
    """The child's work: the groups and flags of `subjects`, the flags sent at once through
    `early` (by a thread, so a full pipe never holds the rendering up), then the pages of the
    subjects and their claims, returned as the JSON `fork_call` sends back."""
    os.close(early[0])
    groups, flags = reads.groups_of(subjects)
    sender = threading.Thread(target=_send, args=(early[1], orjson.dumps(flags)))
    sender.start()
    writer, rendered = _render_share(
        store, (groups, {}, reads.history), (subjects, ()), out, previous
    )
    sender.join()
    return {
        "hashes": writer.hashes,
        "written": writer.written,
        "unchanged": writer.unchanged,
        "subject_rows": rendered.subject_rows,
        "source_rows": rendered.source_rows,
        "search": rendered.search,
    }


def _send(fd: int, data: bytes) -> None:
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(data)


def _received(fd: int) -> Flags | None:
    """The child's flags; None when it left without sending them."""
    with os.fdopen(fd, "rb") as pipe:
        data = pipe.read()
    try:
        return orjson.loads(data) if data else None
    except ValueError:  # cut short: the child failed while sending
        return None


def _decoded(found: dict[str, Any], out: Path, previous: dict[str, str]) -> tuple:
    writer = PageWriter(out, previous)
    writer.hashes, writer.written, writer.unchanged = (
        found["hashes"],
        found["written"],
        found["unchanged"],
    )
    rows = Rendered(found["subject_rows"], found["source_rows"], found["search"])
    return writer, rows


def _cut(store: Any, subjects: list[str], sources: list[str]) -> int:
    """How many of the subjects (in order) this process renders: with every source page,
    about OWN_SHARE of the page work; the child takes the rest of the subjects."""
    by_source: dict[str, int] = {}
    for claim in store.claims.values():
        by_source[claim.source] = by_source.get(claim.source, 0) + 1
    weights = [1 + len(store.claims_by_subject.get(s, ())) * (1 + LISTED_CLAIM) for s in subjects]
    done = sum(1 + by_source.get(s, 0) * LISTED_CLAIM for s in sources)
    total = sum(weights) + done
    cut = 0
    while cut < len(subjects) and done + weights[cut] / 2 < total * OWN_SHARE:
        done += weights[cut]
        cut += 1
    return cut


def _make_folders(out: Path, subjects: list[str], sources: list[str]) -> None:
    folders = {Path(page_path("subject", s)).parent for s in subjects}
    folders |= {Path(page_path("source", s)).parent for s in sources}
    folders.add(Path(page_path("claim", "x")).parent)
    for folder in sorted(folders):
        (out / folder).mkdir(parents=True, exist_ok=True)
