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
    assert folder is not None and (folder / cache.index_name(store)).exists()


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
    index = cache.load_index(cache.cache_dir(store), cache.index_name(store))
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


def test_a_blob_over_the_entry_limit_is_neither_written_nor_read(tmp_path):
    folder = tmp_path / "store-cache"
    cache.write_blob(folder, "big.json", ["x" * 5000], max_bytes=4000)
    assert not (folder / "big.json").exists()
    assert [p.name for p in folder.glob("*")] == []  # no temporary file left behind
    cache.write_blob(folder, "small.json", ["x" * 100], max_bytes=4000)
    assert cache.read_blob(folder, "small.json", max_bytes=4000) == ["x" * 100]
    assert cache.read_blob(folder, "small.json", max_bytes=50) is None
    assert not (folder / "small.json").exists()  # deleted unread


def test_the_entry_limit_follows_the_store():
    assert cache.entry_limit(1000) == 8 << 20
    assert cache.entry_limit(10 << 20) == 100 << 20


def test_pruning_removes_the_least_recently_used_first(tmp_path):
    folder = tmp_path / "0123456789abcdef"
    folder.mkdir()
    for age, name in enumerate(["newest", "middle", "oldest"]):
        (folder / name).write_bytes(b"x" * 1000)
        os.utime(folder / name, (1_000_000 - age, 1_000_000 - age))
    cache.prune(folder, 2500, now=1_000_000)
    assert sorted(p.name for p in folder.iterdir()) == ["middle", "newest"]
    cache.prune(folder, 1 << 20, now=1_000_000 + 31 * 86400)  # a month later: unused
    assert list(folder.iterdir()) == []


def test_pruning_removes_other_stores_unused_for_30_days_and_nothing_else(tmp_path):
    mine, old, recent = (tmp_path / n for n in ("aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "cccc"))
    unrelated = tmp_path / "dddddddddddddddd"  # looks like one, but holds no index
    for folder in (mine, old, recent, unrelated):
        folder.mkdir()
        (folder / "files.json").write_text("{}")
        os.utime(folder / "files.json", (0, 0))
    (unrelated / "files.json").rename(unrelated / "notes.txt")
    cache.prune(mine, 1 << 20, now=31 * 86400)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "aaaaaaaaaaaaaaaa",
        "cccc",
        "dddddddddddddddd",
    ]


def test_a_huge_stale_result_is_dropped_unread(store: Path, tmp_path: Path):
    """The issue's case: a 1 GB report left by a big run made every run after it slow."""
    runner = CliRunner()
    runner.invoke(cli, ["conflicts", "--format", "json"], catch_exceptions=False)
    folder = cache.cache_dir(store)
    assert folder is not None
    stale = folder / "conflicts-report.json"
    blob = json.loads(stale.read_bytes())
    real = blob["payload"]["value"]
    blob["payload"]["value"] = "x" * (20 << 20)  # over 10 x this store's ~150 KB
    stale.write_text(json.dumps(blob))
    result = runner.invoke(cli, ["conflicts", "--format", "json"], catch_exceptions=False)
    assert (result.exit_code, result.output) == (0, real)
    assert stale.stat().st_size < 1 << 20  # replaced by the real, small report


def test_claims_cache_shows_and_clears_the_folder(store: Path):
    runner = CliRunner()
    runner.invoke(cli, ["check"], catch_exceptions=False)
    folder = cache.cache_dir(store)
    assert folder is not None
    files, size = cache.usage(folder)
    shown = runner.invoke(cli, ["cache"], catch_exceptions=False).output
    assert shown == f"cache: {folder} ({files} files, {size / 1048576:.1f} MiB)\n"
    cleared = runner.invoke(cli, ["cache", "--clear"], catch_exceptions=False).output
    assert cleared == f"removed: {folder} ({files} files, {size / 1048576:.1f} MiB)\n"
    assert not folder.exists()
    assert runner.invoke(cli, ["check"]).exit_code in (0, 1)  # and it is rebuilt


def test_a_blob_orjson_refuses_is_written_by_json(tmp_path):
    folder = tmp_path / "store-cache"
    cache.write_blob(folder, "big-int.json", {"n": 2**70, "text": "Zürich ✓"})
    assert cache.read_blob(folder, "big-int.json") == {"n": 2**70, "text": "Zürich ✓"}


def test_pruning_passes_over_a_file_another_command_renamed_meanwhile(tmp_path, monkeypatch):
    # Eight `claims add` at once share one cache folder: a writer's temporary file can be
    # renamed into place between another's scan and its stat (seen as "Error: .tmp-…: No
    # such file or directory" from one of the eight).
    folder = tmp_path / "0123456789abcdef"
    folder.mkdir()
    (folder / "kept.json").write_bytes(b"{}")
    (folder / ".tmp-racing").write_bytes(b"x" * 10)
    real_scan = cache._scan

    def scan_then_rename(path):
        entries = real_scan(path)
        if path == folder and (folder / ".tmp-racing").exists():
            os.replace(folder / ".tmp-racing", folder / "renamed.json")
        return entries

    monkeypatch.setattr(cache, "_scan", scan_then_rename)
    cache.prune(folder, limit=1 << 20)
    assert sorted(p.name for p in folder.iterdir()) == ["kept.json", "renamed.json"]
    assert cache.usage(folder) == (2, 12)
