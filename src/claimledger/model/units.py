"""Units of measure: which spellings name which physical unit, and conversion between them.

A subject's `unit` is canonical. A claim may be written in any unit of the same dimension
(length, area, volume, mass, speed, duration, energy, power, temperature, ratio); its
interval is converted into the subject's unit before comparison. Count nouns ("people",
"factions", "drones") are not physical units: they compare only through the subject's
`unit_aliases`, and two different count nouns never convert.

The spelling table below names each unit for pint. The units it lists convert through
`TO_SI`, factors checked against pint by the tests; a unit pint knows but the table does not
would be converted by pint itself, loaded only then (see `_registry`). Each unit pair's
conversion is computed once (`affine`). Ratios (%, per mille, "one in five") need no pint.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from claimledger.model.values import Interval


@dataclass(frozen=True)
class Unit:
    """A physical unit: its pint expression and its dimension."""

    pint: str
    dimension: str


# pint expression, dimension: spellings (folded: lower case, one space between words).
# English first, then the spellings of the listed languages (de fr es pt it nl tr ar fa ru
# id hu) where they differ.
_SPELLINGS = """
meter length: m | metre | metres | meter | meters | metro | metros | mètre | mètres | metri
  | metreler | метр | метра | метров | м | متر | مترًا | أمتار | méter | meteran
kilometer length: km | kms | kilometre | kilometres | kilometer | kilometers | kilomètre
  | kilomètres | kilómetro | kilómetros | quilômetro | quilômetros | quilómetro | quilómetros
  | chilometro | chilometri | kilometreler | километр | километра | километров | км | كم
  | كيلومتر | كيلومترات | کیلومتر | kilométer
centimeter length: cm | centimetre | centimetres | centimeter | centimeters | см
millimeter length: mm | millimetre | millimetres | millimeter | millimeters | мм
mile length: mi | mile | miles | meile | meilen | milla | millas | milha | milhas | miglia
  | mijl | mijlen | мили | миль | ميل | أميال | مایل
foot length: ft | foot | feet | ′ | pies | pés | piedi | fuß | fuss | футов
yard length: yd | yard | yards
inch length: inch | inches | ″
nautical_mile length: nmi | nautical mile | nautical miles | seemeilen | milles nautiques
kilometer**2 area: km² | km2 | km^2 | sq km | sq. km | square kilometre | square kilometres
  | square kilometer | square kilometers | quadratkilometer | kilomètres carrés
  | kilómetros cuadrados | quilômetros quadrados | chilometri quadrati | vierkante kilometer
  | kilometrekare | кв. км | км² | كيلومتر مربع | کیلومتر مربع | négyzetkilométer
meter**2 area: m² | m2 | sq m | square metre | square metres | square meter | square meters
  | quadratmeter | mètres carrés | metros cuadrados | metros quadrados | metrekare | м²
mile**2 area: sq mi | sq. mi | square mile | square miles | sq miles
foot**2 area: sq ft | sq. ft | square foot | square feet | ft²
hectare area: ha | hectare | hectares | hektar | hectárea | hectáreas | ettari | ettaro | га
  | هكتار | هکتار
acre area: acre | acres | acres de terre
liter volume: l | litre | litres | liter | liters | litro | litros | litri | литр | литров | لتر
meter**3 volume: m³ | m3 | cubic metre | cubic metres | cubic meter | cubic meters
  | kubikmeter | mètres cubes | metros cúbicos | metreküp | м³
gallon volume: gal | gallon | gallons
oil_barrel volume: bbl | barrel | barrels | barrel of oil | barrels of oil | barril | barriles
  | баррель | баррелей | برميل
kilogram mass: kg | kgs | kilogram | kilograms | kilogramme | kilogrammes | kilogramm
  | kilogramo | kilogramos | quilograma | quilogramas | chilogrammi | кг | كغ | کیلوگرم
gram mass: g | gram | grams | gramme | grammes | gramm | gramos | gramas | grammi | г | غرام
metric_ton mass: t | tonne | tonnes | metric ton | metric tons | tonnen | tonelada | toneladas
  | tonnellate | тонн | тонна | طن | تن
pound mass: lb | lbs | pound | pounds
ounce mass: oz | ounce | ounces
kilometer/hour speed: km/h | kph | kmh | km/hr | kilometres per hour | kilometers per hour
  | km/std | км/ч | كم/س | کیلومتر بر ساعت
mile/hour speed: mph | miles per hour | mi/h
meter/second speed: m/s | metres per second | meters per second
knot speed: kn | kt | knot | knots | nœuds | nudos
second duration: sec | secs | second | seconds | sekunden | secondes | segundos | секунд
minute duration: min | mins | minute | minutes | minuten | minutos | minuti | минут
hour duration: h | hr | hrs | hour | hours | stunden | heures | horas | ore | saat | часов
  | ساعة | ساعت
day duration: day | days | tage | tagen | jours | días | dias | giorni | dagen | gün | дней
  | يوم | أيام | روز | hari | nap
week duration: wk | week | weeks | wochen | semaines | semanas | settimane | weken | hafta
  | недель | أسابيع | هفته | minggu
month duration: month | months | monate | monaten | mois | meses | mesi | maanden | ay
  | месяцев | أشهر | ماه | bulan | hónap
year duration: yr | yrs | year | years | jahre | jahren | ans | années | años | anos | anni
  | jaar | jaren | yıl | лет | года | سنة | سنوات | سال | tahun | év
joule energy: joule | joules
kilojoule energy: kj | kilojoule | kilojoules
megajoule energy: mj | megajoule | megajoules
gigajoule energy: gj | gigajoule | gigajoules
kilowatt_hour energy: kwh | kilowatt hour | kilowatt hours | kilowatt-hour | kilowatt-hours
megawatt_hour energy: mwh | megawatt hour | megawatt hours
gigawatt_hour energy: gwh | gigawatt hour | gigawatt hours
terawatt_hour energy: twh | terawatt hour | terawatt hours
kilocalorie energy: kcal | kilocalorie | kilocalories
watt power: watt | watts
kilowatt power: kw | kilowatt | kilowatts
megawatt power: mw | megawatt | megawatts
gigawatt power: gw | gigawatt | gigawatts
degree_Celsius temperature: °c | ºc | degc | celsius | degrees celsius | degree celsius
  | grad celsius | degrés celsius | grados celsius | graus celsius | gradi celsius
  | santigrat | °с
degree_Fahrenheit temperature: °f | ºf | degf | fahrenheit | degrees fahrenheit
  | degree fahrenheit
kelvin temperature: kelvin | kelvins
percent ratio: % | percent | per cent | pct | prozent | pour cent | por ciento | por cento
  | per cento | procent | yüzde | процента | процентов | بالمئة | درصد | persen | százalék
per_mille ratio: ‰ | per mille | per mil | promille
ratio ratio: ratio | share | fraction | proportion
"""

# A ratio's factor to a plain fraction: 20 % is 0.2, "one in five" is 0.2.
_RATIO_FACTORS = {"percent": 0.01, "per_mille": 0.001, "ratio": 1.0}

# Each unit of the table as (a, b): its value in the SI unit of its dimension is a * x + b
# (b only for temperatures). Checked against pint, unit by unit, in tests/test_units.py:
# with it, the units listed here convert without loading pint (~0.75 s: import and registry).
_MILE, _FOOT, _NMI = 1609.344, 0.3048, 1852.0
TO_SI: dict[str, tuple[float, float]] = {
    name: (factor, 0.0)
    for name, factor in {
        "meter": 1.0, "kilometer": 1e3, "centimeter": 1e-2, "millimeter": 1e-3,
        "mile": _MILE, "foot": _FOOT, "yard": 0.9144, "inch": 0.0254, "nautical_mile": _NMI,
        "kilometer**2": 1e6, "meter**2": 1.0, "mile**2": _MILE**2, "foot**2": _FOOT**2,
        "hectare": 1e4, "acre": 4046.8726098742513,
        "liter": 1e-3, "meter**3": 1.0, "gallon": 0.003785411784, "oil_barrel": 0.158987294928,
        "kilogram": 1.0, "gram": 1e-3, "metric_ton": 1e3, "pound": 0.45359237,
        "ounce": 0.028349523125,
        "kilometer/hour": 1e3 / 3600, "mile/hour": _MILE / 3600, "meter/second": 1.0,
        "knot": _NMI / 3600,
        "second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0, "week": 604800.0,
        "month": 2629800.0, "year": 31557600.0,
        "joule": 1.0, "kilojoule": 1e3, "megajoule": 1e6, "gigajoule": 1e9,
        "kilowatt_hour": 3.6e6, "megawatt_hour": 3.6e9, "gigawatt_hour": 3.6e12,
        "terawatt_hour": 3.6e15, "kilocalorie": 4184.0,
        "watt": 1.0, "kilowatt": 1e3, "megawatt": 1e6, "gigawatt": 1e9,
        "kelvin": 1.0,
    }.items()
}  # fmt: skip
TO_SI["degree_Celsius"] = (1.0, 273.15)
TO_SI["degree_Fahrenheit"] = (5 / 9, 273.15 - 32 * 5 / 9)


def _spelling_table() -> dict[str, Unit]:
    table: dict[str, Unit] = {}
    for entry in re.split(r"\n(?=\S)", _SPELLINGS.strip()):
        head, spellings = entry.split(":", 1)
        name, dimension = head.split()
        for spelling in spellings.split("|"):
            table[" ".join(spelling.split())] = Unit(name, dimension)
    return table


UNITS: dict[str, Unit] = _spelling_table()
# Units written as one word ("miles", "Meter"): words the English reader knows.
UNIT_WORDS = frozenset(s for s in UNITS if re.fullmatch(r"[^\W\d_]{2,}", s))
_LONGEST = max(len(s.split()) for s in UNITS)
_TRAILING = ".,;:!?)]"


def unit_after(s: str, pos: int) -> tuple[int, int] | None:
    """(start, end) of a unit spelling in folded text right after `pos` ("11 miles deep",
    "70kg", "60 km/h", "12 sq km"), longest first; None when no unit follows. A dictionary
    lookup of the next words (a regex of 400 spellings cost 16 ms to compile per process)."""
    start = pos
    while start < len(s) and s[start].isspace():
        start += 1
    words: list[tuple[int, int]] = []
    i = start
    while i < len(s) and len(words) < _LONGEST:
        j = i
        while j < len(s) and not s[j].isspace():
            j += 1
        words.append((i, j))
        while j < len(s) and s[j].isspace():
            j += 1
        i = j
    for n in range(len(words), 0, -1):
        end = words[n - 1][1]
        while end > start and s[end - 1] in _TRAILING:
            end -= 1
        if end > start and " ".join(s[start:end].split()) in UNITS:
            return start, end
    return None


def lookup_unit(spelling: str | None) -> Unit | None:
    """The physical unit a spelling names, or None (a count noun, or not a unit at all)."""
    if not spelling:
        return None
    key = " ".join(spelling.casefold().split())
    return UNITS.get(key) or UNITS.get(key.rstrip("."))


def same_unit(a: str, b: str) -> bool:
    """Whether two spellings name the same unit ("km", "kilometres")."""
    if a.casefold() == b.casefold():
        return True
    ua, ub = lookup_unit(a), lookup_unit(b)
    return ua is not None and ua == ub


@cache
def _registry() -> Any:
    # pint costs 0.35-0.58 s to import (`python -X importtime`, the 2-core benchmark
    # machine; docs/performance.md), paid only when two different units of measure meet:
    # `claims --version` and stores without conversions never load it.
    import pint

    try:  # its definitions cached in ~/.cache/pint: ~50 ms to build instead of ~0.5 s
        return pint.UnitRegistry(cache_folder=":auto:")
    except Exception:  # an unwritable or stale cache folder (pint raises several types)
        return pint.UnitRegistry()


_DIMENSIONS = {
    "[length]": "length", "[length] ** 2": "area", "[length] ** 3": "volume", "[mass]": "mass",
    "[length] / [time]": "speed", "[time]": "duration", "[temperature]": "temperature",
    "[length] ** 2 * [mass] / [time] ** 2": "energy",
    "[length] ** 2 * [mass] / [time] ** 3": "power",
}  # fmt: skip


@cache
def pint_unit(spelling: str) -> Unit | None:
    """A unit of measure the table does not list but pint knows ("furlong", "fathoms"), or
    None. Asked only when the other side of a comparison is a unit of measure, since it
    loads pint (and pint reads some words as units: "F" is a farad)."""
    if len(spelling.strip()) < 2:
        return None
    try:
        registry = _registry()
        units = registry.parse_units(spelling.strip())
        dimension = _DIMENSIONS.get(str(registry.get_dimensionality(units)))
    except Exception:  # pint raises several types for words it does not know
        return None
    return Unit(str(units), dimension) if dimension else None


@cache
def affine(source: str, target: str) -> tuple[float, float]:
    """(a, b) with target = a * source + b; computed once per unit pair (temperatures have
    offsets, every other unit b = 0). Both are pint expressions or ratio names."""
    if source == target:
        return 1.0, 0.0
    if source in _RATIO_FACTORS and target in _RATIO_FACTORS:
        return _RATIO_FACTORS[source] / _RATIO_FACTORS[target], 0.0
    if source in TO_SI and target in TO_SI:  # target = (a_s * x + b_s - b_t) / a_t
        (a_s, b_s), (a_t, b_t) = TO_SI[source], TO_SI[target]
        return a_s / a_t, (b_s - b_t) / a_t
    quantity = _registry().Quantity
    b = float(quantity(0.0, source).to(target).magnitude)
    a = float(quantity(1.0, source).to(target).magnitude) - b
    return a, b


def convert_interval(interval: Interval, source: Unit, target: Unit) -> Interval:
    """The interval in another unit of the same dimension (ends keep their openness)."""
    a, b = affine(source.pint, target.pint)

    def end(x: float) -> float:
        return x if math.isinf(x) else a * x + b

    return Interval(end(interval.low), end(interval.high), interval.low_open, interval.high_open)


def convert_point(x: float | None, source: Unit, target: Unit) -> float | None:
    """One figure in another unit."""
    if x is None:
        return None
    a, b = affine(source.pint, target.pint)
    return a * x + b
