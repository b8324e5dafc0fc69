"""Published fact-checks (`[[review]]`) against the claims they rate.

A review names a claim that must exist (`dangling-reference`). A claim that a reputable
reviewer rated false is a `reviewed-false` warning at the claim: reputable means the reviewer
names a source of the store (its id or publisher) rated A or B, the store's own word for
trust (add the fact-checker as a `[[source]]` to make its verdicts count). False means a
false verdict word ("False", "Pants on Fire", "Incorrect", ... `model/records.py`
FALSE_RATINGS) or the worst value of the reviewer's scale.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from claimledger.model.diagnostics import Diagnostic, Related, Severity, at_key
from claimledger.model.records import Claim, Review, Source, rates_false
from claimledger.tomlstore.store import Store

REPUTABLE = ("A", "B")


def reviewer_source(store: Store, review: Review) -> Source | None:
    """The store's source for the reviewer (by id or publisher), if it has one."""
    name = review.reviewer.strip()
    found = store.sources.get(name)
    return found or store.sources_by_publisher.get(" ".join(name.split()).casefold())


def reputable(store: Store, review: Review) -> bool:
    source = reviewer_source(store, review)
    return source is not None and source.reliability in REPUTABLE


def reviews_of(store: Store) -> dict[str, list[Review]]:
    """Each claim id to its reviews, in id order."""
    found: dict[str, list[Review]] = {}
    for rid in sorted(store.reviews):
        review = store.reviews[rid]
        found.setdefault(review.claim, []).append(review)
    return found


def check_reviews(store: Store, files: frozenset[str] | None = None) -> Iterator[Diagnostic]:
    """Dangling reviews (at the review), and claims a reputable reviewer rated false (at the
    claim: found from the claim's side, so the editor re-checking a claim finds it again)."""
    for review in store.reviews.values():
        mine = files is None or review.origin.file in files
        if mine and review.claim not in store.claims:
            yield _dangling(review, store)
    by_claim: dict[str, list[Review]] = {}
    # items(), not values(): the editor's check view narrows values() to the records checked.
    for _, review in sorted(store.reviews.items()):
        by_claim.setdefault(review.claim, []).append(review)
    for claim in store.claims.values():
        if files is not None and claim.origin.file not in files:
            continue
        for review in by_claim.get(claim.id, ()):
            if rates_false(review) and reputable(store, review):
                yield _rated_false(claim, review)


def _rated_false(claim: Claim, review: Review) -> Diagnostic:
    line, col = review.origin.at("rating")
    where = f" ({review.url})" if review.url else ""
    return at_key(
        claim.origin,
        "value",
        Severity.WARNING,
        "reviewed-false",
        f"claim {claim.id!r} was rated {review.rating} by {review.reviewer}{where}",
        "retract or withdraw the claim (status), or record why the rating does not apply "
        "in its notes",
        related=(Related(review.origin.file, line, col, f"review {review.id}"),),
        records=(f"claim:{claim.id}", f"review:{review.id}"),
    )


def _dangling(review: Review, store: Store) -> Diagnostic:
    close = difflib.get_close_matches(review.claim, list(store.claims), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else "add the claim, or fix the id"
    return at_key(
        review.origin,
        "claim",
        Severity.ERROR,
        "dangling-reference",
        f"review {review.id!r} refers to unknown claim {review.claim!r}",
        hint,
        records=(f"review:{review.id}",),
    )
