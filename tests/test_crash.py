"""Writes that cannot corrupt: a writing process killed (SIGKILL) at random moments leaves every
file entirely old or entirely new, and the store loads cleanly.

The in-process kills fork a child that writes in a loop through the real write paths
(`atomic_write`, `append_record`, the `fmt` formatter) and kill it after a random delay of a
few milliseconds, so kills land before, during and after the temp-file/fsync/rename steps.
A smaller set kills the real `claims add` / `claims fmt` processes.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimledger.disk.adding import append_record
from claimledger.disk.atomic import atomic_write
from claimledger.disk.session import Options, open_session
from claimledger.tomlstore.writer import format_file, render_record

# Each kill loop runs a quick variant by default and the full one with --slow (.ci/run).
KILLS = [pytest.param(20, id="20-kills"), pytest.param(90, id="90-kills", marks=pytest.mark.slow)]
CLI_KILLS = [pytest.param(8, id="8-kills"), pytest.param(24, id="24-kills", marks=pytest.mark.slow)]
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")

SOURCE = '[[source]]\nid = "gazette"\ntitle = "T"\npublisher = "Gazette"\npublished = "2025-01"\n'
SUBJECT = (
    '[[subject]]\nid = "city/population"\ndescription = "How many?"\nkind = "quantity"\n'
    'unit = "people"\n'
)


def claim_table(n: int) -> dict:
    return {
        "id": f"c{n}",
        "subject": "city/population",
        "source": "gazette",
        "value": f"about {100 + n}",
        "quote": f"About {100 + n} people — «citation» {n}.",
        "confidence": "moderate",
    }


def make_store(root: Path) -> Path:
    (root / "claims/sources").mkdir(parents=True)
    (root / "claims/subjects").mkdir()
    (root / "claims/subjects/city.toml").write_text(SUBJECT)
    path = root / "claims/sources/gazette.toml"
    path.write_text("# comment kept by every write\n" + SOURCE)
    path.chmod(0o640)
    return path


def kill_during(loop, delay: float) -> None:
    """Fork a child running `loop()` forever; SIGKILL it after `delay` seconds."""
    pid = os.fork()
    if pid == 0:  # the child: write until killed, never return into pytest
        try:
            loop()
        finally:
            os._exit(0)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status), "the writer stopped before it was killed"


def assert_loads_cleanly(root: Path) -> None:
    session = open_session(Options(store=str(root / "claims")))
    problems = [d for d in session.store.diagnostics if d.severity.value == "error"]
    assert problems == []
    assert len(session.store.files) == 2  # temp files left by a kill are never loaded


@pytest.mark.parametrize("kills", KILLS)
def test_atomic_write_killed_at_random(tmp_path, kills):
    path = make_store(tmp_path)
    states = [
        path.read_text() + "".join("\n" + render_record("claim", claim_table(i)) for i in range(n))
        for n in range(4)
    ]

    def loop() -> None:
        i = 0
        while True:
            i += 1
            atomic_write(path, states[i % len(states)])

    rng = random.Random(1)
    changed = 0
    for _ in range(kills):
        before = path.read_text()
        kill_during(loop, rng.uniform(0, 0.04))
        after = path.read_text()
        assert after in states
        changed += after != before
        assert path.stat().st_mode & 0o777 == 0o640
    assert_loads_cleanly(tmp_path)
    print(f"{changed} of {kills} kills came after at least one write")
    assert changed > kills // 4  # the kills did land among writes


@pytest.mark.parametrize("kills", KILLS)
def test_append_killed_at_random(tmp_path, kills):
    path = make_store(tmp_path)
    original = path.read_bytes()

    def loop() -> None:
        n = 0
        while True:
            append_record(path, "claim", claim_table(n), set(), True)
            n += 1

    rng = random.Random(2)
    appended = 0
    for _ in range(kills):
        path.write_bytes(original)
        kill_during(loop, rng.uniform(0, 0.04))
        data = path.read_bytes()
        assert data.startswith(original.rstrip(b"\n"))  # the old bytes, untouched
        n = data.count(b"[[claim]]")
        expected = original.decode() + "".join(
            "\n" + render_record("claim", claim_table(i)) for i in range(n)
        )
        assert data.decode() == expected  # whole records only, none half-written
        appended += n
        assert_loads_cleanly(tmp_path)
    assert appended > 0


@pytest.mark.parametrize("kills", KILLS)
def test_fmt_killed_at_random(tmp_path, kills):
    path = make_store(tmp_path)
    messy = (
        "# comment kept by every write\n[[source]]\npublisher='Gazette'   # who\n"
        'title = "T"\nid="gazette"\n\n\n\npublished = "2025-01"\n'
    )
    path.write_text(messy)
    tidy = format_file(path).new
    assert tidy != messy and "# who" in tidy

    def loop() -> None:
        while True:
            atomic_write(path, messy)
            atomic_write(path, format_file(path).new)

    rng = random.Random(3)
    for _ in range(kills):
        kill_during(loop, rng.uniform(0, 0.04))
        assert path.read_text() in (messy, tidy)
    assert_loads_cleanly(tmp_path)


@pytest.mark.parametrize("kills", CLI_KILLS)
def test_real_commands_killed_at_random(tmp_path, kills):
    """`claims add` and `claims fmt` as real processes, SIGKILLed at random moments."""
    path = make_store(tmp_path)
    env = {**os.environ, "CLAIMS_TODAY": "2026-11-21", "CLAIMS_STORE": str(tmp_path / "claims")}
    rng = random.Random(4)
    added = set()
    for i in range(kills):
        before = path.read_text()
        args = ["fmt"] if i % 3 == 0 else _add_args(i)
        proc = subprocess.Popen(
            [sys.executable, "-c", "from claimledger.cli.main import main; main()", *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = path.read_text()
        if after != before and i % 3:
            added.add(f"k{i}")
            assert after.startswith(before.rstrip("\n"))
        assert_loads_cleanly(tmp_path)
    text = path.read_text()
    print(f"{len(added)} of {kills * 2 // 3} killed `claims add` runs had written")
    assert all(f'id = "{cid}"' in text for cid in added)
    assert "# comment kept by every write" in text


def _add_args(i: int) -> list[str]:
    return [
        "add",
        "claim",
        "--id",
        f"k{i}",
        "--subject",
        "city/population",
        "--source",
        "gazette",
        "--value",
        f"about {200 + i}",
        "--quote",
        f"About {200 + i} people.",
        "--confidence",
        "moderate",
    ]
