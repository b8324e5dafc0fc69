"""Golden outputs of `claims conflicts` (text at 80 and 160 columns, json, markdown) on a
small fixed store, and the side-by-side view of the shipped store's militia-count conflict.

The golden files under tests/golden/ are compared exactly; when a change to the view is
intended, regenerate them by running the command and review the difference by eye."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli

from .conftest import write_tree

GOLDEN = Path(__file__).parent / "golden"
SHIPPED = Path(__file__).resolve().parents[1] / "claims"

STORE = {
    "claims/sources/gazette-2025-01.toml": """
        [[source]]
        id = "gazette-2025-01"
        title = "The city in numbers"
        publisher = "Example Gazette"
        published = "2025-01"
        reliability = "B"

        [[claim]]
        id = "gazette-population"
        subject = "city/militias"
        value = "up to 30"
        unit = "groups"
        source = "gazette-2025-01"
        quote = "The city is home to up to 30 armed groups, officials say."
        locator = "paragraph 4"
        confidence = "moderate"

        [[claim]]
        id = "gazette-area"
        subject = "city/area"
        value = 180
        source = "gazette-2025-01"
        quote = "The city covers 180 km2."
        confidence = "high"

        [[claim]]
        id = "gazette-founded"
        subject = "city/founded"
        value = "3 June 2014"
        source = "gazette-2025-01"
        quote = "The council first met on 3 June 2014."
        confidence = "high"

        [[claim]]
        id = "gazette-mayor"
        subject = "city/mayor"
        value = "Ana Silva"
        source = "gazette-2025-01"
        as_of = "2025-01"
        quote = "Mayor Ana Silva opened the session."
        confidence = "high"
        """,
    "claims/sources/herald-2025-03.toml": """
        [[source]]
        id = "herald-2025-03"
        title = "Who holds the streets"
        publisher = "The Herald"
        published = "2025-03"
        reliability = "C"

        [[claim]]
        id = "herald-militias"
        subject = "city/militias"
        value = "nearly 70"
        unit = "factions"
        scope = "all factions under the umbrella, not only armed groups"
        source = "herald-2025-03"
        quote = "Some estimates suggest there are nearly 70 factions under the umbrella."
        locator = "paragraph 13"
        confidence = "low"

        [[claim]]
        id = "herald-area"
        subject = "city/area"
        value = "about 1,200"
        source = "herald-2025-03"
        quote = "The metropolitan area covers about 1,200 km2."
        confidence = "moderate"

        [[claim]]
        id = "herald-founded"
        subject = "city/founded"
        value = "13 June 2014"
        source = "herald-2025-03"
        quote = "Founded on 13 June 2014, the council has met every week since."
        confidence = "moderate"

        [[claim]]
        id = "herald-mayor"
        subject = "city/mayor"
        value = "Omar Haddad"
        source = "herald-2025-03"
        as_of = "2022"
        quote = "Omar Haddad, mayor in 2022, ..."
        confidence = "moderate"
        """,
    "claims/resolutions/city.toml": """
        [[resolution]]
        id = "area-units"
        claims = ["gazette-area", "herald-area"]
        verdict = "scope-mismatch"
        note = "The Herald measures the metropolitan area."
        by = "ana"
        on = 2025-05-02
        """,
    "claims/sources/herald-2025-04.toml": """
        [[source]]
        id = "herald-2025-04"
        title = "Factions, counted again"
        publisher = "The Herald"
        published = "2025-04"
        reliability = "C"

        [[claim]]
        id = "herald-militias-recount"
        subject = "city/militias"
        value = "about 67"
        unit = "factions"
        scope = "all factions under the umbrella, not only armed groups"
        source = "herald-2025-04"
        quote = "By our count, about 67 factions."
        confidence = "moderate"
        """,
    "claims/subjects/city.toml": """
        [[subject]]
        id = "city/militias"
        description = "How many armed groups operate in the city? Counts differ by definition."
        kind = "quantity"
        unit = "groups"
        unit_aliases = ["factions"]

        [[subject]]
        id = "city/founded"
        description = "When was the city council founded?"
        kind = "date"

        [[subject]]
        id = "city/area"
        description = "Area of the city."
        kind = "quantity"
        unit = "km2"

        [[subject]]
        id = "city/mayor"
        description = "Who is the mayor?"
        kind = "text"
        time_varying = true
        """,
}


@pytest.fixture
def store(tmp_path, monkeypatch):
    write_tree(tmp_path, STORE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def golden(name: str) -> str:
    return (GOLDEN / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("columns", ["80", "160"])
def test_text_golden(store, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    result = run("conflicts")
    assert result.exit_code == 0
    assert result.output == golden(f"conflicts_{columns}.txt")


def test_json_golden(store):
    result = run("conflicts", "--all", "--format", "json")
    assert result.exit_code == 0
    assert result.output == golden("conflicts.json")
    doc = json.loads(result.output)
    assert doc["summary"] == {
        "subjects": 4,
        "groups": 4,
        "open": 2,
        "resolved": 1,
        "stale": 0,
        "drift": 1,
    }
    hidden = json.loads(run("conflicts", "--format", "json").output)
    assert [g["subject"] for g in hidden["groups"]] == [
        "city/founded",
        "city/mayor",
        "city/militias",
    ]


def test_markdown_golden(store):
    result = run("conflicts", "--all", "--format", "markdown")
    assert result.exit_code == 0
    assert result.output == golden("conflicts.md")


def test_filters(store):
    def subjects(*args: str) -> list[str]:
        result = run("conflicts", "--format", "json", *args)
        assert result.exit_code == 0
        return [g["subject"] for g in json.loads(result.output)["groups"]]

    assert subjects() == ["city/founded", "city/mayor", "city/militias"]
    assert subjects("--all") == ["city/area", "city/founded", "city/mayor", "city/militias"]
    assert subjects("city/m*") == ["city/mayor", "city/militias"]
    assert subjects("city/founded") == ["city/founded"]
    assert subjects("--min-severity", "warning") == ["city/founded", "city/militias"]
    assert subjects("--min-severity", "error") == ["city/founded"]
    assert subjects("nothing/*") == []
    empty = run("conflicts", "nothing/*")
    assert (empty.exit_code, empty.output) == (
        0,
        "0 subjects in conflict: 0 open, 0 resolved, 0 stale\n",
    )


def test_shipped_store_shows_the_militia_count_conflict_side_by_side(tmp_path, monkeypatch):
    # The shipped fact base is edited as it grows: assert the view's substance, not its bytes.
    shutil.copytree(SHIPPED, tmp_path / "claims")
    monkeypatch.chdir(tmp_path)
    result = run("conflicts", "iraq/iran-backed-militias/count")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("iraq/iran-backed-militias/count — ")
    assert lines[1:3] == [
        "open · quantity · severity warning · scope differs",
        "[0, 30] and [63, 70) do not overlap",
    ]

    def row(label: str) -> list[str]:
        (line,) = [x for x in lines if x.startswith(f"│ {label} ")]
        return [cell.strip() for cell in line.split("│")[2:-1]]

    # positions in value order: "up to thirty" below "nearly 70"
    (ids,) = [x for x in lines if x.startswith("┃") and "alhurra-militia-count" in x]
    assert [c.strip() for c in ids.split("┃")[2:4]] == [
        "unmasking-militia-count",
        "alhurra-militia-count",
    ]
    assert row("value") == ["up to thirty", "nearly 70"]
    assert row("parsed") == ["[0, 30]", "[63, 70)"]
    assert row("unit") == ["militias", "factions"]
    assert row("reliability") == ["E", "C"]
    assert row("date") == ["2025-06", "2026-02"]
    assert row("confidence") == ["low", "low"]
    assert row("scope")[1].startswith("factions operating under the umbrella")
    assert row("scope")[0].startswith("Iran-backed militias in Iraq")
    assert row("source")[1].startswith("Alhurra")
    assert row("quote")[1].startswith("“Some estimates suggest there are nearly 70")
    assert row("quote")[0].startswith("“These are not monolithic entities")
    assert lines[-1] == "1 subject in conflict: 1 open, 0 resolved, 0 stale"
    assert (
        "to record a judgment: claims resolve alhurra-militia-count unmasking-militia-count "
        "--verdict VERDICT --note TEXT"
    ) in result.output
