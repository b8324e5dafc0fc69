"""Fuzz targets: the loader (bytes -> diagnostics, checks, fmt) and the value parser.

Each target takes bytes and must return normally for every input; an exception escaping is
a bug. Used by `fuzz/run.py` (built-in mutation fuzzer, no extra dependency) and by atheris.
"""

from __future__ import annotations

import datetime
import tomllib

from claimledger.checks.validation import CheckContext, run_checks
from claimledger.model.dates import find_dates, parse_date
from claimledger.model.diagnostics import CODES
from claimledger.model.quantities import find_quantities, parse_quantity
from claimledger.model.values import parse_boolean
from claimledger.tomlstore.parse import parse_file
from claimledger.tomlstore.store import load_texts
from claimledger.tomlstore.writer import Unformattable, format_text

TODAY = datetime.date(2026, 11, 21)
CONTEXT = CheckContext(TODAY, lambda name: "An archived text. About 120 people live here.")
NEIGHBOUR = b"""[[source]]
id = "gazette"
title = "T"
publisher = "P"
published = "2025-01"

[[subject]]
id = "city/population"
description = "How many?"
kind = "quantity"
unit = "people"

[[claim]]
id = "c1"
subject = "city/population"
source = "gazette"
value = "about 120"
quote = "About 120 people live here."
confidence = "moderate"
"""


def loader(data: bytes) -> None:
    """Parse, load beside a valid file, run every check, and format when the text parses."""
    parsed = parse_file("fuzz.toml", data)
    lines = data.count(b"\n") + 1
    for d in parsed.diagnostics:
        assert d.code in CODES, d
        assert 1 <= d.line <= lines + 1 and d.column >= 1, d
    store = load_texts({"fuzz.toml": data, "other.toml": NEIGHBOUR})
    for d in run_checks(store, CONTEXT):
        assert d.code in CODES, d
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
    try:
        tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return
    try:
        out = format_text(text)
    except Unformattable:
        return
    assert _same(tomllib.loads(out)) == _same(tomllib.loads(text)), "fmt changed the data"


def _same(value: object) -> object:
    """A comparable form: NaN equals NaN (fmt keeps `nan`; `nan != nan` in Python)."""
    if isinstance(value, float) and value != value:
        return "<nan>"
    if isinstance(value, dict):
        return {k: _same(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_same(v) for v in value]
    return value


def values(data: bytes) -> None:
    """Every entry point of the value parser, on any text; a value or a ValueProblem."""
    text = data.decode("utf-8", errors="replace")
    parse_quantity(text)
    parse_quantity(text, 0.25)
    parse_date(text)
    parse_date(text, TODAY)
    parse_boolean(text)
    for start, end, _ in find_quantities(text) + find_dates(text):
        assert 0 <= start <= end <= len(text)


TARGETS = {"loader": loader, "values": values}
