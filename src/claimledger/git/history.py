"""The history of one record: every commit that added, changed, moved or removed it.

One `git log --raw` lists the commits touching the store with the blobs before and after each
changed file; one `git cat-file --batch` reads those blobs. A record is found by kind and id
in the changed files on each side of a commit, so it is followed across files.
Merge commits are skipped: the commits they bring in are listed themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from claimledger.checks.changes import field_changes
from claimledger.checks.review_data import Commit, FileChange, HistoryEntry, split_key
from claimledger.errors import ClaimsError
from claimledger.git.revisions import git, read_blobs, wanted
from claimledger.model.records import Record, Subject, record_kind
from claimledger.model.values import plain
from claimledger.tomlstore.parse import parse_file

NULL_OID = "0" * 40
LOG_FORMAT = "%x01%H%x1f%as%x1f%an%x1f%s"  # %h would be unabbreviated by --no-abbrev


def store_log(top: Path, folder: str) -> list[tuple[Commit, list[FileChange]]]:
    """Non-merge commits touching `folder`, oldest first, with their changed claim files."""
    out = git(
        top, "log", "--no-merges", "--reverse", "--raw", "-z", "--no-renames", "--no-abbrev",
        f"--format={LOG_FORMAT}", "--end-of-options", "HEAD", "--", folder,
    )  # fmt: skip
    found = []
    for chunk in out.split(b"\x01")[1:]:
        header, _, raw = chunk.partition(b"\0")
        full, date, author, subject = header.decode("utf-8", "replace").split("\x1f", 3)
        commit = Commit(full, full[:7], date, author, subject)
        found.append((commit, _raw_entries(raw, folder)))
    return found


def _raw_entries(raw: bytes, folder: str) -> list[FileChange]:
    """`:mode mode old new status NUL path NUL` entries of `git log --raw -z`."""
    items = raw.lstrip(b"\n").split(b"\0")
    changes = []
    for meta, path_b in zip(items[::2], items[1::2], strict=False):
        if not meta.startswith(b":"):
            continue
        _, _, old, new, _status = meta.decode("ascii").split(" ")
        path = path_b.decode("utf-8", "surrogateescape")
        if wanted(path, folder):
            changes.append(
                FileChange(path, None if old == NULL_OID else old, None if new == NULL_OID else new)
            )
    return changes


def find_record(path: str, data: bytes, kind: str | None, rid: str) -> Record | None:
    """The record with this id (and kind, when given) in one file version."""
    if rid.encode() not in data:  # cheap: most file versions never mention the id
        return None
    for record in parse_file(path, data).records:
        if record.id == rid and kind in (None, record_kind(record)):
            return record
    return None


def record_history(
    top: Path, folder: str, key: str, subjects: Mapping[str, Subject]
) -> list[HistoryEntry]:
    """Every commit that changed the record named `key` (`id` or `kind:id`), oldest first."""
    kind, rid = split_key(key)
    log = store_log(top, folder)
    blobs = read_blobs(top, {o for _, fcs in log for fc in fcs for o in (fc.old, fc.new) if o})
    entries = []
    for commit, files in log:
        before = _first(files, blobs, kind, rid, old=True)
        after = _first(files, blobs, kind, rid, old=False)
        entry = _entry(commit, before, after, subjects)
        if entry:
            entries.append(entry)
    if not entries:
        raise ClaimsError(f"no record {key!r} in the history of {folder}/")
    return entries


def _first(
    files: list[FileChange], blobs: dict[str, bytes], kind: str | None, rid: str, old: bool
) -> Record | None:
    for fc in files:
        oid = fc.old if old else fc.new
        found = find_record(fc.path, blobs[oid], kind, rid) if oid else None
        if found:
            return found
    return None


def _entry(
    commit: Commit, before: Record | None, after: Record | None, subjects: Mapping[str, Subject]
) -> HistoryEntry | None:
    if before is None and after is None:
        return None
    kind = record_kind(before or after)  # type: ignore[arg-type]
    if before is not None and after is not None:
        if plain(dict(before.table)) == plain(dict(after.table)):
            if before.origin.file == after.origin.file:
                return None  # reformatted or a comment changed: not a change of the record
            return HistoryEntry(commit, "moved", kind, before, after, ())
        change = "changed"
    else:
        change = "added" if before is None else "removed"
    return HistoryEntry(
        commit, change, kind, before, after, field_changes(before, after, subjects, subjects)
    )


def file_commits(top: Path, folder: str, keep: int = 20) -> dict[str, tuple[int, list[Commit]]]:
    """Per claim file (its path under `folder`): how many commits changed it and the latest
    `keep` of them, newest first. One `git log` pass, whatever the number of files, so a
    site of 100,000 claims pays for its history once (`claims site`)."""
    prefix = folder.rstrip("/") + "/" if folder not in ("", ".") else ""
    found: dict[str, tuple[int, list[Commit]]] = {}
    for commit, changes in store_log(top, folder):
        for change in changes:
            path = change.path[len(prefix) :] if change.path.startswith(prefix) else change.path
            count, commits = found.get(path, (0, []))
            commits.append(commit)
            found[path] = (count + 1, commits[-keep:])
    return {path: (count, commits[::-1]) for path, (count, commits) in found.items()}
