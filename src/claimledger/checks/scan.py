"""Prose scanning: figures in a draft compared with the store's claims on their subject.

A figure that no stored claim allows is a `prose-conflict` warning; one that sides with a
position of an open conflict is `prose-disputed` info; one that agrees with everything is
silent. `claims scan` and the language server both call `scan_text`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from claimledger.checks.prose import (
    Mention,
    find_mentions,
    front_matter_date,
    front_matter_language,
)
from claimledger.conflicts.compare import values_disagree
from claimledger.conflicts.groups import (
    ConflictGroup,
    active_claims,
    find_conflicts,
    takes_part,
    typed_value,
)
from claimledger.model.claim_value import date_span, describe, holds_as_of, unit_ok
from claimledger.model.dates import spans_overlap
from claimledger.model.diagnostics import Diagnostic, Related, Severity
from claimledger.model.numbers import reading_languages
from claimledger.model.records import Claim, Subject
from claimledger.model.values import DaySpan, Quantity
from claimledger.tomlstore.positions import LineIndex
from claimledger.tomlstore.store import Store


@dataclass(frozen=True)
class Judgement:
    """How one prose figure relates to the claims on its subject."""

    mention: Mention
    agrees: tuple[Claim, ...]
    disagrees: tuple[Claim, ...]
    group: ConflictGroup | None


def comparable_claims(
    store: Store, subject: Subject, when: DaySpan | None = None
) -> list[tuple[Claim, object]]:
    """Active claims with readable values. For a time-varying subject, those holding at
    `when` (the sentence's date, else the draft's, else today); when none does, the latest
    ones holding before it: the figure known at that time."""
    typed = []
    for claim in active_claims(store, store.claims_by_subject.get(subject.id, [])):
        value = typed_value(store, claim, subject)
        if takes_part(value) and unit_ok(claim, subject):
            typed.append((claim, value))
    if not subject.time_varying or not typed:
        return typed
    spans = {c.id: _held(store, c) for c, _ in typed}
    if when is not None:
        at = [(c, v) for c, v in typed if (s := spans[c.id]) and spans_overlap(s, when)]
        if at:
            return at
        typed = [(c, v) for c, v in typed if (s := spans[c.id]) and s.end < when.start]
        if not typed:
            return []
    latest = max(s.end if (s := spans[c.id]) else datetime.date.min for c, _ in typed)
    return [(c, v) for c, v in typed if (s := spans[c.id]) and s.end == latest]


def _held(store: Store, claim: Claim) -> DaySpan | None:
    return date_span(holds_as_of(claim, store.sources.get(claim.source)))


def judge(
    store: Store, mention: Mention, today: datetime.date, when: DaySpan | None = None
) -> Judgement | None:
    """The claims a figure agrees and disagrees with, at the time the sentence speaks of
    (`mention.when`, else `when`: the draft's date or today)."""
    claims = comparable_claims(store, mention.subject, mention.when or when)
    if not claims:
        return None
    agrees = tuple(c for c, v in claims if values_disagree(mention.value, v) is None)
    disagrees = tuple(c for c, v in claims if values_disagree(mention.value, v) is not None)
    group = None
    if disagrees:
        mine = {c.id for c in (*agrees, *disagrees)}
        groups = find_conflicts(store, today, [mention.subject.id])
        group = next((g for g in groups if mine & {c.id for c in g.claims}), None)
    return Judgement(mention, agrees, disagrees, group)


def _describe(claim: Claim, store: Store) -> str:
    source = store.sources.get(claim.source)
    who = source.publisher if source and source.publisher else claim.source
    rel = f", reliability {source.reliability}" if source and source.reliability else ""
    return f"{claim.id} “{claim.value}” ({who}{rel})"


def _figure(mention: Mention, text: str) -> str:
    value = mention.value
    parsed = describe(value) if isinstance(value, Quantity) else _span_label(value)
    return f"“{text[mention.start : mention.end]}” ({parsed})"


def _span_label(value: object) -> str:
    return value.label() if isinstance(value, DaySpan) else str(value)


def _preferred(j: Judgement) -> Claim | None:
    r = j.group.resolution if j.group else None
    if r and r.verdict == "prefer" and r.preferred and j.group and j.group.status == "resolved":
        return next((c for c in j.group.claims if c.id == r.preferred), None)
    return None


def classify(j: Judgement) -> tuple[str, Severity] | None:
    """(code, severity) for a judgement, or None when the figure agrees with the fact base."""
    if not j.disagrees:
        return None
    preferred = _preferred(j)
    if preferred is not None:
        if preferred in j.disagrees:
            return "prose-conflict", Severity.WARNING
        return None
    if not j.agrees:
        return "prose-conflict", Severity.WARNING
    if j.group and j.group.status in ("open", "stale"):
        return "prose-disputed", Severity.INFO
    if j.group and j.group.status == "resolved":
        return None  # a judged dispute (both plausible, scope mismatch): either side may be cited
    return "prose-conflict", Severity.INFO


def _message(code: str, j: Judgement, text: str, store: Store) -> str:
    subject = j.mention.subject.id
    against = "; ".join(_describe(c, store) for c in j.disagrees)
    if code == "prose-disputed":
        sides = "; ".join(_describe(c, store) for c in j.agrees)
        return (
            f"{_figure(j.mention, text)} takes a side in the open dispute on {subject}: "
            f"agrees with {sides}; disagrees with {against}"
        )
    message = f"{_figure(j.mention, text)} contradicts the fact base on {subject}: {against}"
    preferred = _preferred(j)
    if preferred is not None and j.group and j.group.resolution:
        message += f"; resolution {j.group.resolution.id} prefers {_describe(preferred, store)}"
    elif j.agrees:
        message += "; agrees with " + "; ".join(_describe(c, store) for c in j.agrees)
    return message


def _hint(code: str, j: Judgement) -> str:
    subject = j.mention.subject.id
    if code == "prose-disputed":
        return f"the sources disagree; see `claims conflicts {subject}` before relying on one"
    return f"check the figure against the sources; `claims show` the claims on {subject}"


def _related(j: Judgement, store: Store) -> tuple[Related, ...]:
    out = []
    for claim, word in [(c, "conflicting") for c in j.disagrees] + [
        (c, "agreeing") for c in j.agrees
    ]:
        line, col = claim.origin.at("value")
        out.append(Related(claim.origin.file, line, col, f"{word} {_describe(claim, store)}"))
    return tuple(out)


def judgement_diagnostic(path: str, text: str, j: Judgement, store: Store, index: LineIndex):
    found = classify(j)
    if found is None:
        return None
    code, severity = found
    line, col = index.position(j.mention.start)
    end_line, end_col = index.position(j.mention.end)
    return Diagnostic(
        path,
        line,
        col,
        severity,
        code,
        _message(code, j, text, store),
        _hint(code, j),
        end_line=end_line,
        end_column=end_col,
        related=_related(j, store),
        records=tuple(f"claim:{c.id}" for c in (*j.disagrees, *j.agrees)),
    )


def scan_text(
    path: str, text: str, store: Store, today: datetime.date, language: str | None = None
) -> list[Diagnostic]:
    """Diagnostics for every figure in `text` that the fact base disputes; figures are read
    in `language`, else the front matter's `language:`, else English."""
    subjects = [s for s in store.subjects.values() if s.aliases and s.kind in ("quantity", "date")]
    index = LineIndex(text)
    found = []
    draft_date = front_matter_date(text) or DaySpan(today.isoformat(), today, today, "day")
    languages = reading_languages(language or front_matter_language(text))
    for mention in find_mentions(subjects, text, languages):
        j = judge(store, mention, today, draft_date)
        d = judgement_diagnostic(path, text, j, store, index) if j else None
        if d is not None:
            found.append(d)
    if store.reviews:
        # Imported here: it brings rapidfuzz (38 ms), which a store without reviews never needs.
        from claimledger.checks.scan_reviews import reviewed_repeats

        found.extend(reviewed_repeats(path, text, store, index))
    return found
