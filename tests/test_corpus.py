"""The bad-input corpus: every case is reported, never a traceback, and never stops the check.

Each folder under `tests/corpus/` is one case: a few files under `claims/` laid over the shared
`_base` store, and `expect.toml` listing the findings (file, line, column, code). The base holds
`claims/other.toml` with a dangling reference that every run must also report: proof that the
other files are still checked. Cases whose input cannot live in git (special files, links,
megabyte inputs) name a `setup` that builds it. docs/reliability.md lists every case.
"""

from __future__ import annotations

import json
import os
import shutil
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))
OTHER = ("claims/other.toml", 6, 10, "dangling-reference")
CLAIM = (
    '[[claim]]\nid = "c1"\nsubject = "city/population"\nsource = "gazette"\nvalue = 120\n'
    'quote = "About 120 people."\nconfidence = "moderate"\n'
)


def _deep_nesting(root: Path) -> None:
    (root / "claims/case.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")


def _huge_integer(root: Path) -> None:
    (root / "claims/case.toml").write_text(CLAIM.replace("120", "9" * 5000, 1))


def _huge_quote(root: Path) -> None:
    quote = "A sentence of a long report, quoted verbatim. " * 22_000  # just over 1 MB
    text = CLAIM.replace('"About 120 people."', f'"{quote}"') + 'colour = "red"\n'
    (root / "claims/case.toml").write_text(text)


def _deep_dotted_key(root: Path) -> None:
    (root / "claims/case.toml").write_text("x" + ".a" * 30_000 + " = 1\n")  # 60 KB


def _many_unknown_keys(root: Path) -> None:
    (root / "claims/case.toml").write_text("".join(f"key{i} = {i}\n" for i in range(7_251)))


def _over_size_limit(root: Path) -> None:
    from claimledger.tomlstore.limits import MAX_FILE_BYTES

    (root / "claims/case.toml").write_text(CLAIM + "#" * MAX_FILE_BYTES + "\n")


def _dir_toml(root: Path) -> None:
    (root / "claims/x.toml").mkdir()


def _fifo(root: Path) -> None:
    os.mkfifo(root / "claims/pipe.toml")


def _chmod000(root: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads a chmod 000 file; see unreadable-symlink-loop for a root variant")
    path = root / "claims/case.toml"
    path.write_text(CLAIM)
    path.chmod(0)


def _symlink_loop(root: Path) -> None:
    (root / "claims/loop.toml").symlink_to("loop.toml")


def _dangling_symlink(root: Path) -> None:
    (root / "claims/gone.toml").symlink_to("removed.toml")


def _outside(root: Path) -> Path:
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.toml").write_text(
        '[[source]]\nid = "secret"\ntitle = "T"\npublisher = "P"\n'
    )
    return outside


def _symlink_outside(root: Path) -> None:
    (root / "claims/linked.toml").symlink_to(_outside(root) / "secret.toml")


def _symlink_dir_outside(root: Path) -> None:
    (root / "claims/linked").symlink_to(_outside(root), target_is_directory=True)


SETUPS = {
    "deep-nesting": _deep_nesting,
    "huge-integer": _huge_integer,
    "huge-quote": _huge_quote,
    "deep-dotted-key": _deep_dotted_key,
    "many-unknown-keys": _many_unknown_keys,
    "over-size-limit": _over_size_limit,
    "dir-toml": _dir_toml,
    "fifo": _fifo,
    "chmod000": _chmod000,
    "symlink-loop": _symlink_loop,
    "dangling-symlink": _dangling_symlink,
    "symlink-outside": _symlink_outside,
    "symlink-dir-outside": _symlink_dir_outside,
}


def build_case(name: str, dest: Path) -> dict:
    """Copy the base store and the case over it into `dest`; return its expectation."""
    shutil.copytree(CORPUS / "_base", dest, symlinks=True, dirs_exist_ok=True)
    case_dir = CORPUS / name
    shutil.copytree(case_dir, dest, symlinks=True, dirs_exist_ok=True)
    (dest / "expect.toml").unlink()
    expect = tomllib.loads((case_dir / "expect.toml").read_text(encoding="utf-8"))
    if "setup" in expect:
        SETUPS[expect["setup"]](dest)
    return expect


def expected_findings(name: str, expect: dict) -> Counter:
    found = Counter(
        (e["file"], e["line"], e["column"], e["code"]) for e in expect.get("expect", [])
    )
    if not (CORPUS / name / "claims/other.toml").exists():
        found[OTHER] += 1
    return found


def run_json_check(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, dict]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "--format", "json"], catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, json.loads(result.stdout)


def test_corpus_is_big_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("name", CASES)
def test_case_is_reported_and_others_still_checked(name, tmp_path, monkeypatch):
    expect = build_case(name, tmp_path)
    code, doc = run_json_check(tmp_path, monkeypatch)
    got = Counter((d["file"], d["line"], d["column"], d["code"]) for d in doc["diagnostics"])
    assert got == expected_findings(name, expect)
    assert code == 1
    assert all(
        d["code"] != "internal" and d["line"] >= 1 and d["column"] >= 1 for d in doc["diagnostics"]
    )


@pytest.mark.parametrize("name", CASES)
def test_every_command_survives_the_case(name, tmp_path, monkeypatch):
    """Viewers and the formatter meet the same bad file: no command ends in a traceback."""
    build_case(name, tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for args in (
        ["list", "--format", "json"],
        ["conflicts", "--format", "json"],
        ["sources", "--format", "json"],
        ["fmt", "--check"],
        ["check", "--format", "sarif"],
        ["check", "--format", "gcc"],
    ):
        result = runner.invoke(cli, args, catch_exceptions=True)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.exc_info,
        )
        assert result.exit_code in (0, 1), (args, result.output)
        if "sarif" in args:  # a whole log naming every finding, even for a broken file
            log = json.loads(result.output)
            assert log["version"] == "2.1.0" and log["runs"][0]["results"], result.output


def test_case_files_keep_their_bytes():
    """The byte-level cases must not be normalised by a checkout (see corpus/.gitattributes)."""
    crlf = (CORPUS / "crlf-line-endings/claims/case.toml").read_bytes()
    assert crlf.count(b"\r\n") == crlf.count(b"\n") == 8
    assert (CORPUS / "byte-order-mark/claims/case.toml").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\x00" in (CORPUS / "nul-byte/claims/case.toml").read_bytes()


def test_fmt_leaves_crlf_records_intact(tmp_path, monkeypatch):
    """An accepted CRLF file formats to the same records (LF is the canonical form)."""
    build_case("crlf-line-endings", tmp_path)
    monkeypatch.chdir(tmp_path)
    before = tomllib.loads((tmp_path / "claims/case.toml").read_bytes().decode())
    CliRunner().invoke(cli, ["fmt", "claims/case.toml"])
    after = (tmp_path / "claims/case.toml").read_bytes().decode()
    assert tomllib.loads(after) == before
    assert "\r" not in after
