"""Where prose states a subject's value: sentences, alias matches and the figures tied to them.

Precision first: a figure counts only when it sits in the same sentence as one of the
subject's aliases, is of the subject's kind (a quantity, or a date), and -- for quantities --
counts the subject's unit or is linked to the alias ("the number of militias is 40").
Offsets are code-point offsets into the original text.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from claimledger.model.conversion import in_subject_unit
from claimledger.model.dates import find_dates, parse_date
from claimledger.model.quantities import find_quantities
from claimledger.model.records import Subject
from claimledger.model.values import DaySpan, Quantity

_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.M | re.S)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---[ \t]*$", re.S | re.M)
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)|<https?://[^>\s]*>|https?://\S+")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BLOCK_START = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:#{1,6}\s|[-*+]\s|>|\d+[.)]\s|\|))")
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    (
        "mr", "mrs", "ms", "dr", "st", "no", "vs", "etc", "e.g", "i.e", "approx", "gen", "col",
        "lt", "sgt", "gov", "sen", "rep", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k",
    )
)  # fmt: skip
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_PREPOSITIONS = frozenset(
    (
        "in", "of", "on", "at", "for", "from", "with", "by", "to",
    )
)  # fmt: skip
_STOP = frozenset(
    (
        "in", "on", "at", "for", "from", "with", "by", "to", "and", "or", "but", "that", "which",
        "who", "whom", "is", "are", "was", "were", "be", "been", "have", "has", "had", "per",
        "than", "as", "while", "when", "where",
    )
)  # fmt: skip
_SKIPPABLE = frozenset(("of", "the", "a", "an"))
_NOT_PLURAL = frozenset(
    (
        "various", "previous", "famous", "numerous", "us", "this", "is", "was", "has", "its",
        "his",
    )
)  # fmt: skip
_LINK = re.compile(
    r"\b(?:is|are|was|were|stands?|stood|numbers?|numbered|totals?|totall?ed|reach(?:es|ed)?|"
    r"estimated|put)\b|:"
)
_DATE_BLOCKERS = frozenset(
    (
        "after", "before", "since", "until", "till", "by", "following", "ended", "ending", "end",
        "from", "through",
    )
)  # fmt: skip


@dataclass(frozen=True)
class Mention:
    """A figure in prose tied to a subject through an alias in the same sentence."""

    subject: Subject
    start: int
    end: int
    value: Quantity | DaySpan
    alias_start: int
    alias_end: int
    when: DaySpan | None = None  # a date the sentence gives for the figure ("on 7 February")


def mask_markup(text: str) -> str:
    """Markdown code, link targets, comments and front matter blanked out, offsets kept."""

    def blank(m: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))

    for pattern in (_FRONT_MATTER, _FENCE, _HTML_COMMENT, _INLINE_CODE, _LINK_TARGET):
        text = pattern.sub(blank, text)
    return text


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence: blocks split at blank lines and Markdown block starts,
    then at sentence-ending punctuation followed by a capital or a digit."""
    spans: list[tuple[int, int]] = []
    block_start = 0
    for m in [*_BLOCK_START.finditer(text), None]:
        block_end = m.start() if m else len(text)
        spans.extend(_split_block(text, block_start, block_end))
        block_start = m.end() if m else len(text)
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, begin = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        word = re.search(r"([\w.]+)\.*$", text[begin : m.start() + 1])
        token = word.group(1).lower().rstrip(".") if word else ""
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue  # "U.S. officials", "Gen. Soleimani": not a sentence end
        out.append((begin, m.end()))
        begin = m.end()
    out.append((begin, end))
    return out


def _word_pattern(word: str) -> str:
    """One alias word, tolerant of plural forms and of the apostrophe's spelling."""
    low = word.lower()
    if low.endswith("ies") and len(low) > 4:
        stem, tail = low[:-3], "(?:y|ies)"
    elif low.endswith("y") and len(low) > 2 and low[-2] not in "aeiou":
        stem, tail = low[:-1], "(?:y|ies)"
    elif low.endswith("s") and not low.endswith("ss") and len(low) > 3:
        stem, tail = low[:-1], "(?:s|es)?"
    else:
        stem, tail = low, "(?:s|es)?" if low.isalpha() and len(low) > 2 else ""
    return re.escape(stem).replace("'", "['’]") + tail


@lru_cache(maxsize=4096)
def alias_regex(alias: str) -> re.Pattern[str] | None:
    """Whole words, any case, spaces or hyphens between words, plural-tolerant."""
    words = [w for w in re.split(r"[\s\-‐‑–—]+", alias.strip()) if w]
    if not words:
        return None
    body = r"[\s\-‐‑–—]+".join(_word_pattern(w) for w in words)
    return re.compile(rf"(?<![\w'’-]){body}(?![\w'’])", re.I)


def alias_matches(subject: Subject, text: str, start: int, end: int) -> list[tuple[int, int]]:
    found = []
    for alias in subject.aliases:
        pattern = alias_regex(alias)
        if pattern is not None:
            found.extend(m.span() for m in pattern.finditer(text, start, end))
    return sorted(set(found))


@lru_cache(maxsize=1024)
def _counted_nouns(unit: str | None, unit_aliases: tuple[str, ...], aliases: tuple[str, ...]):
    """Word stems that name what a subject counts: its units and the heads of its aliases."""
    heads: set[str] = set()
    for phrase in (unit or "", *unit_aliases):
        words = _WORD.findall(phrase)
        if words:
            heads.add(_stem(words[-1]))
    for alias in aliases:
        words = _WORD.findall(alias)
        lower = [w for w in words if w[:1].islower()]  # proper nouns are not what is counted
        if lower:
            heads.add(_stem(lower[-1]))
        for i, w in enumerate(words[1:], 1):
            if w.lower() in _PREPOSITIONS and words[i - 1][:1].islower():
                heads.add(_stem(words[i - 1]))
                break
    return frozenset(heads - {""})


def _stem(word: str) -> str:
    low = word.lower().split("-")[-1]
    if low.endswith("ies") and len(low) > 4:
        return low[:-3] + "y"
    if low.endswith("es") and low[:-2].endswith(("sh", "ch", "x", "ss")):
        return low[:-2]
    if low.endswith("s") and not low.endswith("ss") and len(low) > 3:
        return low[:-1]
    return low


def counts_subject(subject: Subject, text: str, fig_end: int, sent_end: int) -> bool | None:
    """True when the words after a figure name the subject's unit ("40 armed militias"),
    False when they name something else ("12 rockets"), None when no noun follows."""
    nouns = _counted_nouns(subject.unit, subject.unit_aliases, subject.aliases)
    tail = text[fig_end:sent_end]
    if tail[:1].isalpha():
        return False  # "12th", "3m" glued to the figure
    seen, prev = 0, 0
    for m in _WORD.finditer(tail):
        if tail[prev : m.start()].strip(" \t\n-"):
            break  # punctuation between the figure and this word
        prev = m.end()
        word = m.group(0).lower()
        if _stem(word) in nouns:
            return True
        if word in _SKIPPABLE:
            continue
        if seen == 0 and word in _STOP:
            return None
        if word in _STOP or (word.endswith("s") and len(word) > 3 and word not in _NOT_PLURAL):
            return False
        seen += 1
        if seen >= 4:
            return False
    return None if seen == 0 else False


def _linked(text: str, alias_end: int, fig_start: int) -> bool:
    """Whether the alias is linked to a later figure: "the number of militias is about 40"."""
    between = text[alias_end:fig_start]
    return 0 <= len(between) <= 40 and bool(_LINK.search(between.lower()))


def quantity_figures(
    subject: Subject, text: str, start: int, end: int, languages: tuple[str, ...] = ()
):
    """Quantities in a sentence, read in the draft's languages with the subject's tolerance,
    in the subject's unit ("29,000 feet" on a metre subject); a figure in a unit of another
    dimension ("70 km" on a subject counted in people) is not the subject's figure."""
    for a, b, q in find_quantities(text[start:end], languages, subject.tolerance):
        if q.written_unit is not None:
            q = in_subject_unit(q, None, subject.unit, subject.unit_aliases)
        if isinstance(q, Quantity):
            yield start + a, start + b, q


def date_figures(text: str, start: int, end: int):
    """Dates in a sentence, except those a preposition makes relative ("after June 2014")."""
    for a, b, span in find_dates(text[start:end]):
        before = re.search(r"([A-Za-z]+)\W*$", text[max(start, start + a - 16) : start + a])
        if before and before.group(1).lower() in _DATE_BLOCKERS:
            continue
        yield start + a, start + b, span


def _qualifies(subject, text, alias, fig, sent_end, measured: bool = False) -> bool:
    a0, a1 = alias
    f0, f1 = fig
    if f0 < a1 and a0 < f1:
        return False  # the figure is part of the alias ("12-day war")
    if subject.kind == "date" or measured:
        return True  # (measured: in a unit of the subject's dimension, "4.478 Meter")
    counted = counts_subject(subject, text, f1, sent_end)
    return counted is True or (counted is None and a1 <= f0 and _linked(text, a1, f0))


def mentions_in(
    subject: Subject,
    text: str,
    start: int,
    end: int,
    aliases: list[tuple[int, int]],
    languages: tuple[str, ...] = (),
) -> list[Mention]:
    """The subject's mention in one sentence: the qualifying figure closest to an alias.
    For a time-varying subject, another date in the sentence says when the figure holds."""
    if not aliases:
        return []
    if subject.kind == "quantity":
        figures = list(quantity_figures(subject, text, start, end, languages))
    elif subject.kind == "date":
        figures = list(date_figures(text, start, end))
    else:
        return []
    best: tuple[int, Mention] | None = None
    for f0, f1, value in figures:
        measured = isinstance(value, Quantity) and value.written_unit is not None
        for a0, a1 in aliases:
            if not _qualifies(subject, text, (a0, a1), (f0, f1), end, measured):
                continue
            distance = f0 - a1 if f0 >= a1 else a0 - f1
            if best is None or distance < best[0]:
                best = (distance, Mention(subject, f0, f1, value, a0, a1))
    if best is None:
        return []
    mention = best[1]
    if subject.time_varying:
        dates = [
            span
            for d0, d1, span in date_figures(text, start, end)
            if d1 <= mention.start or d0 >= mention.end  # not the figure itself
        ]
        if dates:
            mention = dataclasses.replace(mention, when=dates[0])
    return [mention]


def _longest_aliases(
    found: dict[str, list[tuple[int, int]]],
) -> dict[str, list[tuple[int, int]]]:
    """Alias matches with those inside a longer match of another subject's alias dropped:
    "death toll" of one subject does not match inside "death toll in Turkey" of another."""
    spans = [(a0, a1, sid) for sid, matches in found.items() for a0, a1 in matches]
    kept: dict[str, list[tuple[int, int]]] = {}
    for a0, a1, sid in spans:
        inside = any(
            other != sid and b0 <= a0 and a1 <= b1 and b1 - b0 > a1 - a0 for b0, b1, other in spans
        )
        if not inside:
            kept.setdefault(sid, []).append((a0, a1))
    return kept


_FRONT_LANGUAGE = re.compile(
    r"^(?:language|lang):[ \t]*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.M
)


def front_matter_language(text: str) -> str | None:
    """The `language:` of a draft's front matter (BCP 47), or None."""
    front = _FRONT_MATTER.match(text)
    found = _FRONT_LANGUAGE.search(front.group()) if front else None
    return found.group(1) if found else None


def find_mentions(
    subjects: list[Subject], text: str, languages: tuple[str, ...] = ()
) -> list[Mention]:
    """Every subject mention in a prose document, in text order; figures are read in
    `languages` (the draft's), English when none is given."""
    masked = mask_markup(text)
    found: list[Mention] = []
    for start, end in sentences(masked):
        matches = {}
        for subject in subjects:
            if hit := alias_matches(subject, masked, start, end):
                matches[subject.id] = hit
        if not matches:
            continue
        kept = _longest_aliases(matches) if len(matches) > 1 else matches
        for subject in subjects:
            if subject.id in kept:
                hits = kept[subject.id]
                found.extend(mentions_in(subject, masked, start, end, hits, languages))
    return sorted(found, key=lambda m: (m.start, m.subject.id))


_FRONT_DATE = re.compile(r"^date:[ \t]*[\"']?([^\"'\n]+?)[\"']?[ \t]*$", re.M)


def front_matter_date(text: str) -> DaySpan | None:
    """The `date:` of a draft's front matter ("date: 2023-02-07"), when it reads as a date."""
    front = _FRONT_MATTER.match(text)
    found = _FRONT_DATE.search(front.group(0)) if front else None
    if found is None:
        return None
    span = parse_date(found.group(1).strip())
    return span if isinstance(span, DaySpan) else None
