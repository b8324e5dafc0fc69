"""Output into a pipe that closes early (`claims list | head -1`): quiet, exit 141 as git."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SOURCE, SUBJECT, claim, write_tree

SIGPIPE_EXIT = 141
SRC = str(Path(__file__).resolve().parent.parent / "src")


@pytest.fixture
def big_store(tmp_path):
    """700 subjects, each with two claims that disagree and one unknown field: enough output
    of every command to fill a pipe's buffer."""
    subjects, claims = [], []
    for i in range(700):
        subject = f"city/district-{i}"
        subjects.append(SUBJECT.replace("city/population", subject))
        claims.append(claim(f"a{i}", "10", subject=subject, colour='"red"'))
        claims.append(claim(f"b{i}", "1000", subject=subject))
    write_tree(
        tmp_path,
        {
            # spaced out, for `fmt --diff`
            "claims/sources/gazette.toml": (SOURCE + "".join(claims)).replace(" = ", "  =  "),
            "claims/subjects/city.toml": "".join(subjects),
        },
    )
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--format", "json"],
        ["list", "--format", "jsonl"],
        ["conflicts"],
        ["fmt", "--diff"],
        ["check"],
    ],
)
def test_a_closed_pipe_ends_the_command_quietly(big_store, args):
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimledger", *args],
        cwd=big_store,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # PYTHONPATH: the code under test, not whatever claimledger is installed.
        env={"PATH": "/usr/bin:/bin", "CLAIMS_NO_CACHE": "1", "COLUMNS": "100", "PYTHONPATH": SRC},
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()  # `head -1`
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert (proc.wait(timeout=60), stderr) == (SIGPIPE_EXIT, b"")
