"""`claims export --format claimreview`: one ClaimReview per judged claim, checked against
Google's rules (a JSON Schema) and expanded with PyLD against the schema.org context."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli

from .conftest import SOURCE, SUBJECT, claim, write_tree

VENDOR = Path(__file__).parent / "vendor"
SETTINGS = """
reviewer = "Fact Desk"
reviewer_url = "https://factdesk.example"
review_url = "https://factdesk.example/checks/{claim}"
"""
HERALD = """
[[source]]
id = "herald"
title = "Census row"
publisher = "Herald"
url = "https://herald.example/census"
published = 2025-02-03
reliability = "B"
"""
RESOLUTIONS = """
[[resolution]]
id = "pop-prefer"
claims = ["c1", "c2"]
verdict = "prefer"
preferred = "c1"
note = "The census office confirms about 100."
by = "Desk"
on = 2026-11-20

[[resolution]]
id = "pop-scope"
claims = ["c3", "c4"]
verdict = "scope-mismatch"
note = "One counts the old town only."

[[resolution]]
id = "pop-error"
claims = ["c5", "c6"]
verdict = "source-error"
note = "Both misread the table."
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def judged(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    claims = "".join(claim(f"c{n}", f'"{n}00"') for n in (1, 3, 5))
    claims_herald = "".join(
        claim(f"c{n}", f'"{n}00"', source="herald", claimant='"Mayor Pat Jones"') for n in (2, 4, 6)
    )
    write_tree(
        tmp_path,
        {
            "claims/.claims.toml": SETTINGS,
            "claims/sources/gazette.toml": SOURCE + claims.replace('"100"', '"about 100"'),
            "claims/sources/herald.toml": HERALD + claims_herald,
            "claims/subjects/city.toml": SUBJECT,
            "claims/resolutions/city.toml": RESOLUTIONS,
        },
    )
    return tmp_path / "claims"


def test_one_review_per_judged_claim_with_every_field(judged):
    result = run("export", "--format", "claimreview")
    assert result.exit_code == 0
    reviews = json.loads(result.output)
    # prefer: c1 upheld, c2 rejected; scope-mismatch rates nothing; source-error without a
    # preferred claim rejects both.
    assert [(r["url"].rsplit("/", 1)[1], r["reviewRating"]["alternateName"]) for r in reviews] == [
        ("c5", "False"),
        ("c6", "False"),
        ("c1", "True"),
        ("c2", "False"),
    ]
    assert reviews[3] == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factdesk.example/checks/c2",
        "claimReviewed": "How many people live in the city? — 200",
        "datePublished": "2026-11-20",
        "author": {"@type": "Organization", "name": "Fact Desk", "url": "https://factdesk.example"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Mayor Pat Jones"},
            "datePublished": "2025-02-03",
            "appearance": {
                "@type": "CreativeWork",
                "headline": "Census row",
                "url": "https://herald.example/census",
                "publisher": {"@type": "Organization", "name": "Herald"},
            },
            "firstAppearance": {
                "@type": "CreativeWork",
                "headline": "Census row",
                "url": "https://herald.example/census",
                "publisher": {"@type": "Organization", "name": "Herald"},
            },
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "False",
            "name": "False",
            "ratingExplanation": "The census office confirms about 100.",
        },
    }
    # No `on`: the review is dated the day of the export; a month-precise source date stays one.
    assert reviews[0]["datePublished"] == "2026-11-21"
    assert reviews[2]["itemReviewed"]["datePublished"] == "2025-01"
    assert reviews[2]["itemReviewed"]["author"] == {"@type": "Organization", "name": "Gazette"}


def test_the_google_rules_are_a_valid_json_schema():
    import jsonschema

    schema = json.loads((VENDOR / "claimreview-google.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_review_validates_against_the_google_schema(judged):
    import jsonschema

    schema = json.loads((VENDOR / "claimreview-google.schema.json").read_text())
    reviews = json.loads(run("export", "--format", "claimreview").output)
    jsonschema.validate(reviews, schema)
    broken = [{k: v for k, v in reviews[0].items() if k != "claimReviewed"}]
    with pytest.raises(jsonschema.ValidationError, match="claimReviewed"):
        jsonschema.validate(broken, schema)


def test_every_term_expands_to_a_schema_org_iri(judged):
    from pyld import jsonld

    context_doc = json.loads((VENDOR / "schemaorg-context-claimreview.jsonld").read_text())
    defined = {
        "http://schema.org/" + term
        for term in context_doc["@context"]
        if not term.startswith("@") and term not in ("type", "id", "schema")
    }

    def loader(url, options=None):
        if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
            raise ValueError(f"no network in tests: {url}")
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": context_doc,
        }

    reviews = json.loads(run("export", "--format", "claimreview").output)
    expanded = jsonld.expand(reviews, options={"documentLoader": loader})
    assert len(expanded) == 4
    used = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if not key.startswith("@"):
                    used.add(key)
                if key == "@type":
                    used.update([value] if isinstance(value, str) else value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(expanded)
    assert used <= defined, used - defined
    review = expanded[0]
    assert review["@type"] == ["http://schema.org/ClaimReview"]
    assert review["http://schema.org/url"] == [{"@id": "https://factdesk.example/checks/c5"}]


def test_a_subject_glob_keeps_only_matching_subjects(judged):
    result = run("export", "--format", "claimreview", "country/*")
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    assert result.stderr == (
        "No judged claims: a ClaimReview comes from a resolution whose verdict is prefer "
        "or source-error (claims resolve).\n"
    )


def test_without_the_reviewer_settings_a_clear_message_and_exit_2(judged):
    (judged / ".claims.toml").write_text('reviewer = "Fact Desk"\n')
    result = run("export", "--format", "claimreview")
    assert result.exit_code == 2
    assert result.output.startswith(
        "Error: claimreview needs reviewer_url, review_url in the store's .claims.toml"
    )


def test_a_bad_review_url_is_a_finding_of_check(judged):
    (judged / ".claims.toml").write_text(SETTINGS.replace("{claim}", "{slug}"))
    result = run("check", "--format", "gcc")
    assert "review_url knows {claim}, {resolution}, {subject}, not {slug}" in result.output
    assert result.exit_code == 1


def test_an_unreadable_file_is_named_and_the_export_exits_1(judged):
    (judged / "sources" / "broken.toml").write_text('[[source]]\nid = "x\n')
    result = CliRunner().invoke(cli, ["export", "--format", "claimreview"])
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)) == 4
    assert result.stderr.startswith("claims: could not read claims/sources/broken.toml:2:")
