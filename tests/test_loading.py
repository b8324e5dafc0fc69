"""The fast loader gives exactly what the plain one gives: same dicts, same records, same order."""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

import pytest

from claimledger.disk.files import display_path, read_folder
from claimledger.disk.snapshot import load_store, snapshot
from claimledger.tomlstore.decode import load_toml
from claimledger.tomlstore.store import load_texts

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from generate import generate, write_store

TOML_CASES = {
    "crlf": 'a = "x"\r\nb = 1\r\n',
    "multi-line": "a = \"\"\"\nline \\\n   cont\n\"\"\"\nb = '''raw\\n'''\n",
    "escapes": 'a = "\\u00e9\\U0001F600\\t\\"q\\""\n',
    "local-date": "a = 2024-01-02\n",
    "offset-datetime": "a = 1979-05-27T00:32:00.999999-07:00\n",
    "big-int": "a = 99999999999999999999\n",
    "deep": "a = " + "[" * 200 + "]" * 200 + "\n",
    "toml-1.1-inline-newline": "a = { b = 1,\n c = 2 }\n",
    "toml-1.1-trailing-comma": "a = { b = 1, }\n",
    "toml-1.1-x-escape": 'a = "\\x41"\n',
    "toml-1.1-no-seconds": "a = 2024-01-02T03:04\n",
    "duplicate-key": "a = 1\na = 2\n",
    "unterminated": 'a = "x\n',
}


def tomllib_result(text: str) -> object:
    try:
        return tomllib.loads(text)
    except Exception as exc:
        return (type(exc), str(exc))


@pytest.mark.parametrize("text", TOML_CASES.values(), ids=TOML_CASES.keys())
def test_load_toml_is_tomllib(text: str) -> None:
    try:
        got: object = load_toml(text)
    except Exception as exc:
        got = (type(exc), str(exc))
    assert repr(got) == repr(tomllib_result(text))


def test_generated_files_parse_as_with_tomllib() -> None:
    for text in generate(200).values():
        assert load_toml(text) == tomllib.loads(text)


def test_load_store_matches_read_folder(tmp_path: Path) -> None:
    root = tmp_path / "claims"
    write_store(root, 200)
    (root / "sources" / "broken.toml").write_text('[[claim]]\nid = "x\n', encoding="utf-8")
    texts, problems = read_folder(root)
    expected = load_texts(texts, root=display_path(root))
    snap = snapshot(root, None)
    assert len(snap.data) == len(snap.files)  # no index: every file was read and hashed
    got = load_store(snap)
    assert got.diagnostics == expected.diagnostics + problems
    assert list(got.files) == list(expected.files)
    assert got.claims == expected.claims
    assert [c.origin for c in got.claims.values()] == [c.origin for c in expected.claims.values()]
    assert snap.data == {}  # the bytes are let go once parsed; loading again reads them again
    again = load_store(snap)
    assert again.claims == got.claims and again.diagnostics == got.diagnostics


def test_a_fifo_named_like_a_claim_file_is_left_to_read_folder(tmp_path: Path) -> None:
    root = tmp_path / "claims"
    write_store(root, 20)
    os.mkfifo(root / "pipe.toml")
    snap = snapshot(root, None)  # must not block on the FIFO
    assert snap.unusual and "pipe.toml" not in " ".join(snap.files)


def test_the_walk_lists_files_then_toml_folders_then_folders_then_each_folder(
    tmp_path: Path,
) -> None:
    from claimledger.disk.files import store_entries

    root = tmp_path / "claims"
    for rel in ("b.toml", "a.toml", "sub/z.toml", ".hidden/x.toml", "odd.toml/y.toml", "notes.md"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("")
    (root / "link.toml").symlink_to("a.toml")
    assert [rel for rel, _ in store_entries(str(root))] == [
        "a.toml", "b.toml", "link.toml", "notes.md", "odd.toml", "sub",
        "odd.toml/y.toml", "sub/z.toml",
    ]  # fmt: skip


def test_an_unlistable_folder_is_a_finding_not_a_silent_gap(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root lists a chmod 000 folder")
    root = tmp_path / "claims"
    write_store(root, 5)
    (root / "locked").mkdir()
    (root / "locked" / "x.toml").write_text("")
    (root / "locked").chmod(0)
    try:
        _, problems = read_folder(root)
        assert snapshot(root, None).unusual
    finally:
        (root / "locked").chmod(0o755)
    assert [(p.code, p.message) for p in problems] == [
        ("unreadable", "cannot read folder: Permission denied")
    ]
