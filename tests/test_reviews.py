"""`claims import --format claimreview` and `[[review]]` records: in check, show and scan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli

from .conftest import SOURCE, SUBJECT, claim, write_tree

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factdesk.example/checks/budget",
    "claimReviewed": "The city budget doubled in 2024",
    "datePublished": "2024-03-20",
    "inLanguage": "en",
    "author": {"@type": "Organization", "name": "Fact Desk", "url": "https://factdesk.example"},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Pat Jones"},
        "datePublished": "2024-03-14",
        "appearance": {"@type": "CreativeWork", "url": "https://x.example/p/1"},
    },
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
    },
}
PAGE = f"""<!doctype html>
<html><head><title>Fact check: the budget</title>
<script type="application/ld+json">{json.dumps(REVIEW)}</script>
</head><body><p>Our verdict: False.</p></body></html>
"""
API = {
    "claims": [
        {
            "text": "The city budget doubled in 2024",
            "claimant": "Pat Jones",
            "claimDate": "2024-03-14T00:00:00Z",
            "claimReview": [
                {
                    "publisher": {"name": "Fact Desk", "site": "factdesk.example"},
                    "url": "https://factdesk.example/checks/budget",
                    "title": "Did the budget double?",
                    "reviewDate": "2024-03-20T00:00:00Z",
                    "textualRating": "False",
                    "languageCode": "en",
                }
            ],
        }
    ]
}
FACT_DESK = """
[[source]]
id = "fact-desk"
title = "Fact Desk"
publisher = "Fact Desk"
reliability = "B"
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_tree(
        tmp_path,
        {
            "claims/sources/gazette.toml": SOURCE + claim("c1", '"about 100"'),
            "claims/subjects/city.toml": SUBJECT,
        },
    )
    return tmp_path / "claims"


def test_a_review_becomes_source_claim_and_review(store, tmp_path):
    (tmp_path / "review.json").write_text(json.dumps(REVIEW))
    result = run("import", "review.json", "--format", "claimreview")
    assert (result.exit_code, result.output) == (
        0,
        "imported 1 source(s), 1 subject(s), 1 claim(s), 1 review(s): "
        "claims/reviews/fact-checks.toml, claims/sources/pat-jones-8e2c99.toml, "
        "claims/subjects/fact-checks.toml\n",
    )
    assert (store / "sources" / "pat-jones-8e2c99.toml").read_text() == (
        "[[source]]\n"
        'id = "pat-jones-8e2c99"\n'
        'title = "Where Fact Desk found the claim"\n'
        'publisher = "Pat Jones"\n'
        'url = "https://x.example/p/1"\n'
        "\n"
        "[[claim]]\n"
        'id = "the-city-budget-doubled-in-7f3136"\n'
        'subject = "fact-checks/reviewed"\n'
        'value = "The city budget doubled in 2024"\n'
        'source = "pat-jones-8e2c99"\n'
        'date = "2024-03-14"\n'
        'quote = "The city budget doubled in 2024"\n'
        'status = "draft"\n'
    )
    assert (store / "reviews" / "fact-checks.toml").read_text() == (
        "[[review]]\n"
        'id = "fact-desk-dfe2b0"\n'
        'claim = "the-city-budget-doubled-in-7f3136"\n'
        'reviewer = "Fact Desk"\n'
        'rating = "False"\n'
        "rating_value = 1\n"
        "best_rating = 5\n"
        "worst_rating = 1\n"
        'url = "https://factdesk.example/checks/budget"\n'
        'date = "2024-03-20"\n'
        'language = "en"\n'
    )
    check = run("check")
    assert check.output.endswith("0 errors, 0 warnings, 0 info in 5 files\n")
    again = run("import", "review.json", "--format", "claimreview")
    assert again.stdout == "imported nothing new: nothing to write\n"


@pytest.mark.parametrize("name, text", [("page.html", PAGE), ("api.json", json.dumps(API))])
def test_a_saved_page_and_an_api_response_give_the_same_review(store, tmp_path, name, text):
    (tmp_path / name).write_text(text)
    result = run("import", name, "--format", "claimreview")
    assert result.exit_code == 0, result.output
    review = (store / "reviews" / "fact-checks.toml").read_text()
    assert 'reviewer = "Fact Desk"\nrating = "False"\n' in review
    assert 'url = "https://factdesk.example/checks/budget"\ndate = "2024-03-20"\n' in review


def test_a_file_without_reviews_is_one_message(store, tmp_path):
    (tmp_path / "empty.html").write_text("<html><body>No markup</body></html>")
    result = run("import", "empty.html", "--format", "claimreview")
    assert (result.exit_code, result.output) == (
        2,
        "Error: empty.html: no ClaimReview found (JSON-LD, a page holding it, or a Fact Check "
        "Tools API response)\n",
    )


def test_a_reputable_false_rating_is_a_warning_on_the_claim(store):
    (store / "sources" / "fact-desk.toml").write_text(FACT_DESK.lstrip())
    (store / "reviews").mkdir()
    (store / "reviews" / "city.toml").write_text(
        '[[review]]\nid = "fd-1"\nclaim = "c1"\nreviewer = "Fact Desk"\nrating = "Pants on Fire"\n'
        'url = "https://factdesk.example/c1"\n\n'
        '[[review]]\nid = "fd-2"\nclaim = "c9"\nreviewer = "Fact Desk"\nrating = "True"\n'
    )
    result = run("check", "--format", "gcc")
    assert result.output.splitlines() == [
        "claims/reviews/city.toml:10:9: error: review 'fd-2' refers to unknown claim 'c9' "
        "[dangling-reference]",
        "claims/sources/gazette.toml:11:9: warning: claim 'c1' was rated Pants on Fire by "
        "Fact Desk (https://factdesk.example/c1) [reviewed-false]",
    ]
    assert result.exit_code == 1
    shown = json.loads(run("show", "c1", "--format", "json").output)["reviews"]
    assert [(r["id"], r["rating"], r["reputable"], r["rates_false"]) for r in shown] == [
        ("fd-1", "Pants on Fire", True, True)
    ]
    text = run("show", "c1").output
    assert "reviewed by" in text and "Fact Desk (reputable)" in text


def test_an_unrated_reviewer_is_not_reputable(store):
    (store / "reviews").mkdir()
    (store / "reviews" / "city.toml").write_text(
        '[[review]]\nid = "fd-1"\nclaim = "c1"\nreviewer = "Some Blog"\nrating = "False"\n'
    )
    assert run("check").exit_code == 0


def test_add_review_writes_beside_the_resolutions(store):
    result = run(
        "add",
        "review",
        "--claim",
        "c1",
        "--reviewer",
        "Fact Desk",
        "--rating",
        "Mostly false",
        "--date",
        "2026-03-02",
    )
    assert (result.exit_code, result.output) == (
        0,
        "added review fact-desk-c1 to claims/reviews/city.toml\n",
    )


def test_scan_says_who_rated_a_repeated_claim(store, tmp_path):
    (tmp_path / "review.json").write_text(json.dumps(REVIEW))
    run("import", "review.json", "--format", "claimreview")
    draft = Path("draft.md")
    draft.write_text(
        "# Budget\n\nOfficials said the city budget doubled in 2024, a record.\n\n"
        "The council meets on Tuesdays in the old town hall.\n"
    )
    result = run("scan", "draft.md", "--format", "gcc")
    assert result.output.splitlines() == [
        "draft.md:3:1: warning: this sentence repeats a reviewed claim: rated False by Fact Desk "
        "[prose-reviewed]"
    ]


def test_a_broken_json_ld_block_beside_the_review_is_left_out(store, tmp_path):
    broken = PAGE.replace("</head>", '<script type="application/ld+json">{"x": </script></head>')
    (tmp_path / "page.html").write_text(broken)
    result = run("import", "page.html", "--format", "claimreview")
    assert result.exit_code == 0
    assert result.output.startswith("imported 1 source(s), 1 subject(s), 1 claim(s), 1 review(s)")


def test_the_editor_follows_a_review_to_its_claim(store):
    import datetime

    from claimledger.editor.workspace import Workspace

    (store / "sources" / "fact-desk.toml").write_text(FACT_DESK.lstrip())
    review = store / "reviews" / "city.toml"
    review.parent.mkdir()
    text = '[[review]]\nid = "fd-1"\nclaim = "c1"\nreviewer = "Fact Desk"\nrating = "False"\n'
    review.write_text(text)
    ws = Workspace(str(store), today=datetime.date(2026, 11, 21))

    def codes(found):
        return {Path(f).name: [d.code for d in ds] for f, ds in found.items() if ds}

    assert codes(ws.load()) == {"gazette.toml": ["reviewed-false"]}
    assert codes(ws.update(str(review), text.replace('"c1"', '"c2"'))) == {
        "city.toml": ["dangling-reference"]
    }
    assert codes(ws.update(str(review), text.replace("False", "Mostly true"))) == {}
    assert codes(ws.update(str(review), text)) == {"gazette.toml": ["reviewed-false"]}


def test_diff_shows_a_changed_review_under_its_claims_subject(tmp_path, monkeypatch):
    from .gitrepo import Repo

    repo = Repo(tmp_path / "repo")
    review = '[[review]]\nid = "fd-1"\nclaim = "c1"\nreviewer = "Fact Desk"\nrating = "False"\n'
    repo.write(
        {
            "claims/sources/gazette.toml": SOURCE + claim("c1", '"about 100"'),
            "claims/subjects/city.toml": SUBJECT,
            "claims/reviews/city.toml": review,
        }
    )
    repo.commit("a review")
    repo.write({"claims/reviews/city.toml": review.replace("False", "Mostly false")})
    monkeypatch.chdir(repo.path)
    doc = json.loads(run("diff", "--format", "json").output)
    assert [(r["kind"], r["id"], r["change"], r["subject"]) for r in doc["records"]] == [
        ("review", "fd-1", "changed", "city/population")
    ]


@pytest.mark.parametrize(
    ("rating", "false"),
    [("False", True), ("Yanlış", True), ("YANLIŞ", True), ("Doğru", False), ("Mostly true", False)],
)
def test_false_verdict_words_in_several_languages(rating, false):
    from claimledger.model.records import Review, rates_false

    assert rates_false(Review(id="r", claim="c", reviewer="Teyit", rating=rating)) is false
