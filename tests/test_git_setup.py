"""`claims git-setup` and `claims textconv`: record-level `git diff`, idempotent, undoable."""

from __future__ import annotations

from claimledger.git.textconv import render_file

from .conftest import SOURCE, SUBJECT, claim, dedent
from .gitrepo import Repo, claims


def test_textconv_renders_sorted_records_with_parsed_values():
    text = dedent(SUBJECT) + claim("b", '"nearly 70"', date='"June 2014"') + claim("a", "12")
    assert render_file("x.toml", text.encode()) == dedent(
        """
        [subject city/population]
        description = "How many people live in the city?"
        id = "city/population"
        kind = "quantity"
        unit = "people"
        unit_aliases = ["residents"]

        [claim a]
        confidence = "moderate"
        id = "a"
        quote = "Quote for a."
        source = "gazette"
        subject = "city/population"
        value = 12  # [12, 12]

        [claim b]
        confidence = "moderate"
        date = "June 2014"  # 2014-06 (2014-06-01 – 2014-06-30)
        id = "b"
        quote = "Quote for b."
        source = "gazette"
        subject = "city/population"
        value = "nearly 70"  # [63, 70)
        """
    )


def test_textconv_never_fails():
    for broken in (b"[[claim]\nid = ", b"\xff\xfe bad", b"<<<<<<< HEAD\na = 1\n>>>>>>> x\n", b""):
        assert render_file("x.toml", broken) == broken.decode("utf-8", "replace")


def test_textconv_command_on_a_missing_file_prints_nothing(tmp_path):
    result = claims("textconv", str(tmp_path / "missing.toml"))
    assert (result.exit_code, result.stdout) == (0, "")


def test_git_diff_shows_records_after_setup_and_not_after_undo(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    repo.write(
        {
            "claims/subjects/city.toml": SUBJECT,
            "claims/sources/gazette.toml": SOURCE + claim("c1", '"about 100"'),
        }
    )
    repo.commit("store")
    monkeypatch.chdir(repo.path)
    first = claims("git-setup")
    assert first.exit_code == 0
    again = claims("git-setup")
    assert ".gitattributes already has 'claims/**/*.toml diff=claims'" in again.output
    assert (repo.path / ".gitattributes").read_text() == (
        "# claimledger: record-level diffs of claim files (claims git-setup)\n"
        "claims/**/*.toml diff=claims\n"
    )
    repo.write({"claims/sources/gazette.toml": SOURCE + claim("c1", '"nearly 120"')})
    shown = repo.git("diff", "claims/sources/gazette.toml")
    assert "@@ -11,4 +11,4 @@ [claim c1]\n" in shown  # the hunk names the record
    assert '-value = "about 100"  # [90, 110]\n+value = "nearly 120"  # [108, 120)\n' in shown
    undo = claims("git-setup", "--undo")
    assert undo.exit_code == 0
    assert not (repo.path / ".gitattributes").exists()
    raw = repo.git("diff", "claims/sources/gazette.toml")
    assert '-value = "about 100"\n+value = "nearly 120"\n' in raw
    assert claims("git-setup", "--undo").output == "nothing to undo\n"


def test_git_setup_outside_a_repository_is_exit_2(tmp_path, monkeypatch):
    (tmp_path / "claims").mkdir()
    monkeypatch.chdir(tmp_path)
    result = claims("git-setup")
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.output
