"""The JSON Schema of claim files: generated from the model, shipped, and strict."""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft4Validator

from claimledger.cli.main import cli
from claimledger.render.records import plain
from claimledger.tomlstore.schema import claims_schema, schema_json

REPO = Path(__file__).resolve().parent.parent
VALIDATOR = Draft4Validator(claims_schema())


def _errors(toml_text: str) -> list[str]:
    # Editors (taplo) see TOML dates as strings; plain() does the same.
    data = plain(tomllib.loads(toml_text))
    return sorted(e.message for e in VALIDATOR.iter_errors(data))


def test_cli_prints_the_shipped_schema():
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    shipped = resources.files("claimledger").joinpath("claims.schema.json").read_text("utf-8")
    assert result.output == shipped == schema_json()


def test_schema_is_draft_04():
    Draft4Validator.check_schema(claims_schema())
    assert claims_schema()["$schema"] == "http://json-schema.org/draft-04/schema#"


@pytest.mark.parametrize("path", sorted((REPO / "claims").rglob("*.toml")), ids=lambda p: p.name)
def test_shipped_store_validates(path):
    assert _errors(path.read_text(encoding="utf-8")) == []


CLAIM = """
[[claim]]
id = "a"
subject = "city/population"
value = "about 120,000"
source = "gazette"
quote = "About 120,000 people live here."
confidence = "moderate"
date = 2025-01-02
"""


def test_valid_claim_with_toml_date():
    assert _errors(CLAIM) == []


def test_missing_field():
    assert _errors(CLAIM.replace('quote = "About 120,000 people live here."\n', "")) == [
        "'quote' is a required property"
    ]


def test_missing_value_and_bounds():
    assert _errors(CLAIM.replace('value = "about 120,000"\n', "")) == [
        "{'id': 'a', 'subject': 'city/population', 'source': 'gazette', 'quote': 'About 120,000 "
        "people live here.', 'confidence': 'moderate', 'date': '2025-01-02'} is not valid under "
        "any of the given schemas"
    ]


def test_wrong_types():
    text = CLAIM.replace('confidence = "moderate"', "confidence = 101").replace(
        'subject = "city/population"', "subject = 3"
    )
    assert _errors(text) == [
        "101 is not valid under any of the given schemas",
        "3 is not of type 'string'",
    ]


def test_unknown_key_and_unknown_table():
    text = CLAIM + 'colour = "red"\n\n[[sauce]]\nid = "x"\n'
    assert _errors(text) == [
        "Additional properties are not allowed ('colour' was unexpected)",
        "Additional properties are not allowed ('sauce' was unexpected)",
    ]


def test_bad_enum_and_id():
    text = '[[source]]\nid = "Bad Id"\ntitle = "T"\npublisher = "P"\nreliability = "G"\n'
    assert _errors(text) == [
        "'Bad Id' does not match '^[a-z0-9][a-z0-9._-]*$'",
        "'G' is not one of ['A', 'B', 'C', 'D', 'E', 'F']",
    ]


def test_prefer_needs_preferred():
    text = '[[resolution]]\nid = "r"\nclaims = ["a", "b"]\nverdict = "prefer"\nnote = "n"\n'
    assert len(_errors(text)) == 1
    assert _errors(text + 'preferred = "a"\n') == []


def test_taplo_config_points_at_the_shipped_schema():
    config = tomllib.loads((REPO / ".taplo.toml").read_text())
    (rule,) = config["rule"]
    assert rule["include"] == ["claims/**/*.toml"]
    schema_path = REPO / rule["schema"]["path"]
    assert json.loads(schema_path.read_text()) == claims_schema()
