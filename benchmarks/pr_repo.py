"""A git repository shaped like a pull request against a generated store.

    python benchmarks/pr_repo.py 100000 /tmp/pr100k

`main` holds the generated store; `feature` changes one value in one file (the common claim
update); `findings` adds new problems: a claim citing an unknown source, a second definition
of an existing claim id, a value its subject's unit cannot take, and a claim disagreeing with
a whole subject. The work tree is left on `feature`.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import write_store

ME = ("-c", "user.name=bench", "-c", "user.email=bench@example.org")

NEW_FINDINGS = """
[[claim]]
id = "zz-unknown-source"
subject = "topic0000/area0/item000000"
value = 12.0
source = "no-such-source"
date = 2024-05-01
quote = "A figure from nowhere."
confidence = "high"

[[claim]]
id = "c0000001"
subject = "topic0000/area0/item000000"
value = "about 5"
source = "src000000"
date = 2024-05-01
quote = "A duplicate id."
confidence = "high"

[[claim]]
id = "zz-dissent"
subject = "topic0000/area0/item000000"
value = 999999.0
source = "src000000"
date = 2024-05-02
quote = "A figure nobody else gives: 999999."
confidence = "high"
"""


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *ME, *args], cwd=repo, check=True, capture_output=True)
    return done.stdout.decode()


def make_pr_repo(folder: Path, n: int, before: Callable[[Path], None] | None = None) -> Path:
    """The repository described in the module docstring; returns `folder`. `before(folder)`
    runs before the first commit (`pr_path.py` puts the store in canonical form)."""
    write_store(folder / "claims", n)
    if before:
        before(folder)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "store")
    git(folder, "checkout", "-qb", "findings")
    first = sorted((folder / "claims" / "sources").iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + NEW_FINDINGS, encoding="utf-8")
    git(folder, "commit", "-qam", "new findings")
    git(folder, "checkout", "-q", "main")
    git(folder, "checkout", "-qb", "feature")
    changed = sorted((folder / "claims" / "sources").iterdir())[len(first.name) % 7]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace('"moderate"', '"high"', 1), encoding="utf-8")
    git(folder, "commit", "-qam", "one value changed")
    return folder


if __name__ == "__main__":
    make_pr_repo(Path(sys.argv[2]), int(sys.argv[1]))
