"""docs/querying.md: `claims list --format jsonl` queried with DuckDB's `read_json_auto`.
Every SQL block of the page runs here on the example store, and its result must be the
table shown below it on the page, so the page cannot drift from what DuckDB answers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli

from .conftest import write_tree

duckdb = pytest.importorskip("duckdb")  # the `test` extra: DuckDB is not a runtime dependency

DOC = Path(__file__).resolve().parent.parent / "docs" / "querying.md"
# A ```sql block, then the block of the result it gives.
EXAMPLE = re.compile(r"```sql\n(.*?)```\s*\n```\n(.*?)```", re.DOTALL)

SUBJECTS = """
[[subject]]
id = "city/population"
description = "How many people live in the city?"
kind = "quantity"
unit = "people"

[[subject]]
id = "city/ring-road"
description = "How long is the ring road?"
kind = "quantity"
unit = "km"
"""

GAZETTE = """
[[source]]
id = "gazette-2025-01"
title = "The city in numbers"
publisher = "Example Gazette"
published = 2025-01-06
language = "en"
reliability = "B"

[[claim]]
id = "gazette-population"
subject = "city/population"
value = "about 120,000"
quote = "About 120,000 people now live in the city."
confidence = "moderate"

[[claim]]
id = "gazette-ring-road"
subject = "city/ring-road"
value = "12 miles"
unit = "mi"
quote = "The ring road runs for 12 miles."
confidence = "high"
"""

ZEITUNG = """
[[source]]
id = "zeitung-2025-01"
title = "Die Stadt wächst"
publisher = "Beispiel-Zeitung"
published = 2025-01-14
language = "de"
reliability = "C"

[[claim]]
id = "zeitung-population"
subject = "city/population"
value = "rund 118.500"
quote = "In der Stadt leben rund 118.500 Menschen."
confidence = "moderate"
"""

COUNCIL = """
[[source]]
id = "council-2025-02"
title = "Annual report"
publisher = "City Council"
published = 2025-02-03
reliability = "A"

[[claim]]
id = "council-population"
subject = "city/population"
value = "121,437"
quote = "The city had 121,437 residents."
confidence = "high"

[[claim]]
id = "council-ring-road"
subject = "city/ring-road"
value = "19.3 km"
quote = "The ring road is 19.3 km long."
confidence = "high"
"""


@pytest.fixture
def exported(tmp_path, monkeypatch):
    """The example store's `claims list --format jsonl` as claims.jsonl, and as two stores'
    exports, in the current directory."""
    monkeypatch.chdir(tmp_path)
    write_tree(
        tmp_path,
        {
            "claims/subjects/city.toml": SUBJECTS,
            "claims/sources/gazette-2025-01.toml": GAZETTE,
            "claims/sources/zeitung-2025-01.toml": ZEITUNG,
            "claims/sources/council-2025-02.toml": COUNCIL,
        },
    )
    result = CliRunner().invoke(cli, ["list", "--format", "jsonl"], catch_exceptions=False)
    assert (result.exit_code, result.stderr) == (0, "")
    for name in ("claims.jsonl", "newsroom-a.jsonl", "newsroom-b.jsonl"):
        (tmp_path / name).write_text(result.stdout, encoding="utf-8")
    return tmp_path


def test_the_page_has_the_examples_the_issue_asks_for():
    queries = [sql for sql, _ in EXAMPLE.findall(DOC.read_text(encoding="utf-8"))]
    assert len(queries) == 5
    assert all("read_json_auto(" in sql for sql in queries)
    assert any("GROUP BY subject" in sql for sql in queries)
    assert any("GROUP BY source" in sql for sql in queries)
    assert any("min(parsed.low)" in sql and "max(parsed.high)" in sql for sql in queries)


@pytest.mark.parametrize("at", range(5))
def test_each_query_on_the_page_gives_the_result_shown(exported, at):
    sql, shown = EXAMPLE.findall(DOC.read_text(encoding="utf-8"))[at]
    rows = duckdb.connect().execute(sql).fetchall()
    assert [[str(v) for v in row] for row in rows] == [line.split() for line in shown.splitlines()]


def test_the_quantities_are_in_the_subjects_unit_whatever_the_language(exported):
    rows = (
        duckdb.connect()
        .execute(
            "SELECT id, parsed.low, parsed.high, parsed.unit, source "
            "FROM read_json_auto('claims.jsonl') ORDER BY id"
        )
        .fetchall()
    )
    assert rows == [
        ("council-population", 121437.0, 121437.0, "people", "council-2025-02"),
        ("council-ring-road", 19.3, 19.3, "km", "council-2025-02"),
        ("gazette-population", 108000.0, 132000.0, "people", "gazette-2025-01"),
        ("gazette-ring-road", 19.312128, 19.312128, "km", "gazette-2025-01"),
        ("zeitung-population", 106650.0, 130350.0, "people", "zeitung-2025-01"),
    ]
