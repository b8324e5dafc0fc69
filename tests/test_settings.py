"""The store's settings file, `claims/.claims.toml`: archive folders (sub-folders too), the
default language, the cache limit and a pinned "today"; never read as a record file."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.disk.session import Options, make_archive_reader, open_session
from claimledger.git.revisions import claim_files
from claimledger.tomlstore.settings import Settings, parse_settings

from .conftest import claim

SETTINGS = """\
# settings of this store
archive_folders = ["archives", "archives/2025"]
language = "fr"
cache_limit_mib = 64
today = 2030-01-01
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def findings() -> list[tuple[str, int, int, str]]:
    doc = json.loads(run("check", "--format", "json").stdout)
    return [(d["file"], d["line"], d["column"], d["code"]) for d in doc["diagnostics"]]


def test_every_setting_is_read():
    settings, problems = parse_settings("claims/.claims.toml", SETTINGS.encode())
    assert problems == []
    assert settings == Settings(("archives", "archives/2025"), "fr", 64, datetime.date(2030, 1, 1))


def test_unknown_keys_and_bad_values_are_findings_at_their_line():
    text = 'language = "not a language"\narchive = ["x"]\ncache_limit_mib = -1\ntoday = "soon"\n'
    settings, problems = parse_settings("claims/.claims.toml", text.encode())
    assert settings == Settings()
    assert [(p.line, p.code, p.message) for p in problems] == [
        (1, "bad-setting", "language must be a BCP 47 code, not 'not a language'"),
        (2, "unknown-setting", "unknown setting 'archive'"),
        (3, "bad-setting", "cache_limit_mib must be a positive integer"),
        (4, "bad-setting", "today must be a date (2026-11-21), not 'soon'"),
    ]
    _, problems = parse_settings("s", b'archive_folders = ["/etc"]\n')
    assert [p.message for p in problems] == ["archive_folders are relative to the store folder"]


def test_a_broken_settings_file_is_a_located_syntax_error():
    _, problems = parse_settings("claims/.claims.toml", b"language = \n")
    assert [(p.line, p.column, p.code) for p in problems] == [(1, 12, "toml-syntax")]


def test_the_settings_file_is_not_a_record_file_and_check_reports_it(store):
    (store / ".claims.toml").write_text('language = "en"\ncolour = "red"\n')
    (store / "sub").mkdir()
    (store / "sub/.claims.toml").write_text('language = "en"\n')  # only the root one is special
    assert findings() == [
        ("claims/.claims.toml", 2, 1, "unknown-setting"),
        ("claims/sub/.claims.toml", 1, 1, "unknown-table"),
    ]
    assert run("check").exit_code == 1
    assert claim_files(["claims/.claims.toml", "claims/a.toml"], "claims") == ["claims/a.toml"]
    assert claim_files([".claims.toml", "sub/.claims.toml"], "") == ["sub/.claims.toml"]


def test_settings_reach_the_session(store, monkeypatch):
    (store / ".claims.toml").write_text(SETTINGS)
    session = open_session(Options())
    assert session.today == datetime.date(2026, 11, 21)  # CLAIMS_TODAY wins
    monkeypatch.delenv("CLAIMS_TODAY")
    session = open_session(Options())
    assert session.today == datetime.date(2030, 1, 1)
    assert session.context.default_language == "fr"
    assert session.cache_limit == 64 << 20
    assert session.archive_folders[:3] == [store, store / "archives", store / "archives/2025"]


def test_archives_in_configured_folders_and_sub_folders_verify_quotes(store):
    (store / "archives/2025").mkdir(parents=True)
    (store / "archives/2025/gazette.txt").write_text("Quote for c1. Quote for c2.")
    (store / "archives/reuters").mkdir()
    (store / "archives/reuters/wire.txt").write_text("Quote for w1.")
    (store / ".claims.toml").write_text('archive_folders = ["archives"]\n')
    source = store / "sources/gazette.toml"
    text = source.read_text().replace(
        'reliability = "B"', 'reliability = "B"\narchive = "2025/gazette.txt"'
    )
    source.write_text(text + claim("c2", '"about 90"'))
    wire = '[[source]]\nid = "wire"\ntitle = "W"\npublisher = "R"\narchive = "reuters/wire.txt"\n'
    (store / "sources/wire.toml").write_text(wire + claim("w1", "95", source="wire"))
    assert findings() == []
    (store / "archives/reuters/wire.txt").write_text("Something else.")
    assert [f[3] for f in findings()] == ["quote-not-found"]


def test_archive_names_may_name_sub_folders_but_never_leave(tmp_path):
    (tmp_path / "a/b").mkdir(parents=True)
    (tmp_path / "a/b/t.txt").write_text("text")
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "a/link.txt").symlink_to(tmp_path / "secret.txt")
    read = make_archive_reader([tmp_path / "a"])
    assert read("b/t.txt") == "text"
    assert [read(n) for n in ("b/../../secret.txt", "link.txt", "/b/t.txt", "b//t.txt")] == [
        None
    ] * 4


def test_results_follow_the_settings_file(store):
    (store / ".claims.toml").write_text('language = "en"\n')
    assert findings() == []
    (store / ".claims.toml").write_text('language = "en"\nx = 1\n')  # cached answer is stale
    assert findings() == [("claims/.claims.toml", 2, 1, "unknown-setting")]


def test_init_writes_a_settings_file(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("init")
    text = (tmp_path / "claims/.claims.toml").read_text()
    settings, problems = parse_settings("s", text.encode())
    assert problems == [] and settings == Settings()
    assert run("check").exit_code == 0
