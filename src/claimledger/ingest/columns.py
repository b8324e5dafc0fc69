"""Spreadsheet columns mapped to record fields: by name, case-insensitively, with the synonyms
newsrooms use ("statement" -> quote, "outlet" -> publisher), or as `--map COLUMN=FIELD` says
(`COLUMN=-` leaves a column out)."""

from __future__ import annotations

import re

CLAIM_FIELDS = (
    "id", "subject", "value", "min", "max", "unit", "scope", "source", "date", "as_of",
    "quote", "quote_original", "locator", "confidence", "tags", "notes", "status",
)  # fmt: skip
# Fields of the claim's source, when the source is created from the row.
SOURCE_FIELDS = ("title", "publisher", "url", "author", "published", "reliability", "language")
SKIP = "-"

SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("claim id",),
    "subject": ("subject id", "topic"),
    "value": ("figure", "number", "amount"),
    "unit": ("units",),
    "as_of": ("as of", "valid as of"),
    "date": ("claim date", "date said", "date of claim"),
    "quote": ("statement", "claim text", "claim", "quotation", "text"),
    "locator": ("page", "paragraph", "location"),
    "tags": ("tag", "labels"),
    "notes": ("note", "comment", "comments"),
    "source": ("source id",),
    "title": ("headline", "source title", "article title"),
    "publisher": ("outlet", "publication", "site", "site name", "news outlet"),
    "url": ("link", "source url", "source link", "address"),
    "author": ("byline", "authors", "writer"),
    "published": ("date published", "publication date", "pub date", "published on"),
    "language": ("lang",),
}


def normal(header: str) -> str:
    """A header as compared: lowercase, `_` and `-` as spaces, runs of spaces as one."""
    return re.sub(r"\s+", " ", re.sub(r"[_\-]+", " ", header.strip().lower())).strip()


def _lookup() -> dict[str, str]:
    names = {normal(f): f for f in (*CLAIM_FIELDS, *SOURCE_FIELDS)}
    for field, words in SYNONYMS.items():
        names.update({normal(w): field for w in words})
    return names


def parse_maps(maps: tuple[str, ...]) -> dict[str, str]:
    """`--map COLUMN=FIELD` options as {normal column: field}; a bad one raises ValueError."""
    known = {*CLAIM_FIELDS, *SOURCE_FIELDS, SKIP}
    out = {}
    for item in maps:
        column, sep, field = item.rpartition("=")
        field = field.strip()
        if not sep or not column.strip():
            raise ValueError(f"--map {item!r}: write COLUMN=FIELD (or COLUMN=- to leave it out)")
        if field not in known:
            fields = ", ".join((*CLAIM_FIELDS, *SOURCE_FIELDS))
            raise ValueError(f"--map {item!r}: {field!r} is no field; fields: {fields}")
        out[normal(column)] = field
    return out


def map_headers(headers: tuple[str, ...], maps: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """{header: field} for every header kept, and the headers that map to no field."""
    names = _lookup()
    mapped: dict[str, str] = {}
    unknown: list[str] = []
    for header in headers:
        field = maps.get(normal(header)) or names.get(normal(header))
        if field is None:
            unknown.append(header)
        elif field != SKIP:
            mapped[header] = field
    return mapped, unknown
