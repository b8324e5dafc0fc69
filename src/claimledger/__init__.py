"""claimledger: factual claims as TOML records in git, conflicting claims side by side.

The package is layered; docs/architecture.md has the table of packages and what each may
import. This module holds the version alone: pyproject.toml reads it from here at build time
(so it is written once), and `importlib.metadata.version("claimledger")` gives the same string.
It is a literal rather than an `importlib.metadata` lookup because that lookup costs every
start-up about 40 modules and 25 ms (`python -X importtime`), which `claims --version` and the
cached answers do not pay today.
"""

__version__ = "0.1.0"
