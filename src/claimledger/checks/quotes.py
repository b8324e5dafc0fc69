"""Quotes against archived texts: a quote is verified when it appears, whole words at both
ends, within one passage of the archive, and is long enough to mean something.

A passage is a paragraph: text between blank lines, where a line shorter than `SHORT_LINE`
that the next line does not continue with a lower-case word (a title, a byline, a dateline)
stands alone, so a quote cannot span the title and the byline, or the end of one paragraph
and the start of the next. Matching ignores differences
of whitespace and of curly versus straight quote marks.
"""

from __future__ import annotations

import difflib
import re

# The shortest verifiable quote: MIN_WORDS words, or MIN_CHARS characters for scripts
# written without spaces. "y" occurs in any archive; it proves nothing.
MIN_WORDS = 3
MIN_CHARS = 12
SHORT_LINE = 40
_SEPARATOR = "\x00"  # between passages: no quote holds it, so no match crosses one

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_SPACE = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def normalise_passage(text: str) -> str:
    """Whitespace- and quote-mark-insensitive form used to find quotes in archives."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def too_short(quote: str) -> bool:
    """Whether a quote is too short to be verified against an archive."""
    text = normalise_passage(quote)
    return len(text.split()) < MIN_WORDS and len(text) < MIN_CHARS


def passages(archive: str) -> str:
    """The archive's passages, normalised, joined by a separator no quote holds."""
    found = []
    for paragraph in _BLANK_LINE.split(archive.replace("\r\n", "\n")):
        lines = paragraph.split("\n")
        start = 0
        for i in range(1, len(lines)):
            if _stands_alone(lines[i - 1], lines[i]):
                found.append(" ".join(lines[start:i]))
                start = i
        found.append(" ".join(lines[start:]))
    return _SEPARATOR.join(p for p in map(normalise_passage, found) if p)


def _stands_alone(line: str, following: str) -> bool:
    """A title, byline or dateline: a short line, and the next one does not go on with a
    lower-case word as a wrapped sentence would."""
    nxt = following.lstrip()
    return len(line.strip()) < SHORT_LINE and not (nxt[:1].islower())


def quote_in(quote: str, joined: str) -> bool:
    """Whether the quote occurs in one passage of `passages(...)`, starting and ending at
    word boundaries (a quote of a whole word is not found inside a longer word)."""
    q = normalise_passage(quote)
    if not q:
        return False
    i = joined.find(q)
    while i >= 0:
        before = joined[i - 1 : i]
        after = joined[i + len(q) : i + len(q) + 1]
        if not (_joins(before, q[0]) or _joins(q[-1], after)):
            return True
        i = joined.find(q, i + 1)
    return False


def _joins(left: str, right: str) -> bool:
    """Whether two adjacent characters are inside one word."""
    return bool(left) and bool(right) and left.isalnum() and right.isalnum()


def closest_passage(quote: str, archive: str) -> str:
    """A hint naming the archive sentence most like the quote."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", archive) if s]
    q = normalise_passage(quote)
    best = max(sentences, key=lambda s: difflib.SequenceMatcher(None, q, s).ratio(), default="")
    if not best:
        return "the archive is empty"
    return f"closest passage: {best[:300]!r}"
