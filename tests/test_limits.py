"""Pathological files cost bounded time and memory and end in one clear finding; the limits
are the same whichever parser (rtoml or tomllib) would have read the file."""

from __future__ import annotations

import time

import pytest

from claimledger.tomlstore.decode import load_toml
from claimledger.tomlstore.limits import MAX_FILE_BYTES, MAX_KEY_DEPTH, KeyTooDeep
from claimledger.tomlstore.parse import UNKNOWN_KINDS_SHOWN, parse_file
from claimledger.tomlstore.writer import format_file

rtoml = pytest.importorskip("rtoml")


def _timed(text: str | bytes):
    start = time.perf_counter()
    parsed = parse_file("case.toml", text)
    return parsed, time.perf_counter() - start


def test_thousands_of_unknown_keys_are_found_in_one_pass():
    # the file: 7,251 unknown keys in 400 KB took 36.9 s
    text = "".join(
        f"unknown_key_number_{i:05d} = 'some value of a line, long'\n" for i in range(7_251)
    )
    assert 380_000 < len(text) < 430_000
    parsed, seconds = _timed(text)
    found = [(d.line, d.column, d.code) for d in parsed.diagnostics]
    assert found == [(i, 1, "unknown-table") for i in range(1, UNKNOWN_KINDS_SHOWN + 2)]
    assert parsed.diagnostics[0].message == "unknown record kind 'unknown_key_number_00000'"
    assert parsed.diagnostics[-1].message.startswith("7231 more unknown top-level names")
    assert seconds < 2


def test_unknown_keys_are_placed_at_their_own_line():
    text = '[[source]]\nid = "s"\ntitle = "T"\npublisher = "P"\n\n[extra]\n"quoted key" = 1\n'
    text = "top = 1\n" + text
    found = [(d.line, d.message) for d in parse_file("case.toml", text).diagnostics]
    assert found == [(1, "unknown record kind 'top'"), (7, "unknown record kind 'extra'")]


@pytest.mark.parametrize("where", ["x{} = 1\n", "[x{}]\n", "[[x{}]]\n", "q = {{ x{} = 1 }}\n"])
def test_a_key_30000_levels_deep_is_refused_at_once(where):
    parsed, seconds = _timed("ok = 1\n" + where.format(".a" * 30_000))
    assert [(d.line, d.code) for d in parsed.diagnostics] == [(2, "key-too-deep")]
    assert "more than 100 levels" in parsed.diagnostics[0].message
    assert seconds < 1


@pytest.mark.parametrize("to_tomllib", ["", "# 10:30\n", "a = {b = 1}\n"])
def test_the_depth_limit_is_the_same_through_either_parser(to_tomllib):
    """`10:30` and an inline table send a file to tomllib; without them rtoml reads it."""
    at_limit = to_tomllib + "x" + ".a" * (MAX_KEY_DEPTH - 1) + " = 1\n"
    assert parse_file("case.toml", at_limit).diagnostics[-1].code == "unknown-table"
    with pytest.raises(KeyTooDeep):
        load_toml(to_tomllib + "x" + ".a" * MAX_KEY_DEPTH + " = 1\n")


def test_rtoml_refuses_keys_deeper_than_the_limit_by_itself():
    """The premise of checking depth only before tomllib: what rtoml accepts is within it."""
    with pytest.raises(Exception, match="recursion limit"):
        rtoml.loads("x" + ".a" * MAX_KEY_DEPTH + " = 1\n")


def test_dots_in_prose_are_not_a_deep_key():
    quote = "Yes. No. Maybe. " * 200 + "a.b." * 200
    parsed = parse_file("case.toml", f'[[source]]\nid = "s"\ntitle = "{quote}"\npublisher = "P"\n')
    assert parsed.diagnostics == () and len(parsed.records) == 1


def test_a_file_over_the_size_limit_is_refused_unparsed(tmp_path):
    text = '[[source]]\nid = "s"\ntitle = "T"\npublisher = "P"\n' + "#" * MAX_FILE_BYTES
    parsed, seconds = _timed(text)
    assert [(d.line, d.column, d.code) for d in parsed.diagnostics] == [(1, 1, "file-too-large")]
    assert parsed.diagnostics[0].message == (
        "file is larger than 16 MiB, the limit for a claim file"
    )
    assert parsed.records == () and seconds < 1
    path = tmp_path / "big.toml"
    path.write_text(text)
    result = format_file(path)
    assert result.fatal and "larger than 16 MiB" in result.problem
    assert path.read_text() == text
