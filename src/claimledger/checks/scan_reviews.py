"""`claims scan`: draft sentences that repeat a claim a published fact-check rated.

Each sentence of the draft is matched against the words of every reviewed claim (its quote
and its value), lowercased and without punctuation, by two rapidfuzz scores that must both
reach `MIN_SCORE`: token_set_ratio (the claim's words are in the sentence) and partial_ratio
(in one stretch of it). rapidfuzz (38 ms to import) is imported only when the store holds
reviews. A repeat of a claim rated false ("False", "Pants on Fire", the worst of the scale)
is a `prose-reviewed` warning, of any other rating an info, both saying "rated False by X".
"""

from __future__ import annotations

from claimledger.checks.prose import sentences
from claimledger.checks.reviews import reviews_of
from claimledger.model.diagnostics import Diagnostic, Related, Severity
from claimledger.model.records import Review, rates_false
from claimledger.tomlstore.positions import LineIndex
from claimledger.tomlstore.store import Store

MIN_SCORE = 85  # both scores: a repeat in other words scores ~90, an unrelated sentence ~35
MIN_WORDS = 4  # shorter sentences ("It is false.") match too much


def reviewed_repeats(path: str, text: str, store: Store, index: LineIndex) -> list[Diagnostic]:
    """A finding per sentence that repeats a reviewed claim."""
    reviewed = {cid: rs for cid, rs in reviews_of(store).items() if cid in store.claims}
    if not reviewed:
        return []
    # The claim's quote and its value: a draft repeats either (the value alone when the
    # quote is a fact-checker's "question — claim").
    keyed = [
        (cid, str(words))
        for cid in reviewed
        for words in dict.fromkeys((store.claims[cid].quote, store.claims[cid].value))
        if isinstance(words, str) and words
    ]
    choices = [words for _, words in keyed]
    found = []
    for start, end in sentences(text):
        sentence = text[start:end].strip()
        start += len(text[start:end]) - len(text[start:end].lstrip())
        if len(sentence.split()) < MIN_WORDS:
            continue
        best = _best_match(sentence, choices)
        if best is not None:
            cid = keyed[best][0]
            found.append(_finding(path, index, start, store, reviewed[cid], cid))
    return found


def _best_match(sentence: str, choices: list[str]) -> int | None:
    """The index of the choice the sentence repeats, if any. WRatio is not used: two
    sentences sharing one short word ("in") score 85.5 by it."""
    # Imported here: 38 ms, and only drafts scanned against a store with reviews need it.
    from rapidfuzz import fuzz, process, utils

    candidates = process.extract(
        sentence,
        choices,
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        score_cutoff=MIN_SCORE,
        limit=5,
    )
    scored = [
        (fuzz.partial_ratio(sentence, words, processor=utils.default_process), i)
        for words, _, i in candidates
        if len(words.split()) >= MIN_WORDS
    ]
    score, best = max(scored, default=(0.0, -1))
    return best if score >= MIN_SCORE else None


def _finding(
    path: str, index: LineIndex, start: int, store: Store, reviews: list[Review], cid: str
) -> Diagnostic:
    line, col = index.position(start)
    false = [r for r in reviews if rates_false(r)]
    shown = false or reviews
    said = "; ".join(f"rated {r.rating} by {r.reviewer}" for r in shown)
    claim = store.claims[cid]
    related = tuple(
        Related(r.origin.file, *r.origin.at("rating"), f"review {r.id}: {r.url or r.reviewer}")
        for r in shown
    )
    return Diagnostic(
        path,
        line,
        col,
        Severity.WARNING if false else Severity.INFO,
        "prose-reviewed",
        f"this sentence repeats a reviewed claim: {said}",
        f"claim {claim.id}: “{claim.quote}”",
        related=related,
    )
