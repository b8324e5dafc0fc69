"""Words of dates: English month and weekday names, the same names in a source's language
(CLDR, through Babel), and the order of day, month and year in its numeric dates.

A date written in another language is rewritten into English words before it is read:
"6. Februar 2023" (de), "3 de maio de 1998" (pt), "6 Şubat 2023" (tr), "2023. február 6."
(hu), "6 февраля 2023 г." (ru), "۶ فوریه ۲۰۲۳" (fa). Month names come in CLDR's wide and
abbreviated forms, format and stand-alone ("февраля" and "февраль"); Arabic adds the
Levantine and Iraqi names (كانون الثاني) of ar-SY and ar-IQ. Persian and Arabic sources
are read with Gregorian month names only.
"""

from __future__ import annotations

import re
from functools import cache

from claimledger.model.numbers import base_language
from claimledger.model.values import MONTH_NAMES, WEEKDAY_NAMES

MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES) if name}
MONTHS.update(
    {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9}
)
MONTHS.update({"oct": 10, "nov": 11, "dec": 12})
WEEKDAYS = {name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)}
WEEKDAYS.update({"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3})
WEEKDAYS.update({"fri": 4, "sat": 5, "sun": 6})

# Extra locales whose month names a language's sources also use.
_REGIONAL = {"ar": ("ar_SY", "ar_IQ", "ar_LB", "ar_EG")}
# Words around dates to drop, by language: "de" in "3 de maio de 1998", "г." after a year.
_FILLERS = {
    "es": r"de|del",
    "pt": r"de|do",
    "fr": r"le",
    "it": r"il",
    "ru": r"г\.|г|года|год",
    "tr": r"tarihinde",
    "id": r"tanggal",
    "hu": r"én|án|ján|jén",
}


@cache
def _names(language: str) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """A pattern of a language's month and weekday names and the English name of each."""
    # babel.dates costs ~66 ms to import (LIBRARIES.md, measured): only dates written in a
    # language other than English pay it.
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_day_names, get_month_names

    english: dict[str, str] = {}
    for tag in (language, *_REGIONAL.get(language, ())):
        try:
            locale = Locale.parse(tag)
        except (UnknownLocaleError, ValueError, TypeError):
            continue
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    english.setdefault(name.casefold(), MONTH_NAMES[number].lower())
                    english.setdefault(name.casefold().rstrip("."), MONTH_NAMES[number].lower())
                for number, name in get_day_names(width, context, locale).items():
                    english.setdefault(name.casefold(), WEEKDAY_NAMES[number].lower())
    english = {k: v for k, v in english.items() if len(k) > 1 and not k.isdigit()}
    if not english:
        return None
    alt = "|".join(re.escape(w) for w in sorted(english, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)\.?"), english


_YEAR_FIRST_RE = re.compile(r"([0-9]{4})\.?\s+([a-z]+)\s+([0-9]{1,2})\.?")
_DAY_DOT_RE = re.compile(r"(?<![0-9.])([0-9]{1,2})\.\s+(?=[a-z])")


def english_date_words(s: str, languages: tuple[str, ...]) -> str:
    """Folded date text with the month and weekday names of `languages` in English and their
    date fillers dropped; unchanged for English."""
    for tag in languages:
        language = base_language(tag)
        if language == "en":
            continue
        found = _names(language)
        if found is not None:
            pattern, english = found
            s = pattern.sub(lambda m, e=english: e[m.group().rstrip(".")] + " ", s)
        filler = _FILLERS.get(language)
        if filler:
            s = re.sub(rf"(?<!\w)(?:{filler})(?!\w)", " ", s)
        s = _DAY_DOT_RE.sub(r"\1 ", s)  # "6. februar 2023" (de, hu, tr, ...)
        s = _YEAR_FIRST_RE.sub(r"\3 \2 \1", s)  # "2023. february 6." (hu)
    return " ".join(s.replace(",", " , ").split()).replace(" ,", ",")


@cache
def numeric_order(tag: str) -> str | None:
    """ "dmy", "mdy" or "ymd": how a language orders numeric dates (CLDR's short date
    pattern); None for English without a region, which is written both ways."""
    language = base_language(tag)
    if language == "en" and not re.search(r"[-_][a-z]{2}$", tag.strip(), re.I):
        return None
    # babel.dates: see `_names` (only numeric dates in a declared language pay it).
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_date_format

    try:
        pattern = get_date_format("short", Locale.parse(tag.replace("-", "_"))).pattern
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    order = sorted("dMy", key=lambda c: pattern.find(c) if c in pattern else 99)
    return "".join(order).lower()


def date_order(languages: tuple[str, ...]) -> str | None:
    """The numeric date order every declared language agrees on, or None."""
    orders = {o for o in (numeric_order(t) for t in languages) if o}
    return orders.pop() if len(orders) == 1 else None
