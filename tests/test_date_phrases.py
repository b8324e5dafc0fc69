"""Dates between a day and a month (model/date_phrases.py), dates in a source's language
(model/date_words.py) and year-less dates that take their year from context."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimledger.model.claim_value import claim_value
from claimledger.model.dates import parse_date
from claimledger.model.records import Claim, Source, Subject
from claimledger.model.values import DaySpan, ValueProblem

D = datetime.date


def span(text: str, *languages: str, year: int | None = None) -> tuple:
    s = parse_date(text, languages=languages, context_year=year)
    assert isinstance(s, DaySpan), s
    return s.start, s.end, s.precision


@pytest.mark.parametrize(
    ("written", "start", "end", "precision"),
    [
        ("early March 2023", D(2023, 3, 1), D(2023, 3, 10), "part-of-month"),
        ("beginning of March 2023", D(2023, 3, 1), D(2023, 3, 10), "part-of-month"),
        ("mid-February 2023", D(2023, 2, 11), D(2023, 2, 20), "part-of-month"),
        ("late February 2023", D(2023, 2, 21), D(2023, 2, 28), "part-of-month"),
        ("the end of February 2024", D(2024, 2, 21), D(2024, 2, 29), "part-of-month"),
        ("6–8 February 2023", D(2023, 2, 6), D(2023, 2, 8), "days"),
        ("6 to 8 February 2023", D(2023, 2, 6), D(2023, 2, 8), "days"),
        ("February 6-8, 2023", D(2023, 2, 6), D(2023, 2, 8), "days"),
        ("28 February - 2 March 2023", D(2023, 2, 28), D(2023, 3, 2), "days"),
        ("around 6 February 2023", D(2023, 2, 3), D(2023, 2, 9), "days"),
        ("on or about 6 February 2023", D(2023, 2, 3), D(2023, 2, 9), "days"),
        ("first week of March 2023", D(2023, 3, 1), D(2023, 3, 7), "days"),
        ("last week of February 2023", D(2023, 2, 22), D(2023, 2, 28), "days"),
        ("the week of 8 February 2023", D(2023, 2, 6), D(2023, 2, 12), "days"),
        ("late 2024", D(2024, 9, 1), D(2024, 12, 31), "part-of-year"),
    ],
)
def test_parts_of_months_ranges_and_weeks(written, start, end, precision):
    assert span(written) == (start, end, precision)


FEB_6 = (D(2023, 2, 6), D(2023, 2, 6), "day")


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("de", "6. Februar 2023"),
        ("de", "Montag, 6. Februar 2023"),
        ("de", "06.02.2023"),
        ("fr", "le 6 février 2023"),
        ("fr", "06/02/2023"),
        ("es", "6 de febrero de 2023"),
        ("pt", "6 de fevereiro de 2023"),
        ("it", "6 febbraio 2023"),
        ("nl", "6 februari 2023"),
        ("tr", "6 Şubat 2023"),
        ("tr", "06.02.2023"),
        ("ar", "6 فبراير 2023"),
        ("ar", "6 شباط 2023"),
        ("fa", "۶ فوریه ۲۰۲۳"),
        ("ru", "6 февраля 2023 г."),
        ("id", "6 Februari 2023"),
        ("hu", "2023. február 6."),
        ("en-US", "02/06/2023"),
        ("en-GB", "06/02/2023"),
    ],
)
def test_dates_by_language(language, written):
    assert span(written, language) == FEB_6


def test_a_translated_source_reads_numeric_dates_in_its_original_order():
    assert span("06.02.2023", "en", "tr") == FEB_6
    p = parse_date("06.02.2023")
    assert isinstance(p, ValueProblem) and "set the source's language" in p.message
    assert span("3 de maio de 1998", "pt") == (D(1998, 5, 3), D(1998, 5, 3), "day")


def test_yearless_dates_take_the_year_of_their_context():
    s = parse_date("14 June", context_year=2025)
    assert (s.start, s.inferred_year, str(s)) == (
        D(2025, 6, 14),
        True,
        "2025-06-14 (year inferred)",
    )
    s = parse_date("mid-February", context_year=2023)
    assert (s.start, s.end, s.inferred_year) == (D(2023, 2, 11), D(2023, 2, 20), True)
    p = parse_date("14 June")
    assert isinstance(p, ValueProblem) and p.message.startswith('no year in "14 June"')


def test_claim_value_infers_the_year_from_as_of_date_or_published():
    subject = Subject("quake/date", kind="date")
    source = Source("s", published="2023-03-20")
    claim = Claim("c", subject.id, value="6 February", source="s")
    assert claim_value(claim, subject, source).start == D(2023, 2, 6)
    claim = Claim("c", subject.id, value="6 February", source="s", as_of="2022")
    assert claim_value(claim, subject, source).start == D(2022, 2, 6)
    tr = Source("t", language="tr", published="2023-03")
    assert claim_value(Claim("c", subject.id, value="06.02.2023"), subject, tr).start == D(
        2023, 2, 6
    )


@given(st.text(max_size=40), st.sampled_from([(), ("de",), ("hu",), ("ar",), ("en", "tr")]))
def test_dates_never_raise(text, languages):
    assert isinstance(
        parse_date(text, languages=languages, context_year=2023), DaySpan | ValueProblem
    )
