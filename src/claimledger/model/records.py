"""The record model: Source, Subject, Claim, Resolution, Review as frozen dataclasses, and the field
tables that define the TOML format.

The field tables are the single source of truth for the format: the loader validates against
them, the writer orders keys by them, and `claims schema` generates the JSON Schema from them.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from typing import Any

KINDS = ("source", "subject", "claim", "resolution", "review")

# Field types, as the loader understands them:
#   str, int, number, bool, date (TOML date or date string), value (str/number/bool/date),
#   confidence (word or 0-100 integer), str-list, fingerprints (inline table of str -> str),
#   judged (inline table of claim id -> inline table of field -> value)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    required: bool = False
    doc: str = ""
    choices: tuple[str, ...] = ()


SUBJECT_KINDS = ("quantity", "date", "text", "boolean")
CARDINALITIES = ("one", "many")
STATUSES = ("active", "draft", "retracted", "withdrawn")
SOURCE_STATUSES = ("retracted", "corrected", "discredited")
RELIABILITIES = ("A", "B", "C", "D", "E", "F")
CONFIDENCE_WORDS = {"low": 15, "moderate": 50, "high": 85}
VERDICTS = ("prefer", "scope-mismatch", "both-plausible", "superseded", "source-error")

FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "source": (
        FieldSpec("id", "str", True, "Unique source id, e.g. alhurra-2025-11-last-card."),
        FieldSpec("title", "str", True, "Title of the document."),
        FieldSpec("publisher", "str", True, "Outlet or organisation that published it."),
        FieldSpec("url", "str", doc="Where the document was found."),
        FieldSpec("author", "str", doc="Named author(s)."),
        FieldSpec("published", "date", doc="Publication date, any precision (2025, 2025-06, ...)."),
        FieldSpec("accessed", "date", doc="When the document was read."),
        FieldSpec(
            "language",
            "str",
            doc="Language of the text used (BCP 47, e.g. en, de, pt-BR): how its figures and"
            " dates are read.",
        ),
        FieldSpec(
            "translated_from", "str", doc="Original language when the text is a translation."
        ),
        FieldSpec(
            "reliability",
            "str",
            doc="Admiralty source reliability: A reliable ... E unreliable, F cannot be judged.",
            choices=RELIABILITIES,
        ),
        FieldSpec(
            "archive",
            "str",
            doc="File name (or path into a sub-folder) of a local plain-text copy of the document.",
        ),
        FieldSpec(
            "archive_sha256",
            "str",
            doc="SHA-256 of the archived text's bytes (written by `claims archive`).",
        ),
        FieldSpec(
            "cites",
            "str-list",
            doc="Source ids this document draws on (citing exactly one: it relays that source).",
        ),
        FieldSpec(
            "status",
            "str",
            doc="retracted, corrected or discredited (absent: standing).",
            choices=SOURCE_STATUSES,
        ),
        FieldSpec("status_date", "date", doc="When the source was retracted, corrected, ..."),
        FieldSpec("status_note", "str", doc="What was retracted or corrected, and by whom."),
        FieldSpec("notes", "str", doc="Free text."),
    ),
    "subject": (
        FieldSpec(
            "id", "str", True, "Slash path naming the question, e.g. iraq/pmf/factions/count."
        ),
        FieldSpec("description", "str", True, "The question claims on this subject answer."),
        FieldSpec("kind", "str", True, "Kind of value.", SUBJECT_KINDS),
        FieldSpec("unit", "str", doc="Unit of quantity values (quantity subjects)."),
        FieldSpec("unit_aliases", "str-list", doc="Other spellings of the unit."),
        FieldSpec("aliases", "str-list", doc="Phrases prose uses for this subject."),
        FieldSpec("time_varying", "bool", doc="May the true value change over time?"),
        FieldSpec(
            "cardinality",
            "str",
            doc="Text subjects: one or many true values.",
            choices=CARDINALITIES,
        ),
        FieldSpec("tolerance", "number", doc="Relative tolerance of 'about N' (default 0.10)."),
        FieldSpec("notes", "str", doc="Free text."),
    ),
    "claim": (
        FieldSpec("id", "str", True, "Unique claim id."),
        FieldSpec("subject", "str", True, "Subject id this claim answers."),
        FieldSpec("value", "value", doc="The value as written in the source (or min/max)."),
        FieldSpec("min", "number", doc="Explicit lower bound of a quantity."),
        FieldSpec("max", "number", doc="Explicit upper bound of a quantity."),
        FieldSpec("unit", "str", doc="Unit as the source writes it."),
        FieldSpec(
            "scope", "str", doc="Population or definition when narrower/wider than the subject's."
        ),
        FieldSpec("source", "str", True, "Source id."),
        FieldSpec(
            "claimant",
            "str",
            doc='Who made the assertion ("AFAD", "UNHCR spokeswoman"), when not the source.',
        ),
        FieldSpec(
            "via",
            "str",
            doc="Source id the publishing source relays this from (Reuters quoting AFAD).",
        ),
        FieldSpec("date", "date", doc="When the source asserted it (default: source published)."),
        FieldSpec("as_of", "date", doc="When the fact holds (default: date)."),
        FieldSpec("quote", "str", True, "Verbatim sentence from the source."),
        FieldSpec(
            "quote_original",
            "str",
            doc="The quote in the source's original language, when `quote` is a translation.",
        ),
        FieldSpec("locator", "str", doc="Paragraph, section or page."),
        FieldSpec("confidence", "confidence", True, "low | moderate | high, or 0-100."),
        FieldSpec("tags", "str-list", doc="Free labels."),
        FieldSpec("notes", "str", doc="Free text."),
        FieldSpec(
            "contradicts",
            "str-list",
            doc="Claim ids this claim disagrees with (judged by reading).",
        ),
        FieldSpec("supports", "str-list", doc="Claim ids this claim agrees with."),
        FieldSpec("supersedes", "str", doc="Claim id this claim replaces."),
        FieldSpec(
            "status",
            "str",
            doc="active (default); draft (proposed by `claims extract`, in no conflict until"
            " accepted), retracted or withdrawn.",
            choices=STATUSES,
        ),
        FieldSpec(
            "reaffirmed",
            "date",
            doc="When a curator checked this claim against its source's correction.",
        ),
    ),
    "resolution": (
        FieldSpec("id", "str", True, "Unique resolution id."),
        FieldSpec("claims", "str-list", True, "The claim ids judged."),
        FieldSpec("verdict", "str", True, "The judgment.", VERDICTS),
        FieldSpec("preferred", "str", doc="The claim preferred (required for verdict prefer)."),
        FieldSpec("note", "str", True, "Why."),
        FieldSpec("by", "str", doc="Who judged."),
        FieldSpec("on", "date", doc="When."),
        FieldSpec("revisit", "date", doc="Look again after this date."),
        FieldSpec(
            "fingerprints", "fingerprints", doc="Content fingerprint of each claim (by the tool)."
        ),
        FieldSpec(
            "judged",
            "judged",
            doc="Each claim's judged fields when judged, to say what changed (by the tool).",
        ),
    ),
    "review": (
        FieldSpec("id", "str", True, "Unique review id."),
        FieldSpec("claim", "str", True, "The claim id reviewed."),
        FieldSpec("reviewer", "str", True, "Who published the review (a fact-checker)."),
        FieldSpec("rating", "str", True, 'The verdict as the reviewer words it ("False").'),
        FieldSpec("rating_value", "number", doc="The verdict on the reviewer's scale."),
        FieldSpec("best_rating", "number", doc="The best value of that scale."),
        FieldSpec("worst_rating", "number", doc="The worst value of that scale."),
        FieldSpec("url", "str", doc="The review's page."),
        FieldSpec("date", "date", doc="When the review was published."),
        FieldSpec("language", "str", doc="Language of the review (BCP 47)."),
        FieldSpec("notes", "str", doc="Free text."),
    ),
}

FIELD_NAMES: dict[str, tuple[str, ...]] = {k: tuple(f.name for f in v) for k, v in FIELDS.items()}


@dataclass(frozen=True)
class KeyPos:
    """Where a key sits: 1-based line, column of the key, column of its value."""

    line: int
    column: int
    value_column: int


@dataclass(frozen=True)
class Origin:
    """Where a record was written: file, header line/column, last line, and its keys."""

    file: str
    line: int
    column: int = 1
    end_line: int = 0
    keys: Mapping[str, KeyPos] = field(default_factory=dict, compare=False, hash=False)

    def at(self, key: str) -> tuple[int, int]:
        """Line and column of a key's value, or of the record header when the key is absent."""
        pos = self.keys.get(key)
        return (pos.line, pos.value_column) if pos else (self.line, self.column)

    def key_at(self, key: str) -> tuple[int, int]:
        pos = self.keys.get(key)
        return (pos.line, pos.column) if pos else (self.line, self.column)


DateLike = str | datetime.date


@dataclass(frozen=True)
class Source:
    id: str
    title: str = ""
    publisher: str = ""
    url: str | None = None
    author: str | None = None
    published: DateLike | None = None
    accessed: DateLike | None = None
    language: str | None = None
    translated_from: str | None = None
    reliability: str | None = None
    archive: str | None = None
    archive_sha256: str | None = None
    cites: tuple[str, ...] = ()
    status: str | None = None
    status_date: DateLike | None = None
    status_note: str | None = None
    notes: str | None = None
    origin: Origin = field(default=Origin("", 0), compare=False, repr=False)
    table: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    kind = "source"


@dataclass(frozen=True)
class Subject:
    id: str
    description: str = ""
    kind: str = "text"
    unit: str | None = None
    unit_aliases: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    time_varying: bool = False
    cardinality: str = "one"
    tolerance: float | None = None
    notes: str | None = None
    origin: Origin = field(default=Origin("", 0), compare=False, repr=False)
    table: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    kind_name = "subject"


@dataclass(frozen=True)
class Claim:
    id: str
    subject: str = ""
    value: Any = None
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    scope: str | None = None
    source: str = ""
    claimant: str | None = None
    via: str | None = None
    date: DateLike | None = None
    as_of: DateLike | None = None
    quote: str = ""
    quote_original: str | None = None
    locator: str | None = None
    confidence: str | int | None = None
    tags: tuple[str, ...] = ()
    notes: str | None = None
    contradicts: tuple[str, ...] = ()
    supports: tuple[str, ...] = ()
    supersedes: str | None = None
    status: str = "active"
    reaffirmed: DateLike | None = None
    origin: Origin = field(default=Origin("", 0), compare=False, repr=False)
    table: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    kind = "claim"

    @property
    def active(self) -> bool:
        """Takes part in conflicts: not a draft, retracted or withdrawn claim."""
        return self.status == "active"


@dataclass(frozen=True)
class Resolution:
    id: str
    claims: tuple[str, ...] = ()
    verdict: str = ""
    preferred: str | None = None
    note: str = ""
    by: str | None = None
    on: DateLike | None = None
    revisit: DateLike | None = None
    fingerprints: Mapping[str, str] = field(default_factory=dict, hash=False)
    judged: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, hash=False)
    origin: Origin = field(default=Origin("", 0), compare=False, repr=False)
    table: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    kind = "resolution"


@dataclass(frozen=True)
class Review:
    """A published fact-check of a claim (ClaimReview): who rated it, and how."""

    id: str
    claim: str = ""
    reviewer: str = ""
    rating: str = ""
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    url: str | None = None
    date: DateLike | None = None
    language: str | None = None
    notes: str | None = None
    origin: Origin = field(default=Origin("", 0), compare=False, repr=False)
    table: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    kind = "review"


def verdict_key(word: str) -> str:
    """A verdict word as the lists below hold it: case-folded, Turkish dotless i as i (Python
    lowers "YANLIŞ" to "yanliş", and "Yanlış" to "yanlış")."""
    return word.strip().casefold().replace("ı", "i")


# Verdict words that say a claim is false (PolitiFact's, Full Fact's, AFP's, Teyit's, ...).
FALSE_RATINGS = frozenset(
    verdict_key(w)
    for w in {
        "false",
        "pants on fire",
        "pants on fire!",
        "incorrect",
        "fake",
        "wrong",
        "untrue",
        "mostly false",
        "falso",
        "yanlış",
        "faux",
        "falsch",
        "fabricated",
        "baseless",
        "not true",
    }
)


TRUE_RATINGS = frozenset(
    verdict_key(w)
    for w in ("true", "correct", "accurate", "mostly true", "verdadero", "vrai", "wahr", "doğru")
)


def rates_false(review: Review) -> bool:
    """The review calls the claim false: a false verdict word, or (a word of neither list)
    the worst value of its scale."""
    word = verdict_key(review.rating)
    if word in FALSE_RATINGS or word in TRUE_RATINGS:
        return word in FALSE_RATINGS
    worst = review.worst_rating if review.worst_rating is not None else None
    return worst is not None and review.rating_value == worst


Record = Source | Subject | Claim | Resolution | Review
RECORD_TYPES: dict[str, type] = {
    "source": Source,
    "subject": Subject,
    "claim": Claim,
    "resolution": Resolution,
    "review": Review,
}


def _builder(cls: type) -> Any:
    """`cls(**values, origin=origin, table=table)`, faster: a frozen dataclass's `__init__`
    sets each of its ~20 fields through `object.__setattr__`; this fills `__dict__` at once,
    in field order, with the same defaults (fresh ones from default factories)."""
    defaults: list[tuple[str, Any]] = []  # (name, default) in field order
    factories = {}
    for f in fields(cls):
        if f.name in ("origin", "table"):
            continue  # always given, last
        defaults.append((f.name, f.default if f.default is not MISSING else None))
        if f.default_factory is not MISSING:
            factories[f.name] = f.default_factory
    assert [f.name for f in fields(cls)][-2:] == ["origin", "table"]
    new = object.__new__

    def build(values: dict[str, Any], origin: Origin, table: Mapping[str, Any]) -> Any:
        obj = new(cls)
        # Key by key, in field order, as `__init__` sets them: the instance dict then keeps
        # sharing its keys with every other record of the class (`__dict__.update` on an
        # empty instance dict would copy a whole table per record: ~90 more bytes each).
        state = obj.__dict__
        for name, default in defaults:
            value = values.get(name, _ABSENT)
            if value is _ABSENT:
                value = factories[name]() if name in factories else default
            state[name] = value
        state["origin"] = origin
        state["table"] = table
        return obj

    return build


def _build_claim(values: dict[str, Any], origin: Origin, table: Mapping[str, Any]) -> Claim:
    """`_builder(Claim)` written out, one line per field in field order, as dataclasses writes
    `__init__` (no loop: 4.9 -> 3.0 us per claim, 200,000 built, best of 5; claims are most
    records). tests/test_cold_check.py holds it to `Claim`'s fields and defaults."""
    obj = _new(Claim)
    state = obj.__dict__  # key by key, in field order: see _builder
    get = values.get
    state["id"] = get("id")
    state["subject"] = get("subject", "")
    state["value"] = get("value")
    state["min"] = get("min")
    state["max"] = get("max")
    state["unit"] = get("unit")
    state["scope"] = get("scope")
    state["source"] = get("source", "")
    state["claimant"] = get("claimant")
    state["via"] = get("via")
    state["date"] = get("date")
    state["as_of"] = get("as_of")
    state["quote"] = get("quote", "")
    state["quote_original"] = get("quote_original")
    state["locator"] = get("locator")
    state["confidence"] = get("confidence")
    state["tags"] = get("tags", ())
    state["notes"] = get("notes")
    state["contradicts"] = get("contradicts", ())
    state["supports"] = get("supports", ())
    state["supersedes"] = get("supersedes")
    state["status"] = get("status", "active")
    state["reaffirmed"] = get("reaffirmed")
    state["origin"] = origin
    state["table"] = table
    return obj


_new = object.__new__
_ABSENT = object()


# Record builders used by the loader (`values` holds only known fields, always `id`).
RECORD_BUILDERS: dict[str, Any] = {kind: _builder(cls) for kind, cls in RECORD_TYPES.items()}
RECORD_BUILDERS["claim"] = _build_claim


def record_kind(record: Record) -> str:
    return "subject" if isinstance(record, Subject) else record.kind  # type: ignore[union-attr]


def record_key(record: Record) -> str:
    """The stable name of a record: ``kind:id``."""
    return f"{record_kind(record)}:{record.id}"


def confidence_score(confidence: str | int | None) -> int | None:
    """Confidence as 0-100 (STIX 2.1 None/Low/Med/High scale: low 15, moderate 50, high 85)."""
    if isinstance(confidence, bool) or confidence is None:
        return None
    if isinstance(confidence, int):
        return confidence if 0 <= confidence <= 100 else None
    return CONFIDENCE_WORDS.get(str(confidence).strip().lower())
