"""`claims site` rendering in two processes (`cli/site_shares.py`): the same pages, the same
manifest byte for byte, and the same counts as one process gives."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from claimledger.cli import site_shares
from claimledger.disk.parallel_check import usable_cores

from .gitrepo import Repo, claims

SHIPPED = Path(__file__).resolve().parent.parent / "claims"

pytestmark = pytest.mark.skipif(usable_cores() < 2, reason="one core: the build never forks")


def files_of(site: Path) -> dict[str, bytes]:
    """Every file, the manifest included."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture
def shipped(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    shutil.copytree(SHIPPED, repo.path / "claims")
    repo.commit("The shipped fact base")
    monkeypatch.chdir(repo.path)
    return repo


def build(out: Path, monkeypatch, fork_from: int) -> str:
    monkeypatch.setattr(site_shares, "FORK_FROM_CLAIMS", fork_from)
    result = claims("site", str(out))
    assert result.exit_code == 0, result.output
    return result.output


def test_two_processes_build_the_same_site_as_one(shipped, tmp_path, monkeypatch):
    one, two = tmp_path / "one", tmp_path / "two"
    said = build(one, monkeypatch, fork_from=10**9)
    assert said == f"{one}: 116 pages written, 0 unchanged, 0 removed (full build)\n"
    said = build(two, monkeypatch, fork_from=0)
    assert said == f"{two}: 116 pages written, 0 unchanged, 0 removed (full build)\n"
    assert files_of(one) == files_of(two)


def test_a_forked_rebuild_counts_unchanged_pages_and_matches_a_full_build(
    shipped, tmp_path, monkeypatch
):
    out = tmp_path / "site"
    build(out, monkeypatch, fork_from=0)
    said = build(out, monkeypatch, fork_from=0)
    assert said == f"{out}: 0 pages written, 7 unchanged, 0 removed (incremental build)\n"
    source = shipped.path / "claims/sources/alhurra-2026-02-iran-last-card.toml"
    source.write_text(source.read_text().replace('"nearly 70"', '"nearly 75"', 1))
    said = build(out, monkeypatch, fork_from=0)
    assert said == f"{out}: 5 pages written, 68 unchanged, 0 removed (incremental build)\n"
    fresh = tmp_path / "fresh"
    build(fresh, monkeypatch, fork_from=10**9)
    rebuilt, full = files_of(out), files_of(fresh)
    for manifest in (rebuilt, full):  # a rebuild's manifest keeps its keys in another order
        manifest.pop(".claims-site.json")
    assert rebuilt == full


@pytest.mark.parametrize("fails", ["before its flags", "while rendering"])
def test_a_child_that_fails_leaves_its_share_to_this_process(shipped, tmp_path, monkeypatch, fails):
    one, two = tmp_path / "one", tmp_path / "two"
    build(one, monkeypatch, fork_from=10**9)
    real_render, parent = site_shares._render_share, os.getpid()

    def render_or_fail(*args):
        if os.getpid() != parent:  # in the child, as it starts rendering (flags sent or not)
            os._exit(3)
        return real_render(*args)

    if fails == "before its flags":
        monkeypatch.setattr(site_shares, "_encoded_share", lambda *args: os._exit(3))
    else:
        monkeypatch.setattr(site_shares, "_render_share", render_or_fail)
    said = build(two, monkeypatch, fork_from=0)
    assert said == f"{two}: 116 pages written, 0 unchanged, 0 removed (full build)\n"
    assert files_of(one) == files_of(two)
