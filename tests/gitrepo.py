"""A real temporary git repository for tests: write files, commit with fixed dates (so commit
ids are the same on every run), run git and `claims`."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from click.testing import CliRunner, Result

from claimledger.cli.main import cli

from .conftest import dedent


class Repo:
    """A git repository in `path` with a pinned identity and no signing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Ada Lovelace")
        self.git("config", "user.email", "ada@example.org")
        self.git("config", "commit.gpgsign", "false")
        self.day = 0

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", *args],
            cwd=self.path,
            capture_output=True,
            check=True,
            env={**os.environ, **(env or {})},
        )
        return done.stdout.decode("utf-8")

    def write(self, files: dict[str, str]) -> None:
        for rel, text in files.items():
            target = self.path / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(dedent(text), encoding="utf-8")

    def remove(self, *paths: str) -> None:
        for rel in paths:
            (self.path / rel).unlink()

    def commit(self, message: str, author: str = "Ada Lovelace") -> str:
        """Commit everything on day N+1 of 2026; returns the short commit id."""
        self.day += 1
        when = f"2026-01-{self.day:02d}T12:00:00Z"
        env = {
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_DATE": when,
            "GIT_AUTHOR_NAME": author,
        }
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, env=env)
        return self.git("rev-parse", "--short=7", "HEAD").strip()


def claims(*args: str) -> Result:
    """Run `claims` in the current directory (tests chdir into the repository)."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)
