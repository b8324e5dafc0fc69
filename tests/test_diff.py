"""`claims diff`: record and conflict changes between revisions of a real git repository."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from claimledger.checks.changes import FieldChange, record_changes
from claimledger.git.review import review
from claimledger.render.diff import render_diff_markdown

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
    assert change.opened == ("c1", "c4", "h1", "h2")


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
    assert [(c.change, c.closed) for c in result.conflicts] == [
        ("closed", ("c1", "c4", "h1", "h2"))
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
    assert "- now in conflict: `forty-militias`\n" in md
    head = [line for line in md.splitlines() if line.startswith("| | position")]
    assert len(head) == 1 and head[0].count("position") == 3  # sources side by side
    checked = claims("check", "--since", "main", "--format", "gcc")
    lines = checked.stdout.splitlines()
    # one finding for the widened conflict: its claims are not the ones judged before
    (line,) = lines
    assert line.endswith("[conflict]") and "3 positions: " in line and "about 40 (" in line


def test_conflict_engine_runs_on_affected_subjects_only_with_the_same_result():
    """A claim on town contradicts x1 on city: retracting x1 closes the town group."""
    from claimledger.checks.changes import affected_subjects, conflict_changes

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


# The scoped review (only the files a change reaches, found through the blob index) against
# both stores loaded whole, on generated repositories with random changes.

GENERATED_LINKS = """
[[claim]]
id = "x-contradicts"
subject = "{a}"
value = "about 5"
source = "src000001"
quote = "A curator's link across subjects."
confidence = "high"
contradicts = ["{b}"]

[[claim]]
id = "x-supersedes"
subject = "{a}"
value = "about 7"
source = "src000002"
quote = "A newer figure."
supersedes = "{d}"
"""


def _blocks(text: str) -> list[str]:
    parts = text.split("\n[[")
    return [parts[0]] + ["[[" + p for p in parts[1:]]


def _generated_repo(path: Path, seed: int):
    """A committed store of 300 generated claims with cross-subject links and a duplicate id;
    returns the repo, its files and the claim ids by subject."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    from claimledger.tomlstore.store import load_texts

    files = {f"claims/{p}": t for p, t in generate(300, seed).items()}
    store = load_texts(files)
    subjects = sorted(store.claims_by_subject)
    by_subject = {s: sorted(c.id for c in store.claims_by_subject[s]) for s in subjects}
    a, b, c = subjects[1], subjects[2], subjects[3]  # x-supersedes, on a, supersedes one on c
    files["claims/sources/links.toml"] = GENERATED_LINKS.format(
        a=a, b=by_subject[b][0], d=by_subject[c][0]
    )
    dup = _blocks(files["claims/sources/src000003.toml"])[1]  # a claim defined again, later,
    subject_line = next(x for x in dup.splitlines() if x.startswith("subject = "))
    dup = dup.replace(subject_line, f'subject = "{subjects[4]}"')  # on another subject
    files["claims/sources/zz-dup.toml"] = dup
    repo = Repo(path)
    repo.write(files)
    repo.commit("generated store")
    return repo, files, by_subject


def _targeted(files: dict[str, str], by_subject: dict[str, list[str]]) -> dict:
    """Changes whose effect hangs on records in files the change does not touch."""
    subjects = sorted(by_subject)
    b, c, e = subjects[2], subjects[3], subjects[4]

    def edit(cid: str, old: str, new: str) -> dict[str, str]:
        path = next(p for p, t in files.items() if f'id = "{cid}"' in t and "dup" not in p)
        block = next(x for x in _blocks(files[path]) if f'id = "{cid}"' in x)
        return {path: files[path].replace(block, block.replace(old, new, 1))}

    return {
        "superseded-elsewhere": edit(by_subject[c][1], "\nvalue = ", "\nvalue = 123456789\nx = "),
        "contradicted-retracted": edit(
            by_subject[b][0], "\nsubject", '\nstatus = "retracted"\nsubject'
        ),
        "contradicted-changed": edit(by_subject[b][0], "\nvalue = ", "\nvalue = 123456789\nx = "),
        "source-cited-elsewhere-a": edit("src000001", "reliability = ", 'reliability = "A"\nx = '),
        "source-cited-elsewhere-f": edit("src000001", "reliability = ", 'reliability = "F"\nx = '),
        "loser-on-touched-subject": {
            "claims/sources/new.toml": claim("n1", "123456789", "src000001", e)
        },
    }


def _mutations(files: dict[str, str], by_subject: dict[str, list[str]], rng) -> dict:
    """name -> {path: new text or None (deleted)}."""
    sources = sorted(p for p in files if "/sources/src" in p)
    src, other = rng.sample(sources, 2)
    blocks = _blocks(files[src])
    k = rng.randrange(2, len(blocks))
    subject = rng.choice(sorted(by_subject))
    claims_on = by_subject[subject]
    far = rng.choice([s for s in by_subject if s != subject])
    topic = next(p for p in files if "/subjects/" in p)
    resolution_file = next(p for p in files if "/resolutions/" in p)
    value_line = next(line for line in blocks[k].splitlines() if line.startswith("value = "))
    first_res = _blocks(files[resolution_file])
    return {
        "value": {src: files[src].replace(value_line, "value = 123456789", 1)},
        "value-of-dissent": {src: files[src].replace(value_line, 'value = "about 3"', 1)},
        "retract": {
            src: files[src].replace(
                blocks[k], blocks[k].replace("\nsubject", '\nstatus = "retracted"\nsubject', 1)
            )
        },
        "move": {src: files[src].replace(blocks[k], ""), other: files[other] + "\n" + blocks[k]},
        "delete-claim": {src: files[src].replace(blocks[k], "")},
        "delete-file": {src: None},
        "new-subject": {
            "claims/sources/new.toml": SUBJECT.replace("city", "newtown")
            + claim("n1", '"about 100"', "src000001", "newtown/population")
            + claim("n2", '"about 900"', "src000002", "newtown/population")
        },
        "resolution-added": {
            "claims/resolutions/new.toml": '[[resolution]]\nid = "rnew"\nclaims = ['
            + ", ".join(f'"{c}"' for c in claims_on)
            + ']\nverdict = "both-plausible"\nnote = "n"\n'
        },
        "resolution-removed": {resolution_file: "".join(first_res[:1] + first_res[2:])},
        "contradicts": {
            src: files[src].replace(
                blocks[k],
                blocks[k].replace(
                    "\nsubject", f'\ncontradicts = ["{by_subject[far][0]}"]\nsubject', 1
                ),
            )
        },
        "supersedes": {
            other: files[other]
            + claim(
                "sup1",
                '"about 1"',
                other.rsplit("/", 1)[1][:-5],
                subject,
                supersedes=f'"{claims_on[0]}"',
            )
        },
        "reliability": {
            src: files[src].replace("reliability = ", 'reliability = "A"\nx_old = ', 1)
        },
        "subject-kind": {topic: files[topic].replace('kind = "quantity"', 'kind = "text"', 1)},
        "duplicate-first": {"claims/sources/aa-dup.toml": blocks[k].replace('"moderate"', '"low"')},
        "links-file": {"claims/sources/links.toml": None},
    }


def _same(root: Path, base: str | None, head: str | None) -> None:
    from claimledger.git.review import full_review, scoped_review
    from claimledger.git.revisions import repo_top, resolve_range, store_folder
    from claimledger.render.diff import render_diff_json

    top = repo_top(root)
    folder = store_folder(top, root)
    old_side, new_side = resolve_range(top, base, head)
    full = full_review(top, folder, old_side, new_side, TODAY)
    fast = scoped_review(root, top, folder, old_side, new_side, TODAY)
    assert fast is not None
    assert render_diff_json(fast) == render_diff_json(full)
    assert render_diff_markdown(fast) == render_diff_markdown(full)
    assert len(fast.old.files) < len(full.old.files)  # it did read less


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_scoped_review_equals_full_review(tmp_path, monkeypatch, seed):
    """Random edits of each kind, on three generated stores."""
    import random

    repo, files, by_subject = _generated_repo(tmp_path / "repo", seed)
    monkeypatch.chdir(repo.path)
    _each_change_reviewed_alike(repo, _mutations(files, by_subject, random.Random(seed)))


def test_scoped_review_equals_full_review_where_untouched_files_decide(tmp_path, monkeypatch):
    """The targeted changes name their records by position, not by chance: one store shows
    them all (they once ran for every seed above, for nothing new)."""
    repo, files, by_subject = _generated_repo(tmp_path / "repo", 1)
    monkeypatch.chdir(repo.path)
    _each_change_reviewed_alike(repo, _targeted(files, by_subject))


def _each_change_reviewed_alike(repo, changes: dict) -> None:
    """Each change in the working tree, then committed on a branch (both directions): the
    scoped review must equal the full one."""
    for n, (name, change) in enumerate(changes.items()):
        for mode in ("worktree", "commit"):
            if mode == "commit":
                repo.git("checkout", "-q", "-b", f"b{n}")
            for rel, text in change.items():
                if text is None:
                    repo.remove(rel)
                else:
                    repo.write({rel: text})
            if mode == "commit":
                repo.commit(name)
                _same(repo.path / "claims", "main", f"b{n}")
                _same(repo.path / "claims", f"b{n}", "main")  # and the change undone
                repo.git("checkout", "-q", "main")
            else:
                _same(repo.path / "claims", None, None)
                repo.git("checkout", "-q", "--", ".")
                repo.git("clean", "-qfd")


def test_scoped_review_sees_ignored_files_and_refuses_markers_alike(tmp_path, monkeypatch):
    repo, _, _ = _generated_repo(tmp_path / "repo", 4)
    monkeypatch.chdir(repo.path)
    repo.write({".gitignore": "claims/sources/ignored.toml\n"})
    repo.commit("ignore a file")
    repo.write(
        {
            "claims/sources/ignored.toml": claim(
                "ig1", '"about 3"', "src000001", "topic0000/area0/item000000"
            )
        }
    )
    _same(repo.path / "claims", None, None)
    repo.write(
        {"claims/sources/src000005.toml": "<<<<<<< HEAD\na = 1\n=======\na = 2\n>>>>>>> x\n"}
    )
    for _ in range(2):  # the second time from the index
        result = claims("diff")
        assert result.exit_code == 2
        assert (
            "claims/sources/src000005.toml:1: unresolved git merge conflict in working tree"
            in result.output
        )
    repo.commit("markers committed")
    assert "src000005.toml:1: unresolved git merge conflict in HEAD" in claims("diff").output


@pytest.mark.parametrize("setup", ["autocrlf", "attribute", "assume-unchanged", "skip-worktree"])
def test_scoped_review_steps_aside_when_git_cannot_vouch_for_the_disk(tmp_path, monkeypatch, setup):
    from claimledger.git.review import scoped_review
    from claimledger.git.revisions import repo_top, resolve_range, store_folder

    repo, files, _ = _generated_repo(tmp_path / "repo", 5)
    monkeypatch.chdir(repo.path)
    unchanged, changed = "claims/sources/src000003.toml", "claims/sources/src000001.toml"
    if setup == "autocrlf":
        repo.git("config", "core.autocrlf", "true")
    elif setup == "attribute":  # on a file whose blob the fast path would trust
        repo.write({".gitattributes": f"{unchanged} ident\n"})
        repo.commit("attributes")
    else:
        repo.git("update-index", f"--{setup}", unchanged)
    assert '"moderate"' in files[changed]
    repo.write({changed: files[changed].replace('"moderate"', '"high"')})
    root = repo.path / "claims"
    top = repo_top(root)
    old_side, new_side = resolve_range(top, None, None)
    assert scoped_review(root, top, store_folder(top, root), old_side, new_side, TODAY) is None
    assert '"high"' in claims("diff", "--format", "json").output  # the whole stores instead


def test_an_attribute_on_a_changed_file_only_keeps_the_scoped_review(tmp_path, monkeypatch):
    repo, files, _ = _generated_repo(tmp_path / "repo", 6)
    monkeypatch.chdir(repo.path)
    changed = "claims/sources/src000001.toml"
    repo.write({".gitattributes": f"{changed} ident\n"})
    repo.commit("attributes")
    repo.write({changed: files[changed].replace('"moderate"', '"high"')})
    _same(repo.path / "claims", None, None)  # read from disk anyway: nothing to distrust
