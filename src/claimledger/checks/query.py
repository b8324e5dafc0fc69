"""Filtering claims for `claims list`."""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase

from claimledger.model.claim_value import asserted_on, date_span
from claimledger.model.records import CONFIDENCE_WORDS, Claim, confidence_score
from claimledger.tomlstore.store import Store


@dataclass(frozen=True)
class ClaimFilter:
    subject: str | None = None
    source: str | None = None
    tag: str | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None
    min_confidence: int | None = None
    text: str | None = None
    only: frozenset[str] | None = None  # restrict to these claim ids (e.g. conflicting ones)
    status: str | None = None  # active, draft, retracted, withdrawn


def parse_confidence_threshold(raw: str) -> int | None:
    """'moderate' or '60' -> 0-100; None when unreadable."""
    word = raw.strip().lower()
    if word in CONFIDENCE_WORDS:
        return CONFIDENCE_WORDS[word]
    return int(word) if word.isdigit() and 0 <= int(word) <= 100 else None


def matches(claim: Claim, store: Store, f: ClaimFilter) -> bool:
    if f.only is not None and claim.id not in f.only:
        return False
    if f.subject and not id_matches(claim.subject, f.subject):
        return False
    if f.source and not id_matches(claim.source, f.source):
        return False
    if f.tag and f.tag not in claim.tags:
        return False
    if f.status and claim.status != f.status:
        return False
    if (
        f.min_confidence is not None
        and (confidence_score(claim.confidence) or 0) < f.min_confidence
    ):
        return False
    if (f.since or f.until) and not _in_period(claim, store, f):
        return False
    return not f.text or _has_words(claim, f.text)


def id_matches(record_id: str, pattern: str) -> bool:
    """An id filter: the id itself, or a glob (`'reuters*'`, `'iraq/*'`)."""
    return record_id == pattern or fnmatchcase(record_id, pattern)


def unmatched(store: Store, f: ClaimFilter) -> list[str]:
    """For each id filter that matches no record of its kind at all, a sentence saying so,
    with the ids it probably meant."""
    said = []
    for kind, pattern, ids in (
        ("subject", f.subject, store.subjects),
        ("source", f.source, store.sources),
    ):
        if pattern and not any(id_matches(i, pattern) for i in ids):
            close = _close_ids(pattern, list(ids))
            tail = f"; did you mean {', '.join(close)}?" if close else ""
            said.append(f"no {kind} matches {pattern!r}{tail}")
    return said


def _close_ids(pattern: str, ids: list[str]) -> list[str]:
    """Ids that hold the pattern's words (`magnitude` -> `earthquake/magnitude`), else the
    nearest spellings."""
    bare = pattern.strip("*?").casefold()
    holding = sorted(i for i in ids if bare and bare in i.casefold())
    return holding[:3] or difflib.get_close_matches(pattern, ids, n=3, cutoff=0.6)


def _in_period(claim: Claim, store: Store, f: ClaimFilter) -> bool:
    span = date_span(asserted_on(claim, store.sources.get(claim.source)))
    if span is None:
        return False
    if f.since and span.end < f.since:
        return False
    return not (f.until and span.start > f.until)


def _has_words(claim: Claim, words: str) -> bool:
    haystack = " ".join(str(x) for x in (claim.value, claim.quote, claim.notes or "")).casefold()
    return all(w in haystack for w in words.casefold().split())


def select(store: Store, f: ClaimFilter) -> list[Claim]:
    """Matching claims ordered by subject, then date asserted, then id."""
    found: Iterable[Claim] = (c for c in store.claims.values() if matches(c, store, f))
    return sorted(found, key=lambda c: (c.subject, date_key(c, store), c.id))


def date_key(claim: Claim, store: Store) -> str:
    """The ISO day a claim was asserted on ("" when unknown): `list` orders by it."""
    span = date_span(asserted_on(claim, store.sources.get(claim.source)))
    return span.start.isoformat() if span else ""
