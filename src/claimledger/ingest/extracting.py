"""`claims extract`: candidate claims drafted from a source's archived text.

A candidate is a sentence that states a figure (any quantity or hedge the value grammar
reads), a dated event (a day and month without a year takes the source's year), or says
something of a text subject whose alias it names (the clause holding the alias is the
drafted value). It carries the sentence as `quote`, its `locator` ("paragraph 13"),
the figure as written as `value`, the counted noun as `unit` (the subject's unit when it names
it), a `subject` suggestion (an alias in the sentence, else the closest subject by fuzzy
match, else a proposed new id), `as_of` (another date in the sentence, else the source's
date) and the attribution as `claimant`. Sentences come from `checks.prose.sentences`, the
splitter `scan` uses (measured against pysbd on the seed texts: docs/intake.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from claimledger.checks.prose import alias_matches, counts_subject, sentences
from claimledger.disk.adding import slug
from claimledger.model.dates import find_dates, parse_date
from claimledger.model.quantities import find_quantities
from claimledger.model.records import Source, Subject
from claimledger.model.values import DaySpan

KEYS = ("quote", "locator", "value", "unit", "subject", "as_of", "claimant", "confidence")
FUZZY_CUTOFF = 62  # rapidfuzz WRatio: below this a suggestion is a guess, so a new id is proposed
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_UNIT_STOP = frozenset(
    (
        "and", "or", "but", "that", "which", "who", "is", "are", "was", "were", "in", "on",
        "at", "for", "from", "with", "by", "to", "as", "than", "per", "had", "have", "has",
    )
)  # fmt: skip
_SPAN_OF_TIME = re.compile(r"\s*(?:days?|weeks?|months?|years?|decades?)\b")
_SKIPPED = frozenset(("of", "the", "a", "an", "more", "other", "different", "new"))
_NAME = (
    r"(?:[Tt]he\s+[a-z]+(?:\s+of\s+[A-Z][\w’'-]*)?"  # "the ministry", "the mayor of Mosul"
    r"|(?:the\s+)?(?:al-)?[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|al-[\w’'-]+|of|for|de))*)"
)
_CLAIMANT = (
    re.compile(rf"\b[Aa]ccording to ({_NAME})"),
    re.compile(rf"({_NAME}),\s+citing [^,]+,\s+(?:said|reported|wrote)\b"),
    re.compile(rf"\b(?:said|says|told [A-Z][\w]+|added|noted|stated|estimated)\s+({_NAME})"),
    re.compile(rf"({_NAME}),?\s+(?:said|says|told|added|noted|stated|estimated|reported)\b"),
)


@dataclass(frozen=True)
class Candidate:
    quote: str
    locator: str
    value: str
    unit: str | None
    subject: str
    as_of: str | None
    claimant: str | None
    start: int  # offset of the quote in the archived text

    def as_json(self) -> dict[str, Any]:
        return {**{k: getattr(self, k) for k in KEYS if k != "confidence"}, "confidence": None}

    def as_table(self, source: str) -> dict[str, Any]:
        """The draft claim this candidate becomes (without an id)."""
        table: dict[str, Any] = {"subject": self.subject, "value": self.value}
        if self.unit:
            table["unit"] = self.unit
        table["source"] = source
        if self.as_of:
            table["as_of"] = self.as_of
        table["quote"] = self.quote
        table["locator"] = self.locator
        if self.claimant:
            table["notes"] = f"claimant: {self.claimant}"
        table["status"] = "draft"
        return table


def paragraphs(text: str) -> list[tuple[int, int, int | None]]:
    """(start, end, number) of each block between blank lines; headings (short, without a
    sentence's closing punctuation) get no number, so "paragraph 1" is the lede."""
    out: list[tuple[int, int, int | None]] = []
    number = 0
    for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        block = m.group().strip()
        heading = len(block) < 120 and not re.search(r"[.!?:;\"”’)]$", block)
        if not heading:
            number += 1
        out.append((m.start(), m.end(), None if heading else number))
    return out


def _noise(sentence: str) -> bool:
    """Page furniture and lists, not prose: bullets, addresses, links, very short lines."""
    words = _WORD.findall(sentence)
    return (
        len(words) < 6
        or any(mark in sentence for mark in ("•", "@", "http", "©", "|"))
        or not any(w[:1].islower() for w in words)
    )


def extract_candidates(
    text: str, source: Source, subjects: list[Subject], languages: tuple[str, ...] = ()
) -> list[Candidate]:
    """The candidates of an archived text, in text order."""
    found = []
    for start, end, number in paragraphs(text):
        if number is None:
            continue
        for a, b in sentences(text[start:end]):
            s0, s1 = start + a, start + b
            quote = text[s0:s1].strip()
            if _noise(quote):
                continue
            lead = len(text[s0:s1]) - len(text[s0:s1].lstrip())
            candidate = _candidate(quote, s0 + lead, number, source, subjects, languages)
            if candidate is not None:
                found.append(candidate)
    return found


Found = list[tuple[int, int, Any]]  # (start, end, parsed value) in a sentence


def _figures(quote: str, languages: tuple[str, ...]) -> tuple[Found, Found]:
    dates = find_dates(quote)
    quantities = [
        (a, b, q)
        for a, b, q in find_quantities(quote, languages)
        if not any(a < d1 and d0 < b for d0, d1, _ in dates)
        and not re.fullmatch(r"(?:1[89]|20)\d\d", quote[a:b].strip())  # a bare year
        and not _time_frame(quote, a, b)
    ]
    dates = [(a, b, d) for a, b, d in dates if not re.search(r"\b(?:post|pre)-$", quote[:a])]
    return quantities, dates


def _time_frame(quote: str, start: int, end: int) -> bool:
    """ "over the past two years": a frame of time around a statement, not a figure of it."""
    before = re.search(r"\b(?:past|last|next|coming|previous|recent)\s+$", quote[:start])
    return bool(before and _SPAN_OF_TIME.match(quote[end:]))


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
# A day and month with no year ("on November 18", "18 November"): its year is the source's,
# as the value grammar infers it for a claim (see model/dates.py, inferred years).
_YEARLESS = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH})\b"
    r"(?!,?\s*\d{4})"
)


def _yearless_dates(quote: str, source: Source) -> Found:
    """Day-and-month dates without a year, read in the year of the source's date."""
    published = parse_date(source.published) if source.published is not None else None
    if not isinstance(published, DaySpan):
        return []
    found = []
    for m in _YEARLESS.finditer(quote):
        span = parse_date(m.group(), context_year=published.start.year)
        if isinstance(span, DaySpan):
            found.append((m.start(), m.end(), span))
    return found


_STATES = re.compile(
    r"[\w\s,’'()-]{0,25}?\b(?:is|are|was|were|has|have|had|includes?|included|remains?|"
    r"consists?|operates?|controls?)\b"
)


def _said_of(
    quote: str, start: int, number: int, source: Source, subjects: list[Subject]
) -> Candidate | None:
    """A sentence without a figure or date that names a text subject through an alias: the
    clause holding the alias is drafted as its value, for the curator to trim."""
    for subject in subjects:
        if subject.kind != "text":
            continue
        hits = alias_matches(subject, quote, 0, len(quote))
        if not hits:
            continue
        a0, a1 = hits[0]
        if not (_claimant(quote) or _STATES.match(quote, a1)):
            continue  # a mention is not a statement: only "X is/has/includes …" or "…, Y said"
        left = max(quote.rfind(mark, 0, a0) for mark in (",", ";", ":", "—", "–"))
        right = [i for i in (quote.find(mark, a1) for mark in (",", ";", ":", "—", "–")) if i >= 0]
        clause = quote[left + 1 : min(right) if right else len(quote)].strip().rstrip(".")
        return Candidate(
            quote=quote,
            locator=f"paragraph {number}",
            value=clause,
            unit=None,
            subject=subject.id,
            as_of=_date_text(source.published),
            claimant=_claimant(quote),
            start=start,
        )
    return None


def _candidate(
    quote: str,
    start: int,
    number: int,
    source: Source,
    subjects: list[Subject],
    languages: tuple[str, ...],
) -> Candidate | None:
    quantities, dates = _figures(quote, languages)
    if not quantities and not dates:
        dates = _yearless_dates(quote, source)
    if not quantities and not dates:
        return _said_of(quote, start, number, source, subjects)
    if quantities:
        a, b, _ = quantities[0]
        kind = "quantity"
    else:
        a, b, _ = dates[0]
        kind = "date"
    value = quote[a:b].strip()
    unit = _unit(quote, b) if kind == "quantity" else None
    subject = _suggest_subject(quote, kind, unit, b, subjects)
    if subject is not None and kind == "quantity" and unit:
        unit = _normal_unit(unit, subject)
    others = [quote[d0:d1] for d0, d1, _ in dates if (d0, d1) != (a, b)]
    as_of = others[0] if others else _date_text(source.published)
    return Candidate(
        quote=quote,
        locator=f"paragraph {number}",
        value=value,
        unit=unit,
        subject=subject.id if subject else _new_subject_id(kind, unit, quote, source),
        as_of=as_of,
        claimant=_claimant(quote),
        start=start,
    )


def _date_text(value: object) -> str | None:
    return None if value is None else str(value)


def _unit(quote: str, end: int) -> str | None:
    """The noun a figure counts: "nearly 70 factions" -> factions; "dozens of Iranian
    Revolutionary Guard commanders" -> commanders (up to five words, stopping at a verb's
    company)."""
    tail = quote[end:]
    if tail[:1].isalpha():
        return None
    words = []
    prev = 0
    for m in _WORD.finditer(tail):
        if tail[prev : m.start()].strip(" -"):
            break  # punctuation
        prev = m.end()
        word = m.group()
        if word.lower() in _UNIT_STOP or len(words) >= 5:
            break
        if word.lower() in _SKIPPED and not words:
            continue
        words.append(word)
    plural = [w for w in words if w.lower().endswith("s") and not w[:1].isupper()]
    if plural:
        return plural[0]
    common = [w for w in words if not w[:1].isupper()]
    return common[0] if common else None


def _normal_unit(unit: str, subject: Subject) -> str:
    if counts_subject(subject, f" {unit}", 0, len(unit) + 1) and subject.unit:
        return subject.unit
    return unit


def _suggest_subject(
    quote: str, kind: str, unit: str | None, fig_end: int, subjects: list[Subject]
) -> Subject | None:
    """A subject of the figure's kind: one whose alias the sentence uses, else the closest
    by fuzzy match of aliases and description (rapidfuzz), else None."""
    fitting = [s for s in subjects if s.kind == kind]
    by_alias = [s for s in fitting if alias_matches(s, quote, 0, len(quote))]
    if by_alias:
        said = {s.id: counts_subject(s, quote, fig_end, len(quote)) for s in by_alias}
        counted = [s for s in by_alias if said[s.id]] or [s for s in by_alias if said[s.id] is None]
        return counted[0] if counted else None  # the figure counts something else
    if unit:  # what the figure counts is what a subject counts: "thirty different militias"
        by_unit = [s for s in fitting if counts_subject(s, f" {unit}", 0, len(unit) + 1)]
        if len(by_unit) == 1:
            return by_unit[0]
    if not fitting:
        return None
    # Imported here: rapidfuzz costs ~40 ms and only `extract` suggests subjects by it.
    from rapidfuzz import fuzz, process, utils

    choices = {s.id: " ".join((*s.aliases, s.description)) for s in fitting}
    best = process.extractOne(
        quote,
        choices,
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        score_cutoff=FUZZY_CUTOFF,
    )
    if best is None:
        return None
    return next(s for s in fitting if s.id == best[2])


def _new_subject_id(kind: str, unit: str | None, quote: str, source: Source) -> str:
    """A proposed id for a subject the store does not have yet: new/<what>-count|-date."""
    if kind == "quantity":
        return f"new/{slug(unit or 'figure', 2)}-count"
    words = [w.lower() for w in _WORD.findall(quote) if len(w) > 3][:3]
    return f"new/{slug(' '.join(words) or 'event', 3)}-date"


def _claimant(quote: str) -> str | None:
    for pattern in _CLAIMANT:
        m = pattern.search(quote)
        if m:
            name = m.group(1).strip().rstrip(".,")
            if name.lower() not in ("it", "he", "she", "they", "the"):
                return name
    return None
