"""The incremental workspace gives the same diagnostics as a full `check`."""

from __future__ import annotations

import shutil
from pathlib import Path

from claimledger.checks.validation import CheckContext, run_checks
from claimledger.editor.workspace import Workspace
from claimledger.tomlstore.store import load_texts

from .conftest import TODAY

REPO = Path(__file__).resolve().parent.parent


def _full(root: Path, overlay: dict[str, str]) -> list:
    texts = {p.resolve().as_posix(): p.read_bytes() for p in root.rglob("*.toml")}
    texts.update(overlay)
    # The language server marks a conflict on every claim involved; `check` reports it once.
    return run_checks(load_texts(texts, root.as_posix()), CheckContext(TODAY), each_claim=True)


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


def _generated(root: Path, n: int) -> None:
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from generate import write_store
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    write_store(root, n)


def _claim_ids(text: str) -> list[str]:
    import re

    return re.findall(r'^id = "(c\d+)"', text, re.M)


def _edit(rng, path: Path, text: str, files: dict[str, str], root: Path) -> str:
    """One random edit of a claim file's text."""
    import re

    all_ids = [i for t in files.values() for i in _claim_ids(t)] or ["c0000000"]
    subjects = sorted(
        {s for t in files.values() for s in re.findall(r'^id = "(topic[^"]+)"', t, re.M)}
    )
    mine = _claim_ids(text)
    choice = rng.randrange(13)
    if choice == 0:  # change a value
        return re.sub(
            r"^value = .*$", f'value = "about {rng.randrange(1, 99999)}"', text, count=1, flags=re.M
        )
    if choice == 1 and subjects:  # move a claim to another subject
        lines = text.splitlines(keepends=True)
        spots = [i for i, line in enumerate(lines) if line.startswith("subject = ")]
        if spots:
            lines[rng.choice(spots)] = f'subject = "{rng.choice(subjects)}"\n'
        return "".join(lines)
    if choice == 2:  # delete the file's records
        return ""
    if choice == 3:  # a syntax error
        return text + "\n[[claim]\n"
    if choice == 4:  # duplicate an id from elsewhere (or from this file)
        return (
            text.replace(f'id = "{mine[0]}"', f'id = "{rng.choice(all_ids)}"', 1) if mine else text
        )
    if choice == 5:  # add a resolution
        a, b = rng.sample(all_ids, 2) if len(all_ids) > 1 else (all_ids[0], "c9999999")
        verdict = rng.choice(['"prefer"', '"both-plausible"', '"scope-mismatch"'])
        preferred = f'preferred = "{a}"\n' if rng.random() < 0.5 else ""
        rid = f"r-added-{rng.randrange(5)}"
        return text + (
            f'\n[[resolution]]\nid = "{rid}"\nclaims = ["{a}", "{b}"]\nverdict = {verdict}\n'
            f'{preferred}note = "judged"\nrevisit = 2026-01-01\n'
        )
    if choice == 6 and mine:  # link across subjects
        key = rng.choice(["contradicts", "supports", "supersedes"])
        target = rng.choice([*all_ids, "c000000x", "nonexistent-claim"])
        value = f'"{target}"' if key == "supersedes" else f'["{target}"]'
        return text.replace(f'id = "{mine[-1]}"\n', f'id = "{mine[-1]}"\n{key} = {value}\n', 1)
    if choice == 7 and mine:  # retract a claim
        return text.replace(f'id = "{mine[0]}"\n', f'id = "{mine[0]}"\nstatus = "retracted"\n', 1)
    if choice == 8:  # rename or drop the source / the subject of this file
        return re.sub(r'^id = "(src|topic)', r'id = "x\1', text, count=1, flags=re.M)
    if choice == 9:  # a bad confidence, a future date, a dangling source
        return (
            text.replace('confidence = "high"', "confidence = 900", 1)
            .replace("date = 2016", "date = 2096", 1)
            .replace('source = "src0000', 'source = "srcx000', 1)
        )
    if choice == 10:  # reorder the records
        blocks = text.split("\n[[")
        rng.shuffle(blocks)
        return "\n".join(b if b.startswith("[[") else "[[" + b for b in blocks if b.strip())
    if choice == 11:  # swap in another file's text
        return files[rng.choice(sorted(files))]
    return (
        text
        + f'\n[[claim]]\nid = "{rng.choice(all_ids)}-n"\nsubject = "{rng.choice(subjects or ["s"])}"\nvalue = 3\nsource = "src000001"\nquote = "q"\nconfidence = "high"\ncontradicts = ["{rng.choice(all_ids)}"]\n'
    )


def test_random_edits_match_a_full_check(tmp_path):
    import random

    root = tmp_path / "claims"
    _generated(root, 300)
    ws = Workspace(root, TODAY)
    assert _flat(ws.diagnostics()) == _full(root, {})
    rng = random.Random(7)
    paths = sorted(p.as_posix() for p in root.rglob("*.toml"))
    overlay: dict[str, str] = {}
    for step in range(120):
        files = {p: overlay.get(p, Path(p).read_text() if Path(p).exists() else "") for p in paths}
        action = rng.random()
        if action < 0.08 and overlay:  # close a buffer: the disk speaks again
            path = rng.choice(sorted(overlay))
            del overlay[path]
            found = ws.close(path)
        elif action < 0.12:  # a new file
            path = (root / "new" / f"n{step}.toml").as_posix()
            paths.append(path)
            overlay[path] = _edit(rng, Path(path), "", files, root)
            found = ws.update(path, overlay[path])
        elif action < 0.15:  # a file deleted on disk
            path = rng.choice([p for p in paths if Path(p).exists()])
            Path(path).unlink()
            overlay.pop(path, None)
            found = ws.close(path)
        else:
            path = rng.choice(paths)
            overlay[path] = _edit(rng, Path(path), files[path], files, root)
            found = ws.update(path, overlay[path])
        full = _full(root, overlay)
        assert _flat(found) == full, f"step {step}"
        if step % 10 == 0:
            store = load_texts(
                {**{p.as_posix(): p.read_bytes() for p in root.rglob("*.toml")}, **overlay},
                root.as_posix(),
            )
            for kind in ("source", "subject", "claim", "resolution"):
                mine = ws.store.index(kind)
                assert list(mine) == list(store.index(kind))
                assert [r.origin for r in mine.values()] == [
                    r.origin for r in store.index(kind).values()
                ]
            assert ws.store.diagnostics == store.diagnostics


def test_a_resolution_across_subjects_goes_stale_when_its_other_claim_changes(tmp_path):
    from claimledger.conflicts.groups import find_conflicts
    from claimledger.conflicts.resolutions import resolution_table

    root = tmp_path / "claims"
    _generated(root, 300)
    ws = Workspace(root, TODAY)
    store = ws.store
    group = next(g for g in find_conflicts(store, TODAY) if g.resolution is None)
    ids = sorted(group.conflicting_ids)
    other = next(c for c in store.claims.values() if c.subject != group.subject)
    table = resolution_table(store, [*ids, other.id], "both-plausible", "judged")
    prints = ", ".join(f'{k} = "{v}"' for k, v in table["fingerprints"].items())
    quoted = ", ".join(f'"{i}"' for i in table["claims"])
    extra = (root / "resolutions" / "extra.toml").as_posix()
    text = (
        f'[[resolution]]\nid = "r-across"\nclaims = [{quoted}]\nverdict = "both-plausible"\n'
        f'note = "judged"\nfingerprints = {{ {prints} }}\n'
    )
    assert _flat(ws.update(extra, text)) == _full(root, {extra: text})
    path = other.origin.file
    edited = (
        Path(path).read_text().replace(f'id = "{other.id}"\n', f'id = "{other.id}"\nscope = "x"\n')
    )
    found = ws.update(path, edited)
    assert _flat(found) == _full(root, {extra: text, path: edited})
    assert any(d.code == "conflict-stale" for d in _flat(found))


def test_the_settings_file_is_not_a_record_file(tmp_path):
    root = tmp_path / "claims"
    shutil.copytree(REPO / "claims", root)
    (root / ".claims.toml").write_text('language = "de"\n')
    ws = Workspace(root, TODAY)
    assert ws.contains(root / "sources" / "x.toml")
    assert not ws.contains(root / ".claims.toml")
    assert not any(path.endswith(".claims.toml") for path in ws.diagnostics())
    (root / ".claims.toml").unlink()
    assert _flat(ws.diagnostics()) == _full(root, {})
