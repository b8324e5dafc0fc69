"""One module per group of `claims` sub-commands. `cli/main.py` imports a module only when one
of its commands runs, and each command imports what it uses inside its function: a command
pays for its own dependencies only (`claims --version` and the cached answers load none of the
record parsers, the conflict engine, git or rich; docs/performance.md has the figures).

May import: anything."""
