"""A persistent summary of every claim file git has stored, keyed by blob id.

A git blob id names content, so what a blob defines and refers to is valid forever: the index
is written once per blob (the first `claims diff` of a repository parses every file once) and
then only read. For each blob it holds the ids it defines per kind, the subjects its claims are
about, the sources they cite, the claims they link to (contradicts, supports, supersedes), the
claims its resolutions judge, and the line of its first merge-conflict marker.

It is a sqlite3 file in the store's cache folder (`cache.cache_dir`): a lookup reads a few
rows, so a run does not load the summary of the whole store. Nothing in it can run code when
read; a file from another format or package version is emptied and rebuilt.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimledger import __version__
from claimledger.model.records import Claim, Resolution, record_kind
from claimledger.tomlstore.parse import ParsedFile

FORMAT = "3"  # 2: CITES holds the sources claims relay (`via`) too; 3: [[review]] ids
NAME = "blobs.sqlite3"

# Relations held per blob: (rel, key) -> the blobs with such a row.
DEF = {"source": 0, "subject": 1, "claim": 2, "resolution": 3, "review": 8}  # ids, per kind
ABOUT = 4  # subject ids of its claims
CITES = 5  # source ids of its claims (their `source` and `via`)
LINKS = 6  # claim ids its claims name in contradicts / supports / supersedes
JUDGES = 7  # claim ids its resolutions name

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS blobs (id INTEGER PRIMARY KEY, oid TEXT UNIQUE NOT NULL, marker INTEGER);
CREATE TABLE IF NOT EXISTS facts (
    rel INTEGER NOT NULL, key TEXT NOT NULL, blob INTEGER NOT NULL,
    PRIMARY KEY (rel, key, blob)
) WITHOUT ROWID;
"""


def summary_rows(parsed: ParsedFile) -> Iterator[tuple[int, str]]:
    """The (rel, key) rows of one parsed file."""
    for record in parsed.records:
        yield DEF[record_kind(record)], record.id
        if isinstance(record, Claim):
            yield ABOUT, record.subject
            yield CITES, record.source
            if record.via:
                yield CITES, record.via
            for ref in (*record.contradicts, *record.supports):
                yield LINKS, ref
            if record.supersedes:
                yield LINKS, record.supersedes
        elif isinstance(record, Resolution):
            for cid in record.claims:
                yield JUDGES, cid


def marker_line(parsed: ParsedFile) -> int | None:
    """The line of the file's first merge-conflict finding (what `claims diff` refuses)."""
    return next((d.line for d in parsed.diagnostics if d.code == "merge-conflict"), None)


class BlobIndex:
    """The open index: which blobs it knows, and lookups by relation and key."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            self._prepare()
        except sqlite3.DatabaseError:
            self.db.close()
            path.unlink(missing_ok=True)  # not a database (or a damaged one): start again
            self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self._prepare()
        self.ids: dict[str, int] = dict(self.db.execute("SELECT oid, id FROM blobs"))
        self.oids: dict[int, str] = {v: k for k, v in self.ids.items()}

    def _prepare(self) -> None:
        db = self.db
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
        stamp = f"{FORMAT} {__version__}"
        row = db.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
        if row is None or row[0] != stamp:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM facts")
            db.execute("DELETE FROM blobs")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (stamp,))
            db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    def missing(self, oids: Iterable[str]) -> set[str]:
        return {oid for oid in oids if oid not in self.ids}

    def add(self, summaries: dict[str, ParsedFile]) -> None:
        """Record parsed blobs (`{oid: parsed}`) in one transaction."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            known = set(self.ids)
            for oid, parsed in summaries.items():
                if oid in known:
                    continue
                row = db.execute("SELECT id FROM blobs WHERE oid = ?", (oid,)).fetchone()
                if row is None:  # another process may have added it meanwhile
                    cur = db.execute(
                        "INSERT INTO blobs (oid, marker) VALUES (?, ?)", (oid, marker_line(parsed))
                    )
                    blob = cur.lastrowid
                    db.executemany(
                        "INSERT OR IGNORE INTO facts VALUES (?, ?, ?)",
                        ((rel, key, blob) for rel, key in set(summary_rows(parsed))),
                    )
                    row = (blob,)
                self.ids[oid] = row[0]
                self.oids[row[0]] = oid
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def lookup(self, rel: int, keys: Iterable[str]) -> set[str]:
        """The blobs holding a `rel` row for any of `keys`."""
        keys = sorted(set(keys))
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT DISTINCT blob FROM facts WHERE rel = ? AND key IN ({marks})"
            for (blob,) in self.db.execute(sql, (rel, *chunk)):
                oid = self.oids.get(blob)
                if oid is not None:
                    found.add(oid)
        return found

    def markers(self, oids: Iterable[str]) -> dict[str, int]:
        """`{oid: line}` of the given blobs holding merge-conflict markers."""
        wanted = set(oids)
        rows = self.db.execute("SELECT id, marker FROM blobs WHERE marker IS NOT NULL")
        return {self.oids[blob]: line for blob, line in rows if self.oids.get(blob) in wanted}


def open_index(folder: Path | None) -> BlobIndex | None:
    """The index in the cache folder `folder`; None when caching is off or sqlite fails."""
    if folder is None:
        return None
    try:
        return BlobIndex(folder / NAME)
    except (sqlite3.Error, OSError):
        return None
