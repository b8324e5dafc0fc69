"""`claims export --format stix` and `claims import --format stix`: a bundle valid per the
OASIS validator, read back losslessly, and other producers' notes as drafts."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.tomlstore.store import load_texts

from .conftest import SOURCE, SUBJECT, claim, write_tree

HERALD = """
[[source]]
id = "herald"
title = "Census row"
publisher = "Herald"
url = "https://herald.example/census"
published = 2025-02-03
reliability = "B"
archive = "herald.txt"
archive_sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
"""
RESOLUTION = """
[[resolution]]
id = "pop-prefer"
claims = ["c1", "c2"]
verdict = "prefer"
preferred = "c1"
note = "The census office confirms about 100."
by = "Desk"
on = 2026-11-20
"""
DATES = """
[[subject]]
id = "city/founded"
description = "When was the city founded?"
kind = "date"
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_tree(
        tmp_path,
        {
            "claims/sources/gazette.toml": SOURCE
            + claim("c1", '"about 100"', contradicts='["c2"]', tags='["census", "city"]')
            + claim("c3", "1850", subject="city/founded", as_of="2025-01-10", status='"draft"'),
            "claims/sources/herald.toml": HERALD
            + claim("c2", "250", source="herald", claimant='"Mayor Pat Jones"').replace(
                '"moderate"', "85"
            ),
            "claims/subjects/city.toml": SUBJECT + DATES,
            "claims/resolutions/city.toml": RESOLUTION,
        },
    )
    return tmp_path / "claims"


def records_of(root: Path) -> dict[str, tuple[object, object]]:
    texts = {str(p.relative_to(root)): p.read_text() for p in root.rglob("*.toml")}
    store = load_texts(texts)
    return {
        f"{r.kind if hasattr(r, 'kind') else 'subject'}:{r.id}": (r, r.table)
        for r in store.records()
    }


def test_the_bundle_is_valid_stix_21(store):
    from stix2validator import ValidationOptions, validate_string

    result = run("export", "--format", "stix")
    assert result.exit_code == 0
    checked = validate_string(result.output, ValidationOptions(version="2.1"))
    assert checked.is_valid, checked.errors
    codes = {re.search(r"\{(\d+)\}", str(w)).group(1) for w in checked.warnings}
    # 202: "contradicts"/"supports" between notes are permitted, not suggested, types;
    # 302: the source URL has no hash (ours is of the archived text, not of the page).
    assert codes <= {"202", "302"}


def test_what_each_record_becomes(store):
    bundle = json.loads(run("export", "--format", "stix").output)
    by_type: dict[str, list[dict]] = {}
    for obj in bundle["objects"]:
        by_type.setdefault(obj["type"], []).append(obj)
    assert sorted((t, len(o)) for t, o in by_type.items()) == [
        ("extension-definition", 1),
        ("grouping", 2),
        ("identity", 3),  # claimledger, Gazette, Herald
        ("note", 3),
        ("opinion", 2),
        ("relationship", 1),
    ]
    herald = next(o for o in by_type["identity"] if o["name"] == "Herald")
    ext = next(iter(herald["extensions"].values()))
    assert ext["reliability"] == "B"
    assert ext["records"][0]["fields"]["published"] == {"toml_date": "2025-02-03"}
    note = next(o for o in by_type["note"] if o["content"] == "Quote for c2.")
    assert note["confidence"] == 85
    assert note["authors"] == ["Mayor Pat Jones"]
    assert note["abstract"] == "city/population: How many people live in the city? — 250"
    assert note["object_refs"] == [herald["id"]]
    assert note["external_references"] == [
        {
            "source_name": "herald",
            "description": "Census row",
            "url": "https://herald.example/census",
        },
        {
            "source_name": "claimledger-archive",
            "external_id": "herald.txt",
            "hashes": {"SHA-256": HERALD.split('archive_sha256 = "')[1][:64]},
        },
    ]
    moderate = next(o for o in by_type["note"] if o["content"] == "Quote for c1.")
    assert moderate["confidence"] == 50
    draft = next(o for o in by_type["note"] if o["content"] == "Quote for c3.")
    assert draft["labels"] == ["draft"]
    opinions = sorted((o["opinion"], o["object_refs"][0]) for o in by_type["opinion"])
    assert opinions == sorted(
        [("strongly-agree", moderate["id"]), ("strongly-disagree", note["id"])]
    )
    assert by_type["opinion"][0]["explanation"] == "prefer: The census office confirms about 100."
    (rel,) = by_type["relationship"]
    assert (rel["relationship_type"], rel["source_ref"], rel["target_ref"]) == (
        "contradicts",
        moderate["id"],
        note["id"],
    )


def test_the_same_store_gives_the_same_bundle(store):
    assert run("export", "--format", "stix").output == run("export", "--format", "stix").output


def test_round_trip_into_an_empty_store_loses_nothing(store, tmp_path):
    exported = run("export", "--format", "stix").output
    (tmp_path / "bundle.json").write_text(exported)
    empty = tmp_path / "copy"
    empty.mkdir()
    result = run("--store", str(empty), "import", "bundle.json", "--format", "stix")
    assert (result.exit_code, result.output) == (
        0,
        "imported 2 source(s), 2 subject(s), 3 claim(s), 1 resolution(s): "
        "copy/resolutions/city.toml, copy/sources/gazette.toml, copy/sources/herald.toml, "
        "copy/subjects/city.toml\n",
    )
    before, after = records_of(store), records_of(empty)
    assert before.keys() == after.keys()
    for key, (record, table) in before.items():
        again, again_table = after[key]
        assert again == record, key
        extra = {"source": record.source} if key.startswith("claim:") else {}
        assert dict(again_table) == {**table, **extra}, key  # TOML dates stay dates
    assert run("--store", str(empty), "export", "--format", "stix").output == exported


def test_importing_twice_adds_nothing(store, tmp_path):
    (tmp_path / "bundle.json").write_text(run("export", "--format", "stix").output)
    before = {p: p.read_bytes() for p in store.rglob("*.toml")}
    result = CliRunner().invoke(cli, ["import", "bundle.json", "--format", "stix"])
    assert result.exit_code == 0
    assert result.stdout == "imported nothing new: nothing to write\n"
    assert result.stderr == (
        "bundle.json: skipped 2 source(s), 2 subject(s), 3 claim(s), 1 resolution(s) "
        "already in the store (same id)\n"
    )
    assert {p: p.read_bytes() for p in store.rglob("*.toml")} == before


FOREIGN = {
    "type": "bundle",
    "id": "bundle--0b8c1a3e-5d3e-4c6e-9d53-1c1b2f0e7a11",
    "objects": [
        {
            "type": "identity",
            "spec_version": "2.1",
            "id": "identity--1f7c3a52-3b8e-4f55-8c4f-2a5f6f8c9d01",
            "created": "2026-10-01T00:00:00.000Z",
            "modified": "2026-10-01T00:00:00.000Z",
            "name": "CERT Example",
            "identity_class": "organization",
        },
        {
            "type": "note",
            "spec_version": "2.1",
            "id": "note--a1b2c3d4-0000-4000-8000-000000000001",
            "created": "2026-10-02T08:00:00.000Z",
            "modified": "2026-10-02T08:00:00.000Z",
            "created_by_ref": "identity--1f7c3a52-3b8e-4f55-8c4f-2a5f6f8c9d01",
            "abstract": "About 40 hosts hit",
            "content": "We observed about 40 hosts hit.",
            "confidence": 70,
            "object_refs": ["identity--1f7c3a52-3b8e-4f55-8c4f-2a5f6f8c9d01"],
            "external_references": [{"source_name": "blog", "url": "https://cert.example/p"}],
        },
        {
            "type": "opinion",
            "spec_version": "2.1",
            "id": "opinion--a1b2c3d4-0000-4000-8000-000000000002",
            "created": "2026-10-03T08:00:00.000Z",
            "modified": "2026-10-03T08:00:00.000Z",
            "authors": ["Analyst Kim"],
            "opinion": "disagree",
            "object_refs": ["note--a1b2c3d4-0000-4000-8000-000000000001"],
        },
        {
            "type": "grouping",
            "spec_version": "2.1",
            "id": "grouping--a1b2c3d4-0000-4000-8000-000000000003",
            "created": "2026-10-03T08:00:00.000Z",
            "modified": "2026-10-03T08:00:00.000Z",
            "name": "Campaign X hosts",
            "context": "suspicious-activity",
            "object_refs": ["note--a1b2c3d4-0000-4000-8000-000000000001"],
        },
    ],
}


def test_other_producers_notes_and_opinions_become_drafts(store, tmp_path):
    (tmp_path / "foreign.json").write_text(json.dumps(FOREIGN))
    result = run("import", "foreign.json", "--format", "stix")
    assert result.exit_code == 0
    assert result.output == (
        "imported 2 source(s), 2 claim(s): claims/sources/stix-analyst-kim.toml, "
        "claims/sources/stix-cert-example.toml\n"
    )
    assert (store / "sources" / "stix-cert-example.toml").read_text() == (
        "[[source]]\n"
        'id = "stix-cert-example"\n'
        'title = "STIX objects by CERT Example"\n'
        'publisher = "CERT Example"\n'
        "\n"
        "[[claim]]\n"
        'id = "stix-note-a1b2c3d4"\n'
        'subject = "stix/campaign-x-hosts"\n'
        'value = "About 40 hosts hit"\n'
        'source = "stix-cert-example"\n'
        'date = "2026-10-02"\n'
        'quote = "We observed about 40 hosts hit."\n'
        "confidence = 70\n"
        'notes = "From STIX note--a1b2c3d4-0000-4000-8000-000000000001; reference '
        'https://cert.example/p"\n'
        'status = "draft"\n'
    )
    listed = run("list", "--status", "draft", "--format", "json")
    ids = {c["id"] for c in json.loads(listed.output)}
    assert {"stix-note-a1b2c3d4", "stix-opinion-a1b2c3d4"} <= ids
    again = run("import", "foreign.json", "--format", "stix")
    assert again.stdout == "imported nothing new: nothing to write\n"


def test_a_file_that_is_not_a_bundle_is_one_message(store, tmp_path):
    (tmp_path / "bad.json").write_text('{"type": "bundle",\n "objects": [1, }')
    result = run("import", "bad.json", "--format", "stix")
    assert (result.exit_code, result.output) == (
        2,
        "Error: bad.json:2:17: not JSON (Expecting value); is it a STIX bundle?\n",
    )
    (tmp_path / "list.json").write_text('{"type": "bundle"}')
    result = run("import", "list.json", "--format", "stix")
    assert (result.exit_code, result.output) == (
        2,
        'Error: list.json: not a STIX bundle: expected {"type": "bundle", "objects": [...]}\n',
    )


@pytest.mark.parametrize("args", [["--version"], ["check"]])
def test_version_and_check_never_import_stix2(store, args):
    code = (
        "import sys\n"
        "from claimledger.cli.main import cli\n"
        "try:\n"
        f"    cli({args!r}, prog_name='claims')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'stix2', 'pyld', 'extruct'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "[]"


def test_an_iri_becomes_the_uri_stix_requires_and_the_record_keeps_it(store):
    from stix2validator import ValidationOptions, validate_string

    herald = store / "sources" / "herald.toml"
    herald.write_text(herald.read_text().replace("herald.example/census", "hürriyet.example/ç a"))
    output = run("export", "--format", "stix").output
    assert validate_string(output, ValidationOptions(version="2.1")).is_valid
    urls = [
        r.get("url")
        for o in json.loads(output)["objects"]
        for r in o.get("external_references", [])
    ]
    assert "https://xn--hrriyet-n2a.example/%C3%A7%20a" in urls
    assert '"url": "https://hürriyet.example/ç a"' in output  # the record, as written
