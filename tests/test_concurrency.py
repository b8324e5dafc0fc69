"""Concurrent writers: eight `claims add` processes into one file lose nothing, and a lock that
cannot be taken ends in a clear message, not a hang or a half-written file."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from claimledger.disk.atomic import file_lock
from claimledger.disk.session import Options, open_session
from claimledger.errors import StoreError

from .test_crash import make_store

WRITERS = 8
MAIN = "from claimledger.cli.main import main; main()"


def add_claim(root: Path, n: int, claim_id: str | None) -> subprocess.Popen:
    args = [
        "add",
        "claim",
        "--subject",
        "city/population",
        "--source",
        "gazette",
        "--value",
        f"about {100 + n}",
        "--quote",
        f"About {100 + n} people.",
        "--confidence",
        "moderate",
    ]
    if claim_id:
        args += ["--id", claim_id]
    env = {**os.environ, "CLAIMS_TODAY": "2026-11-21", "CLAIMS_STORE": str(root / "claims")}
    return subprocess.Popen(
        [sys.executable, "-c", MAIN, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_all(procs: list[subprocess.Popen]) -> list[tuple[int, str]]:
    return [(p.wait(timeout=60), p.stderr.read() if p.stderr else "") for p in procs]


def claims_in(path: Path) -> list[str]:
    return [c["id"] for c in tomllib.loads(path.read_text()).get("claim", [])]


def assert_clean(root: Path) -> None:
    store = open_session(Options(store=str(root / "claims"))).store
    assert [d for d in store.diagnostics if d.severity.value == "error"] == []


@pytest.mark.parametrize(
    "given_ids",
    [
        pytest.param(True, id="explicit-ids"),
        pytest.param(False, id="generated-ids", marks=pytest.mark.slow),  # --slow (.ci/run)
    ],
)
def test_eight_writers_into_one_file(tmp_path, given_ids):
    path = make_store(tmp_path)
    before = path.read_text()
    procs = [add_claim(tmp_path, n, f"w{n}" if given_ids else None) for n in range(WRITERS)]
    results = run_all(procs)
    assert [code for code, _ in results] == [0] * WRITERS, results
    ids = claims_in(path)
    assert len(ids) == len(set(ids)) == WRITERS
    if given_ids:
        assert sorted(ids) == [f"w{n}" for n in range(WRITERS)]
    assert path.read_text().startswith(before)  # the comment and source untouched
    assert_clean(tmp_path)


def test_eight_writers_one_id_only_one_wins(tmp_path):
    path = make_store(tmp_path)
    results = run_all([add_claim(tmp_path, n, "same-id") for n in range(WRITERS)])
    codes = sorted(code for code, _ in results)
    assert codes == [0] + [2] * (WRITERS - 1), results
    assert all("already exists" in err for code, err in results if code == 2)
    assert claims_in(path) == ["same-id"]  # never overwritten
    assert_clean(tmp_path)


def test_lock_timeout_is_a_clear_message(tmp_path):
    path = make_store(tmp_path)
    with file_lock(path):
        child = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path\n"
                "from claimledger.disk.atomic import file_lock\n"
                "from claimledger.errors import StoreError\n"
                "try:\n"
                "    with file_lock(Path(sys.argv[1]), timeout=0.3): pass\n"
                "except StoreError as exc:\n"
                "    print(exc); sys.exit(3)\n",
                str(path),
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert child.returncode == 3
    assert "locked by another claims process" in child.stdout
    assert "waited 0.3 s" in child.stdout


def test_lock_is_released_after_an_error(tmp_path):
    path = make_store(tmp_path)
    with pytest.raises(RuntimeError), file_lock(path):
        raise RuntimeError("boom")
    with file_lock(path, timeout=0.1):
        pass


def test_lock_times_out_in_process(tmp_path):
    """flock is per open file: a second acquisition in one process also waits, then fails."""
    path = make_store(tmp_path)
    with file_lock(path), pytest.raises(StoreError, match="locked"), file_lock(path, timeout=0.1):
        pass
