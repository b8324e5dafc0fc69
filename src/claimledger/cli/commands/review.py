"""`claims diff`, `claims log`, `claims git-setup` and `claims textconv`: reviewing changes
to the fact base in git."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from claimledger.cli.options import console, load_session, store_options, store_root


@click.command()
@store_options
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="markdown: a pull-request comment (under 65,536 characters).",
)
def diff(base: str | None, head: str | None, fmt: str) -> None:
    """What a change does to the fact base: claims added, changed (field by field) and
    removed, and the conflicts it opens, resolves, closes or makes stale.

    BASE and HEAD are git revisions (default: HEAD and the working tree). `A...B` compares
    the merge base of A and B with B (the pull-request view); `A..B` compares A with B.
    Records are matched by kind and id, so moving a record to another file changes nothing.

    \b
    Examples:
      claims diff                                   # uncommitted changes
      claims diff origin/main...HEAD --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from claimledger.disk.session import Options, read_settings, today_date
    from claimledger.git.review import review

    options = click.get_current_context().find_object(Options) or Options()
    root = store_root()
    settings, _, _ = read_settings(root, "")  # `today` pinned there too
    today = options.today or today_date(settings.today if settings else None)
    result = review(root, base, head, today)
    if fmt == "json":
        from claimledger.render.diff import render_diff_json

        sys.stdout.write(render_diff_json(result))
    elif fmt == "markdown":
        from claimledger.render.diff import render_diff_markdown

        sys.stdout.write(render_diff_markdown(result))
    else:
        from claimledger.render.diff_rich import print_review

        print_review(console(), result)


@click.command()
@store_options
@click.argument("record_id", metavar="ID")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def log(record_id: str, fmt: str) -> None:
    """The history of one record: each commit that added, changed, moved or removed it, with
    the fields it changed. Follows the record across files. ID may be `kind:id`.

    \b
    Example:
      claims log alhurra-militia-count
    """
    from claimledger.git.history import record_history
    from claimledger.git.revisions import repo_top, store_folder
    from claimledger.render.history import render_history_json

    session = load_session()
    root = Path(session.root)
    top = repo_top(root)
    entries = record_history(top, store_folder(top, root), record_id, session.store.subjects)
    if fmt == "json":
        sys.stdout.write(render_history_json(record_id, entries))
    else:
        from claimledger.render.history_rich import print_history

        print_history(console(), record_id, entries)


@click.command("git-setup")
@store_options
@click.option("--undo", is_flag=True, help="Remove the configuration again.")
def git_setup(undo: bool) -> None:
    """Make `git diff`, `git log -p` and `git show` show claim files record by record.

    Adds a `diff=claims` line for the store's files to .gitattributes (commit it) and the
    textconv command to the local .git/config (run once per clone). Safe to run twice.

    \b
    Example:
      claims git-setup && git diff claims/
    """
    from claimledger.git import setup as gitsetup
    from claimledger.git.revisions import repo_top, store_folder

    root = store_root()
    top = repo_top(root)
    folder = store_folder(top, root)
    for line in (gitsetup.undo if undo else gitsetup.setup)(top, folder):
        click.echo(line, err=True)


@click.command(hidden=True)
@click.argument("file", type=click.Path(dir_okay=False))
def textconv(file: str) -> None:
    """Print a claim file as sorted record-level text (git's textconv program; never fails).

    \b
    Example:
      claims textconv claims/sources/gazette.toml
    """
    from claimledger.git.textconv import render_file

    try:
        data = Path(file).read_bytes()
    except OSError:
        return  # textconv must not fail: an unreadable file shows as empty
    sys.stdout.buffer.write(render_file(file, data).encode("utf-8"))
