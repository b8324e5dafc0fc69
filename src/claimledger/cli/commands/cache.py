"""`claims cache`: where this store's cache lives, how big it is, and `--clear` to empty it."""

from __future__ import annotations

import click

from claimledger.cli.options import store_options, store_root


@click.command()
@store_options
@click.option("--clear", is_flag=True, help="Delete this store's cache folder.")
def cache(clear: bool) -> None:
    """Show where this store's cache is and what it holds; `--clear` deletes it.

    The cache only saves time: deleting it loses nothing. It lives in
    $XDG_CACHE_HOME/claimledger (~/.cache/claimledger), one folder per store;
    CLAIMS_CACHE_DIR moves it and CLAIMS_NO_CACHE=1 turns it off.

    \b
    Example:
      claims cache --clear
    """
    from claimledger.disk.cache import cache_dir, usage
    from claimledger.disk.cache import clear as clear_folder

    folder = cache_dir(store_root())
    if folder is None:
        click.echo("caching is off (CLAIMS_NO_CACHE is set)")
        return
    files, size = clear_folder(folder) if clear else usage(folder)
    held = f"{files} file{'s' if files != 1 else ''}, {size / 1048576:.1f} MiB"
    click.echo(f"{'removed' if clear else 'cache'}: {folder} ({held})")
