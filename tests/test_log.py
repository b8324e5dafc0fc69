"""`claims log ID`: a record's history across edits, a move to another file and a deletion."""

from __future__ import annotations

import json

import pytest

from .conftest import SOURCE, SUBJECT, claim
from .gitrepo import Repo, claims


@pytest.fixture
def commits(tmp_path, monkeypatch):
    """A record's life in six commits; returns the short ids by step."""
    repo = Repo(tmp_path / "repo")
    repo.write({"claims/subjects/city.toml": SUBJECT, "claims/sources/gazette.toml": SOURCE})
    repo.commit("store")
    repo.write({"claims/sources/gazette.toml": SOURCE + claim("c1", '"about 100"')})
    ids = {"add": repo.commit("add c1")}
    repo.write({"claims/sources/gazette.toml": SOURCE + claim("c1", '"nearly 120"')})
    ids["revise"] = repo.commit("revise c1", author="Grace Hopper")
    repo.write(
        {"claims/sources/gazette.toml": "# reformatted\n" + SOURCE + claim("c1", '"nearly 120"')}
    )
    repo.commit("comment only")  # the record is unchanged: not listed
    repo.write(
        {"claims/sources/gazette.toml": SOURCE, "claims/moved.toml": claim("c1", '"nearly 120"')}
    )
    ids["move"] = repo.commit("move c1")
    repo.remove("claims/moved.toml")
    ids["drop"] = repo.commit("drop c1")
    monkeypatch.chdir(repo.path)
    return ids


def test_log_text(commits):
    result = claims("log", "c1")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "claim c1",
        f"{commits['add']} 2026-01-02 Ada Lovelace  add c1",
        "    added in claims/sources/gazette.toml",
        '    id: "c1"',
        '    subject: "city/population"',
        '    value: "about 100"  [90, 110]',
        '    source: "gazette"',
        '    quote: "Quote for c1."',
        '    confidence: "moderate"',
        f"{commits['revise']} 2026-01-03 Grace Hopper  revise c1",
        "    changed in claims/sources/gazette.toml",
        '    value: "about 100"  [90, 110] → "nearly 120"  [108, 120)',
        f"{commits['move']} 2026-01-05 Ada Lovelace  move c1",
        "    moved claims/sources/gazette.toml → claims/moved.toml",
        f"{commits['drop']} 2026-01-06 Ada Lovelace  drop c1",
        "    removed from claims/moved.toml",
    ]


def test_log_json(commits):
    doc = json.loads(claims("log", "claim:c1", "--format", "json").stdout)
    assert doc["record"] == "claim:c1"
    assert [(e["short"], e["change"], e["old_file"], e["new_file"]) for e in doc["entries"]] == [
        (commits["add"], "added", None, "claims/sources/gazette.toml"),
        (
            commits["revise"],
            "changed",
            "claims/sources/gazette.toml",
            "claims/sources/gazette.toml",
        ),
        (commits["move"], "moved", "claims/sources/gazette.toml", "claims/moved.toml"),
        (commits["drop"], "removed", "claims/moved.toml", None),
    ]
    changed = doc["entries"][1]
    assert changed["author"] == "Grace Hopper" and changed["date"] == "2026-01-03"
    assert changed["fields"] == [
        {
            "field": "value",
            "old": "about 100",
            "new": "nearly 120",
            "old_parsed": "[90, 110]",
            "new_parsed": "[108, 120)",
        }
    ]


def test_kind_filter_and_unknown_record(commits):
    assert claims("log", "subject:c1").exit_code == 2
    result = claims("log", "nope")
    assert result.exit_code == 2
    assert "Error: no record 'nope' in the history of claims/" in result.output
