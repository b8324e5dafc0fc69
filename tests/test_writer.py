"""The canonical writer: key order, quoting, comments kept, idempotence, round-trips."""

from __future__ import annotations

import datetime
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.tomlstore.parse import parse_file
from claimledger.tomlstore.writer import Unformattable, format_text, format_value, render_record

from .conftest import dedent

MESSY = dedent(
    """
    #:schema ../claims.schema.json
    # Sources we trust.
    [[source]]
    publisher='Gazette'   # the paper
    id = "gazette"
    title = "The city"

    [[claim]]
    confidence = "low"
    quote = "About 100."
    # the figure as printed
    value = "about 100"
    source = "gazette"
    subject = "city/population"
    tags = [ "a","b" ]
    id = "c1"
    # trailing note
    """
)

CANONICAL = dedent(
    """
    #:schema ../claims.schema.json
    # Sources we trust.
    [[source]]
    id = "gazette"
    title = "The city"
    publisher = "Gazette"  # the paper

    [[claim]]
    id = "c1"
    subject = "city/population"
    # the figure as printed
    value = "about 100"
    source = "gazette"
    quote = "About 100."
    confidence = "low"
    tags = ["a", "b"]

    # trailing note
    """
)


def test_canonical_form_orders_keys_and_keeps_comments():
    assert format_text(MESSY) == CANONICAL


def test_formatting_is_idempotent_and_keeps_the_data():
    once = format_text(MESSY)
    assert format_text(once) == once
    assert tomllib.loads(once) == tomllib.loads(MESSY)


def test_unknown_keys_are_kept_after_known_ones():
    text = '[[source]]\nzeta = 1\nid = "s"\ntitle = "T"\npublisher = "P"\n'
    assert format_text(text) == '[[source]]\nid = "s"\ntitle = "T"\npublisher = "P"\nzeta = 1\n'


def test_comment_inside_a_multiline_value_leaves_the_file_alone():
    text = '[[subject]]\nid = "a"\naliases = [\n  "x", # first\n  "y",\n]\n'
    with pytest.raises(Unformattable) as info:
        format_text(text)
    assert (info.value.line, info.value.reason) == (4, "a comment inside a multi-line value")


def test_hash_inside_strings_is_not_a_comment():
    text = '[[source]]\nid = "s"\ntitle = "Issue #4 # of 5"\npublisher = \'P#\'\n'
    assert (
        format_text(text) == '[[source]]\nid = "s"\ntitle = "Issue #4 # of 5"\npublisher = "P#"\n'
    )


def test_values_are_spelled_canonically():
    assert format_value('say "hi"\n') == '"say \\"hi\\"\\n"'
    assert format_value(datetime.date(2025, 6, 13)) == "2025-06-13"
    assert format_value(["x"] * 30).startswith('[\n    "x",\n')
    assert format_value({"c1": "ab", "c-2": "cd"}) == '{ c1 = "ab", c-2 = "cd" }'
    assert format_value(True) == "true" and format_value(1.5) == "1.5"


text_st = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
claims_st = st.fixed_dictionaries(
    {
        "id": st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True),
        "subject": st.just("city/population"),
        "value": st.one_of(text_st, st.integers(0, 10**9), st.booleans()),
        "source": st.just("gazette"),
        "quote": text_st,
        "confidence": st.sampled_from(["low", "moderate", "high"]),
    },
    optional={
        "notes": text_st,
        "tags": st.lists(text_st, max_size=5),
        "scope": st.sampled_from(["الفصائل تحت مظلة الحشد", "“quoted”", "a\nb\tc", "e\u0301"]),
        "date": st.dates(datetime.date(1900, 1, 1), datetime.date(2026, 1, 1)),
    },
)


@settings(max_examples=150, deadline=None)
@given(st.lists(claims_st, min_size=1, max_size=4))
def test_write_then_load_gives_the_same_records(tables):
    text = "\n".join(render_record("claim", t) for t in tables)
    parsed = parse_file("x.toml", text)
    loaded = [r for r in parsed.records]
    assert [dict(r.table) for r in loaded] == tables
    again = parse_file("y.toml", format_text(text))
    assert list(again.records) == loaded
    assert format_text(text) == text
