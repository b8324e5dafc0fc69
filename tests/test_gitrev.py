"""git plumbing against real temporary repositories: revisions, files, changed paths."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.errors import StoreError
from claimledger.git.revisions import (
    Side,
    changed_paths,
    claim_files,
    files_at,
    read_blobs,
    repo_top,
    resolve_commit,
    resolve_range,
    store_folder,
    wanted,
)

from .gitrepo import Repo


@pytest.fixture
def repo(tmp_path):
    repo = Repo(tmp_path / "repo")
    repo.write({"claims/a.toml": "a = 1\n", "README": "hi\n"})
    repo.commit("first")
    return repo


def full(repo: Repo, rev: str) -> str:
    return repo.git("rev-parse", rev).strip()


@pytest.mark.parametrize("rev", ["--output=x", "-p", "", "HEAD\nHEAD", "a\0b"])
def test_option_like_or_broken_revisions_are_refused_before_git(repo, rev):
    with pytest.raises(StoreError, match="invalid revision"):
        resolve_commit(repo.path, rev)
    assert not (repo.path / "x").exists()


def test_unknown_revision_and_non_commit(repo):
    with pytest.raises(StoreError, match="unknown revision 'nope'"):
        resolve_commit(repo.path, "nope")
    with pytest.raises(StoreError, match="unknown revision"):
        resolve_commit(repo.path, "HEAD:claims")  # a tree, not a commit


def test_not_a_repository(tmp_path):
    with pytest.raises(StoreError, match="is not inside a git repository"):
        repo_top(tmp_path)


def test_ranges(repo):
    first = full(repo, "HEAD")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write({"claims/b.toml": "b = 1\n"})
    repo.commit("feature work")
    repo.git("checkout", "-q", "main")
    repo.write({"claims/c.toml": "c = 1\n"})
    repo.commit("main moves on")
    feature, main = full(repo, "feature"), full(repo, "main")
    top = repo.path
    assert resolve_range(top, "main...feature", None) == (
        Side("merge base of main and feature", first),
        Side("feature", feature),
    )
    assert resolve_range(top, "main..feature", None) == (
        Side("main", main),
        Side("feature", feature),
    )
    assert resolve_range(top, None, None) == (Side("HEAD", main), Side("working tree", None))
    assert resolve_range(top, "main", "feature") == (Side("main", main), Side("feature", feature))
    with pytest.raises(StoreError, match="either a range"):
        resolve_range(top, "main...feature", "main")
    with pytest.raises(StoreError, match="invalid revision '--output=x'"):
        resolve_range(top, "main...--output=x", None)


def test_files_at_reads_every_claim_file_in_one_batch(repo):
    repo.write(
        {
            "claims/sub dir/ü ber.toml": "x = 'ü'\n",
            "claims/.hidden/h.toml": "h = 1\n",
            "claims/notes.txt": "not a claim file\n",
            "claims/empty.toml": "",
            "other/o.toml": "o = 1\n",
        }
    )
    repo.commit("more")
    assert files_at(repo.path, full(repo, "HEAD"), "claims") == {
        "claims/a.toml": b"a = 1\n",
        "claims/empty.toml": b"",
        "claims/sub dir/\u00fc ber.toml": "x = 'ü'\n".encode(),
    }


def test_store_missing_at_revision(repo):
    with pytest.raises(StoreError, match="no store folder data/ at revision main"):
        files_at(repo.path, full(repo, "HEAD"), "data", "main")


def test_read_blobs_many_and_missing(repo):
    repo.write({"claims/empty.toml": "", "claims/b.toml": "b = '\\n'\n"})
    repo.commit("blobs")
    oids = {p: repo.git("rev-parse", f"HEAD:claims/{p}.toml").strip() for p in ("a", "b", "empty")}
    names = [oids[p] for p in ("a", "b", "empty", "a")]
    assert read_blobs(repo.path, names) == {
        oids["a"]: b"a = 1\n",
        oids["b"]: b"b = '\\n'\n",
        oids["empty"]: b"",
    }
    with pytest.raises(StoreError, match="missing"):
        read_blobs(repo.path, ["0" * 39 + "1"])


def test_changed_paths_between_commits_and_against_the_working_tree(repo):
    base = full(repo, "HEAD")
    repo.write({"claims/b.toml": "b = 1\n", "README": "changed\n"})
    repo.commit("add b")
    assert changed_paths(repo.path, base, full(repo, "HEAD"), "claims") == {"claims/b.toml"}
    repo.write({"claims/new.toml": "n = 1\n", "claims/b.toml": "b = 2\n"})
    repo.remove("claims/a.toml")
    assert changed_paths(repo.path, base, None, "claims") == {
        "claims/a.toml",
        "claims/b.toml",
        "claims/new.toml",
    }


def test_store_folder_relative_to_top(repo, tmp_path):
    assert store_folder(repo.path, repo.path / "claims") == "claims"
    with pytest.raises(StoreError, match="outside the git repository"):
        store_folder(repo.path, tmp_path)


segment = st.sampled_from(["claims", "claimsx", "sources", ".hidden", ".x.toml", "a.toml", "b", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(segment, min_size=1, max_size=4).map("/".join), max_size=20))
def test_claim_files_keeps_what_wanted_keeps(paths):
    for folder in ("", ".", "claims", "claims/sources"):
        assert claim_files(paths, folder) == [p for p in paths if wanted(p, folder)]
