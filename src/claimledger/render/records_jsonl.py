"""Records as a stream of text: JSON Lines (one object a line) and a JSON array written piece
by piece, so that no command holds every row, or the whole document, at once.

`claims list --format jsonl|json` and `sources`/`subjects --format jsonl` write through these;
`write_claims_jsonl` is the claim writer an export reuses.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from claimledger.model.records import Claim
from claimledger.render.records import claim_json
from claimledger.tomlstore.store import Store

# One encoder each, made once: `json.dumps` with options builds a new encoder per call.
_PRETTY = json.JSONEncoder(ensure_ascii=False, indent=2)
_LINE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def json_array_chunks(rows: Iterable[Any]) -> Iterator[str]:
    """The text of `json.dumps(list(rows), ensure_ascii=False, indent=2)`, one row at a time.

    JSON strings never hold a raw newline, so indenting a row's own text by two spaces after
    each newline is exactly how the whole list would indent it."""
    first = True
    for row in rows:
        yield ("[\n  " if first else ",\n  ") + _PRETTY.encode(row).replace("\n", "\n  ")
        first = False
    yield "[]" if first else "\n]"


def jsonl_lines(rows: Iterable[Any]) -> Iterator[str]:
    """One compact JSON object a line, each ending in a newline (UTF-8 text, not escaped)."""
    for row in rows:
        yield _LINE.encode(row) + "\n"


def claim_rows(claims: Iterable[Claim], refs: Store, language: str | None) -> Iterator[Any]:
    """`claim_json` of each claim as it comes; `refs` need only hold the sources and subjects."""
    for claim in claims:
        yield claim_json(claim, refs, language)


def write_claims_jsonl(
    claims: Iterable[Claim], refs: Store, language: str | None, write: Callable[[str], Any]
) -> int:
    """Each claim as one JSON Lines row through `write`, as it comes; the number written."""
    count = 0
    for line in jsonl_lines(claim_rows(claims, refs, language)):
        write(line)
        count += 1
    return count
