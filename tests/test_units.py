"""Units of measure (model/units.py) and quantities put into the subject's unit
(model/conversion.py, through claim_value)."""

from __future__ import annotations

import math

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimledger.model.claim_value import claim_value, describe, unit_ok
from claimledger.model.records import Claim, Source, Subject
from claimledger.model.units import TO_SI, UNITS, convert_interval, lookup_unit
from claimledger.model.values import Interval, Quantity, ValueProblem

KM = Subject("quake/depth", kind="quantity", unit="km")
PEOPLE = Subject("city/population", kind="quantity", unit="people", unit_aliases=("residents",))
SHARE = Subject("city/children", kind="quantity", unit="%")


def value_of(subject: Subject, value: object, unit: str | None = None, source=None):
    return claim_value(Claim("c", subject.id, value=value, unit=unit), subject, source)


def test_hedges_first_then_conversion():
    q = value_of(KM, "about 11 miles")
    assert isinstance(q, Quantity)
    assert (q.interval.low, q.interval.high) == pytest.approx((15.9325056, 19.4730624))
    assert (q.written, q.written_unit, q.unit) == (Interval(9.9, 12.1), "miles", "km")
    assert describe(q) == "about 11 miles = [15.9325, 19.4731] km"


def test_the_unit_field_converts_too():
    q = value_of(KM, "190", unit="mi")
    assert isinstance(q, Quantity) and q.point == pytest.approx(305.77536)
    assert describe(q) == "190 mi = [305.7754 km]"
    assert unit_ok(Claim("c", KM.id, value="190", unit="mi"), KM)


def test_feet_on_a_metre_subject_show_both():
    q = value_of(Subject("m", kind="quantity", unit="m"), "29,000 ft")
    assert describe(q) == "29,000 ft = [8,839.2 m]"


def test_temperatures_convert_with_their_offsets():
    q = value_of(Subject("t", kind="quantity", unit="°C"), "between 50 and 212 °F")
    assert (q.interval.low, q.interval.high) == pytest.approx((10, 100))


def test_spellings_of_the_subject_unit_do_not_convert():
    q = value_of(KM, "18 kilometres")
    assert (q.interval, q.written, q.unit) == (Interval(18, 18), None, "km")


def test_a_unit_of_another_dimension_is_a_problem():
    p = value_of(KM, "18 kg")
    assert p == ValueProblem(
        '"18 kg" is in kg (mass), which does not convert to the subject\'s unit km (length)',
        "give the figure in km, or record the claim on a subject measured in kg; only units of "
        "the same dimension convert",
        "unit-dimension",
    )
    assert isinstance(value_of(PEOPLE, "11 miles"), ValueProblem)


def test_value_and_unit_field_must_agree():
    p = value_of(KM, "11 miles", unit="km")
    assert isinstance(p, ValueProblem) and p.message == 'the value says "miles" but unit = "km"'


def test_count_nouns_compare_only_through_aliases():
    assert unit_ok(Claim("c", PEOPLE.id, value="10", unit="residents"), PEOPLE)
    assert not unit_ok(Claim("c", PEOPLE.id, value="10", unit="households"), PEOPLE)
    q = value_of(PEOPLE, "10", unit="households")
    assert isinstance(q, Quantity) and q.interval == Interval(10, 10)  # left out by unit_ok


def test_ratios_on_a_percentage_subject():
    one_in_five = value_of(SHARE, "one in five")
    about_20 = value_of(SHARE, "about 20%")
    assert one_in_five.interval.low == pytest.approx(20)
    assert about_20.interval == Interval(18, 22)
    assert value_of(SHARE, "two-thirds").interval.low == pytest.approx(200 / 3)
    assert describe(one_in_five) == "one in five = [20 %]"
    p = value_of(PEOPLE, "one in five")
    assert isinstance(p, ValueProblem) and p.code == "unit-dimension"


def test_language_comes_from_the_source():
    tr = Source("afad", language="tr")
    assert value_of(PEOPLE, "50.096", source=tr).interval == Interval(50096, 50096)
    translated = Source("afad-en", language="en", translated_from="tr")
    assert value_of(PEOPLE, "50.096", source=translated).code == "ambiguous-number"
    assert value_of(PEOPLE, "50.096").code == "ambiguous-number"
    de = claim_value(Claim("c", PEOPLE.id, value="1,2 Millionen"), PEOPLE, None, "de")
    assert de.interval == Interval(1_200_000, 1_200_000)  # the store's default language


def test_units_the_table_lacks_convert_through_pint():
    q = value_of(KM, "10", unit="furlong")
    assert isinstance(q, Quantity) and describe(q) == "10 furlong = [2.0117 km]"
    assert unit_ok(Claim("c", KM.id, value="10", unit="furlong"), KM)
    assert isinstance(value_of(KM, "10", unit="klicks"), ValueProblem)


def test_table_factors_agree_with_pint():
    registry = pint.UnitRegistry()
    for name, (a, b) in TO_SI.items():
        base = registry.Quantity(1, name).to_base_units().units
        for x in (0.0, 1.0, 123.456):
            want = registry.Quantity(x, name).to(base).magnitude
            assert math.isclose(a * x + b, want, rel_tol=1e-12, abs_tol=1e-9), name
    assert {u.pint for u in UNITS.values()} - {"percent", "per_mille", "ratio"} <= set(TO_SI)


def test_no_pint_for_the_units_of_the_table():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from claimledger.model.claim_value import claim_value\n"
        "from claimledger.model.records import Claim, Subject\n"
        "s = Subject('s', kind='quantity', unit='km')\n"
        "claim_value(Claim('c', 's', value='about 11 km'), s)\n"
        "claim_value(Claim('c', 's', value='nearly 70 factions', unit='kilometres'), s)\n"
        "claim_value(Claim('c', 's', value='about 11 miles'), s)\n"
        "claim_value(Claim('c', 's', value='between 50 and 212 °F'), Subject('t', kind='quantity', unit='°C'))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pint', 'babel')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


def test_every_spelling_names_a_unit_pint_knows():
    registry = pint.UnitRegistry()
    ratios = {"percent", "per_mille", "ratio"}
    dimensions = {}
    for unit in set(UNITS.values()):
        if unit.pint in ratios:
            continue
        dimensionality = registry.Quantity(1, unit.pint).dimensionality
        assert dimensions.setdefault(unit.dimension, dimensionality) == dimensionality, unit


PAIRS = sorted(
    {(u.pint, v.pint) for u in UNITS.values() for v in UNITS.values() if u.dimension == v.dimension}
)


@given(
    st.floats(min_value=0, max_value=1e9, allow_nan=False),
    st.floats(min_value=0, max_value=1e9, allow_nan=False),
    st.sampled_from(PAIRS),
)
def test_converting_there_and_back_keeps_the_interval(a, b, pair):
    low, high = min(a, b), max(a, b)
    source, target = lookup_unit_named(pair[0]), lookup_unit_named(pair[1])
    there = convert_interval(Interval(low, high, True, False), source, target)
    back = convert_interval(there, target, source)
    assert math.isclose(back.low, low, rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(back.high, high, rel_tol=1e-9, abs_tol=1e-9)
    assert (back.low_open, back.high_open) == (True, False)


def lookup_unit_named(pint_name: str):
    return next(u for u in UNITS.values() if u.pint == pint_name)


def test_lookup_is_case_and_space_insensitive():
    assert lookup_unit("Square  Kilometres") == lookup_unit("km²")
    assert lookup_unit("people") is None
