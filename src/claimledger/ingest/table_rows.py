"""A spreadsheet export read into rows of cells, each cell at its line and column.

CSV and TSV (a header row, then one record per row; quoted cells may span lines) and JSON
Lines (one object per line; its keys are the columns). Bad input -- not UTF-8, a ragged row,
a line that is not a JSON object -- is a `RowProblem` at its line and column, never a guess.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

FORMATS = ("csv", "tsv", "jsonl")


@dataclass(frozen=True)
class RowProblem:
    """Something wrong with the input at a line (1-based) and column (1-based cell index)."""

    line: int
    column: int
    message: str


@dataclass(frozen=True)
class Row:
    """One record of the input: the line it starts on and its cells by header, with columns."""

    line: int
    cells: dict[str, tuple[int, str]]  # header -> (column, text)


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    problems: tuple[RowProblem, ...]


def format_of(name: str, given: str | None) -> str:
    """The format named, else the file's extension (csv when it says nothing)."""
    if given:
        return given
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return {"tsv": "tsv", "tab": "tsv", "jsonl": "jsonl", "ndjson": "jsonl"}.get(ext, "csv")


def decode_text(data: bytes) -> tuple[str | None, RowProblem | None]:
    """UTF-8 text (a byte-order mark dropped), or where the first byte that is not UTF-8 sits."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), None
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, RowProblem(
            line,
            column,
            f"not UTF-8 (byte 0x{data[exc.start]:02x}); the file is in another encoding "
            "(Windows-1252? Latin-1?): save it as UTF-8 (Excel: 'CSV UTF-8') and import again",
        )


def read_table(data: bytes, fmt: str) -> Table:
    """The rows of a CSV, TSV or JSON Lines file."""
    text, problem = decode_text(data)
    if text is None:
        return Table((), (), (problem,) if problem else ())
    if fmt == "jsonl":
        return _read_jsonl(text)
    return _read_delimited(text, "\t" if fmt == "tsv" else ",")


def _read_delimited(text: str, delimiter: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems: list[RowProblem] = []
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return Table((), (), (RowProblem(1, 1, "no header row: the file is empty"),))
    headers = tuple(h.strip() for h in header)
    rows: list[Row] = []
    start = reader.line_num + 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                if len(cells) != len(headers):
                    problems.append(_ragged(start, len(cells), len(headers)))
                else:
                    rows.append(Row(start, _cells(headers, cells)))
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(RowProblem(start, 1, f"not readable as CSV: {exc}"))
    return Table(headers, tuple(rows), tuple(problems))


def _cells(headers: tuple[str, ...], cells: list[str]) -> dict[str, tuple[int, str]]:
    return {h: (i, c.strip()) for i, (h, c) in enumerate(zip(headers, cells, strict=True), 1)}


def _ragged(line: int, found: int, expected: int) -> RowProblem:
    column = min(found, expected) + 1
    return RowProblem(
        line,
        column,
        f"ragged row: {found} cells where the header has {expected} "
        "(a stray delimiter or a missing quote?)",
    )


def _read_jsonl(text: str) -> Table:
    rows: list[Row] = []
    problems: list[RowProblem] = []
    headers: dict[str, None] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(RowProblem(number, exc.colno, f"not JSON: {exc.msg}"))
            continue
        if not isinstance(data, dict):
            problems.append(RowProblem(number, 1, "not a JSON object (one record per line)"))
            continue
        cells = {}
        for key, value in data.items():
            column = line.find(json.dumps(key, ensure_ascii=False)) + 1 or 1
            cells[str(key)] = (column, _jsonl_text(value))
            headers.setdefault(str(key), None)
        rows.append(Row(number, cells))
    return Table(tuple(headers), tuple(rows), tuple(problems))


def _jsonl_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
