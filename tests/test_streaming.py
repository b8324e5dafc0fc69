"""Streaming output: `list --format json` written row by row (the same bytes as one
`json.dumps`), and `list`/`sources`/`subjects --format jsonl` read file by file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.checks.query import ClaimFilter, select
from claimledger.cli.main import cli
from claimledger.disk.session import Options, open_session
from claimledger.disk.streaming import claims_by_file, read_references
from claimledger.render.records import claim_json, source_json, subject_json
from claimledger.render.records_jsonl import json_array_chunks, jsonl_lines

from .conftest import SOURCE, SUBJECT, claim, write_tree

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from generate import MIXED, write_store


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def generated(tmp_path, monkeypatch):
    """300 claims of the benchmark shape, a fifth in German or in miles, as the store."""
    monkeypatch.setitem(MIXED, "fraction", 0.2)
    root = tmp_path / "claims"
    write_store(root, 300)
    monkeypatch.setenv("CLAIMS_STORE", str(root))
    return root


def old_list_json(filters: ClaimFilter) -> str:
    """What `list --format json` printed before it streamed: every row, then one dumps."""
    store = open_session(Options()).store
    rows = [claim_json(c, store) for c in select(store, filters)]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize(
    "rows",
    [[], [{}], [{"a": []}, {"b": {}}], [{"q": "line\nbreak «ü»", "n": [1, 2.5, None, True]}]],
)
def test_the_array_written_piece_by_piece_is_json_dumps_of_the_list(rows):
    assert "".join(json_array_chunks(rows)) == json.dumps(rows, ensure_ascii=False, indent=2)


def test_a_line_is_one_compact_object_with_its_text_as_written():
    assert list(jsonl_lines([{"q": "«ü»\n", "n": [1, None]}, {}])) == [
        '{"q":"«ü»\\n","n":[1,null]}\n',
        "{}\n",
    ]


@pytest.mark.parametrize(
    ("args", "filters"),
    [
        ([], ClaimFilter()),
        (
            ["--source", "src00000*", "--min-confidence", "moderate"],
            ClaimFilter(source="src00000*", min_confidence=50),
        ),
        (["--subject", "nothing/*"], ClaimFilter(subject="nothing/*")),
    ],
)
def test_list_json_is_byte_for_byte_what_it_was(generated, args, filters):
    result = run("list", *args, "--format", "json")
    assert result.stdout == old_list_json(filters)


def test_jsonl_holds_the_rows_of_json_in_file_order(generated):
    as_json = json.loads(run("list", "--format", "json").stdout)
    result = run("list", "--format", "jsonl")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 300
    assert sorted(rows, key=lambda r: r["id"]) == sorted(as_json, key=lambda r: r["id"])
    assert [(r["file"], r["line"]) for r in rows] == sorted((r["file"], r["line"]) for r in rows)
    assert any(r["parsed"]["written"] for r in rows)  # miles converted, as in json


@pytest.mark.parametrize(
    "args",
    [
        ["--subject", "topic0000/area1/*"],
        ["--source", "src00001*"],
        ["--min-confidence", "high", "--tag", "nothing"],
        ["--since", "2024-06", "--until", "2024-12-31"],
        ["--text", "bridge"],
        ["--conflicting"],
        ["--status", "active"],
    ],
)
def test_jsonl_filters_as_json_does(generated, args):
    want = sorted(r["id"] for r in json.loads(run("list", *args, "--format", "json").stdout))
    got = run("list", *args, "--format", "jsonl").stdout.splitlines()
    assert sorted(json.loads(line)["id"] for line in got) == want


@pytest.mark.parametrize("kind", ["sources", "subjects"])
def test_sources_and_subjects_jsonl_are_their_json_rows_a_line_each(generated, kind):
    as_json = json.loads(run(kind, "--format", "json").stdout)
    result = run(kind, "--format", "jsonl")
    assert [json.loads(line) for line in result.stdout.splitlines()] == as_json
    assert result.exit_code == 0


def test_a_repeated_claim_id_is_listed_once_the_first_as_in_json(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_tree(
        tmp_path,
        {
            "claims/sources/a.toml": SOURCE + claim("c1", '"about 100"'),
            "claims/sources/b.toml": SOURCE.replace("gazette", "wire") + claim("c1", "7", "wire"),
            "claims/subjects/city.toml": SUBJECT,
        },
    )
    rows = [json.loads(line) for line in run("list", "--format", "jsonl").stdout.splitlines()]
    assert [(r["id"], r["value"], r["file"]) for r in rows] == [
        ("c1", "about 100", "claims/sources/a.toml")
    ]
    counts = [json.loads(line) for line in run("sources", "--format", "jsonl").stdout.splitlines()]
    assert [(s["id"], s["claims"]) for s in counts] == [("gazette", 1), ("wire", 0)]
    assert counts == json.loads(run("sources", "--format", "json").stdout)


def test_an_unknown_subject_is_told_on_stderr(generated):
    result = run("list", "--subject", "topic0000/areaX/*", "--format", "jsonl")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.startswith("claims: no subject matches 'topic0000/areaX/*'; did you mean")


def test_claims_are_read_one_file_at_a_time(generated):
    """Files past the current one are not read yet: removed while the stream runs, their
    claims never come."""
    snap = open_session(Options()).snapshot
    assert snap is not None
    found = read_references(snap)
    stream = claims_by_file(snap, found)
    first = next(stream)
    for later in found.claim_files[1:]:
        Path(snap.files[later][0]).unlink()
    rest = list(stream)
    assert {c.origin.file for c in [first, *rest]} == {found.claim_files[0]}
    assert len(found.claim_files) > 20


def test_the_references_are_the_stores_sources_and_subjects(generated):
    session = open_session(Options())
    assert session.snapshot is not None
    found = read_references(session.snapshot)
    store = session.store
    assert [source_json(s, found.per_source[s.id]) for s in found.refs.sources.values()] == [
        source_json(s, sum(c.source == s.id for c in store.claims.values()))
        for s in store.sources.values()
    ]
    assert [subject_json(s, 0) for s in found.refs.subjects.values()] == [
        subject_json(s, 0) for s in store.subjects.values()
    ]


def test_list_json_is_answered_from_the_cache_row_by_row(tmp_path, monkeypatch):
    generated = tmp_path / "claims"
    write_store(generated, 1200)  # three topics, in three shards
    monkeypatch.setenv("CLAIMS_STORE", str(generated))
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tmp_path / "cache"))
    want = old_list_json(ClaimFilter())
    assert run("list", "--format", "json").stdout == want  # cold: the shards written
    shards = sorted((tmp_path / "cache").rglob("subjects-*.json"))
    assert len(shards) == 3

    def no_loading(*args, **kwargs):
        raise AssertionError("the store was loaded")

    monkeypatch.setattr("claimledger.disk.session.load_store", no_loading)
    assert run("list", "--format", "json").stdout == want  # warm: shard by shard
    monkeypatch.undo()
    monkeypatch.setenv("CLAIMS_STORE", str(generated))
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tmp_path / "cache"))
    shards[len(shards) // 2].unlink()  # pruned meanwhile: those subjects are read afresh
    assert run("list", "--format", "json").stdout == want


def test_cached_rows_read_figures_in_the_stores_language(tmp_path, monkeypatch):
    """A source without a language takes the settings file's: the cached answer too."""
    monkeypatch.chdir(tmp_path)
    write_tree(
        tmp_path,
        {
            "claims/.claims.toml": 'language = "de"\n',
            "claims/sources/gazette.toml": SOURCE + claim("c1", '"rund 12.345"'),
            "claims/subjects/city.toml": SUBJECT,
        },
    )
    for args in (["--subject", "city/*"], [], ["--source", "gazette"]):
        for _ in range(2):  # cold, then from the cache
            rows = json.loads(run("list", *args, "--format", "json").stdout)
            assert rows[0]["parsed"]["low"] == 11110.5, args


def test_export_jsonl_is_list_jsonl_and_keeps_the_subject_glob(generated):
    assert run("export", "--format", "jsonl").stdout == run("list", "--format", "jsonl").stdout
    first = json.loads(run("list", "--format", "jsonl").stdout.splitlines()[0])["subject"]
    glob = first.rsplit("/", 1)[0] + "/*"
    got = run("export", "--format", "jsonl", glob).stdout
    want = run("list", "--subject", glob, "--format", "jsonl").stdout
    assert got == want and 0 < len(got.splitlines()) < 300
