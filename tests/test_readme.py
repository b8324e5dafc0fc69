"""The README's quickstart runs as written, and its opening commands are the documented pair."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from claimledger.cli.main import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def quickstart_commands() -> list[list[str]]:
    block = README.split("## Quickstart", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    joined = re.sub(r"\\\n\s*", " ", block)
    return [shlex.split(line, comments=True) for line in joined.splitlines() if line.strip()]


def test_readme_opens_with_the_two_commands():
    first_block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    assert first_block.splitlines() == [
        "pip install . && claims conflicts",
        "pip install '.[test]' && python -m pytest -q",
    ]


def test_quickstart_runs_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    commands = quickstart_commands()
    assert [c[:2] for c in commands][:2] == [["claims", "init"], ["claims", "add"]]
    for argv in commands:
        assert argv[0] == "claims"
        result = runner.invoke(cli, argv[1:])
        assert result.exit_code == 0, (argv, result.output)
    listed = runner.invoke(cli, ["list", "--subject", "city/*", "--format", "json"])
    assert '"gazette-2025-01-population"' in listed.output
