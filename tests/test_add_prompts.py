"""`claims add` on a terminal: missing fields asked in record order, each answer checked as
it is given (a real pseudo-terminal, a real process); `--help` in record order."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli


def _talk(cwd, args: list[str], answers: list[str]) -> tuple[str, int]:
    """Run `claims ARGS` on a pseudo-terminal, answering each prompt in turn."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimledger", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env={**os.environ, "CLAIMS_NO_CACHE": "1", "COLUMNS": "200"},
    )
    os.close(slave)
    out = b""

    def read_until_prompt() -> None:
        nonlocal out
        deadline = time.time() + 20
        while time.time() < deadline and not out.rstrip().endswith(b"):"):
            if select.select([master], [], [], 0.1)[0]:
                try:
                    out += os.read(master, 4096)
                except OSError:
                    return

    for answer in answers:
        read_until_prompt()
        os.write(master, answer.encode() + b"\n")
        out += b"\n"  # so the next prompt is waited for
    code = proc.wait(timeout=30)
    while select.select([master], [], [], 0.1)[0]:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return out.decode().replace("\r", ""), code


def test_missing_fields_are_asked_in_record_order_and_checked_one_by_one(store):
    output, code = _talk(
        store.parent,
        ["add", "claim", "--quote", "About 90 people.", "--confidence", "moderate"],
        ["nowhere", "city/population", "soon", "about 90", "gazete", "gazette"],
    )
    assert code == 0, output
    assert "Error: refers to unknown subject 'nowhere'" in output
    assert "Error: refers to unknown source 'gazete'" in output
    assert output.startswith("subject (")
    assert output.index("subject (") < output.index("value (") < output.index("source (")
    assert "quantity subject 'city/population'" in output  # "soon" is no quantity
    assert "added claim gazette-population to claims/sources/gazette.toml" in output


def _options(kind: str) -> dict[str, str]:
    """Each option of `claims add KIND --help` with its help text, in the order listed."""
    text = CliRunner().invoke(cli, ["add", kind, "--help"]).output.split("Options:")[1]
    found: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("  --"):
            flag = line.split()[0]
            found[flag] = line
        elif found:
            found[flag] += " " + line.strip()
    return found


def test_help_lists_the_fields_in_record_order_and_ids_as_generated():
    options = list(_options("claim"))
    assert options[:3] == ["--id", "--subject", "--value"]
    assert "generated from the other fields" in _options("claim")["--id"]
    assert options.index("--source") < options.index("--quote") < options.index("--confidence")


@pytest.mark.parametrize("kind", ["source", "subject"])
def test_every_kind_lists_its_id_first(kind):
    options = _options(kind)
    assert next(iter(options)) == "--id"
    assert ("(required)" in options["--id"]) is (kind == "subject")


def test_generated_ids_keep_accented_letters_as_their_base_letters(store):
    runner = CliRunner()
    added = runner.invoke(
        cli,
        ["add", "source", "--title", "Kişi sayısı açıklandı", "--publisher", "Anadolu Ajansı",
         "--published", "2023-02-07"],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "anadolu-ajansi-2023-02-kisi-sayisi-aciklandi" in added.output
    text = (store / "sources/anadolu-ajansi-2023-02-kisi-sayisi-aciklandi.toml").read_text()
    assert 'title = "Kişi sayısı açıklandı"' in text  # the title itself as written
