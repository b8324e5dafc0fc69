"""What the loader refuses before parsing, so that one hostile file costs bounded time and
memory and the rest of the store is still checked: files over `MAX_FILE_BYTES`, and dotted keys
deeper than `MAX_KEY_DEPTH` (tomllib's time grows with the square of a key's depth: 30,000
levels in 60 KB took 60 s and 5 GB). Light: the disk layer reads files through it.

The key depth is looked for only before tomllib parses (`decode.load_toml`): rtoml refuses
keys deeper than 80 levels by itself, quickly, so every file with a key deeper than the limit
reaches the check, whichever parser would have read it, and the same bytes always get the same
answer (`tests/test_toml_corpus.py` holds rtoml to that).
"""

from __future__ import annotations

import re

from claimledger.model.diagnostics import Diagnostic, Severity

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_KEY_DEPTH = 100  # levels; rtoml refuses more than 80 itself

# A line holding at least MAX_KEY_DEPTH dots (a key deeper than the limit needs that many, on
# one line); only such lines are searched for the key itself.
_MANY_DOTS = re.compile(r"\.(?:[^\n.]*\.)" + f"{{{MAX_KEY_DEPTH - 1}}}")
_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
# A dotted key where keys start: at a line's start (after `[` or `[[`), or in an inline table.
_DEEP_KEY = re.compile(
    rf"(?:^[ \t]*\[{{0,2}}|[{{,])[ \t]*({_PART}(?:[ \t]*\.[ \t]*{_PART}){{{MAX_KEY_DEPTH}}})"
)


def too_large(path: str, data: bytes | str | int) -> Diagnostic | None:
    """The finding for a file (its bytes, its text, or its size) over the size limit."""
    size = data if isinstance(data, int) else len(data)
    if isinstance(data, str) and size * 4 > MAX_FILE_BYTES:  # up to 4 bytes a code point
        size = len(data.encode("utf-8", "surrogatepass"))
    if size <= MAX_FILE_BYTES:
        return None
    return Diagnostic(
        path,
        1,
        1,
        Severity.ERROR,
        "file-too-large",
        f"file is larger than {MAX_FILE_BYTES // 1048576} MiB, the limit for a claim file",
        "split it into smaller files (one per source is the convention); nothing in it was loaded",
    )


class KeyTooDeep(ValueError):
    """A dotted key deeper than MAX_KEY_DEPTH, at its 1-based line and column."""

    def __init__(self, line: int, column: int) -> None:
        super().__init__(f"a dotted key more than {MAX_KEY_DEPTH} levels deep")
        self.line, self.column = line, column


def check_key_depth(text: str) -> None:
    """Raise KeyTooDeep at the first dotted key deeper than the limit."""
    if text.count(".") < MAX_KEY_DEPTH:
        return
    many = _MANY_DOTS.search(text)
    while many:
        start = text.rfind("\n", 0, many.start()) + 1
        end = text.find("\n", many.end())
        end = len(text) if end < 0 else end
        deep = _DEEP_KEY.search(text[start:end])
        if deep:
            raise KeyTooDeep(text.count("\n", 0, start) + 1, deep.start(1) + 1)
        many = _MANY_DOTS.search(text, end)  # the next line with that many dots


def key_too_deep(path: str, exc: KeyTooDeep) -> Diagnostic:
    return Diagnostic(
        path,
        exc.line,
        exc.column,
        Severity.ERROR,
        "key-too-deep",
        str(exc),
        "records need two or three levels; nothing in this file was loaded",
    )
