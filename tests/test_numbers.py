"""Figures as a source's language writes them (model/numbers.py through parse_quantity), the
near misses a partial reading once got wrong, and the problems a figure without a language
raises."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimledger.model.hedges import HEDGES
from claimledger.model.numbers import HEDGE_WORDS
from claimledger.model.quantities import parse_quantity
from claimledger.model.values import Interval, Quantity, ValueProblem

INF = math.inf


def read(text: str, *languages: str) -> Quantity:
    q = parse_quantity(text, None, languages)
    assert isinstance(q, Quantity), q
    return q


# (language, written, interval): real phrasings from news text in each language.
BY_LANGUAGE = [
    ("en", "about 1.2 million", Interval(1_080_000, 1_320_000)),
    ("en", "50.096", Interval(50.096, 50.096)),
    ("en-GB", "more than 50,000", Interval(50_000, INF, True, True)),
    ("de", "50.096", Interval(50_096, 50_096)),
    ("de", "1,2 Millionen", Interval(1_200_000, 1_200_000)),
    ("de", "rund 1,2 Millionen Menschen", Interval(1_080_000, 1_320_000)),
    ("de", "mehr als 3 Mrd.", Interval(3e9, INF, True, True)),
    ("de", "knapp 70", Interval(63, 70, False, True)),
    ("de", "4.478 Meter", Interval(4478, 4478)),
    ("fr", "1 234,5", Interval(1234.5, 1234.5)),
    ("fr", "1\u202f234,5", Interval(1234.5, 1234.5)),
    ("fr", "plus de 3 milliards", Interval(3e9, INF, True, True)),
    ("fr", "environ 2 millions", Interval(1_800_000, 2_200_000)),
    ("es", "casi 3 millones", Interval(2_700_000, 3_000_000, False, True)),
    ("es", "más de 50.000", Interval(50_000, INF, True, True)),
    ("es", "unos 4,5 millones", Interval(4_050_000, 4_950_000)),
    ("pt", "4,1 mil", Interval(4100, 4100)),
    ("pt-BR", "cerca de 2,5 milhões", Interval(2_250_000, 2_750_000)),
    ("pt", "mais de 1.000", Interval(1000, INF, True, True)),
    ("it", "quasi 2 milioni", Interval(1_800_000, 2_000_000, False, True)),
    ("it", "oltre 10.000", Interval(10_000, INF, True, True)),
    ("nl", "bijna 3 miljoen", Interval(2_700_000, 3_000_000, False, True)),
    ("nl", "ruim 1.500", Interval(1500, INF, True, True)),
    ("tr", "50.096", Interval(50_096, 50_096)),
    ("tr", "50 milyon", Interval(50_000_000, 50_000_000)),
    ("tr", "yaklaşık 1,5 milyon", Interval(1_350_000, 1_650_000)),
    ("tr", "en az 100 bin", Interval(100_000, INF, False, True)),
    ("ar", "١٢٬٣٤٥", Interval(12_345, 12_345)),
    ("ar", "حوالي ٥٠ ألف", Interval(45_000, 55_000)),
    ("ar", "أكثر من 3 ملايين", Interval(3e6, INF, True, True)),
    ("fa", "۱۲۳۴", Interval(1234, 1234)),
    ("fa", "بیش از ۲ میلیون", Interval(2e6, INF, True, True)),
    ("fa", "۱۲٫۵", Interval(12.5, 12.5)),
    ("ru", "около 1,5 млн", Interval(1_350_000, 1_650_000)),
    ("ru", "более 10 000", Interval(10_000, INF, True, True)),
    ("ru", "почти 2 миллиона", Interval(1_800_000, 2_000_000, False, True)),
    ("id", "sekitar 2 juta", Interval(1_800_000, 2_200_000)),
    ("id", "lebih dari 1.000", Interval(1000, INF, True, True)),
    ("hu", "mintegy 1,5 millió", Interval(1_350_000, 1_650_000)),
    ("hu", "több mint 2\u00a0000", Interval(2000, INF, True, True)),
]


@pytest.mark.parametrize(("language", "written", "interval"), BY_LANGUAGE)
def test_figures_by_language(language, written, interval):
    got = read(written, language).interval
    assert (got.low, got.high, got.low_open, got.high_open) == pytest.approx(
        (interval.low, interval.high, interval.low_open, interval.high_open)
    )


# Once read by a partial match as 2, 1, 40, 2, 1990...: now read whole, or a problem.
NEAR_MISSES = [
    ("two-thirds", Interval(2 / 3, 2 / 3), True),
    ("1 in 5", Interval(0.2, 0.2), True),
    ("one in five", Interval(0.2, 0.2), True),
    ("3 out of 10", Interval(0.3, 0.3), True),
    ("a third", Interval(1 / 3, 1 / 3), True),
    ("half", Interval(0.5, 0.5), True),
    ("three quarters", Interval(0.75, 0.75), True),
    ("a quarter of", Interval(0.25, 0.25), True),
    ("nearly half", Interval(0.45, 0.5, False, True), True),
    ("40-odd", Interval(40, 50, False, True), False),
    ("250-odd", Interval(250, 260, False, True), False),
    ("100s", Interval(200, 1000, False, True), False),
    ("1,000s", Interval(2000, 10000, False, True), False),
    ("40-plus", Interval(40, INF, False, True), False),
    ("1.2 mn", Interval(1.2e6, 1.2e6), False),
    ("as high as 100,000", Interval(0, 100_000), False),
    ("more than 50 000", Interval(50_000, INF, True, True), False),
    ("half a dozen", Interval(6, 6), False),
    ("twelve-day war", Interval(12, 12), False),
    ("nearly 70 factions", Interval(63, 70, False, True), False),
]


@pytest.mark.parametrize(("written", "interval", "ratio"), NEAR_MISSES)
def test_near_misses_are_read_whole(written, interval, ratio):
    q = read(written)
    assert q.interval.low == pytest.approx(interval.low)
    assert q.interval.high == pytest.approx(interval.high)
    assert (q.interval.low_open, q.interval.high_open) == (interval.low_open, interval.high_open)
    assert q.ratio is ratio


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1990s", 'cannot read "1990s" completely: "s" after "1990" is not understood'),
        (
            "one and a half million",
            'cannot read "one and a half million" completely: "and a half million" after '
            '"one" is not understood',
        ),
        ("2/3", 'cannot read "2/3" as a quantity'),
        ("12b3", 'cannot read "12b3" completely: "b3" after "12" is not understood'),
    ],
)
def test_unread_rest_is_a_problem(written, message):
    p = parse_quantity(written)
    assert isinstance(p, ValueProblem) and p.message == message


def test_projections_are_read_and_marked():
    for written, interval in [
        ("could reach 100,000", Interval(100_000, 100_000)),
        ("may rise to 50", Interval(50, 50)),
        ("is expected to reach about 1,000", Interval(900, 1100)),
        ("could exceed 100,000", Interval(100_000, INF, True, True)),
        ("could be as high as 300", Interval(0, 300)),
    ]:
        q = read(written)
        assert (q.projection, q.interval) == (True, interval), written
    assert read("100,000").projection is False


@pytest.mark.parametrize(
    ("written", "languages", "code", "message", "hint"),
    [
        (
            "50.096",
            (),
            "ambiguous-number",
            '"50.096" is 50.096 in English but 50,096 in German, and the source declares no '
            "language",
            "set the source's language, or write 50,096",
        ),
        (
            "1,5 million",
            (),
            "ambiguous-number",
            '"1,5" is written as in German or French (1.5), and the source declares no language',
            "set the source's language, or write 1.5",
        ),
        (
            "50.096",
            ("en", "tr"),
            "ambiguous-number",
            '"50.096" reads differently in the source\'s languages (50.096 in en; 50,096 in tr)',
            "write the figure as one of them, e.g. 50.096",
        ),
        (
            "1,000.5",
            ("de",),
            "bad-value",
            '"1,000.5" is not a number as de writes numbers',
            "copy the figure as the source writes it, or correct the source's language",
        ),
    ],
)
def test_language_dependent_figures(written, languages, code, message, hint):
    p = parse_quantity(written, None, languages)
    assert p == ValueProblem(message, hint, code)


def test_unambiguous_figures_need_no_language():
    assert read("1,000").interval == Interval(1000, 1000)
    assert read("1.5").interval == Interval(1.5, 1.5)
    assert read("0.125").interval == Interval(0.125, 0.125)
    assert read("1.2345").interval == Interval(1.2345, 1.2345)


def test_units_written_in_the_value_are_kept():
    assert read("about 11 miles").written_unit == "miles"
    assert read("29,000 ft").written_unit == "ft"
    assert read("4,1 mil quilômetros", "pt-BR").written_unit == "quilômetros"
    assert read("70%").written_unit == "%"
    assert read("nearly 70 factions").written_unit is None


LANGUAGES = st.sampled_from(
    [(), ("en",), ("de",), ("fr",), ("tr",), ("ar",), ("fa",), ("hu",), ("en", "tr"), ("zz",)]
)


@given(st.text(max_size=40), LANGUAGES)
def test_parsing_never_raises(text, languages):
    assert isinstance(parse_quantity(text, None, languages), Quantity | ValueProblem)


@given(
    st.text(alphabet="0123456789.,  \u00a0\u202f٫٬۱۲٣-abcmilonenkdrt", max_size=20),
    LANGUAGES,
)
def test_figure_soup_never_raises(text, languages):
    assert isinstance(parse_quantity(text, None, languages), Quantity | ValueProblem)


SHAPES = {
    "approximate": Interval(63, 77),
    "nearly": Interval(63, 70, False, True),
    "just-over": Interval(70, 77, True, False),
    "up-to": Interval(0, 70),
    "at-least": Interval(70, INF, False, True),
    "more-than": Interval(70, INF, True, True),
    "less-than": Interval(0, 70, False, True),
}
ENGLISH_HEDGES = [(k, p) for k, ps in HEDGES.items() for p in ps if not "\ue100" < p < "\ue1ff"]
OTHER_HEDGES = [
    (lang, kind, phrase)
    for lang, kinds in HEDGE_WORDS.items()
    for kind, phrases in kinds.items()
    for phrase in phrases.split("|")
]


def _same(got: Interval, want: Interval) -> bool:
    return (got.low, got.high) == pytest.approx((want.low, want.high)) and (
        got.low_open,
        got.high_open,
    ) == (want.low_open, want.high_open)


@pytest.mark.parametrize(("kind", "phrase"), ENGLISH_HEDGES)
def test_every_english_hedge_reads_as_documented(kind, phrase):
    assert _same(read(f"{phrase} 70").interval, SHAPES[kind])


@pytest.mark.parametrize(("language", "kind", "phrase"), OTHER_HEDGES)
def test_every_hedge_of_every_language_reads_as_documented(language, kind, phrase):
    assert _same(read(f"{phrase} 70", language).interval, SHAPES[kind])
