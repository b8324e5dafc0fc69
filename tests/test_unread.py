"""A file that fails to load never silently drops out: every command that shows records says
on stderr which files it could not read, and exits 1 when its output is incomplete."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.tomlstore.store import load_texts, unloaded_files

LINE = (
    "claims: could not read claims/sources/broken.toml:3:11 (TOML syntax error: expected "
    "newline or end of document after a statement): its records are left out; "
    "run `claims check`\n"
)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--format", "json"],
        ["list", "--subject", "city/*", "--format", "json"],  # the cached answer
        ["list", "--format", "jsonl"],  # read file by file, the store never loaded
        ["sources", "--format", "jsonl"],
        ["show", "c1"],
        ["sources"],
        ["subjects", "--format", "csv"],
        ["conflicts"],
        ["conflicts", "--format", "json"],
        ["scan", "draft.md"],
    ],
)
def test_a_command_names_the_file_it_could_not_read_and_exits_1(store, args):
    (store.parent / "draft.md").write_text("About 100 people live in the city.\n")
    assert run(*args).exit_code == 0  # clean: nothing on stderr
    assert run(*args).stderr == ""
    (store / "sources/broken.toml").write_text('[[claim]]\nid = "c2"\nvalue = 50,096\n')
    for _ in range(2):  # cold, then answered from the cache
        result = run(*args)
        assert (result.exit_code, result.stderr) == (1, LINE)
        assert LINE not in result.stdout


def test_check_lists_it_among_its_findings_only(store):
    (store / "sources/broken.toml").write_text('[[claim]]\nid = "c2"\nvalue = 50,096\n')
    result = run("check", "--format", "json")
    assert result.exit_code == 1 and "could not read" not in result.stderr
    assert [d["code"] for d in json.loads(result.stdout)["diagnostics"]] == ["toml-syntax"]


def test_a_missing_claim_may_be_in_the_file_that_was_not_read(store):
    (store / "sources/broken.toml").write_text('[[claim]]\nid = "c2"\nvalue = 50,096\n')
    result = run("show", "c2")
    assert result.exit_code == 2
    assert result.stderr == LINE + "Error: no claim 'c2'\n"


def test_add_says_so_and_still_writes(store):
    (store / "sources/broken.toml").write_text('[[claim]]\nid = "c2"\nvalue = 50,096\n')
    result = run(
        "add", "source", "--id", "wire", "--title", "T", "--publisher", "P", "--reliability", "C"
    )
    assert (result.exit_code, result.stderr) == (0, LINE)
    assert (store / "sources/wire.toml").exists()


def test_unloaded_files_are_those_whose_records_are_missing():
    store = load_texts(
        {
            "bom.toml": b'\xef\xbb\xbf[[source]]\nid = "a"\ntitle = "T"\npublisher = "P"\n',
            "bad.toml": "x = [",
            "latin1.toml": b"\xff",
            "markers.toml": "<<<<<<< HEAD\n=======\n>>>>>>> b\n",
            "unknown.toml": "x = 1\n",  # loads (an unknown kind is another finding)
        }
    )
    assert [(d.file, d.code) for d in unloaded_files(store)] == [
        ("bad.toml", "toml-syntax"),
        ("latin1.toml", "encoding"),
        ("markers.toml", "merge-conflict"),
    ]
