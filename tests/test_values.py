"""Tests for claimledger.model: quantities, dates, intervals, and prose scanning."""

import datetime
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimledger.model.dates import (
    days_between,
    describe_date_gap,
    find_dates,
    parse_date,
    spans_overlap,
)
from claimledger.model.quantities import find_quantities, parse_quantity, parse_quantity_bounds
from claimledger.model.values import (
    QUALIFIERS,
    DaySpan,
    Interval,
    Quantity,
    ValueProblem,
    gap,
    interval_contains,
    normalise_text,
    overlaps,
    parse_boolean,
)

INF = math.inf
D = datetime.date

# (text, low, high, low_open, high_open, qualifier)
QUANTITY_CASES = [
    # phrasings from the seed articles
    ("up to thirty different militias", 0, 30, False, False, "up-to"),
    ("nearly 70 factions", 63, 70, False, True, "nearly"),
    ("dozens of angry Iraqi Shiite militia supporters", 24, 100, False, True, "vague"),
    ("three drones", 3, 3, False, False, "exact"),
    ("several drones", 3, 10, False, True, "vague"),
    ("several powerful Iran-backed factions", 3, 10, False, True, "vague"),
    ("several major militias", 3, 10, False, True, "vague"),
    ("1,000 Students", 1000, 1000, False, False, "exact"),
    ("twelve-day war", 12, 12, False, False, "exact"),
    ("Over the past two years", 2, 2, False, False, "exact"),
    ("only two intact fronts", 2, 2, False, False, "exact"),
    ("dozens of Iranian Revolutionary Guard commanders", 24, 100, False, True, "vague"),
    # bare figures
    ("70", 70, 70, False, False, "exact"),
    ("  70  ", 70, 70, False, False, "exact"),
    ("238,000", 238000, 238000, False, False, "exact"),
    ("1.5", 1.5, 1.5, False, False, "exact"),
    ("-5", -5, -5, False, False, "exact"),
    ("1e6", 1e6, 1e6, False, False, "exact"),
    ("60 thousand", 60000, 60000, False, False, "exact"),
    ("1.5 million", 1.5e6, 1.5e6, False, False, "exact"),
    ("2 billion", 2e9, 2e9, False, False, "exact"),
    ("200k", 200000, 200000, False, False, "exact"),
    ("1.5M", 1.5e6, 1.5e6, False, False, "exact"),
    ("3m", 3e6, 3e6, False, False, "exact"),
    ("2bn", 2e9, 2e9, False, False, "exact"),
    ("70%", 70, 70, False, False, "exact"),
    # number words
    ("three", 3, 3, False, False, "exact"),
    ("thirty", 30, 30, False, False, "exact"),
    ("Seventy", 70, 70, False, False, "exact"),
    ("twenty-five", 25, 25, False, False, "exact"),
    ("a hundred", 100, 100, False, False, "exact"),
    ("one hundred and twenty", 120, 120, False, False, "exact"),
    ("two thousand", 2000, 2000, False, False, "exact"),
    ("a dozen", 12, 12, False, False, "exact"),
    ("two dozen", 24, 24, False, False, "exact"),
    ("half a dozen", 6, 6, False, False, "exact"),
    ("two million", 2e6, 2e6, False, False, "exact"),
    ("exactly 40", 40, 40, False, False, "exact"),
    # approximate
    ("about 70", 63, 77, False, False, "approximate"),
    ("around 40", 36, 44, False, False, "approximate"),
    ("roughly 100", 90, 110, False, False, "approximate"),
    ("approximately 50", 45, 55, False, False, "approximate"),
    ("some 40 people", 36, 44, False, False, "approximate"),
    ("an estimated 238,000", 214200, 261800, False, False, "approximate"),
    ("estimated 10", 9, 11, False, False, "approximate"),
    ("~40", 36, 44, False, False, "approximate"),
    ("circa 500", 450, 550, False, False, "approximate"),
    ("c. 500", 450, 550, False, False, "approximate"),
    ("close to 100", 90, 110, False, False, "approximate"),
    ("30 or so", 27, 33, False, False, "approximate"),
    ("70-ish", 63, 77, False, False, "approximate"),
    ("about a hundred", 90, 110, False, False, "approximate"),
    ("ABOUT 70", 63, 77, False, False, "approximate"),
    # nearly / just over
    ("nearly 70", 63, 70, False, True, "nearly"),
    ("almost 100", 90, 100, False, True, "nearly"),
    ("just under 50", 45, 50, False, True, "nearly"),
    ("nearly a dozen", 10.8, 12, False, True, "nearly"),
    ("just over 60", 60, 66, True, False, "more-than"),
    # bounds
    ("up to 30", 0, 30, False, False, "up-to"),
    ("at most 30", 0, 30, False, False, "up-to"),
    ("as many as 5,000", 0, 5000, False, False, "up-to"),
    ("no more than 12", 0, 12, False, False, "up-to"),
    ("a maximum of 8", 0, 8, False, False, "up-to"),
    ("10 or fewer", 0, 10, False, False, "up-to"),
    ("at least 20", 20, INF, False, True, "at-least"),
    ("no fewer than 20", 20, INF, False, True, "at-least"),
    ("no less than 20", 20, INF, False, True, "at-least"),
    ("a minimum of 20", 20, INF, False, True, "at-least"),
    ("70+", 70, INF, False, True, "at-least"),
    ("70 or more", 70, INF, False, True, "at-least"),
    ("more than 60", 60, INF, True, True, "more-than"),
    ("over 60", 60, INF, True, True, "more-than"),
    ("upwards of 60", 60, INF, True, True, "more-than"),
    ("in excess of 1,000", 1000, INF, True, True, "more-than"),
    ("above 5", 5, INF, True, True, "more-than"),
    ("exceeding 5", 5, INF, True, True, "more-than"),
    ("less than 5", 0, 5, False, True, "less-than"),
    ("under 5", 0, 5, False, True, "less-than"),
    ("fewer than 5", 0, 5, False, True, "less-than"),
    ("below 5", 0, 5, False, True, "less-than"),
    ("up to -5", -INF, -5, True, False, "up-to"),
    # ranges
    ("30-40", 30, 40, False, False, "range"),
    ("30–40", 30, 40, False, False, "range"),
    ("30 - 40", 30, 40, False, False, "range"),
    ("30 to 40", 30, 40, False, False, "range"),
    ("between 30 and 40", 30, 40, False, False, "range"),
    ("from 30 to 40", 30, 40, False, False, "range"),
    ("60 to 90 thousand", 60000, 90000, False, False, "range"),
    ("1.5-2 million", 1.5e6, 2e6, False, False, "range"),
    ("500 to 2 million", 500, 2e6, False, False, "range"),
    ("thirty to forty", 30, 40, False, False, "range"),
    ("two or three", 2, 3, False, False, "range"),
    ("about 30-40", 27, 44, False, False, "approximate"),
    ("up to 30-40", 0, 40, False, False, "up-to"),
    # vague
    ("dozens", 24, 100, False, True, "vague"),
    ("hundreds", 200, 1000, False, True, "vague"),
    ("thousands", 2000, 10000, False, True, "vague"),
    ("tens of thousands", 20000, 100000, False, True, "vague"),
    ("hundreds of thousands", 200000, 1e6, False, True, "vague"),
    ("several", 3, 10, False, True, "vague"),
    ("a few", 2, 5, False, False, "vague"),
    ("a handful", 2, 6, False, False, "vague"),
    ("a couple of", 2, 3, False, False, "vague"),
    ("scores", 40, 100, False, True, "vague"),
    ("millions", 2e6, 1e7, False, True, "vague"),
    ("several thousand", 3000, 10000, False, True, "vague"),
    ("a few hundred", 200, 500, False, False, "vague"),
    ("about dozens", 24, 100, False, True, "vague"),
    ("more than several", 3, INF, True, True, "more-than"),
    ("up to dozens", 0, 100, False, True, "up-to"),
]


@pytest.mark.parametrize(
    ("text", "low", "high", "low_open", "high_open", "qualifier"), QUANTITY_CASES
)
def test_quantity_table(text, low, high, low_open, high_open, qualifier):
    q = parse_quantity(text)
    assert isinstance(q, Quantity), q
    iv = q.interval
    assert iv.low == pytest.approx(low) and iv.high == pytest.approx(high)
    assert (iv.low_open, iv.high_open) == (low_open, high_open)
    assert q.qualifier == qualifier
    assert q.qualifier in QUALIFIERS
    assert q.text == text.strip()


@pytest.mark.parametrize(
    ("text", "point"),
    [("nearly 70", 70), ("about 67", 67), ("up to thirty", 30), ("70", 70), ("30-40", None),
     ("several", None), ("dozens of people", None), ("a dozen", 12)],
)  # fmt: skip
def test_quantity_point(text, point):
    q = parse_quantity(text)
    assert isinstance(q, Quantity)
    assert q.point == point


def test_tolerance_widens_approximate_only():
    q = parse_quantity("about 100", tolerance=0.25)
    assert (q.interval.low, q.interval.high) == (75, 125)
    assert parse_quantity("nearly 100", tolerance=0.25).interval == Interval(90, 100, False, True)
    assert parse_quantity("about 30-40", tolerance=0.5).interval == Interval(15, 60)
    assert parse_quantity("about 100", tolerance=0).interval == Interval(100, 100)


def test_numbers_from_toml():
    assert parse_quantity(70) == Quantity("70", Interval(70, 70), "exact", 70)
    assert parse_quantity(1.5) == Quantity("1.5", Interval(1.5, 1.5), "exact", 1.5)
    assert parse_quantity(-3).interval == Interval(-3, -3)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("about-ish", 'cannot read "about-ish" as a quantity'),
        ("", "empty value: expected a quantity"),
        ("many", 'cannot read "many" as a quantity'),
        ("June 14", 'cannot read "June 14" as a quantity'),
        ("in 2014", 'cannot read "in 2014" as a quantity'),
        ("2014-06-13", 'cannot read "2014-06-13" as a quantity'),
        ("2nd", 'cannot read "2nd" as a quantity'),
        ("the 3 drones and 4 missiles", 'cannot read "the 3 drones and 4 missiles" as a quantity'),
        ("40-30", 'the range "40-30" runs backwards: 40 is more than 30'),
        ("nan", "nan is not a finite number"),
        ("inf", "inf is not a finite number"),
        ("-Infinity", "-Infinity is not a finite number"),
        ("1e999", "1e999 is not a finite number"),
        (float("nan"), "nan is not a finite number"),
        (float("inf"), "inf is not a finite number"),
        (True, "expected a number, got a boolean (true/false)"),
        (None, "expected a number or text, got NoneType"),
        ([70], "expected a number or text, got list"),
        (datetime.date(2014, 6, 13), "expected a number or text, got date"),
    ],
)
def test_quantity_problems(raw, message):
    p = parse_quantity(raw)
    assert isinstance(p, ValueProblem)
    assert p.message == message
    assert '"about 70"' in p.hint and '"between 30 and 40"' in p.hint


def test_bad_tolerance_is_a_problem():
    p = parse_quantity("about 70", tolerance=-1)
    assert isinstance(p, ValueProblem) and "tolerance" in p.message


# ---------------------------------------------------------------------------- bounds


def test_quantity_bounds():
    q = parse_quantity_bounds(30, 40)
    assert q == Quantity("30–40", Interval(30, 40), "range", None)
    assert parse_quantity_bounds(30, None).interval == Interval(30, INF, False, True)
    assert parse_quantity_bounds(30, None).text == "at least 30"
    assert parse_quantity_bounds(None, "1.5 million").interval == Interval(0, 1.5e6)
    assert parse_quantity_bounds("30", "40", text="30 to 40 groups").text == "30 to 40 groups"


@pytest.mark.parametrize(
    ("lo", "hi", "message"),
    [
        (None, None, "neither minimum nor maximum is given"),
        (40, 30, "minimum 40 is more than maximum 30"),
        ("lots", 30, 'minimum: cannot read "lots" as a quantity'),
        ("about 30", 40, 'minimum should be a plain number, not "about 30"'),
        (10, float("nan"), "maximum: nan is not a finite number"),
    ],
)
def test_quantity_bounds_problems(lo, hi, message):
    p = parse_quantity_bounds(lo, hi)
    assert isinstance(p, ValueProblem) and p.message == message


# ---------------------------------------------------------------------------- intervals


@pytest.mark.parametrize(
    ("interval", "shown"),
    [
        (Interval(0, 30), "[0, 30]"),
        (Interval(63, 70, False, True), "[63, 70)"),
        (Interval(60, INF, True, True), "(60, ∞)"),
        (Interval(60, INF), "[60, ∞)"),
        (Interval(60.300000000000004, 73.7), "[60.3, 73.7]"),
        (Interval(63.00000000000001, 70.0), "[63, 70]"),
        (Interval(1 / 3, 2 / 3), "[0.3333, 0.6667]"),
        (Interval(-INF, -5, True, False), "(-∞, -5]"),
        (Interval(1.5e6, 2e6), "[1500000, 2000000]"),
        (Interval(-0.0, 0.0), "[0, 0]"),
    ],
)
def test_interval_str(interval, shown):
    assert str(interval) == shown


def test_contains_respects_open_ends():
    iv = Interval(63, 70, False, True)
    assert iv.contains(63) and iv.contains(69.99)
    assert not iv.contains(70) and not iv.contains(62.9)
    assert Interval(60, INF, True, True).contains(1e300)
    assert not Interval(0, 30).contains(float("nan"))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (Interval(0, 30), Interval(30, INF, True, True), False),
        (Interval(0, 30), Interval(30, 40), True),
        (Interval(0, 30, False, True), Interval(30, 40), False),
        (Interval(63, 70, False, True), Interval(60, 70), True),
        (Interval(0, 10), Interval(20, 30), False),
        (Interval(0, 100), Interval(20, 30), True),
        (Interval(5, 5), Interval(5, 5), True),
        (Interval(5, 5, True, False), Interval(5, 5), False),
    ],
)
def test_overlaps(a, b, expected):
    assert overlaps(a, b) is expected
    assert overlaps(b, a) is expected


def test_interval_contains():
    assert interval_contains(Interval(0, 30), Interval(10, 20))
    assert interval_contains(Interval(0, 30), Interval(0, 30))
    assert interval_contains(Interval(0, 30), Interval(0, 30, True, True))
    assert not interval_contains(Interval(0, 30, False, True), Interval(10, 30))
    assert not interval_contains(Interval(0, 30), Interval(10, 40))
    assert interval_contains(Interval(60, INF, True, True), Interval(70, 80))


def test_gap():
    assert gap(Interval(0, 10), Interval(20, 30)) == 10
    assert gap(Interval(20, 30), Interval(0, 10)) == 10
    assert gap(Interval(0, 30), Interval(20, 40)) == 0
    assert gap(Interval(0, 30), Interval(30, INF, True, True)) == 0
    assert gap(Interval(63, 70, False, True), Interval(100, INF, True, True)) == 30


# ---------------------------------------------------------------------------- dates

# (text, start, end, precision)
DATE_CASES = [
    # phrasings from the seed articles
    ("June 13, 2025", D(2025, 6, 13), D(2025, 6, 13), "day"),
    ("2014", D(2014, 1, 1), D(2014, 12, 31), "year"),
    ("the end of 2024", D(2024, 10, 1), D(2024, 12, 31), "part-of-year"),
    ("1979", D(1979, 1, 1), D(1979, 12, 31), "year"),
    ("2023", D(2023, 1, 1), D(2023, 12, 31), "year"),
    ("2024", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("2003", D(2003, 1, 1), D(2003, 12, 31), "year"),
    ("1987-04-07", D(1987, 4, 7), D(1987, 4, 7), "day"),
    # other forms
    ("2014-06-13", D(2014, 6, 13), D(2014, 6, 13), "day"),
    (" 2014-06-13 ", D(2014, 6, 13), D(2014, 6, 13), "day"),
    ("2014-06", D(2014, 6, 1), D(2014, 6, 30), "month"),
    ("13 June 2014", D(2014, 6, 13), D(2014, 6, 13), "day"),
    ("13th June 2014", D(2014, 6, 13), D(2014, 6, 13), "day"),
    ("the 13th of June, 2014", D(2014, 6, 13), D(2014, 6, 13), "day"),
    ("June 13 2025", D(2025, 6, 13), D(2025, 6, 13), "day"),
    ("Friday, June 13, 2025", D(2025, 6, 13), D(2025, 6, 13), "day"),
    ("June 2014", D(2014, 6, 1), D(2014, 6, 30), "month"),
    ("Jun. 2014", D(2014, 6, 1), D(2014, 6, 30), "month"),
    ("Sept 2014", D(2014, 9, 1), D(2014, 9, 30), "month"),
    ("February 2024", D(2024, 2, 1), D(2024, 2, 29), "month"),
    ("Q3 2024", D(2024, 7, 1), D(2024, 9, 30), "quarter"),
    ("2024-Q1", D(2024, 1, 1), D(2024, 3, 31), "quarter"),
    ("the third quarter of 2024", D(2024, 7, 1), D(2024, 9, 30), "quarter"),
    ("early 2016", D(2016, 1, 1), D(2016, 4, 30), "part-of-year"),
    ("mid 2016", D(2016, 5, 1), D(2016, 8, 31), "part-of-year"),
    ("mid-2016", D(2016, 5, 1), D(2016, 8, 31), "part-of-year"),
    ("late 2024", D(2024, 9, 1), D(2024, 12, 31), "part-of-year"),
    ("end of 2024", D(2024, 10, 1), D(2024, 12, 31), "part-of-year"),
    ("end-2024", D(2024, 10, 1), D(2024, 12, 31), "part-of-year"),
    ("beginning of 2016", D(2016, 1, 1), D(2016, 3, 31), "part-of-year"),
    ("start of 2016", D(2016, 1, 1), D(2016, 3, 31), "part-of-year"),
    ("spring 2016", D(2016, 3, 1), D(2016, 5, 31), "part-of-year"),
    ("summer 2016", D(2016, 6, 1), D(2016, 8, 31), "part-of-year"),
    ("autumn 2016", D(2016, 9, 1), D(2016, 11, 30), "part-of-year"),
    ("fall 2016", D(2016, 9, 1), D(2016, 11, 30), "part-of-year"),
    ("winter 2016", D(2016, 12, 1), D(2017, 2, 28), "part-of-year"),
    ("first half of 2024", D(2024, 1, 1), D(2024, 6, 30), "part-of-year"),
    ("13/06/2014", D(2014, 6, 13), D(2014, 6, 13), "day"),
    ("2014/06/13", D(2014, 6, 13), D(2014, 6, 13), "day"),
    ("2014-06-13T10:00:00", D(2014, 6, 13), D(2014, 6, 13), "day"),
    ("June 13th, 2025 at 10am", D(2025, 6, 13), D(2025, 6, 13), "day"),
]


@pytest.mark.parametrize(("text", "start", "end", "precision"), DATE_CASES)
def test_date_table(text, start, end, precision):
    span = parse_date(text)
    assert isinstance(span, DaySpan), span
    assert (span.start, span.end, span.precision) == (start, end, precision)
    assert span.text == text.strip()


def test_dates_from_toml():
    assert parse_date(D(2014, 6, 13)) == DaySpan(
        "2014-06-13", D(2014, 6, 13), D(2014, 6, 13), "day"
    )
    span = parse_date(datetime.datetime(2014, 6, 13, 10, 30))
    assert (span.start, span.end, span.precision) == (D(2014, 6, 13), D(2014, 6, 13), "day")
    assert parse_date(2014) == DaySpan("2014", D(2014, 1, 1), D(2014, 12, 31), "year")


def test_future_dates_are_not_rejected():
    span = parse_date("2999-01-01", today=D(2025, 1, 1))
    assert isinstance(span, DaySpan)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2014-06-31", "2014-06-31 is not a real date (June has 30 days)"),
        ("2023-02-29", "2023-02-29 is not a real date (February 2023 has 28 days)"),
        ("2014-13-01", "2014-13-01 is not a real date (there is no month 13)"),
        ("31 June 2014", "31 June 2014 is not a real date (June has 30 days)"),
        ("0000", "0000 is not a real date (there is no year 0)"),
        ("June 14", 'no year in "June 14": write the year too, e.g. YYYY-06-14'),
        ("November 18", 'no year in "November 18": write the year too, e.g. YYYY-11-18'),
        ("June", 'no year in "June": write the year too, e.g. YYYY-06'),
        (
            "Tuesday, June 13, 2025",
            "Tuesday, June 13, 2025 is not a real date (13 June 2025 was a Friday)",
        ),
        (
            "06/07/2014",
            "06/07/2014 is ambiguous (day and month could be either way round): "
            "write 2014-07-06 or 2014-06-07, or set the source's language",
        ),
        ("Tuesday", 'cannot read "Tuesday" as a date'),
        ("sometime soon", 'cannot read "sometime soon" as a date'),
        ("", "empty value: expected a date"),
        (True, "expected a date, got a boolean (true/false)"),
        (3.5, "expected a date, got float"),
        (None, "expected a date, got NoneType"),
    ],
)
def test_date_problems(raw, message):
    p = parse_date(raw)
    assert isinstance(p, ValueProblem)
    assert p.message == message
    assert '"2014-06-13"' in p.hint


def test_yearless_example_uses_today():
    p = parse_date("June 14", today=D(2025, 7, 1))
    assert p.message == 'no year in "June 14": write the year too, e.g. 2025-06-14'


@pytest.mark.parametrize(
    ("text", "shown", "label"),
    [
        ("2014-06-13", "2014-06-13", "13 June 2014"),
        ("June 2014", "2014-06 (2014-06-01 – 2014-06-30)", "June 2014"),
        ("2014", "2014 (2014-01-01 – 2014-12-31)", "2014"),
        ("late 2024", "late 2024 (2024-09-01 – 2024-12-31)", "late 2024"),
        ("the end of 2024", "end of 2024 (2024-10-01 – 2024-12-31)", "end of 2024"),
        ("Q3 2024", "2024-Q3 (2024-07-01 – 2024-09-30)", "Q3 2024"),
        ("mid-2016", "mid 2016 (2016-05-01 – 2016-08-31)", "mid 2016"),
        ("winter 2016", "winter 2016 (2016-12-01 – 2017-02-28)", "winter 2016"),
    ],
)
def test_dayspan_str_and_label(text, shown, label):
    span = parse_date(text)
    assert str(span) == shown
    assert span.label() == label


@pytest.mark.parametrize(
    ("a", "b", "described", "days"),
    [
        ("2014-06-13", "2014-06-03", "13 June 2014 is 10 days after 3 June 2014", 10),
        ("2014-06-03", "2014-06-13", "13 June 2014 is 10 days after 3 June 2014", 10),
        ("2014-06-04", "2014-06-03", "4 June 2014 is 1 day after 3 June 2014", 1),
        ("2003", "2007", "2007 is 4 years after 2003", 1097),
        ("June 2014", "April 2014", "June 2014 is 2 months after April 2014", 32),
        ("late 2024", "early 2024", "late 2024 is 8 months after early 2024", 124),
        ("2014-06-13", "2012", "13 June 2014 is 2 years after 2012", 529),
        ("June 2014", "2014-06-13", "13 June 2014 falls within June 2014", 0),
        ("2014", "2014", "2014 and 2014 are the same period", 0),
        ("winter 2016", "2017", "winter 2016 and 2017 overlap", 0),
    ],
)
def test_date_gaps(a, b, described, days):
    sa, sb = parse_date(a), parse_date(b)
    assert describe_date_gap(sa, sb) == described
    assert days_between(sa, sb) == days == days_between(sb, sa)
    assert spans_overlap(sa, sb) is (days == 0)


# ---------------------------------------------------------------------------- booleans and text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (True, True),
        (False, False),
        ("true", True),
        ("False", False),
        ("YES", True),
        (" no ", False),
    ],
)
def test_parse_boolean(raw, expected):
    assert parse_boolean(raw) is expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [("maybe", 'cannot read "maybe" as true or false'), (1, "expected true or false, got int")],
)
def test_parse_boolean_problems(raw, message):
    p = parse_boolean(raw)
    assert isinstance(p, ValueProblem) and p.message == message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Hello   World  ", "hello world"),
        ("“Operation Rising Lion”", "operation rising lion"),
        ("Say “No”!", 'say "no'),
        ("Iran’s nuclear program.", "iran's nuclear program"),
        ("'Lebanonize'", "lebanonize"),
        ("Straße", "strasse"),
        ("Cafe\u0301", "café"),
        (None, ""),
        (70, "70"),
    ],
)
def test_normalise_text(raw, expected):
    assert normalise_text(raw) == expected


# ---------------------------------------------------------------------------- prose scanning


def spans(found):
    return [(a, b, str(v.interval) if isinstance(v, Quantity) else str(v)) for a, b, v in found]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Around 40 Iran-backed militias operate in Iraq", [(0, 9, "[36, 44]")]),
        ("The PMF was officially formed in 2014 in response to a fatwa", []),
        (
            "dozens of Iranian Revolutionary Guard commanders were killed during the "
            "twelve-day war",
            [(0, 6, "[24, 100)"), (72, 78, "[12, 12]")],
        ),
        (
            "Some estimates suggest there are nearly 70 factions operating",
            [(33, 42, "[63, 70)")],
        ),
        ("a complex ecosystem of up to thirty different militias", [(23, 35, "[0, 30]")]),
        (
            "reported on June 14 that three drones targeted Ain al-Assad airbase",
            [(25, 30, "[3, 3]")],
        ),
        ("an Israeli attack on Iran on June 13, 2025, as part of", []),
        ("Over the past two years, Iran's regional axis", [(14, 17, "[2, 2]")]),
        ("Iran is left with only two intact fronts: Iraq and Yemen.", [(23, 26, "[2, 2]")]),
        ("One of the most visible aspects; no one can withstand it", []),
        ("Turnout was 70% and nearly 40 percent stayed home", []),
        ("F-16 jets, at 10:30, version 2.5, the 3rd battalion", [(29, 32, "[2.5, 2.5]")]),
        ("more than 2000 troops arrived", [(0, 14, "(2000, ∞)")]),
        ("between 2000 and 3000 fighters", [(0, 21, "[2000, 3000]")]),
        ("a budget of $1.5 million", [(13, 24, "[1500000, 1500000]")]),
        (
            "60 to 90 thousand people and 70+ groups",
            [(0, 17, "[60000, 90000]"), (29, 32, "[70, ∞)")],
        ),
    ],
)
def test_find_quantities(sentence, expected):
    assert spans(find_quantities(sentence)) == expected


def test_find_quantities_keeps_text_and_hedge():
    [(_, _, q)] = find_quantities("Some estimates suggest there are nearly 70 factions")
    assert q.text == "nearly 70" and q.qualifier == "nearly" and q.point == 70


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The PMF was officially formed in 2014 in response to a fatwa",
            [(33, 37, "2014 (2014-01-01 – 2014-12-31)")],
        ),
        ("an Israeli attack on Iran on June 13, 2025, as part of", [(29, 42, "2025-06-13")]),
        ("reported on June 14 that three drones", []),
        (
            "attacks on targets inside Israel in 2023 and 2024, before announcing a halt to "
            "attacks at the end of 2024.",
            [
                (36, 40, "2023 (2023-01-01 – 2023-12-31)"),
                (45, 49, "2024 (2024-01-01 – 2024-12-31)"),
                (90, 105, "end of 2024 (2024-10-01 – 2024-12-31)"),
            ],
        ),
        ("since seizing power in 1979, Iran's ruling system",
         [(23, 27, "1979 (1979-01-01 – 1979-12-31)")]),
        ("shaping Iraq's post-2003 trajectory", [(20, 24, "2003 (2003-01-01 – 2003-12-31)")]),
        ("on November 18, when he stressed", []),
        ("It was 13 June 2014, or 2014-06-13.", [(7, 19, "2014-06-13"), (24, 34, "2014-06-13")]),
        ("By June 2014 and in late 2024", [(3, 12, "2014-06 (2014-06-01 – 2014-06-30)"),
                                          (20, 29, "late 2024 (2024-09-01 – 2024-12-31)")]),
        ("nearly 2000 troops and 2000 people", []),
        ("in the 1990s", []),
    ],
)  # fmt: skip
def test_find_dates(sentence, expected):
    assert spans(find_dates(sentence)) == expected


def test_find_in_seed_articles():
    """Every figure and date in the two seed texts is found where expected."""
    text = (
        "up to thirty different militias. The PMF was officially formed in 2014. several "
        "powerful factions. dozens of angry supporters. reported on June 14 that three drones. "
        "on June 13, 2025, as part of. 1,000 Students. Over the past two years. the twelve-day "
        "war. nearly 70 factions. in 2023 and 2024. at the end of 2024. in 1979. on November 18,"
    )
    quantities = [text[a:b] for a, b, _ in find_quantities(text)]
    assert quantities == [
        "up to thirty", "several", "dozens", "three", "1,000", "two", "twelve", "nearly 70",
    ]  # fmt: skip
    dates = [text[a:b] for a, b, _ in find_dates(text)]
    assert dates == ["2014", "June 13, 2025", "2023", "2024", "the end of 2024", "1979"]


def test_finders_accept_non_text():
    assert find_quantities(None) == [] and find_dates(42) == []


# ---------------------------------------------------------------------------- properties


@given(st.text())
def test_parsers_never_raise(text):
    assert isinstance(parse_quantity(text), Quantity | ValueProblem)
    assert isinstance(parse_date(text), DaySpan | ValueProblem)
    assert isinstance(parse_boolean(text), bool | ValueProblem)
    assert isinstance(normalise_text(text), str)


@given(st.text(alphabet="0123456789 -–,.:/kmb%+~aboutnearlyuphtiswdJjune", max_size=30))
def test_parsers_never_raise_on_number_like_text(text):
    quantity, date = parse_quantity(text), parse_date(text)
    assert isinstance(quantity, Quantity | ValueProblem) and isinstance(
        date, DaySpan | ValueProblem
    )
    if isinstance(quantity, Quantity):  # what is read is an interval, never upside down
        assert quantity.interval.low <= quantity.interval.high, text
    else:
        assert quantity.message, text  # and what is not read says why
    if isinstance(date, DaySpan):
        assert date.start <= date.end, text
    else:
        assert date.message, text


@given(st.text(max_size=200))
def test_finders_never_raise_and_spans_are_ordered(text):
    last = 0
    for start, end, q in find_quantities(text):
        assert last <= start < end <= len(text)
        assert q.text == text[start:end]
        last = end
    for start, end, span in find_dates(text):
        assert 0 <= start < end <= len(text) and span.start <= span.end


finite = st.one_of(
    st.floats(min_value=0, max_value=1e15, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=10**15),
)


@given(finite)
def test_numbers_are_exact(x):
    q = parse_quantity(x)
    assert isinstance(q, Quantity)
    assert q.interval == Interval(float(x), float(x))
    assert q.qualifier == "exact" and q.point == float(x)


@given(finite)
def test_about_x_contains_x(x):
    q = parse_quantity(f"about {x}")
    assert isinstance(q, Quantity), q
    assert q.qualifier == "approximate"
    assert q.interval.contains(float(x))


@given(finite, st.floats(min_value=0, max_value=1))
def test_hedged_intervals_contain_or_bound_the_figure(x, tolerance):
    for hedge in ("about", "up to", "at least"):
        q = parse_quantity(f"{hedge} {x}", tolerance=tolerance)
        assert q.interval.contains(float(x))
    assert not parse_quantity(f"more than {x}").interval.contains(float(x))
