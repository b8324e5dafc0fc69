"""Origins, independence, circular reporting, cycles, retractions and their reach."""

from __future__ import annotations

from claimledger.checks.validation import CheckContext, run_checks
from claimledger.conflicts.groups import find_conflicts, independent_sources
from claimledger.conflicts.provenance import chain_of, corroboration
from claimledger.editor.workspace import Workspace
from claimledger.model.diagnostics import Severity
from claimledger.tomlstore.store import load_texts

from .conftest import TODAY, check_of, store_of

SOURCES = """
[[source]]
id = "afad-bulletin"
title = "Bulletin"
publisher = "AFAD"
reliability = "B"

[[source]]
id = "reuters-quake"
title = "Death toll rises"
publisher = "Reuters"
reliability = "B"

[[source]]
id = "ap-quake"
title = "Quake toll"
publisher = "AP"
reliability = "B"

[[source]]
id = "who-report"
title = "Situation report"
publisher = "WHO"
reliability = "A"

[[subject]]
id = "quake/deaths"
description = "Deaths in the earthquake"
kind = "quantity"
unit = "people"
"""


def claim(cid: str, source: str, value: str, extra: str = "", confidence: str = "moderate") -> str:
    return f"""
[[claim]]
id = "{cid}"
subject = "quake/deaths"
value = "{value}"
source = "{source}"
quote = "Q."
confidence = "{confidence}"
{extra}
"""


RELAYED = (
    SOURCES
    + claim("afad", "afad-bulletin", "50096")
    + claim("reuters", "reuters-quake", "50096", 'via = "afad-bulletin"')
    + claim("ap", "ap-quake", "50096", 'claimant = "AFAD"')
)


def test_a_chain_follows_via_and_a_claimant_naming_a_known_source():
    store = store_of({"q.toml": RELAYED})
    assert chain_of(store, store.claims["reuters"]).sources == ("reuters-quake", "afad-bulletin")
    assert chain_of(store, store.claims["ap"]).sources == ("ap-quake", "afad-bulletin")
    assert chain_of(store, store.claims["afad"]).sources == ("afad-bulletin",)


def test_three_outlets_relaying_one_agency_are_one_origin():
    store = store_of({"q.toml": RELAYED})
    backing = corroboration(store, store.claims.values())
    assert (backing.outlets, backing.origins) == (3, 1)
    assert backing.label() == "3 outlets, 1 origin (AFAD)"
    assert independent_sources(store, store.claims.values()) == 1


def test_a_claimant_naming_no_source_is_the_origin():
    files = {
        "q.toml": SOURCES
        + claim("r", "reuters-quake", "100", 'claimant = "Professor X"')
        + claim("a", "ap-quake", "100", 'claimant = "professor  x"')
    }
    store = store_of(files)
    assert corroboration(store, store.claims.values()).label() == (
        "2 outlets, 1 origin (Professor X)"
    )


def test_circular_reporting_is_info_and_a_warning_under_high_confidence():
    (d,) = [d for d in check_of({"q.toml": RELAYED}) if d.code == "circular-reporting"]
    assert d.severity == Severity.INFO
    assert d.message == (
        "claims afad, ap, reuters look corroborated but trace to one origin:"
        " 3 outlets, 1 origin (AFAD)"
    )
    high = RELAYED.replace(
        'id = "ap"\nsubject = "quake/deaths"\nvalue = "50096"\nsource = "ap-quake"\n'
        'quote = "Q."\nconfidence = "moderate"',
        'id = "ap"\nsubject = "quake/deaths"\nvalue = "50096"\nsource = "ap-quake"\n'
        'quote = "Q."\nconfidence = "high"',
    )
    (d,) = [d for d in check_of({"q.toml": high}) if d.code == "circular-reporting"]
    assert d.severity == Severity.WARNING


def test_an_independent_origin_is_corroboration_not_circular_reporting():
    files = {"q.toml": RELAYED + claim("who", "who-report", "50096")}
    assert [d for d in check_of(files) if d.code == "circular-reporting"] == []
    store = store_of(files)
    assert corroboration(store, store.claims.values()).label() == (
        "4 outlets, 2 origins (AFAD, WHO)"
    )


def test_positions_count_independent_origins():
    files = {"q.toml": RELAYED + claim("who", "who-report", "30000")}
    (group,) = find_conflicts(store_of(files), TODAY)
    assert [(p.value, p.sources) for p in group.positions] == [("30000", 1), ("50096", 1)]
    assert group.positions[1].backing.label() == "3 outlets, 1 origin (AFAD)"


def _flat(found: dict) -> list:
    return sorted((d for ds in found.values() for d in ds), key=lambda d: d.sort_key)


def test_the_editor_follows_via_edits_and_retractions_as_a_full_check(tmp_path):
    root = tmp_path / "claims"
    root.mkdir()
    sources, claims = root / "sources.toml", root / "claims.toml"
    sources.write_text(SOURCES)
    body = (
        claim("afad", "afad-bulletin", "50096")
        + claim("reuters", "reuters-quake", "50096")
        + claim("who", "who-report", "30000")
    )
    claims.write_text(body)
    ws = Workspace(root, TODAY)

    def full(overlay: dict[str, str]) -> list:
        texts = {p.as_posix(): p.read_bytes() for p in root.rglob("*.toml")}
        texts.update(overlay)
        return run_checks(load_texts(texts, root.as_posix()), CheckContext(TODAY), each_claim=True)

    assert _flat(ws.diagnostics()) == full({})
    relayed = body.replace(
        'source = "reuters-quake"', 'source = "reuters-quake"\nvia = "afad-bulletin"'
    )
    found = _flat(ws.update(claims.as_posix(), relayed))
    assert found == full({claims.as_posix(): relayed})
    assert "circular-reporting" in {d.code for d in found}
    retracted = SOURCES.replace(
        'publisher = "AFAD"', 'publisher = "AFAD"\nstatus = "retracted"\nstatus_date = 2026-03-01'
    )
    overlay = {claims.as_posix(): relayed, sources.as_posix(): retracted}
    found = _flat(ws.update(sources.as_posix(), retracted))
    assert found == full(overlay)
    assert [(d.code, d.records) for d in found if d.code == "retracted-source"] == [
        ("retracted-source", ("claim:reuters",))
    ]
