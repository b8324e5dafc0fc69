"""What a TOML syntax error most likely means in a claim file, said in its terms: a figure or
words left unquoted (`value = 50,096`), a record header with one bracket (`[claim]`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimledger.model.records import KINDS

GENERIC_HINT = "fix the TOML at this position; nothing else in this file was loaded"

# `key = rest` on the line of the error, the value not starting as any TOML value does.
_ASSIGNMENT = re.compile(r"^[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*(.*?)[ \t]*(?:#.*)?$")
_FIGURE = re.compile(r"[+-]?\d[\d,.\s]*\d")
_ONE_BRACKET = re.compile(r"^[ \t]*\[[ \t]*(" + "|".join(KINDS) + r")[ \t]*\][ \t]*(?:#.*)?$", re.M)


@dataclass(frozen=True)
class Explained:
    """A syntax error re-told: where, what, and what to write instead."""

    line: int
    column: int
    message: str
    hint: str


def explain(text: str, line: int, column: int, message: str) -> Explained:
    """The error at (line, column) with tomllib's `message`, explained where a common
    mistake fits; otherwise as tomllib says, with the generic hint."""
    lowered = message.lower()
    if "cannot overwrite a value" in lowered or "twice" in lowered:
        header = _ONE_BRACKET.search(text)
        if header and text.count("\n", 0, header.start()) + 1 <= line:
            kind = header.group(1)
            at = text.count("\n", 0, header.start()) + 1
            return Explained(
                at,
                1,
                f"[{kind}] has one bracket: it declares a single table, not a record "
                f"(tomllib: {message} at line {line}, column {column})",
                f"write [[{kind}]]: two brackets start each record",
            )
    lines = text.split("\n", line)  # up to the error's line
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    m = _ASSIGNMENT.match(current)
    if m and m.group(2) and not m.group(2).startswith(('"', "'", "[", "{")):
        key, value = m.group(1), m.group(2)
        if _FIGURE.fullmatch(value) and ("," in value or " " in value):
            hint = f'quote the figure as the source writes it: {key} = "{value}"'
            return Explained(line, column, message, hint)
        if value not in ("true", "false") and not value[:1].isdigit():
            return Explained(line, column, message, f'quote the text: {key} = "{value}"')
    return Explained(line, column, message, GENERIC_HINT)
