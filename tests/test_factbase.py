"""The shipped fact base: complete, verbatim, canonical, and free of errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.conflicts.groups import find_conflicts
from claimledger.disk.session import Options, open_session

from .conftest import TODAY

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed texts live beside the repository")


@pytest.fixture(scope="module")
def session():
    return open_session(
        Options(store=str(ROOT / "claims"), archive_path=(str(SEEDS),), today=TODAY)
    )


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_size_and_sources(session):
    store = session.store
    assert len(store.claims) >= 30
    assert len(store.subjects) >= 15
    assert {s.archive for s in store.sources.values()} == {
        "000_f5d255cf4c5e92a0.txt",
        "003_fbda28e532f9d5ad.txt",
    }
    assert all(s.published and len(str(s.published)) == 7 for s in store.sources.values())


@needs_seeds
def test_every_quote_is_verbatim_in_its_seed(session):
    store = session.store
    for claim in store.claims.values():
        archive = store.sources[claim.source].archive
        seed = _squash((SEEDS / archive).read_text(encoding="utf-8"))
        assert _squash(claim.quote) in seed, claim.id


def test_filler_author_is_not_recorded(session):
    text = " ".join(str(r.table) for r in session.store.records())
    assert "Mariela" not in text and "muriel" not in text


def test_militia_counts_share_one_subject_and_conflict(session):
    claims = session.store.claims_by_subject["iraq/iran-backed-militias/count"]
    assert sorted(c.value for c in claims) == ["nearly 70", "up to thirty"]
    assert all(c.scope for c in claims)
    (group,) = find_conflicts(session.store, TODAY, ["iraq/iran-backed-militias/count"])
    assert (group.kind, group.status, group.reason) == (
        "quantity",
        "open",
        "[0, 30] and [63, 70) do not overlap",
    )
    assert group.scope_differs


def test_dated_events_are_recorded_at_the_sources_precision(session):
    values = {c.subject: c.value for c in session.store.claims.values()}
    assert values["iran/israel-war-2025/start-date"] == "2025-06-13"
    assert values["iran/israel-war-2025/operation-name"] == "Operation Rising Lion"
    assert values["iraq/pmf/formation-year"] == "2014"
    assert values["iraq/islamic-resistance-in-iraq/attack-halt-date"] == "end of 2024"


@needs_seeds
def test_check_is_clean_and_format_canonical(monkeypatch):
    monkeypatch.chdir(ROOT)
    runner = CliRunner()
    check = runner.invoke(cli, ["check", "--archive-path", str(SEEDS), "--format", "json"])
    assert check.exit_code == 0
    assert '"quote-not-found"' not in check.output and '"archive-missing"' not in check.output
    assert runner.invoke(cli, ["fmt", "--check"]).exit_code == 0
