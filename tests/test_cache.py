"""The cache never changes a result: same output with and without it, after every kind of edit."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.disk import cache

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from generate import write_store

COMMANDS = (
    ["check", "--format", "json"],
    ["check", "--format", "text", "--strict"],
    ["conflicts", "--format", "json", "--all"],
    ["list", "--subject", "topic0000/*", "--format", "json"],
    ["list", "--subject", "topic0000/area1/item000001", "--format", "csv"],
)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "claims"
    write_store(root, 300)
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CLAIMS_STORE", str(root))
    monkeypatch.setattr(cache, "RACY_NS", 0)  # files written just now still count as settled
    return root


def outputs(env: dict[str, str] | None = None) -> list[tuple[int, str]]:
    runner = CliRunner()
    found = []
    for args in COMMANDS:
        result = runner.invoke(cli, args, env=env, catch_exceptions=False)
        found.append((result.exit_code, result.output))
    return found


def fresh() -> list[tuple[int, str]]:
    return outputs({"CLAIMS_NO_CACHE": "1"})


def assert_cache_agrees() -> None:
    expected = fresh()
    assert outputs() == expected  # fills or refreshes the cache
    assert outputs() == expected  # answered from it


def first_source(root: Path) -> Path:
    return sorted((root / "sources").iterdir())[0]


def test_warm_output_is_the_fresh_output(store: Path) -> None:
    assert_cache_agrees()
    folder = cache.cache_dir(store)
    assert folder is not None and (folder / "files.json").exists()


def test_an_edit_is_seen(store: Path) -> None:
    assert_cache_agrees()
    path = first_source(store)
    path.write_text(path.read_text().replace('"moderate"', '"hgih"'), encoding="utf-8")
    assert_cache_agrees()
    assert "hgih" in outputs()[0][1]


def test_a_deleted_and_a_renamed_file_are_seen(store: Path) -> None:
    assert_cache_agrees()
    first, second = sorted((store / "sources").iterdir())[:2]
    first.unlink()
    assert_cache_agrees()
    second.rename(store / "sources" / "renamed.toml")
    assert_cache_agrees()


def test_a_file_rewritten_with_the_same_size_and_mtime_is_seen(store: Path) -> None:
    assert_cache_agrees()
    path = first_source(store)
    before = path.stat()
    text = path.read_text()
    changed = text.replace('id = "src', 'id = "SRC', 1)  # same size, now a malformed id
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert_cache_agrees()
    assert "malformed source id" in outputs()[0][1]


def test_a_file_changed_within_the_clock_resolution_is_hashed_again(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 10**18)  # every file looks racy: always hashed
    assert_cache_agrees()
    index = cache.load_index(cache.cache_dir(store))
    path = next(iter(index.entries))
    assert index.trusted(path, index.entries[path][0]) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_text("{not json"),
        lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
        lambda p: p.write_text(json.dumps({"format": 0, "version": "0.0.1", "payload": {}})),
        lambda p: p.write_text(json.dumps({"format": cache.FORMAT, "version": "0.0.1"})),
        lambda p: p.write_text(json.dumps([1, 2, 3])),
    ],
    ids=["corrupt", "truncated", "older-format", "older-version", "not-a-blob"],
)
def test_a_damaged_or_older_cache_is_ignored_and_rebuilt(store: Path, damage) -> None:
    assert_cache_agrees()
    path = first_source(store)
    path.write_text(path.read_text().replace('"moderate"', '"high"'), encoding="utf-8")
    for blob in Path(os.environ["CLAIMS_CACHE_DIR"]).glob("*/*.json"):
        damage(blob)
    assert_cache_agrees()


def test_a_result_from_stale_inputs_is_never_served(store: Path) -> None:
    """Results are keyed by content: writing a wrong result under an old key cannot leak."""
    assert_cache_agrees()
    folder = Path(os.environ["CLAIMS_CACHE_DIR"])
    for blob in folder.glob("*/check-*.json"):
        doc = json.loads(blob.read_text())
        doc["payload"]["value"] = ["forged\n", False]
        blob.write_text(json.dumps(doc))
    path = first_source(store)
    path.write_text(path.read_text() + "\n", encoding="utf-8")
    assert "forged" not in outputs()[0][1]


def test_no_cache_is_written_when_turned_off(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMS_NO_CACHE", "1")
    outputs()
    assert not Path(os.environ["CLAIMS_CACHE_DIR"]).exists()


def test_the_default_cache_lives_outside_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLAIMS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = cache.cache_dir(tmp_path / "claims")
    assert folder is not None and folder.parent == tmp_path / "xdg" / "claimledger"
