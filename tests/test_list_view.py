"""`claims list` as a new user meets it: globs for every id filter, a "did you mean" when a
filter matches nothing, `as of` and `status` shown, ids that never wrap; examples that work."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from claimledger.cli.main import cli

from .conftest import SOURCE, claim

ROOT = Path(__file__).parent.parent


def run(*args: str, width: int = 160):
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": str(width)})


def ids(*args: str) -> list[str]:
    return re.findall(r'"id": "([^"]+)"', run("list", *args, "--format", "json").stdout)


def add_wire(store: Path) -> None:
    wire = SOURCE.replace('"gazette"', '"reuters-2025-01"')
    text = wire + claim("r1", '"about 110"', source="reuters-2025-01", as_of='"2024-12"')
    text += claim("r2", '"about 105"', source="reuters-2025-01", status='"retracted"')
    (store / "sources/reuters-2025-01.toml").write_text(text)


def test_every_id_filter_takes_a_glob(store):
    add_wire(store)
    assert ids("--source", "reuters*") == ["r1", "r2"]
    assert ids("--source", "gazette") == ["c1"]
    assert ids("--subject", "city/*", "--source", "*-2025-01") == ["r1", "r2"]


def test_a_filter_that_matches_nothing_says_what_it_probably_meant(store):
    add_wire(store)
    result = run("list", "--subject", "population")
    assert (result.exit_code, result.stderr) == (
        0,
        "claims: no subject matches 'population'; did you mean city/population?\n",
    )
    result = run("list", "--source", "reuter", "--format", "json")
    assert result.stderr == "claims: no source matches 'reuter'; did you mean reuters-2025-01?\n"
    result = run("list", "--subject", "city/population", "--source", "gazette", "--tag", "x")
    assert result.stderr == ""  # both filters match something: no hint


def test_the_table_shows_as_of_and_status(store):
    add_wire(store)
    out = run("list", width=200).stdout
    header = next(line for line in out.splitlines() if "confidence" in line)
    assert [c.strip() for c in header.strip("┃ ").split("┃")][-3:] == [
        "as of",
        "confidence",
        "status",
    ]
    row = next(line for line in out.splitlines() if "│ r2" in line)
    assert "retracted" in row
    row = next(line for line in out.splitlines() if "│ r1" in line)
    assert "2024-12" in row and "active" in row


def test_on_a_narrow_terminal_a_claim_is_a_block_and_its_id_never_wraps(store):
    add_wire(store)
    long_id = "reuters-2025-01-population-of-the-city-a-long-id"
    path = store / "sources/reuters-2025-01.toml"
    path.write_text(path.read_text().replace('"r1"', f'"{long_id}"'))
    for width in (60, 80):
        lines = [line.rstrip() for line in run("list", width=width).stdout.splitlines()]
        assert f"{long_id}  active" in lines
        assert "r2  retracted" in lines
        assert "  city/population = about 110  ([99, 121])" in lines
        assert all(len(line.rstrip()) <= width for line in lines)


def test_the_show_example_names_a_claim_of_the_shipped_store(monkeypatch):
    example = re.search(r"claims show (\S+)", run("show", "--help").stdout)
    assert example is not None
    monkeypatch.chdir(ROOT)
    assert run("show", example.group(1)).exit_code == 0
