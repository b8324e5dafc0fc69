"""`claims check --since REV`: only findings new relative to REV, by code and record ids."""

from __future__ import annotations

import pytest

from .conftest import SOURCE, SUBJECT, claim
from .gitrepo import Repo, claims

TOWN = """
[[subject]]
id = "town/population"
description = "How many people live in the town?"
kind = "quantity"
unit = "people"
"""


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """main has one open conflict (city); feature adds another (town) and moves text around."""
    repo = Repo(tmp_path / "repo")
    repo.write(
        {
            "claims/subjects/city.toml": SUBJECT + TOWN,
            "claims/sources/gazette.toml": SOURCE
            + claim("c1", '"about 100"')
            + claim("c2", '"about 300"'),
        }
    )
    repo.commit("one conflict")
    repo.git("checkout", "-q", "-b", "feature")
    monkeypatch.chdir(repo.path)
    return repo


def gcc(*args: str) -> tuple[int, list[str]]:
    result = claims("check", "--format", "gcc", *args)
    return result.exit_code, result.stdout.splitlines()


def test_only_the_new_conflict_is_reported(repo):
    repo.write(
        {
            # c2 moves to its own file and c1 moves down: old findings keep their identity.
            "claims/sources/gazette.toml": SOURCE
            + "\n# moved\n"
            + claim("t1", '"about 10"', subject="town/population")
            + claim("t2", '"about 50"', subject="town/population")
            + claim("c1", '"about 100"'),
            "claims/sources/more.toml": claim("c2", '"about 300"'),
        }
    )
    repo.commit("town figures disagree")
    code, everything = gcc()
    assert len([x for x in everything if x.endswith("[conflict]")]) == 2  # one per conflict
    code, lines = gcc("--since", "main")
    assert code == 1  # two weighty claims disagree: an error until someone judges it
    assert [x.split(": error: ")[0] for x in lines] == ["claims/sources/gazette.toml:13:9"]
    assert all("town/population" in x and x.endswith("[conflict]") for x in lines)


def test_nothing_new_after_moving_text(repo):
    repo.write(
        {
            "claims/sources/gazette.toml": SOURCE + claim("c2", '"about 300"'),
            "claims/sources/c1.toml": "\n\n" + claim("c1", '"about 100"'),
        }
    )
    code, lines = gcc("--since", "main")
    assert (code, lines) == (0, [])


def test_a_new_error_fails_and_works_from_a_subfolder(repo, monkeypatch):
    bad = claim("b1", '"about 10"', source="nowhere", subject="town/population")
    repo.write({"claims/sources/bad.toml": bad})
    monkeypatch.chdir(repo.path / "claims" / "sources")
    result = claims("check", "--since", "main", "--format", "gcc")
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()  # the old conflict on city is not repeated
    assert line == (
        f"{repo.path}/claims/sources/bad.toml:5:10: error: "
        "claim 'b1' refers to unknown source 'nowhere' [dangling-reference]"
    )


def test_bad_since_is_exit_2(repo):
    for rev, message in (("nope", "unknown revision 'nope'"), ("--all", "invalid revision")):
        result = claims("check", "--since", rev)
        assert result.exit_code == 2
        assert message in result.output
