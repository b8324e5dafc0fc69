"""The loader against the official TOML 1.0 test corpus (toml-lang/toml-test, MIT, vendored
under tests/toml_test/ with its LICENSE and file list): every valid file loads to exactly
tomllib's data (same values, same types, same key order), every invalid one is an error at a
line and column (tomllib's, where tomllib gives one). The loader uses rtoml where that is
provably the same as tomllib (`tomlstore/decode.py`); these tests are that proof's witnesses.
"""

from __future__ import annotations

import random
import re
import tomllib
from pathlib import Path

import pytest

from claimledger.tomlstore.decode import decode, load_toml
from claimledger.tomlstore.parse import parse_file

CORPUS = Path(__file__).parent / "toml_test"
LISTED = (CORPUS / "files-toml-1.0.0").read_text(encoding="utf-8").split()
VALID = sorted(p for p in LISTED if p.startswith("valid/") and p.endswith(".toml"))
INVALID = sorted(p for p in LISTED if p.startswith("invalid/") and p.endswith(".toml"))
_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def test_the_corpus_is_complete():
    assert (len(VALID), len(INVALID)) == (210, 499)
    assert all((CORPUS / p).is_file() for p in VALID + INVALID)
    assert "MIT License" in (CORPUS / "LICENSE").read_text(encoding="utf-8")


def _through_the_loader(data: bytes):
    text, problems = decode("case.toml", data)
    assert text is not None and all(p.code == "encoding" for p in problems)
    return load_toml(text)


@pytest.mark.parametrize("name", VALID)
def test_valid_file_loads_to_tomllibs_data(name):
    data = (CORPUS / name).read_bytes()
    want = tomllib.loads(data.decode("utf-8-sig"))  # TOML allows one leading BOM
    # repr, not ==: 1 == 1.0 == True, and dicts compare equal in any key order
    assert repr(_through_the_loader(data)) == repr(want)


@pytest.mark.parametrize("name", VALID)
def test_valid_file_with_crlf_line_endings_loads_to_tomllibs_data(name):
    """The same files with CR LF endings: rtoml reads those without multi-line strings."""
    text = (CORPUS / name).read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    text = text.replace("\n", "\r\n")
    try:
        want = repr(tomllib.loads(text))
    except tomllib.TOMLDecodeError:  # a CR in a comment or string is a control character
        with pytest.raises(tomllib.TOMLDecodeError):
            load_toml(text)
        return
    assert repr(load_toml(text)) == want


@pytest.mark.parametrize("name", INVALID)
def test_invalid_file_is_an_error_at_a_position(name):
    data = (CORPUS / name).read_bytes()
    parsed = parse_file(name, data)
    assert parsed.records == ()
    # a leading byte-order mark is reported but is not what makes these files invalid
    real = [
        d
        for d in parsed.diagnostics
        if d.code in ("toml-syntax", "encoding")
        and d.message != "file starts with a byte-order mark"
    ]
    assert real, parsed.diagnostics
    assert all(d.line >= 1 and d.column >= 1 for d in real)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        assert real[0].code == "encoding"
        return
    with pytest.raises((tomllib.TOMLDecodeError, ValueError, RecursionError)) as caught:
        tomllib.loads(text)
    at = _AT.search(str(caught.value))
    if at and real[0].code == "toml-syntax":
        assert (real[0].line, real[0].column) == (int(at[1]), int(at[2]))


@pytest.mark.parametrize(
    "text",
    [
        'a = """x\r\ny"""\r\n',  # CR LF inside multi-line strings: tomllib reads LF
        "a = '''x\r\ny'''\r\n",
        'a = """x\r\ny"""\r\nb = "10:30" # a time sent such files to tomllib before\r\n',
        "[a.b]\n[c]\n[a]\n",  # a table defined after its sub-table: tomllib's key order
        "  [a.b]\n[c]\n\t[a]\nx = 1\n",
        "[a.b]\n[[c]]\n[a]\n",
        "# {a comment with braces}\nq = 'text'\n",  # narrowed: a `{` in a comment is fine
        'q = ["#", {a = 1}]\n',  # but not a `{` after a `#` inside a string
    ],
)
def test_the_loader_gives_tomllibs_data(text):
    assert repr(load_toml(text)) == repr(tomllib.loads(text))


@pytest.mark.parametrize(
    ("data", "position"),
    [
        (b"\xef\xbb\xbf\xef\xbb\xbfa = 1\n", (1, 1)),  # two byte-order marks
        (b"\x0c\n", (1, 1)),  # form feed
        (b"\x0b", (1, 1)),  # vertical tab
        (b"\n\r", (2, 1)),  # a lone CR
        ("\u00a0\n".encode(), (1, 1)),
        ("\n\u3000".encode(), (2, 1)),
        (b"\x1c\x1d\x1e\x1f", (1, 1)),
    ],
)
def test_what_toml_does_not_allow_is_a_syntax_error(data, position):
    parsed = parse_file("case.toml", data)
    syntax = [d for d in parsed.diagnostics if d.code == "toml-syntax"]
    assert [(d.line, d.column) for d in syntax] == [position]


@pytest.mark.parametrize("data", [b"", b"\n \t\n", b"\r\n\r\n  \r\n", b"\xef\xbb\xbf\n"])
def test_toml_whitespace_alone_is_an_empty_file(data):
    parsed = parse_file("case.toml", data)
    assert "empty-file" in [d.code for d in parsed.diagnostics]
    assert "toml-syntax" not in [d.code for d in parsed.diagnostics]


_NAMES = ["a", "b", "c", "a.b", "b.c", "a.c", "c.a.b"]


def _random_document(rnd: random.Random) -> str:
    lines = []
    for _ in range(rnd.randint(1, 7)):
        r, name = rnd.random(), rnd.choice(_NAMES)
        if r < 0.35:
            lines.append(f"[[{name}]]")
        elif r < 0.5:
            lines.append(f"[{name}]")
        else:
            lines.append(f"{name} = {rnd.randint(0, 9)}")
    return "\n".join(lines) + "\n"


def _same_as_tomllib(count: int, seed: int) -> int:
    """Random documents of headers and dotted keys: the loader's data is tomllib's."""
    rnd, compared = random.Random(seed), 0
    for _ in range(count):
        text = _random_document(rnd)
        try:
            want = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            continue
        assert repr(load_toml(text)) == repr(want), text
        compared += 1
    return compared


def test_key_order_matches_tomllib_on_random_documents():
    assert _same_as_tomllib(3_000, seed=1) > 1_000


@pytest.mark.slow
def test_key_order_matches_tomllib_on_many_random_documents():
    assert _same_as_tomllib(200_000, seed=2) > 90_000
