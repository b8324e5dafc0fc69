"""The incremental workspace gives the same diagnostics as a full `check`."""

from __future__ import annotations

import shutil
from pathlib import Path

from claimledger.check import CheckContext, run_checks
from claimledger.store import load_texts
from claimledger.workspace import Workspace

from .conftest import TODAY

REPO = Path(__file__).resolve().parent.parent


def _full(root: Path, overlay: dict[str, str]) -> list:
    texts = {p.resolve().as_posix(): p.read_bytes() for p in root.rglob("*.toml")}
    texts.update(overlay)
    return run_checks(load_texts(texts, root.as_posix()), CheckContext(TODAY))


def _flat(found: dict) -> list:
    return sorted((d for ds in found.values() for d in ds), key=lambda d: d.sort_key)


def test_edits_match_a_full_check(tmp_path):
    root = tmp_path / "claims"
    shutil.copytree(REPO / "claims", root)
    ws = Workspace(root, TODAY)
    assert _flat(ws.diagnostics()) == _full(root, {})
    path = (root / "sources" / "web-2025-06-unmasking-iran-backed-militias.toml").as_posix()
    original = Path(path).read_text()
    for edited in (
        original.replace('value = "up to thirty"', 'value = "about 65"'),  # conflict closes
        original.replace('value = "up to thirty"', 'value = "up to ten"'),  # reopens
        original.replace('value = "up to thirty"', 'value = "several thousand"'),
        original + "\n[[claim]\n",  # a syntax error empties the file
    ):
        found = ws.update(path, edited)
        assert _flat(found) == _full(root, {path: edited})
    closed = ws.close(path)
    assert _flat(closed) == _full(root, {})


def test_agreeing_value_leaves_only_the_curators_judgement(tmp_path):
    root = tmp_path / "claims"
    shutil.copytree(REPO / "claims", root)
    ws = Workspace(root, TODAY)
    path = (root / "sources" / "web-2025-06-unmasking-iran-backed-militias.toml").as_posix()
    text = Path(path).read_text().replace('value = "up to thirty"', 'value = "about 65"')
    found = ws.update(path, text)
    (d,) = [d for d in found[path] if "iran-backed-militias/count" in d.message]
    assert d.message.startswith("asserted conflict on iraq/iran-backed-militias/count")
