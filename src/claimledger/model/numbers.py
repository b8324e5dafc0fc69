"""Numbers as a source's language writes them, rewritten into the one form the quantity
reader knows ("1,2 Millionen" in de reads as "1.2 million").

Every rewrite keeps the text's length (one character in, one out, or a marker padded with
spaces), so positions found in the rewritten text are positions in the original: prose
scanning depends on it.

* Native digits (Arabic-Indic ٠-٩, Persian ۰-۹, Devanagari ०-९) and the Arabic decimal and
  group marks (٫ ٬) are read in every language.
* Decimal and group separators come from CLDR through Babel (de "1.234,5", fr "1 234,5",
  hu "1 234,5"); a space, no-break space or thin space between groups of three digits is
  a group separator in every language.
* Scale words ("Millionen", "milliards", "mil", "milyon", "مليون") come from CLDR's long and
  short compact number formats; one-letter abbreviations ("M", "B") are left out, as they
  are also units.
* A handful of hedge phrases per language ("rund", "plus de", "más de", "около") are read;
  they are hand-listed, as CLDR has none.

A figure whose reading depends on the language ("50.096" is fifty thousand and ninety-six in
de and tr, fifty and a bit in en) is a problem when the source declares no language, or
when its `language` and `translated_from` read it differently: never a guess.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from claimledger.model.values import ValueProblem

# Scale markers the quantity reader knows (hedges.SCALE_VALUES): 10^3, 10^6, 10^9, 10^12.
SCALE_MARKERS = {"\ue003": 1e3, "\ue006": 1e6, "\ue009": 1e9, "\ue00c": 1e12}
_MARKER_OF_SCALE = {"1000": "\ue003", "1000000": "\ue006", "1000000000": "\ue009"}
_MARKER_OF_SCALE["1000000000000"] = "\ue00c"
# Hedge markers the quantity reader knows (hedges.HEDGES), one per kind.
HEDGE_MARKERS = {
    "approximate": "\ue101",
    "nearly": "\ue102",
    "more-than": "\ue103",
    "less-than": "\ue104",
    "up-to": "\ue105",
    "at-least": "\ue106",
}

# Range words the quantity reader knows (hedges.BETWEEN_RE, BETWEEN_SEP_RE, RANGE_SEP_RE).
RANGE_MARKERS = {"between": "\ue110", "and": "\ue111", "to": "\ue112"}
# "zwischen 30 und 40", "entre 30 et 40"; "30 bis 40" (only where "to" is no hedge word).
_RANGE_WORDS = {
    "de": {"between": "zwischen", "and": "und", "to": "bis"},
    "fr": {"between": "entre", "and": "et"},
    "es": {"between": "entre", "and": "y"},
    "pt": {"between": "entre", "and": "e"},
    "it": {"between": "tra|fra", "and": "e"},
    "nl": {"between": "tussen", "and": "en"},
    "ru": {"between": "между", "and": "и"},
    "id": {"between": "antara", "and": "dan"},
    "ar": {"between": "بين", "and": "و"},
    "fa": {"between": "بین", "and": "و"},
}

_DIGITS = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Extended Arabic-Indic (Persian)
        **{chr(0x0966 + i): str(i) for i in range(10)},  # Devanagari
        "\u066b": ".",  # Arabic decimal separator
        "\u066c": ",",  # Arabic thousands separator
    }
)

# Hedge phrases by language (folded), by kind. Prefix phrases only.
HEDGE_WORDS = {
    "de": {
        "approximate": "rund|etwa|ungefähr|circa|ca.|zirka|gut|geschätzt|schätzungsweise",
        "nearly": "knapp|fast|beinahe|nahezu",
        "more-than": "mehr als|über|weit über",
        "less-than": "weniger als|unter",
        "up-to": "bis zu|höchstens",
        "at-least": "mindestens|wenigstens",
    },
    "fr": {
        "approximate": "environ|autour de|quelque|quelques|aux alentours de",
        "nearly": "près de|presque|pratiquement|quasiment",
        "more-than": "plus de|au-delà de",
        "less-than": "moins de",
        "up-to": "jusqu'à|au plus",
        "at-least": "au moins",
    },
    "es": {
        "approximate": "alrededor de|unos|unas|aproximadamente|cerca de|en torno a",
        "nearly": "casi",
        "more-than": "más de",
        "less-than": "menos de",
        "up-to": "hasta",
        "at-least": "al menos|por lo menos",
    },
    "pt": {
        "approximate": "cerca de|aproximadamente|em torno de|por volta de|uns|umas",
        "nearly": "quase",
        "more-than": "mais de",
        "less-than": "menos de",
        "up-to": "até",
        "at-least": "pelo menos|no mínimo",
    },
    "it": {
        "approximate": "circa|intorno a|attorno a",
        "nearly": "quasi",
        "more-than": "più di|oltre",
        "less-than": "meno di",
        "up-to": "fino a",
        "at-least": "almeno",
    },
    "nl": {
        "approximate": "ongeveer|zo'n|circa|rond|ruwweg",
        "nearly": "bijna",
        "more-than": "meer dan|ruim",
        "less-than": "minder dan",
        "up-to": "tot|maximaal",
        "at-least": "minstens|ten minste",
    },
    "tr": {
        "approximate": "yaklaşık|tahminen",
        "nearly": "neredeyse|yaklaşık olarak",
        "up-to": "en fazla",
        "at-least": "en az",
    },
    "ar": {
        "approximate": "حوالي|حوالى|نحو|زهاء|ما يقارب|تقريبا",
        "nearly": "قرابة|قرابه",
        "more-than": "أكثر من|اكثر من|ما يزيد على|ما يزيد عن",
        "less-than": "أقل من|اقل من",
        "up-to": "حتى",
        "at-least": "ما لا يقل عن",
    },
    "fa": {
        "approximate": "حدود|حدودا|حدوداً|تقریبا|تقریباً",
        "nearly": "نزدیک به",
        "more-than": "بیش از|بیشتر از",
        "less-than": "کمتر از",
        "up-to": "تا",
        "at-least": "دست کم|حداقل",
    },
    "ru": {
        "approximate": "около|примерно|порядка|приблизительно",
        "nearly": "почти",
        "more-than": "более|свыше|больше",
        "less-than": "менее|меньше",
        "up-to": "до",
        "at-least": "не менее|по меньшей мере",
    },
    "id": {
        "approximate": "sekitar|kurang lebih|kira-kira",
        "nearly": "hampir",
        "more-than": "lebih dari",
        "less-than": "kurang dari",
        "up-to": "hingga|sampai",
        "at-least": "setidaknya|sedikitnya|paling sedikit",
    },
    "hu": {
        "approximate": "mintegy|körülbelül|kb.|nagyjából",
        "nearly": "majdnem|csaknem|közel",
        "more-than": "több mint|több, mint",
        "less-than": "kevesebb mint|kevesebb, mint",
        "up-to": "legfeljebb",
        "at-least": "legalább",
    },
}

_SPACES = " \u00a0\u202f\u2009"
_TOKEN_RE = re.compile(r"[0-9]+(?:(?:[.,'\u00a0\u202f\u2009]|[ ](?=[0-9]{3}(?![0-9])))[0-9]+)*")
_EN = (".", ",")


def ascii_digits(s: str) -> str:
    """Native digits and Arabic separators as ASCII ones (same length)."""
    return s.translate(_DIGITS)


def base_language(tag: str) -> str:
    """The language subtag of a BCP 47 tag: "pt-BR" -> "pt"."""
    return re.split(r"[-_]", tag.strip(), maxsplit=1)[0].casefold()


def reading_languages(*tags: str | None) -> tuple[str, ...]:
    """The declared languages a value may be written in, without repeats ("" dropped)."""
    seen: list[str] = []
    for tag in tags:
        if tag and tag.strip() and tag.strip() not in seen:
            seen.append(tag.strip())
    return tuple(seen)


@lru_cache(maxsize=1024)
def source_languages(
    language: str | None, translated_from: str | None, default: str | None
) -> tuple[str, ...]:
    """A source's reading languages: its `language` and `translated_from`, else `default`
    (the store's)."""
    return reading_languages(language, translated_from) or reading_languages(default)


@cache
def separators(tag: str) -> tuple[str, str] | None:
    """(decimal, group) of a language from CLDR; None for a tag CLDR does not know."""
    if base_language(tag) == "en" and tag.casefold() in ("en", "en-us", "en-gb", "en_us"):
        return _EN
    # babel.numbers costs ~40 ms to import (LIBRARIES.md, measured): only a language
    # other than English pays it, once.
    from babel import Locale, UnknownLocaleError
    from babel.numbers import get_decimal_symbol, get_group_symbol

    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    return get_decimal_symbol(locale), get_group_symbol(locale)


@cache
def _pattern(decimal: str, group: str) -> re.Pattern[str]:
    """A figure with these separators; spaces group digits in every language."""
    groups, dec = re.escape(group + _SPACES), re.escape(decimal)
    return re.compile(
        rf"[1-9][0-9]{{0,2}}(?:[{groups}][0-9]{{3}})+(?:{dec}[0-9]+)?|[0-9]+(?:{dec}[0-9]+)?"
    )


def _rewrite(token: str, decimal: str, group: str) -> str | None:
    """A figure in English form (same length), or None when the language cannot read it."""
    if not _pattern(decimal, group).fullmatch(token):
        return None
    out = []
    for c in token:
        if c == decimal:
            out.append(".")
        elif c == group or c in _SPACES:
            out.append(",")
        else:
            out.append(c)
    return "".join(out)


def _number_of(english: str) -> float:
    return float(english.replace(",", ""))


def _shown(english: str) -> str:
    x = _number_of(english)
    return f"{x:,.{len(english.split('.')[1])}f}" if "." in english else f"{x:,.0f}"


# An English scale word after a figure: "45.123 thousand" is a decimal, never grouped.
_SCALE_AFTER = re.compile(r"\s*(?:thousand|million|billion|trillion|mn|bn|k|m|b)(?![a-z])")


def _undeclared(token: str, scaled: bool = False) -> str | ValueProblem:
    """English reading of a figure in a source without a language, or why it cannot be."""
    english = _rewrite(token, *_EN)
    if english is not None and (scaled or not re.fullmatch(r"[1-9][0-9]{0,2}\.[0-9]{3}", token)):
        return english
    other = _rewrite(token, ",", ".")
    if english is None and other is None:
        return ValueProblem(
            f'"{token}" is not a number in any way of writing numbers this tool knows',
            "write the figure with digits, e.g. 1,234.5, and set the source's language",
            "bad-value",
        )
    if english is None:
        problem = f'"{token}" is written as in German or French ({_shown(other)})'
    else:
        problem = f'"{token}" is {_shown(english)} in English but {_shown(other)} in German'
    return ValueProblem(
        f"{problem}, and the source declares no language",
        f"set the source's language, or write {_shown(other or english or token)}",
        "ambiguous-number",
    )


def _declared(token: str, languages: tuple[str, ...]) -> str | ValueProblem:
    readings: dict[str, list[str]] = {}
    for tag in languages:
        seps = separators(tag)
        english = _rewrite(token, *seps) if seps else None
        if english is not None:
            readings.setdefault(english, []).append(tag)
    if len(readings) == 1:
        return next(iter(readings))
    named = " and ".join(languages)
    if not readings:
        return ValueProblem(
            f'"{token}" is not a number as {named} writes numbers',
            "copy the figure as the source writes it, or correct the source's language",
            "bad-value",
        )
    shown = "; ".join(f"{_shown(r)} in {', '.join(t)}" for r, t in readings.items())
    return ValueProblem(
        f'"{token}" reads differently in the source\'s languages ({shown})',
        f"write the figure as one of them, e.g. {_shown(next(iter(readings)))}",
        "ambiguous-number",
    )


def localise_figures(folded: str, languages: tuple[str, ...]) -> str | ValueProblem:
    """Folded text with every figure in English form (see module doc), or the first figure
    that cannot be read unambiguously."""
    return _localise(folded, languages, prose=False)


def localise_prose(
    folded: str, languages: tuple[str, ...], known: frozenset[str] = frozenset()
) -> str:
    """Prose in a declared language with its figures in English form; a figure that cannot
    be read unambiguously is blanked out ("#"), so it is never compared. Without a declared
    language, prose is read as English (unchanged)."""
    if not languages:
        return folded
    return localise_words(str(_localise(folded, languages, prose=True)), languages, known)


# What English (or no declared language) does not read as written: "50.096", "1,5", "1.234.567",
# "50 000", "1'000". A text without any of these is its own English form (the common case:
# one search instead of a pass over every figure).
_NOT_PLAIN_ENGLISH = re.compile(
    r"(?<![0-9.,])[1-9][0-9]{0,2}\.[0-9]{3}(?![0-9])"
    r"(?!\s*(?:thousand|million|billion|trillion|mn|bn|k|m|b)(?![a-z]))|[0-9],(?![0-9]{3}(?![0-9]))[0-9]"
    r"|[0-9][\u00a0\u202f\u2009 ][0-9]{3}(?![0-9])|[0-9]\.[0-9]+\.[0-9]|[0-9]'[0-9]"
)


def reads_alike(text: object, languages: tuple[str, ...]) -> bool:
    """Whether `text` reads the same in `languages` as with no declared language: English
    languages only, and no figure whose reading depends on the language. Callers use it to
    share one cached reading (the conflict engine asks without a source)."""
    if not all(_english(t) for t in languages):
        return False
    return not isinstance(text, str) or not _NOT_PLAIN_ENGLISH.search(text)


def _english(tag: str) -> bool:
    return separators(tag) == _EN if base_language(tag) == "en" else False


_SEPARATED_DIGITS = re.compile(r"[0-9][.,'\u00a0\u202f\u2009 ][0-9]")


def _localise(folded: str, languages: tuple[str, ...], prose: bool) -> str | ValueProblem:
    s = folded.translate(_DIGITS) if not folded.isascii() else folded
    if not _SEPARATED_DIGITS.search(s):
        return s  # no figure with a separator: the same in every language
    if all(_english(t) for t in languages) and not _NOT_PLAIN_ENGLISH.search(s):
        return s
    out, last = [], 0
    for m in _TOKEN_RE.finditer(s):
        token = m.group()
        if token.isdigit():
            continue
        if languages:
            english = _declared(token, languages)
        else:
            english = _undeclared(token, bool(_SCALE_AFTER.match(s, m.end())))
        if isinstance(english, ValueProblem):
            if not prose:
                return english
            english = "#" * len(token)
        out.append(s[last : m.start()])
        out.append(english)
        last = m.end()
    out.append(s[last:])
    return "".join(out)


@cache
def _word_markers(language: str) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """A pattern of a language's scale and hedge words and the marker of each."""
    words: dict[str, str] = {}
    for kind, phrases in HEDGE_WORDS.get(language, {}).items():
        for phrase in phrases.split("|"):
            words[phrase] = HEDGE_MARKERS[kind]
    for kind, phrases in _RANGE_WORDS.get(language, {}).items():
        for phrase in phrases.split("|"):
            words[phrase] = RANGE_MARKERS[kind]
    words.update(_scale_words(language))
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)"), words


def _scale_words(language: str) -> dict[str, str]:
    # babel's locale data: ~40 ms on first use (LIBRARIES.md), for a language other than
    # English only.
    from babel import Locale, UnknownLocaleError

    try:
        formats = Locale.parse(language).compact_decimal_formats
    except (UnknownLocaleError, ValueError, TypeError):
        return {}
    words: dict[str, str] = {}
    for width in ("long", "short"):
        for patterns in formats.get(width, {}).values():
            for magnitude, pattern in patterns.items():
                marker = _MARKER_OF_SCALE.get(magnitude)
                text = str(getattr(pattern, "pattern", pattern))
                if marker is None or text.count("0") > 1:
                    continue
                word = " ".join(text.replace("0", "").replace("'", "").casefold().split())
                if len(word.rstrip(".")) > 1:
                    words[word] = marker
                    words.setdefault(word.rstrip("."), marker)
    return words


# Scripts of languages not written in Latin letters: their words need one of these.
_SCRIPTS = {"ar": ("\u0600", "\u06ff"), "fa": ("\u0600", "\u06ff"), "ru": ("\u0400", "\u04ff")}
_WORD_RE = re.compile(r"[^\W\d_]{2,}")


def _may_hold_words(s: str, language: str, known: frozenset[str]) -> bool:
    """Whether `s` may hold a word of `language`: a letter of its script, or (Latin script)
    a word the English reader does not know. Keeps Babel unloaded for "nearly 70" in an
    English translation of an Arabic source."""
    script = _SCRIPTS.get(language)
    if script:
        return any(script[0] <= c <= script[1] for c in s)
    return any(w not in known for w in _WORD_RE.findall(s))


def localise_words(s: str, languages: tuple[str, ...], known: frozenset[str] = frozenset()) -> str:
    """Scale and hedge words of the given languages replaced by padded markers; `known` are
    the English reader's words (a text of only those needs no other language's words)."""
    for tag in languages:
        language = base_language(tag)
        if language == "en" or not _may_hold_words(s, language, known):
            continue
        found = _word_markers(language)
        if found is None:
            continue
        pattern, markers = found
        s = pattern.sub(lambda m, words=markers: words[m.group()].ljust(len(m.group())), s)
    return s
