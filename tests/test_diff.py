"""`claims diff`: record and conflict changes between revisions of a real git repository."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from claimledger.changes import FieldChange, record_changes
from claimledger.diff_report import render_diff_markdown
from claimledger.review import review

from .conftest import SOURCE, SUBJECT, TODAY, claim
from .gitrepo import Repo, claims

GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).resolve().parent.parent

HERALD = """
[[source]]
id = "herald"
title = "Census special"
publisher = "Herald"
published = "2025-03"
reliability = "A"
"""


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """main: four claims that agree; feature: one changed, one added, one removed, one moved."""
    repo = Repo(tmp_path / "repo")
    repo.write(
        {
            "claims/subjects/city.toml": SUBJECT,
            "claims/sources/gazette.toml": SOURCE
            + claim("c1", '"about 100"')
            + claim("c3", '"about 95"')
            + claim("c4", '"about 100"'),
            "claims/sources/herald.toml": HERALD + claim("h1", '"about 100"', "herald"),
        }
    )
    repo.commit("base store")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write(
        {
            "claims/sources/gazette.toml": SOURCE + claim("c1", '"about 100"'),
            "claims/sources/herald.toml": HERALD
            + claim("h1", '"about 200"', "herald").replace('"moderate"', '"high"')
            + claim("h2", '"nearly 200"', "herald")
            + claim("c4", '"about 100"'),
        }
    )
    repo.commit("herald revises the population", author="Grace Hopper")
    monkeypatch.chdir(repo.path)
    return repo


def test_records_are_matched_by_id_not_by_file(repo):
    result = review(repo.path / "claims", "main...feature", None, TODAY)
    summary = [(r.kind, r.id, r.change, r.subject) for r in result.records]
    assert summary == [
        ("claim", "c3", "removed", "city/population"),
        ("claim", "h1", "changed", "city/population"),
        ("claim", "h2", "added", "city/population"),
    ]  # c4 moved to herald.toml unchanged: not a change
    assert result.records[1].fields == (
        FieldChange("value", "about 100", "about 200", "[90, 110]", "[180, 220]"),
        FieldChange("confidence", "moderate", "high"),
    )


def test_only_changed_files_are_looked_at(repo):
    result = review(repo.path / "claims", "main", "feature", TODAY)
    assert record_changes(result.old, result.new, ["claims/subjects/city.toml"]) == []


def test_conflict_opened(repo):
    result = review(repo.path / "claims", "main...feature", None, TODAY)
    [change] = result.conflicts
    assert (change.subject, change.change, change.old) == ("city/population", "opened", None)
    assert change.new.severity == "error"
    assert change.opened_pairs == (("c1", "h1"), ("c1", "h2"), ("c4", "h1"), ("c4", "h2"))


def test_markdown_golden(repo):
    result = claims("diff", "main...feature", "--format", "markdown")
    assert result.exit_code == 0
    golden = GOLDEN / "diff_feature.md"
    if os.environ.get("CLAIMS_REGOLD"):  # CLAIMS_REGOLD=1 pytest: rewrite, then review the diff
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_markdown_is_cut_with_a_note(repo):
    result = review(repo.path / "claims", "main...feature", None, TODAY)
    text = render_diff_markdown(result, limit=1500)
    assert len(text) <= 1500
    assert text.endswith(
        "**Report cut to stay under 1,500 characters** — 1 subject section(s) left out: "
        "`city/population`. Run `claims diff` locally for the full report.\n"
    )
    assert "| `city/population` | +1 claim, ~1 claim, −1 claim | opened · severity error |" in text


def test_json_is_one_document(repo):
    result = claims("diff", "main", "feature", "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["base"]["rev"] == "main" and doc["head"]["rev"] == "feature"
    assert doc["summary"] == {
        "records": {"claim": {"added": 1, "changed": 1, "removed": 1}},
        "conflicts": {
            "opened": 1,
            "widened": 0,
            "stale": 0,
            "still-open": 0,
            "resolved": 0,
            "closed": 0,
        },
    }
    h1 = doc["records"][1]
    assert h1["fields"][0] == {
        "field": "value",
        "old": "about 100",
        "new": "about 200",
        "old_parsed": "[90, 110]",
        "new_parsed": "[180, 220]",
    }
    assert doc["conflicts"][0]["new"]["status"] == "open"


def test_working_tree_against_head_and_resolution_closes(repo):
    repo.write(
        {
            "claims/resolutions/city.toml": """
            [[resolution]]
            id = "r1"
            claims = ["c1", "c4", "h1", "h2"]
            verdict = "prefer"
            preferred = "h1"
            note = "The census is newer."
            """
        }
    )
    result = review(repo.path / "claims", None, None, TODAY)
    assert [(r.kind, r.id, r.change) for r in result.records] == [("resolution", "r1", "added")]
    assert [(c.subject, c.change) for c in result.conflicts] == [("city/population", "resolved")]
    repo.remove("claims/resolutions/city.toml")
    repo.write({"claims/sources/herald.toml": HERALD + claim("c4", '"about 100"')})
    result = review(repo.path / "claims", None, None, TODAY)
    assert [(c.change, c.closed_pairs) for c in result.conflicts] == [
        ("closed", (("c1", "h1"), ("c1", "h2"), ("c4", "h1"), ("c4", "h2")))
    ]


def test_text_view(repo):
    result = claims("diff", "main...feature")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "merge base of main and feature (d6c6829) → feature (68e76ac)"
    assert "~ claim h1  changed · claims/sources/herald.toml" in lines
    assert '    value: "about 100"  [90, 110] → "about 200"  [180, 220]' in lines
    assert lines[-1] == "claims: 1 added, 1 changed, 1 removed. Conflicts: 1 opened."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "unknown revision 'nope'"),
        (["--", "--output=x"], "invalid revision '--output=x'"),
        (["main..--output=x"], "invalid revision '--output=x'"),
    ],
)
def test_bad_revisions_exit_2(repo, args, message):
    result = claims("diff", *args)
    assert result.exit_code == 2
    assert f"Error: {message}" in result.output
    assert not (repo.path / "x").exists()


def test_not_a_repository_exit_2(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "tests" / "golden", tmp_path / "claims")  # any folder named claims
    monkeypatch.chdir(tmp_path)
    result = claims("diff")
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.output


def test_store_missing_at_revision_exit_2(repo):
    repo.git("checkout", "-q", "--orphan", "empty")
    repo.git("rm", "-rq", "--cached", ".")
    (repo.path / "README").write_text("no store yet\n")
    repo.git("add", "README")
    repo.git("commit", "-q", "-m", "unrelated")  # claims/ stays on disk, untracked
    result = claims("diff", "empty", "feature")
    assert result.exit_code == 2
    assert "Error: no store folder claims/ at revision empty" in result.output


def test_merge_conflict_markers_are_refused(repo):
    path = repo.path / "claims/sources/gazette.toml"
    path.write_text("<<<<<<< HEAD\na = 1\n=======\na = 2\n>>>>>>> feature\n")
    result = claims("diff")
    assert result.exit_code == 2
    assert (
        "Error: claims/sources/gazette.toml:1: unresolved git merge conflict in working tree"
    ) in result.output


def test_shipped_store_branch_adding_about_40_militias(tmp_path, monkeypatch):
    """Done-when: a branch adds "about 40" militias; diff and check --since show only that."""
    repo = Repo(tmp_path / "copy")
    shutil.copytree(ROOT / "claims", repo.path / "claims")
    repo.commit("shipped store")
    repo.git("checkout", "-q", "-b", "branch")
    source = "claims/sources/web-2025-06-unmasking-iran-backed-militias.toml"
    with open(repo.path / source, "a", encoding="utf-8") as f:
        f.write(
            "\n" + claim("forty-militias", '"about 40"', "web-2025-06-unmasking-iran-backed-militias",
                         "iraq/iran-backed-militias/count", unit='"militias"')
        )  # fmt: skip
    repo.commit("about 40 militias")
    monkeypatch.chdir(repo.path)
    md = claims("diff", "main...branch", "--format", "markdown").stdout
    assert "**+ claim `forty-militias`** added" in md
    assert '| value | "about 40" *[36, 44]* |' in md
    assert (
        "- now disagreeing: `alhurra-militia-count` ↔ `forty-militias`, "
        "`forty-militias` ↔ `unmasking-militia-count`\n"
    ) in md
    head = [line for line in md.splitlines() if line.startswith("| | position")]
    assert len(head) == 1 and head[0].count("position") == 3  # sources side by side
    checked = claims("check", "--since", "main", "--format", "gcc")
    lines = checked.stdout.splitlines()
    assert len(lines) == 3 and all(line.endswith("[conflict]") for line in lines)
    assert all("“about 40”" in line for line in lines)  # the three claims now disagreeing


def test_conflict_engine_runs_on_affected_subjects_only_with_the_same_result():
    """A claim on town contradicts x1 on city: retracting x1 closes the town group."""
    from claimledger.changes import affected_subjects, conflict_changes

    from .conftest import store_of

    town = SUBJECT.replace("city", "town")
    files = {"claims/s.toml": SUBJECT + town + SOURCE, "claims/y.toml": ""}
    before = {
        **files,
        "claims/x.toml": claim("x1", '"about 100"'),
        "claims/y.toml": claim("y1", '"about 10"', subject="town/population", contradicts='["x1"]'),
    }
    after = {**before, "claims/x.toml": claim("x1", '"about 100"', status='"retracted"')}
    old, new = store_of(before), store_of(after)
    records = record_changes(old, new, ["claims/x.toml"])
    assert [r.id for r in records] == ["x1"]
    affected = affected_subjects(records, old, new)
    assert affected == {"city/population", "town/population"}
    full = conflict_changes(old, new, TODAY, set(), None)
    assert conflict_changes(old, new, TODAY, set(), affected) == full
    assert [(c.subject, c.change) for c in full] == [("town/population", "closed")]
