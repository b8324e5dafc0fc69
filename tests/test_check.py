"""The checks over a whole store: references, values, units, dates, quotes, archives."""

from __future__ import annotations

from claimledger.checks.validation import closest_passage, normalise_passage

from .conftest import SOURCE, SUBJECT, check_of, claim


def found(diagnostics):
    return [(d.file, d.line, d.code) for d in diagnostics]


def test_clean_store_has_no_findings():
    assert check_of({"s.toml": SOURCE + claim("c1", '"about 100"'), "subj.toml": SUBJECT}) == []


def test_dangling_references_point_at_the_key():
    files = {
        "s.toml": SOURCE
        + claim("c1", "10", source="gazete", subject="city/populaton", supersedes='"nope"'),
        "subj.toml": SUBJECT,
    }
    diags = check_of(files)
    assert found(diags) == [
        ("s.toml", 10, "dangling-reference"),
        ("s.toml", 12, "dangling-reference"),
        ("s.toml", 15, "dangling-reference"),
    ]
    assert [d.hint for d in diags][:2] == [
        "did you mean 'city/population'?",
        "did you mean 'gazette'?",
    ]


def test_duplicate_ids_across_files_point_at_both():
    files = {"a.toml": SOURCE, "b.toml": "# moved here\n# from a.toml\n" + SOURCE}
    (d,) = check_of(files)
    assert (d.file, d.line, d.column, d.code) == ("b.toml", 5, 6, "duplicate-id")
    assert d.message == "duplicate source id 'gazette' (first defined at a.toml:2)"
    assert [(r.file, r.line) for r in d.related] == [("a.toml", 2)]


def test_self_reference():
    files = {"s.toml": SOURCE + claim("c1", "10", contradicts='["c1"]'), "subj.toml": SUBJECT}
    assert found(check_of(files)) == [("s.toml", 15, "self-reference")]


def test_unparseable_value_gets_a_hint():
    files = {"s.toml": SOURCE + claim("c1", '"a great many"'), "subj.toml": SUBJECT}
    (d,) = check_of(files)
    assert (d.line, d.column, d.code) == (11, 9, "bad-value")
    assert d.hint


def test_value_of_the_wrong_kind():
    subject = SUBJECT.replace('kind = "quantity"', 'kind = "date"')
    (d,) = check_of({"s.toml": SOURCE + claim("c1", '"nearly 70"'), "subj.toml": subject})
    assert d.code == "bad-value" and d.message.startswith("date subject 'city/population': ")


def test_negative_and_infinite_quantities():
    files = {"s.toml": SOURCE + claim("c1", "-5") + claim("c2", "inf"), "subj.toml": SUBJECT}
    assert [d.code for d in check_of(files)] == ["bad-quantity", "bad-quantity"]


def test_unit_must_be_the_subjects_or_an_alias():
    files = {
        "s.toml": SOURCE
        + claim("c1", "10", unit='"residents"')
        + claim("c2", "12", unit='"households"'),
        "subj.toml": SUBJECT,
    }
    (d,) = check_of(files)
    assert (d.line, d.code) == (24, "unit-mismatch")


def test_impossible_and_future_dates():
    files = {
        "s.toml": SOURCE.replace('"2025-01"', '"2025-02-30"')
        + claim("c1", "10", as_of='"2027-01"'),
        "subj.toml": SUBJECT,
    }
    diags = check_of(files)
    assert found(diags) == [("s.toml", 5, "bad-date"), ("s.toml", 15, "future-date")]
    assert diags[1].message == "as_of January 2027 is in the future (today is 2026-11-21)"


def test_confidence_words_and_numbers():
    files = {
        "s.toml": SOURCE
        + claim("c1", "10").replace('"moderate"', "70")
        + claim("c2", "10").replace('"moderate"', '"very high"')
        + claim("c3", "10").replace('"moderate"', "101"),
        "subj.toml": SUBJECT,
    }
    assert [(d.line, d.code) for d in check_of(files)] == [
        (22, "bad-confidence"),
        (30, "bad-confidence"),
    ]


def test_quotes_are_checked_against_the_archive_ignoring_spacing_and_quote_marks():
    source = SOURCE + 'archive = "gazette.txt"\n'
    archive = "Intro.  The city\nhas about 100 “residents” now. Another sentence."
    good = claim("c1", "100").replace(
        '"Quote for c1."', "'The city has about 100 \"residents\" now.'"
    )
    bad = claim("c2", "100").replace('"Quote for c2."', '"The city has about 200 residents now."')
    diags = check_of(
        {"s.toml": source + good + bad, "subj.toml": SUBJECT}, {"gazette.txt": archive}
    )
    (d,) = diags
    assert (d.line, d.code) == (22, "quote-not-found")
    assert d.hint == "closest passage: 'The city has about 100 \"residents\" now.'"


def test_missing_archive_is_info_and_empty_quote_is_an_error():
    source = SOURCE + 'archive = "missing.txt"\n'
    empty = claim("c1", "100").replace('"Quote for c1."', '"  "')
    diags = check_of({"s.toml": source + empty, "subj.toml": SUBJECT}, {})
    assert [(d.line, d.code, d.severity.value) for d in diags] == [
        (7, "archive-missing", "info"),
        (14, "empty-quote", "error"),
    ]


def test_one_broken_file_does_not_stop_the_others():
    files = {"a.toml": "[[source]\n", "s.toml": SOURCE + claim("c1", "10", subject="nowhere")}
    assert found(check_of(files)) == [
        ("a.toml", 1, "toml-syntax"),
        ("s.toml", 10, "dangling-reference"),
    ]


def test_passage_helpers():
    assert normalise_passage("  a\n b ’c’ ") == "a b 'c'"
    assert closest_passage("zzz", "") == "the archive is empty"


def test_values_v2_findings():
    files = {
        "s.toml": SOURCE
        + claim("c1", '"could reach 1,000"')
        + claim("c2", '"50.096"')
        + claim("c3", '"11 miles"')
        + claim("c4", "10", unit='"kg"'),
        "subj.toml": SUBJECT,
    }
    assert [(d.line, d.code, d.severity.value) for d in check_of(files)] == [
        (11, "projection", "info"),
        (19, "ambiguous-number", "error"),
        (27, "unit-dimension", "error"),
        (39, "unit-mismatch", "error"),
    ]
    turkish = SOURCE.replace('reliability = "B"', 'reliability = "B"\nlanguage = "tr"')
    assert check_of({"s.toml": turkish + claim("c2", '"50.096"'), "subj.toml": SUBJECT}) == []


def test_a_translated_quote_is_verified_through_its_original():
    source = SOURCE + 'archive = "gazette.txt"\n'
    archive = "Depremlerde 50.096 kişi hayatını kaybetti."
    translated = claim("c1", "50096", quote_original=f'"{archive}"').replace(
        '"Quote for c1."', '"50,096 people died in the earthquakes."'
    )
    wrong = claim("c2", "50096", quote_original='"Depremlerde 50.000 kişi."')
    diags = check_of(
        {"s.toml": source + translated + wrong, "subj.toml": SUBJECT}, {"gazette.txt": archive}
    )
    assert [(d.code, d.message) for d in diags] == [
        (
            "quote-not-found",
            "quote not found in archive 'gazette.txt' of source 'gazette' (nor quote_original)",
        )
    ]
