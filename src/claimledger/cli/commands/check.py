"""`claims check` (validate, exit 1 on findings) and `claims fmt` (canonical form)."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click

from claimledger.cli.options import (
    diagnostic_format,
    load_session,
    pick_format,
    store_options,
    store_root,
)


@click.command()
@store_options
@diagnostic_format
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--since", "since", metavar="REV", help="Only findings new since git revision REV.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Load and check in up to N processes (at most one per usable CPU). Each holds the "
    "whole store, so memory grows N times; faster only where the cores are really free.",
)
def check(fmt: str, strict: bool, since: str | None, jobs: int) -> None:
    """Validate the store: syntax, fields, ids, references, values, dates, quotes, conflicts.

    Exit 0 when clean, 1 when there are errors (or warnings with --strict), 2 on usage or
    environment errors.

    \b
    Example:
      claims check --format gcc --archive-path ../archives
    """
    from claimledger.cli.progress import progress_bar
    from claimledger.cli.results import check_report
    from claimledger.render.diagnostics import render

    session = load_session()
    if since is None:  # the whole report, from the cache when still valid
        with progress_bar() as session.progress:
            text, fails = check_report(session, strict, pick_format(fmt), jobs)
        sys.stdout.write(text)
        if fails:
            raise SystemExit(1)
        return
    from claimledger.cli.results import since_results

    with progress_bar() as session.progress:
        diagnostics, files = since_results(session, strict, since, jobs)
    sys.stdout.write(render(pick_format(fmt), diagnostics, files))
    failing = {"error", "warning"} if strict else {"error"}
    if any(d.severity.value in failing for d in diagnostics):
        raise SystemExit(1)


@click.command()
@store_options
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--check", "check_only", is_flag=True, help="Change nothing; exit 1 if a file would change."
)
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff instead of writing.")
def fmt(files: tuple[str, ...], check_only: bool, show_diff: bool) -> None:
    """Rewrite claim files in canonical form (key order, quoting, spacing), keeping comments.

    With FILES, only those; otherwise every file of the store. A file whose comments cannot be
    kept (one inside a multi-line value) is left untouched and named.

    \b
    Example:
      claims fmt --check --diff
    """
    from claimledger.cli.results import CanonicalFiles
    from claimledger.disk.atomic import atomic_write
    from claimledger.tomlstore.writer import format_file

    known = CanonicalFiles.of_store(load_session()) if not files else CanonicalFiles.none()
    paths = [Path(f) for f in files] if files else known.paths or _store_files()
    changed = broken = 0
    for path in paths:
        if known.canonical(path):
            continue  # these bytes were canonical before: a hash (often trusted), no parse
        result = format_file(path)
        known.note(path, result)
        if result.problem:
            click.echo(f"{path.as_posix()}: {result.problem}", err=True)
            broken += result.fatal
            continue
        if result.new == result.old:
            continue
        changed += 1
        if show_diff:
            sys.stdout.writelines(
                difflib.unified_diff(
                    result.old.splitlines(keepends=True),
                    result.new.splitlines(keepends=True),
                    f"a/{path.as_posix()}",
                    f"b/{path.as_posix()}",
                )
            )
        if check_only or show_diff:
            click.echo(f"would reformat {path.as_posix()}", err=True)
        else:
            atomic_write(path, result.new)
            click.echo(f"reformatted {path.as_posix()}", err=True)
    known.save()
    verb = "would be reformatted" if (check_only or show_diff) else "reformatted"
    unchanged = len(paths) - changed - broken
    click.echo(
        f"{changed} file{'s' if changed != 1 else ''} {verb}, {unchanged} unchanged"
        + (f", {broken} not formatted" if broken else ""),
        err=True,
    )
    if broken or (check_only and changed):
        raise SystemExit(1)


def _store_files() -> list[Path]:
    from claimledger.disk.files import read_folder

    root = store_root()
    texts, _ = read_folder(root)
    return [Path(p) for p in texts]
