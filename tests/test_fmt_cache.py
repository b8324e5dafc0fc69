"""`claims fmt` remembers which file contents were canonical: a file whose bytes were found
canonical before costs a hash (trusted from its stat), not a parse and a render."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.tomlstore import writer

from .conftest import SOURCE, SUBJECT, claim, write_tree


@pytest.fixture
def formatted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A store of three canonical files and one that is not; the files `format_file` reads."""
    monkeypatch.chdir(tmp_path)
    write_tree(
        tmp_path,
        {
            "claims/sources/gazette.toml": SOURCE + claim("c1", '"about 100"'),
            "claims/sources/more.toml": claim("c2", '"about 120"'),
            "claims/subjects/city.toml": SUBJECT,
        },
    )
    assert CliRunner().invoke(cli, ["fmt"]).exit_code == 0  # now canonical
    messy = tmp_path / "claims/sources/messy.toml"
    messy.write_text('[[claim]]\nid="c3"\nsubject="city/population"\nvalue="about 90"\n')
    old = os.stat(messy).st_mtime - 10  # out of the cache's racy window: stats are trusted
    for path in (tmp_path / "claims").rglob("*.toml"):
        os.utime(path, (old, old))
    seen: list[str] = []
    real = writer.format_file

    def spy(path: Path) -> writer.FormatResult:
        seen.append(path.as_posix())
        return real(path)

    monkeypatch.setattr(writer, "format_file", spy)
    return seen


def fmt_check() -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["fmt", "--check"])
    return result.exit_code, result.output


def test_canonical_files_are_not_formatted_again(formatted: list[str]) -> None:
    first = fmt_check()
    assert first == (
        1,
        "would reformat claims/sources/messy.toml\n1 file would be reformatted, 3 unchanged\n",
    )
    # `claims fmt` (which made the other three canonical) remembered them.
    assert formatted == ["claims/sources/messy.toml"]
    formatted.clear()
    assert fmt_check() == first
    assert formatted == ["claims/sources/messy.toml"]  # only the file that is not canonical


def test_an_edited_file_is_formatted_again(formatted: list[str], tmp_path: Path) -> None:
    fmt_check()
    path = tmp_path / "claims/sources/more.toml"
    path.write_text(path.read_text() + "\n\n\n")
    formatted.clear()
    code, out = fmt_check()
    assert (code, out.splitlines()[-1]) == (1, "2 files would be reformatted, 2 unchanged")
    assert sorted(formatted) == ["claims/sources/messy.toml", "claims/sources/more.toml"]


def test_without_a_cache_every_file_is_formatted(
    formatted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMS_NO_CACHE", "1")
    first = fmt_check()
    fmt_check()
    assert len(formatted) == 8 and first[0] == 1
