"""What every command shares: the session from global options, a console, date options."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from claimledger.disk.files import find_store
from claimledger.disk.session import Options, Session, open_session

if TYPE_CHECKING:
    from rich.console import Console


def _set_option(ctx: click.Context, param: click.Parameter, value: object) -> None:
    if value in (None, ()):
        return
    root = ctx.find_root()
    options = root.obj if isinstance(root.obj, Options) else Options()
    if param.name == "archive_path":
        value = (*options.archive_path, *value)  # type: ignore[misc]
    updated = dataclasses.replace(options, **{str(param.name): value})
    node: click.Context | None = ctx
    while node is not None:  # children copied the parent's obj when they were made
        node.obj = updated
        node = node.parent


def store_options(command: Any) -> Any:
    """`--store` and `--archive-path` accepted after the sub-command too."""
    command = click.option(
        "--archive-path",
        "archive_path",
        multiple=True,
        metavar="DIR",
        expose_value=False,
        callback=_set_option,
        help="Folder holding sources' archived texts (repeatable).",
    )(command)
    return click.option(
        "--store",
        "store",
        metavar="PATH",
        expose_value=False,
        callback=_set_option,
        help="The claims folder (default: nearest claims/).",
    )(command)


def load_session() -> Session:
    """The store named by the global options (or found from the current directory)."""
    from claimledger.cli.progress import progress_bar
    from claimledger.cli.unread import SESSION_KEY

    ctx = click.get_current_context()
    options = ctx.find_object(Options) or Options()
    session = open_session(options)
    # Long loads draw a bar on a terminal's stderr; it closes with the command.
    session.progress = ctx.with_resource(progress_bar())
    ctx.meta[SESSION_KEY] = session  # cli/main.py names the files it could not read
    return session


def store_root() -> Path:
    """The store folder named by the global options, without loading it."""
    ctx = click.get_current_context()
    options = ctx.find_object(Options) or Options()
    return find_store(Path.cwd(), options.store or os.environ.get("CLAIMS_STORE"))


def console(stderr: bool = False) -> Console:
    """rich output for people; machine formats never go through it."""
    from rich.console import Console  # imported here: answers from the cache never need rich

    class QuietConsole(Console):
        def on_broken_pipe(self) -> None:  # rich's own exits 1
            raise SystemExit(closed_pipe())

    return QuietConsole(stderr=stderr, highlight=False)


# The reader of our output went away (`claims list | head -1`): stop quietly with the exit
# status of a process ended by SIGPIPE, as git and other Unix tools do.
SIGPIPE_EXIT = 128 + 13


def closed_pipe() -> int:
    """Point stdout at /dev/null, so that nothing writes to the closed pipe again (Python's
    exit would report it); the exit status to stop with."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return SIGPIPE_EXIT


def parse_date_option(raw: str | None, flag: str, end: bool) -> datetime.date | None:
    """Any date form the value parser reads; the start (or end) of its span."""
    if raw is None:
        return None
    from claimledger.errors import ClaimsError
    from claimledger.model.dates import parse_date
    from claimledger.model.values import DaySpan

    span = parse_date(raw)
    if not isinstance(span, DaySpan):
        raise ClaimsError(f"{flag} {raw!r}: {span.message}")
    return span.end if end else span.start


FORMATS = ["auto", "text", "gcc", "json", "sarif", "github"]

diagnostic_format = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="auto = github inside GitHub Actions, else text.",
)


def pick_format(fmt: str) -> str:
    """`auto`: GitHub workflow commands inside GitHub Actions, text elsewhere."""
    if fmt != "auto":
        return fmt
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
