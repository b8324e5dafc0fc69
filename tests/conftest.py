"""Shared test helpers: stores from inline {path: text}, and stores on disk."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import pytest

from claimledger.checks.validation import CheckContext, run_checks
from claimledger.tomlstore.store import Store, load_texts

TODAY = datetime.date(2026, 11, 21)


def pytest_addoption(parser):
    parser.addoption(
        "--slow",
        action="store_true",
        help="also run every variant of the long kill and concurrency loops (.ci/run does)",
    )


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="a long variant: run with --slow (.ci/run does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def store_of(files: dict[str, str]) -> Store:
    """A store from inline TOML texts (dedented)."""
    return load_texts({path: dedent(text) for path, text in files.items()})


def check_of(files: dict[str, str], archives: dict[str, str] | None = None, strict: bool = False):
    store = store_of(files)
    reader = (archives or {}).get if archives is not None else None
    return run_checks(store, CheckContext(TODAY, reader, strict))


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(dedent(text), encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _pinned_env(monkeypatch, tmp_path_factory):
    # Commands read "today", the store and archives from the environment: pin them.
    monkeypatch.setenv("CLAIMS_TODAY", TODAY.isoformat())
    monkeypatch.delenv("CLAIMS_STORE", raising=False)
    monkeypatch.delenv("CLAIMS_ARCHIVE_PATH", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("COLUMNS", "160")
    # Each test's stores get their own cache, not the user's ~/.cache.
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


SOURCE = """
[[source]]
id = "gazette"
title = "The city in numbers"
publisher = "Gazette"
published = "2025-01"
reliability = "B"
"""

SUBJECT = """
[[subject]]
id = "city/population"
description = "How many people live in the city?"
kind = "quantity"
unit = "people"
unit_aliases = ["residents"]
"""


def claim(
    cid: str, value: str, source: str = "gazette", subject: str = "city/population", **extra: str
) -> str:
    """A [[claim]] block; `extra` values are written as given (TOML literals)."""
    lines = [
        "[[claim]]",
        f'id = "{cid}"',
        f'subject = "{subject}"',
        f"value = {value}",
        f'source = "{source}"',
        f'quote = "Quote for {cid}."',
        'confidence = "moderate"',
    ]
    lines += [f"{k} = {v}" for k, v in extra.items()]
    return "\n" + "\n".join(lines) + "\n"


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A small store on disk (one source, claim c1, one subject), the current directory."""
    monkeypatch.chdir(tmp_path)
    write_tree(
        tmp_path,
        {
            "claims/sources/gazette.toml": SOURCE + claim("c1", '"about 100"'),
            "claims/subjects/city.toml": SUBJECT,
        },
    )
    return tmp_path / "claims"
