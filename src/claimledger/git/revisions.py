"""git plumbing: revisions, files at a revision, changed paths. No GitPython.

Every call passes an argument list to `git` (no shell) and reads `-z` output, so paths with
spaces, quotes or newlines come back verbatim. Revision names are validated before use so a
name like `--output=x` can never reach git as an option.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from claimledger.checks.review_data import Side
from claimledger.disk.files import SETTINGS_FILE
from claimledger.errors import ClaimsError

WORKTREE = None  # a `Side` without a commit is the working tree


def git(top: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in `top`; a failure is a ClaimsError carrying git's own message."""
    return gits(top, args, stdin=None if stdin is None else {0: stdin})[0]


def gits(
    top: Path, *commands: tuple[str, ...], stdin: dict[int, bytes] | None = None
) -> list[bytes]:
    """Several git commands run at the same time; their outputs, in order
    (`stdin` maps a command's position to its input). A failure is a ClaimsError, as from
    `git`."""
    stdin = stdin or {}
    try:
        running = [
            subprocess.Popen(
                ["git", *args],
                cwd=top,
                stdin=subprocess.PIPE if i in stdin else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for i, args in enumerate(commands)
        ]
    except FileNotFoundError:
        raise ClaimsError("git is not installed (or not on PATH)") from None
    # Those reading input first, so they work while the others finish; every one is reaped
    # before any raise.
    order = sorted(range(len(running)), key=lambda i: i not in stdin)
    done = [(b"", b"")] * len(running)
    for i in order:
        done[i] = running[i].communicate(stdin.get(i))
    for args, proc, (_, err) in zip(commands, running, done, strict=True):
        if proc.returncode != 0:
            message = err.decode("utf-8", "replace").strip().splitlines()
            raise ClaimsError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return [out for out, _ in done]


def repo_top(start: Path) -> Path:
    """The top folder of the git work tree holding `start`."""
    try:
        out = git(start, "rev-parse", "--show-toplevel")
    except ClaimsError:
        raise ClaimsError(f"{start.as_posix()} is not inside a git repository") from None
    return Path(out.decode("utf-8").strip())


def store_folder(top: Path, root: Path) -> str:
    """The store folder as a path relative to the repository top ("claims", "data/claims")."""
    try:
        rel = root.resolve().relative_to(top.resolve())
    except ValueError:
        raise ClaimsError(f"store {root.as_posix()} is outside the git repository {top}") from None
    return rel.as_posix()


def check_rev_name(rev: str) -> None:
    """Refuse names git could read as options or that break line-based protocols."""
    if not rev or rev.startswith("-") or "\0" in rev or "\n" in rev or "\r" in rev:
        raise ClaimsError(f"invalid revision {rev!r}")


def resolve_commit(top: Path, rev: str) -> str:
    """The full commit id a revision names; unknown revisions are a ClaimsError."""
    check_rev_name(rev)
    try:
        out = git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except ClaimsError:
        raise ClaimsError(f"unknown revision {rev!r}") from None
    return out.decode("ascii").strip()


def rekey(texts: dict[str, bytes], old_base: str, new_base: str) -> dict[str, bytes]:
    """Move keys from one folder prefix to another ("claims/x.toml" -> "../claims/x.toml")."""

    def inner(path: str) -> str:
        return path[len(old_base) + 1 :] if old_base not in ("", ".") else path

    def outer(rel: str) -> str:
        return f"{new_base}/{rel}" if new_base not in ("", ".") else rel

    return {outer(inner(path)): data for path, data in texts.items()}


def tree_id(top: Path, commit: str, folder: str) -> str | None:
    """The id of the tree `folder` is at `commit`: it names every file under it by content,
    so it keys what is computed from them (one rev-parse; no listing). None when there is
    no such tree (the listing then says why)."""
    spec = f"{commit}:{folder}" if folder not in ("", ".") else f"{commit}:"
    try:
        out = git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", spec)
    except ClaimsError:
        return None
    return out.decode("ascii").strip()


def merge_base(top: Path, a: str, b: str) -> str:
    """The best common ancestor of two commit ids."""
    try:
        out = git(top, "merge-base", a, b)
    except ClaimsError:
        raise ClaimsError(f"no common ancestor of {a[:12]} and {b[:12]}") from None
    return out.decode("ascii").strip()


def resolve_range(top: Path, base: str | None, head: str | None) -> tuple[Side, Side]:
    """`[BASE [HEAD]]` as two sides; `A...B` is merge-base(A, B) to B, `A..B` is A to B."""
    base = base or "HEAD"
    for sep in ("...", ".."):
        if sep in base:
            if head is not None:
                raise ClaimsError(f"give either a range {base!r} or two revisions, not both")
            left, right = (part or "HEAD" for part in base.split(sep, 1))
            a, b = resolve_commit(top, left), resolve_commit(top, right)
            if sep == "..":
                return Side(left, a), Side(right, b)
            return Side(f"merge base of {left} and {right}", merge_base(top, a, b)), Side(right, b)
    old = Side(base, resolve_commit(top, base))
    if head is None:
        return old, Side("working tree", WORKTREE)
    return old, Side(head, resolve_commit(top, head))


def list_files(top: Path, commit: str, folder: str, label: str = "") -> dict[str, str]:
    """`{path: blob id}` of the `*.toml` files under `folder` at `commit` (paths from the top)."""
    return list_files_of(list_entries(top, commit, folder, label), folder)


def list_files_of(entries: dict[str, tuple[str, str, str]], folder: str) -> dict[str, str]:
    """`{path: blob id}` of the claim files among `list_entries`' entries."""
    blobs = [path for path, (_mode, kind, _oid) in entries.items() if kind == "blob"]
    return {path: entries[path][2] for path in claim_files(blobs, folder)}


def list_entries(
    top: Path, commit: str, folder: str, label: str = ""
) -> dict[str, tuple[str, str, str]]:
    """`{path: (mode, type, object id)}` of every entry under `folder` at `commit`."""
    out = git(top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", folder)
    if not out.strip(b"\0"):
        raise ClaimsError(f"no store folder {folder}/ at revision {label or commit[:12]}")
    # One decode and one regex pass: 100,000-claim stores list 10,400 entries.
    text = out.decode("utf-8", "surrogateescape")
    return {path: (mode, kind, oid) for mode, kind, oid, path in _LS_TREE.findall(text)}


# `ls-tree -z` entries: "<mode> SP <type> SP <object> TAB <path> NUL".
_LS_TREE = re.compile(r"([0-7]+) (\w+) ([0-9a-f]+)\t([^\0]*)\0")


def claim_files(paths: Iterable[str], folder: str) -> list[str]:
    """The claim files among `paths`, in order, as the folder reader sees them: `*.toml`
    under `folder`, in no hidden folder, not the settings file (one comprehension: a whole
    store's listing)."""
    if folder in ("", "."):
        hidden = "/."  # in a folder whose name starts with "."
        return [
            p
            for p in paths
            if p.endswith(".toml") and hidden not in "/" + p[: p.rfind("/") + 1]
            if p != SETTINGS_FILE
        ]
    cut = len(folder)  # each kept path goes on with "/" there, which the hidden-folder test uses
    settings = f"{folder}/{SETTINGS_FILE}"
    return [
        p
        for p in paths
        if p.endswith(".toml")
        and p.startswith(folder)
        and p[cut : cut + 1] == "/"
        and "/." not in p[cut : p.rfind("/") + 1]
        and p != settings
    ]


def wanted(path: str, folder: str) -> bool:
    """Whether `path` is a claim file (see `claim_files`)."""
    return bool(claim_files((path,), folder))


def read_blobs(top: Path, oids: Iterable[str]) -> dict[str, bytes]:
    """Many blobs through one `git cat-file --batch` process: `{oid: bytes}`."""
    names = sorted(set(oids))
    if not names:
        return {}
    out = git(top, "cat-file", "--batch", stdin="".join(f"{n}\n" for n in names).encode())
    blobs: dict[str, bytes] = {}
    pos = 0
    for name in names:
        eol = out.index(b"\n", pos)
        header = out[pos:eol].decode("ascii").split(" ")
        if header[-1] == "missing":
            raise ClaimsError(f"object {name} is missing from the repository")
        size = int(header[2])
        blobs[name] = out[eol + 1 : eol + 1 + size]
        pos = eol + 1 + size + 1  # the content is followed by a newline
    return blobs


def files_at(top: Path, commit: str, folder: str, label: str = "") -> dict[str, bytes]:
    """Every claim file under `folder` at `commit`: `{path: bytes}` (one cat-file process).

    Keyed by commit and folder, this is the unit a cache can hold."""
    listing = list_files(top, commit, folder, label)
    blobs = read_blobs(top, listing.values())
    return {path: blobs[oid] for path, oid in listing.items()}


def _paths(out: bytes) -> set[str]:
    return {p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p}


@dataclass(frozen=True)
class WorktreeChanges:
    """How the working tree differs from a commit under a folder (all paths, not only claim
    files): tracked paths changed or deleted, untracked paths git would add, and every
    untracked path including ignored ones (the folder reader sees those too)."""

    tracked: set[str]
    untracked: set[str]
    untracked_all: set[str]
    # Some tracked file is marked assume-unchanged or skip-worktree: git then vouches for
    # content it did not look at.
    unclean: bool = False
    # core.autocrlf is on: git may store any text file other than as it is on disk.
    autocrlf: bool = False
    # The paths given whose attributes let git store them other than as they are on disk.
    converted: frozenset[str] = frozenset()


def worktree_changes(
    top: Path, old: str, folder: str, files: Iterable[str] = ()
) -> WorktreeChanges:
    """`changed_paths(top, old, None, folder)` in parts, plus the ignored files, whether
    git's view can be trusted, and which of `files` git may store converted (see
    `_CONVERTING`); the git commands run at the same time."""
    names = sorted(files)
    tracked, untracked, everything, flags, autocrlf, attributes = gits(
        top,
        ("diff", "--no-renames", "--name-only", "-z", old, "--", folder),
        ("ls-files", "-o", "--exclude-standard", "-z", "--", folder),
        ("ls-files", "-o", "-z", "--", folder),
        ("ls-files", "-v", "-z", "--", folder),
        ("config", "--default", "", "--get", "core.autocrlf"),
        ("check-attr", "-a", "-z", "--stdin"),
        stdin={5: b"".join(n.encode("utf-8", "surrogateescape") + b"\0" for n in names)},
    )
    unclean = any(e and (e[:1].islower() or e[:1] == b"S") for e in flags.split(b"\0"))
    return WorktreeChanges(
        _paths(tracked),
        _paths(untracked),
        _paths(everything),
        unclean,
        autocrlf.strip().lower() not in (b"", b"false", b"no", b"off", b"0"),
        _with_attributes(attributes),
    )


# Attributes under which git may store a file other than as it is on disk: line-ending
# conversion (with core.autocrlf), filters, `ident`, encodings.
_CONVERTING = ("text", "eol", "crlf", "filter", "ident", "working-tree-encoding")


def _with_attributes(out: bytes) -> frozenset[str]:
    """The paths `git check-attr -a -z` output gives a converting attribute, in any state
    (`-text` too: taken as converting, to be safe). `-a` lists only the attributes a path
    has, so a store without any is answered in a few bytes: asking for the six by name wrote
    six lines per file (3 MB and 34 ms for 10,400 files, against 7 ms)."""
    fields = out.split(b"\0")
    # -z output: path NUL attribute NUL value NUL, for each attribute a path has.
    return frozenset(
        path.decode("utf-8", "surrogateescape")
        for path, attribute in zip(fields[0::3], fields[1::3], strict=False)
        if attribute.decode("utf-8", "replace") in _CONVERTING
    )


def changed_paths(top: Path, old: str, new: str | None, folder: str) -> set[str]:
    """Paths under `folder` that differ between two commits (`new` None: the working tree)."""
    if new is not None:
        out = git(
            top, "diff-tree", "-r", "-z", "--no-renames", "--name-only", old, new, "--", folder
        )
    else:
        # Tracked changes (staged or not, deletions included), then files git does not know yet.
        out = git(top, "diff", "--no-renames", "--name-only", "-z", old, "--", folder)
        out += b"\0" + git(top, "ls-files", "-o", "--exclude-standard", "-z", "--", folder)
    paths = {p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p}
    return set(claim_files(paths, folder))
