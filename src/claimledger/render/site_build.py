"""The pages of a static site for some subjects, sources and claims, and what each page was
made from (pure; `claims site`).

`render_records` renders the pages of the ids asked for from a store that holds at least
what those pages need; `page_inputs` says, for every subject, which files its pages read, so
that a later rebuild knows which pages a changed file reaches (`disk/site_plan.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimledger.checks.reviews import reviews_of
from claimledger.conflicts.provenance import chain_of, voice
from claimledger.model.claim_value import date_span
from claimledger.model.records import Claim
from claimledger.render import site_model, site_pages

if TYPE_CHECKING:
    from claimledger.checks.track_record import TrackRecord
    from claimledger.conflicts.groups import ConflictGroup
    from claimledger.tomlstore.store import Store


@dataclass
class Rendered:
    """What rendering some records gave besides their pages: index rows and search rows."""

    subject_rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    source_rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    search: dict[str, str] = field(default_factory=dict)  # page -> its search text


def claims_by_source(claims: Iterable[Claim]) -> dict[str, list[Claim]]:
    found: dict[str, list[Claim]] = {}
    for c in claims:
        found.setdefault(c.source, []).append(c)
    return found


def render_records(
    store: Store,
    groups: Sequence[ConflictGroup],
    records: Mapping[str, TrackRecord],
    history: site_model.History,
    ids: tuple[Iterable[str], Iterable[str]],
    out: Rendered,
) -> Iterator[tuple[str, str]]:
    """(page path, HTML) for the subjects and sources in `ids` and the claims on those
    subjects; their index and search rows go into `out`."""
    subject_ids, source_ids = ids
    by_subject: dict[str, list[ConflictGroup]] = {}
    for g in groups:
        by_subject.setdefault(g.subject, []).append(g)
    reviewed = reviews_of(store)
    for sid in sorted(set(subject_ids)):
        subject = store.subjects.get(sid)
        mine = by_subject.get(sid, [])
        rows: site_model.Rows = {}  # this subject's claim rows, made once for its pages
        if subject is not None:  # claims on an unknown subject still get their pages
            view = site_model.subject_view(store, subject, mine, history, rows)
            out.subject_rows[sid] = site_model.subject_summary(view)
            out.search[view["path"]] = site_model.search_text(view, "subject")
            yield view["path"], site_pages.subject_page(view)
        for claim in store.claims_by_subject.get(sid, ()):
            reviews = reviewed.get(claim.id, ())
            cview = site_model.claim_view(store, claim, mine, history, rows, reviews)
            out.search[cview["path"]] = site_model.search_text(cview, "claim")
            yield cview["path"], site_pages.claim_page(cview)
    by_source = claims_by_source(store.claims.values())
    for sid in sorted(set(source_ids)):
        source = store.sources.get(sid)
        if source is None:
            continue
        view = site_model.source_view(
            store, source, by_source.get(sid, ()), records.get(sid), history
        )
        out.source_rows[sid] = site_model.source_summary(view)
        out.search[view["path"]] = site_model.search_text(view, "source")
        yield view["path"], site_pages.source_page(view)


def page_inputs(store: Store) -> dict[str, Any]:
    """Which files each subject's pages read, and the lookups a rebuild needs to find the
    subjects a changed file reaches (see `disk/site_plan.py`)."""
    by_subject: dict[str, set[str]] = {}
    refs: dict[str, set[str]] = {}  # source id or publisher voice -> subjects naming it
    judged: dict[str, list[str]] = {}  # claim id -> files of resolutions and reviews of it
    revisits: dict[str, set[str]] = {}  # subject -> last days of its resolutions' revisit dates
    for r in store.resolutions.values():
        span = date_span(r.revisit)
        for cid in r.claims:
            judged.setdefault(cid, []).append(r.origin.file)
            claim = store.claims.get(cid)
            if span is not None and claim is not None:
                revisits.setdefault(claim.subject, set()).add(span.end.isoformat())
    for review in store.reviews.values():
        judged.setdefault(review.claim, []).append(review.origin.file)
    for claim in store.claims.values():
        files = by_subject.setdefault(claim.subject, set())
        files.add(claim.origin.file)
        files.update(judged.get(claim.id, ()))
        named = (*claim.contradicts, *claim.supports, claim.supersedes)
        for other in named:
            found = store.claims.get(other or "")
            if found is not None:
                files.add(found.origin.file)
                by_subject.setdefault(found.subject, set()).add(claim.origin.file)
        for sid in chain_of(store, claim).sources:
            refs.setdefault(sid, set()).add(claim.subject)
            source = store.sources.get(sid)
            if source is not None:
                files.add(source.origin.file)
        if claim.claimant:
            refs.setdefault(voice(claim.claimant), set()).add(claim.subject)
    for sid, subject in store.subjects.items():
        by_subject.setdefault(sid, set()).add(subject.origin.file)
    by_source: dict[str, set[str]] = {}
    for claim in store.claims.values():
        by_source.setdefault(claim.source, set()).add(claim.origin.file)
    for sid, source in store.sources.items():
        by_source.setdefault(sid, set()).add(source.origin.file)
    return {
        "source_files": {k: sorted(v) for k, v in by_source.items()},
        "claim_source": {c.id: c.source for c in store.claims.values()},
        "subject_files": {k: sorted(v) for k, v in by_subject.items()},
        "refs": {k: sorted(v) for k, v in refs.items()},
        "claim_subject": {c.id: c.subject for c in store.claims.values()},
        "publisher_source": {k: s.id for k, s in store.sources_by_publisher.items()},
        "revisits": {k: sorted(v) for k, v in revisits.items()},
    }
