"""`claims fmt` on one file: its canonical text, or why it is left as written."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from claimledger.tomltext import decode, merge_markers
from claimledger.writer import Unformattable, format_text


@dataclass(frozen=True)
class FormatResult:
    old: str
    new: str
    problem: str = ""
    fatal: bool = False  # the file is broken (fix it first), not merely left alone


def format_file(path: Path) -> FormatResult:
    """Read and format one file; never raises on bad content."""
    if path.is_symlink():
        return FormatResult("", "", "is a symlink; not formatted", fatal=False)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FormatResult("", "", f"cannot read: {exc.strerror or exc}", fatal=True)
    text, problems = decode(str(path), data)
    if text is None:
        return FormatResult("", "", f"not formatted: {problems[-1].message}", fatal=True)
    old = data.decode("utf-8")
    if merge_markers(str(path), text):
        return FormatResult(old, old, "not formatted: finish the git merge first", fatal=True)
    if not text.strip():
        return FormatResult(old, old)
    try:
        return FormatResult(old, format_text(text.replace("\r\n", "\n")))
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:  # tomllib raises all 3
        return FormatResult(old, old, f"not formatted: TOML syntax error: {exc}", fatal=True)
    except Unformattable as exc:
        return FormatResult(
            old, old, f"left untouched: {exc.reason} (line {exc.line}); formatting would lose it"
        )
