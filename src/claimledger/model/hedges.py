"""The quantity lexicon: hedge phrases, vague amounts, number words, scale words, fractions
and projections, as tables and the patterns that find them (read by `quantities.py`)."""

from __future__ import annotations

import re

from claimledger.model.numbers import HEDGE_MARKERS, SCALE_MARKERS
from claimledger.model.values import phrase_pattern

HEDGES = {
    "approximate": (
        "about", "around", "roughly", "approximately", "approx.", "approx", "some",
        "an estimated", "estimated", "est.", "~", "≈", "circa", "ca.", "c.", "close to",
        "in the region of", "on the order of", "of the order of", "somewhere around",
        "more or less", "close on", "something like", "an approximate",
    ),
    "nearly": (
        "nearly", "almost", "just under", "just below", "just short of", "not quite",
        "just shy of", "shy of", "a little under", "a little less than", "slightly less than",
        "slightly under", "getting on for", "nigh on",
    ),
    "just-over": (
        "just over", "just above", "just more than", "slightly more than", "slightly over",
        "a little over", "a little more than",
    ),
    "up-to": (
        "up to", "at most", "as many as", "as much as", "no more than", "not more than",
        "a maximum of", "maximum of", "max.", "max", "≤", "<=", "as high as", "at the most",
        "as high as an estimated",
    ),
    "at-least": (
        "at least", "no fewer than", "no less than", "not less than", "not fewer than",
        "a minimum of", "minimum of", "min.", "≥", ">=", "as few as", "as little as",
        "as low as", "at a minimum",
    ),
    "more-than": (
        "more than", "over", "upwards of", "in excess of", "above", "exceeding", "greater than",
        "well over", "well above", ">", "north of", "upward of", "well in excess of",
        "in the excess of",
    ),
    "less-than": (
        "less than", "under", "fewer than", "below", "well under", "well below", "<",
        "south of",
    ),
}  # fmt: skip
# Hedges read in other languages (numbers.py) arrive as one marker character per kind.
HEDGES.update({kind: (*HEDGES[kind], marker) for kind, marker in HEDGE_MARKERS.items()})
HEDGE_KIND = {phrase: kind for kind, phrases in HEDGES.items() for phrase in phrases}


HEDGE_RE = re.compile(
    "(?P<hedge>"
    + "|".join(phrase_pattern(p) for p in sorted(HEDGE_KIND, key=len, reverse=True))
    + r")\s*"
)
FILLER_RE = re.compile(
    r"(?:only|just|exactly|precisely|a\s+total\s+of|a\s+reported|reportedly|officially)\s+"
)

# Vague words: (low, high, low_open, high_open, can take a scale like "several thousand").
VAGUE = {
    "hundreds of thousands": (2e5, 1e6, False, True, False),
    "tens of thousands": (2e4, 1e5, False, True, False),
    "hundreds of millions": (2e8, 1e9, False, True, False),
    "tens of millions": (2e7, 1e8, False, True, False),
    "a handful": (2, 6, False, False, True),
    "a few": (2, 5, False, False, True),
    "a couple": (2, 3, False, False, True),
    "several": (3, 10, False, True, True),
    "dozens": (24, 100, False, True, False),
    "scores": (40, 100, False, True, False),
    "hundreds": (200, 1000, False, True, False),
    "thousands": (2000, 10000, False, True, False),
    "millions": (2e6, 1e7, False, True, False),
    "billions": (2e9, 1e10, False, True, False),
    "tens": (20, 100, False, True, False),
}
VAGUE_RE = re.compile(
    "(?:" + "|".join(phrase_pattern(p) for p in sorted(VAGUE, key=len, reverse=True)) + ")"
)
VAGUE_SCALE_RE = re.compile(r"(?:\s+of)?\s+(hundred|thousand|million|billion)(?![a-z])")

UNIT_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
WORDS: dict[str, tuple[str, float]] = {w: ("unit", i) for i, w in enumerate(UNIT_WORDS)}
WORDS.update({w: ("tens", 20 + 10 * i) for i, w in enumerate(TENS_WORDS)})
WORDS.update({w: ("scale", v) for w, v in SCALES.items()})
WORDS.update(
    {
        "hundred": ("hundred", 100),
        "dozen": ("dozen", 12),
        "a": ("a", 1),
        "an": ("a", 1),
        "and": ("and", 0),
        "half": ("half", 0.5),
    }
)
WORD_RE = re.compile(r"[a-z]+")
WORD_SEP_RE = re.compile(r"\s+|-(?=[a-z])")

DIGITS_RE = re.compile(
    r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?(?![0-9])"
)
ORDINAL_RE = re.compile(r"(?:st|nd|rd|th)(?![a-z])")
DIGIT_SCALE_RE = re.compile(
    r"(?P<suffix>k|mn|m|bn|b)(?![a-z0-9])"
    r"|\s*(?P<word>hundred|thousand|million|billion|trillion|dozen|mn|bn|mln|bln|tn)(?![a-z])"
    r"|\s*(?P<marker>[\ue003\ue006\ue009\ue00c])"
)
SCALE_VALUES = {
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "mln": 1e6,
    "bln": 1e9,
    "tn": 1e12,
    **SCALE_MARKERS,
    "hundred": 100.0,
    "dozen": 12.0,
}
SCALE_VALUES.update(SCALES)

# (\ue110-\ue112: "between", "and", "to" in other languages, from numbers.RANGE_MARKERS)
BETWEEN_RE = re.compile(r"(?:between|from)\s+|\ue110\s*")
BETWEEN_SEP_RE = re.compile(r"\s*-\s*|\s+(?:and|to)\s+|\s*[\ue111\ue112]\s*")
RANGE_SEP_RE = re.compile(r"\s*-\s*|\s+(?:to|or|through)\s+|\s*\ue112\s*")
SUFFIX_RE = re.compile(
    r"(?P<plus>\+|-plus(?![a-z])|\s+plus(?![a-z])|\s+and\s+counting(?![a-z]))"
    r"|(?P<so>\s+or\s+so|-?ish|\s+or\s+thereabouts|,?\s+give\s+or\s+take)(?![a-z])"
    r"|(?P<tops>,?\s+(?:tops|at\s+most|at\s+the\s+most|max))(?![a-z])"
    r"|(?P<more>\s+or\s+(?:more|greater|above|higher|over)|\s+and\s+(?:up|upwards|above))(?![a-z])"
    r"|(?P<fewer>\s+or\s+(?:fewer|less|under|lower|below))(?![a-z])"
)
SUFFIX_KIND = {
    "plus": "at-least",
    "so": "approximate",
    "more": "at-least",
    "fewer": "up-to",
    "tops": "up-to",
}
PERCENT_RE = re.compile(r"\s*(?:%|percent(?![a-z])|per\s+cent(?![a-z])|pct(?![a-z]))")
TRAIL_BAD_RE = re.compile(r"\s*[0-9]|[-./:,][0-9]")
NONFINITE_RE = re.compile(r"[-+]?(?:nan|inf|infinity|∞)")
CANDIDATE_RE = re.compile(r"[~<>≈≤≥\ue101-\ue106]|(?<![\w.,/:=&?#-])[-+]?[0-9]|(?<![\w'])[a-z]")

QUALIFIER_OF = {
    None: "exact",
    "approximate": "approximate",
    "nearly": "nearly",
    "just-over": "more-than",
    "up-to": "up-to",
    "less-than": "less-than",
    "at-least": "at-least",
    "more-than": "more-than",
}
DEFAULT_TOLERANCE = 0.10


# --------------------------------------------------------------------------- fractions, ratios

FRACTION_NUMERATORS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
FRACTION_DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7,
    "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10,
    "tenths": 10,
}  # fmt: skip
# "two-thirds", "a third", "three quarters of", "half" (not "half a dozen": a count).
FRACTION_RE = re.compile(
    r"(?:(?P<num>"
    + "|".join(FRACTION_NUMERATORS)
    + r"|[0-9]+)(?:\s+|-))?(?P<den>"
    + "|".join(sorted(FRACTION_DENOMINATORS, key=len, reverse=True))
    + r")(?![a-z])(?!\s+a\s+dozen)(?:\s+of(?![a-z]))?"
)
# "one in five", "1 in 4", "3 out of 10" (the figures are read by the number reader).
RATIO_SEP_RE = re.compile(r"\s+(?:in|out\s+of)\s+")

# "40-odd" is [40, 50): up to the next step of the last significant digit.
ODD_RE = re.compile(r"(?:-|\s+)odd(?![a-z])")
# "100s", "1,000s": the vague word of that power of ten.
DECADE_RE = re.compile(r"([0-9]{1,3}(?:,[0-9]{3})*)s(?![a-z0-9'])")
DECADE_WORDS = {
    10: "tens", 100: "hundreds", 1000: "thousands", 10000: "tens of thousands",
    100000: "hundreds of thousands", 1000000: "millions",
}  # fmt: skip

# --------------------------------------------------------------------------- projections

# A forecast, not a count: "could reach 100,000", "is expected to rise to 50", "may top 10".
# Verbs of passing make the figure a floor ("could exceed 100,000": more than).
PROJECTION_RE = re.compile(
    r"(?:(?:is|are|was|were)\s+)?"
    r"(?:could|may|might|will|would|(?:expected|projected|forecast|predicted|set|likely"
    r"|estimated|due)\s+to)\s+"
    r"(?:eventually\s+|soon\s+|well\s+)?"
    r"(?:(?P<over>exceed|surpass|top|pass|go\s+beyond)(?![a-z])"
    r"|(?:reach|rise\s+to|climb\s+to|grow\s+to|increase\s+to|hit|total|number|soar\s+to"
    r"|jump\s+to|swell\s+to|double\s+to|be|go\s+up\s+to|fall\s+to|drop\s+to)(?![a-z]))?"
    r"\s*"
)

# The first words a projection can start with (a cheap test before PROJECTION_RE).
PROJECTION_LEADS = frozenset(
    ("is", "are", "was", "were", "could", "may", "might", "will", "would", "expected",
     "projected", "forecast", "predicted", "set", "likely", "estimated", "due")
)  # fmt: skip

# What a partial reading must not silently drop: the rest of "one and a half million",
# "2/3", "1:5" and a letter glued to the figure ("1990s", "12b3").
NEAR_MISS_RE = re.compile(
    r"\s+and\s+a\s+half|\s*[/:]\s*[0-9]|[-./:,][0-9]|\s*[0-9]|[a-z]|(?:-|\s+)(?:odd|plus)"
)

# Every word the English reader knows (a value of only these needs no other language's words).
ENGLISH_WORDS = frozenset(
    word
    for phrase in (
        *HEDGE_KIND,
        *VAGUE,
        *WORDS,
        *SCALE_VALUES,
        *FRACTION_NUMERATORS,
        *FRACTION_DENOMINATORS,
        "between from and to or through of in out odd plus counting thereabouts give take tops"
        " most max the only just exactly precisely total reported reportedly officially could"
        " may might will would expected projected forecast predicted set likely estimated due"
        " is are was were eventually soon well exceed surpass top pass go beyond reach rise"
        " climb grow increase hit number soar jump swell double be up fall drop",
    )
    for word in re.findall(r"[^\W\d_]{2,}", phrase)
)
