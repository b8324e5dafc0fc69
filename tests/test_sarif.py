"""Machine formats of `claims check`: SARIF against the official schema, gcc lines as vim
reads them, GitHub workflow commands."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft4Validator

from claimledger.cli.main import cli
from claimledger.model.diagnostics import CODES, Diagnostic, Related, Severity
from claimledger.render.diagnostics import render_github
from claimledger.render.sarif import render_sarif

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((Path(__file__).parent / "vendor" / "sarif-schema-2.1.0.json").read_text())


def _errors(doc: object) -> list[str]:
    return [e.message for e in Draft4Validator(SCHEMA).iter_errors(doc)]


def _check(args: list[str], monkeypatch) -> tuple[int, str]:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["check", *args])
    return result.exit_code, result.output


def test_check_sarif_validates_against_official_schema(monkeypatch):
    code, out = _check(["--format", "sarif"], monkeypatch)
    doc = json.loads(out)
    assert _errors(doc) == []
    assert code == 0
    run = doc["runs"][0]
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(CODES)
    assert all(r["shortDescription"]["text"] and r["fullDescription"]["text"] for r in rules)
    assert all(r["help"]["text"] for r in rules)
    conflict = next(
        r for r in run["results"] if "iraq/iran-backed-militias/count" in r["message"]["text"]
    )
    location = conflict["locations"][0]["physicalLocation"]
    # one result per conflict, at the claim of the first position ("up to thirty")
    assert location["artifactLocation"]["uri"] == (
        "claims/sources/web-2025-06-unmasking-iran-backed-militias.toml"
    )
    assert location["region"] == {"startLine": 26, "startColumn": 9}
    (related,) = conflict["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == (
        "claims/sources/alhurra-2026-02-iran-last-card.toml"
    )
    assert related["physicalLocation"]["region"] == {"startLine": 195, "startColumn": 9}
    assert rules[conflict["ruleIndex"]]["id"] == "conflict"


def test_schema_rejects_what_it_should():
    assert _errors({"runs": []}) == ["'version' is a required property"]
    bad = json.loads(render_sarif([]))
    del bad["runs"][0]["tool"]["driver"]["name"]
    assert _errors(bad) == ["'name' is a required property"]


def test_sarif_of_one_finding_exactly():
    d = Diagnostic(
        "claims/a b.toml",
        3,
        9,
        Severity.INFO,
        "drift",
        "changed",
        "nothing to do",
        end_line=3,
        end_column=14,
        related=(Related("claims/c.toml", 4, 9, "other"), Related("claims/c.toml", 4, 9, "other")),
        records=("claim:a",),
    )
    doc = json.loads(render_sarif([d]))
    assert _errors(doc) == []
    (result,) = doc["runs"][0]["results"]
    del result["partialFingerprints"]
    assert result == {
        "ruleId": "drift",
        "level": "note",
        "message": {"text": "changed (hint: nothing to do)"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "claims/a%20b.toml"},
                    "region": {"startLine": 3, "startColumn": 9, "endLine": 3, "endColumn": 14},
                }
            }
        ],
        "ruleIndex": list(CODES).index("drift"),
        "relatedLocations": [
            {
                "id": 1,
                "physicalLocation": {
                    "artifactLocation": {"uri": "claims/c.toml"},
                    "region": {"startLine": 4, "startColumn": 9},
                },
                "message": {"text": "other"},
            }
        ],
    }


@pytest.mark.skipif(shutil.which("vim") is None, reason="vim is not installed")
def test_gcc_lines_fill_vims_quickfix_with_default_errorformat(monkeypatch, tmp_path):
    _, out = _check(["--format", "gcc"], monkeypatch)
    errors = tmp_path / "errors.txt"
    errors.write_text(out)
    qf = tmp_path / "qf.txt"
    script = (
        f"cfile {errors}\n"
        "call writefile(map(getqflist(), "
        "{_, e -> bufname(e.bufnr) . '|' . e.lnum . '|' . e.col . '|' . e.valid}), "
        f"'{qf}')\nqa!\n"
    )
    subprocess.run(
        ["vim", "-u", "NONE", "-N", "-es", "-S", "/dev/stdin"],
        input=script,
        text=True,
        cwd=REPO,
        check=False,
        timeout=30,
    )
    got = qf.read_text().splitlines()
    expected = [
        f"{file}|{line}|{col}|1"
        for file, line, col in (row.split(":")[:3] for row in out.splitlines())
    ]
    assert got == expected
    assert "claims/sources/web-2025-06-unmasking-iran-backed-militias.toml|26|9|1" in got


def test_github_commands_escape_and_note_hidden_annotations():
    d = Diagnostic("dir/a,b:c.toml", 2, 5, Severity.ERROR, "bad-id", "50% bad\nid", "fix it")
    many = [Diagnostic("a.toml", n, 1, Severity.WARNING, "conflict", "w") for n in range(1, 13)]
    out = render_github([d, *many], 2)
    lines = out.splitlines()
    assert lines[0] == (
        "::error file=dir/a%2Cb%3Ac.toml,line=2,col=5,title=claims bad-id::50%25 bad%0Aid%0Afix it"
    )
    assert lines[1] == "::warning file=a.toml,line=1,col=1,title=claims conflict::w"
    assert lines[-2] == (
        "GitHub shows 10 annotations of each level per step; 2 warnings are only in this log"
    )
    assert lines[-1] == "1 error, 12 warnings, 0 info in 2 files"


def test_auto_format_is_github_inside_actions(monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out = _check([], monkeypatch)
    assert out.startswith("::notice file=claims/sources/alhurra-2026-02-iran-last-card.toml,")
