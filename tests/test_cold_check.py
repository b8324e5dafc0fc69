"""The cold `check`'s shortcuts give what the plain code gives (docs/performance.md)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from claimledger.model import claim_value as cv
from claimledger.model.records import RECORD_BUILDERS, Claim, Origin, Source, Subject
from claimledger.tomlstore import positions as locate
from claimledger.tomlstore.parse import parse_file

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from generate import write_store

ODD = [
    '[[claim]]\nid = "a"\nquote = """\nkey = 1\n[[claim]]\n"""\n[claim.x]\ny = 2\n',
    '  [[claim]]  # c\r\n  "id" = "a"\r\n\'q k\' = 1\r\nv.w = 2\r\n[claim.sub.deep]\nz=1\n',
    "[[source]]\nid='s'\n\n\n[[source]]\nid = 's2'\ntitle = '''x\n[[source]]\n'''\nurl = 1\n",
    "[[claim]]\nid = 1",
    # the key inside other keys' names and values, quoted, dotted, indented, twice
    '[[claim]]\nvalues = 1\nquote = "value = 2"\n  "value" = 3\nvalue = 4\n',
    "[[claim]]\nxvalue = 1\nvalue.low = 2\n",
    "[[claim]]\nid = 'a' # value = 1\n\tvalue\t=\t'x'\n",
    # array rows that look like `[table]` headers; a sub-table named after the key
    '[[claim]]\ntags = [\n["a"],\n]\nvalue = 1\n',
    "[[claim]]\nid = 'a'\n[claim.value]\nlow = 1\n",
    "[[claim]]\n[claim.sub]\nvalue = 1\n",
    # the key on the header line, at the end of the text, with no newline after it
    "[[claim]] # value = 1\nid = 'a'\nvalue = 9",
    "[[value]]\nvalue = 1\n[[value]]\nid = 2\n",
]
KEYS = ("value", "id", "confidence", "low", "nope", "v", "q k", "sub", "alue")


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = tmp_path_factory.mktemp("cold") / "claims"
    write_store(root, 400)
    found = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.toml"))]
    corpus = Path(__file__).parent / "corpus"
    found += [p.read_text(encoding="utf-8", errors="replace") for p in corpus.rglob("*.toml")]
    return found + ODD


def test_one_key_is_found_where_the_whole_scan_finds_it(texts) -> None:
    answered = 0
    for text in texts:
        for span in locate.locate_records(text):
            where = span.keys._where  # type: ignore[attr-defined]
            scanned = locate._scan_keys(*where)
            for key in {*KEYS, *scanned}:
                got = locate._find_key(*where, key)
                if got is not locate._UNSURE:
                    answered += 1
                    assert got == scanned.get(key), (text, key)
                assert locate.LazyKeys(*where).get(key) == scanned.get(key)
    assert answered > 1000  # the generated records are answered without the whole scan


def test_the_whole_scan_is_kept_for_sub_tables_and_multi_line_strings() -> None:
    for text in (ODD[0], ODD[7], ODD[8], ODD[9]):
        span = locate.locate_records(text)[0]
        assert locate._find_key(*span.keys._where, "value") is locate._UNSURE  # type: ignore[attr-defined]


HEADERS = [
    '[[claim]]\nid = 1\n[[ claim ]]\n  [[claim]]\n[["claim"]]\n[[claim]] # c\n[[claim]]\r\n',
    "x = 1\n[[Claim]]\n[[claim2]]\n[[a.b]]\n[[claim]]x\n[[claim]]]\n[[claim]]",
    "[[source]]\nt = '''\n[[claim]]\n'''\n[[claim]]\nq = \"[[claim]]\"\n\t[[claim]]\n",
    "[[claim]]\n\n\n",
    "no headers at all\n",
    "",
    "[[" + "a" * 60 + "]]\n[[claim]]\n",
    "[[claim]]\n[[claim]]\n",
]


def _locate_reference(text: str) -> list[tuple[object, ...]]:
    """`locate_records` as it was: every `_HEADER` match, then the spans."""
    regions = locate.string_regions(text)
    total = text.count("\n") + 1
    found = []
    for m in locate._HEADER.finditer(text):
        if regions and locate._inside(regions, m.start()):
            continue
        line = text.count("\n", 0, m.start()) + 1
        col = len(m.group(0)) - len(m.group(0).lstrip()) + 1
        found.append((m.start(), line, col, m.group(1).strip().strip("\"'")))
    if not found:
        return []
    ends = [(offset, line) for offset, line, _, _ in found[1:]] + [(len(text), total + 1)]
    return [
        (kind, line, col, max(line, min(next_line - 1, total)), (text, kind, line, (a, b), regions))
        for (a, line, col, kind), (b, next_line) in zip(found, ends, strict=True)
    ]


def test_headers_are_found_where_the_regex_finds_them(texts) -> None:
    for text in texts + HEADERS:
        got = [
            (s.kind, s.line, s.column, s.end_line, s.keys._where)  # type: ignore[attr-defined]
            for s in locate.locate_records(text)
        ]
        assert got == _locate_reference(text), text


def _claim(value: object, **more: object) -> Claim:
    return Claim(id="c1", subject="s", value=value, source="src", **more)


def test_a_claims_reading_is_remembered_per_object() -> None:
    subject = Subject(id="s", kind="quantity", unit="people")
    source = Source(id="src", language="de")
    claim = _claim("1.200")
    first = cv.claim_value(claim, subject, source, None)
    assert first == cv.read_claim_value(claim, subject, source, None)
    assert cv.claim_value(claim, subject, source, None) is first
    # the same claim with another subject, source or language is read again
    other = dataclasses.replace(subject, tolerance=0.5)
    assert cv.claim_value(claim, other, source, None) == cv.read_claim_value(claim, other, source)
    assert cv.claim_value(claim, subject, None, None) == cv.read_claim_value(claim, subject)
    english = cv.claim_value(claim, subject, None, "en")
    assert english == cv.read_claim_value(claim, subject, None, "en")
    # an equal claim that is another object (an edited file, reloaded) is its own entry
    edited = _claim("1.300")
    assert cv.claim_value(edited, subject, source) == cv.read_claim_value(edited, subject, source)


def test_the_memo_is_emptied_when_full(monkeypatch) -> None:
    monkeypatch.setattr(cv, "MEMO_LIMIT", 3)
    subject = Subject(id="s", kind="text")
    claims = [_claim(f"v{i}") for i in range(7)]
    for claim in claims:
        assert cv.claim_value(claim, subject).text == claim.value  # type: ignore[union-attr]
        assert len(cv._MEMO) <= 3


def test_the_written_out_claim_builder_follows_claims_fields() -> None:
    origin, table = Origin("f.toml", 3), {"id": "c1"}
    built = RECORD_BUILDERS["claim"]({"id": "c1"}, origin, table)
    made = Claim(id="c1", origin=origin, table=table)
    assert list(vars(built).items()) == list(vars(made).items())  # same fields, order, defaults
    full = {f.name: f"v-{f.name}" for f in dataclasses.fields(Claim)[:-2]}
    built = RECORD_BUILDERS["claim"](full, origin, table)
    assert list(vars(built).items()) == list(
        vars(Claim(**full, origin=origin, table=table)).items()
    )
    assert sys.getsizeof(vars(built)) == sys.getsizeof(vars(made))  # keys still shared


def test_records_share_recurring_texts_and_key_strings() -> None:
    text = "".join(
        f'[[claim]]\nid = "c{i}"\nsubject = "a/b"\nsource = "s"\nvalue = "{i}"\nquote = "q {i}"\n'
        'confidence = "low"\nunknown_field = "x"\n'
        for i in range(3)
    )
    parsed = parse_file("f.toml", text)
    one, two, _ = parsed.records
    assert one.subject is two.subject and one.confidence is two.confidence
    assert one.table["subject"] is one.subject  # the table holds what the record holds
    known = [(a, b) for a, b in zip(one.table, two.table, strict=True) if a != "unknown_field"]
    assert len(known) == 6 and all(a is b for a, b in known)  # the field table's key strings
    assert one.table == {
        "id": "c0",
        "subject": "a/b",
        "source": "s",
        "value": "0",
        "quote": "q 0",
        "confidence": "low",
        "unknown_field": "x",
    }
    assert [d.code for d in parsed.diagnostics] == ["unknown-field"] * 3
