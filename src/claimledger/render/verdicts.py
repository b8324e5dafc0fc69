"""What a resolution says of each claim it judged, in the words publishers use.

One mapping serves ClaimReview (`render/claimreview.py`) and STIX opinions (`render/stix.py`),
so the two exports never disagree. Only verdicts that reject or uphold a claim judge it:
`prefer` upholds the preferred claim and rejects the others; `source-error` rejects every
claim but the preferred one (when one is named, it is upheld). `scope-mismatch`,
`both-plausible` and `superseded` say the claims answer different questions, could both be
right, or were overtaken by time: no claim is rated.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from claimledger.conflicts.resolutions import is_placeholder
from claimledger.model.records import Resolution


@dataclass(frozen=True)
class Rating:
    """A verdict word on a 1-5 scale (worst 1, best 5) and the STIX opinion it becomes."""

    word: str
    value: int
    opinion: str


UPHELD = Rating("True", 5, "strongly-agree")
REJECTED = Rating("False", 1, "strongly-disagree")
BEST, WORST = 5, 1
JUDGING_VERDICTS = ("prefer", "source-error")


@dataclass(frozen=True)
class Judgment:
    """One claim as a resolution judged it."""

    claim: str
    rating: Rating
    resolution: Resolution


def judgments(resolution: Resolution) -> Iterator[Judgment]:
    """The claims a resolution upholds or rejects; none for a verdict that rates no claim,
    or an unfinished resolution (its note a placeholder: it resolves nothing)."""
    if resolution.verdict not in JUDGING_VERDICTS or is_placeholder(resolution.note or ""):
        return
    for cid in resolution.claims:
        upheld = cid == resolution.preferred
        yield Judgment(cid, UPHELD if upheld else REJECTED, resolution)
