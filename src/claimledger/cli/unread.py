"""Files a command could not read: one line each on stderr, and exit 1 where that leaves the
command's output incomplete. `check` lists them among its findings and says nothing here."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from claimledger.disk.session import Session

if TYPE_CHECKING:
    from claimledger.model.diagnostics import Diagnostic

SESSION_KEY = "claimledger.session"  # where `load_session` leaves the command's session
# Where a command that read the files itself (streaming, not loading the store) leaves the
# lines to print: asking the store for them would load it whole after all.
UNREAD_KEY = "claimledger.unread"
# Commands whose output lists records: a file left out makes it incomplete (exit 1).
INCOMPLETE_WITHOUT = frozenset(
    {"list", "show", "sources", "subjects", "conflicts", "scan", "export"}
)
# Commands that write after reading the store: they say so, their exit code stands.
NOTED_BY = frozenset({"add", "resolve"})
INCOMPLETE_EXIT = 1


def unread_lines(session: Session) -> list[str]:
    """`claims: could not read FILE:LINE:COL (why): ...` per file whose records are missing;
    from the cache while the store is unchanged, so warm answers stay warm."""
    from claimledger.cli.results import cached
    from claimledger.model.diagnostics import decode_diagnostic, encode_diagnostic

    def compute() -> list[list[object]]:
        from claimledger.tomlstore.store import unloaded_files

        return [encode_diagnostic(d) for d in unloaded_files(session.store)]

    rows = cached(session, "unread.json", session.result_key("unread"), compute)
    return [unread_line(d) for d in map(decode_diagnostic, rows)]


def unread_line(d: Diagnostic) -> str:
    """The stderr line naming one file whose records are missing."""
    return (
        f"claims: could not read {d.file}:{d.line}:{d.column} ({d.message}): "
        "its records are left out; run `claims check`"
    )


def report_unread(ctx: click.Context, command: str | None, code: int) -> int:
    """Say which files the command could not read; the exit code to leave with."""
    session = ctx.meta.get(SESSION_KEY)
    if not isinstance(session, Session) or command not in INCOMPLETE_WITHOUT | NOTED_BY:
        return code
    lines = ctx.meta.get(UNREAD_KEY)
    if lines is None:
        lines = unread_lines(session)
    if not lines:
        return code
    try:
        sys.stdout.flush()  # the output first, then what it lacks
        sys.stderr.write("".join(line + "\n" for line in lines))
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    if command in INCOMPLETE_WITHOUT and code == 0:
        return INCOMPLETE_EXIT
    return code
