"""The layers: which package may import which, where third-party edges may appear, no private
names across modules, and no import cycle (function-local imports included, so a lazy import
can save start-up time but never hide a cycle). docs/architecture.md has the same table."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "claimledger"

BELOW_RENDER = {"model", "tomlstore", "conflicts", "checks"}
# package -> the packages of ours it may import (besides itself and the root package)
MAY_IMPORT: dict[str, set[str]] = {
    "model": set(),
    "tomlstore": {"model"},
    "conflicts": {"model", "tomlstore"},
    "checks": {"model", "tomlstore", "conflicts"},
    "render": BELOW_RENDER,
    "disk": BELOW_RENDER,
    "git": BELOW_RENDER | {"disk"},
    "ingest": BELOW_RENDER | {"disk"},
    "editor": BELOW_RENDER | {"render", "disk", "git"},
    "cli": BELOW_RENDER | {"render", "disk", "git", "ingest", "editor"},
}
ROOT_MODULES = {"", "errors", "__main__"}  # claimledger itself (the version), errors, __main__
# third-party or stdlib module -> where it may be imported (a package, or a module path glob)
CONFINED: dict[str, tuple[str, ...]] = {
    "click": ("cli/*",),
    "rich": ("render/*_rich.py", "cli/*"),
    "pygls": ("editor/*",),
    "lsprotocol": ("editor/*",),
    "subprocess": ("git/*",),
    "sqlite3": ("git/*",),
    "jinja2": ("render/site_pages.py",),
    "markupsafe": ("render/site_pages.py",),
}


def package_of(module: str) -> str:
    """`claimledger.disk.cache` -> `disk`; root modules -> their name or ''."""
    parts = module.split(".")[1:]
    if len(parts) > 1 or (parts and parts[0] in MAY_IMPORT):
        return parts[0]
    return parts[0] if parts else ""


def module_name(path: Path, src: Path) -> str:
    rel = path.relative_to(src.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, src: Path) -> Iterator[tuple[int, str, str]]:
    """(line, module, name) for every import in the file, at any depth; name is '' for
    `import x` and the imported name for `from x import name`."""
    me = module_name(path, src)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ""
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            for alias in node.names:
                yield node.lineno, base, alias.name


def private_attributes(path: Path, src: Path) -> Iterator[tuple[int, str]]:
    """`module._name` where `module` is one of ours, bound by an import in this file."""
    tree = ast.parse(path.read_text())
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(src.name):
            for alias in node.names:
                if is_module(f"{node.module}.{alias.name}", src):
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(src.name + ".") and alias.asname:
                    bound[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            yield node.lineno, f"uses the private name {node.attr} of {bound[node.value.id]}"


def is_module(name: str, src: Path) -> bool:
    rel = Path(*name.split(".")[1:])
    return (src / rel).with_suffix(".py").exists() or (src / rel / "__init__.py").exists()


def confined_ok(rel: str, allowed: tuple[str, ...]) -> bool:
    return any(Path(rel).match(pattern) or rel.startswith(pattern[:-1]) for pattern in allowed)


def violations(src: Path) -> list[str]:
    """Every broken rule in the package at `src`, as `path:line: what`."""
    top = src.name
    found = []
    edges: dict[str, set[str]] = {}
    for path in sorted(src.rglob("*.py")):
        me = module_name(path, src)
        mine = package_of(me)
        rel = path.relative_to(src).as_posix()
        for line, module, name in imports_of(path, src):
            where = f"{rel}:{line}"
            root = module.split(".")[0]
            if root != top:
                allowed = CONFINED.get(root)
                if allowed is not None and not confined_ok(rel, allowed):
                    found.append(f"{where}: imports {root} (only in {', '.join(allowed)})")
                continue
            target = f"{module}.{name}" if name and is_module(f"{module}.{name}", src) else module
            edges.setdefault(me, set()).add(target)
            theirs = package_of(target)
            if name.startswith("_") and not name.startswith("__") and target == module:
                found.append(f"{where}: imports the private name {name} of {module}")
            if theirs == mine or mine in ("", "__main__"):
                continue
            if mine == "errors" or (theirs in ROOT_MODULES and mine == "model"):
                found.append(f"{where}: {mine or top} imports {target} (imports nothing of ours)")
            elif theirs not in ROOT_MODULES and theirs not in MAY_IMPORT.get(mine, set()):
                found.append(f"{where}: {mine} may not import {theirs} ({target})")
        found += [f"{rel}:{line}: {what}" for line, what in private_attributes(path, src)]
    found += [f"import cycle: {' -> '.join(c)}" for c in cycles(edges)]
    found += [f"package cycle: {' -> '.join(c)}" for c in cycles(package_edges(edges))]
    return found


def package_edges(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for a, targets in edges.items():
        for b in targets:
            pa, pb = package_of(a), package_of(b)
            if pa != pb and pa not in ROOT_MODULES and pb not in ROOT_MODULES:
                out.setdefault(pa, set()).add(pb)
    return out


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_package_keeps_its_layers() -> None:
    assert violations(SRC) == []


def test_every_module_lives_in_a_layer() -> None:
    loose = sorted(p.name for p in SRC.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "errors.py"]
    assert sorted(p.name for p in SRC.iterdir() if p.is_dir() and p.name != "__pycache__") == [
        "checks", "cli", "conflicts", "disk", "editor", "git", "ingest", "model", "render",
        "tomlstore",
    ]  # fmt: skip


def test_package_inits_say_what_they_hold_and_re_export_nothing() -> None:
    for init in SRC.rglob("__init__.py"):
        tree = ast.parse(init.read_text())
        if init.parent == SRC:
            assert [type(n).__name__ for n in tree.body] == ["Expr", "Assign"]  # the version
            continue
        assert ast.get_docstring(tree), init
        assert "May import" in ast.get_docstring(tree), init
        assert len(tree.body) == 1, f"{init}: a docstring and nothing else"


def write_tree(root: Path, files: dict[str, str]) -> Path:
    src = root / "claimledger"
    for rel, text in files.items():
        path = src / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for folder in [src, *(p for p in src.rglob("*") if p.is_dir())]:
        (folder / "__init__.py").touch()
    return src


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"model/records.py": "from claimledger.cli import main\n", "cli/main.py": ""},
            ["model/records.py:1: model may not import cli (claimledger.cli.main)"],
        ),
        (
            {"model/records.py": "def f():\n    from claimledger import errors\n", "errors.py": ""},
            ["model/records.py:2: model imports claimledger.errors (imports nothing of ours)"],
        ),
        (
            {"render/diff.py": "def f():\n    import subprocess\n"},
            ["render/diff.py:2: imports subprocess (only in git/*)"],
        ),
        (
            {"render/diff.py": "import rich\n", "render/diff_rich.py": "import rich\n"},
            ["render/diff.py:1: imports rich (only in render/*_rich.py, cli/*)"],
        ),
        (
            {"checks/scan.py": "from claimledger.checks.prose import _mentions\n"},
            ["checks/scan.py:1: imports the private name _mentions of claimledger.checks.prose"],
        ),
        (
            {
                "checks/a.py": "def f():\n    from claimledger.checks import b\n",
                "checks/b.py": "from claimledger.checks.a import f\n",
            },
            ["import cycle: claimledger.checks.a -> claimledger.checks.b"],
        ),
        (
            {
                "disk/cache.py": "x = 1\n",
                "disk/session.py": "from claimledger.disk import cache\n\ncache._write(cache.x)\n",
            },
            ["disk/session.py:3: uses the private name _write of claimledger.disk.cache"],
        ),
        (
            {
                "disk/cache.py": "from claimledger.git.revisions import git\n",
                "git/revisions.py": "",
            },
            ["disk/cache.py:1: disk may not import git (claimledger.git.revisions)"],
        ),
        (
            {"editor/hover.py": "from . import workspace\nfrom ..render import diff\n"},
            [],
        ),
    ],
)
def test_a_forbidden_import_is_caught(tmp_path: Path, files: dict[str, str], expected) -> None:
    assert violations(write_tree(tmp_path, files)) == expected


def local_imports_without_a_reason(src: Path) -> list[str]:
    """Function-local imports outside `cli/` (where every command imports what it uses, as
    cli/commands/__init__.py says) that carry no comment on or just above them."""
    found = []
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src).as_posix()
        if rel.startswith("cli/"):
            continue
        lines = path.read_text().splitlines()
        for fn in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.Import | ast.ImportFrom) and not _explained(lines, node):
                    found.append(f"{rel}:{node.lineno}")
    return found


def _explained(lines: list[str], node: ast.stmt) -> bool:
    """A comment on the import, or above it across a run of imports, blanks and comments (or
    the `if` that opens the block)."""
    if "#" in lines[node.lineno - 1]:
        return True
    i = node.lineno - 2
    while i >= 0 and node.lineno - i <= 8:
        text = lines[i].strip()
        if "#" in text:
            return True
        if not (text == "" or text.startswith(("from ", "import ", "if ")) or text == ")"):
            return False
        i -= 1
    return False


def test_function_local_imports_say_why() -> None:
    assert local_imports_without_a_reason(SRC) == []


def test_an_unexplained_local_import_is_caught(tmp_path: Path) -> None:
    src = write_tree(
        tmp_path,
        {
            "disk/a.py": "def f():\n    from claimledger.model import values\n",
            "disk/b.py": "def f():\n    # 9 ms saved\n    from claimledger.model import values\n",
            "cli/c.py": "def f():\n    from claimledger.model import values\n",
        },
    )
    assert local_imports_without_a_reason(src) == ["disk/a.py:2"]


DOC = SRC.parent.parent / "docs" / "architecture.md"


def _package_edges_now() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for _, module, name in imports_of(path, SRC):
            if module.split(".")[0] == "claimledger":
                full = f"{module}.{name}"
                target = full if name and is_module(full, SRC) else module
                edges.setdefault(module_name(path, SRC), set()).add(target)
    return package_edges(edges)


def test_the_documented_matrix_is_the_code_and_the_rule() -> None:
    rows = [line for line in DOC.read_text().splitlines() if line.startswith("| **")]
    order = [row.split("**")[1] for row in rows]
    assert order == list(MAY_IMPORT)
    actual = _package_edges_now()
    for row in rows:
        package = row.split("**")[1]
        cells = [c.strip() for c in row.split("|")[2:-1]]
        for other, cell in zip(order, cells, strict=True):
            expected = "x" if other in actual.get(package, ()) else "·"
            expected = expected if other in MAY_IMPORT[package] else ""
            assert cell == expected, (package, other)


def test_the_architecture_page_names_every_module() -> None:
    text = DOC.read_text()
    sections = {s.split("\n", 1)[0].split()[0]: s for s in text.split("\n## ")[1:]}
    for path in sorted(SRC.rglob("*.py")) + sorted(SRC.glob("*.json")):
        rel = path.relative_to(SRC)
        if path.name == "__init__.py" and rel.parent != Path("."):
            continue
        if len(rel.parts) == 1:
            assert f"`{path.name}`" in sections["Root"], rel
        else:
            section = sections[f"{rel.parts[0]}/"]
            assert f"`{Path(*rel.parts[1:]).as_posix()}`" in section, rel
