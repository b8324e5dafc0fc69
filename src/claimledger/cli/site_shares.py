"""`claims site`'s pages rendered and written in two processes when there are many.

Rendering (jinja2) and writing the pages of 20,000 claims took four fifths of a full build in
one process. Once the store is loaded, the build forks (`disk/parallel_check.fork_call`:
copy-on-write, the result back as JSON): the child finds the conflict groups of the later
subjects and renders and writes their pages and their claims' pages; this process finds every
group and the sources' track records (the manifest and the source pages need them all) and
renders the earlier subjects' pages and every source page, and then the pages made of every
record (`_finish` in `commands/site.py`). The child's page hashes, index rows and search rows
are merged in the order one process makes them (subjects in id order, then sources), so the
pages, the manifest and the search index are byte for byte those of a one-process build.

Small stores and rebuilds of a few subjects stay in one process (a fork and its JSON cost
more than they save), and so does a platform without fork.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from claimledger.disk.parallel_check import fork_call, usable_cores
from claimledger.disk.site_output import PageWriter
from claimledger.render.site_build import Rendered, render_records
from claimledger.render.site_model import page_path

# Claims to render below which one process does it all: one process renders 2,000 claim
# pages in well under a second, where the fork and the child's JSON would save little (a
# judgement, not tuned; a one-file rebuild stays far below it).
FORK_FROM_CLAIMS = 2_000
# This process's share of the page work: it also finds every conflict group and the track
# records, and decodes the child's rows, so it takes less than half (on 100,000 claims the
# two finished 0.6 s apart).
OWN_SHARE = 0.46
# What a listed claim costs on a subject or source page, against rendering a whole page.
LISTED_CLAIM = 0.15


Context = tuple[Sequence[Any], dict[str, Any], Any]  # conflict groups, track records, history


def render_pages(
    store: Any,
    context_of: Callable[[list[str] | None], Context],
    ids: tuple[Iterable[str], Iterable[str]],
    out: Path,
    previous: dict[str, str],
) -> tuple[PageWriter, Rendered]:
    """Render and write the pages of the subjects and sources in `ids` (and the claims on
    those subjects) into `out`; the writer's hashes and the rows as one process gives them.
    `context_of(None)` is what every page reads besides the store, `context_of(subjects)`
    what those subjects' pages read (a forked share computes only that, on its own core)."""
    subjects, sources = sorted(set(ids[0])), sorted(set(ids[1]))
    claims = sum(len(store.claims_by_subject.get(s, ())) for s in subjects)
    if claims < FORK_FROM_CLAIMS or usable_cores() < 2:
        return _render_share(store, context_of(None), (subjects, sources), out, previous)
    cut = _cut(store, subjects, sources)
    theirs = subjects[cut:]
    _make_folders(out, subjects, sources)  # once here, not raced for by both processes
    fork = fork_call(partial(_encoded_share, store, context_of, theirs, out, previous))
    context = context_of(None)
    writer, rendered = _render_share(store, context, (subjects[:cut], ()), out, previous)
    last = _render_share(store, context, ((), sources), out, previous)
    found = fork()
    if found is None:  # the child failed: its share is rendered here
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
    return writer, rendered


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
    context_of: Callable[[list[str] | None], Context],
    subjects: list[str],
    out: Path,
    previous: dict[str, str],
) -> dict[str, Any]:
    """The child's work (the pages of `subjects` and their claims), as the JSON `fork_call`
    sends back."""
    context = context_of(subjects)
    writer, rendered = _render_share(store, context, (subjects, ()), out, previous)
    return {
        "hashes": writer.hashes,
        "written": writer.written,
        "unchanged": writer.unchanged,
        "subject_rows": rendered.subject_rows,
        "source_rows": rendered.source_rows,
        "search": rendered.search,
    }


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
