"""What each page of the static site shows, as plain data (pure; `claims site`).

The templates (`render/site_templates/`) only lay these dicts out; everything decided about a
page (which groups, which positions, which claims, what links) is decided here, from the
conflict groups, track records and chains the rest of the tool computes. Git facts come in
as plain data (`Commit`s per file), gathered by the command.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from claimledger.conflicts.provenance import chain_label
from claimledger.model.records import Claim, Review, Source, Subject, rates_false
from claimledger.render.site_svg import timeline_svg
from claimledger.render.timeline import axis

if TYPE_CHECKING:
    from claimledger.checks.review_data import Commit
    from claimledger.checks.track_record import TrackRecord
    from claimledger.conflicts.groups import ConflictGroup
    from claimledger.tomlstore.store import Store

History = Mapping[str, tuple[int, Sequence["Commit"]]]  # file -> (commits, latest first)

RELIABILITY = {
    "A": "A: reliable",
    "B": "B: usually reliable",
    "C": "C: fairly reliable",
    "D": "D: not usually reliable",
    "E": "E: unreliable",
    "F": "F: reliability cannot be judged",
}
STATUS_ORDER = {"open": 0, "stale": 1, "drift": 2, "resolved": 3}


def page_path(kind: str, rid: str) -> str:
    """Where a record's page lives, relative to the site's top: `subjects/iraq/pmf.html`.
    Subject ids keep their `/` as folders; ids never hold `..` segments or other separators."""
    return f"{kind}s/{rid}.html"


def value_text(claim: Claim) -> str:
    """The value as the source gave it, with its unit: "about 120,000 people", "10–12 km"."""
    if claim.value is not None:
        shown = str(claim.value).lower() if isinstance(claim.value, bool) else str(claim.value)
    elif claim.min is not None or claim.max is not None:
        shown = f"{_num(claim.min)}–{_num(claim.max)}"
    else:
        shown = "(no value)"
    return f"{shown} {claim.unit}" if claim.unit else shown


def _num(x: float | None) -> str:
    return "" if x is None else (str(int(x)) if float(x).is_integer() else str(x))


def last_change(files: Iterable[str], history: History) -> str:
    """The latest commit date among the files ("" when git knows none of them)."""
    dates = [h[1][0].date for f in files if (h := history.get(f)) and h[1]]
    return max(dates, default="")


def claim_row(store: Store, claim: Claim) -> dict[str, Any]:
    source = store.sources.get(claim.source)
    return {
        "id": claim.id,
        "href": page_path("claim", claim.id),
        "value": value_text(claim),
        "source": claim.source,
        "source_href": page_path("source", claim.source) if source else None,
        "publisher": source.publisher if source else "",
        "date": str(claim.as_of or claim.date or (source.published if source else "") or ""),
        "confidence": "" if claim.confidence is None else str(claim.confidence),
        "status": claim.status,
        "chain": chain_label(store, claim),
    }


Rows = dict[str, dict[str, Any]]  # claim id -> its row, made once for a subject's pages


def row_of(store: Store, claim: Claim, rows: Rows | None) -> dict[str, Any]:
    """The claim's row, from `rows` when made already (a claim is listed in its groups and
    on its subject page, and shown on its own page: its row was made three times)."""
    if rows is None:
        return claim_row(store, claim)
    row = rows.get(claim.id)
    if row is None:
        row = rows[claim.id] = claim_row(store, claim)
    return row


def group_view(
    store: Store, group: ConflictGroup, number: int, rows: Rows | None = None
) -> dict[str, Any]:
    r = group.resolution
    episode = group.episode
    return {
        "anchor": f"group-{number}",
        "status": group.status,
        "severity": group.severity,
        "reason": group.reason,
        "episode": f"{episode[0].isoformat()} – {episode[1].isoformat()}" if episode else "",
        "positions": [
            {
                "value": p.value,
                "claims": [row_of(store, c, rows) for c in p.claims],
                "sources": p.sources,
                "origins": ", ".join(p.backing.origin_names) if p.backing else "",
            }
            for p in group.positions
        ],
        "contrasts": [c.reason for c in group.contrasts],
        "resolution": None
        if r is None
        else {
            "id": r.id,
            "verdict": r.verdict,
            "preferred": r.preferred,
            "preferred_href": page_path("claim", r.preferred) if r.preferred else None,
            "note": r.note,
            "by": r.by or "",
            "on": str(r.on or ""),
        },
        "stale_reasons": list(group.stale_reasons),
    }


def subject_view(
    store: Store,
    subject: Subject,
    groups: Sequence[ConflictGroup],
    history: History,
    rows: Rows | None = None,
) -> dict[str, Any]:
    """The subject page: its groups side by side (open first), timeline, every claim."""
    claims = sorted(store.claims_by_subject.get(subject.id, ()), key=lambda c: c.id)
    ordered = sorted(groups, key=lambda g: STATUS_ORDER.get(g.status, 9))
    timeline = next((g.timeline for g in groups if g.timeline), ())
    files = {subject.origin.file, *(c.origin.file for c in claims)}
    return {
        "id": subject.id,
        "path": page_path("subject", subject.id),
        "description": subject.description,
        "kind": subject.kind,
        "unit": subject.unit or "",
        "time_varying": subject.time_varying,
        "notes": subject.notes or "",
        "groups": [group_view(store, g, i, rows) for i, g in enumerate(ordered, 1)],
        "timeline_svg": timeline_svg(subject.id, timeline) if axis(timeline) else "",
        "episodes": [
            {
                "label": e.label,
                "disputed": e.disputed,
                "shown": "; ".join(v for v, _ in e.values),
                "sources": e.sources,
            }
            for e in timeline
        ],
        "claims": [row_of(store, c, rows) for c in claims],
        "last_change": last_change(files, history),
    }


def subject_summary(view: Mapping[str, Any]) -> dict[str, Any]:
    """The index row of a subject page's view."""
    statuses = [g["status"] for g in view["groups"]]
    return {
        "id": view["id"],
        "href": view["path"],
        "description": view["description"],
        "claims": len(view["claims"]),
        "sources": len({c["source"] for c in view["claims"]}),
        "open": statuses.count("open") + statuses.count("stale"),
        "resolved": statuses.count("resolved"),
        "last_change": view["last_change"],
    }


def source_view(
    store: Store,
    source: Source,
    claims: Iterable[Claim],
    record: TrackRecord | None,
    history: History,
) -> dict[str, Any]:
    """The source page: reliability given and suggested, what it cites, its claims."""
    claims = sorted(claims, key=lambda c: c.id)
    return {
        "id": source.id,
        "path": page_path("source", source.id),
        "title": source.title,
        "publisher": source.publisher,
        "author": source.author or "",
        "url": source.url or "",
        "published": str(source.published or ""),
        "language": source.language or "",
        "reliability": RELIABILITY.get(source.reliability or "", "not rated"),
        "archive": source.archive or "",
        "archive_sha256": source.archive_sha256 or "",
        "status": source.status or "",
        "status_note": source.status_note or "",
        "cites": [
            {"id": s, "href": page_path("source", s) if s in store.sources else None}
            for s in source.cites
        ],
        "record": None if record is None else _record(record),
        "claims": [claim_row(store, c) for c in claims],
        "last_change": last_change([source.origin.file], history),
    }


def _record(record: TrackRecord) -> dict[str, Any]:
    return {
        "won": record.won,
        "lost": record.lost,
        "corroborated": record.corroborated,
        "contradicted": record.contradicted,
        "suggested": RELIABILITY.get(record.suggested, record.suggested),
    }


def source_summary(view: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": view["id"],
        "href": view["path"],
        "title": view["title"],
        "publisher": view["publisher"],
        "reliability": view["reliability"],
        "claims": len(view["claims"]),
        "suggested": view["record"]["suggested"] if view["record"] else "",
    }


def review_row(review: Review) -> dict[str, Any]:
    """A published fact-check of a claim, as its page lists it."""
    scale = ""
    if review.rating_value is not None and review.best_rating is not None:
        scale = f"{_num(review.rating_value)} of {_num(review.best_rating)}"
    return {
        "reviewer": review.reviewer,
        "rating": review.rating or "(no verdict word)",
        "scale": scale,
        "false": rates_false(review),
        "date": str(review.date or ""),
        "url": review.url or "",
    }


def claim_view(
    store: Store,
    claim: Claim,
    groups: Sequence[ConflictGroup],
    history: History,
    rows: Rows | None = None,
    reviews: Sequence[Review] = (),
) -> dict[str, Any]:
    """The claim page: the quote and where it stands, its source, the fact-checks that rated
    it, its file's history."""
    source = store.sources.get(claim.source)
    subject = store.subjects.get(claim.subject)
    count, commits = history.get(claim.origin.file, (0, ()))
    ordered = sorted(groups, key=lambda g: STATUS_ORDER.get(g.status, 9))
    standing = [
        {
            "status": g.status,
            "conflicting": claim.id in g.conflicting_ids,
            "reason": g.reason,
            "href": f"{page_path('subject', claim.subject)}#group-{i}",
        }
        for i, g in enumerate(ordered, 1)
        if claim.id in g.ids
    ]
    return {
        "id": claim.id,
        "path": page_path("claim", claim.id),
        "row": row_of(store, claim, rows),
        "subject": claim.subject,
        "subject_href": page_path("subject", claim.subject) if subject else None,
        "description": subject.description if subject else "",
        "quote": claim.quote,
        "quote_original": claim.quote_original or "",
        # The source's language marks the words as written (a screen reader says them so):
        # the quote, or the original when the quote is its translation.
        "language": (source.language or "") if source else "",
        "locator": claim.locator or "",
        "claimant": claim.claimant or "",
        "scope": claim.scope or "",
        "notes": claim.notes or "",
        "url": (source.url or "") if source else "",
        "archive": (source.archive or "") if source else "",
        "title": source.title if source else "",
        "standing": standing,
        "reviews": [review_row(r) for r in reviews],
        "file": claim.origin.file,
        "commits": [
            {"short": c.short, "date": c.date, "author": c.author, "subject": c.subject}
            for c in commits
        ],
        "more_commits": max(0, count - len(commits)),
    }


def search_text(view: Mapping[str, Any], kind: str) -> str:
    """What the search index shows and searches for a page (the search page reads the
    result's kind and id from the page's path)."""
    if kind == "subject":
        return str(view["description"])
    if kind == "source":
        return f"{view['title']} ({view['publisher']})"
    quote = view["quote"]
    short = quote if len(quote) <= 120 else quote[:117] + "…"
    return f"{view['row']['value']}: {short}"
