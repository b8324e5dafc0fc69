"""Judged claims as schema.org ClaimReview (JSON-LD), one review per judged claim.

The fields follow Google's ClaimReview documentation (required: `claimReviewed`,
`reviewRating` with `alternateName`, `url`; recommended: `author`, `datePublished`,
`itemReviewed` a Claim with `author`, `datePublished`, `appearance`, `firstAppearance`, and the
rating's `ratingValue`, `bestRating`, `worstRating`, `name`). The verdict words come from
`render/verdicts.py`; docs/publishing.md has the mapping.
"""

from __future__ import annotations

import datetime
import fnmatch
from dataclasses import dataclass
from typing import Any

from claimledger.model.dates import parse_date
from claimledger.model.records import Claim, Source
from claimledger.model.values import DaySpan
from claimledger.render.verdicts import BEST, WORST, Judgment, judgments
from claimledger.tomlstore.store import Store

CONTEXT = "https://schema.org"


@dataclass(frozen=True)
class Reviewer:
    """Who publishes the reviews (the store's settings) and where each one's page is."""

    name: str
    url: str
    review_url: str  # template: {claim}, {resolution}, {subject}


def judged_claims(store: Store, subject_glob: str = "*") -> list[Judgment]:
    """Every claim judged by a resolution, on subjects matching the glob, in id order."""
    found = []
    for resolution in sorted(store.resolutions.values(), key=lambda r: r.id):
        for judgment in judgments(resolution):
            claim = store.claims.get(judgment.claim)
            if claim is not None and fnmatch.fnmatchcase(claim.subject, subject_glob):
                found.append(judgment)
    return found


def render_claimreviews(
    store: Store, found: list[Judgment], reviewer: Reviewer, today: datetime.date
) -> list[dict[str, Any]]:
    """One self-contained JSON-LD ClaimReview per judgment (each can go into its own page)."""
    return [_review(store, j, reviewer, today) for j in found]


def _review(
    store: Store, judgment: Judgment, reviewer: Reviewer, today: datetime.date
) -> dict[str, Any]:
    claim = store.claims[judgment.claim]
    resolution = judgment.resolution
    url = reviewer.review_url.format(
        claim=claim.id, resolution=resolution.id, subject=claim.subject
    )
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claimed_in_words(store, claim),
        "datePublished": iso_date(resolution.on) or today.isoformat(),
        "author": {"@type": "Organization", "name": reviewer.name, "url": reviewer.url},
        "itemReviewed": _item_reviewed(store, claim),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": judgment.rating.value,
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": judgment.rating.word,
            "name": judgment.rating.word,
            "ratingExplanation": resolution.note,
        },
    }


def claimed_in_words(store: Store, claim: Claim) -> str:
    """The subject's question and the value as the source wrote it."""
    subject = store.subjects.get(claim.subject)
    question = subject.description.strip() if subject else claim.subject
    if claim.value is not None:
        value = str(claim.value).lower() if isinstance(claim.value, bool) else str(claim.value)
    else:
        value = f"{claim.min} to {claim.max}"
    unit = f" {claim.unit}" if claim.unit else ""
    return f"{question} — {value}{unit}"


def _item_reviewed(store: Store, claim: Claim) -> dict[str, Any]:
    source = store.sources.get(claim.source) or Source(claim.source, publisher=claim.source)
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": source.title}
    if source.url:
        appearance["url"] = source.url
    appearance["publisher"] = {"@type": "Organization", "name": source.publisher}
    item: dict[str, Any] = {"@type": "Claim", "author": _claim_author(store, claim, source)}
    # When neither says, the day the source was read: the claim appeared by then.
    published = iso_date(claim.date) or iso_date(source.published) or iso_date(source.accessed)
    if published:
        item["datePublished"] = published
    item["appearance"] = appearance
    item["firstAppearance"] = appearance
    return item


def _claim_author(store: Store, claim: Claim, source: Source) -> dict[str, Any]:
    """The claimant when one is named (an Organization when it names a known source's
    publisher or id, else a Person), else the publisher."""
    if not claim.claimant:
        return {"@type": "Organization", "name": source.publisher}
    key = " ".join(claim.claimant.split()).casefold()
    known = claim.claimant in store.sources or key in store.sources_by_publisher
    return {"@type": "Organization" if known else "Person", "name": claim.claimant}


def iso_date(raw: object) -> str | None:
    """An ISO 8601 date of the precision written: 2014-06-13, 2014-06, 2014; other spans
    ("Q3 2024", "early June") give their first day."""
    if raw is None:
        return None
    span = parse_date(raw)
    if not isinstance(span, DaySpan):
        return None
    if span.precision == "month":
        return span.start.isoformat()[:7]
    if span.precision == "year":
        return span.start.isoformat()[:4]
    return span.start.isoformat()
