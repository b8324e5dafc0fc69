"""The `claims` command: click wiring only. Sub-commands live in `cli/commands/` and are imported
when invoked, so `claims --version` starts as fast as click itself."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from claimledger import __version__

# name -> (module under claimledger.cli.commands, function name)
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("records", "init"),
    "add": ("records", "add"),
    "list": ("records", "list_claims"),
    "show": ("records", "show"),
    "sources": ("records", "sources"),
    "subjects": ("records", "subjects"),
    "cache": ("cache", "cache"),
    "check": ("check", "check"),
    "fmt": ("check", "fmt"),
    "conflicts": ("conflicts", "conflicts"),
    "timeline": ("conflicts", "timeline"),
    "resolve": ("resolve", "resolve"),
    "impact": ("provenance", "impact"),
    "schema": ("editors", "schema"),
    "lsp": ("editors", "lsp"),
    "scan": ("editors", "scan"),
    "diff": ("review", "diff"),
    "log": ("review", "log"),
    "git-setup": ("review", "git_setup"),
    "textconv": ("review", "textconv"),
    "import": ("intake", "import_table"),
    "archive": ("intake", "archive"),
    "extract": ("intake", "extract"),
    "accept": ("intake", "accept"),
    "reject": ("intake", "reject"),
    "export": ("publishing", "export"),
    "site": ("site", "site"),
}


class ToolError(click.ClickException):
    """An environment or usage problem: message on stderr, exit 2 (1 means findings)."""

    exit_code = 2


class ClaimsGroup(click.Group):
    """Imports a sub-command only when it runs; turns environment errors into exit 2."""

    # Set by `main` (the `claims` process, which leaves through `os._exit`): each command's
    # `ctx.meta` (its session, with the loaded store) is kept here until then. Freed when
    # the command returned, a 100,000-claim store took ~0.35 s of CPU to free object by
    # object, for memory the process hands back at exit anyway. In-process callers (tests,
    # CliRunner) leave it None and their stores are freed as usual.
    kept_until_exit: list[dict[str, Any]] | None = None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module = importlib.import_module(f"claimledger.cli.commands.{entry[0]}")
        command: click.Command = getattr(module, entry[1])
        return command

    def invoke(self, ctx: click.Context) -> Any:
        from claimledger.errors import ClaimsError

        if self.kept_until_exit is not None:
            self.kept_until_exit.append(ctx.meta)
        try:
            result = super().invoke(ctx)
        except ClaimsError as exc:
            self._unread(ctx, 2)
            raise ToolError(str(exc)) from None
        except BrokenPipeError:
            from claimledger.cli.options import closed_pipe

            raise SystemExit(closed_pipe()) from None
        except OSError as exc:
            raise ToolError(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")) from None
        except click.exceptions.Exit as done:
            self._leave_with(self._unread(ctx, done.exit_code), done.exit_code)
            raise
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
            self._leave_with(self._unread(ctx, code), code)
            raise
        self._leave_with(self._unread(ctx, 0), 0)
        return result

    @staticmethod
    def _unread(ctx: click.Context, code: int) -> int:
        """Name the files the command could not read (see cli/unread.py); the new exit code."""
        from claimledger.cli.unread import report_unread

        return report_unread(ctx, ctx.invoked_subcommand, code)

    @staticmethod
    def _leave_with(code: int, was: int) -> None:
        if code != was:
            raise SystemExit(code)


@click.group(cls=ClaimsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claims")
@click.option(
    "--store",
    "store",
    envvar="CLAIMS_STORE",
    metavar="PATH",
    help="The claims folder (default: nearest claims/ walking up; env CLAIMS_STORE).",
)
@click.option(
    "--archive-path",
    "archive_path",
    multiple=True,
    metavar="DIR",
    help="Folder holding sources' archived texts (repeatable; env CLAIMS_ARCHIVE_PATH).",
)
@click.pass_context
def cli(ctx: click.Context, store: str | None, archive_path: tuple[str, ...]) -> None:
    """claimledger: factual claims as TOML records in git, conflicts side by side.

    \b
    Examples:
      claims conflicts                 # where sources disagree
      claims list --subject 'iraq/*'   # claims on subjects under iraq/
      claims check                     # validate the store (exit 1 on errors)
    """
    from claimledger.disk.session import Options

    ctx.obj = Options(store=store, archive_path=archive_path)


def main() -> None:
    cli.kept_until_exit = []  # see ClaimsGroup.kept_until_exit
    try:
        cli(prog_name="claims")
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            _leave(done.code or 0)
        raise
    except Exception as exc:  # a bug: one clear line, not a traceback (CLAIMS_DEBUG=1 shows it)
        if os.environ.get("CLAIMS_DEBUG"):
            raise
        sys.stderr.write(
            f"claims: internal error: {type(exc).__name__}: {exc}\n"
            "claims: please report it with the command you ran (CLAIMS_DEBUG=1 for details)\n"
        )
        sys.exit(2)


def _leave(code: int) -> None:
    """Exit without tearing the interpreter down object by object: after loading 100,000
    claims that takes 0.3 s and frees nothing the operating system does not. Output is
    flushed first; if that fails, Python's own exit reports it as before (a closed pipe
    quietly, as git does)."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        from claimledger.cli.options import closed_pipe

        os._exit(closed_pipe())
    except (OSError, ValueError):
        return
    os._exit(code)
