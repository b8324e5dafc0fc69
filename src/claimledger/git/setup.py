"""`claims git-setup`: record-level `git diff` / `git log -p` / `git show` for claim files.

`.gitattributes` names the diff driver (versioned, shared); the command lives in the local git
config, which git never versions, so every clone runs `claims git-setup` once.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from claimledger.disk.atomic import atomic_write
from claimledger.errors import ClaimsError
from claimledger.git.revisions import git

DRIVER = "claims"
RECORD_HEADER = r"^(\[(source|subject|claim|resolution) .*\])$"  # git shows group 1
COMMENT = "# claimledger: record-level diffs of claim files (claims git-setup)"


def attribute_line(folder: str) -> str:
    pattern = "**/*.toml" if folder in ("", ".") else f"{folder}/**/*.toml"
    return f"{pattern} diff={DRIVER}"


def textconv_command() -> str:
    # The interpreter running now, not `claims` from PATH: git clients started outside the
    # virtualenv (editors, GUIs) still find it.
    return f"{shlex.quote(sys.executable)} -m claimledger textconv"


def setup(top: Path, folder: str) -> list[str]:
    """Declare the driver in .gitattributes and its command in .git/config; idempotent."""
    done = []
    path = top / ".gitattributes"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    line = attribute_line(folder)
    if line in text.splitlines():
        done.append(f".gitattributes already has {line!r}")
    else:
        sep = "" if not text or text.endswith("\n") else "\n"
        atomic_write(path, f"{text}{sep}{COMMENT}\n{line}\n")
        done.append(f"added {line!r} to .gitattributes")
    git(top, "config", "--local", f"diff.{DRIVER}.textconv", textconv_command())
    # Hunk headers name the record being changed, as they name the function in code.
    git(top, "config", "--local", f"diff.{DRIVER}.xfuncname", RECORD_HEADER)
    done.append(f"set diff.{DRIVER}.textconv and xfuncname in .git/config")
    return done


def undo(top: Path, folder: str) -> list[str]:
    """Remove what `setup` added; idempotent."""
    done = []
    path = top / ".gitattributes"
    if path.exists():
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [x for x in lines if x not in (COMMENT, attribute_line(folder))]
        if kept != lines:
            if kept:
                atomic_write(path, "\n".join(kept) + "\n")
            else:
                path.unlink()
            done.append(f"removed {attribute_line(folder)!r} from .gitattributes")
    try:
        git(top, "config", "--local", "--remove-section", f"diff.{DRIVER}")
        done.append(f"removed diff.{DRIVER} from .git/config")
    except ClaimsError:
        pass  # no such section: already undone
    return done or ["nothing to undo"]
