"""Editor-facing commands: `claims schema`, `claims lsp` and `claims scan`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from claimledger.cli.options import diagnostic_format, load_session, pick_format, store_options


@click.command()
def schema() -> None:
    """Print the JSON Schema (draft-04) of claim files, generated from the record model.

    Editors that validate TOML with JSON Schema (taplo / Even Better TOML, tombi) use it for
    checks and completion without the language server. The package ships the same text as
    claimledger/claims.schema.json.

    \b
    Example:
      claims schema > claims.schema.json
    """
    from claimledger.tomlstore.schema import schema_json

    sys.stdout.write(schema_json())


@click.command()
def lsp() -> None:
    """Run the language server on stdin/stdout (editors start it; you do not type in it).

    Diagnostics for claim files and prose drafts, hover tables, go to definition, completion
    and quick fixes for conflicts. See docs/editors.md for vim, neovim, emacs, VS Code, Helix.

    \b
    Example (neovim):
      vim.lsp.start({ name = "claims", cmd = { "claims", "lsp" } })
    """
    from claimledger.editor.server import main

    main()


@click.command()
@store_options
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--language",
    metavar="BCP47",
    help="The drafts' language (de, tr, pt-BR, ...): how figures are read; default: the "
    "front matter's `language:`, else English.",
)
@diagnostic_format
def scan(files: tuple[str, ...], language: str | None, fmt: str) -> None:
    """Check prose drafts (Markdown or plain text) against the fact base.

    A sentence that names a subject (through its aliases) and states a figure of its kind is
    compared with the stored claims: a contradiction is a warning at the figure
    (prose-conflict); siding with one position of an open dispute is info (prose-disputed).
    Exit 1 when a figure contradicts the fact base.

    \b
    Example:
      claims scan drafts/militias.md --format gcc
      claims scan entwurf.md --language de
    """
    from claimledger.checks.scan import scan_text
    from claimledger.disk.files import display_path
    from claimledger.errors import ClaimsError
    from claimledger.model.diagnostics import sort_diagnostics
    from claimledger.render.diagnostics import render

    session = load_session()
    found = []
    for name in files:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise ClaimsError(f"{name}: {exc.strerror or exc}") from None
        today = session.context.today
        found.extend(scan_text(display_path(path), text, session.store, today, language))
    found = sort_diagnostics(found)
    sys.stdout.write(render(pick_format(fmt), found, len(files)))
    if any(d.severity.value in ("error", "warning") for d in found):
        raise SystemExit(1)
