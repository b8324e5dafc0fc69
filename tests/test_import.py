"""`claims import`: spreadsheet rows into claims, all or nothing, every bad row at FILE:ROW:COL."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from claimledger.cli.main import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.toml"))}


GOOD = (
    "Subject,Statement,Figure,Confidence,Outlet,Headline,Link,Date published\n"
    'city/population,"Some 130,000 people live here.","some 130,000",moderate,'
    "Daily Planet,City grows,https://dp.example/a,2025-03\n"
    'city/population,"Now 140,000 residents.",140000,high,'
    "Daily Planet,City grows,https://dp.example/a,2025-03\n"
)


def test_rows_become_a_source_and_its_claims_and_check_passes(store):
    Path("good.csv").write_text(GOOD, encoding="utf-8")
    result = run("import", "good.csv")
    assert (result.exit_code, result.output) == (
        0,
        "imported 2 claim(s) and 1 new source(s): claims/sources/daily-planet-2025-03-city-grows.toml\n",
    )
    text = (store / "sources" / "daily-planet-2025-03-city-grows.toml").read_text()
    assert text == (
        "[[source]]\n"
        'id = "daily-planet-2025-03-city-grows"\n'
        'title = "City grows"\n'
        'publisher = "Daily Planet"\n'
        'url = "https://dp.example/a"\n'
        'published = "2025-03"\n'
        "\n"
        "[[claim]]\n"
        'id = "daily-planet-2025-03-city-grows-population"\n'
        'subject = "city/population"\n'
        'value = "some 130,000"\n'
        'source = "daily-planet-2025-03-city-grows"\n'
        'quote = "Some 130,000 people live here."\n'
        'confidence = "moderate"\n'
        "\n"
        "[[claim]]\n"
        'id = "daily-planet-2025-03-city-grows-population-2"\n'
        'subject = "city/population"\n'
        'value = "140000"\n'
        'source = "daily-planet-2025-03-city-grows"\n'
        'quote = "Now 140,000 residents."\n'
        'confidence = "high"\n'
    )
    assert run("check").exit_code == 0
    again = CliRunner().invoke(cli, ["import", "good.csv"])
    assert again.exit_code == 0
    assert again.stdout == "imported 0 claim(s) and 0 new source(s): nothing to write\n"
    assert again.stderr == (
        "good.csv:2: skipped: duplicate of claim daily-planet-2025-03-city-grows-population\n"
        "good.csv:3: skipped: duplicate of claim daily-planet-2025-03-city-grows-population-2\n"
    )


def test_dry_run_writes_nothing(store):
    Path("good.csv").write_text(GOOD, encoding="utf-8")
    before = tree(store)
    result = run("import", "good.csv", "--dry-run")
    assert result.exit_code == 0
    assert result.output.startswith(
        "# would append to claims/sources/daily-planet-2025-03-city-grows.toml\n[[source]]\n"
    )
    assert result.output.endswith("would import 2 claim(s) and 1 new source(s); nothing written\n")
    assert tree(store) == before


def test_every_bad_row_is_reported_and_nothing_is_written(store):
    Path("bad.csv").write_text(
        "subject,quote,value,confidence,source\n"
        'city/population,"x",about 5,sure,gazette\n'
        'city/population,"y",5\n'
        'city/population,"z",soon,low,gazette\n'
        'city/population,"fine",12,low,gazette\n'
        'city/nowhere,"w",12,low,gazette\n',
        encoding="utf-8",
    )
    before = tree(store)
    result = run("import", "bad.csv")
    assert result.exit_code == 2
    lines = result.output.removeprefix("Error: ").splitlines()
    assert [line.split(": ", 1)[0] for line in lines[:-1]] == [
        "bad.csv:2:4",
        "bad.csv:3:4",
        "bad.csv:4:3",
        "bad.csv:6:1",
    ]
    assert lines[1] == (
        "bad.csv:3:4: ragged row: 3 cells where the header has 5 "
        "(a stray delimiter or a missing quote?)"
    )
    assert "confidence 'sure' is not low, moderate, high or 0-100" in lines[0]
    assert 'cannot read "soon" as a quantity' in lines[2]
    assert "unknown subject 'city/nowhere'" in lines[3]
    assert lines[-1] == "nothing written: 4 problem(s) in 4 row(s) of bad.csv"
    assert tree(store) == before


def test_another_encoding_is_one_clear_message(store):
    Path("latin.csv").write_bytes("subject,quote\ncity/population,\xe9t\xe9\n".encode("latin-1"))
    result = run("import", "latin.csv")
    assert (result.exit_code, result.output) == (
        2,
        "Error: latin.csv:2:17: not UTF-8 (byte 0xe9); the file is in another encoding "
        "(Windows-1252? Latin-1?): save it as UTF-8 (Excel: 'CSV UTF-8') and import again\n"
        "nothing written: 1 problem(s) in 1 row(s) of latin.csv\n",
    )


def test_a_column_that_maps_to_no_field_and_map(store):
    Path("t.csv").write_text(
        "subject,Claim wording,value,confidence,source,colour\n"
        "city/population,About 150 people.,about 150,low,gazette,red\n",
        encoding="utf-8",
    )
    result = run("import", "t.csv")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Error: t.csv:1:2: column 'Claim wording' maps to no field; name it as a field, or "
        "--map 'Claim wording=FIELD' (--map 'Claim wording=-' leaves it out)",
        "t.csv:1:6: column 'colour' maps to no field; name it as a field, or "
        "--map 'colour=FIELD' (--map 'colour=-' leaves it out)",
        "nothing written: 2 problem(s) in 1 row(s) of t.csv",
    ]
    bad_map = run("import", "t.csv", "--map", "colour=hue")
    assert bad_map.exit_code == 2
    assert "'hue' is no field" in bad_map.output
    ok = run("import", "t.csv", "--map", "claim wording=quote", "--map", "colour=-")
    assert (ok.exit_code, ok.output) == (
        0,
        "imported 1 claim(s) and 0 new source(s): claims/sources/gazette.toml\n",
    )
    assert 'quote = "About 150 people."' in (store / "sources" / "gazette.toml").read_text()
    assert run("check").exit_code == 0


def test_jsonl_and_tsv(store):
    Path("rows.jsonl").write_text(
        '{"subject": "city/population", "quote": "Nearly 200.", "value": "nearly 200",'
        ' "confidence": 50, "source": "gazette", "tags": ["census", "2025"]}\n'
        '{"subject": "city/population", "quote": "Q", "value": "lots", "confidence": "low",'
        ' "source": "gazette"}\n',
        encoding="utf-8",
    )
    bad = run("import", "rows.jsonl")
    assert bad.exit_code == 2
    assert bad.output.startswith("Error: rows.jsonl:2:46: ")  # the "value" key's column
    Path("rows.tsv").write_text(
        "subject\tquote\tvalue\tconfidence\tsource\n"
        "city/population\tNearly 200.\tnearly 200\t50\tgazette\n",
        encoding="utf-8",
    )
    assert run("import", "rows.tsv").exit_code == 0
    assert "confidence = 50" in (store / "sources" / "gazette.toml").read_text()
