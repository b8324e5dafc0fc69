"""The core commands through click's CliRunner: exact output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import COMMANDS, cli

from .conftest import SOURCE, claim

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_version():
    result = run("--version")
    assert (result.exit_code, result.output) == (0, "claims, version 0.1.0\n")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_with_an_example_and_is_documented(name):
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"claims {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_init_creates_a_valid_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("init").output.startswith("created store claims with 3 files")
    check = run("check")
    assert (check.exit_code, check.output) == (0, "0 errors, 0 warnings, 0 info in 2 files\n")
    assert run("init").exit_code == 2


def test_store_is_found_walking_up(store, monkeypatch):
    (store.parent / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(store.parent / "deep" / "er")
    assert json.loads(run("list", "--format", "json").output)[0]["id"] == "c1"


def test_no_store_is_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("list")
    assert result.exit_code == 2
    assert "no claims/ folder" in result.output


def test_list_json_has_every_field(store):
    (row,) = json.loads(run("list", "--format", "json").output)
    assert row == {
        "id": "c1",
        "subject": "city/population",
        "value": "about 100",
        "parsed": {
            "kind": "quantity",
            "low": 90,
            "high": 110,
            "low_open": False,
            "high_open": False,
            "qualifier": "approximate",
            "unit": "people",
            "written": None,
            "projection": False,
            "text": "[90, 110]",
        },
        "unit": "people",
        "scope": None,
        "source": "gazette",
        "date": "2025-01",
        "as_of": "2025-01",
        "date_span": {
            "written": "2025-01",
            "start": "2025-01-01",
            "end": "2025-01-31",
            "precision": "month",
            "inferred_year": False,
        },
        "as_of_span": {
            "written": "2025-01",
            "start": "2025-01-01",
            "end": "2025-01-31",
            "precision": "month",
            "inferred_year": False,
        },
        "confidence": "moderate",
        "confidence_score": 50,
        "quote": "Quote for c1.",
        "quote_original": None,
        "locator": None,
        "tags": [],
        "status": "active",
        "file": "claims/sources/gazette.toml",
        "line": 8,
    }


def test_list_filters(store):
    run(
        "add",
        "claim",
        "--subject",
        "city/population",
        "--source",
        "gazette",
        "--value",
        "120",
        "--quote",
        "Now 120.",
        "--confidence",
        "high",
        "--date",
        "2025-06",
        "--tag",
        "census",
    )

    def ids(*args: str) -> list[str]:
        return [r["id"] for r in json.loads(run("list", "--format", "json", *args).stdout)]

    assert ids() == ["c1", "gazette-population"]
    assert ids("--tag", "census") == ["gazette-population"]
    assert ids("--since", "June 2025") == ["gazette-population"]
    assert ids("--until", "2025-03-01") == ["c1"]
    assert ids("--min-confidence", "high") == ["gazette-population"]
    assert ids("--text", "now 120") == ["gazette-population"]
    assert ids("--subject", "city/*") == ["c1", "gazette-population"]
    assert ids("--subject", "town/*") == []
    assert run("list", "--min-confidence", "sure").exit_code == 2


def test_list_csv(store):
    lines = run("list", "--format", "csv").output.splitlines()
    assert lines[0].startswith("id,subject,value,parsed,unit,scope,source,date,as_of,confidence")
    assert lines[1].startswith('c1,city/population,about 100,"[90, 110]",people,,gazette,2025-01')


def test_add_source_subject_claim_canonically(store):
    assert (
        run(
            "add",
            "source",
            "--title",
            "City report",
            "--publisher",
            "Herald",
            "--published",
            "2025-03",
            "--reliability",
            "B",
        ).output
        == "added source herald-2025-03-city-report to claims/sources/herald-2025-03-city-report.toml\n"
    )
    assert (
        run(
            "add",
            "subject",
            "--id",
            "city/area",
            "--kind",
            "quantity",
            "--unit",
            "km2",
            "--description",
            "How big is the city?",
            "--alias",
            "area of the city",
        ).exit_code
        == 0
    )
    result = run(
        "add",
        "claim",
        "--subject",
        "city/area",
        "--source",
        "herald-2025-03-city-report",
        "--value",
        "nearly 40",
        "--quote",
        "Nearly 40 km2.",
        "--confidence",
        "70",
    )
    assert result.output == (
        "added claim herald-2025-03-city-report-area to "
        "claims/sources/herald-2025-03-city-report.toml\n"
    )
    assert (store / "sources/herald-2025-03-city-report.toml").read_text() == (
        '[[source]]\nid = "herald-2025-03-city-report"\ntitle = "City report"\npublisher = "Herald"\n'
        'published = "2025-03"\nreliability = "B"\n\n'
        '[[claim]]\nid = "herald-2025-03-city-report-area"\nsubject = "city/area"\nvalue = "nearly 40"\n'
        'source = "herald-2025-03-city-report"\nquote = "Nearly 40 km2."\nconfidence = 70\n'
    )
    assert (
        (store / "subjects/city.toml")
        .read_text()
        .endswith(
            '[[subject]]\nid = "city/area"\ndescription = "How big is the city?"\nkind = "quantity"\n'
            'unit = "km2"\naliases = ["area of the city"]\n'
        )
    )
    assert run("check").exit_code == 0


def test_add_keeps_existing_bytes_and_refuses_bad_records(store):
    path = store / "sources/gazette.toml"
    path.write_text("# keep me\n" + path.read_text())
    before = path.read_text()
    bad = run(
        "add",
        "claim",
        "--subject",
        "city/population",
        "--source",
        "gazette",
        "--value",
        "a great many",
        "--quote",
        "Q.",
        "--confidence",
        "low",
    )
    assert bad.exit_code == 2
    assert "not written; the new claim has problems" in bad.output
    dup = run(
        "add",
        "claim",
        "--id",
        "c1",
        "--subject",
        "city/population",
        "--source",
        "gazette",
        "--value",
        "5",
        "--quote",
        "Q.",
        "--confidence",
        "low",
    )
    assert (dup.exit_code, path.read_text()) == (2, before)
    ok = run(
        "add",
        "claim",
        "--subject",
        "city/population",
        "--source",
        "gazette",
        "--value",
        "5",
        "--quote",
        "Q.",
        "--confidence",
        "low",
    )
    assert ok.exit_code == 0
    assert path.read_text().startswith(before + "\n[[claim]]\n")


def test_add_without_required_fields_is_a_clear_error_when_not_a_terminal(store):
    result = run("add", "claim", "--subject", "city/population")
    assert result.exit_code == 2
    assert (
        "missing required option(s) for claim: --value, --source, --quote, --confidence"
        in result.output
    )


def test_show_prints_claim_source_and_parsed_value(store):
    result = run("show", "c1")
    assert result.exit_code == 0
    for text in ("claim c1", "[90, 110]", "gazette: Gazette", "reliability B", "Quote for c1."):
        assert text in result.output
    assert run("show", "c-1").exit_code == 2
    assert "no claim 'c-1'; did you mean c1?" in run("show", "c-1").output


def test_sources_and_subjects_tables_count_claims(store):
    assert json.loads(run("sources", "--format", "json").output)[0]["claims"] == 1
    assert json.loads(run("subjects", "--format", "json").output)[0]["claims"] == 1
    assert "Gazette" in run("sources").output


def test_check_reports_syntax_error_and_dangling_reference_in_two_files(store):
    (store / "sources/broken.toml").write_text('[[source]]\nid = "x\n')
    (store / "sources/gazette.toml").write_text(
        SOURCE + claim("c1", '"about 100"', subject="city/nowhere")
    )
    result = run("check")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "claims/sources/broken.toml:2:8: error: TOML syntax error: illegal character '\\n' [toml-syntax]"
    )
    assert (
        "claims/sources/gazette.toml:11:11: error: claim 'c1' refers to unknown subject"
        in result.output
    )
    assert result.output.endswith("2 errors, 0 warnings, 0 info in 3 files\n")
    doc = json.loads(run("check", "--format", "json").output)
    assert doc["summary"] == {"files": 3, "errors": 2, "warnings": 0, "infos": 0}
    assert [d["line"] for d in doc["diagnostics"]] == [2, 11]


def test_fmt_check_diff_and_write(store):
    path = store / "subjects/city.toml"
    path.write_text(
        path.read_text()
        .replace('kind = "quantity"\n', "")
        .replace('unit = "people"', 'unit = "people"\nkind = "quantity"')
    )
    check = run("fmt", "--check")
    assert check.exit_code == 1
    assert "would reformat claims/subjects/city.toml" in check.output
    diff = run("fmt", "--diff")
    assert diff.exit_code == 0 and '+kind = "quantity"' in diff.output
    assert run("fmt").exit_code == 0
    assert run("fmt", "--check").exit_code == 0
    assert run("fmt").output.endswith("0 files reformatted, 2 unchanged\n")


def test_fmt_leaves_files_with_unplaceable_comments_alone(store):
    path = store / "subjects/city.toml"
    text = path.read_text().replace(
        'unit_aliases = ["residents"]', 'unit_aliases = [\n  "residents", # census\n]'
    )
    path.write_text(text)
    result = run("fmt")
    assert result.exit_code == 0
    assert "left untouched: a comment inside a multi-line value (line 7)" in result.output
    assert path.read_text() == text


def test_version_is_written_once():
    """pyproject reads the version from the package, so the installed metadata agrees with it."""
    from importlib import metadata

    import claimledger

    assert metadata.version("claimledger") == claimledger.__version__
