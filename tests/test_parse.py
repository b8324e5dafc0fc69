"""Loading one file: records with positions, and problems as diagnostics with file:line:col."""

from __future__ import annotations

import datetime

import pytest

from claimledger.model.diagnostics import Severity
from claimledger.model.records import Claim, KeyPos, Source
from claimledger.tomlstore.parse import parse_file
from claimledger.tomlstore.positions import locate_records
from claimledger.tomlstore.writer import format_file, format_text

from .conftest import dedent


def test_records_carry_header_and_key_positions():
    text = dedent(
        """
        # a comment
        [[source]]
        id = "gazette"
        title = "T"
        publisher = "P"

        [[claim]]
          id = "c1"
        subject = "s"
        value = "nearly 70"
        source = "gazette"
        quote = "q"
        confidence = "low"
        """
    )
    parsed = parse_file("a.toml", text)
    assert parsed.diagnostics == ()
    source, claim = parsed.records
    assert isinstance(source, Source) and isinstance(claim, Claim)
    assert (source.origin.line, source.origin.column) == (2, 1)
    assert claim.origin.line == 7
    assert claim.origin.keys["id"] == KeyPos(8, 3, 8)
    assert claim.origin.at("value") == (10, 9)
    assert claim.value == "nearly 70"


def test_header_text_inside_multiline_string_is_not_a_header():
    text = dedent(
        '''
        [[source]]
        id = "s"
        title = "T"
        publisher = "P"
        notes = """
        [[claim]]
        id = "fake"
        """

        [[source]]
        id = "t"
        title = "U"
        publisher = "Q"
        '''
    )
    spans = locate_records(text)
    assert [(s.kind, s.line) for s in spans] == [("source", 1), ("source", 10)]
    parsed = parse_file("a.toml", text)
    assert [r.id for r in parsed.records] == ["s", "t"]
    assert parsed.records[1].origin.at("title") == (12, 9)


def test_syntax_error_has_line_and_column():
    parsed = parse_file("bad.toml", '[[claim]]\nid = "x"\nvalue = "unterminated\n')
    (d,) = parsed.diagnostics
    assert (d.file, d.line, d.column, d.code, d.severity) == (
        "bad.toml",
        3,
        22,
        "toml-syntax",
        Severity.ERROR,
    )
    assert d.message.startswith("TOML syntax error: ")
    assert parsed.records == ()


def test_unknown_field_suggests_the_closest_name():
    parsed = parse_file(
        "a.toml", '[[source]]\nid = "s"\ntitle = "T"\npublisher = "P"\npublishd = "2025"\n'
    )
    (d,) = parsed.diagnostics
    assert (d.line, d.column, d.code) == (5, 1, "unknown-field")
    assert d.hint == "did you mean 'published'?"


def test_wrong_type_points_at_the_value():
    parsed = parse_file(
        "a.toml", '[[subject]]\nid = "a/b"\ndescription = "d"\nkind = "text"\naliases = "x"\n'
    )
    (d,) = parsed.diagnostics
    assert (d.line, d.column, d.code) == (5, 11, "wrong-type")
    assert d.message == "subject field 'aliases' must be an array of strings, not a string"


def test_bad_enum_and_missing_fields():
    parsed = parse_file("a.toml", '[[subject]]\nid = "a"\nkind = "number"\n')
    codes = sorted((d.code, d.line) for d in parsed.diagnostics)
    assert codes == [("bad-enum", 3), ("missing-field", 1)]


def test_bad_ids():
    text = '[[source]]\nid = "Gazette 2025"\ntitle = "T"\npublisher = "P"\n'
    (d,) = parse_file("a.toml", text).diagnostics
    assert (d.code, d.line, d.column) == ("bad-id", 2, 6)
    assert "'gazette-2025'" in d.hint
    slash = parse_file("b.toml", '[[source]]\nid = "a/b"\ntitle = "T"\npublisher = "P"\n')
    assert [d.code for d in slash.diagnostics] == ["bad-id"]
    subject = parse_file("c.toml", '[[subject]]\nid = "a/b"\ndescription = "d"\nkind = "text"\n')
    assert subject.diagnostics == ()
    dots = parse_file("d.toml", '[[subject]]\nid = "a/../b"\ndescription = "d"\nkind = "text"\n')
    assert [d.code for d in dots.diagnostics] == ["bad-id"]


def test_unknown_record_kind_and_table_where_array_belongs():
    parsed = parse_file("a.toml", '[[claims]]\nid = "x"\n\n[source]\nid = "s"\n')
    found = sorted((d.code, d.line) for d in parsed.diagnostics)
    assert found == [("not-array-of-tables", 4), ("unknown-table", 1)]
    assert "did you mean 'claim'?" in parsed.diagnostics[0].hint + parsed.diagnostics[1].hint


def test_toml_dates_and_datetimes_are_dates():
    parsed = parse_file(
        "a.toml",
        '[[source]]\nid = "s"\ntitle = "T"\npublisher = "P"\npublished = 2025-06-13T10:00:00Z\n',
    )
    assert parsed.records[0].published == datetime.date(2025, 6, 13)


def test_encoding_problems():
    bom = parse_file("a.toml", b'\xef\xbb\xbf[[source]]\nid = "s"\ntitle = "T"\npublisher = "P"\n')
    assert [(d.code, d.line) for d in bom.diagnostics] == [("encoding", 1)]
    assert [r.id for r in bom.records] == ["s"]
    bad = parse_file("b.toml", b'[[source]]\nid = "s\xff"\n')
    assert [(d.code, d.line, d.column) for d in bad.diagnostics] == [("encoding", 2, 8)]
    nul = parse_file("c.toml", b'[[source]]\n\nid = "s\x00"\n')
    assert [(d.code, d.line, d.column) for d in nul.diagnostics] == [("encoding", 3, 8)]


def test_merge_markers_one_per_block():
    text = '<<<<<<< HEAD\nid = "a"\n=======\nid = "b"\n>>>>>>> branch\n\n<<<<<<< HEAD\n=======\n>>>>>>> x\n'
    parsed = parse_file("m.toml", text)
    assert [(d.code, d.line) for d in parsed.diagnostics] == [
        ("merge-conflict", 1),
        ("merge-conflict", 7),
    ]


def test_empty_file_is_a_warning():
    (d,) = parse_file("e.toml", "\n\n").diagnostics
    assert (d.code, d.severity) == ("empty-file", Severity.WARNING)


def test_columns_count_code_points_in_arabic_text():
    text = '[[source]]\nid = "s"\ntitle = "الحرة"\npublisher = "P"\npublishd = 1\n'
    parsed = parse_file("a.toml", text)
    (d,) = parsed.diagnostics
    assert (d.line, d.column) == (5, 1)
    assert parsed.records[0].origin.at("publisher") == (4, 13)


def test_claims_in_a_file_of_one_source_take_that_source():
    text = dedent(
        """
        [[source]]
        id = "gazette"
        title = "T"
        publisher = "P"

        [[claim]]
        id = "c1"
        subject = "s"
        value = 70
        quote = "q"
        confidence = "low"

        [[claim]]
        id = "c2"
        subject = "s"
        source = "other"
        value = 70
        quote = "q"
        confidence = "low"
        """
    )
    parsed = parse_file("sources/gazette.toml", text)
    assert parsed.diagnostics == ()
    _, c1, c2 = parsed.records
    assert (c1.source, c2.source) == ("gazette", "other")  # what is written wins
    assert c1.origin.at("source") == (6, 1)  # not written: the record's header
    assert format_text(text).count("source = ") == 1  # fmt keeps what the user wrote
    two = text.replace(
        '[[claim]]\nid = "c1"',
        '[[source]]\nid = "x"\ntitle = "T"\npublisher = "P"\n\n[[claim]]\nid = "c1"',
    )
    codes = [(d.code, d.message) for d in parse_file("a.toml", two).diagnostics]
    assert codes == [("missing-field", "[[claim]] has no 'source'")]


@pytest.mark.parametrize(
    ("text", "where", "hint"),
    [
        (
            '[[claim]]\nid = "c1"\nvalue = 50,096\n',
            (3, 11),
            'quote the figure as the source writes it: value = "50,096"',
        ),
        ('[[claim]]\nid = "c1"\nvalue = about 70\n', (3, 9), 'quote the text: value = "about 70"'),
        (
            '[claim]\nid = "c0"\n\n[[claim]]\nid = "c1"\n',
            (1, 1),
            "write [[claim]]: two brackets start each record",
        ),
        (
            '[[source]]\nid = "s"\n[source]\nid = "t"\n',
            (3, 1),
            "write [[source]]: two brackets start each record",
        ),
        (
            "[[claim]]\nid = \n",
            (2, 6),
            "fix the TOML at this position; nothing else in this file was loaded",
        ),
    ],
)
def test_syntax_errors_say_what_to_write(text, where, hint):
    (d,) = parse_file("a.toml", text).diagnostics
    assert ((d.line, d.column), d.hint) == (where, hint)


def test_a_one_bracket_header_is_named():
    (d,) = parse_file("a.toml", '[claim]\nid = "c0"\n\n[[claim]]\nid = "c1"\n').diagnostics
    assert d.message == (
        "TOML syntax error: [claim] has one bracket: it declares a single table, not a record "
        "(tomllib: cannot overwrite a value at line 4, column 8)"
    )


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ('[[claim]]\nid = "c1"\n'.encode("utf-16"), "UTF-16 (little-endian)"),
        ('[[claim]]\nid = "c1"\n'.encode("utf-16-be"), "UTF-16 (big-endian)"),
        ('[[claim]]\nid = "c1"\n'.encode("utf-16-le"), "UTF-16 (little-endian)"),
    ],
)
def test_a_utf16_file_is_named_as_such(data, named):
    (d,) = parse_file("a.toml", data).diagnostics
    assert (d.line, d.column, d.code, d.message) == (
        1,
        1,
        "encoding",
        f"file is {named}, not UTF-8",
    )


def test_fmt_says_a_syntax_error_as_check_does(tmp_path):
    path = tmp_path / "case.toml"
    path.write_text('[[claim]]\nid = "c1"\nvalue = 50,096\n')
    result = format_file(path)
    assert result.fatal and result.problem == (
        "not formatted: TOML syntax error: expected newline or end of document after a "
        'statement at line 3, column 11 (quote the figure as the source writes it: value = "50,096")'
    )
