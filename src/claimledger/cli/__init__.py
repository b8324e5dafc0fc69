"""The `claims` command: click wiring (`main.py`), command options and the opened store for a
command, progress bars, cached command answers (`results.py`), and one module per command group
under `commands/`. The only package that imports click.

May import: anything."""
