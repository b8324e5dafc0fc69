"""`python -m claimledger`: the `claims` command (git-setup points git's textconv here)."""

from claimledger.cli.main import main

main()
