"""`python -m claimledger`: the `claims` command (git-setup points git's textconv here)."""

from .cli import main

main()
