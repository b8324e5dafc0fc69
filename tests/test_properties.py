"""Properties over generated input (hypothesis): the writer round-trips, the value parser and
the loader never raise, `fmt` keeps every comment, appending keeps every old byte.

Example counts are moderate for CI; `fuzz/` runs the same targets for 100,000+ inputs.
"""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.checks.validation import CheckContext, run_checks
from claimledger.disk.adding import append_record
from claimledger.model.dates import find_dates, parse_date
from claimledger.model.diagnostics import CODES, Diagnostic
from claimledger.model.quantities import find_quantities, parse_quantity
from claimledger.model.records import FIELDS, record_kind
from claimledger.model.values import DaySpan, Quantity, ValueProblem, parse_boolean
from claimledger.tomlstore.parse import parse_file
from claimledger.tomlstore.store import load_texts
from claimledger.tomlstore.writer import Unformattable, format_text, render_record

TODAY = datetime.date(2026, 11, 21)
CI = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))

# Any code point TOML strings can hold (surrogates cannot be encoded), control characters included.
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
long_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=200, max_size=3000)
scalar = st.one_of(
    any_text,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
)
toml_value = st.one_of(scalar, st.lists(scalar, max_size=3), st.lists(any_text, max_size=4))


@st.composite
def records(draw, kind: str | None = None) -> tuple[str, dict]:
    kind = kind or draw(st.sampled_from(list(FIELDS)))
    names = [f.name for f in FIELDS[kind]]
    table = {"id": draw(any_text | st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True))}
    for name in draw(st.lists(st.sampled_from(names), max_size=8, unique=True)):
        table[name] = draw(toml_value)
    if draw(st.booleans()):
        table[draw(any_text.filter(bool))] = draw(toml_value)  # an unknown field, any key
    return kind, table


# -- the writer ----------------------------------------------------------------------


@CI
@given(records())
def test_writer_round_trips_any_record(record):
    kind, table = record
    text = render_record(kind, table)
    assert tomllib.loads(text) == {kind: [table]}
    assert format_text(text) == text  # canonical output is a fixed point of fmt


@CI
@given(records("claim"), long_text)
def test_writer_round_trips_long_unicode_quotes(record, quote):
    kind, table = record
    table["quote"] = quote
    assert tomllib.loads(render_record(kind, table)) == {kind: [table]}


comment = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\x7f"),
    max_size=20,
).map(lambda s: "# " + s.strip())


@CI
@given(st.lists(records(), min_size=1, max_size=4), st.lists(comment, max_size=6), st.randoms())
def test_fmt_keeps_every_comment_or_leaves_the_file(recs, comments, rnd):
    lines = "\n".join(render_record(k, t) for k, t in recs).split("\n")
    for c in comments:  # own-line comments anywhere, trailing comments on key lines
        i = rnd.randrange(len(lines) + 1)
        if i < len(lines) and "=" in lines[i] and rnd.random() < 0.5:
            lines[i] += "  " + c
        else:
            lines.insert(i, c)
    text = "\n".join(lines) + "\n"
    try:
        out = format_text(text)
    except Unformattable:
        return  # left untouched and reported: nothing lost
    assert tomllib.loads(out) == tomllib.loads(text)
    kept = [line.strip() for line in out.split("\n")]
    for c in comments:
        assert any(c.rstrip() in line for line in kept), c
    assert format_text(out) == out


# -- the value parser ----------------------------------------------------------------


@CI
@given(any_text | long_text)
def test_value_parser_never_raises(text):
    assert isinstance(parse_quantity(text), Quantity | ValueProblem)
    assert isinstance(parse_date(text), DaySpan | ValueProblem)
    assert isinstance(parse_boolean(text), bool | ValueProblem)
    for start, end, _ in find_quantities(text) + find_dates(text):
        assert 0 <= start <= end <= len(text)


@CI
@given(scalar | st.none() | st.lists(scalar), st.floats() | st.none())
def test_value_parser_never_raises_on_any_value(value, tolerance):
    assert isinstance(parse_quantity(value, tolerance), Quantity | ValueProblem)
    assert isinstance(parse_date(value), DaySpan | ValueProblem)


# -- the loader ----------------------------------------------------------------------


def _valid(diagnostics: list[Diagnostic], text_lines: int) -> None:
    for d in diagnostics:
        assert d.code in CODES
        assert d.line >= 1 and d.column >= 1
        if d.file == "x.toml":
            assert d.line <= text_lines + 1


@CI
@given(st.binary(max_size=400))
def test_loader_never_raises_on_bytes(data):
    parsed = parse_file("x.toml", data)
    _valid(list(parsed.diagnostics), data.count(b"\n") + 1)


toml_ish = st.lists(
    st.sampled_from(
        ["[[claim]]", "[[source]]", "[[subject]]", "[[resolution]]", "[claim]", "[claim.x]",
         'id = "a"', "id = 1", 'subject = "s/t"', 'source = "a"', "value = nan", "value = -1e400",
         'value = "about 5"', "min = 3", "max = 1", 'quote = ""', "confidence = 101",
         'kind = "quantity"', 'kind = "date"', "date = 9999-12-31", 'date = "2025-02-30"',
         'claims = ["a", "a"]', 'verdict = "prefer"', 'preferred = "zz"', 'unit = "kg"',
         "tolerance = -3", 'contradicts = ["a"]', "fingerprints = { a = 1 }", '"""', "'''",
         "<<<<<<< HEAD", "=======", "# c", "\ufeff", "\r", "\t", 'x = """\n[[claim]]\n"""',
         "a.b.c = 1", "[[ claim ]]", "[[claim]] # x", 'tags = ["x", 1]', "status = 3"]
    ) | any_text,
    max_size=25,
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(toml_ish, toml_ish)
def test_loader_and_checks_never_raise_on_toml_like_text(a, b):
    texts = {"x.toml": "\n".join(a), "y.toml": "\n".join(b)}
    store = load_texts(texts)
    found = run_checks(store, CheckContext(TODAY, lambda name: None))
    _valid(found, max(t.count("\n") for t in texts.values()) + 1)


@CI
@given(st.lists(records(), max_size=6))
def test_checks_never_raise_on_generated_records(recs):
    text = "\n".join(render_record(k, t) for k, t in recs)
    store = load_texts({"x.toml": text, "y.toml": text})
    found = run_checks(store, CheckContext(TODAY, lambda name: "archived text"))
    _valid(found, text.count("\n") + 1)
    # Every record that is not its id's first definition is one duplicate-id finding; and
    # y.toml repeats x.toml, so all of its records are such repeats.
    repeated = [
        r
        for f in store.files.values()
        for r in f.records
        if store.index(record_kind(r))[r.id] is not r
    ]
    duplicates = sorted(d.records for d in found if d.code == "duplicate-id")
    assert duplicates == sorted((f"{record_kind(r)}:{r.id}",) for r in repeated)
    assert all(r in repeated for r in store.files["y.toml"].records)


# -- appending -----------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(records("claim"), max_size=3), st.lists(comment, max_size=3), st.booleans())
def test_append_keeps_every_old_byte(tmp_path_factory, recs, comments, crlf):
    folder: Path = tmp_path_factory.mktemp("append")
    path = folder / "sources.toml"
    old = "\n".join(comments + [render_record(k, t) for k, t in recs])
    if crlf:
        old = old.replace("\n", "\r\n")
    path.write_bytes(old.encode())
    new = {"subject": "city/population", "source": "gazette", "quote": "q"}
    new_id = append_record(path, "claim", new, set(), False)
    data = path.read_bytes().decode()
    assert data.startswith(old.rstrip("\r\n"))
    if "\r\n" in old:  # the file keeps its line endings
        assert data.count("\n") == data.count("\r\n")
    else:
        assert "\r" not in data[len(old) :]
    parsed = tomllib.loads(data)["claim"]
    assert parsed[-1]["id"] == new_id and parsed[:-1] == [t for _, t in recs]


texts_of_kind = {
    "quantity": st.one_of(
        st.builds(
            "{} {:,}".format,
            st.sampled_from(["", "about", "nearly", "up to", "more than", "at least", "roughly"]),
            st.integers(0, 200),
        ),
        st.sampled_from(["dozens", "hundreds", "a few", "tens of thousands", "1,000-2,000"]),
    ),
    "date": st.one_of(
        st.dates(datetime.date(2013, 1, 1), datetime.date(2016, 12, 31)).map(str),
        st.sampled_from(["June 2014", "2014", "early 2015", "late 2014", "mid-2014"]),
    ),
    "boolean": st.sampled_from(["yes", "no", "true", "false"]),
    "text": st.sampled_from(["Kata'ib Hezbollah", "Kataib Hezbollah", "the Badr Organization"]),
}
