"""Quote verification: long enough, whole words, within one passage of the archive."""

from __future__ import annotations

import pytest

from claimledger.checks.quotes import passages, quote_in, too_short

from .conftest import SOURCE, SUBJECT, check_of, claim

ARCHIVE = """\
City grows again
By Jane Doe, staff reporter

About 120,000 people now live in the city, the
statistics office said on Monday.

The mayor said: "We will build more homes."
"""


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("About 120,000 people now live in the city", True),
        ("live in the city, the statistics office said", True),  # a wrapped line
        ("“We will build more homes.”", True),  # curly quote marks match straight ones
        ("grows again By Jane Doe", False),  # spans the title and the byline
        ("staff reporter About 120,000 people", False),  # spans the byline and the body
        ("office said on Monday. The mayor said", False),  # spans two paragraphs
        ("bout 120,000 people now", False),  # not at a word boundary
        ("About 120,000 people no", False),
    ],
)
def test_a_quote_is_found_whole_words_within_one_passage(quote, found):
    assert quote_in(quote, passages(ARCHIVE)) is found


@pytest.mark.parametrize(
    ("quote", "short"),
    [("y", True), ("the city", True), ("in the city", False), ("城市人口增长了百分之十二", False)],
)
def test_a_quote_needs_three_words_or_twelve_characters(quote, short):
    assert too_short(quote) is short


def test_a_short_quote_is_not_verified_but_reported():
    source = SOURCE + 'archive = "gazette.txt"\n'
    files = {
        "s.toml": source
        + claim("c1", "100").replace('"Quote for c1."', '"y"')
        + claim("c2", "100").replace('"Quote for c2."', '"grows again By Jane Doe"')
        + claim("c3", "100").replace('"Quote for c3."', '"About 120,000 people now live"'),
        "subj.toml": SUBJECT,
    }
    found = [(d.line, d.code) for d in check_of(files, {"gazette.txt": ARCHIVE})]
    assert found == [(14, "quote-too-short"), (22, "quote-not-found")]
    (short,) = [d for d in check_of(files, {"gazette.txt": ARCHIVE}) if d.line == 14]
    assert short.message == "quote 'y' is too short to verify against archive 'gazette.txt'"
    assert short.hint == "quote the whole sentence: at least 3 words (or 12 characters)"
