"""One file's bytes -> TOML data, and the problems of the text itself: encoding, merge
markers, syntax errors (at tomllib's line and column), with rtoml where it is provably the same.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from claimledger.model.diagnostics import Diagnostic, Severity
from claimledger.tomlstore.limits import check_key_depth
from claimledger.tomlstore.positions import LineIndex, string_regions
from claimledger.tomlstore.syntax_hints import explain

try:
    import rtoml
except ImportError:  # pragma: no cover - a declared dependency; tomllib still works
    rtoml = None

BOM_MESSAGE = "file starts with a byte-order mark"  # reported, but the file still loads
_SYNTAX_POS = re.compile(r"\(at line (\d+), column (\d+)\)")
_MARKERS = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: .*)?$", re.M)

# rtoml (Rust) parses ~10x faster than tomllib and gives the same dicts for TOML 1.0, but it
# also accepts TOML 1.1 (inline tables over several lines, \x and \e escapes, times without
# seconds) and returns its own tzinfo class; it keeps a CR LF inside a multi-line string where
# tomllib reads LF (so a file with CR goes to rtoml only when every CR ends a line and it has
# no multi-line string), skips a second byte-order mark, and orders a table defined by a `[a]`
# header after its sub-tables differently. Files that could touch any of these go to tomllib,
# as does every file rtoml rejects, so errors keep tomllib's "(at line N, column M)".
# tests/test_toml_corpus.py holds the rule against the toml-test corpus and a key-order fuzz.
_TOML_1_1_ESCAPE = re.compile(r"\\[xXeE]")
# A `[table]` header (not `[[array]]`) at the start of a line, indented or not.
_TABLE_HEADER = re.compile(r"\n[ \t]*\[(?!\[)")
_FIRST_TABLE_HEADER = re.compile(r"[ \t]*\[(?!\[)")


def _rtoml_safe(text: str) -> bool:
    # Plain `in` and `find` first: a regex over 40 MB of text costs a second.
    if text.startswith("\ufeff") or ("\r" in text and not _plain_crlf(text)):
        return False
    if "{" in text and _inline_table_possible(text):
        return False
    if "\\" in text and _TOML_1_1_ESCAPE.search(text):
        return False
    if "[" in text and (_FIRST_TABLE_HEADER.match(text) or _TABLE_HEADER.search(text)):
        return False
    i = text.find(":")
    while i >= 0:
        if text[i - 1 : i].isdigit() and text[i + 1 : i + 2].isdigit():
            return False  # a time or date-time, maybe with an offset or without seconds
        i = text.find(":", i + 1)
    return True


def _plain_crlf(text: str) -> bool:
    """CR only in CR LF line endings, and no multi-line string for one to fall inside."""
    return text.count("\r") == text.count("\r\n") and '"""' not in text and "'''" not in text


def _inline_table_possible(text: str) -> bool:
    """Whether some `{` may open an inline table. One that follows a `#` on its line with no
    quote before it is inside a comment or a string: a `#` outside strings starts a comment,
    and a string holding the `#` could end before the `{` only at a quote."""
    i = text.find("{")
    while i >= 0:
        prefix = text[text.rfind("\n", 0, i) + 1 : i]
        if "#" not in prefix or '"' in prefix or "'" in prefix:
            return True
        i = text.find("{", i + 1)
    return False


def load_toml(text: str) -> dict[str, Any]:
    """`tomllib.loads(text)`, faster: the same dict or the same exception; `KeyTooDeep` for a
    dotted key deeper than `limits.MAX_KEY_DEPTH` (tomllib would take minutes)."""
    if rtoml is not None and _rtoml_safe(text):
        try:
            return rtoml.loads(text)  # type: ignore[no-any-return]
        except Exception:  # tomllib gives the message (or accepts the text)
            pass
    check_key_depth(text)
    return tomllib.loads(text)


def decode(path: str, data: bytes | str) -> tuple[str | None, list[Diagnostic]]:
    """Bytes -> text; invalid UTF-8 and NUL bytes are reported with their line."""
    if isinstance(data, str):
        text = data
    else:
        utf16 = _utf16(data)
        if utf16:
            message = f"file is UTF-16 ({utf16}), not UTF-8"
            hint = "save it as UTF-8 (in most editors: Save with Encoding > UTF-8)"
            return None, [_encoding(path, 1, 1, message, hint)]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            start = data.rfind(b"\n", 0, exc.start) + 1  # the line so far is valid UTF-8:
            col = len(data[start : exc.start].decode("utf-8")) + 1  # count code points
            message = f"invalid UTF-8 byte 0x{data[exc.start]:02x}"
            return None, [_encoding(path, line, col, message, "save the file as UTF-8")]
    problems: list[Diagnostic] = []
    if text.startswith("\ufeff"):
        text = text[1:]
        hint = "save as UTF-8 without BOM (`claims fmt` removes it)"
        problems.append(_encoding(path, 1, 1, BOM_MESSAGE, hint))
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        col = nul - (text.rfind("\n", 0, nul) + 1) + 1
        hint = "remove the NUL byte; claim files are text"
        return None, [*problems, _encoding(path, line, col, "NUL byte in file", hint)]
    return text, problems


def _utf16(data: bytes) -> str:
    """ "little-endian" or "big-endian" when the bytes look like UTF-16 text: its byte-order
    mark, or (without one) a NUL byte beside each character of mostly ASCII text."""
    if data.startswith(b"\xff\xfe"):
        return "little-endian"
    if data.startswith(b"\xfe\xff"):
        return "big-endian"
    head = data[:512]
    if len(head) < 4 or head.count(0) * 3 < len(head):
        return ""
    if head[1::2].count(0) * 10 >= len(head[1::2]) * 9:
        return "little-endian"
    if head[0::2].count(0) * 10 >= len(head[0::2]) * 9:
        return "big-endian"
    return ""


def _encoding(path: str, line: int, col: int, message: str, hint: str) -> Diagnostic:
    return Diagnostic(path, line, col, Severity.ERROR, "encoding", message, hint)


def merge_markers(path: str, text: str) -> list[Diagnostic]:
    """One diagnostic per `<<<<<<<` ... `>>>>>>>` block left by an unfinished git merge."""
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return []
    found = [
        _marker(
            path,
            text,
            m.start(),
            "unresolved git merge conflict (<<<<<<< ... >>>>>>>)",
            "keep the lines you want between the markers, delete the markers, then `git add`",
        )
        for m in _MARKERS.finditer(text)
        if m.group(1).startswith("<")
    ]
    stray = _MARKERS.search(text) if not found else None
    if stray:
        found.append(
            _marker(
                path,
                text,
                stray.start(),
                "stray git merge-conflict marker",
                "finish the merge: delete the marker lines",
            )
        )
    return found


def _marker(path: str, text: str, offset: int, message: str, hint: str) -> Diagnostic:
    line = text.count("\n", 0, offset) + 1
    return Diagnostic(path, line, 1, Severity.ERROR, "merge-conflict", message, hint)


def syntax_error(path: str, exc: tomllib.TOMLDecodeError, source: str = "") -> Diagnostic:
    msg = str(exc)
    m = _SYNTAX_POS.search(msg)
    line, col = (int(m.group(1)), int(m.group(2))) if m else _end_position(source)
    text = _SYNTAX_POS.sub("", msg).strip()
    said = explain(source, line, col, f"{text[:1].lower()}{text[1:]}")
    return Diagnostic(
        path,
        said.line,
        said.column,
        Severity.ERROR,
        "toml-syntax",
        f"TOML syntax error: {said.message}",
        said.hint,
    )


def _end_position(text: str) -> tuple[int, int]:
    """Where "(at end of document)" points: an unclosed multi-line string's opening quotes,
    else the end of the text (tomllib gives no line for these)."""
    regions = string_regions(text)
    unclosed = regions and regions[-1][1] >= len(text)
    offset = regions[-1][0] if unclosed else len(text.rstrip())
    return LineIndex(text).position(offset)


def unparsable(path: str, exc: Exception) -> Diagnostic:
    what = "values nested too deeply" if isinstance(exc, RecursionError) else str(exc)
    return Diagnostic(
        path,
        1,
        1,
        Severity.ERROR,
        "toml-syntax",
        f"TOML cannot be read: {what}",
        "simplify the file; nothing in this file was loaded",
    )


def is_blank(text: str) -> bool:
    """Only what TOML counts as whitespace and newlines: space, tab, LF and CR LF. Form feed,
    a lone CR, U+00A0 and the like are not (`str.strip` removes them; tomllib rejects them)."""
    return not text.strip(" \t\r\n") and text.count("\r") == text.count("\r\n")


def has_comment(text: str) -> bool:
    return "#" in text and any(
        line.lstrip().startswith("#") or " #" in line or "\t#" in line for line in text.splitlines()
    )
