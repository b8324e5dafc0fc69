"""One module per group of `claims` sub-commands; `cli/main.py` imports a module only when
one of its commands runs, so `claims --version` loads none of them.

May import: anything."""
