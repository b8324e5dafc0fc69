"""`check --since` and the relocatable cache: a fresh clone with the cache folder restored
answers from it; the base revision is checked once per content; unchanged files are parsed once.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from claimledger.checks.validation import CheckContext, run_checks
from claimledger.disk import cache
from claimledger.tomlstore import parse

from .conftest import TODAY
from .gitrepo import Repo, claims

ROOT = Path(__file__).resolve().parent.parent
EXTRA = """
[[claim]]
id = "zz-new"
subject = "topic0000/area0/item000000"
value = 999999.0
source = "no-such-source"
date = 2024-05-02
quote = "A figure nobody else gives: 999999."
confidence = "high"
"""

ARCHIVED = """
[[source]]
id = "archived"
title = "A report"
publisher = "Archive"
published = "2025-01"
reliability = "B"
archive = "report.txt"

[[claim]]
id = "zz-quoted"
subject = "topic0000/area0/item000000"
value = 5.0
source = "archived"
date = 2025-01-02
quote = "The city grew."
confidence = "high"
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """main: 300 generated claims; feature: one value changed and new findings in one file."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    repo = Repo(tmp_path / "first")
    repo.write({f"claims/{p}": t for p, t in generate(300, 3).items()})
    repo.write({"claims/sources/archived.toml": ARCHIVED, "claims/report.txt": "The city grew."})
    repo.commit("store")
    repo.git("checkout", "-q", "-b", "feature")
    path = repo.path / "claims/sources/src000002.toml"
    text = path.read_text(encoding="utf-8").replace('"moderate"', '"high"', 1)
    path.write_text(text + EXTRA, encoding="utf-8")
    repo.commit("one value changed, one claim added")
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tmp_path / "cache-first"))
    monkeypatch.chdir(repo.path)
    return repo


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths `parse_file` is called with, wherever it was imported."""
    calls: list[str] = []
    real = parse.parse_file

    def spy(path, data):  # type: ignore[no-untyped-def]
        calls.append(path)
        return real(path, data)

    for module in list(sys.modules.values()):
        ours = module and module.__name__.startswith("claimledger")
        if ours and getattr(module, "parse_file", None) is real:
            monkeypatch.setattr(module, "parse_file", spy)
    return calls


def since() -> tuple[int, str]:
    result = claims("check", "--since", "main", "--format", "json")
    return result.exit_code, result.stdout


def store_files(repo: Repo) -> int:
    return len(list((repo.path / "claims").rglob("*.toml")))


def clone(repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clone elsewhere on branch feature, with the first checkout's cache folder copied."""
    second = tmp_path / "elsewhere" / "second"
    repo.git("clone", "-q", "--no-local", str(repo.path), str(second))
    repo.git("-C", str(second), "branch", "-q", "main", "origin/main")
    shutil.copytree(tmp_path / "cache-first", tmp_path / "cache-restored")
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tmp_path / "cache-restored"))
    monkeypatch.chdir(second)
    return second


def expected_new(repo: Repo) -> set[tuple]:
    """What `--since main` must report, computed the plain way: both stores loaded whole."""
    from claimledger.git.revisions import files_at
    from claimledger.tomlstore.store import load_texts

    ctx = CheckContext(TODAY)
    base = run_checks(load_texts(files_at(repo.path, "main", "claims"), "claims"), ctx)
    head = run_checks(load_texts(files_at(repo.path, "feature", "claims"), "claims"), ctx)
    seen = {d.identity() for d in base}
    return {(d.code, d.file, d.line) for d in head if d.identity() not in seen}


def reported(output: str) -> set[tuple]:
    import json

    return {(d["code"], d["file"], d["line"]) for d in json.loads(output)["diagnostics"]}


def test_a_fresh_clone_with_the_restored_cache_parses_nothing(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]
) -> None:
    first = since()
    assert first[0] == 1 and reported(first[1]) == expected_new(repo) != set()
    clone(repo, tmp_path, monkeypatch)
    parses.clear()
    assert since() == first
    assert parses == []  # the head's findings and the base's identities came from the cache


def test_the_cache_folder_is_named_by_the_store_place_in_its_work_tree(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    since()
    first = cache.cache_dir(repo.path / "claims")
    second = clone(repo, tmp_path, monkeypatch)
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tmp_path / "cache-first"))
    assert cache.cache_dir(second / "claims") == first
    assert cache.index_name(second / "claims") != cache.index_name(repo.path / "claims")


def test_an_edit_after_restoring_checks_only_the_head(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]
) -> None:
    since()
    second = clone(repo, tmp_path, monkeypatch)
    path = second / "claims/sources/src000005.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"high"', '"low"', 1), "utf-8")
    parses.clear()
    code, out = since()
    assert len(parses) == store_files(repo)  # the head, once; the base came from the cache
    monkeypatch.setenv("CLAIMS_NO_CACHE", "1")
    assert since() == (code, out)


def test_without_a_cache_unchanged_base_files_reuse_the_head_parse(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, parses: list[str]
) -> None:
    monkeypatch.setenv("CLAIMS_NO_CACHE", "1")
    code, out = since()
    # Every head file, then only the one file whose bytes differ at main.
    assert len(parses) == store_files(repo) + 1
    assert parses[-1] == "claims/sources/src000002.toml"
    assert code == 1 and reported(out) == expected_new(repo)


def test_a_changed_archive_text_is_seen_by_the_cached_base(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, parses: list[str]
) -> None:
    since()
    (repo.path / "claims/report.txt").write_text("The town shrank.", encoding="utf-8")
    parses.clear()
    code, out = since()
    # Head and base are both checked again (the base reusing the head's unchanged parses).
    assert len(parses) == store_files(repo) + 1
    monkeypatch.setenv("CLAIMS_NO_CACHE", "1")
    assert since() == (code, out)


def test_a_cached_row_has_the_identity_of_its_diagnostic(repo: Repo) -> None:
    from claimledger.git.revisions import files_at
    from claimledger.model.diagnostics import encode_diagnostic, row_identity
    from claimledger.tomlstore.store import load_texts

    store = load_texts(files_at(repo.path, "feature", "claims"), "claims")
    found = run_checks(store, CheckContext(TODAY))
    assert {d.code for d in found} >= {"dangling-reference", "conflict"}
    for d in found:
        assert row_identity(encode_diagnostic(d)) == d.identity()


def test_a_big_base_is_checked_in_a_fork_beside_the_head_with_the_same_answer(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimledger.disk import parallel_check
    from claimledger.git import since

    if parallel_check.usable_cores() < 2:
        pytest.skip("one usable core: the base is computed in this process")
    in_process = claims("check", "--since", "main", "--format", "json")
    assert in_process.exit_code == 1 and "zz-new" in in_process.stdout
    forks: list[object] = []
    real = parallel_check.fork_call
    monkeypatch.setattr(parallel_check, "fork_call", lambda f: forks.append(f) or real(f))
    monkeypatch.setattr(since, "FORK_FROM_FILES", 0)
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tmp_path / "cache-forked"))
    forked = claims("check", "--since", "main", "--format", "json")
    assert len(forks) == 1  # the base was computed in a fork
    assert (forked.exit_code, forked.stdout) == (in_process.exit_code, in_process.stdout)
    cached = claims("check", "--since", "main", "--format", "json")  # the fork wrote the cache
    assert len(forks) == 1 and cached.stdout == in_process.stdout
